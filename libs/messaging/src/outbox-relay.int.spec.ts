import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Admin, Consumer, Kafka } from 'kafkajs';
import { EventStore, EventStore1763900000000, type NewEvent } from '@cp/event-store';
import { createLogger } from '@cp/observability';
// Test infrastructure only (the tag rules forbid data-access → testing for production code).
import { connectTestKafka, createTestDatabase, eventually, uniqueName } from '@cp/testing';
import { Inbox1763900000100 } from './migrations/1763900000100-inbox';
import { OutboxRelay } from './outbox-relay';

jest.setTimeout(60000);

interface Received {
  key: string;
  partition: number;
  offset: string;
  payload: { key: string; seq: number; outboxEventId: string };
}

const logger = createLogger('test', 'silent');
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let ds: DataSource;
let store: EventStore;
let kafka: Kafka;
let admin: Admin;
let consumer: Consumer;
const received = new Map<string, Received[]>();
const relays = new Set<OutboxRelay>();
// One topic per test, all created up front so that one consumer (one group join) reads them all.
const topics = {
  order: uniqueName('t.relay-order'),
  two: uniqueName('t.relay-two'),
  late: uniqueName('t.relay-late'),
  crash: uniqueName('t.relay-crash'),
};

beforeAll(async () => {
  db = await createTestDatabase('outbox_relay');
  ds = await db.migrated([EventStore1763900000000, Inbox1763900000100]);
  store = new EventStore(ds);
  ({ kafka, admin } = await connectTestKafka(logger, Object.values(topics)));
  consumer = kafka.consumer({
    groupId: uniqueName('relay-spec'),
    maxWaitTimeInMs: 100,
    sessionTimeout: 10000,
    heartbeatInterval: 1000,
  });
  await consumer.connect();
  await consumer.subscribe({ topics: Object.values(topics), fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, partition, message }) => {
      const list = received.get(topic) ?? [];
      list.push({
        key: message.key!.toString(),
        partition,
        offset: message.offset,
        payload: JSON.parse(message.value!.toString()),
      });
      received.set(topic, list);
    },
  });
});

afterAll(async () => {
  for (const r of relays) await r.stop().catch(() => undefined);
  await consumer?.disconnect();
  await admin?.disconnect();
  if (ds?.isInitialized) await ds.destroy();
  await db?.drop();
});

function startRelay(): OutboxRelay {
  const relay = new OutboxRelay(ds, kafka, store, {
    databaseUrl: db.url,
    pollIntervalMs: 100,
    batchSize: 50,
    logger,
  });
  relays.add(relay);
  return relay;
}

async function stopRelay(relay: OutboxRelay): Promise<void> {
  await relay.stop();
  relays.delete(relay);
}

/** Appends the next event of `streamId` with one outbox row; the payload carries the per-key sequence. */
async function appendWithOutbox(
  topic: string,
  streamId: string,
  version: number,
  sql?: Parameters<EventStore['append']>[2]['sql'],
) {
  const event: NewEvent = {
    eventId: randomUUID(),
    type: 'Counted',
    data: { seq: version + 1 },
    metadata: {
      actorId: 'u',
      roles: [],
      unit: null,
      correlationId: randomUUID(),
      causationId: null,
      commandId: null,
    },
    occurredAt: new Date().toISOString(),
  };
  await store.append(streamId, [event], {
    expectedVersion: version,
    streamType: 'counter',
    outbox: [
      {
        eventId: event.eventId,
        topic,
        key: streamId,
        payload: { key: streamId, seq: version + 1, outboxEventId: event.eventId },
      },
    ],
    sql,
  });
  return event.eventId;
}

/** Appends `perKey` events to each key, interleaving keys (k0#1, k1#1, …, k0#2, …) as concurrent writers would. */
async function appendInterleaved(topic: string, keys: string[], from: number, perKey: number): Promise<void> {
  for (let v = from; v < from + perKey; v++) {
    await Promise.all(keys.map((k) => appendWithOutbox(topic, k, v)));
  }
}

function messages(topic: string): Received[] {
  return received.get(topic) ?? [];
}

async function waitForMessages(topic: string, count: number, what: string): Promise<Received[]> {
  return eventually(async () => (messages(topic).length >= count ? messages(topic) : undefined), {
    timeoutMs: 30000,
    what,
  });
}

/** Every key's sequence arrived exactly once and in append order, always on one partition. */
function expectPerKeyOrder(got: Received[], keys: string[], perKey: number): void {
  for (const k of keys) {
    const mine = got.filter((m) => m.key === k);
    expect(mine.map((m) => m.payload.seq)).toEqual(Array.from({ length: perKey }, (_, i) => i + 1));
    expect(new Set(mine.map((m) => m.partition)).size).toBe(1);
  }
  expect(new Set(got.map((m) => m.payload.outboxEventId)).size).toBe(got.length);
}

async function unpublished(topic: string): Promise<number> {
  const [{ n }] = await ds.query(
    `SELECT count(*)::int AS n FROM es_outbox WHERE topic = $1 AND published_at IS NULL`,
    [topic],
  );
  return n;
}

it('publishes every outbox row, in append order per key, and marks all rows published', async () => {
  const topic = topics.order;
  const keys = Array.from({ length: 5 }, () => uniqueName('case'));
  // A backlog written before the relay runs, then more while it runs (woken by the in-process append hook).
  await appendInterleaved(topic, keys, 0, 20);
  const relay = startRelay();
  await relay.start();
  await appendInterleaved(topic, keys, 20, 20);

  const got = await waitForMessages(topic, 200, '200 messages on the topic');
  await new Promise((r) => setTimeout(r, 300)); // would reveal duplicates arriving late
  expect(messages(topic)).toHaveLength(200);
  expectPerKeyOrder(got, keys, 40);
  await eventually(async () => ((await unpublished(topic)) === 0 ? true : undefined), {
    what: 'all rows published',
  });
  const [{ n }] = await ds.query(
    `SELECT count(*)::int AS n FROM es_outbox WHERE topic = $1 AND published_at IS NOT NULL`,
    [topic],
  );
  expect(n).toBe(200);
  await stopRelay(relay);
});

