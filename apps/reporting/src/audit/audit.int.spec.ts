import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AdminUnits } from '@cp/admin-units';
import type { AuthUser } from '@cp/auth';
import {
  TOPICS,
  type CaseOpenedV1,
  type CaseUpdatedV1,
  type DeadlineV1,
  type IntegrationEnvelope,
  type RecordAccessedV1,
} from '@cp/contracts';
import type { EnvelopeHandler } from '@cp/messaging';
import { openDatabase, type MessagingLifecycle } from '@cp/platform';
import { createTestDatabase } from '@cp/testing';
import { Caseload1763900001000 } from '../caseload/caseload.migration';
import { CaseloadDeadlines1763900001100 } from '../caseload/caseload-deadlines.migration';
import { EventCopy1763900002000 } from '../events/events.migration';
import { AuditAccess1763900002700 } from './access.migration';
import { AccessProjection } from './access.projection';
import { AuditQueryLog } from './audit-query-log';
import { AuditQueries1763900003300 } from './audit-queries.migration';
import { AuditService, type AuditItem, type AuditSearch } from './audit.service';

// The audit trail against a real PostgreSQL: the access consumer's effect (idempotent, units of the
// record, a contact read attached to its case), and the search and timeline queries over rm_events and
// rm_access — exact results, jurisdiction by unit and by role, pagination. rm_events rows are inserted
// as the event-copy projection writes them. One fresh database for the file, so results are exact.

const units = AdminUnits.load();
const HN_A = '00004'; // Phường Ba Đình, Hà Nội (01)
const HN_B = '00008'; // another commune of Hà Nội
const HCM = '25747'; // a commune of province 79

const inspectorNation: AuthUser = { sub: 'insp-vn', name: 'I', roles: ['inspector'], units: ['VN'] };
const inspectorHN: AuthUser = { sub: 'insp-01', name: 'I', roles: ['inspector'], units: ['01'] };
const officer79: AuthUser = { sub: 'po-79', name: 'P', roles: ['provincial_officer'], units: ['79'] };
const workerA: AuthUser = { sub: 'worker-a', name: 'W', roles: ['commune_worker'], units: [HN_A] };
const chairB: AuthUser = { sub: 'chair-b', name: 'C', roles: ['commune_chair'], units: [HN_B] };
const admin: AuthUser = { sub: 'admin-1', name: 'A', roles: ['admin'], units: ['VN'] };

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let ds: DataSource;
let audit: AuditService;
let queries: AuditQueryLog;
let projection: AccessProjection;
let handler: EnvelopeHandler;

const caseA = randomUUID();
const caseHcm = randomUUID();
const caseLate = randomUUID();
const contactA = randomUUID();
const T = (minutes: number) => new Date(Date.UTC(2026, 10, 23, 2, 0) + minutes * 60_000).toISOString();

const deadline = (id: string, dueAt: string, over: Partial<DeadlineV1> = {}): DeadlineV1 => ({
  id,
  kind: id.split(':')[0] as DeadlineV1['kind'],
  dueAt,
  startedAt: T(0),
  policyVersion: 'national-default@2025-07-01',
  calendarVersion: null,
  rule: 'Decree 56/2017 Ch. III step 4: 12 hours from receipt',
  status: 'open',
  metAt: null,
  metRecordedAt: null,
  missedAt: null,
  ...over,
});

const opened = (
  caseId: string,
  commune: string,
  province: string,
  contactId: string | null,
): CaseOpenedV1 => ({
  caseId,
  source: contactId
    ? { kind: 'hotline_referral', contactId, referralId: randomUUID() }
    : { kind: 'commune_direct' },
  communeCode: commune,
  provinceCode: province,
  residenceCommuneCode: null,
  status: 'received',
  level: null,
  receivedAt: T(0),
  openedAt: T(1),
  children: [{ childRef: 'c-1', sex: 'female', ageYears: 8 }],
  concerns: ['violence'],
  urgent: true,
  deadlines: [deadline('initial_assessment:1', T(720))],
});

