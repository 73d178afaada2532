// The Decree 56 procedure end to end, through the three running services, the real (shared) Kafka broker
// and PostgreSQL: a hotline referral carried from the report to the plan ended; an emergency case with
// a temporary separation and its 15-day limit; a case handed over to another commune; two workers
// racing on one case; and the 12-hour deadline passing while casework is down.
//
// One stack for the file, with the deadline watcher scanning every DEADLINE_SCAN_MS. The scenarios use
// their own cases and assert on their own ids only (each stack has its own topics on the shared broker).
import { AdminUnits } from '@cp/admin-units';
import { eventually } from '@cp/testing';
import { recordAndRefer, reportBody, type ContactView } from './support/api';
import { expectStatus, token, type HttpResponse, type Problem } from './support/stack';
import { DAY, HOUR, expectProblem, localDateIn, pickCommunes, scores, stackForFile } from './support/suite';

jest.setTimeout(120_000);

const DEADLINE_SCAN_MS = 500;
const POLL = { timeoutMs: 30_000, intervalMs: 200 };

// ───────────────────────────── what the API returns ─────────────────────────────

interface Deadline {
  id: string;
  kind: string;
  dueAt: string;
  startedAt: string;
  policyVersion: string;
  calendarVersion: string | null;
  rule: string;
  status: 'open' | 'met' | 'met_late' | 'missed' | 'cancelled';
  metAt: string | null;
  missedAt: string | null;
  overdue: boolean;
}

interface CaseView {
  id: string;
  version: number;
  status: string;
  level: 'support' | 'intervention' | null;
  source: { kind: string; contactId?: string; referralId?: string };
  incidentCommuneCode: string;
  ownerCommuneCode: string;
  provinceCode: string;
  receivedAt: string;
  assignedWorkerId: string | null;
  initialAssessment: Record<string, unknown> | null;
  emergencyMeasures: Array<Record<string, unknown>>;
  separations: Array<{
    separationId: string;
    startsAt: string;
    endsAt: string;
    extensions: Array<{ endsAt: string; authorityRequest: unknown }>;
    revokedAt: string | null;
  }>;
  plan: {
    version: number;
    status: string;
    items: Array<{ itemId: string; measure: string; dueDate: string }>;
    approved: { version: number } | null;
  } | null;
  police: { policeUnit: string } | null;
  pendingTransfer: { toCommuneCode: string } | null;
  transfers: Array<{ fromCommuneCode: string; toCommuneCode: string }>;
  closure: { reason: string } | null;
  deadlines: Deadline[];
  nextSteps: Array<{ step: string; roles: string[] }>;
  asOf: string;
}

interface HistoryEntry {
  version: number;
  type: string;
  occurredAt: string;
  recordedAt: string;
  actor: { id: string; roles: string[]; unit: string | null };
  data: Record<string, unknown>;
}

interface CaseloadRow {
  caseId: string;
  communeCode: string;
  provinceCode: string;
  status: string;
  level: string | null;
  missedDeadlines: number;
  version: number;
}

// ───────────────────────────── communes, users, stack ─────────────────────────────

/** Two communes of one province (A, B) and one of another (C), all from the 2025 list. */
const { A, B, C } = pickCommunes();
const WORKER_A = `worker-a-${A}`;
const WORKER_A2 = `worker-a2-${A}`;
const CHAIR_A = `chair-a-${A}`;
const WORKER_B = `worker-b-${B}`;
const CHAIR_B = `chair-b-${B}`;

const { stack, tok } = stackForFile(
  { name: 'procedure', env: { DEADLINE_SCAN_MS: String(DEADLINE_SCAN_MS) } },
  {
    counsellor: ['hotline_counsellor', ['VN'], 'counsellor-procedure'],
    workerA: ['commune_worker', [A], WORKER_A],
    workerA2: ['commune_worker', [A], WORKER_A2],
    chairA: ['commune_chair', [A], CHAIR_A],
    workerB: ['commune_worker', [B], WORKER_B],
    chairB: ['commune_chair', [B], CHAIR_B],
    chairC: ['commune_chair', [C], `chair-c-${C}`],
  },
);

// ───────────────────────────── HTTP helpers ─────────────────────────────

const casePath = (id: string) => `/api/v1/cases/${id}`;

function getCase(id: string, t: string, at?: string): Promise<HttpResponse<CaseView | Problem>> {
  return stack.casework.get<CaseView | Problem>(
    `${casePath(id)}${at ? `?at=${encodeURIComponent(at)}` : ''}`,
    { token: t },
  );
}

async function readCase(id: string, t: string, at?: string): Promise<CaseView> {
  return expectStatus(await getCase(id, t, at), 200, `GET case ${id}${at ? ` at ${at}` : ''}`)
    .body as CaseView;
}

