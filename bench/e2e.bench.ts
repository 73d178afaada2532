import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'pg';
import { Stack, token, type ServiceProcess } from '../tests/e2e/support/stack';
import { cpuWindow } from './cpu';
import { drive, percentile, type Result } from './lib';

/** Phường Ba Đình, Hà Nội (libs/admin-units/data/admin-units-2025-07.json). */
const COMMUNE = '00004';
/** A rate is sustained when the p99 from referral to reporting stays under this for the whole trial. */
const SUSTAINED_P99_MS = 500;

interface Trial {
  rate: number;
  referrals: number;
  p50: number;
  p99: number;
  /** Referrals still not in reporting a minute after the last was sent. */
  lost: number;
  /** CPU seconds per group (service, its database backends, the broker, this process) per referral. */
  cpuMsPerReferral: Record<string, number>;
  /** Every stage's backlog over the trial. */
  queues: QueueSample[];
  /** Count and mean of each stage's timing histograms over the trial. */
  stages: Record<string, { count: number; mean: number }>;
}

/**
 * Referral → visible in reporting, through the three running services and Kafka: a counsellor refers
 * reports at a steady rate; each is timed from sending the referral to its case appearing in reporting's
 * caseload table. Then the knee: the highest rate whose p99 stays under 500 ms for a whole trial.
 *
 * The apparatus is kept out of the way of what it measures: the contacts are recorded before the clock
 * starts, and the poller and the queue sampler each hold one database connection instead of opening one
 * per query (a connection costs PostgreSQL a process).
 */
export async function referralToReportingBenchmark(opts: {
  ratePerSecond: number;
  seconds: number;
  /** Search for the highest sustained rate after the main trial. */
  knee?: boolean;
}): Promise<Result[]> {
  const stack = await Stack.start({ name: 'bench', env: { LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '0' } });
  const reporting = new Pool({ connectionString: stack.reporting.database.url, max: 1 });
  try {
    const counsellor = await token('hotline_counsellor', ['VN']);
    const contacts = new ContactSupply(stack.intake, counsellor);
    const visible = async (ids: string[]): Promise<Set<string>> => {
      const { rows } = await reporting.query<{ contact_id: string }>(
        'SELECT contact_id FROM rm_caseload WHERE contact_id = ANY($1::uuid[])',
        [ids],
      );
      return new Set(rows.map((r) => r.contact_id));
    };
    const refer = async (id: string): Promise<void> => {
      const res = await stack.intake.post(
        `/api/v1/contacts/${id}/referrals`,
        { communeCode: COMMUNE },
        { token: counsellor },
      );
      if (res.status !== 201) throw new Error(`referral refused: ${res.status} ${JSON.stringify(res.body)}`);
    };

    // Warm the path up (JIT, pools, consumer assignments).
    const warm = await contacts.take(20);
    await Promise.all(warm.map(refer));
    for (let t = Date.now(); (await visible(warm)).size < warm.length;) {
      if (Date.now() - t > 60_000) throw new Error('warm-up referrals never reached reporting');
      await new Promise((r) => setTimeout(r, 20));
    }

    const trial = async (rate: number, seconds: number): Promise<Trial> => {
      const ids = await contacts.take(rate * seconds);
      return runTrial(stack, rate, ids, refer, visible);
    };

    const main = await trial(opts.ratePerSecond, opts.seconds);
    const trials = [main];
    let sustained: number | null = null;
    if (opts.knee) {
      sustained = await findKnee(main, (rate) => trial(rate, opts.seconds), trials);
    }
    writeFileSync(join(resultsDir(), 'e2e-trials.json'), `${JSON.stringify(trials, null, 1)}\n`);
    const cpuTotal = Object.values(main.cpuMsPerReferral).reduce((a, b) => a + b, 0);
    const cpu = (group: string): Result => ({
      name: `e2e.referral.cpu_ms.${group}`,
      value: round(main.cpuMsPerReferral[group] ?? 0),
      unit: 'CPU ms/referral',
    });
    return [
      { name: 'e2e.referral_to_reporting.p50_ms', value: main.p50, unit: 'ms' },
      { name: 'e2e.referral_to_reporting.p99_ms', value: main.p99, unit: 'ms' },
      { name: 'e2e.referral_to_reporting.rate_per_s', value: main.rate, unit: 'referrals/s' },
      { name: 'e2e.referral_to_reporting.not_visible_after_60s', value: main.lost, unit: 'referrals' },
      ...(sustained === null
        ? []
        : [{ name: 'e2e.referral.sustained_per_s', value: sustained, unit: 'referrals/s (p99 < 500 ms)' }]),
      { name: 'e2e.referral.cpu_ms.total', value: round(cpuTotal), unit: 'CPU ms/referral' },
      cpu('intake'),
      cpu('casework'),
      cpu('reporting'),
      cpu('pg:intake'),
      cpu('pg:casework'),
      cpu('pg:reporting'),
      cpu('kafka'),
    ];
  } finally {
    await reporting.end();
    await stack.stop();
  }
}

