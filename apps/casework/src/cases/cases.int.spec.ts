import type { DataSource } from 'typeorm';
import { AdminUnits } from '@cp/admin-units';
import type { AuthUser } from '@cp/auth';
import { ConcurrencyError, EventStore, load } from '@cp/event-store';
import { Metrics } from '@cp/observability';
import { openDatabase, type MessagingLifecycle } from '@cp/platform';
import { createTestDatabase } from '@cp/testing';
import type { CaseworkConfig } from '../config';
import { CaseIndex1763900002100 } from './case-index';
import { CasesService, streamId } from './cases.service';
import { DeadlineWatcher } from './deadline-watcher';
import { caseDecider } from './domain/case';
import { NATIONAL_DEFAULT_POLICY, WEEKENDS_ONLY } from './domain/deadline-policy';
import type { DeadlineRulesSource } from './deadline-rules';

// The service against a real PostgreSQL: what a command returns is what the stored events fold to, the
// case index follows every command, and racing watchers report a missed deadline once.

const COMMUNE = '00004';
const worker: AuthUser = { sub: 'w-1', name: 'W', roles: ['commune_worker'], units: [COMMUNE] };
const chair: AuthUser = { sub: 'c-1', name: 'C', roles: ['commune_chair'], units: [COMMUNE] };
const rules: DeadlineRulesSource = {
  rulesFor: () => Promise.resolve({ policy: NATIONAL_DEFAULT_POLICY, calendar: WEEKENDS_ONLY }),
};
const silent = { info: () => undefined, error: () => undefined, warn: () => undefined };

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let ds: DataSource;
let store: EventStore;
let cases: CasesService;

beforeAll(async () => {
  db = await createTestDatabase('casework_service');
  ds = await openDatabase(db.url, [CaseIndex1763900002100], 10);
  store = new EventStore(ds);
  // Kafka is not part of this test: the outbox rows are written, nobody relays them.
  cases = new CasesService(store, AdminUnits.load(), {} as MessagingLifecycle, rules);
});

afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

async function openCase(receivedAt: string) {
  const { view } = await cases.openDirect(chair, {
    receivedAt,
    incidentCommuneCode: COMMUNE,
    concerns: ['violence'],
    children: [{ sex: 'female', ageYears: 8 }],
  });
  return view;
}

it('returns after each command exactly the state its stored events fold to, and indexes the case', async () => {
  const opened = await openCase(hoursAgo(1));
  const assigned = await cases.step(chair, opened.id, { type: 'AssignWorker', workerId: 'w-1' }, 1);
  const assessed = await cases.step(
    worker,
    opened.id,
    {
      type: 'RecordInitialAssessment',
      scores: {
        severity_of_harm: 'medium',
        abuser_access: 'low',
        care_setting_obstacles: 'low',
        child_capacity: 'low',
      },
      seriousThreat: false,
      caregiverIsAbuser: false,
      outcome: 'support',
      summary: 'Neighbours heard shouting.',
    },
    2,
  );
  expect(assigned.view.version).toBe(2);
  const now = await cases.get(worker, opened.id);
  expect({ ...now, asOf: '' }).toEqual({ ...assessed.view, asOf: '' });
  const history = await cases.history(worker, opened.id);
  const asAssigned = await cases.get(worker, opened.id, String(history[1].recordedAt));
  expect(asAssigned).toMatchObject({ version: 2, status: 'assessing', level: null });
  await expect(
    cases.get(worker, opened.id, new Date(Date.now() + 3_600_000).toISOString()),
  ).rejects.toMatchObject({
    code: 'CASE.AT_IN_FUTURE',
  });
  const loaded = await load(store, caseDecider, streamId(opened.id));
  expect(loaded.state.status).toBe('planning');
  const [row] = await ds.query(`SELECT * FROM cw_case_index WHERE case_id = $1`, [opened.id]);
  expect(row).toMatchObject({ status: 'planning', level: 'support', assigned_worker_id: 'w-1', version: 3 });
  expect(new Date(row.next_due_at as string).toISOString()).toBe(
    assessed.view.deadlines.find((d) => d.kind === 'plan_draft')!.dueAt,
  );
  const list = await cases.list(worker, { worker: 'me' });
  expect(list.map((c) => c.id)).toContain(opened.id);
});

