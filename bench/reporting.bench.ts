import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Kafka, Producer } from 'kafkajs';
import { AdminUnits } from '@cp/admin-units';
import type { IntegrationEnvelope } from '@cp/contracts';
import {
  Inbox1763900000100,
  InboxConsumer,
  PayloadSeal,
  SAFE_PRODUCER,
  createKafka,
  ensureTopics,
} from '@cp/messaging';
import { createLogger } from '@cp/observability';
import { testKafkaSecurity } from '@cp/testing';
import { CaseloadProjection } from '../apps/reporting/src/caseload/caseload.projection';
import { EventCopyProjection } from '../apps/reporting/src/events/event-copy.projection';
import { REPORTING_MIGRATIONS } from '../apps/reporting/src/migrations';
import { LIVE, type Projection } from '../apps/reporting/src/projections/projection';
import { rebuildProjection } from '../apps/reporting/src/projections/rebuild';
import { syntheticCaseEvents } from '../apps/reporting/src/projections/synthetic-events';
import { communeResolver } from '../apps/reporting/src/statistics/commune-resolver';
import { parsePeriod } from '../apps/reporting/src/statistics/period';
import { StatisticsProjection } from '../apps/reporting/src/statistics/statistics.projection';
import { StatisticsService } from '../apps/reporting/src/statistics/statistics.service';
import { freshDatabase, percentile, rawInsertRate, type Result } from './lib';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

const onTopic = (p: Projection, topic: string): Projection => ({
  name: p.name,
  tables: p.tables,
  topics: [topic],
  applyBatch: (envs, sql, t) => p.applyBatch(envs, sql, t),
});

/** Every commune of the country, so national figures spread as they would. */
function allCommunes(units: AdminUnits) {
  return units.communes.map((c) => ({ commune: c.code, province: c.parent! }));
}

async function produce(
  producer: Producer,
  topic: string,
  envs: Iterable<IntegrationEnvelope>,
  seal: PayloadSeal,
): Promise<number> {
  // Sealed messages are about twice the size of open ones: a send is bounded by bytes as well as by count,
  // well under the broker's largest record batch (1 MiB by default).
  const MAX_BATCH_BYTES = 512 * 1024;
  let batch: Array<{ key: string; value: string }> = [];
  let bytes = 0;
  let n = 0;
  const flush = async () => {
    if (!batch.length) return;
    await producer.send({ topic, messages: batch });
    n += batch.length;
    batch = [];
    bytes = 0;
  };
  for (const e of envs) {
    const value = JSON.stringify(seal.seal(topic, e));
    batch.push({ key: e.aggregateId, value });
    bytes += value.length + e.aggregateId.length;
    if (batch.length === 2000 || bytes >= MAX_BATCH_BYTES) await flush();
  }
  await flush();
  return n;
}

/**
 * Reporting: the statistics read model rebuilt from a topic holding a national history (one million
 * events in full mode; events/s, and as a ratio of raw single-row INSERTs/s measured in the same run),
 * then the p99 of a national half-year's statistics over that model, and the projection lag at 50 events/s.
 */
