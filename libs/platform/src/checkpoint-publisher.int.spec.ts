import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { TOPICS, type IntegrationEnvelope, type StreamCheckpointV1 } from '@cp/contracts';
import {
  EventStore,
  GENESIS_HASH,
  checkpointDigest,
  checkpointSignatureVerifies,
  developmentCheckpointKey,
  type NewEvent,
} from '@cp/event-store';
import type { Logger } from '@cp/observability';
import {
  createTestDatabase,
  eventually,
  pastAppendOnlyTrigger,
  uniqueName,
  workerEventMetadata,
} from '@cp/testing';
import { CheckpointPublisher } from './checkpoint-publisher';
import type { ServiceConfig } from './config';
import { openDatabase } from './database';
import type { MessagingLifecycle } from './messaging.lifecycle';

// The checkpoint publisher against a real PostgreSQL with the migrations every service runs, working as
// the restricted application role as the services do: what it writes to the outbox (Kafka is the relay's
// business, tested in libs/messaging and end to end).

jest.setTimeout(30000);

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let ds: DataSource;
let store: EventStore;
const errors: Array<{ obj: Record<string, unknown>; msg: string }> = [];
const logger = {
  info: () => undefined,
  warn: () => undefined,
  error: (obj: Record<string, unknown>, msg: string) => errors.push({ obj, msg }),
} as unknown as Logger;
const publishers: CheckpointPublisher[] = [];

beforeAll(async () => {
  db = await createTestDatabase('checkpoint_publisher');
  ds = await openDatabase({ url: db.appUrl, migrationUrl: db.url }, [], 10);
  store = new EventStore(ds);
});

afterAll(async () => {
  for (const p of publishers) await p.onApplicationShutdown();
  await ds?.destroy();
  await db?.drop();
});

const key = developmentCheckpointKey('casework');

function publisher(checkpointMs = 60_000, checkpointVerifyStreams = 0): CheckpointPublisher {
  const config = {
    service: 'casework',
    checkpointMs,
    checkpointKey: key,
    checkpointVerifyStreams,
  } as ServiceConfig;
  const messaging = { producesTo: jest.fn() } as unknown as MessagingLifecycle;
  const p = new CheckpointPublisher(config, logger, store, messaging);
  publishers.push(p);
  return p;
}

const ev = (): NewEvent => ({
  eventId: randomUUID(),
  type: 'CaseNoted',
  data: { note: 'x' },
  metadata: workerEventMetadata(),
  occurredAt: '2026-01-01T08:00:00.000Z',
});

async function appendTo(stream: string, expectedVersion: number, n = 1) {
  return store.append(
    stream,
    Array.from({ length: n }, () => ev()),
    { expectedVersion, streamType: 'case' },
  );
}

/** Someone with the owner's access to the database, past the append-only trigger. */
function asOwner(sql: string, params: unknown[]): Promise<void> {
  return pastAppendOnlyTrigger(db.url, sql, params);
}

async function checkpointRows(): Promise<
  Array<{
    payload: IntegrationEnvelope<'StreamCheckpoint', StreamCheckpointV1>;
    topic: string;
    message_key: string;
  }>
> {
  return ds.query(
    `SELECT o.payload, o.topic, o.message_key FROM es_outbox o
     JOIN es_checkpoints c ON c.event_id = o.event_id ORDER BY c.sequence`,
  );
}

it('registers the checkpoint topic and writes each checkpoint to the outbox as an integration event', async () => {
  const p = publisher();
  p.onModuleInit();
  const stream = uniqueName('case');
  const appended = await appendTo(stream, 0, 2);

  const [cp] = await p.publishChanged(new Date('2026-02-01T00:00:00.000Z'));
  expect(cp).toMatchObject({ producer: 'casework', sequence: 1, previousDigest: GENESIS_HASH });
  expect(cp.heads).toContainEqual({ streamId: stream, version: 2, hash: appended.events[1].hash });
  expect(cp.digest).toBe(checkpointDigest(GENESIS_HASH, cp));
  expect(cp.keyId).toBe(key.keyId);
  expect(checkpointSignatureVerifies(cp.digest, cp.signature, key.publicKey)).toBe(true);

  const rows = await checkpointRows();
  expect(rows).toHaveLength(1);
  // casework's own topic: only casework may write it, so the topic says whose checkpoint it is.
  expect(rows[0]).toMatchObject({ topic: TOPICS.caseworkIntegrityCheckpoints, message_key: 'casework' });
  expect(rows[0].payload).toMatchObject({
    type: 'StreamCheckpoint',
    schemaVersion: 1,
    producer: 'casework',
    aggregateId: 'casework',
    aggregateVersion: 1,
    occurredAt: '2026-02-01T00:00:00.000Z',
    actor: { id: 'system:checkpoint-publisher', roles: ['system'], unit: null },
    data: cp,
  });
  // A checkpoint is not a stored event: it carries no chain position of its own.
  expect(rows[0].payload.integrity).toBeUndefined();

  // Nothing changed since: nothing is published.
  expect(await p.publishChanged()).toEqual([]);
  expect(await checkpointRows()).toHaveLength(1);
});