const updated = (caseId: string, over: Partial<CaseUpdatedV1>): CaseUpdatedV1 => ({
  caseId,
  contactId: null,
  status: 'assessing',
  level: null,
  communeCode: HN_A,
  provinceCode: '01',
  incidentCommuneCode: HN_A,
  residenceCommuneCode: null,
  assignedWorkerId: 'worker-a',
  closureReason: null,
  at: T(0),
  deadlines: [],
  details: {},
  ...over,
});

interface EventRow {
  producer: 'casework' | 'intake';
  type: string;
  aggregateId: string;
  version: number;
  caseId: string | null;
  contactId: string | null;
  at: string;
  actor: { id: string; roles: string[]; unit: string | null };
  units: string[];
  data: unknown;
}

const eventIds = new Map<string, string>();

async function insertEvent(e: EventRow): Promise<string> {
  const eventId = randomUUID();
  await ds.query(
    `INSERT INTO rm_events (event_id, producer, topic, type, schema_version, aggregate_id, aggregate_version, case_id,
       contact_id, occurred_at, actor_id, actor_roles, actor_unit, units, data)
     VALUES ($1,$2,$3,$4,1,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)`,
    [
      eventId,
      e.producer,
      e.producer === 'casework' ? TOPICS.caseworkCases : TOPICS.intakeContacts,
      e.type,
      e.aggregateId,
      e.version,
      e.caseId,
      e.contactId,
      e.at,
      e.actor.id,
      e.actor.roles,
      e.actor.unit,
      e.units,
      JSON.stringify(e.data),
    ],
  );
  eventIds.set(`${e.aggregateId}@${e.version}`, eventId);
  return eventId;
}

function accessEnvelope(
  reader: AuthUser,
  unit: string | null,
  read: Omit<RecordAccessedV1, 'accessId'>,
  version = 0,
): IntegrationEnvelope<'RecordAccessed', RecordAccessedV1> {
  const accessId = randomUUID();
  return {
    eventId: accessId,
    type: 'RecordAccessed',
    schemaVersion: 1,
    aggregateId: read.recordId,
    aggregateVersion: version,
    occurredAt: read.at,
    producer: read.recordKind === 'case' ? 'casework' : 'intake',
    correlationId: randomUUID(),
    causationId: null,
    actor: { id: reader.sub, roles: reader.roles, unit },
    data: { accessId, ...read },
  };
}

/** Through the handler the projection registers with the consumer, in a transaction as the inbox runs it. */
async function consume(env: IntegrationEnvelope): Promise<void> {
  await ds.transaction((manager) =>
    handler(env, {
      sql: manager,
      topic: env.producer === 'intake' ? TOPICS.intakeAuditAccess : TOPICS.caseworkAuditAccess,
      partition: 0,
      offset: '0',
    }),
  );
}

const reads: Record<string, IntegrationEnvelope<'RecordAccessed', RecordAccessedV1>> = {};
const counsellor: AuthUser = { sub: 'counsellor-1', name: 'H', roles: ['hotline_counsellor'], units: ['VN'] };

