import { DataSource } from 'typeorm';
import type { Admin, Consumer, IHeaders, Kafka, Producer } from 'kafkajs';
import { HEADERS, deadLetterTopic, type IntegrationEnvelope } from '@cp/contracts';
import { EventStore1763900000000 } from '@cp/event-store';
import { createLogger } from '@cp/observability';
// Test infrastructure only (the tag rules forbid data-access → testing for production code).
import { connectTestKafka, createTestDatabase, eventually, testEnvelope, uniqueName } from '@cp/testing';
import { InboxConsumer, type EnvelopeHandler } from './inbox-consumer';
import { Inbox1763900000100 } from './migrations/1763900000100-inbox';

jest.setTimeout(60000);

interface DeadLetter {
  key: string | null;
  value: string;
  headers: Record<string, string>;
}

const logger = createLogger('test', 'silent');
const groupId = uniqueName('inbox-spec');
const MAX_ATTEMPTS = 3;
let db: Awaited<ReturnType<typeof createTestDatabase>>;
let ds: DataSource;
let kafka: Kafka;
let admin: Admin;
let producer: Producer;
let inbox: InboxConsumer;
let dlqConsumer: Consumer;
const deadLetters = new Map<string, DeadLetter[]>();
/** Handler invocations per event id (including the failed ones). */
const calls = new Map<string, number>();
// One topic per behaviour, all read by one InboxConsumer (one group join for the whole file).
const topics = {
  dedupe: uniqueName('t.inbox-dedupe'),
  poison: uniqueName('t.inbox-poison'),
  flaky: uniqueName('t.inbox-flaky'),
  garbage: uniqueName('t.inbox-garbage'),
};

const apply: EnvelopeHandler = async (envelope, ctx) => {
  await ctx.sql.query(
    `INSERT INTO applied (event_id, topic, kafka_partition, kafka_offset, note) VALUES ($1, $2, $3, $4, $5)`,
    [
      envelope.eventId,
      ctx.topic,
      ctx.partition,
      ctx.offset,
      (envelope.data as { note?: string }).note ?? null,
    ],
  );
};

const behaviour: Record<string, EnvelopeHandler> = {
  [topics.dedupe]: apply,
  [topics.garbage]: apply,
  // Writes its effect, then fails: the effect must roll back with the inbox row.
  [topics.poison]: async (envelope, ctx) => {
    await apply(envelope, ctx);
    if ((envelope.data as { poison?: boolean }).poison)
      throw new Error(`cannot apply ${envelope.eventId}: poison`);
  },
  [topics.flaky]: async (envelope, ctx) => {
    await apply(envelope, ctx);
    if (calls.get(envelope.eventId) === 1) throw new Error('transient failure');
  },
};

beforeAll(async () => {
  db = await createTestDatabase('inbox_consumer');
  ds = await db.migrated([EventStore1763900000000, Inbox1763900000100]);
  // Deliberately no unique constraint: applying one event twice would show as two rows.
  await ds.query(`CREATE TABLE applied (event_id uuid NOT NULL, topic text NOT NULL, kafka_partition int NOT NULL,
                  kafka_offset bigint NOT NULL, note text)`);

  ({ kafka, admin } = await connectTestKafka(logger, Object.values(topics)));
  producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });

  inbox = new InboxConsumer(kafka, ds, {
    groupId,
    topics: Object.values(topics),
    logger,
    maxAttempts: MAX_ATTEMPTS,
    initialBackoffMs: 10,
    handler: async (envelope, ctx) => {
      calls.set(envelope.eventId, (calls.get(envelope.eventId) ?? 0) + 1);
      await behaviour[ctx.topic](envelope, ctx);
    },
  });
  dlqConsumer = kafka.consumer({ groupId: uniqueName('inbox-spec-dlq'), maxWaitTimeInMs: 100 });
  await Promise.all([
    producer.connect(),
    inbox.start(),
    (async () => {
      await dlqConsumer.connect();
      await dlqConsumer.subscribe({
        topics: Object.values(topics).map(deadLetterTopic),
        fromBeginning: true,
      });
      await dlqConsumer.run({
        eachMessage: async ({ topic, message }) => {
          const list = deadLetters.get(topic) ?? [];
          list.push({
            key: message.key?.toString() ?? null,
            value: message.value!.toString(),
            headers: decode(message.headers),
          });
          deadLetters.set(topic, list);
        },
      });
    })(),
  ]);
});

afterAll(async () => {
  await inbox?.stop();
  await dlqConsumer?.disconnect();
  await producer?.disconnect();
  await admin?.disconnect();
  if (ds?.isInitialized) await ds.destroy();
  await db?.drop();
});

function decode(headers: IHeaders | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([k, v]) => [k, String(v)]));
}

const envelope = (aggregateId: string, data: Record<string, unknown>): IntegrationEnvelope =>
  testEnvelope(data, { aggregateId });

async function produce(topic: string, key: string, value: string | IntegrationEnvelope): Promise<void> {
  await producer.send({
    topic,
    acks: -1,
    messages: [{ key, value: typeof value === 'string' ? value : JSON.stringify(value) }],
  });
}

async function appliedRows(eventId: string): Promise<Array<Record<string, unknown>>> {
  return ds.query(`SELECT * FROM applied WHERE event_id = $1`, [eventId]);
}

async function waitApplied(eventId: string, what: string): Promise<void> {
  await eventually(async () => ((await appliedRows(eventId)).length > 0 ? true : undefined), {
    timeoutMs: 30000,
    what,
  });
}