it('lets one of two simultaneous changes through and refuses the other with the current version', async () => {
  const opened = await openCase(hoursAgo(1));
  const results = await Promise.allSettled([
    cases.step(chair, opened.id, { type: 'AssignWorker', workerId: 'w-1' }, 1),
    cases.step(chair, opened.id, { type: 'AssignWorker', workerId: 'w-2' }, 1),
  ]);
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
  expect(refused.reason).toBeInstanceOf(ConcurrencyError);
  expect(refused.reason).toMatchObject({ code: 'CONCURRENCY.VERSION_CONFLICT' });
  expect((await load(store, caseDecider, streamId(opened.id))).version).toBe(2);
});

it('reports a missed deadline once, however many watchers look at the same time', async () => {
  const late = await openCase(hoursAgo(13));
  const onTime = await openCase(hoursAgo(1));
  const config = { deadlineScanMs: 0 } as CaseworkConfig;
  const watchers = [1, 2, 3].map(
    () => new DeadlineWatcher(config, silent as never, store, cases, new Metrics('casework-test')),
  );
  await Promise.all(watchers.map((w) => w.scan()));
  await watchers[0].scan();
  const events = await store.readStream(streamId(late.id));
  expect(events.filter((e) => e.type === 'DeadlineMissed')).toHaveLength(1);
  expect(events.find((e) => e.type === 'DeadlineMissed')?.data).toMatchObject({
    deadlineId: 'initial_assessment:1',
  });
  const view = await cases.get(worker, late.id);
  expect(view.deadlines[0]).toMatchObject({ status: 'missed', overdue: true });
  const untouched = await store.readStream(streamId(onTime.id));
  expect(untouched.map((e) => e.type)).toEqual(['CaseOpened']);
  const [row] = await ds.query(`SELECT next_due_at, overdue_count FROM cw_case_index WHERE case_id = $1`, [
    late.id,
  ]);
  expect(row).toMatchObject({ next_due_at: null, overdue_count: 1 });
});

it('rebuilds the case index from the events', async () => {
  const opened = await openCase(hoursAgo(2));
  const [before] = await ds.query(`SELECT * FROM cw_case_index WHERE case_id = $1`, [opened.id]);
  await ds.query(`DELETE FROM cw_case_index`);
  expect(await cases.rebuildIndex(true)).toBeGreaterThan(0);
  expect(await cases.rebuildIndex(true)).toBe(0);
  const [after] = await ds.query(`SELECT * FROM cw_case_index WHERE case_id = $1`, [opened.id]);
  expect({ ...after, updated_at: null }).toEqual({ ...before, updated_at: null });
});

it('decides on the stored case when another instance changed it since this one last wrote it', async () => {
  const other = new CasesService(store, AdminUnits.load(), {} as MessagingLifecycle, rules);
  const opened = await openCase(hoursAgo(1));
  await cases.step(chair, opened.id, { type: 'AssignWorker', workerId: 'w-1' }, 1); // this instance: v2
  await other.step(chair, opened.id, { type: 'AssignWorker', workerId: 'w-2' }, 2); // another: v3
  // This instance still remembers v2: with If-Match 2 the user is told the case moved on…
  await expect(
    cases.step(chair, opened.id, { type: 'AssignWorker', workerId: 'w-3' }, 2),
  ).rejects.toMatchObject({ code: 'CONCURRENCY.VERSION_CONFLICT', currentVersion: 3 });
  // …and without If-Match the step is decided on v3 as stored, not on the remembered v2.
  const { view } = await cases.step(chair, opened.id, { type: 'AssignWorker', workerId: 'w-2' }, undefined);
  expect(view.version).toBe(3); // w-2 is already assigned at v3: nothing to append
  const moved = await cases.step(chair, opened.id, { type: 'AssignWorker', workerId: 'w-4' }, 3);
  expect(moved.view).toMatchObject({ version: 4, assignedWorkerId: 'w-4' });
  const stored = await load(store, caseDecider, streamId(opened.id));
  expect(stored.state.assignedWorkerId).toBe('w-4');
  expect(stored.events.map((e) => (e.data as { workerId?: string }).workerId ?? null)).toEqual([
    null,
    'w-1',
    'w-2',
    'w-4',
  ]);
});
