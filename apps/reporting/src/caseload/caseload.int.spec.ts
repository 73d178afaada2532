import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AdminUnits } from '@cp/admin-units';
import type { AuthUser } from '@cp/auth';
import type {
  CaseOpenedV1,
  CaseUpdatedV1,
  DeadlineV1,
  IntegrationEnvelope,
  ReportReferredV1,
} from '@cp/contracts';
import { createTestDatabase } from '@cp/testing';
import { REPORTING_MIGRATIONS } from '../migrations';
import { CaseloadProjection } from './caseload.projection';
import { CaseloadHandler, CaseloadQuery, DashboardHandler, DashboardQuery } from './caseload.queries';

// The caseload read model against a real PostgreSQL: what the projection keeps of each case (moving only
// forward, by case version), and what the caseload list and the dashboard count from it.

jest.setTimeout(60000);

const BA_DINH = '00004'; // Phường Ba Đình, Hà Nội (01)
const NGOC_HA = '00008'; // Phường Ngọc Hà, Hà Nội (01)
const officer: AuthUser = { sub: 'officer-1', name: 'P', roles: ['provincial_officer'], units: ['01'] };
const worker: AuthUser = { sub: 'worker-1', name: 'W', roles: ['commune_worker'], units: [BA_DINH] };

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let ds: DataSource;
const projection = new CaseloadProjection();
let caseload: CaseloadHandler;
let dashboard: DashboardHandler;

function envelope<T>(
  producer: 'casework' | 'intake',
  aggregateId: string,
  version: number,
  type: string,
  data: T,
): IntegrationEnvelope<string, T> {
  return {
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    aggregateId,
    aggregateVersion: version,
    occurredAt: new Date().toISOString(),
    producer,
    correlationId: randomUUID(),
    causationId: null,
    actor: { id: 'worker-1', roles: ['commune_worker'], unit: BA_DINH },
    data,
  };
}

const hoursFromNow = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

const deadline = (over: Partial<DeadlineV1>): DeadlineV1 => ({
  id: 'initial_assessment:1',
  kind: 'initial_assessment',
  dueAt: hoursFromNow(12),
  startedAt: hoursFromNow(0),
  policyVersion: 'national-1',
  calendarVersion: null,
  rule: '12 hours',
  status: 'open',
  metAt: null,
  metRecordedAt: null,
  missedAt: null,
  ...over,
});

const opened = (caseId: string, communeCode: string, deadlines: DeadlineV1[] = [deadline({})]) =>
  envelope<CaseOpenedV1>('casework', caseId, 1, 'CaseOpened', {
    caseId,
    source: { kind: 'commune_direct' },
    communeCode,
    provinceCode: '01',
    status: 'received',
    level: null,
    receivedAt: hoursFromNow(-1),
    openedAt: hoursFromNow(-1),
    children: [{ childRef: 'c-1', sex: 'female', ageYears: 9 }],
    category: 'abused',
    setting: 'family',
    concerns: ['violence'],
    urgent: false,
    deadlines,
  });

const step = (caseId: string, version: number, type: string, state: Partial<CaseUpdatedV1>) =>
  envelope<CaseUpdatedV1>('casework', caseId, version, type, {
    caseId,
    contactId: null,
    status: 'assessing',
    level: null,
    communeCode: BA_DINH,
    provinceCode: '01',
    incidentCommuneCode: BA_DINH,
    residenceCommuneCode: null,
    assignedWorkerId: 'worker-1',
    closureReason: null,
    at: new Date().toISOString(),
    deadlines: [],
    details: {},
    ...state,
  });

const row = async (caseId: string) =>
  (
    await ds.query(
      `SELECT status, level, missed_count, next_due_at, case_version, commune_code,
              jsonb_array_length(open_deadlines) AS open_deadlines
       FROM rm_caseload WHERE case_id = $1`,
      [caseId],
    )
  )[0] as Record<string, unknown>;

const A = randomUUID(); // Ba Đình, received, its assessment due in 12 hours: open, not overdue
const B = randomUUID(); // Ba Đình, assessing: one deadline missed, one past due
const C = randomUUID(); // Ngọc Hà, closed
const missedAt = hoursFromNow(-2);
const pastDue = hoursFromNow(-1);