beforeAll(async () => {
  db = await createTestDatabase('reporting_audit');
  ds = await openDatabase(
    db.url,
    [
      Caseload1763900001000,
      CaseloadDeadlines1763900001100,
      EventCopy1763900002000,
      AuditAccess1763900002700,
      AuditQueries1763900003300,
    ],
    5,
  );
  queries = new AuditQueryLog(ds);
  audit = new AuditService(ds, queries, units);
  const messaging = {
    consume: (name: string, topics: string[], h: EnvelopeHandler) => {
      expect([name, topics]).toEqual([
        'audit-access',
        [TOPICS.intakeAuditAccess, TOPICS.caseworkAuditAccess],
      ]);
      handler = h;
    },
  };
  projection = new AccessProjection(messaging as unknown as MessagingLifecycle);
  projection.onModuleInit();

  // Case A (Hà Nội, from a hotline referral): referred, opened, assigned, assessed on time.
  const chairA = { id: 'chair-a', roles: ['commune_chair'], unit: HN_A };
  const wA = { id: 'worker-a', roles: ['commune_worker'], unit: HN_A };
  await insertEvent({
    producer: 'intake',
    type: 'ReportReferred',
    aggregateId: contactA,
    version: 2,
    caseId: null,
    contactId: contactA,
    at: T(0),
    actor: { id: 'counsellor-1', roles: ['hotline_counsellor'], unit: 'VN' },
    units: [HN_A, '01'],
    data: { contactId: contactA, communeCode: HN_A, provinceCode: '01', urgent: true, children: [] },
  });
  await insertEvent({
    producer: 'casework',
    type: 'CaseOpened',
    aggregateId: caseA,
    version: 1,
    caseId: caseA,
    contactId: contactA,
    at: T(1),
    actor: { id: 'system:casework', roles: ['system'], unit: HN_A },
    units: [HN_A, '01'],
    data: opened(caseA, HN_A, '01', contactA),
  });
  await insertEvent({
    producer: 'casework',
    type: 'CaseWorkerAssigned',
    aggregateId: caseA,
    version: 2,
    caseId: caseA,
    contactId: contactA,
    at: T(10),
    actor: chairA,
    units: [HN_A, '01'],
    data: updated(caseA, {
      deadlines: [deadline('initial_assessment:1', T(720))],
      details: { workerId: 'worker-a', assignedAt: T(10) },
    }),
  });
  await insertEvent({
    producer: 'casework',
    type: 'InitialAssessmentRecorded',
    aggregateId: caseA,
    version: 3,
    caseId: caseA,
    contactId: contactA,
    at: T(60),
    actor: wA,
    units: [HN_A, '01'],
    data: updated(caseA, {
      status: 'planning',
      level: 'support',
      deadlines: [
        deadline('initial_assessment:1', T(720), { status: 'met', metAt: T(60), metRecordedAt: T(60) }),
        deadline('plan_draft:1', T(10_000)),
      ],
      details: { outcome: 'support', seriousThreat: false },
    }),
  });
  // A case in province 79, which Hà Nội's inspector must not see.
  await insertEvent({
    producer: 'casework',
    type: 'CaseOpened',
    aggregateId: caseHcm,
    version: 1,
    caseId: caseHcm,
    contactId: null,
    at: T(5),
    actor: { id: 'chair-hcm', roles: ['commune_chair'], unit: HCM },
    units: [HCM, '79'],
    data: opened(caseHcm, HCM, '79', null),
  });

  // The reads, as the services publish them.
  reads.workerNow = accessEnvelope(
    workerA,
    HN_A,
    {
      recordKind: 'case',
      recordId: caseA,
      caseId: caseA,
      view: 'state',
      fields: ['status', 'children', 'assessment'],
      asAt: null,
      at: T(61),
    },
    3,
  );
  reads.workerAt = accessEnvelope(
    workerA,
    HN_A,
    {
      recordKind: 'case',
      recordId: caseA,
      caseId: caseA,
      view: 'state_at',
      fields: ['status', 'children'],
      asAt: T(10),
      at: T(62),
    },
    2,
  );
  // The counsellor's read of the contact names no case: the projection finds it through the copied events.
  reads.counsellor = accessEnvelope(
    counsellor,
    'VN',
    {
      recordKind: 'contact',
      recordId: contactA,
      caseId: null,
      view: 'contact',
      fields: ['report', 'children', 'reporter'],
      asAt: null,
      at: T(63),
    },
    3,
  );
  reads.hcm = accessEnvelope(officer79, '79', {
    recordKind: 'case',
    recordId: caseHcm,
    caseId: caseHcm,
    view: 'history',
    fields: ['history'],
    asAt: null,
    at: T(64),
  });
  // A read that arrives before any event of its case has been copied.
  reads.early = accessEnvelope(inspectorHN, '01', {
    recordKind: 'case',
    recordId: caseLate,
    caseId: caseLate,
    view: 'integrity',
    fields: ['integrity'],
    asAt: null,
    at: T(70),
  });
  for (const r of Object.values(reads)) await consume(r);
  await insertEvent({
    producer: 'casework',
    type: 'CaseOpened',
    aggregateId: caseLate,
    version: 1,
    caseId: caseLate,
    contactId: null,
    at: T(65),
    actor: { id: 'chair-b', roles: ['commune_chair'], unit: HN_B },
    units: [HN_B, '01'],
    data: opened(caseLate, HN_B, '01', null),
  });
});

afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

const ev = (aggregateId: string, version: number) => eventIds.get(`${aggregateId}@${version}`)!;
const ids = (items: AuditItem[]) => items.map((i) => i.id);
const search = (user: AuthUser, q: AuditSearch) => audit.search(user, q);

describe('the access consumer', () => {
  it('keeps each read once, with who, role, unit, record, view, fields and the units of the record', async () => {
    await consume(reads.workerNow); // redelivered
    await projection.applyBatch([reads.workerNow], ds, (t) => t); // replayed by a rebuild
    const rows: Array<Record<string, unknown>> = await ds.query(
      `SELECT access_id, record_kind, record_id, record_version, case_id, contact_id, view, fields, as_at, actor_id,
              actor_roles, actor_unit, units, producer
       FROM rm_access ORDER BY at`,
    );
    expect(rows).toHaveLength(5);
    expect(rows[0]).toEqual({
      access_id: reads.workerNow.data.accessId,
      record_kind: 'case',
      record_id: caseA,
      record_version: 3,
      case_id: caseA,
      contact_id: null,
      view: 'state',
      fields: ['status', 'children', 'assessment'],
      as_at: null,
      actor_id: 'worker-a',
      actor_roles: ['commune_worker'],
      actor_unit: HN_A,
      units: [HN_A, '01'],
      producer: 'casework',
    });
    expect(rows[2]).toMatchObject({
      record_kind: 'contact',
      contact_id: contactA,
      case_id: caseA,
      units: [HN_A, '01'],
    });
    expect(rows[4]).toMatchObject({ case_id: caseLate, units: [] });
  });

  it('ignores other messages on the topic (a projection never rejects a recorded fact)', async () => {
    await consume({
      ...reads.hcm,
      eventId: randomUUID(),
      type: 'StreamCheckpoint',
      data: {},
    });
    const [{ n }]: Array<{ n: number }> = await ds.query(`SELECT count(*)::int AS n FROM rm_access`);
    expect(n).toBe(5);
  });
});

