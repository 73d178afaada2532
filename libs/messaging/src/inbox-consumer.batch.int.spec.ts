import { DataSource } from 'typeorm';
import type { Admin, Kafka, Producer } from 'kafkajs';
import type { IntegrationEnvelope } from '@cp/contracts';
import { EventStore1763900000000 } from '@cp/event-store';
import { Metrics, createLogger } from '@cp/observability';
import { connectTestKafka, createTestDatabase, eventually, testEnvelope, uniqueName } from '@cp/testing';
import { InboxConsumer, type BatchHandler } from './inbox-consumer';
import { ensureTopics } from './kafka';
import { Inbox1763900000100 } from './migrations/1763900000100-inbox';

jest.setTimeout(60000);

/**
 * Batches: what waits on a partition is applied in one transaction, each event once and in order; a
 * message that fails takes nobody down with it. Each test produces first and starts its consumer after,
 * so the first fetch hands over everything at once.
 */
const logger = createLogger('test', 'silent');
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let ds: DataSource;
let kafka: Kafka;
let admin: Admin;
let producer: Producer;
const running: InboxConsumer[] = [];

beforeAll(async () => {
  db = await createTestDatabase('inbox_batches');
  ds = await db.migrated([EventStore1763900000000, Inbox1763900000100]);
  // A sequence shows the order effects were applied in; no unique constraint, so a double shows.
  await ds.query(`CREATE TABLE applied (seq bigserial PRIMARY KEY, event_id uuid NOT NULL, note text,
                  txid bigint NOT NULL DEFAULT txid_current())`);
  ({ kafka, admin } = await connectTestKafka(logger));
  producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
});

afterAll(async () => {
  for (const c of running) await c.stop();
  await producer?.disconnect();
  await admin?.disconnect();
  if (ds?.isInitialized) await ds.destroy();
  await db?.drop();
});

const envelope = (note: string): IntegrationEnvelope => testEnvelope({ note });

async function topicWith(messages: IntegrationEnvelope[]): Promise<string> {
  const topic = uniqueName('t.inbox-batch');
  await ensureTopics(admin, [{ topic, partitions: 1 }]);
  // One key, one partition: the order of the effects must be the order produced.
  await producer.send({
    topic,
    acks: -1,
    messages: messages.map((m) => ({ key: 'k', value: JSON.stringify(m) })),
  });
  return topic;
}

async function start(topic: string, batchHandler: BatchHandler, metrics?: Metrics): Promise<string> {
  const groupId = uniqueName('inbox-batch');
  const consumer = new InboxConsumer(kafka, ds, {
    groupId,
    topics: [topic],
    logger,
    metrics,
    maxAttempts: 2,
    initialBackoffMs: 10,
    maxBatch: 50,
    handler: (env, ctx) => batchHandler([env], { sql: ctx.sql, topic: ctx.topic, partition: ctx.partition }),
    batchHandler,
  });
  await consumer.start();
  running.push(consumer);
  return groupId;
}

const apply: BatchHandler = async (envs, ctx) => {
  for (const e of envs) {
    await ctx.sql.query(`INSERT INTO applied (event_id, note) VALUES ($1, $2)`, [
      e.eventId,
      (e.data as { note: string }).note,
    ]);
  }
};

async function appliedNotes(ids: string[]): Promise<Array<{ note: string; txid: string }>> {
  return ds.query(
    `SELECT note, txid::text AS txid FROM applied WHERE event_id = ANY($1::uuid[]) ORDER BY seq`,
    [ids],
  );
}

it('applies what waits in a few transactions, every event once and in the order produced', async () => {
  const messages = Array.from({ length: 120 }, (_, i) => envelope(`n${i}`));
  // The fifth event delivered a second time, inside the same batch (a relay republishing after a crash).
  const topic = await topicWith([...messages.slice(0, 10), messages[4], ...messages.slice(10)]);
  const metrics = new Metrics('test');
  const sizes: number[] = [];
  await start(
    topic,
    async (envs, ctx) => {
      sizes.push(envs.length);
      await apply(envs, ctx);
    },
    metrics,
  );
  const ids = messages.map((m) => m.eventId);
  const rows = await eventually(
    async () => {
      const r = await appliedNotes(ids);
      return r.length >= messages.length ? r : undefined;
    },
    { what: 'all 120 events applied' },
  );
  expect(rows.map((r) => r.note)).toEqual(messages.map((m) => (m.data as { note: string }).note));
  // 121 deliveries in transactions of at most 50: at least three, far fewer than one per message.
  const transactions = new Set(rows.map((r) => r.txid)).size;
  expect(transactions).toBeGreaterThanOrEqual(3);
  expect(transactions).toBeLessThan(20);
  expect(Math.max(...sizes)).toBeGreaterThan(1);
  expect(Math.max(...sizes)).toBeLessThanOrEqual(50);
  const text = await metrics.registry.metrics();
  expect(text).toMatch(/cp_messages_consumed_total\{[^}]*outcome="duplicate"[^}]*\} 1/);
});

it('applies the neighbours of a message that fails, in order, and dead-letters only that one', async () => {
  const before = [envelope('a'), envelope('b')];
  const poison = envelope('poison');
  const after = [envelope('c'), envelope('d')];
  const topic = await topicWith([...before, poison, ...after]);
  const groupId = await start(topic, async (envs, ctx) => {
    if (envs.some((e) => e.eventId === poison.eventId)) throw new Error('cannot apply the poison');
    await apply(envs, ctx);
  });
  const ids = [...before, ...after].map((m) => m.eventId);
  const rows = await eventually(
    async () => {
      const r = await appliedNotes(ids);
      return r.length === 4 ? r : undefined;
    },
    { what: 'the four healthy events applied' },
  );
  expect(rows.map((r) => r.note)).toEqual(['a', 'b', 'c', 'd']);
  const dead = await eventually(
    async () => {
      const r: Array<{ event_id: string }> = await ds.query(
        `SELECT event_id FROM msg_dead_letters WHERE consumer = $1`,
        [groupId],
      );
      return r.length ? r : undefined;
    },
    { what: 'the poison dead-lettered' },
  );
  expect(dead.map((d) => d.event_id)).toEqual([poison.eventId]);
  expect(await appliedNotes([poison.eventId])).toEqual([]);
});