beforeAll(async () => {
  db = await createTestDatabase('caseload');
  ds = await db.migrated(REPORTING_MIGRATIONS);
  const units = AdminUnits.load();
  caseload = new CaseloadHandler(ds, units);
  dashboard = new DashboardHandler(ds, units);
  const sql = { query: (text: string, params?: unknown[]) => ds.query(text, params) };
  const apply = (e: IntegrationEnvelope) => projection.apply(e, sql);

  await apply(opened(A, BA_DINH));
  await apply(opened(A, BA_DINH)); // redelivered: still one case
  await apply(opened(B, BA_DINH));
  await apply(
    step(B, 2, 'CaseWorkerAssigned', {
      status: 'assessing',
      deadlines: [
        deadline({ id: 'initial_assessment:1', status: 'missed', dueAt: missedAt, missedAt }),
        deadline({ id: 'emergency_measures:1', kind: 'emergency_measures', dueAt: pastDue }),
        deadline({ id: 'review:1', kind: 'review', dueAt: hoursFromNow(48) }),
        deadline({ id: 'met:1', kind: 'plan_draft', status: 'met', dueAt: hoursFromNow(-5) }),
      ],
    }),
  );
  // An older step arriving late, and the same version again with another status: neither moves it back.
  await apply(step(B, 1, 'CaseOpenedLate', { status: 'received', deadlines: [] }));
  await apply(step(B, 2, 'CaseWorkerAssigned', { status: 'planning', deadlines: [] }));
  await apply(opened(C, NGOC_HA, []));
  await apply(
    step(C, 2, 'CaseClosed', { status: 'closed', communeCode: NGOC_HA, closureReason: 'plan_ended' }),
  );

  const referral: ReportReferredV1 = {
    referralId: randomUUID(),
    contactId: randomUUID(),
    communeCode: BA_DINH,
    provinceCode: '01',
    urgent: true,
    receivedAt: hoursFromNow(-3),
    referredAt: hoursFromNow(-2),
  } as ReportReferredV1;
  await apply(envelope('intake', referral.contactId, 2, 'ReportReferred', referral));
  await apply(envelope('intake', referral.contactId, 2, 'ReportReferred', referral));
  // intake's other messages are not case steps: they never touch the caseload.
  await apply(envelope('intake', referral.contactId, 3, 'ContactClosed', { status: 'closed' }));
});

afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

it('keeps one row per case, moving only forward by case version', async () => {
  const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM rm_caseload`);
  expect(n).toBe(3);
  expect(await row(A)).toMatchObject({
    status: 'received',
    missed_count: 0,
    case_version: 1,
    open_deadlines: 1,
  });
  const b = await row(B);
  // Missed once; the next due is the earliest deadline still pending (the missed one counts as pending).
  expect(b).toMatchObject({ status: 'assessing', missed_count: 1, case_version: 2, open_deadlines: 3 });
  expect(new Date(b.next_due_at as string).toISOString()).toBe(missedAt);
  expect(await row(C)).toMatchObject({ status: 'closed', commune_code: NGOC_HA, case_version: 2 });
});

it('records each referral once, and nothing else from intake', async () => {
  const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM rm_referrals`);
  expect(n).toBe(1);
});

it('lists the caseload of a province or a commune, and only the overdue when asked', async () => {
  const province = await caseload.execute(new CaseloadQuery(officer, { unit: '01' }));
  expect(province.count).toBe(3);
  const commune = await caseload.execute(new CaseloadQuery(worker, {}));
  expect(commune.unit).toBe(BA_DINH);
  expect(commune.items.map((c) => c.caseId).sort()).toEqual([A, B].sort());
  const overdue = await caseload.execute(new CaseloadQuery(officer, { unit: '01', overdue: true }));
  expect(overdue.items.map((c) => c.caseId)).toEqual([B]);
  expect(overdue.items[0].missedDeadlines).toBe(1);
  await expect(caseload.execute(new CaseloadQuery(worker, { unit: NGOC_HA }))).rejects.toMatchObject({
    code: 'CASELOAD.OUT_OF_JURISDICTION',
  });
});

it('counts open and overdue cases on the dashboard, by step and by commune', async () => {
  const d = await dashboard.execute(new DashboardQuery(officer, { unit: '01' }));
  expect(d.openCases).toMatchObject({ total: 2, overdue: 1 });
  expect(d.openCases.byStepAndLevel).toEqual([
    { step: 'assessing', level: 'undecided', count: 1, overdue: 1 },
    { step: 'received', level: 'undecided', count: 1, overdue: 0 },
  ]);
  // The oldest overdue items: B's missed assessment first, then its past-due emergency measures.
  expect(d.oldestOverdue.map((o) => [o.caseId, o.deadline])).toEqual([
    [B, 'initial_assessment'],
    [B, 'emergency_measures'],
  ]);
  expect(d.units).toEqual([
    expect.objectContaining({ code: BA_DINH, open: 2, overdue: 1, total: 2 }),
    expect.objectContaining({ code: NGOC_HA, open: 0, overdue: 0, total: 1 }),
  ]);
});
