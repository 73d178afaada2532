import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import type { StreamCheckpointV1 } from '@cp/contracts';
// Test infrastructure only (the tag rules forbid data-access → testing for production code).
import { pastAppendOnlyTrigger, createTestDatabase, uniqueName, workerEventMetadata } from '@cp/testing';
import {
  checkpointSignatureVerifies,
  developmentCheckpointKey,
  parseCheckpointSigningKey,
} from './checkpoint-signing';
import { CHECKPOINT_LOCK_KEY, checkpointDigest, recordCheckpoint, verifyNextStreams } from './checkpoints';
import { EventStore } from './event-store';
import { GENESIS_HASH } from './hash';
import { EventStore1763900000000 } from './migrations/1763900000000-event-store';
import { Checkpoints1763900000200 } from './migrations/1763900000200-checkpoints';
import type { NewEvent, OutboxMessage } from './types';

// Rule 10 against a real PostgreSQL: every outbox message of an appended event carries the event's place
// in its chain, and checkpoints publish exactly the heads that changed, chained by digest, noticing
// heads that were altered or deleted under them.

jest.setTimeout(30000);

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let ds: DataSource;
let store: EventStore;

beforeAll(async () => {
  db = await createTestDatabase('checkpoints');
  ds = await db.migrated([EventStore1763900000000, Checkpoints1763900000200]);
  store = new EventStore(ds);
});

afterAll(async () => {
  if (ds?.isInitialized) await ds.destroy();
  await db?.drop();
});

const ev = (n: number): NewEvent => ({
  eventId: randomUUID(),
  type: 'Counted',
  data: { n },
  metadata: workerEventMetadata(),
  occurredAt: '2026-01-01T08:00:00.000Z',
});

const envelopeOf = (e: NewEvent, topic = 't.counted'): OutboxMessage => ({
  eventId: e.eventId,
  topic,
  key: 'k',
  payload: { eventId: e.eventId, type: e.type, data: e.data },
});

async function append(stream: string, count: number, expectedVersion: number) {
  const events = Array.from({ length: count }, (_, i) => ev(expectedVersion + i + 1));
  const result = await store.append(stream, events, {
    expectedVersion,
    streamType: 'counter',
    outbox: events.map((e) => envelopeOf(e)),
  });
  return { events, result };
}

async function checkpoint(maxHeads?: number, more: Partial<Parameters<typeof recordCheckpoint>[1]> = {}) {
  return recordCheckpoint(store, {
    producer: 'casework',
    at: new Date().toISOString(),
    maxHeads,
    ...more,
    message: (cp: StreamCheckpointV1) => {
      const eventId = randomUUID();
      return { eventId, topic: 't.checkpoints', key: 'casework', payload: { eventId, data: cp } };
    },
  });
}

/** Drains what changed so far, so a test sees only its own changes. */
async function settle(): Promise<void> {
  while ((await checkpoint()) !== null) {
    // keep recording until nothing is left
  }
}

/** As the owner of the tables would, past the append-only trigger (what the hash chain is for). */
function asIntruder(sql: string, params: unknown[]): Promise<void> {
  return pastAppendOnlyTrigger(db.url, sql, params);
}

describe('append', () => {
  it('puts each event’s stream, version and hashes on the outbox messages derived from it', async () => {
    const stream = uniqueName('case');
    const first = await append(stream, 2, 0);
    const later = ev(3);
    const unrelated: OutboxMessage = { eventId: randomUUID(), topic: 't.other', key: 'k', payload: { x: 1 } };
    const second = await store.append(stream, [later], {
      expectedVersion: 2,
      streamType: 'counter',
      outbox: [envelopeOf(later), unrelated],
    });
    const rows: Array<{ event_id: string; payload: Record<string, unknown> }> = await ds.query(
      `SELECT event_id, payload FROM es_outbox WHERE event_id = ANY($1::uuid[]) ORDER BY id`,
      [[...first.events.map((e) => e.eventId), later.eventId, unrelated.eventId]],
    );
    const hashes = [...first.result.events, ...second.events].map((e) => e.hash);
    expect(rows.map((r) => r.payload.integrity)).toEqual([
      { streamId: stream, streamVersion: 1, hash: hashes[0], prevHash: GENESIS_HASH },
      { streamId: stream, streamVersion: 2, hash: hashes[1], prevHash: hashes[0] },
      { streamId: stream, streamVersion: 3, hash: hashes[2], prevHash: hashes[1] },
      undefined,
    ]);
    // The rest of the envelope is as the caller wrote it.
    expect(rows[2].payload).toMatchObject({ eventId: later.eventId, type: 'Counted', data: { n: 3 } });
    expect(rows[3].payload).toEqual({ x: 1 });
  });
});

