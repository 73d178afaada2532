import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { AuthUser } from '@cp/auth';
import type { IntegrationEnvelope, ReportReferredV1 } from '@cp/contracts';
import { ConcurrencyError, EventStore, load } from '@cp/event-store';
import { Metrics } from '@cp/observability';
import { openDatabase } from '@cp/platform';
import { createTestDatabase } from '@cp/testing';
import type { CaseworkConfig } from '../config';
import { CaseIndex1763900002100, CaseIndexReferrals1763900002110 } from '../read/case-index';
import { caseworkByHand, type CaseworkByHand } from '../testing/casework-by-hand';
import { streamId } from './case-stream';
import { DeadlineWatcher } from '../watching/deadline-watcher';
import { caseDecider } from '../domain/case.decider';
import { NATIONAL_DEFAULT_POLICY, WEEKENDS_ONLY } from '../domain/deadline-policy';
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
let cases: CaseworkByHand;

beforeAll(async () => {
  db = await createTestDatabase('casework_service');
  ds = await openDatabase(db.url, [CaseIndex1763900002100, CaseIndexReferrals1763900002110], 10);
  store = new EventStore(ds);
  // Kafka is not part of this test: the outbox rows are written, nobody relays them.
  cases = caseworkByHand(store, rules);
});

afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

