import { Injectable, type OnModuleInit } from '@nestjs/common';
import { TOPICS, type IntegrationEnvelope, type StreamCheckpointV1 } from '@cp/contracts';
import { checkpointDigest, type Sql } from '@cp/event-store';
import { MessagingLifecycle } from '@cp/platform';

export const CHECKPOINT_CONSUMER = 'integrity';

/**
 * Keeps every checkpoint intake and casework publish, with whether its digest recomputes. A checkpoint
 * whose digest is wrong is kept too (flagged): it is evidence, and the comparisons skip its heads.
 * Idempotent by event id and by digest.
 */
@Injectable()
export class CheckpointProjection implements OnModuleInit {
  constructor(private readonly messaging: MessagingLifecycle) {}

  onModuleInit(): void {
    this.messaging.consume(CHECKPOINT_CONSUMER, [TOPICS.integrityCheckpoints], (env, ctx) =>
      this.apply(env, ctx.sql),
    );
  }

  async apply(env: IntegrationEnvelope, sql: Sql): Promise<void> {
    if (env.type !== 'StreamCheckpoint') return;
    const cp = parseCheckpoint(env.data);
    const verifies = checkpointDigest(cp.previousDigest, cp) === cp.digest;
    const inserted: unknown[] = await sql.query(
      `INSERT INTO rm_integrity_checkpoints (event_id, producer, sequence, at, previous_digest, digest,
         digest_verifies, heads_count)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [env.eventId, cp.producer, cp.sequence, cp.at, cp.previousDigest, cp.digest, verifies, cp.heads.length],
    );
    if (inserted.length === 0) return;
    await sql.query(
      `INSERT INTO rm_integrity_heads (stream_id, checkpoint_event_id, version, hash)
       SELECT s, $1, v, h FROM unnest($2::text[], $3::int[], $4::text[]) AS x(s, v, h)
       ON CONFLICT DO NOTHING`,
      [
        env.eventId,
        cp.heads.map((h) => h.streamId),
        cp.heads.map((h) => h.version),
        cp.heads.map((h) => h.hash),
      ],
    );
  }
}

/** The checkpoint in a message, or an error naming what is wrong (the consumer dead-letters it). */
export function parseCheckpoint(data: unknown): StreamCheckpointV1 {
  const d = (data ?? {}) as Partial<StreamCheckpointV1>;
  const problems: string[] = [];
  if (d.producer !== 'intake' && d.producer !== 'casework') problems.push('producer');
  if (!Number.isInteger(d.sequence) || (d.sequence ?? 0) < 1) problems.push('sequence');
  if (typeof d.at !== 'string' || Number.isNaN(Date.parse(d.at))) problems.push('at');
  if (typeof d.previousDigest !== 'string') problems.push('previousDigest');
  if (typeof d.digest !== 'string') problems.push('digest');
  const headsOk =
    Array.isArray(d.heads) &&
    d.heads.every(
      (h) =>
        typeof h?.streamId === 'string' &&
        Number.isInteger(h.version) &&
        h.version >= 0 &&
        typeof h.hash === 'string',
    );
  if (!headsOk) problems.push('heads');
  if (problems.length) throw new Error(`not a StreamCheckpointV1: bad ${problems.join(', ')}`);
  return d as StreamCheckpointV1;
}