describe('verifyStream with the chain', () => {
  it('lists every stored event’s links, read with the verification, and only when asked', async () => {
    const stream = uniqueName('case');
    const { events, result } = await append(stream, 3, 0);
    expect(await store.verifyStream(stream)).not.toHaveProperty('chain');
    const verified = await store.verifyStream(stream, undefined, { chain: true });
    expect(verified).toMatchObject({ ok: true, events: 3, headHash: result.events[2].hash });
    expect(verified.chain).toEqual(
      events.map((e, i) => ({
        version: i + 1,
        eventId: e.eventId,
        hash: result.events[i].hash,
        prevHash: i === 0 ? GENESIS_HASH : result.events[i - 1].hash,
      })),
    );
  });
});

describe('recordCheckpoint', () => {
  it('publishes the heads that changed, chained by digest, and nothing when none did', async () => {
    await settle();
    const a = uniqueName('case-a');
    const b = uniqueName('case-b');
    const ra = await append(a, 2, 0);
    const rb = await append(b, 1, 0);
    const first = await checkpoint();
    expect(first).not.toBeNull();
    const cp1 = first!.checkpoint;
    expect(cp1.heads).toEqual(
      [
        { streamId: a, version: 2, hash: ra.result.events[1].hash },
        { streamId: b, version: 1, hash: rb.result.events[0].hash },
      ].sort((x, y) => (x.streamId < y.streamId ? -1 : 1)),
    );
    expect(first!.rewritten).toEqual([]);
    expect(cp1.digest).toBe(checkpointDigest(cp1.previousDigest, cp1));

    // Nothing changed: no checkpoint, no outbox row.
    const outboxBefore = await outboxCount();
    expect(await checkpoint()).toBeNull();
    expect(await outboxCount()).toBe(outboxBefore);

    // One stream moved: only its head, linked to the previous checkpoint.
    const more = await append(a, 1, 2);
    const second = (await checkpoint())!.checkpoint;
    // With what the stream holds now at the version published before: unchanged, as nobody rewrote it.
    expect(second.heads).toEqual([
      {
        streamId: a,
        version: 3,
        hash: more.result.events[0].hash,
        previous: { version: 2, hash: ra.result.events[1].hash },
      },
    ]);
    expect(second).toMatchObject({ sequence: cp1.sequence + 1, previousDigest: cp1.digest });
    expect(second.digest).toBe(checkpointDigest(cp1.digest, second));

    // What was published is kept, and the outbox row carries it under the message's id.
    const [kept] = await ds.query(`SELECT * FROM es_checkpoints WHERE sequence = $1`, [second.sequence]);
    expect(kept).toMatchObject({ digest: second.digest, heads: second.heads, producer: 'casework' });
    const [row] = await ds.query(`SELECT * FROM es_outbox WHERE event_id = $1`, [kept.event_id]);
    expect(row).toMatchObject({ topic: 't.checkpoints', message_key: 'casework' });
    expect(row.payload.data).toEqual(second);
  });

  it('notices a head that was altered or deleted under a published checkpoint, and publishes what is there now', async () => {
    await settle();
    const altered = uniqueName('case-altered');
    const shortened = uniqueName('case-shortened');
    const emptied = uniqueName('case-emptied');
    const ra = await append(altered, 2, 0);
    const rs = await append(shortened, 3, 0);
    await append(emptied, 1, 0);
    await settle();

    await asIntruder(`UPDATE es_events SET hash = $2 WHERE stream_id = $1 AND stream_version = 2`, [
      altered,
      'f'.repeat(64),
    ]);
    await asIntruder(`DELETE FROM es_events WHERE stream_id = $1 AND stream_version = 3`, [shortened]);
    await asIntruder(`DELETE FROM es_events WHERE stream_id = $1`, [emptied]);

    const recorded = (await checkpoint())!;
    const byStream = new Map(recorded.checkpoint.heads.map((h) => [h.streamId, h]));
    expect(byStream.get(altered)).toEqual({
      streamId: altered,
      version: 2,
      hash: 'f'.repeat(64),
      previous: { version: 2, hash: 'f'.repeat(64) },
    });
    // The version published before is gone: `previous` says so, signed, for whoever holds the earlier head.
    expect(byStream.get(shortened)).toEqual({
      streamId: shortened,
      version: 2,
      hash: rs.result.events[1].hash,
      previous: { version: 3, hash: null },
    });
    expect(byStream.get(emptied)).toEqual({
      streamId: emptied,
      version: 0,
      hash: GENESIS_HASH,
      previous: { version: 1, hash: null },
    });
    expect(recorded.rewritten.map((r) => [r.streamId, r.published.version, r.now.version]).sort()).toEqual(
      [
        [altered, 2, 2],
        [emptied, 1, 0],
        [shortened, 3, 2],
      ].sort(),
    );
    expect(recorded.rewritten.find((r) => r.streamId === altered)?.published.hash).toBe(
      ra.result.events[1].hash,
    );
    // Published once: the emptied stream is not published again and again.
    expect(await checkpoint()).toBeNull();
  });

  it('splits many changed heads over several checkpoints', async () => {
    await settle();
    const streams = Array.from({ length: 5 }, () => uniqueName('case-many'));
    for (const s of streams) await append(s, 1, 0);
    const one = await checkpoint(2);
    const two = await checkpoint(2);
    const three = await checkpoint(2);
    expect([one!.more, two!.more, three!.more]).toEqual([true, true, false]);
    expect([one, two, three].flatMap((r) => r!.checkpoint.heads.map((h) => h.streamId)).sort()).toEqual(
      [...streams].sort(),
    );
    expect(await checkpoint(2)).toBeNull();
  });

  it('lets one instance record at a time: another one holding the lock means this one skips', async () => {
    await settle();
    await append(uniqueName('case-locked'), 1, 0);
    const other = new Client({ connectionString: db.url });
    await other.connect();
    try {
      await other.query('SELECT pg_advisory_lock($1)', [CHECKPOINT_LOCK_KEY]);
      expect(await checkpoint()).toBeNull();
      await other.query('SELECT pg_advisory_unlock($1)', [CHECKPOINT_LOCK_KEY]);
      expect(await checkpoint()).not.toBeNull();
    } finally {
      await other.end();
    }
  });

  it('never publishes one change twice when instances race', async () => {
    await settle();
    await append(uniqueName('case-race'), 1, 0);
    const results = await Promise.all([checkpoint(), checkpoint(), checkpoint()]);
    expect(results.filter((r) => r !== null)).toHaveLength(1);
  });
});

