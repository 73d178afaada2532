import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AdminUnits } from '@cp/admin-units';
import type { CaseOpenedV1, CaseUpdatedV1, DeadlineV1, IntegrationEnvelope } from '@cp/contracts';
import { createTestDatabase } from '@cp/testing';
import { REPORTING_MIGRATIONS } from '../migrations';
import { LIVE } from '../projections/projection';
import { buildPeriodicReport } from '../reports/report-builder';
import { communeResolver } from './commune-resolver';
import { parsePeriod, previousYear } from './period';
import { StatisticsProjection } from './statistics.projection';
import { StatisticsService, type StatisticsResult } from './statistics.service';

jest.setTimeout(60000);

const BA_DINH = '00004'; // Phường Ba Đình, Hà Nội (01)
const NGOC_HA = '00008'; // Phường Ngọc Hà, Hà Nội (01)
const QUAN_THANH_2024 = '00013'; // Phường Quán Thánh (pre-2025), merged wholly into Ba Đình

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let ds: DataSource;
let projection: StatisticsProjection;
let stats: StatisticsService;

const versions = new Map<string, number>();

function envelope<T>(
  caseId: string,
  type: string,
  recordedAt: string,
  data: T,
): IntegrationEnvelope<string, T> {
  const v = (versions.get(caseId) ?? 0) + 1;
  versions.set(caseId, v);
  return {
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    aggregateId: caseId,
    aggregateVersion: v,
    occurredAt: recordedAt,
    producer: 'casework',
    correlationId: randomUUID(),
    causationId: null,
    actor: { id: 'worker-1', roles: ['commune_worker'], unit: BA_DINH },
    data,
  };
}

function opened(
  caseId: string,
  communeCode: string,
  receivedAt: string,
  children: CaseOpenedV1['children'],
  more: Partial<CaseOpenedV1> = {},
) {
  return envelope<CaseOpenedV1>(caseId, 'CaseOpened', receivedAt, {
    caseId,
    source: { kind: 'commune_direct' },
    communeCode,
    provinceCode: '01',
    status: 'received',
    level: null,
    receivedAt,
    openedAt: receivedAt,
    children,
    category: 'abused',
    setting: 'family',
    concerns: ['violence', 'sexual_abuse'],
    urgent: true,
    deadlines: [],
    ...more,
  });
}

function step(
  caseId: string,
  type: string,
  at: string,
  state: Partial<CaseUpdatedV1> = {},
  details: Record<string, unknown> = {},
) {
  return envelope<CaseUpdatedV1>(caseId, type, at, {
    caseId,
    contactId: null,
    status: 'implementing',
    level: 'intervention',
    communeCode: BA_DINH,
    provinceCode: '01',
    incidentCommuneCode: BA_DINH,
    residenceCommuneCode: null,
    assignedWorkerId: 'worker-1',
    closureReason: null,
    at,
    deadlines: [],
    details,
    ...state,
  });
}

const deadline = (over: Partial<DeadlineV1>): DeadlineV1 => ({
  id: 'initial_assessment:1',
  kind: 'initial_assessment',
  dueAt: '2026-02-10T13:00:00.000Z',
  startedAt: '2026-02-10T01:00:00.000Z',
  policyVersion: 'national-1',
  calendarVersion: null,
  rule: '12 hours',
  status: 'open',
  metAt: null,
  metRecordedAt: null,
  missedAt: null,
  ...over,
});

const A = randomUUID(); // abused, two children, a repeat report adds one, transferred to Ngọc Hà
const B = randomUUID(); // reported in 2025 under a pre-2025 commune code
const C = randomUUID(); // special circumstances, support
const D = randomUUID(); // a duplicate of A, merged

const h1 = parsePeriod('2026-H1');
const compute = (unit: string, asKnownAt?: string, period = h1): Promise<StatisticsResult> =>
  stats.compute({ unit, from: period.from, to: period.to, asKnownAt: asKnownAt ?? '2026-12-31T00:00:00Z' });
const indicator = (r: StatisticsResult, code: string) => r.indicators.find((i) => i.code === code)!;
const byValue = (r: StatisticsResult, code: string, dim: string) =>
  Object.fromEntries(
    (indicator(r, code).by as Record<string, Array<{ value: string; count: number }>>)[dim].map((x) => [
      x.value,
      x.count,
    ]),
  );