async function historyOf(id: string, t: string): Promise<HistoryEntry[]> {
  const res = await stack.casework.get<HistoryEntry[]>(`${casePath(id)}/history`, { token: t });
  return expectStatus(res, 200, `history of ${id}`).body;
}

/** A step as sent: the raw answer, for the tests that expect a refusal. */
function send(
  id: string,
  step: string,
  body: unknown,
  t: string,
  ifMatch?: number,
): Promise<HttpResponse<CaseView | Problem>> {
  return stack.casework.post<CaseView | Problem>(`${casePath(id)}/${step}`, body, {
    token: t,
    headers: ifMatch === undefined ? {} : { 'If-Match': `"${ifMatch}"` },
  });
}

/** Opens a case on a direct report to the commune (directReport) received at `receivedAt`; the 201 answer. */
async function openDirect(receivedAt: string, t: string): Promise<HttpResponse<CaseView>> {
  return expectStatus(
    await stack.casework.post<CaseView>('/api/v1/cases', directReport(receivedAt), { token: t }),
    201,
    'open case',
  );
}

const withoutAsOf = ({ asOf: _asOf, ...rest }: CaseView) => rest;

/**
 * A step that must succeed: 200, the ETag is the returned version, and the state the command returned
 * (folded from the new events in memory) is what a fresh GET folds from the stored events.
 */
async function act(id: string, step: string, body: unknown, t: string, ifMatch: number): Promise<CaseView> {
  const res = expectStatus(await send(id, step, body, t, ifMatch), 200, `POST ${step}`);
  const returned = res.body as CaseView;
  expect(res.version).toBe(returned.version);
  const read = await getCase(id, t);
  expectStatus(read, 200, `GET after ${step}`);
  expect(read.version).toBe(returned.version);
  expect(withoutAsOf(read.body as CaseView)).toEqual(withoutAsOf(returned));
  return returned;
}

async function caseloadRow(unit: string, t: string, caseId: string): Promise<CaseloadRow | undefined> {
  const res = await stack.reporting.get<{ items: CaseloadRow[] }>(`/api/v1/cases?unit=${unit}&limit=500`, {
    token: t,
  });
  return expectStatus(res, 200, `caseload of ${unit}`).body.items.find((i) => i.caseId === caseId);
}