/** The chair opens a case of violence in COMMUNE against a girl of 8 (who lives in `residence`, if given). */
async function openCase(receivedAt: string, residence?: string) {
  const { view } = await cases.openDirect(chair, {
    receivedAt,
    incidentCommuneCode: COMMUNE,
    ...(residence ? { residenceCommuneCode: residence } : {}),
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
    () =>
      new DeadlineWatcher(
        config,
        silent as never,
        store,
        cases.writer,
        cases.reader,
        new Metrics('casework-test'),
      ),
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
  const other = caseworkByHand(store, rules);
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

// ───────────── who may read and act (README "Who may do what") ─────────────

const counsellorX: AuthUser = { sub: 'hc-x', name: 'X', roles: ['hotline_counsellor'], units: ['VN'] };
const counsellorY: AuthUser = { sub: 'hc-y', name: 'Y', roles: ['hotline_counsellor'], units: ['VN'] };
const supervisor: AuthUser = { sub: 'hs-1', name: 'S', roles: ['hotline_supervisor'], units: ['79'] };

/** What intake publishes when counsellor `by` refers a report to `commune`; casework opens the case. */
async function referral(by: AuthUser, commune = COMMUNE): Promise<string> {
  const referralId = randomUUID();
  const data: ReportReferredV1 = {
    contactId: randomUUID(),
    referralId,
    communeCode: commune,
    provinceCode: '01',
    receivedAt: hoursAgo(1),
    referredAt: hoursAgo(0.5),
    channel: 'phone_111',
    urgent: false,
    children: [{ childRef: randomUUID(), sex: 'female', ageYears: 9 }],
    concerns: ['violence'],
  };
  const env: IntegrationEnvelope = {
    eventId: randomUUID(),
    type: 'ReportReferred',
    schemaVersion: 1,
    aggregateId: data.contactId,
    aggregateVersion: 2,
    occurredAt: data.referredAt,
    producer: 'intake',
    correlationId: randomUUID(),
    causationId: null,
    actor: { id: by.sub, roles: by.roles, unit: 'VN' },
    data,
  };
  const consumer = cases;
  await consumer.onIntakeEvent(env, store.sql);
  const [row] = await ds.query(
    `SELECT case_id FROM cw_case_index WHERE referred_by = $1 ORDER BY updated_at DESC`,
    [by.sub],
  );
  return String(row.case_id);
}

describe('hotline roles follow the cases they referred (own-referrals)', () => {
  it('records who referred the case in the index, and a rebuild keeps it', async () => {
    const caseId = await referral(counsellorX);
    const [row] = await ds.query(`SELECT source_kind, referred_by FROM cw_case_index WHERE case_id = $1`, [
      caseId,
    ]);
    expect(row).toEqual({ source_kind: 'hotline_referral', referred_by: 'hc-x' });
    await cases.rebuildIndex(false);
    const [again] = await ds.query(`SELECT referred_by FROM cw_case_index WHERE case_id = $1`, [caseId]);
    expect(again.referred_by).toBe('hc-x');
  });

  it('gives the referring counsellor the follow-up view, without the case narrative', async () => {
    const caseId = await referral(counsellorX);
    await cases.step(chair, caseId, { type: 'AssignWorker', workerId: 'w-1' }, 1);
    await cases.step(
      worker,
      caseId,
      {
        type: 'RecordInitialAssessment',
        scores: {
          severity_of_harm: 'low',
          abuser_access: 'low',
          care_setting_obstacles: 'low',
          child_capacity: 'low',
        },
        seriousThreat: false,
        caregiverIsAbuser: false,
        outcome: 'support',
        summary: 'The family is under strain.',
      },
      2,
    );
    const read = await cases.read(counsellorX, caseId);
    expect(read.kind).toBe('follow_up');
    expect(Object.keys(read.view).sort()).toEqual(
      [
        'id',
        'version',
        'view',
        'source',
        'state',
        'takenUp',
        'overdue',
        'urgent',
        'incidentCommuneCode',
        'carryingCommuneCode',
        'assignedWorkerId',
        'receivedAt',
        'openedAt',
        'closedAt',
        'asOf',
      ].sort(),
    );
    // Status-level only: no stage, level, deadlines or next steps (they tell what happened to the child).
    expect(read.view).toMatchObject({
      view: 'follow_up',
      state: 'open',
      takenUp: true,
      overdue: false,
      assignedWorkerId: 'w-1',
    });
    expect(JSON.stringify(read.view)).not.toMatch(/planning|support|initial_assessment|deadline|nextSteps/);
    expect(JSON.stringify(read.view)).not.toContain('The family is under strain.');
    // The commune reads the case file.
    expect((await cases.read(worker, caseId)).kind).toBe('case');
  });

  it("answers 404 to a counsellor for a case another counsellor referred, and lists only one's own", async () => {
    const mine = await referral(counsellorX);
    const theirs = await referral(counsellorY);
    await expect(cases.read(counsellorX, theirs)).rejects.toMatchObject({ code: 'CASE.NOT_FOUND' });
    await expect(cases.read(counsellorY, mine)).rejects.toMatchObject({ code: 'CASE.NOT_FOUND' });
    const listed = (await cases.list(counsellorX, { limit: 500 })).map((c) => c.id);
    expect(listed).toContain(mine);
    expect(listed).not.toContain(theirs);
  });

  it('lets a supervisor follow every hotline referral, whatever their units, and no direct report', async () => {
    const referred = await referral(counsellorY);
    const direct = await openCase(hoursAgo(1));
    expect((await cases.read(supervisor, referred)).kind).toBe('follow_up');
    await expect(cases.read(supervisor, direct.id)).rejects.toMatchObject({ code: 'CASE.NOT_FOUND' });
    await expect(cases.read(counsellorX, direct.id)).rejects.toMatchObject({ code: 'CASE.NOT_FOUND' });
    const listed = (await cases.list(supervisor, { limit: 500 })).map((c) => c.id);
    expect(listed).toContain(referred);
    expect(listed).not.toContain(direct.id);
    // The case file's routes stay closed to the hotline.
    await expect(cases.get(supervisor, referred)).rejects.toMatchObject({ code: 'CASE.NOT_FOUND' });
    await expect(cases.history(counsellorY, referred)).rejects.toMatchObject({ code: 'CASE.NOT_FOUND' });
  });
});

describe('commune roles act only for communes', () => {
  for (const units of [['01'], ['VN']]) {
    it(`refuses a commune worker and chair whose token carries ${units[0]}`, async () => {
      const opened = await openCase(hoursAgo(1));
      const provWorker: AuthUser = { ...worker, sub: 'w-p', units };
      const provChair: AuthUser = { ...chair, sub: 'c-p', units };
      await expect(cases.get(provWorker, opened.id)).rejects.toMatchObject({ code: 'CASE.NOT_FOUND' });
      await expect(cases.read(provChair, opened.id)).rejects.toMatchObject({ code: 'CASE.NOT_FOUND' });
      await expect(
        cases.step(provChair, opened.id, { type: 'AssignWorker', workerId: 'w-1' }, 1),
      ).rejects.toMatchObject({ code: 'CASE.NOT_FOUND' });
      expect((await cases.list(provWorker, { limit: 500 })).map((c) => c.id)).not.toContain(opened.id);
      await expect(
        cases.openDirect(provChair, {
          receivedAt: hoursAgo(1),
          incidentCommuneCode: COMMUNE,
          concerns: ['violence'],
          children: [{ sex: 'male', ageYears: 5 }],
        }),
      ).rejects.toMatchObject({ code: 'CASE.OUT_OF_JURISDICTION' });
    });
  }

  it('keeps a provincial officer province-wide', async () => {
    const opened = await openCase(hoursAgo(1));
    const officer: AuthUser = { sub: 'po-1', name: 'P', roles: ['provincial_officer'], units: ['01'] };
    expect((await cases.get(officer, opened.id)).id).toBe(opened.id);
    expect((await cases.list(officer, { limit: 500 })).map((c) => c.id)).toContain(opened.id);
  });
});

it('finds a case by province in the list exactly when the single read lets the province see it', async () => {
  // Incident in 00004 (province 01), the child living in 25747 (province 79): province 79 reads it by id,
  // and now finds it in its list too (the list used to ask only for the carrying commune's province).
  const view = await openCase(hoursAgo(1), '25747');
  const officer79: AuthUser = { sub: 'po-79', name: 'P', roles: ['provincial_officer'], units: ['79'] };
  const officer48: AuthUser = { sub: 'po-48', name: 'P', roles: ['provincial_officer'], units: ['48'] };
  expect((await cases.get(officer79, view.id)).id).toBe(view.id);
  expect((await cases.list(officer79, { limit: 500 })).map((c) => c.id)).toContain(view.id);
  await expect(cases.get(officer48, view.id)).rejects.toMatchObject({ code: 'CASE.NOT_FOUND' });
  expect((await cases.list(officer48, { limit: 500 })).map((c) => c.id)).not.toContain(view.id);
});

it('refuses a commune that sees the case without carrying it with 403, whatever its If-Match', async () => {
  const view = await openCase(hoursAgo(1), '00008');
  const residenceChair: AuthUser = { sub: 'c-r', name: 'R', roles: ['commune_chair'], units: ['00008'] };
  expect((await cases.get(residenceChair, view.id)).id).toBe(view.id);
  for (const ifMatch of [999, 1, undefined]) {
    await expect(
      cases.step(residenceChair, view.id, { type: 'AssignWorker', workerId: 'w-9' }, ifMatch),
    ).rejects.toMatchObject({ code: 'CASE.NOT_OWNING_COMMUNE', kind: 'forbidden' });
  }
  // The carrying commune with a stale If-Match still gets the version conflict.
  await expect(
    cases.step(chair, view.id, { type: 'AssignWorker', workerId: 'w-9' }, 999),
  ).rejects.toMatchObject({ code: 'CONCURRENCY.VERSION_CONFLICT' });
});

it('still answers a repeat of a step with its first result after the case moved to another commune', async () => {
  const opened = await openCase(hoursAgo(1));
  const chairB: AuthUser = { sub: 'c-b', name: 'B', roles: ['commune_chair'], units: ['00008'] };
  const key = { key: `transfer-${opened.id}`, fingerprint: 'same-request' };
  const transfer = {
    type: 'RequestTransfer',
    toCommuneCode: '00008',
    toProvinceCode: '',
    reason: 'Moved.',
  } as const;
  const first = await cases.step(chair, opened.id, transfer, 1, key);
  await cases.step(chairB, opened.id, { type: 'AcceptTransfer' }, first.view.version);
  // Chair A no longer carries the case: a new step is refused before any version check…
  await expect(
    cases.step(chair, opened.id, { type: 'AssignWorker', workerId: 'w-1' }, 999),
  ).rejects.toMatchObject({ code: 'CASE.NOT_OWNING_COMMUNE' });
  // …but the repeat of the request A's key carried out answers as the first time.
  const again = await cases.step(chair, opened.id, transfer, 1, key);
  expect(again).toMatchObject({ replayed: true, view: { version: first.view.version } });
});