/**
 * Raises the rate by half while trials pass, then halves the gap between the best pass and the first
 * failure until it is within 10 %. Every trial runs at a steady rate for the same duration as the main one.
 */
async function findKnee(
  main: Trial,
  trial: (rate: number) => Promise<Trial>,
  trials: Trial[],
): Promise<number> {
  const passes = (t: Trial) => t.p99 < SUSTAINED_P99_MS && t.lost === 0;
  let pass = passes(main) ? main.rate : 0;
  let fail = passes(main) ? Infinity : main.rate;
  if (!passes(main)) {
    // Come down until one passes.
    for (let rate = Math.floor(main.rate / 2); rate >= 5 && pass === 0; rate = Math.floor(rate / 2)) {
      const t = await trial(rate);
      trials.push(t);
      if (passes(t)) pass = rate;
      else fail = rate;
    }
    if (pass === 0) return 0;
  }
  for (let step = 0; step < 8 && (fail === Infinity || fail - pass > pass * 0.1); step++) {
    const rate = fail === Infinity ? Math.round(pass * 1.5) : Math.round((pass + fail) / 2);
    const t = await trial(rate);
    trials.push(t);
    if (passes(t)) pass = rate;
    else fail = rate;
  }
  return pass;
}

async function runTrial(
  stack: Stack,
  rate: number,
  ids: string[],
  refer: (id: string) => Promise<void>,
  visible: (ids: string[]) => Promise<Set<string>>,
): Promise<Trial> {
  const before = await scrapeStages(stack);
  const queues = sampleQueues(stack, 500);
  const cpu = cpuWindow({
    [stack.intake.database.name]: 'intake',
    [stack.casework.database.name]: 'casework',
    [stack.reporting.database.name]: 'reporting',
  });
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let polling = true;
  const poller = (async () => {
    while (polling || sentAt.size > 0) {
      const pending = [...sentAt.keys()];
      if (pending.length) {
        const seen = await visible(pending);
        const now = performance.now();
        for (const id of seen) {
          latencies.push(now - sentAt.get(id)!);
          sentAt.delete(id);
        }
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  })();
  const interval = 1000 / rate;
  const start = performance.now();
  const inflight: Promise<void>[] = [];
  const failures: unknown[] = [];
  for (let i = 0; i < ids.length; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    sentAt.set(ids[i], performance.now());
    // Caught at once: the loop goes on sending while earlier referrals are still in flight.
    inflight.push(refer(ids[i]).catch((err: unknown) => void failures.push(err)));
  }
  await Promise.all(inflight);
  if (failures.length) {
    polling = false;
    await poller.catch(() => undefined);
    throw new Error(`${failures.length} referrals failed at ${rate}/s; the first: ${String(failures[0])}`);
  }
  const deadline = Date.now() + 60_000;
  while (sentAt.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const spent = cpu.stop();
  polling = false;
  const lost = sentAt.size;
  sentAt.clear();
  await poller;
  const samples = await queues.stop();
  const stages = diffStages(before, await scrapeStages(stack));
  latencies.sort((a, b) => a - b);
  const cpuMsPerReferral: Record<string, number> = {};
  for (const [group, seconds] of Object.entries(spent.byGroup)) {
    cpuMsPerReferral[group] = round((seconds * 1000) / ids.length);
  }
  return {
    rate,
    referrals: ids.length,
    p50: Math.round(percentile(latencies, 50)),
    p99: Math.round(percentile(latencies, 99)),
    lost,
    cpuMsPerReferral,
    queues: samples,
    stages,
  };
}

/**
 * Contacts recorded ahead of the trials (16 at a time), so a trial's load is the referrals alone.
 */
class ContactSupply {
  constructor(
    private readonly intake: ServiceProcess,
    private readonly counsellor: string,
  ) {}

  async take(n: number): Promise<string[]> {
    const ids: string[] = [];
    await drive(16, n, async () => {
      const res = await this.intake.post<{ id: string }>(
        '/api/v1/contacts',
        {
          channel: 'phone_111',
          receivedAt: new Date().toISOString(),
          purpose: 'report',
          concerns: ['violence'],
          incidentCommuneCode: COMMUNE,
          children: [{ sex: 'female', ageYears: 9 }],
        },
        { token: this.counsellor },
      );
      if (res.status !== 201) throw new Error(`contact not recorded: ${res.status}`);
      ids.push(res.body.id);
    });
    return ids;
  }
}

/** One reading of every stage's queue, `t` seconds after sampling began. */
interface QueueSample {
  t: number;
  /** intake: messages recorded but not yet on Kafka. */
  intakeOutbox: number;
  /** casework: intake messages applied (referrals turned into cases) so far. */
  caseworkApplied: number;
  /** casework: case messages recorded but not yet on Kafka. */
  caseworkOutbox: number;
  /** intake: case messages applied back to the hotline's contacts so far. */
  intakeFeedbackApplied: number;
  /** reporting: messages of both topics folded into the read models so far. */
  reportingApplied: number;
}

/**
 * Samples the backlog of each stage every `everyMs`: the outboxes' unpublished rows and the consumers'
 * applied counts (a consumer's lag is what its producer published minus what it applied). One connection
 * per database, kept for the whole trial.
 */
function sampleQueues(stack: Stack, everyMs: number): { stop: () => Promise<QueueSample[]> } {
  const pools = {
    intake: new Pool({ connectionString: stack.intake.database.url, max: 1 }),
    casework: new Pool({ connectionString: stack.casework.database.url, max: 1 }),
    reporting: new Pool({ connectionString: stack.reporting.database.url, max: 1 }),
  };
  // -1: the table does not exist (an older version of a service, when bisecting).
  const count = async (pool: Pool, sql: string): Promise<number> =>
    pool.query<{ n: number }>(sql).then(
      (r) => r.rows[0].n,
      () => -1,
    );
  const samples: QueueSample[] = [];
  const t0 = performance.now();
  let running = true;
  const loop = (async () => {
    while (running) {
      const [intakeOutbox, caseworkOutbox, caseworkApplied, intakeFeedbackApplied, reportingApplied] =
        await Promise.all([
          count(pools.intake, 'SELECT count(*)::int AS n FROM es_outbox WHERE published_at IS NULL'),
          count(pools.casework, 'SELECT count(*)::int AS n FROM es_outbox WHERE published_at IS NULL'),
          count(pools.casework, 'SELECT count(*)::int AS n FROM msg_inbox'),
          count(pools.intake, 'SELECT count(*)::int AS n FROM msg_inbox'),
          count(
            pools.reporting,
            `SELECT count(*)::int AS n FROM msg_inbox WHERE consumer LIKE '%.projections'`,
          ),
        ]);
      samples.push({
        t: Math.round(performance.now() - t0) / 1000,
        intakeOutbox,
        caseworkApplied,
        caseworkOutbox,
        intakeFeedbackApplied,
        reportingApplied,
      });
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      await Promise.all(Object.values(pools).map((p) => p.end()));
      return samples;
    },
  };
}

function resultsDir(): string {
  const dir = join(__dirname, '..', '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Sum and count of every histogram series of the pipeline's stages, by service and labels. */
type StageTotals = Record<string, { sum: number; count: number }>;

const STAGE_METRICS = [
  'cp_consumer_apply_seconds',
  'cp_consumer_batch_size',
  'cp_consumer_lag_seconds',
  'cp_outbox_publish_seconds',
  'cp_outbox_batch_size',
  'cp_http_request_duration_seconds',
];

async function scrapeStages(stack: Stack): Promise<StageTotals> {
  const out: StageTotals = {};
  for (const svc of [stack.intake, stack.casework, stack.reporting]) {
    const res = await svc.get<string>('/metrics');
    for (const line of String(res.body).split('\n')) {
      const m = /^(\w+)_(sum|count)\{([^}]*)\} ([0-9.e+-]+)$/.exec(line);
      if (!m || !STAGE_METRICS.includes(m[1])) continue;
      // Keep the labels that tell stages apart; drop the service's and the stack's prefixes.
      const labels = m[3]
        .split(',')
        .filter((l) => !l.startsWith('service=') && !l.startsWith('topic='))
        .map((l) => l.replace(/"e2e\.[^".]+\./, '"'))
        .join(',');
      const key = `${svc.app} ${m[1]}{${labels}}`;
      const entry = (out[key] ??= { sum: 0, count: 0 });
      entry[m[2] as 'sum' | 'count'] += Number(m[4]);
    }
  }
  return out;
}

/** What happened between two scrapes: count and mean per series. */
function diffStages(
  before: StageTotals,
  after: StageTotals,
): Record<string, { count: number; mean: number }> {
  const out: Record<string, { count: number; mean: number }> = {};
  for (const [k, v] of Object.entries(after)) {
    const b = before[k] ?? { sum: 0, count: 0 };
    const count = v.count - b.count;
    if (count > 0) out[k] = { count, mean: round((v.sum - b.sum) / count, 5) };
  }
  return out;
}

function round(v: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