describe('searching the trail', () => {
  it('by case: its events with what each changed and its reads (also of the contact it came from), in time order', async () => {
    const page = await search(inspectorHN, { caseId: caseA });
    expect(page.items.map((i) => [i.kind, i.what, i.actor.id])).toEqual([
      ['event', 'CaseOpened', 'system:casework'],
      ['event', 'CaseWorkerAssigned', 'chair-a'],
      ['event', 'InitialAssessmentRecorded', 'worker-a'],
      ['access', 'read:state', 'worker-a'],
      ['access', 'read:state_at', 'worker-a'],
      ['access', 'read:contact', 'counsellor-1'],
    ]);
    expect(page.nextCursor).toBeNull();
    // A step and a read, both by case A's worker.
    const byWorkerA = {
      actor: { id: 'worker-a', roles: ['commune_worker'], unit: HN_A },
      producer: 'casework',
      caseId: caseA,
      units: [HN_A, '01'],
    };
    expect(page.items[2]).toEqual({
      ...byWorkerA,
      kind: 'event',
      id: ev(caseA, 3),
      at: T(60),
      what: 'InitialAssessmentRecorded',
      record: { kind: 'case', id: caseA, version: 3 },
      contactId: contactA,
      changes: {
        status: { from: 'assessing', to: 'planning' },
        level: { from: null, to: 'support' },
        deadlines: [
          { id: 'initial_assessment:1', kind: 'initial_assessment', dueAt: T(720), from: 'open', to: 'met' },
          { id: 'plan_draft:1', kind: 'plan_draft', dueAt: T(10_000), from: null, to: 'open' },
        ],
      },
      details: { outcome: 'support', seriousThreat: false },
    });
    expect(page.items[4]).toEqual({
      ...byWorkerA,
      kind: 'access',
      id: reads.workerAt.data.accessId,
      at: T(62),
      what: 'read:state_at',
      record: { kind: 'case', id: caseA, version: 2 },
      contactId: null,
      view: 'state_at',
      fields: ['status', 'children'],
      asAt: T(10),
      outcome: 'granted',
    });
  });

  it('outside the user’s units a case is not found: an empty result that says nothing about it', async () => {
    expect(await search(officer79, { caseId: caseA })).toEqual({ count: 0, items: [], nextCursor: null });
    expect(await search(inspectorHN, { caseId: caseHcm })).toEqual({ count: 0, items: [], nextCursor: null });
    expect(ids((await search(officer79, { caseId: caseHcm })).items)).toEqual([
      ev(caseHcm, 1),
      reads.hcm.data.accessId,
    ]);
  });

  it('by unit: a province finds its communes, a commune its own, jurisdiction is decided by the case', async () => {
    const province = await search(inspectorNation, { unit: '01' });
    expect(ids(province.items)).toEqual([
      ev(contactA, 2),
      ev(caseA, 1),
      ev(caseA, 2),
      ev(caseA, 3),
      reads.workerNow.data.accessId,
      reads.workerAt.data.accessId,
      reads.counsellor.data.accessId,
      ev(caseLate, 1),
      // read before its case's events were copied (no units stored), found through its case
      reads.early.data.accessId,
    ]);
    // Without a unit, Hà Nội's inspector searches the whole of Hà Nội: the same.
    expect(ids((await search(inspectorHN, {})).items)).toEqual(ids(province.items));
    expect(ids((await search(inspectorHN, { unit: HN_B })).items)).toEqual([
      ev(caseLate, 1),
      reads.early.data.accessId,
    ]);
    expect(ids((await search(inspectorNation, {})).items)).toHaveLength(11);
  });

  it('refuses a unit the user does not act for', async () => {
    await expect(search(inspectorHN, { unit: '79' })).rejects.toMatchObject({
      code: 'AUDIT.OUT_OF_JURISDICTION',
      kind: 'forbidden',
    });
    await expect(search(inspectorHN, { unit: 'VN' })).rejects.toMatchObject({
      code: 'AUDIT.OUT_OF_JURISDICTION',
    });
  });

  it('by person, kind and time', async () => {
    expect(ids((await search(inspectorHN, { actorId: 'worker-a' })).items)).toEqual([
      ev(caseA, 3),
      reads.workerNow.data.accessId,
      reads.workerAt.data.accessId,
    ]);
    expect(ids((await search(inspectorHN, { actorId: 'worker-a', kind: 'access' })).items)).toEqual([
      reads.workerNow.data.accessId,
      reads.workerAt.data.accessId,
    ]);
    expect(ids((await search(inspectorHN, { actorId: 'worker-a', kind: 'event' })).items)).toEqual([
      ev(caseA, 3),
    ]);
    expect(ids((await search(inspectorHN, { contactId: contactA, kind: 'event' })).items)).toEqual([
      ev(contactA, 2),
      ev(caseA, 1),
      ev(caseA, 2),
      ev(caseA, 3),
    ]);
    expect(ids((await search(inspectorHN, { from: T(10), to: T(62) })).items)).toEqual([
      ev(caseA, 2),
      ev(caseA, 3),
      reads.workerNow.data.accessId,
    ]);
  });

  it('pages by time and id: the pages put together are the whole result, each item once', async () => {
    const all = ids((await search(inspectorNation, {})).items);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await search(inspectorNation, { limit: 5, cursor });
      expect(page.count).toBeLessThanOrEqual(5);
      seen.push(...ids(page.items));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(all);
    await expect(search(inspectorNation, { cursor: 'bm90LWEtY3Vyc29y' })).rejects.toMatchObject({
      code: 'AUDIT.INVALID_CURSOR',
    });
  });

  it('lets an admin search by person only, and shows ids and codes but no step content', async () => {
    await expect(search(admin, { caseId: caseA })).rejects.toMatchObject({ code: 'AUDIT.ACTOR_REQUIRED' });
    const page = await search(admin, { actorId: 'worker-a' });
    expect(ids(page.items)).toEqual([
      ev(caseA, 3),
      reads.workerNow.data.accessId,
      reads.workerAt.data.accessId,
    ]);
    expect(page.items[0]).not.toHaveProperty('changes');
    expect(page.items[0]).not.toHaveProperty('details');
    expect(page.items[1]).toMatchObject({ view: 'state', fields: ['status', 'children', 'assessment'] });
  });
});

