import { randomUUID } from 'node:crypto';
import { TOPICS } from '@cp/contracts';
import { ServiceProcess, token, type HttpResponse } from '../tests/e2e/support/stack';
import { freshDatabase, percentile, rawInsertRate, type Result } from './lib';
import { startLoneService } from './lone-service';

/** Phường Ba Đình, Hà Nội (libs/admin-units/data/admin-units-2025-07.json). */
const COMMUNE = '00004';
const CONCURRENCY = 16;
/** Commands of one lifecycle: the case opened, then the nine steps of `lifecycle()`. */
const COMMANDS_PER_LIFECYCLE = 10;

interface Actors {
  worker: string;
  chair: string;
  workerId: string;
}

interface StepDef {
  path: string;
  as: 'worker' | 'chair';
  body: (itemId: string) => unknown;
}

const SCORES = {
  severity_of_harm: 'medium',
  abuser_access: 'low',
  care_setting_obstacles: 'medium',
  child_capacity: 'low',
};
const LOW = {
  severity_of_harm: 'low',
  abuser_access: 'low',
  care_setting_obstacles: 'low',
  child_capacity: 'low',
};

/** A local (UTC+7) date `days` from now, YYYY-MM-DD: plan items are due in the future. */
const localDateIn = (days: number): string =>
  new Date(Date.now() + days * 86_400_000 + 7 * 3_600_000).toISOString().slice(0, 10);

const service = (itemId: string) => ({
  itemId,
  provider: 'Trạm y tế xã',
  description: 'Buổi tham vấn tâm lý hằng tuần',
  completesItem: false,
});

const review = () => ({
  scores: LOW,
  childSafe: false,
  stability: { physical: true, psychological: false, cognitive: true, emotional: false },
  outcome: 'continue',
  notes: 'Tiếp tục kế hoạch; trẻ chưa ổn định về tâm lý.',
});

/**
 * After the case is opened (directly by the commune): the support-level procedure up to the first review,
 * with the role that does each step (case.permissions.ts) and a valid body (case.fixtures.ts).
 */
function lifecycle(actors: Actors): StepDef[] {
  return [
    { path: 'assignment', as: 'chair', body: () => ({ workerId: actors.workerId }) },
    {
      path: 'initial-assessment',
      as: 'worker',
      body: () => ({
        scores: SCORES,
        seriousThreat: false,
        caregiverIsAbuser: false,
        outcome: 'support',
        summary: 'Trẻ bị bỏ mặc sau giờ học; cha mẹ đi làm xa.',
      }),
    },
    {
      path: 'detailed-assessment',
      as: 'worker',
      body: () => ({
        scores: SCORES,
        needs: ['psychological', 'family_support'],
        summary: 'Cần tham vấn và hỗ trợ gia đình.',
      }),
    },
    {
      path: 'needs-meeting',
      as: 'chair',
      body: () => ({
        participants: [
          { role: 'commune_chair' },
          { role: 'commune_worker' },
          { role: 'parent' },
          { role: 'child' },
        ],
        childViews: { heard: true, summary: 'Muốn được ở với bà và tiếp tục đi học.' },
        minutes: 'Thống nhất tham vấn hằng tuần và hỗ trợ gia đình.',
      }),
    },
    {
      path: 'plan',
      as: 'worker',
      body: (itemId) => ({
        goals: ['Trẻ an toàn và được chăm sóc tại gia đình'],
        items: [
          {
            itemId,
            measure: 'counselling',
            description: 'Tham vấn tâm lý hằng tuần',
            responsibleBody: 'Trạm y tế xã',
            dueDate: localDateIn(60),
          },
        ],
      }),
    },
    { path: 'plan/submission', as: 'worker', body: () => ({}) },
    {
      path: 'plan/decision',
      as: 'chair',
      body: () => ({ decision: 'approve', decisionNo: '15/QĐ-UBND' }),
    },
    { path: 'services', as: 'worker', body: service },
    { path: 'reviews', as: 'worker', body: review },
  ];
}

interface CaseBody {
  id: string;
  version: number;
}

function expectOk<T>(
  res: HttpResponse<T>,
  status: number,
  what: string,
): HttpResponse<T> & { version: number } {
  if (res.status !== status || res.version === undefined) {
    throw new Error(
      `casework ${what}: expected HTTP ${status} with an ETag, got ${res.status}: ${JSON.stringify(res.body)}`,
    );
  }
  return res as HttpResponse<T> & { version: number };
}