beforeAll(async () => {
  db = await createTestDatabase('statistics');
  ds = await db.migrated(REPORTING_MIGRATIONS);
  projection = new StatisticsProjection(communeResolver(AdminUnits.load()));
  stats = new StatisticsService(ds);
  await stats.seed(ds);

  const girl = { childRef: 'a-girl', sex: 'female' as const, ageYears: 9 };
  const boy = { childRef: 'a-boy', sex: 'male' as const, ageYears: 14 };
  const events: IntegrationEnvelope[] = [
    opened(A, BA_DINH, '2026-02-10T01:00:00.000Z', [girl, boy], { deadlines: [deadline({})] }),
    step(
      A,
      'InitialAssessmentRecorded',
      '2026-02-10T05:00:00.000Z',
      {
        status: 'assessing',
        deadlines: [deadline({ status: 'met', metAt: '2026-02-10T05:00:00.000Z' })],
      },
      { outcome: 'intervention', assessedAt: '2026-02-10T05:00:00.000Z' },
    ),
    step(
      A,
      'EmergencyMeasuresTaken',
      '2026-02-10T06:00:00.000Z',
      {},
      { takenAt: '2026-02-10T06:00:00.000Z' },
    ),
    opened(D, BA_DINH, '2026-02-11T01:00:00.000Z', [{ childRef: 'd-girl', sex: 'female', ageYears: 9 }]),
    step(D, 'CaseClosed', '2026-02-12T01:00:00.000Z', {
      status: 'closed',
      closureReason: 'duplicate_merged',
    }),
    // The hotline's repeat report names the girl again (same child) and her little brother.
    step(
      A,
      'ReportAdded',
      '2026-03-01T02:00:00.000Z',
      {},
      {
        receivedAt: '2026-03-01T01:00:00.000Z',
        concerns: ['violence'],
        children: [girl, { childRef: 'a-small-boy', sex: 'male', ageYears: 4 }],
      },
    ),
    step(A, 'CaseTransferAccepted', '2026-04-01T02:00:00.000Z', { communeCode: NGOC_HA }),
    step(
      A,
      'ServiceDelivered',
      '2026-04-10T02:00:00.000Z',
      { communeCode: NGOC_HA },
      { deliveredAt: '2026-04-10T02:00:00.000Z' },
    ),
    opened(
      B,
      QUAN_THANH_2024,
      '2025-03-01T01:00:00.000Z',
      [{ childRef: 'b-child', sex: 'female', ageYears: 16 }],
      {
        setting: 'school',
        concerns: ['sexual_abuse'],
      },
    ),
    opened(C, NGOC_HA, '2026-05-02T01:00:00.000Z', [{ childRef: 'c-child', sex: 'male', ageYears: 7 }], {
      category: 'special_circumstances',
      setting: null,
      concerns: ['custody_dispute'],
    }),
    step(
      C,
      'PlanApproved',
      '2026-05-20T01:00:00.000Z',
      { communeCode: NGOC_HA, level: 'support' },
      { approvedAt: '2026-05-20T01:00:00.000Z' },
    ),
  ];
  // Delivered twice and in two batches: nothing may be counted twice.
  await ds.transaction((sql) => projection.applyBatch(events.slice(0, 6), sql, LIVE));
  await ds.transaction((sql) => projection.applyBatch(events.slice(3), sql, LIVE));
  await ds.transaction((sql) => projection.applyBatch(events, sql, LIVE));
});

afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

describe('indicator 0101, hand-computed', () => {
  it('counts each abused child once, however many events name them, and not the children of a merged duplicate', async () => {
    const r = await compute('01');
    expect(indicator(r, '0101').total).toBe(3);
    expect(byValue(r, '0101', 'sex')).toEqual({ male: 2, female: 1 });
    expect(byValue(r, '0101', 'age_group')).toEqual({ '3-5': 1, '6-10': 1, '11-15': 1 });
    expect(byValue(r, '0101', 'setting')).toEqual({ family: 3 });
    expect(byValue(r, '0101', 'form')).toEqual({ violence: 3 });
    expect(byValue(r, '0101', 'commune')).toEqual({ [BA_DINH]: 3 });
    expect(byValue(r, '0101', 'province')).toEqual({ '01': 3 });
  });

  it('as known at a past instant: the duplicate still counted, the repeat report not yet received', async () => {
    const r = await compute('01', '2026-02-11T12:00:00.000Z');
    expect(indicator(r, '0101').total).toBe(3);
    expect(byValue(r, '0101', 'age_group')).toEqual({ '6-10': 2, '11-15': 1 });
  });

  it('counts a pre-2025 location under the 2025 commune it became part of', async () => {
    const r = await compute(BA_DINH, undefined, parsePeriod('2025-H1'));
    expect(indicator(r, '0101').total).toBe(1);
    expect(byValue(r, '0101', 'setting')).toEqual({ school: 1 });
    expect(byValue(r, '0101', 'age_group')).toEqual({ '16-17': 1 });
  });
});