describe('the timeline of a case', () => {
  it('gives each step with the state after it, what changed and the deadline it met; reads interleaved', async () => {
    const t = await audit.timeline(inspectorHN, caseA, { includeReads: true });
    expect(t).toMatchObject({
      caseId: caseA,
      asAt: null,
      version: 3,
      state: {
        status: 'planning',
        level: 'support',
        carryingCommuneCode: HN_A,
        assignedWorkerId: 'worker-a',
      },
    });
    expect(t.deadlines.map((d) => [d.id, d.status])).toEqual([
      ['initial_assessment:1', 'met'],
      ['plan_draft:1', 'open'],
    ]);
    expect(t.timeline.map((x) => (x.kind === 'event' ? `${x.version}:${x.type}` : x.what))).toEqual([
      '1:CaseOpened',
      '2:CaseWorkerAssigned',
      '3:InitialAssessmentRecorded',
      'read:state',
      'read:state_at',
      'read:contact',
    ]);
    const assessed = t.timeline[2];
    expect(assessed).toMatchObject({
      kind: 'event',
      step: { en: 'Initial assessment of risk (Mẫu 02)', vi: 'Đánh giá ban đầu về nguy cơ, mức độ tổn hại' },
      at: T(60),
      actor: { id: 'worker-a', roles: ['commune_worker'], unit: HN_A },
      state: { status: 'planning', level: 'support' },
      deadlinesMet: [
        {
          id: 'initial_assessment:1',
          kind: 'initial_assessment',
          dueAt: T(720),
          metAt: T(60),
          onTime: true,
          missedAt: null,
        },
      ],
      deadlinesMissed: [],
    });
    expect(t.timeline[5]).toMatchObject({
      kind: 'access',
      actor: { id: 'counsellor-1', roles: ['hotline_counsellor'], unit: 'VN' },
      recordKind: 'contact',
      recordId: contactA,
      fields: ['report', 'children', 'reporter'],
    });
  });

  it('as known at an instant: the steps and reads up to then', async () => {
    const t = await audit.timeline(inspectorHN, caseA, { at: T(61), includeReads: true });
    expect(t.timeline.map((x) => (x.kind === 'event' ? x.version : x.what))).toEqual([1, 2, 3, 'read:state']);
    const before = await audit.timeline(inspectorHN, caseA, { at: T(30) });
    expect(before).toMatchObject({ version: 2, state: { status: 'assessing' } });
    await expect(audit.timeline(inspectorHN, caseA, { at: T(0) })).rejects.toMatchObject({
      code: 'AUDIT.CASE_NOT_FOUND',
    });
  });

  it('is for the case’s own commune (its steps, not its reads) and the oversight of its units; 404 for others', async () => {
    const own = await audit.timeline(workerA, caseA);
    expect(own.timeline.every((x) => x.kind === 'event')).toBe(true);
    await expect(audit.timeline(workerA, caseA, { includeReads: true })).rejects.toMatchObject({
      code: 'AUDIT.READS_NOT_ALLOWED',
      kind: 'forbidden',
    });
    for (const [user, id] of [
      [chairB, caseA],
      [officer79, caseA],
      [inspectorHN, caseHcm],
      [inspectorNation, randomUUID()],
    ] as const) {
      await expect(audit.timeline(user, id)).rejects.toMatchObject({
        code: 'AUDIT.CASE_NOT_FOUND',
        kind: 'not_found',
      });
    }
  });
});