/** One commune client: opens a case and carries it, each step with If-Match of the previous ETag. */
class CaseClient {
  constructor(
    private readonly svc: ServiceProcess,
    private readonly actors: Actors,
  ) {}

  async open(): Promise<{ id: string; version: number }> {
    const res = expectOk(
      await this.svc.post<CaseBody>(
        '/api/v1/cases',
        {
          receivedAt: new Date().toISOString(),
          incidentCommuneCode: COMMUNE,
          concerns: ['neglect'],
          children: [{ sex: 'female', ageYears: 9 }],
        },
        { token: this.actors.chair },
      ),
      201,
      'open case',
    );
    return { id: res.body.id, version: res.version };
  }

  async step(id: string, version: number, s: StepDef, itemId: string): Promise<number> {
    const res = await this.svc.post<CaseBody>(`/api/v1/cases/${id}/${s.path}`, s.body(itemId), {
      token: s.as === 'worker' ? this.actors.worker : this.actors.chair,
      headers: { 'If-Match': `"${version}"` },
    });
    return expectOk(res, 200, s.path).version;
  }
}

/**
 * `lifecycles` whole lifecycles from CONCURRENCY clients, each client carrying one case at a time from
 * opening to its first review; returns commands/s and the latency of every command.
 */
async function driveLifecycles(
  client: CaseClient,
  steps: StepDef[],
  lifecycles: number,
): Promise<{ perSecond: number; latenciesMs: number[] }> {
  let next = 0;
  const latencies: number[] = [];
  const timed = async <T>(fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    const out = await fn();
    latencies.push(performance.now() - t0);
    return out;
  };
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < lifecycles) {
        const itemId = randomUUID();
        const opened = await timed(() => client.open());
        let version = opened.version;
        for (const s of steps) version = await timed(() => client.step(opened.id, version, s, itemId));
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: (lifecycles * COMMANDS_PER_LIFECYCLE) / seconds, latenciesMs: latencies };
}

/**
 * The ceiling the HTTP stack itself puts on any endpoint here: an authenticated GET answered from memory
 * (the deadline policies, cached) at 16 concurrent clients — routing, guard, validation, JSON, sockets.
 */
async function httpFloor(svc: ServiceProcess, tokenValue: string, total: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < total) {
        const res = await svc.get('/api/v1/deadline-policies', { token: tokenValue });
        if (res.status !== 200) throw new Error(`deadline-policies: HTTP ${res.status}`);
      }
    }),
  );
  return total / ((performance.now() - started) / 1000);
}

/**
 * The casework service over real HTTP:
 * - commands of a realistic lifecycle (open → … → first review) at 16 concurrent clients, against raw
 *   single-row INSERTs at 16 concurrent clients measured in the same run, interleaved by round;
 * - a 200-event case shown as of an instant in its middle (`?at=`), and now, one request at a time.
 */
export async function caseworkBenchmarks(opts: {
  lifecycles: number;
  rounds: number;
  rawTotal: number;
  stateReads: number;
}): Promise<Result[]> {
  const rawDb = await freshDatabase('cw_raw');
  const started = await startLoneService('casework', [
    { name: 'referrals', topics: [TOPICS.intakeContacts] },
  ]).catch(async (err: unknown) => {
    await rawDb.drop();
    throw err;
  });
  const { svc, stop } = started;
  try {
    const workerId = `commune_worker-${COMMUNE}`;
    const actors: Actors = {
      worker: await token('commune_worker', [COMMUNE], workerId),
      chair: await token('commune_chair', [COMMUNE]),
      workerId,
    };
    const client = new CaseClient(svc, actors);
    const steps = lifecycle(actors);
    if (steps.length + 1 !== COMMANDS_PER_LIFECYCLE) throw new Error('lifecycle length changed');

    // Warm-up of both paths (JIT, connection pools, the Kafka producer).
    await rawInsertRate(rawDb.url, CONCURRENCY, 500);
    await driveLifecycles(client, steps, CONCURRENCY * 2);

    const raw: number[] = [];
    const commands: number[] = [];
    const floors: number[] = [];
    const latencies: number[] = [];
    for (let round = 0; round < opts.rounds; round++) {
      raw.push(await rawInsertRate(rawDb.url, CONCURRENCY, opts.rawTotal));
      const r = await driveLifecycles(client, steps, opts.lifecycles);
      commands.push(r.perSecond);
      latencies.push(...r.latenciesMs);
      floors.push(await httpFloor(svc, actors.chair, opts.lifecycles * COMMANDS_PER_LIFECYCLE));
    }
    latencies.sort((a, b) => a - b);
    const rawRate = median(raw);
    const commandRate = median(commands);

    const stateAt = await stateAtBenchmark(svc, client, steps, actors, opts.stateReads);
    return [
      {
        name: 'casework.command.c16.ratio_to_raw_insert',
        value: round(commandRate / rawRate, 3),
        unit: 'ratio',
      },
      { name: 'casework.command.c16.per_s', value: round(commandRate), unit: 'commands/s' },
      { name: 'casework.command.c16.raw_insert_per_s', value: round(rawRate), unit: 'rows/s' },
      {
        name: 'casework.http_floor.c16.ratio_to_raw_insert',
        value: round(median(floors) / rawRate, 3),
        unit: 'ratio',
      },
      { name: 'casework.http_floor.c16.per_s', value: round(median(floors)), unit: 'requests/s' },
      { name: 'casework.command.c16.p50_ms', value: round(percentile(latencies, 50), 2), unit: 'ms' },
      { name: 'casework.command.c16.p99_ms', value: round(percentile(latencies, 99), 2), unit: 'ms' },
      ...stateAt,
    ];
  } finally {
    await stop().finally(() => rawDb.drop());
  }
}