describe('memory', () => {
  it('runs at most two indicator queries at once however many requests ask, each with bounded sort memory', async () => {
    let running = 0;
    let most = 0;
    const transaction = ds.transaction.bind(ds);
    const spy = jest.spyOn(ds, 'transaction').mockImplementation(async (work: unknown) => {
      running++;
      most = Math.max(most, running);
      try {
        return await (transaction as (w: unknown) => Promise<unknown>)(work);
      } finally {
        running--;
      }
    });
    try {
      // Four requests at once, each for every indicator.
      const results = await Promise.all([1, 2, 3, 4].map(() => compute('VN')));
      expect(results.every((r) => r.indicators.length === results[0].indicators.length)).toBe(true);
      expect(results[0].indicators.length).toBeGreaterThan(2);
    } finally {
      spy.mockRestore();
    }
    expect(most).toBe(2);
  });
});

describe('the other indicators', () => {
  it('follows a transferred case to its new commune and counts its children once in the province', async () => {
    const province = await compute('01');
    expect(indicator(province, 'CP-INTERVENTION').total).toBe(3);
    expect(byValue(province, 'CP-INTERVENTION', 'commune')).toEqual({ [NGOC_HA]: 3 });
    expect(indicator(province, 'CP-EMERGENCY').total).toBe(2);
    expect(indicator(province, 'CP-SUPPORT').total).toBe(1);
    expect(indicator(province, 'CP-PLANS-APPROVED').total).toBe(1);
    expect(byValue(province, 'CP-PLANS-APPROVED', 'level')).toEqual({ support: 1 });
    expect(indicator(province, 'CP-DEADLINES-MET').total).toBe(1);
    expect(byValue(province, 'CP-DEADLINES-MET', 'deadline_kind')).toEqual({ initial_assessment: 1 });

    const before = await compute(BA_DINH);
    expect(indicator(before, 'CP-INTERVENTION').total).toBe(2); // the emergency measures, before the transfer
    const after = await compute(NGOC_HA);
    expect(indicator(after, 'CP-INTERVENTION').total).toBe(3);
    expect(indicator(after, '0101').total).toBe(0);
  });

  it('an indicator added as data is computed without code', async () => {
    await stats.define(
      {
        code: 'X-GIRLS-ABUSED',
        name: { vi: 'Trẻ em gái bị xâm hại', en: 'Girls abused' },
        counts: 'Abused girls reported in the period',
        basis: 'test',
        facts: ['child_reported'],
        subject: 'child',
        where: { abused: [true], sex: ['female'] },
        dimensions: ['commune'],
      },
      'admin-1',
    );
    const r = await compute('01');
    expect(indicator(r, 'X-GIRLS-ABUSED').total).toBe(1);
    await expect(
      stats.define({ code: 'bad code', facts: ['nope'] } as never, 'admin-1'),
    ).rejects.toMatchObject({ code: 'INDICATOR.INVALID' });
  });

  it('fills the periodic report with this period and the same period of last year', async () => {
    const comparison = previousYear(h1);
    const report = buildPeriodicReport({
      unit: { code: BA_DINH, name: 'Phường Ba Đình', level: 'commune', parentName: 'Thành phố Hà Nội' },
      period: h1,
      comparison,
      current: await compute(BA_DINH),
      previous: await compute(BA_DINH, undefined, comparison),
      carriedOver: { open: 1, overdue: 0 },
      unitName: (c) => c,
      generatedAt: '2026-07-01T00:00:00.000Z',
    });
    expect(report.sections.map((s) => s.number)).toEqual(['I', 'II', 'III', 'IV']);
    expect(report.period).toMatchObject({
      from: '2026-01-01',
      to: '2026-06-30',
      label: '6 tháng đầu năm 2026',
    });
    const pl01 = report.annexes.find((a) => a.id === 'PL01')!;
    expect(pl01.rows.find((r) => r.code === '0101')).toMatchObject({ current: 3, previous: 1 });
    const intro = report.sections[0].blocks[0];
    expect(intro).toMatchObject({ kind: 'paragraph' });
    expect((intro as { text: string }).text).toContain('3 trẻ em bị xâm hại');
  });
});