async function outboxCount(): Promise<number> {
  const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM es_outbox`);
  return n;
}

describe('signed checkpoints and faults', () => {
  it('signs the digest with the service key: the public key verifies it, another key or digest does not', async () => {
    await settle();
    await append(uniqueName('case-signed'), 1, 0);
    const key = developmentCheckpointKey('casework');
    const { checkpoint: cp } = (await checkpoint(undefined, { key }))!;
    expect(cp.keyId).toBe(key.keyId);
    expect(checkpointSignatureVerifies(cp.digest, cp.signature, key.publicKey)).toBe(true);
    expect(checkpointSignatureVerifies(cp.previousDigest, cp.signature, key.publicKey)).toBe(false);
    expect(
      checkpointSignatureVerifies(cp.digest, cp.signature, developmentCheckpointKey('intake').publicKey),
    ).toBe(false);
    const [kept] = await ds.query(`SELECT key_id, signature FROM es_checkpoints WHERE sequence = $1`, [
      cp.sequence,
    ]);
    expect(kept).toEqual({ key_id: key.keyId, signature: cp.signature });
    // A key given as its 32-byte seed, base64, is the same key.
    const seed = key.privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(16).toString('base64');
    expect(parseCheckpointSigningKey(seed).keyId).toBe(key.keyId);
  });

  it('records a checkpoint for faults alone, and its digest covers them', async () => {
    await settle();
    const faults = [{ streamId: 'case-x', version: 2, eventId: null, reason: 'hash_mismatch' }];
    const { checkpoint: cp } = (await checkpoint(undefined, { faults }))!;
    expect(cp).toMatchObject({ heads: [], faults });
    expect(cp.digest).toBe(checkpointDigest(cp.previousDigest, cp));
    expect(cp.digest).not.toBe(checkpointDigest(cp.previousDigest, { ...cp, faults: [] }));
    const [kept] = await ds.query(`SELECT faults FROM es_checkpoints WHERE sequence = $1`, [cp.sequence]);
    expect(kept.faults).toEqual(faults);
  });

  it('re-verifies the store a batch of streams at a time, going round, and names what fails', async () => {
    const broken = uniqueName('zz-case-broken');
    const fine = uniqueName('zz-case-fine');
    await append(broken, 2, 0);
    await append(fine, 1, 0);
    await asIntruder(`UPDATE es_events SET data = '{"n": 99}' WHERE stream_id = $1 AND stream_version = 2`, [
      broken,
    ]);
    const seen: string[] = [];
    let from = '';
    const faults = [];
    for (let round = 0; round < 1000; round++) {
      const batch = await verifyNextStreams(store, from, 3);
      faults.push(...batch.faults);
      if (batch.next === null) break;
      seen.push(batch.next);
      from = batch.next;
    }
    expect(seen).toEqual([...seen].sort());
    expect(faults).toContainEqual({
      streamId: broken,
      version: 2,
      eventId: expect.any(String),
      reason: 'hash_mismatch',
    });
    expect(faults.map((f) => f.streamId)).not.toContain(fine);
  });
});