/**
 * One case of ~200 events (a lifecycle, then services and reviews with outcome "continue" alternately),
 * then GET /cases/:id?at=<the instant its 100th event was recorded> and GET /cases/:id (now), alternated
 * one request at a time so drift on the machine hits both alike.
 */
async function stateAtBenchmark(
  svc: ServiceProcess,
  client: CaseClient,
  steps: StepDef[],
  actors: Actors,
  reads: number,
): Promise<Result[]> {
  const EVENTS = 200;
  const itemId = randomUUID();
  const opened = await client.open();
  let version = opened.version;
  for (const s of steps) version = await client.step(opened.id, version, s, itemId);
  const more: StepDef[] = [
    { path: 'services', as: 'worker', body: service },
    { path: 'reviews', as: 'worker', body: review },
  ];
  for (let i = 0; version < EVENTS; i++) version = await client.step(opened.id, version, more[i % 2], itemId);

  const history = await svc.get<Array<{ version: number; recordedAt: string }>>(
    `/api/v1/cases/${opened.id}/history`,
    { token: actors.worker },
  );
  if (history.status !== 200 || history.body.length !== version) {
    throw new Error(
      `casework history: got ${history.status} with ${JSON.stringify(history.body).slice(0, 300)}`,
    );
  }
  const middle = Math.floor(version / 2);
  const at = history.body.find((e) => e.version === middle)!.recordedAt;
  const atPath = `/api/v1/cases/${opened.id}?at=${encodeURIComponent(at)}`;
  const nowPath = `/api/v1/cases/${opened.id}`;
  const read = async (p: string, expected: number): Promise<number> => {
    const t0 = performance.now();
    const res = await svc.get<CaseBody>(p, { token: actors.worker });
    const ms = performance.now() - t0;
    if (res.status !== 200 || res.body.version !== expected) {
      throw new Error(
        `casework GET ${p}: expected version ${expected}, got ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`,
      );
    }
    return ms;
  };
  for (let i = 0; i < 20; i++) {
    await read(atPath, middle);
    await read(nowPath, version);
  }
  const atMs: number[] = [];
  const nowMs: number[] = [];
  for (let i = 0; i < reads; i++) {
    atMs.push(await read(atPath, middle));
    nowMs.push(await read(nowPath, version));
  }
  atMs.sort((a, b) => a - b);
  nowMs.sort((a, b) => a - b);
  return [
    { name: 'casework.state_at.p50_ms', value: round(percentile(atMs, 50), 2), unit: 'ms' },
    { name: 'casework.state_at.p99_ms', value: round(percentile(atMs, 99), 2), unit: 'ms' },
    { name: 'casework.state_current.p50_ms', value: round(percentile(nowMs, 50), 2), unit: 'ms' },
    { name: 'casework.state_current.p99_ms', value: round(percentile(nowMs, 99), 2), unit: 'ms' },
    { name: 'casework.state_at.case_events', value: version, unit: 'events' },
  ];
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function round(v: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