describe('refusals, name searches and the trail’s own trail', () => {
  it('keeps a refused read and a name search (its digests, not its words) with their outcome', async () => {
    const searchId = randomUUID();
    const refused = accessEnvelope(chairB, HN_B, {
      recordKind: 'case',
      recordId: caseA,
      caseId: caseA,
      view: 'history',
      fields: [],
      asAt: null,
      at: T(80),
      outcome: 'refused',
    });
    const nameSearch = accessEnvelope(counsellor, 'VN', {
      recordKind: 'search',
      recordId: searchId,
      caseId: null,
      view: 'name_search',
      fields: ['search_match'],
      asAt: null,
      at: T(81),
      query: { blindTokens: ['d1', 'd2'] },
      results: 2,
    });
    await consume(refused);
    await consume(nameSearch);
    const rows: Array<Record<string, unknown>> = await ds.query(
      `SELECT record_kind, record_id, outcome, query_tokens, results FROM rm_access
       WHERE access_id = ANY($1::uuid[]) ORDER BY at`,
      [[refused.data.accessId, nameSearch.data.accessId]],
    );
    expect(rows).toEqual([
      { record_kind: 'case', record_id: caseA, outcome: 'refused', query_tokens: null, results: null },
      {
        record_kind: 'search',
        record_id: searchId,
        outcome: 'granted',
        query_tokens: ['d1', 'd2'],
        results: 2,
      },
    ]);
    // An inspector of the case's province sees the refusal in the case's trail, marked as such.
    const page = await search(inspectorHN, { caseId: caseA, kind: 'access', from: T(80) });
    expect(page.items.map((i) => [i.what, i.actor.id, i.outcome])).toEqual([
      ['read:history', 'chair-b', 'refused'],
    ]);
  });

  it('records every search of the trail and every timeline, which an inspector can search in turn', async () => {
    // `from` is to the millisecond and the trail's times to the microsecond: a search the previous test
    // made in this same millisecond would count as at or after `before`. Let the millisecond pass first.
    await new Promise((resolve) => setTimeout(resolve, 2));
    const before = new Date().toISOString();
    await search(inspectorHN, { caseId: caseA, kind: 'event' });
    await audit.timeline(inspectorHN, caseA, { includeReads: true });
    const own = await search(inspectorHN, { kind: 'audit_query', actorId: 'insp-01', from: before });
    expect(own.items.map((i) => [i.what, i.caseId, i.outcome, i.filters])).toEqual([
      ['audit:search', caseA, 'granted', { caseId: caseA, kind: 'event', page: 'first' }],
      ['audit:timeline', caseA, 'granted', { at: null, includeReads: true }],
    ]);
    expect(own.items[0].results).toBe(3);
    // The search of the trail just made is itself in the trail's own trail, recorded before it answered.
    const [{ n }] = await ds.query(
      `SELECT count(*)::int AS n FROM rp_audit_queries WHERE actor_id = 'insp-01' AND at >= $1`,
      [before],
    );
    expect(n).toBe(3);
    // A province elsewhere does not see Hà Nội's queries.
    const other = await search(officer79, { kind: 'audit_query', from: before });
    expect(other.items.filter((i) => i.actor.id === 'insp-01')).toEqual([]);
  });

  it('records a refused search or timeline the HTTP layer reports, with the rule that refused it', async () => {
    const caseId = randomUUID();
    await queries.recordRefusal({
      user: chairB,
      path: `/api/v1/audit/cases/${caseId}/timeline`,
      status: 404,
      code: 'AUDIT.CASE_NOT_FOUND',
    });
    await queries.recordRefusal({ user: chairB, path: '/api/v1/audit', status: 403, code: 'AUTH.FORBIDDEN' });
    await queries.recordRefusal({ user: chairB, path: '/api/v1/statistics', status: 403, code: 'X' });
    const rows: Array<Record<string, unknown>> = await ds.query(
      `SELECT route, outcome, case_id, filters FROM rp_audit_queries WHERE actor_id = 'chair-b' ORDER BY at`,
    );
    expect(rows).toEqual([
      {
        route: 'timeline',
        outcome: 'refused',
        case_id: caseId,
        filters: { refusal: 'AUDIT.CASE_NOT_FOUND' },
      },
      { route: 'search', outcome: 'refused', case_id: null, filters: { refusal: 'AUTH.FORBIDDEN' } },
    ]);
  });
});
