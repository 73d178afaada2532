import { DataSource } from 'typeorm';
import type { Kafka, Producer } from 'kafkajs';
import { AdminUnits } from '@cp/admin-units';
import type { IntegrationEnvelope } from '@cp/contracts';
import { randomBytes } from 'node:crypto';
import {
  Inbox1763900000100,
  InboxConsumer,
  PayloadSeal,
  SAFE_PRODUCER,
  createKafka,
  ensureTopics,
} from '@cp/messaging';
import { createLogger } from '@cp/observability';
import { createTestDatabase, eventually, testKafkaBrokers, testKafkaSecurity, uniqueName } from '@cp/testing';
import { EventCopyProjection } from '../events/event-copy.projection';
import { REPORTING_MIGRATIONS } from '../migrations';
import { communeResolver } from '../statistics/commune-resolver';
import { StatisticsProjection } from '../statistics/statistics.projection';
import { LIVE, type Projection, type TableName } from './projection';
import { rebuildProjection, type RebuildOptions, type RebuildProgress } from './rebuild';
import { syntheticCaseEvents } from './synthetic-events';

jest.setTimeout(120000);

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let ds: DataSource;
let kafka: Kafka;
let producer: Producer;
let live: InboxConsumer;
let topic: string;
let statistics: Projection;
let events: Projection;
/** The test topic is sealed like a topic of record; the first messages predate sealing and travel in clear. */
let seal: PayloadSeal;
let sent = 0;

const communes = [
  { commune: '00004', province: '01' },
  { commune: '00008', province: '01' },
  { commune: '25747', province: '79' },
];

/** The same projection reading a test topic instead of the topics of record. */
const onTopic = (p: Projection, t: string): Projection => ({
  name: p.name,
  tables: p.tables,
  topics: [t],
  applyBatch: (envs, sql, table) => p.applyBatch(envs, sql, table),
});

async function send(envs: IntegrationEnvelope[]): Promise<void> {
  for (let i = 0; i < envs.length; i += 500) {
    await producer.send({
      topic,
      messages: envs.slice(i, i + 500).map((e) => ({
        key: e.aggregateId,
        value: JSON.stringify(sent++ < 100 ? e : seal.seal(topic, e)),
      })),
    });
  }
}

const snapshot = async (table: string, order: string): Promise<unknown[]> =>
  ds.query(`SELECT * FROM ${table} ORDER BY ${order}`);

beforeAll(async () => {
  db = await createTestDatabase('rebuild');
  ds = await db.migrated([Inbox1763900000100, ...REPORTING_MIGRATIONS]);
  const logger = createLogger('rebuild-test', 'warn');
  kafka = createKafka(testKafkaBrokers(), 'rebuild-test', logger, testKafkaSecurity());
  topic = uniqueName('test.rebuild');
  seal = new PayloadSeal({ [topic]: { keys: [{ kid: 'k1', key: randomBytes(32) }] } });
  const admin = kafka.admin();
  await admin.connect();
  await ensureTopics(admin, [{ topic, partitions: 3 }]);
  await admin.disconnect();
  producer = kafka.producer(SAFE_PRODUCER);
  await producer.connect();
  statistics = onTopic(new StatisticsProjection(communeResolver(AdminUnits.load())), topic);
  events = onTopic(new EventCopyProjection(), topic);
  live = new InboxConsumer(kafka, ds, {
    groupId: uniqueName('test.rebuild.live'),
    topics: [topic],
    open: (t, m) => seal.open(t, m),
    logger,
    handler: async (env, ctx) => {
      await events.applyBatch([env], ctx.sql, LIVE);
      await statistics.applyBatch([env], ctx.sql, LIVE);
    },
  });
  await live.start();
});

afterAll(async () => {
  await live?.stop();
  await producer?.disconnect();
  await ds?.destroy();
  await db?.drop();
});

/** What a rebuild runs with here: this spec's database, Kafka, payload seal and live consumer. */
const rebuildOptions = (): RebuildOptions => ({
  kafka,
  sql: ds,
  transaction: (work) => ds.transaction((m) => work(m)),
  groupPrefix: uniqueName('test'),
  topicPrefix: '',
  open: (t, m) => seal.open(t, m),
  pauseLive: () => live.pause(),
  resumeLive: () => live.resume(),
});