export async function reportingBenchmarks(opts: {
  /** Events of the history the read model is rebuilt from and the statistics are computed over. */
  events: number;
  statisticsRuns: number;
  lagSeconds: number;
  rawTotal: number;
}): Promise<Result[]> {
  const units = AdminUnits.load();
  const communes = allCommunes(units);
  const db = await freshDatabase('reporting');
  const ds = new DataSource({
    type: 'postgres',
    url: db.url,
    migrations: [Inbox1763900000100, ...REPORTING_MIGRATIONS],
    logging: false,
    extra: { max: 4 },
  });
  await ds.initialize();
  await ds.runMigrations();
  const logger = createLogger('bench', 'error');
  const kafka: Kafka = createKafka(brokers, 'bench-reporting', logger, testKafkaSecurity());
  const producer = kafka.producer(SAFE_PRODUCER);
  await producer.connect();
  const results: Result[] = [];
  const stats = new StatisticsProjection(communeResolver(units));
  // Deleted only at the end: a producer that still knows a deleted topic fails its next metadata refresh.
  const created: string[] = [];
  try {
    const raw = await rawInsertRate(db.url, 1, opts.rawTotal);
    results.push({ name: 'reporting.raw_pg_insert_c1', value: Math.round(raw), unit: 'rows/s' });

    // 1. Projection lag at 50 events/s: the live consumer applying the three read models per event. First,
    // while this process's heap is small: the later phases generate a million events, and their garbage
    // collection would pause a consumer that, in the service, runs in a process of its own.
    const lagTopic = `bench.reporting.lag.${randomUUID().slice(0, 8)}`;
    const topic = `bench.reporting.${randomUUID().slice(0, 8)}`;
    // The topics are sealed like the topics of record: the consumers open every message.
    const seal = new PayloadSeal({
      [lagTopic]: { keys: [{ kid: 'k1', key: randomBytes(32) }] },
      [topic]: { keys: [{ kid: 'k1', key: randomBytes(32) }] },
    });
    const admin2 = kafka.admin();
    await admin2.connect();
    await ensureTopics(admin2, [{ topic: lagTopic, partitions: 3 }]);
    const projections = [new EventCopyProjection(), new CaseloadProjection(), stats];
    const sentAt = new Map<string, number>();
    const lags: number[] = [];
    let current: string | null = null;
    const live = new InboxConsumer(kafka, ds, {
      groupId: `bench.lag.${randomUUID().slice(0, 8)}`,
      topics: [lagTopic],
      open: (t, m) => seal.open(t, m),
      logger,
      handler: async (env, ctx) => {
        current = env.eventId;
        for (const p of projections) await p.applyBatch([env], ctx.sql, LIVE);
      },
      afterCommit: () => {
        const t = current ? sentAt.get(current) : undefined;
        if (t !== undefined) lags.push(performance.now() - t);
      },
    });
    await live.start();
    const stream = syntheticCaseEvents({
      cases: 10_000,
      communes,
      from: new Date('2026-07-01'),
      to: new Date('2026-12-31'),
      seed: 3,
    });
    const total = 50 * opts.lagSeconds;
    const warm = 50;
    const started = performance.now();
    for (let i = 0; i < total + warm; i++) {
      const due = started + (i * 1000) / 50;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const e = stream.next().value as IntegrationEnvelope;
      if (i >= warm) sentAt.set(e.eventId, performance.now());
      await producer.send({
        topic: lagTopic,
        messages: [{ key: e.aggregateId, value: JSON.stringify(seal.seal(lagTopic, e)) }],
      });
    }
    for (const t = Date.now(); lags.length < total && Date.now() - t < 30_000;)
      await new Promise((r) => setTimeout(r, 50));
    await live.stop();
    await admin2.disconnect();
    created.push(lagTopic);
    lags.sort((a, b) => a - b);
    results.push({ name: 'reporting.projection_lag.samples', value: lags.length, unit: 'events at 50/s' });
    results.push({ name: 'reporting.projection_lag.p50_ms', value: round(percentile(lags, 50)), unit: 'ms' });
    results.push({ name: 'reporting.projection_lag.p99_ms', value: round(percentile(lags, 99)), unit: 'ms' });

    // 2. Rebuild the statistics read model from a topic holding `events` events of a national history.
    const admin = kafka.admin();
    await admin.connect();
    await ensureTopics(admin, [{ topic, partitions: 3 }]);
    const produced = await produce(
      producer,
      topic,
      syntheticCaseEvents({
        cases: Math.ceil(opts.events / 7),
        communes,
        from: new Date('2025-01-01'),
        to: new Date('2026-12-31'),
        seed: 1,
      }),
      seal,
    );
    await admin.disconnect();
    created.push(topic);
    const rebuild = await rebuildProjection(onTopic(stats, topic), {
      kafka,
      sql: ds,
      transaction: (work) => ds.transaction((m) => work(m)),
      groupPrefix: `bench-${randomUUID().slice(0, 8)}`,
      topicPrefix: '',
      open: (t, m) => seal.open(t, m),
      pauseLive: async () => undefined,
      resumeLive: () => undefined,
    });
    if (rebuild.state !== 'done') throw new Error(`rebuild failed: ${rebuild.error}`);
    const perSecond = rebuild.eventsPerSecond ?? 0;
    results.push({ name: 'reporting.rebuild.events', value: produced, unit: 'events' });
    results.push({ name: 'reporting.rebuild.events_per_s', value: perSecond, unit: 'events/s' });
    results.push({
      name: 'reporting.rebuild.ratio_vs_raw_insert',
      value: round(perSecond / raw),
      unit: 'x raw',
    });

    // 3. Statistics over the model just rebuilt from those events.
    await ds.query('VACUUM ANALYZE rm_stat_facts');
    const [{ facts }] = await ds.query(`SELECT count(*)::int AS facts FROM rm_stat_facts`);
    results.push({ name: 'reporting.statistics.facts', value: facts, unit: 'rows' });
    const service = new StatisticsService(ds);
    await service.seed(ds);
    const h1 = parsePeriod('2026-H1');
    const timings: number[] = [];
    const rawTimings: number[] = [];
    for (let i = 0; i < opts.statisticsRuns; i++) {
      let t0 = process.hrtime.bigint();
      const r = await service.compute({ unit: 'VN', from: h1.from, to: h1.to });
      timings.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (!r.indicators.find((x) => x.code === '0101')?.total) throw new Error('no abused children counted');
      // The floor: one plain distinct count of the same children in raw SQL.
      t0 = process.hrtime.bigint();
      await ds.query(
        `SELECT count(DISTINCT child_key) FROM rm_stat_facts WHERE fact = 'child_reported' AND abused AND occurred_at >= $1 AND occurred_at < $2`,
        [h1.from, h1.to],
      );
      rawTimings.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    timings.sort((a, b) => a - b);
    rawTimings.sort((a, b) => a - b);
    results.push({
      name: 'reporting.statistics.p50_ms',
      value: round(percentile(timings, 50)),
      unit: 'ms (13 indicators, VN, 2026-H1)',
    });
    results.push({
      name: 'reporting.statistics.p99_ms',
      value: round(percentile(timings, 99)),
      unit: 'ms (13 indicators, VN, 2026-H1)',
    });
    results.push({
      name: 'reporting.statistics.raw_distinct_p99_ms',
      value: round(percentile(rawTimings, 99)),
      unit: 'ms (one raw count)',
    });
    // The statistics in units of the raw count measured alongside: what compares across runs and days.
    results.push({
      name: 'reporting.statistics.p99_ratio_to_raw_count',
      value: round(percentile(timings, 99) / percentile(rawTimings, 99)),
      unit: 'ratio',
    });
  } finally {
    await producer.disconnect().catch(() => undefined);
    const cleanup = kafka.admin();
    await cleanup.connect();
    await cleanup.deleteTopics({ topics: created }).catch(() => undefined);
    await cleanup.disconnect();
    await ds.destroy();
    await db.drop();
  }
  return results;
}

const round = (n: number): number => Math.round(n * 100) / 100;