async function inboxRows(eventId: string): Promise<Array<Record<string, unknown>>> {
  return ds.query(`SELECT * FROM msg_inbox WHERE consumer = $1 AND event_id = $2`, [groupId, eventId]);
}

async function deadLetterRows(topic: string): Promise<Array<Record<string, unknown>>> {
  return ds.query(`SELECT * FROM msg_dead_letters WHERE topic = $1 ORDER BY id`, [topic]);
}

it('applies a redelivered event id once and records it once in the inbox', async () => {
  const topic = topics.dedupe;
  const key = uniqueName('case');
  const e = envelope(key, { note: 'first' });
  await produce(topic, key, e);
  await produce(topic, key, e); // the same event delivered again (e.g. a relay republish after a crash)
  const marker = envelope(key, { note: 'marker' });
  await produce(topic, key, marker); // same key → same partition → handled after both copies

  await waitApplied(marker.eventId, 'the marker after the duplicate');
  const rows = await appliedRows(e.eventId);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ topic, note: 'first' });
  const inboxed = await inboxRows(e.eventId);
  expect(inboxed).toHaveLength(1);
  expect(inboxed[0]).toMatchObject({
    topic,
    kafka_partition: rows[0].kafka_partition,
    kafka_offset: rows[0].kafka_offset,
  });
  expect(calls.get(e.eventId)).toBe(1);
  expect(await deadLetterRows(topic)).toEqual([]);
});

it('dead-letters a message that keeps failing after maxAttempts, and the partition moves on', async () => {
  const topic = topics.poison;
  const key = uniqueName('case');
  const poison = envelope(key, { poison: true });
  const next = envelope(key, { note: 'after the poison' });
  await produce(topic, key, poison);
  await produce(topic, key, next);

  await waitApplied(next.eventId, 'the message after the poison one');
  // MAX_ATTEMPTS tries on its own, after one more inside a batch if it arrived with its neighbour.
  expect(calls.get(poison.eventId)).toBeGreaterThanOrEqual(MAX_ATTEMPTS);
  expect(calls.get(poison.eventId)).toBeLessThanOrEqual(MAX_ATTEMPTS + 1);
  expect(await appliedRows(poison.eventId)).toEqual([]); // each failed attempt rolled back its effect
  expect(await inboxRows(poison.eventId)).toEqual([]);
  expect(await inboxRows(next.eventId)).toHaveLength(1);

  const [row, ...more] = await deadLetterRows(topic);
  expect(more).toEqual([]);
  expect(row).toMatchObject({ consumer: groupId, event_id: poison.eventId, topic });
  expect(row.error).toContain('poison');

  const dlq = await eventually(async () => deadLetters.get(deadLetterTopic(topic))?.[0], {
    what: 'the dead letter on Kafka',
  });
  expect(dlq.key).toBe(key);
  expect(JSON.parse(dlq.value)).toEqual(poison);
  expect(dlq.headers[HEADERS.error]).toBe(`Error: cannot apply ${poison.eventId}: poison`);
  expect(dlq.headers[HEADERS.originalTopic]).toBe(topic);
  expect(dlq.headers[HEADERS.originalOffset]).toBe(String(row.kafka_offset));
  expect(dlq.headers[HEADERS.originalPartition]).toBe(String(row.kafka_partition));
  expect(dlq.headers['cp-consumer']).toBe(groupId);
  expect(deadLetters.get(deadLetterTopic(topic))).toHaveLength(1);
});

it('applies exactly once a message whose handler fails once and then succeeds', async () => {
  const topic = topics.flaky;
  const key = uniqueName('case');
  const e = envelope(key, { note: 'flaky' });
  await produce(topic, key, e);

  await waitApplied(e.eventId, 'the retried message');
  expect(calls.get(e.eventId)).toBe(2);
  expect(await appliedRows(e.eventId)).toHaveLength(1);
  expect(await inboxRows(e.eventId)).toHaveLength(1);
  expect(await deadLetterRows(topic)).toEqual([]);
});

it('dead-letters a message that is not JSON, or not an envelope, and goes on with the next', async () => {
  const topic = topics.garbage;
  const key = uniqueName('case');
  await produce(topic, key, 'not json {');
  await produce(topic, key, JSON.stringify({ hello: 'no event id' }));
  const next = envelope(key, { note: 'fine' });
  await produce(topic, key, next);

  await waitApplied(next.eventId, 'the message after the garbage');
  const rows = await deadLetterRows(topic);
  expect(rows.map((r) => [r.event_id, r.consumer])).toEqual([
    [null, groupId],
    [null, groupId],
  ]);
  expect(rows[1].error).toContain('not an integration envelope');
  const dlq = await eventually(
    async () =>
      deadLetters.get(deadLetterTopic(topic))?.length === 2
        ? deadLetters.get(deadLetterTopic(topic))
        : undefined,
    { what: 'both dead letters on Kafka' },
  );
  expect(dlq.map((d) => d.value)).toEqual(['not json {', '{"hello":"no event id"}']);
  expect(dlq[0].headers[HEADERS.error]).toMatch(/^SyntaxError: /);
  expect(dlq[1].headers[HEADERS.error]).toContain('not an integration envelope');
  expect(dlq.every((d) => d.key === key && d.headers[HEADERS.originalTopic] === topic)).toBe(true);
});