it('rebuilds a read model during live traffic and ends identical to the model built by the live consumer', async () => {
  const all = [
    ...syntheticCaseEvents({
      cases: 400,
      communes,
      from: new Date('2026-01-01'),
      to: new Date('2026-06-30'),
      seed: 7,
    }),
  ];
  const firstPart = all.slice(0, Math.floor(all.length * 0.7));
  const rest = all.slice(firstPart.length);
  await send(firstPart);
  await eventually(
    async () => {
      const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM rm_events`);
      return n === firstPart.length ? true : undefined;
    },
    { timeoutMs: 60000, what: 'the live model to apply the first part' },
  );

  const indexNames = async () =>
    (
      await ds.query<Array<{ indexname: string }>>(
        `SELECT indexname FROM pg_indexes WHERE tablename IN ('rm_stat_facts', 'rm_stat_cases') ORDER BY 1`,
      )
    ).map((r) => r.indexname);
  const namesBefore = await indexNames();
  expect(namesBefore).toContain('rm_stat_facts_cover_idx');
  const seen: RebuildProgress[] = [];
  const rebuilding = rebuildProjection(statistics, { ...rebuildOptions(), onProgress: (p) => seen.push(p) });
  // Live traffic keeps arriving while the shadow is filled and swapped.
  for (let i = 0; i < rest.length; i += 50) {
    await send(rest.slice(i, i + 50));
    await new Promise((r) => setTimeout(r, 20));
  }
  const result = await rebuilding;
  expect(result.state).toBe('done');
  expect(result.applied).toBeGreaterThanOrEqual(firstPart.length);
  expect(seen.some((p) => p.state === 'copying' && p.target >= firstPart.length)).toBe(true);
  expect(seen.some((p) => p.state === 'swapping')).toBe(true);
  // The swapped-in tables have every index of the old ones, under the same names.
  expect(await indexNames()).toEqual(namesBefore);

  await eventually(
    async () => {
      const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM rm_events`);
      return n === all.length ? true : undefined;
    },
    { timeoutMs: 60000, what: 'the live model to apply the rest' },
  );
  // The reference: every event folded at once into a fresh copy of the tables.
  const ref: TableName = (t) => `${t}__ref`;
  for (const t of statistics.tables) await ds.query(`CREATE TABLE ${ref(t)} (LIKE ${t} INCLUDING ALL)`);
  await ds.transaction((sql) => statistics.applyBatch(all, sql, ref));

  const order = 'event_id, seq';
  const rebuilt = await snapshot('rm_stat_facts', order);
  expect(rebuilt.length).toBeGreaterThan(all.length / 2);
  expect(rebuilt).toEqual(await snapshot('rm_stat_facts__ref', order));
  expect(await snapshot('rm_stat_cases', 'case_id')).toEqual(await snapshot('rm_stat_cases__ref', 'case_id'));
  const [{ shadows }] = await ds.query(
    `SELECT count(*)::int AS shadows FROM pg_tables WHERE tablename LIKE '%\\_\\_shadow' OR tablename LIKE '%\\_\\_old'`,
  );
  expect(shadows).toBe(0);
});

it('rebuilds the event copy, whose serial column survives the swap', async () => {
  const before = await snapshot('rm_events', 'event_id');
  const result = await rebuildProjection(events, rebuildOptions());
  expect(result.state).toBe('done');
  const strip = (rows: unknown[]) =>
    (rows as Array<Record<string, unknown>>).map(({ position: _p, received_at: _r, ...rest }) => rest);
  expect(strip(await snapshot('rm_events', 'event_id'))).toEqual(strip(before));
  await send([
    ...syntheticCaseEvents({
      cases: 1,
      communes,
      from: new Date('2026-07-01'),
      to: new Date('2026-07-02'),
      seed: 9,
    }),
  ]);
  await eventually(
    async () => {
      const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM rm_events`);
      return n > before.length ? true : undefined;
    },
    { what: 'a new event after the swap' },
  );
});