it('with two relays on one database, exactly one leads; the other takes over when the leader stops', async () => {
  const topic = topics.two;
  const keys = Array.from({ length: 4 }, () => uniqueName('case'));
  const a = startRelay();
  const b = startRelay();
  await Promise.all([a.start(), b.start()]);
  await eventually(async () => ([a, b].filter((r) => r.isLeader).length === 1 ? true : undefined), {
    what: 'a leader',
  });
  await new Promise((r) => setTimeout(r, 500)); // several poll rounds of the follower
  expect([a, b].filter((r) => r.isLeader)).toHaveLength(1);
  const [leader, follower] = a.isLeader ? [a, b] : [b, a];

  await appendInterleaved(topic, keys, 0, 25);
  await waitForMessages(topic, 100, '100 messages published by the leader');
  expect(leader.isLeader).toBe(true);
  expect(follower.isLeader).toBe(false);

  await stopRelay(leader);
  await appendInterleaved(topic, keys, 25, 10);
  await eventually(async () => (follower.isLeader ? true : undefined), { what: 'the follower to take over' });
  const got = await waitForMessages(topic, 140, 'the rows appended after the leader stopped');
  await new Promise((r) => setTimeout(r, 300));
  expect(messages(topic)).toHaveLength(140);
  expectPerKeyOrder(got, keys, 35);
  await eventually(async () => ((await unpublished(topic)) === 0 ? true : undefined), {
    what: 'all rows published',
  });
  await stopRelay(follower);
});

it('publishes a row whose transaction commits after later rows were already published', async () => {
  const topic = topics.late;
  const lateKey = uniqueName('late');
  const otherKeys = [uniqueName('case'), uniqueName('case')];
  const relay = startRelay();
  await relay.start();

  // The late writer takes its outbox id first, then holds its transaction open.
  const qr = ds.createQueryRunner();
  await qr.connect();
  let lateEventId: string;
  try {
    await qr.startTransaction();
    lateEventId = await appendWithOutbox(topic, lateKey, 0, qr.manager);
    await appendInterleaved(topic, otherKeys, 0, 5);
    await waitForMessages(topic, 10, 'the rows committed after the late one');
    const [late] = await ds.query(`SELECT id FROM es_outbox WHERE topic = $1 ORDER BY id LIMIT 1`, [topic]);
    const ids: Array<{ id: string }> = await qr.query(
      `SELECT id FROM es_outbox WHERE topic = $1 ORDER BY id`,
      [topic],
    );
    // Its id is lower than every published row's, and it is not visible (nor published) yet.
    expect(ids[0].id).not.toBe(late.id);
    expect(Number(ids[0].id)).toBeLessThan(Number(late.id));
    expect(messages(topic).some((m) => m.key === lateKey)).toBe(false);
    await qr.commitTransaction();
  } finally {
    if (qr.isTransactionActive) await qr.rollbackTransaction();
    await qr.release();
  }

  // No in-process hook fired (the append ran in the caller's transaction): the poll finds it.
  const got = await waitForMessages(topic, 11, 'the late row');
  expect(got.filter((m) => m.key === lateKey).map((m) => m.payload.outboxEventId)).toEqual([lateEventId!]);
  expectPerKeyOrder(got, otherKeys, 5);
  await eventually(async () => ((await unpublished(topic)) === 0 ? true : undefined), {
    what: 'all rows published',
  });
  await stopRelay(relay);
});

it('hands leadership over when the leader loses its database session (a crash), and keeps publishing', async () => {
  const topic = topics.crash;
  const keys = [uniqueName('case'), uniqueName('case'), uniqueName('case')];
  const a = startRelay();
  const b = startRelay();
  await Promise.all([a.start(), b.start()]);
  await eventually(async () => ([a, b].filter((r) => r.isLeader).length === 1 ? true : undefined), {
    what: 'a leader',
  });
  const oldLeader = a.isLeader ? a : b;
  await appendInterleaved(topic, keys, 0, 5);
  await waitForMessages(topic, 15, 'the first rows');

  // Kill the session that holds the advisory lock, as if the leader's host had died.
  const holders: Array<{ pid: number }> = await ds.query(
    `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted
       AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  );
  expect(holders).toHaveLength(1);
  await ds.query(`SELECT pg_terminate_backend($1)`, [holders[0].pid]);
  await eventually(async () => (!oldLeader.isLeader ? true : undefined), {
    what: 'the old leader to notice',
  });

  await appendInterleaved(topic, keys, 5, 5);
  await eventually(async () => ([a, b].filter((r) => r.isLeader).length === 1 ? true : undefined), {
    what: 'a new leader',
  });
  const got = await waitForMessages(topic, 30, 'the rows appended after the crash');
  // At-least-once: a crash may republish, but every row arrives and the first copies keep per-key order.
  const firstCopies = got.filter(
    (m, i) => got.findIndex((o) => o.payload.outboxEventId === m.payload.outboxEventId) === i,
  );
  expectPerKeyOrder(firstCopies, keys, 10);
  await eventually(async () => ((await unpublished(topic)) === 0 ? true : undefined), {
    what: 'all rows published',
  });
  expect([a, b].filter((r) => r.isLeader)).toHaveLength(1);
  await stopRelay(a);
  await stopRelay(b);
});
