import { createHash } from 'node:crypto';
import type { CheckpointFaultV1, StreamCheckpointV1 } from '@cp/contracts';
import { signCheckpoint, type CheckpointKey } from './checkpoint-signing';
import type { EventStore } from './event-store';
import { GENESIS_HASH, canonicalJson } from './hash';
import type { OutboxMessage } from './types';

/** Advisory-lock key of the checkpoint publisher: one instance per database publishes at a time. */
export const CHECKPOINT_LOCK_KEY = 7_110_222;

/** Most heads in one checkpoint: a head is ~120 bytes of JSON, so a message stays far below Kafka's 1 MB. */
export const MAX_CHECKPOINT_HEADS = 2000;

export type CheckpointHead = StreamCheckpointV1['heads'][number];
export type CheckpointContent = Omit<StreamCheckpointV1, 'previousDigest' | 'digest' | 'keyId' | 'signature'>;

/**
 * The digest of a checkpoint, chained to the previous one: altering, removing or reordering a published
 * checkpoint breaks every digest after it. It covers the sequence and time too, not only the heads, and
 * the faults the producer reported (when it reported any: older checkpoints keep their digest).
 */
export function checkpointDigest(previousDigest: string, content: CheckpointContent): string {
  return createHash('sha256')
    .update(previousDigest)
    .update('\n')
    .update(
      canonicalJson({
        producer: content.producer,
        sequence: content.sequence,
        at: content.at,
        heads: content.heads,
        faults: content.faults?.length ? content.faults : undefined,
      }),
    )
    .digest('hex');
}

/** A stream whose history no longer contains the head this service published for it. */
export interface RewrittenStream {
  streamId: string;
  published: { version: number; hash: string };
  now: { version: number; hash: string };
}