it('runs every CHECKPOINT_MS in every instance, and still publishes each change once, in one chain', async () => {
  const a = publisher(50);
  const b = publisher(50);
  a.onApplicationBootstrap();
  b.onApplicationBootstrap();
  const streams = Array.from({ length: 6 }, () => uniqueName('case-tick'));
  for (const s of streams) {
    await appendTo(s, 0);
    await new Promise((r) => setTimeout(r, 20));
  }
  const rows = await eventually(
    async () => {
      const all = await checkpointRows();
      const covered = new Set(all.flatMap((r) => r.payload.data.heads.map((h) => h.streamId)));
      return streams.every((s) => covered.has(s)) ? all : undefined;
    },
    { timeoutMs: 10_000, what: 'checkpoints covering every new stream' },
  );
  await a.onApplicationShutdown();
  await b.onApplicationShutdown();
  const checkpoints = rows.map((r) => r.payload.data);
  // One chain: sequences 1..n, each digest linked to the one before and recomputable.
  checkpoints.forEach((cp, i) => {
    expect(cp.sequence).toBe(i + 1);
    expect(cp.previousDigest).toBe(i === 0 ? GENESIS_HASH : checkpoints[i - 1].digest);
    expect(cp.digest).toBe(checkpointDigest(cp.previousDigest, cp));
  });
  // Each new stream's head (version 1) was published exactly once.
  for (const s of streams) {
    expect(checkpoints.flatMap((cp) => cp.heads).filter((h) => h.streamId === s)).toHaveLength(1);
  }
});

it('says loudly which stream no longer holds a head it published', async () => {
  const p = publisher();
  const stream = uniqueName('case-tampered');
  await appendTo(stream, 0, 3);
  await p.publishChanged();
  await asOwner(`DELETE FROM es_events WHERE stream_id = $1 AND stream_version = 3`, [stream]);
  errors.length = 0;
  const [cp] = await p.publishChanged();
  expect(cp.heads).toEqual([expect.objectContaining({ streamId: stream, version: 2 })]);
  expect(errors).toEqual([
    {
      obj: expect.objectContaining({ streamId: stream, published: expect.objectContaining({ version: 3 }) }),
      msg: expect.stringContaining(`stream ${stream} no longer holds the head published at version 3`),
    },
  ]);
});

it('does not run when CHECKPOINT_MS is 0', async () => {
  const p = publisher(0);
  await appendTo(uniqueName('case-off'), 0);
  const before = (await checkpointRows()).length;
  p.onApplicationBootstrap();
  await new Promise((r) => setTimeout(r, 200));
  expect(await checkpointRows()).toHaveLength(before);
});

it('re-verifies the store and reports what fails in its next signed checkpoint, once', async () => {
  const p = publisher(60_000, 1000);
  const stream = uniqueName('case-edited');
  const appended = await appendTo(stream, 0, 2);
  await p.publishChanged();
  await asOwner(`UPDATE es_events SET recorded_at = recorded_at - interval '1 day' WHERE event_id = $1`, [
    appended.events[1].eventId,
  ]);
  errors.length = 0;
  const [cp] = await p.publishChanged();
  // No head moved; the fault alone is worth a checkpoint, and the signature covers it.
  expect(cp.heads).toEqual([]);
  expect(cp.faults).toEqual([
    { streamId: stream, version: 2, eventId: appended.events[1].eventId, reason: 'hash_mismatch' },
  ]);
  expect(checkpointSignatureVerifies(cp.digest, cp.signature, key.publicKey)).toBe(true);
  expect(errors.map((e) => e.msg)).toContainEqual(
    expect.stringContaining(`stream ${stream} no longer verifies at version 2 (hash_mismatch)`),
  );
  // Reported once by this process: the next run has nothing new to say.
  expect(await p.publishChanged()).toEqual([]);
});