/** Polls `probe` for `ms` and fails as soon as it is false: "it stays so", not a sleep. */
async function holdsFor(ms: number, probe: () => Promise<boolean>, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!(await probe())) throw new Error(`no longer true: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const deadline = (view: CaseView, id: string): Deadline => {
  const d = view.deadlines.find((x) => x.id === id);
  if (!d) throw new Error(`no deadline ${id} in ${JSON.stringify(view.deadlines.map((x) => x.id))}`);
  return d;
};

// ───────────────────────────── valid bodies (as in case.fixtures.ts) ─────────────────────────────

const directReport = (receivedAt: string, commune = A) => ({
  receivedAt,
  incidentCommuneCode: commune,
  concerns: ['violence'],
  children: [{ sex: 'male', ageYears: 6 }],
  urgent: true,
});

const bodies = {
  supportAssessment: {
    scores: scores('medium'),
    seriousThreat: false,
    caregiverIsAbuser: false,
    outcome: 'support',
    summary: 'Neglected after school; no injuries.',
  },
  emergencyAssessment: {
    scores: scores('high'),
    seriousThreat: true,
    caregiverIsAbuser: false,
    outcome: 'intervention',
    summary: 'Bruises; the uncle who lives with the family hits the child.',
  },
  detailedAssessment: {
    scores: scores('medium'),
    needs: ['psychological', 'family_support'],
    assistedBy: 'hotline_111',
    summary: 'Needs counselling; the mother needs support.',
  },
  needsMeeting: {
    participants: [
      { role: 'commune_chair' },
      { role: 'commune_worker' },
      { role: 'parent' },
      { role: 'child' },
    ],
    childViews: { heard: true, summary: 'Wants to stay at school.' },
    minutes: 'Agreed on counselling and carer skills.',
  },
  plan: {
    goals: ['The child is safe and cared for at home'],
    items: [
      {
        measure: 'counselling',
        description: 'Weekly counselling',
        responsibleBody: 'Commune health station',
        dueDate: localDateIn(30),
      },
    ],
  },
  emergencyMeasures: {
    measures: [{ measure: 'removal_from_danger', by: 'police', description: 'Taken to the grandmother.' }],
  },
  police: { policeUnit: 'Commune police', reference: 'CA-2026-17' },
};

// ───────────────────────────── 1. referral → plan ended ─────────────────────────────

describe('the Decree 56 procedure over HTTP, Kafka and PostgreSQL', () => {
  it('1. carries a hotline referral from the report to the plan ended, every deadline met', async () => {
    const contact = await recordAndRefer(
      stack.intake,
      tok.counsellor,
      A,
      reportBody({ incidentCommuneCode: A }),
    );
    const caseId = await eventually(
      async () => {
        const res = await stack.intake.get<ContactView>(`/api/v1/contacts/${contact.id}`, {
          token: tok.counsellor,
        });
        return res.body.referral?.caseId ?? undefined;
      },
      { ...POLL, what: 'casework to open the case of the referral' },
    );
    const opened = await readCase(caseId, tok.workerA);
    expect(opened).toMatchObject({
      version: 1,
      status: 'received',
      level: null,
      ownerCommuneCode: A,
      source: { kind: 'hotline_referral', contactId: contact.id, referralId: contact.referral!.referralId },
    });

    let kase = await act(caseId, 'assignment', { workerId: WORKER_A }, tok.chairA, opened.version);
    expect(kase).toMatchObject({ status: 'assessing', assignedWorkerId: WORKER_A, version: 2 });
    kase = await act(caseId, 'initial-assessment', bodies.supportAssessment, tok.workerA, kase.version);
    expect(kase).toMatchObject({ status: 'planning', level: 'support' });
    expect(deadline(kase, 'initial_assessment:1').status).toBe('met');
    expect(deadline(kase, 'plan_draft:1').status).toBe('open');
    kase = await act(caseId, 'detailed-assessment', bodies.detailedAssessment, tok.workerA, kase.version);
    expect(kase.status).toBe('planning');
    kase = await act(caseId, 'needs-meeting', bodies.needsMeeting, tok.chairA, kase.version);
    kase = await act(caseId, 'plan', bodies.plan, tok.workerA, kase.version);
    expect(kase.plan).toMatchObject({ version: 1, status: 'draft' });
    const itemId = kase.plan!.items[0].itemId;
    expect(itemId).toMatch(/^[0-9a-f-]{36}$/);
    kase = await act(caseId, 'plan/submission', {}, tok.workerA, kase.version);
    expect(kase.status).toBe('awaiting_approval');
    expect(deadline(kase, 'plan_draft:1').status).toBe('met');
    expect(deadline(kase, 'plan_approval:1').status).toBe('open');
    kase = await act(
      caseId,
      'plan/decision',
      { decision: 'approve', decisionNo: '15/QĐ-UBND' },
      tok.chairA,
      kase.version,
    );
    expect(kase).toMatchObject({
      status: 'implementing',
      plan: { status: 'approved', approved: { version: 1 } },
    });
    expect(deadline(kase, 'review:1').status).toBe('open');
    expect(deadline(kase, `plan_item:1:${itemId}`).status).toBe('open');
    kase = await act(
      caseId,
      'services',
      { itemId, provider: 'Commune health station', description: 'Four sessions', completesItem: true },
      tok.workerA,
      kase.version,
    );
    expect(deadline(kase, `plan_item:1:${itemId}`).status).toBe('met');
    kase = await act(
      caseId,
      'reviews',
      {
        scores: scores('low'),
        childSafe: true,
        stability: { physical: true, psychological: true, cognitive: true, emotional: true },
        outcome: 'end',
        notes: 'Safe and stable.',
      },
      tok.workerA,
      kase.version,
    );
    expect(kase.status).toBe('implementing');
    kase = await act(caseId, 'plan/end', { note: 'Plan completed.' }, tok.chairA, kase.version);

    // Closed because the plan ended, and every deadline the procedure set was met in time.
    expect(kase).toMatchObject({
      status: 'closed',
      closure: { reason: 'plan_ended' },
      plan: { status: 'ended' },
    });
    const kinds = kase.deadlines.map((d) => d.kind);
    expect(kinds).toEqual(
      expect.arrayContaining(['initial_assessment', 'plan_draft', 'plan_approval', 'review', 'plan_item']),
    );
    expect(kase.deadlines.filter((d) => d.status !== 'met')).toEqual([]);
    for (const d of kase.deadlines) {
      expect(d.policyVersion).toEqual(expect.any(String));
      expect(d.policyVersion.length).toBeGreaterThan(0);
      expect(Date.parse(d.metAt!)).toBeLessThanOrEqual(Date.parse(d.dueAt));
    }

    // The history: every step by the right person.
    const history = await historyOf(caseId, tok.chairA);
    expect(history.map((e) => e.type)).toEqual([
      'CaseOpened',
      'CaseWorkerAssigned',
      'InitialAssessmentRecorded',
      'DetailedAssessmentRecorded',
      'NeedsMeetingHeld',
      'PlanDrafted',
      'PlanSubmitted',
      'PlanApproved',
      'ServiceDelivered',
      'ReviewRecorded',
      'PlanEnded',
      'CaseClosed',
    ]);
    expect(history.map((e) => e.version)).toEqual(history.map((_, i) => i + 1));
    const actorOf = (type: string) => history.find((e) => e.type === type)!.actor;
    expect(actorOf('CaseOpened')).toMatchObject({ roles: ['system'] });
    const byChair = { id: CHAIR_A, roles: ['commune_chair'], unit: A };
    const byWorker = { id: WORKER_A, roles: ['commune_worker'], unit: A };
    for (const t of ['CaseWorkerAssigned', 'NeedsMeetingHeld', 'PlanApproved', 'PlanEnded', 'CaseClosed']) {
      expect({ t, actor: actorOf(t) }).toEqual({ t, actor: byChair });
    }
    for (const t of [
      'InitialAssessmentRecorded',
      'DetailedAssessmentRecorded',
      'PlanDrafted',
      'PlanSubmitted',
      'ServiceDelivered',
      'ReviewRecorded',
    ]) {
      expect({ t, actor: actorOf(t) }).toEqual({ t, actor: byWorker });
    }

    const integrity = await stack.casework.get<{ ok: boolean; events: number }>(
      `${casePath(caseId)}/integrity`,
      { token: tok.workerA },
    );
    expect(expectStatus(integrity, 200, 'integrity').body).toMatchObject({
      ok: true,
      events: history.length,
    });

    // The case as it was: right after the submission it awaited the chair's decision.
    const submitted = history.find((e) => e.type === 'PlanSubmitted')!;
    const approved = history.find((e) => e.type === 'PlanApproved')!;
    expect(Date.parse(approved.recordedAt)).toBeGreaterThan(Date.parse(submitted.recordedAt));
    const asSubmitted = await getCase(caseId, tok.workerA, submitted.recordedAt);
    expectStatus(asSubmitted, 200, 'GET ?at=');
    expect(asSubmitted.version).toBe(submitted.version);
    expect(asSubmitted.body).toMatchObject({
      version: submitted.version,
      status: 'awaiting_approval',
      plan: { status: 'submitted', approved: null },
      closure: null,
    });
    const asOpened = await readCase(caseId, tok.workerA, history[0].recordedAt);
    expect(asOpened).toMatchObject({ version: 1, status: 'received', assignedWorkerId: null });

    // The hotline and reporting follow the case to its closure.
    await eventually(
      async () => {
        const res = await stack.intake.get<ContactView>(`/api/v1/contacts/${contact.id}`, {
          token: tok.counsellor,
        });
        return res.body.referral?.caseState === 'closed' ? true : undefined;
      },
      { ...POLL, what: "intake to show the referral's case as closed" },
    );
    const row = await eventually(
      async () => {
        const r = await caseloadRow(A, tok.workerA, caseId);
        return r?.status === 'closed' ? r : undefined;
      },
      { ...POLL, what: 'reporting to list the case as closed' },
    );
    expect(row).toMatchObject({
      communeCode: A,
      level: 'support',
      missedDeadlines: 0,
      version: kase.version,
    });

    // The counsellor who referred it follows it up in casework too: the follow-up view, without the
    // case's content; another counsellor gets 404 (the own-referrals jurisdiction). The read is access-logged.
    const followUp = expectStatus(
      await stack.casework.get<Record<string, unknown>>(casePath(caseId), { token: tok.counsellor }),
      200,
      'the referring counsellor reads the follow-up view',
    );
    expect(followUp.body).toMatchObject({
      id: caseId,
      view: 'follow_up',
      state: 'closed',
      takenUp: true,
      carryingCommuneCode: A,
      assignedWorkerId: WORKER_A,
      version: kase.version,
    });
    expect(followUp.version).toBe(kase.version);
    // Status-level only: the stage, the level, the deadlines and the next steps tell what happened.
    for (const narrative of [
      'status',
      'level',
      'deadlines',
      'nextSteps',
      'residenceCommuneCode',
      'pendingTransfer',
      'children',
      'report',
      'initialAssessment',
      'detailedAssessment',
      'needsMeeting',
      'plan',
      'services',
      'reviews',
      'closure',
    ]) {
      expect({ narrative, present: narrative in followUp.body }).toEqual({ narrative, present: false });
    }
    expect(JSON.stringify(followUp.body)).not.toContain(bodies.supportAssessment.summary);
    expect(JSON.stringify(followUp.body)).not.toContain(bodies.needsMeeting.minutes);
    const mine = await stack.casework.get<Array<Record<string, unknown>>>('/api/v1/cases?limit=500', {
      token: tok.counsellor,
    });
    const listed = expectStatus(mine, 200, 'the counsellor lists the cases they referred').body.find(
      (c) => c.id === caseId,
    );
    expect(listed).toMatchObject({ view: 'follow_up', state: 'closed', takenUp: true });
    for (const hidden of ['status', 'level', 'nextDueAt', 'residenceCommuneCode', 'transferToCommuneCode']) {
      expect({ hidden, present: hidden in listed! }).toEqual({ hidden, present: false });
    }
    const otherCounsellor = await token('hotline_counsellor', ['VN'], 'counsellor-other');
    expectProblem(await getCase(caseId, otherCounsellor), 404, 'CASE.NOT_FOUND');
    const theirs = await stack.casework.get<Array<{ id: string }>>('/api/v1/cases?limit=500', {
      token: otherCounsellor,
    });
    expect(expectStatus(theirs, 200, "another counsellor's list").body.map((c) => c.id)).not.toContain(
      caseId,
    );
    // The history (every event's data) stays the commune's.
    expectProblem(
      await stack.casework.get(`${casePath(caseId)}/history`, { token: tok.counsellor }),
      403,
      'AUTH.ROLE_NOT_ALLOWED',
    );
  });

  // ───────────────────────────── 2. emergency and separation ─────────────────────────────

  it('2. an emergency case opened by the commune: measures, a separation within 15 days, and the refusals', async () => {
    const receivedAt = new Date(Date.now() - 2 * HOUR).toISOString();
    const created = await openDirect(receivedAt, tok.chairA);
    const caseId = created.body.id;
    expect(created.headers.get('location')).toBe(casePath(caseId));
    expect(created.body).toMatchObject({
      version: 1,
      status: 'received',
      source: { kind: 'commune_direct' },
      incidentCommuneCode: A,
      receivedAt,
    });
    const initial = deadline(created.body, 'initial_assessment:1');
    expect(Date.parse(initial.dueAt) - Date.parse(receivedAt)).toBe(12 * HOUR);

    // A worker may not order emergency measures: the route guard answers 403 and nothing changes.
    const byWorker = await send(caseId, 'emergency-measures', bodies.emergencyMeasures, tok.workerA, 1);
    expect(expectProblem(byWorker, 403, 'AUTH.ROLE_NOT_ALLOWED').detail).toContain('commune_chair');
    // A step out of order names the step to take first.
    const early = await send(caseId, 'plan/submission', {}, tok.workerA, 1);
    expect(expectProblem(early, 409, 'CASE.PLAN_NOT_DRAFTED')).toMatchObject({ requiredStep: 'plan' });
    const unassigned = await send(caseId, 'initial-assessment', bodies.emergencyAssessment, tok.workerA, 1);
    expect(expectProblem(unassigned, 409, 'CASE.WORKER_NOT_ASSIGNED')).toMatchObject({
      requiredStep: 'assignment',
    });
    // A bad body names the bad fields.
    const bad = await send(
      caseId,
      'initial-assessment',
      {
        ...bodies.emergencyAssessment,
        scores: { ...scores('high'), child_capacity: 'extreme' },
        outcome: 'jail',
      },
      tok.workerA,
      1,
    );
    const badProblem = expectProblem(bad, 400, 'REQUEST.VALIDATION_FAILED');
    expect((badProblem.errors ?? []).map((e) => e.field)).toEqual(
      expect.arrayContaining(['scores.child_capacity', 'outcome']),
    );
    expect((await readCase(caseId, tok.workerA)).version).toBe(1);

    let kase = await act(caseId, 'assignment', { workerId: WORKER_A }, tok.chairA, 1);
    kase = await act(caseId, 'initial-assessment', bodies.emergencyAssessment, tok.workerA, kase.version);
    expect(kase).toMatchObject({ status: 'planning', level: 'intervention' });
    const emergency = deadline(kase, 'emergency_measures:1');
    expect(emergency.status).toBe('open');
    expect(Date.parse(emergency.dueAt) - Date.parse(receivedAt)).toBe(12 * HOUR);

    kase = await act(caseId, 'emergency-measures', bodies.emergencyMeasures, tok.chairA, kase.version);
    expect(deadline(kase, 'emergency_measures:1').status).toBe('met');
    kase = await act(caseId, 'police-notification', bodies.police, tok.chairA, kase.version);
    expect(kase.police).toMatchObject({ policeUnit: 'Commune police' });

    const tenDays = new Date(Date.now() + 10 * DAY).toISOString();
    kase = await act(
      caseId,
      'separation',
      {
        decisionNo: '12/QĐ-UBND',
        placement: 'relative',
        placementNote: 'With the maternal grandmother.',
        endsAt: tenDays,
      },
      tok.chairA,
      kase.version,
    );
    expect(kase.separations).toHaveLength(1);
    const separation = kase.separations[0];
    expect(separation).toMatchObject({ endsAt: tenDays, revokedAt: null });
    const sepDeadlineId = `separation_end:${separation.separationId}`;
    expect(deadline(kase, sepDeadlineId)).toMatchObject({ status: 'open', dueAt: tenDays });
    const startsAt = Date.parse(separation.startsAt);

    // Beyond 15 days in all, only on a competent authority's request.
    const tooLong = await send(
      caseId,
      'separation/extension',
      { endsAt: new Date(startsAt + 16 * DAY).toISOString(), reason: 'Home still unsafe.' },
      tok.chairA,
      kase.version,
    );
    expect(expectProblem(tooLong, 422, 'CASE.SEPARATION_LIMIT_EXCEEDED')).toMatchObject({
      field: 'authorityRequest',
    });
    expect((await readCase(caseId, tok.chairA)).version).toBe(kase.version);

    const fourteenDays = new Date(startsAt + 14 * DAY).toISOString();
    kase = await act(
      caseId,
      'separation/extension',
      { endsAt: fourteenDays, reason: 'Home visit not yet done.' },
      tok.chairA,
      kase.version,
    );
    expect(kase.separations[0]).toMatchObject({
      endsAt: fourteenDays,
      extensions: [{ endsAt: fourteenDays }],
    });
    expect(deadline(kase, sepDeadlineId)).toMatchObject({ status: 'open', dueAt: fourteenDays });

    kase = await act(
      caseId,
      'separation/revocation',
      { reason: 'The uncle left the home; the mother can protect the child.' },
      tok.chairA,
      kase.version,
    );
    expect(kase.separations[0].revokedAt).not.toBeNull();
    expect(deadline(kase, 'emergency_measures:1').status).toBe('met');
    expect(deadline(kase, sepDeadlineId).status).toBe('met');

    const history = await historyOf(caseId, tok.workerA);
    expect(history.map((e) => e.type)).toEqual([
      'CaseOpened',
      'CaseWorkerAssigned',
      'InitialAssessmentRecorded',
      'EmergencyMeasuresTaken',
      'PoliceNotified',
      'TemporarySeparationDecided',
      'TemporarySeparationExtended',
      'TemporarySeparationRevoked',
    ]);
    expect(history[0].actor).toEqual({ id: CHAIR_A, roles: ['commune_chair'], unit: A });
    expect(history[2].actor).toEqual({ id: WORKER_A, roles: ['commune_worker'], unit: A });
    for (const e of history.slice(3)) {
      expect({ type: e.type, actor: e.actor }).toEqual({
        type: e.type,
        actor: { id: CHAIR_A, roles: ['commune_chair'], unit: A },
      });
    }
  });

  // ───────────────────────────── 3. transfer ─────────────────────────────

  it('3. hands a case over from commune A to commune B of the same province; C never sees it', async () => {
    const created = await openDirect(new Date(Date.now() - HOUR).toISOString(), tok.workerA);
    const caseId = created.body.id;
    let kase = await act(caseId, 'assignment', { workerId: WORKER_A }, tok.chairA, created.body.version);

    // Before the request, B does not see A's case.
    expectProblem(await getCase(caseId, tok.chairB), 404, 'CASE.NOT_FOUND');

    kase = await act(
      caseId,
      'transfer',
      { toCommuneCode: B, reason: 'The family moved.' },
      tok.chairA,
      kase.version,
    );
    expect(kase.pendingTransfer).toMatchObject({ toCommuneCode: B });

    // The receiving commune sees it now; only it may accept.
    const seenByB = await readCase(caseId, tok.chairB);
    expect(seenByB).toMatchObject({
      version: kase.version,
      ownerCommuneCode: A,
      pendingTransfer: { toCommuneCode: B },
    });
    expectProblem(
      await send(caseId, 'transfer/acceptance', {}, tok.chairA, kase.version),
      403,
      'CASE.NOT_RECEIVING_COMMUNE',
    );
    // Authorization comes before the version check: a stale If-Match does not turn the refusal into 409.
    expectProblem(
      await send(caseId, 'transfer/acceptance', {}, tok.chairA, kase.version + 99),
      403,
      'CASE.NOT_RECEIVING_COMMUNE',
    );
    expectProblem(
      await send(caseId, 'assignment', { workerId: 'intruder' }, tok.chairB, kase.version + 99),
      403,
      'CASE.NOT_OWNING_COMMUNE',
    );
    // A commune chair whose token carries the province (not a commune) acts on none of its cases.
    const provinceChair = await token('commune_chair', [AdminUnits.load().provinceOf(A)!], 'chair-province');
    expectProblem(await getCase(caseId, provinceChair), 404, 'CASE.NOT_FOUND');
    expectProblem(
      await send(caseId, 'transfer/acceptance', {}, provinceChair, kase.version),
      404,
      'CASE.NOT_FOUND',
    );
    kase = await act(caseId, 'transfer/acceptance', {}, tok.chairB, kase.version);
    expect(kase).toMatchObject({
      ownerCommuneCode: B,
      pendingTransfer: null,
      assignedWorkerId: null,
      transfers: [{ fromCommuneCode: A, toCommuneCode: B }],
    });

    // A no longer carries the case.
    expectProblem(
      await send(caseId, 'initial-assessment', bodies.supportAssessment, tok.workerA, kase.version),
      403,
      'CASE.NOT_OWNING_COMMUNE',
    );
    // B names its worker, who goes on with the procedure.
    kase = await act(caseId, 'assignment', { workerId: WORKER_B }, tok.chairB, kase.version);
    expect(kase).toMatchObject({ assignedWorkerId: WORKER_B });
    kase = await act(caseId, 'initial-assessment', bodies.supportAssessment, tok.workerB, kase.version);
    expect(kase).toMatchObject({ status: 'planning', level: 'support', ownerCommuneCode: B });
    expect(deadline(kase, 'initial_assessment:1').status).toBe('met');

    // A commune of another province answers as for a missing case.
    expectProblem(await getCase(caseId, tok.chairC), 404, 'CASE.NOT_FOUND');
    expectProblem(
      await send(caseId, 'assignment', { workerId: 'intruder' }, tok.chairC, kase.version),
      404,
      'CASE.NOT_FOUND',
    );
    expectProblem(
      await send(caseId, 'assignment', { workerId: 'intruder' }, tok.chairC, kase.version + 99),
      404,
      'CASE.NOT_FOUND',
    );

    const history = await historyOf(caseId, tok.workerB);
    expect(history.map((e) => [e.type, e.actor.id, e.actor.unit])).toEqual([
      ['CaseOpened', WORKER_A, A],
      ['CaseWorkerAssigned', CHAIR_A, A],
      ['CaseTransferRequested', CHAIR_A, A],
      ['CaseTransferAccepted', CHAIR_B, B],
      ['CaseWorkerAssigned', CHAIR_B, B],
      ['InitialAssessmentRecorded', WORKER_B, B],
    ]);

    // Reporting moves the case to B's caseload.
    const row = await eventually(
      async () => {
        const r = await caseloadRow(B, tok.workerB, caseId);
        return r?.version === kase.version ? r : undefined;
      },
      { ...POLL, what: "the case to reach B's caseload in reporting" },
    );
    expect(row).toMatchObject({ communeCode: B, status: 'planning', level: 'support' });
    expect(await caseloadRow(A, tok.workerA, caseId)).toBeUndefined();
  });

  // ───────────────────────────── 4. concurrent steps ─────────────────────────────

  it('4. two workers change one case at once: one wins, the other gets 409 and succeeds on retry', async () => {
    const created = await openDirect(new Date(Date.now() - HOUR).toISOString(), tok.workerA);
    const caseId = created.body.id;
    const assigned = await act(
      caseId,
      'assignment',
      { workerId: WORKER_A },
      tok.chairA,
      created.body.version,
    );
    const v = assigned.version;

    const attempts = [
      {
        step: 'initial-assessment',
        body: bodies.supportAssessment,
        t: tok.workerA,
        type: 'InitialAssessmentRecorded',
        actor: WORKER_A,
      },
      {
        step: 'police-notification',
        body: bodies.police,
        t: tok.workerA2,
        type: 'PoliceNotified',
        actor: WORKER_A2,
      },
    ];
    const results = await Promise.all(attempts.map((a) => send(caseId, a.step, a.body, a.t, v)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = results[0].status === 200 ? 0 : 1;
    const loser = 1 - winner;
    expect(results[winner].version).toBe(v + 1);
    expect(expectProblem(results[loser], 409, 'CONCURRENCY.VERSION_CONFLICT')).toMatchObject({
      currentVersion: v + 1,
      expectedVersion: v,
    });

    const afterRace = await historyOf(caseId, tok.workerA);
    expect(afterRace).toHaveLength(v + 1);
    expect(afterRace.filter((e) => attempts.some((a) => a.type === e.type)).map((e) => e.type)).toEqual([
      attempts[winner].type,
    ]);
    expect(afterRace[v].actor.id).toBe(attempts[winner].actor);

    // The loser reloads and sends again with the version it now sees: nothing is lost.
    const current = await readCase(caseId, attempts[loser].t);
    expect(current.version).toBe(v + 1);
    const retried = await act(
      caseId,
      attempts[loser].step,
      attempts[loser].body,
      attempts[loser].t,
      current.version,
    );
    expect(retried.version).toBe(v + 2);
    expect(retried.initialAssessment).not.toBeNull();
    expect(retried.police).toMatchObject({ policeUnit: 'Commune police' });
    const after = await historyOf(caseId, tok.workerA);
    expect(after.slice(v).map((e) => [e.type, e.actor.id])).toEqual([
      [attempts[winner].type, attempts[winner].actor],
      [attempts[loser].type, attempts[loser].actor],
    ]);
  });

  // ───────────────────────────── 5. the 12-hour deadline while casework is down ─────────────────────────────

  it('5. reports the 12-hour deadline missed while casework was down exactly once, also to reporting', async () => {
    const receivedAt = new Date(Date.now() - 12 * HOUR + 20_000).toISOString();
    const created = await openDirect(receivedAt, tok.workerA);
    const caseId = created.body.id;
    const due = deadline(created.body, 'initial_assessment:1');
    const dueAt = Date.parse(due.dueAt);
    expect(dueAt).toBe(Date.parse(receivedAt) + 12 * HOUR);
    expect(due.status).toBe('open');

    await stack.stopService('casework');
    if (Date.now() >= dueAt) {
      throw new Error(`casework took too long to stop: the deadline (${due.dueAt}) passed while it ran`);
    }
    // Nobody is there to notice the deadline pass.
    await eventually(async () => (Date.now() > dueAt + 1000 ? true : undefined), {
      timeoutMs: 30_000,
      intervalMs: 100,
      what: 'the 12-hour deadline to pass',
    });
    const restartedAt = Date.now();
    await stack.casework.start();

    const missedEvents = async () =>
      (await historyOf(caseId, tok.workerA)).filter(
        (e) => e.type === 'DeadlineMissed' && e.data.deadlineId === 'initial_assessment:1',
      );
    const [missed] = await eventually(
      async () => {
        const m = await missedEvents();
        return m.length > 0 ? m : undefined;
      },
      { ...POLL, what: 'the deadline watcher to report the missed deadline' },
    );
    expect(missed.actor).toMatchObject({ id: 'system:deadline-watcher', roles: ['system'] });
    expect(missed.data).toMatchObject({ kind: 'initial_assessment', dueAt: due.dueAt });
    expect(Date.parse(missed.data.detectedAt as string)).toBeGreaterThanOrEqual(restartedAt);
    const once = async () => (await missedEvents()).length === 1;
    await holdsFor(5 * DEADLINE_SCAN_MS, once, 'exactly one DeadlineMissed');

    const view = await readCase(caseId, tok.workerA);
    expect(deadline(view, 'initial_assessment:1')).toMatchObject({
      status: 'missed',
      missedAt: missed.data.detectedAt,
      overdue: true,
    });
    expect((await historyOf(caseId, tok.workerA)).map((e) => e.type)).toEqual([
      'CaseOpened',
      'DeadlineMissed',
    ]);
    // casework's own work list puts it among the overdue cases.
    const workList = await stack.casework.get<Array<{ id: string; overdueCount: number }>>(
      '/api/v1/cases?overdue=true&limit=500',
      { token: tok.workerA },
    );
    expect(expectStatus(workList, 200, 'overdue work list').body.find((c) => c.id === caseId)).toMatchObject({
      overdueCount: 1,
    });

    // The DeadlineMissed message reached reporting: the case counts a missed deadline and is overdue.
    const row = await eventually(
      async () => {
        const r = await caseloadRow(A, tok.workerA, caseId);
        return r && r.missedDeadlines === 1 ? r : undefined;
      },
      { ...POLL, what: 'reporting to count the missed deadline' },
    );
    expect(row).toMatchObject({ version: 2, status: 'received' });
    const overdue = await stack.reporting.get<{ items: CaseloadRow[] }>(
      `/api/v1/cases?unit=${A}&overdue=true&limit=500`,
      { token: tok.workerA },
    );
    expect(expectStatus(overdue, 200, 'overdue caseload').body.items.map((i) => i.caseId)).toContain(caseId);

    // Another restart does not report it again.
    await stack.restart('casework');
    await holdsFor(5 * DEADLINE_SCAN_MS, once, 'exactly one DeadlineMissed after another restart');
    expect((await readCase(caseId, tok.workerA)).version).toBe(2);
  });
});