export interface RecordedCheckpoint {
  checkpoint: StreamCheckpointV1;
  rewritten: RewrittenStream[];
  /** More changed heads are waiting than fitted in this checkpoint: record another one now. */
  more: boolean;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows of raw SQL are untyped
type Row = Record<string, any>;

/**
 * Records the next checkpoint — the heads that changed since the last one, and the faults given — and
 * writes it to the outbox, in one transaction under an advisory lock (another instance doing the same
 * meanwhile skips). Returns null when the lock is taken elsewhere or there is nothing to publish. With a
 * key, the checkpoint is signed (its digest, which covers the previous one's).
 *
 * Changes are found by comparing every head with the published one, never by a "highest position
 * seen" (an event committed late would be skipped, event-sourcing rule 6). A stream whose events were
 * all deleted is published with version 0 and the genesis hash. A stream published before carries what
 * it now holds at the version published last (`previous`), so a rewrite under a published head shows
 * even when the stream grew since.
 */
export async function recordCheckpoint(
  store: EventStore,
  opts: {
    producer: StreamCheckpointV1['producer'];
    at: string;
    message: (checkpoint: StreamCheckpointV1) => OutboxMessage;
    maxHeads?: number;
    key?: CheckpointKey;
    faults?: CheckpointFaultV1[];
  },
): Promise<RecordedCheckpoint | null> {
  const maxHeads = opts.maxHeads ?? MAX_CHECKPOINT_HEADS;
  const faults = opts.faults ?? [];
  const recorded = await store.transaction(async (sql) => {
    const [{ locked }]: Row[] = await sql.query(`SELECT pg_try_advisory_xact_lock($1) AS locked`, [
      CHECKPOINT_LOCK_KEY,
    ]);
    if (!locked) return null;
    const changed: Row[] = await sql.query(CHANGED_HEADS_SQL, [GENESIS_HASH, maxHeads + 1]);
    if (changed.length === 0 && faults.length === 0) return null;
    const batch = changed.slice(0, maxHeads);
    const heads: CheckpointHead[] = batch.map((r) => ({
      streamId: r.stream_id,
      version: Number(r.version),
      hash: String(r.hash).trim(),
      ...(r.published_version !== null && r.published_version !== undefined && Number(r.published_version) > 0
        ? {
            previous: {
              version: Number(r.published_version),
              hash: r.hash_at_published === null ? null : String(r.hash_at_published).trim(),
            },
          }
        : {}),
    }));
    const [last]: Row[] = await sql.query(
      `SELECT sequence, digest FROM es_checkpoints ORDER BY sequence DESC LIMIT 1`,
    );
    const content: CheckpointContent = {
      producer: opts.producer,
      sequence: last ? Number(last.sequence) + 1 : 1,
      at: new Date(opts.at).toISOString(),
      heads,
      ...(faults.length ? { faults } : {}),
    };
    const previousDigest = last ? String(last.digest) : GENESIS_HASH;
    const digest = checkpointDigest(previousDigest, content);
    const checkpoint: StreamCheckpointV1 = {
      ...content,
      previousDigest,
      digest,
      ...(opts.key ? signCheckpoint(digest, opts.key) : {}),
    };
    const message = opts.message(checkpoint);
    await sql.query(
      `INSERT INTO es_checkpoints (sequence, producer, at, heads, faults, previous_digest, digest, event_id,
         key_id, signature)
       VALUES ($1, $2, $3, $4::jsonb, $5::jsonb, $6, $7, $8, $9, $10)`,
      [
        checkpoint.sequence,
        checkpoint.producer,
        checkpoint.at,
        JSON.stringify(heads),
        faults.length ? JSON.stringify(faults) : null,
        previousDigest,
        checkpoint.digest,
        message.eventId,
        checkpoint.keyId ?? null,
        checkpoint.signature ?? null,
      ],
    );
    if (heads.length > 0) {
      await sql.query(
        `INSERT INTO es_checkpoint_heads (stream_id, version, hash, sequence)
         SELECT s, v, h, $4 FROM unnest($1::text[], $2::int[], $3::text[]) AS x(s, v, h)
         ON CONFLICT (stream_id) DO UPDATE SET version = excluded.version, hash = excluded.hash,
           sequence = excluded.sequence`,
        [
          heads.map((h) => h.streamId),
          heads.map((h) => h.version),
          heads.map((h) => h.hash),
          checkpoint.sequence,
        ],
      );
    }
    await store.enqueue([message], sql);
    return { checkpoint, rewritten: batch.filter(isRewrite).map(toRewrite), more: changed.length > maxHeads };
  });
  if (recorded) store.notifyOutboxWritten();
  return recorded;
}

/**
 * Heads that differ from the published ones, with what was published and what the stream now holds at
 * the published version (`hash_at_published`): when that differs from the published hash, the history
 * under a published head was altered or deleted.
 */
const CHANGED_HEADS_SQL = `
WITH heads AS (
  SELECT DISTINCT ON (stream_id) stream_id, stream_version AS version, hash
  FROM es_events ORDER BY stream_id, stream_version DESC
)
SELECT coalesce(h.stream_id, p.stream_id) AS stream_id,
       coalesce(h.version, 0) AS version,
       coalesce(h.hash, $1) AS hash,
       p.version AS published_version,
       p.hash AS published_hash,
       (SELECT e.hash FROM es_events e WHERE e.stream_id = p.stream_id AND e.stream_version = p.version)
         AS hash_at_published
FROM heads h FULL JOIN es_checkpoint_heads p ON p.stream_id = h.stream_id
WHERE p.stream_id IS NULL
   OR (h.stream_id IS NULL AND p.version > 0)
   OR h.version <> p.version
   OR h.hash <> p.hash
ORDER BY 1
LIMIT $2`;

function isRewrite(r: Row): boolean {
  if (r.published_version === null || r.published_version === undefined) return false;
  if (Number(r.published_version) === 0) return false;
  return (
    r.hash_at_published === null || String(r.hash_at_published).trim() !== String(r.published_hash).trim()
  );
}

function toRewrite(r: Row): RewrittenStream {
  return {
    streamId: r.stream_id,
    published: { version: Number(r.published_version), hash: String(r.published_hash).trim() },
    now: { version: Number(r.version), hash: String(r.hash).trim() },
  };
}

/**
 * Re-verifies the streams that come after `after` in stream-id order, at most `limit` of them: every
 * hash, and every subject key their sealed fields use (`EventStore.verifyStream`). Returns what failed and
 * where to go on from (null: the end of the store was reached, start again from the beginning). A store
 * that is re-verified continuously finds an event edited in place, a recorded_at changed or a key deleted
 * without anyone asking about that stream.
 */
export async function verifyNextStreams(
  store: EventStore,
  after: string,
  limit: number,
): Promise<{ faults: CheckpointFaultV1[]; streams: number; next: string | null }> {
  const rows: Row[] = await store.sql.query(
    `SELECT DISTINCT stream_id FROM es_events WHERE stream_id > $1 ORDER BY stream_id LIMIT $2`,
    [after, limit],
  );
  const faults: CheckpointFaultV1[] = [];
  for (const { stream_id: streamId } of rows) {
    const result = await store.verifyStream(String(streamId));
    if (!result.ok) {
      faults.push({
        streamId: result.streamId,
        version: result.firstBroken.streamVersion,
        eventId: result.firstBroken.eventId,
        reason: result.firstBroken.reason,
      });
    }
  }
  const next = rows.length < limit ? null : String(rows[rows.length - 1].stream_id);
  return { faults, streams: rows.length, next };
}
