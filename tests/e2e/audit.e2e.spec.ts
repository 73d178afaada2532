// The audit trail end to end, through the three running services and the real (shared) Kafka broker:
// a commune opens and carries a case, its worker reads it (now, as it was, its history), a counsellor
// reads a hotline contact; then an inspector finds every step and every read in reporting — by case, by
// the worker, by contact — and the case's timeline with the state after each step and the deadline met.
// Reads are access events on each service's own access topic (cp.<service>.audit.access.v1; the case's
// version does not change); steps are the casework events reporting copies. Each stack has its own topics
// on the shared broker.
import { randomInt } from 'node:crypto';
import { AdminUnits } from '@cp/admin-units';
import { eventually } from '@cp/testing';
import { reportBody, type ContactView } from './support/api';
import { expectStatus, type HttpResponse, type Problem } from './support/stack';
import { HOUR, expectProblem, pickCommunes, stackForFile } from './support/suite';

jest.setTimeout(120_000);

const POLL = { timeoutMs: 30_000, intervalMs: 250 };

interface CaseView {
  id: string;
  version: number;
  status: string;
}

interface Actor {
  id: string;
  roles: string[];
  unit: string | null;
}

interface AuditItem {
  kind: 'event' | 'access' | 'audit_query';
  id: string;
  at: string;
  actor: Actor;
  what: string;
  producer: string;
  record: { kind: string; id: string; version: number };
  caseId: string | null;
  contactId: string | null;
  units: string[];
  changes?: Record<string, unknown> | null;
  details?: Record<string, unknown>;
  view?: string;
  fields?: string[];
  asAt?: string | null;
  outcome?: 'granted' | 'refused';
  results?: number | null;
  filters?: Record<string, unknown>;
}

interface AuditPage {
  count: number;
  items: AuditItem[];
  nextCursor: string | null;
}

interface TimelineStep {
  kind: 'event';
  version: number;
  type: string;
  step: { en: string; vi: string | null };
  at: string;
  actor: Actor;
  state: {
    status: string;
    level: string | null;
    carryingCommuneCode: string;
    assignedWorkerId: string | null;
  };
  changes: Record<string, unknown>;
  deadlinesMet: Array<{ id: string; kind: string; dueAt: string; onTime: boolean }>;
  deadlinesMissed: Array<{ id: string; kind: string }>;
}

interface TimelineRead {
  kind: 'access';
  what: string;
  actor: Actor;
  view: string;
  fields: string[];
  asAt: string | null;
}

interface Timeline {
  caseId: string;
  asAt: string | null;
  version: number;
  state: TimelineStep['state'];
  timeline: Array<TimelineStep | TimelineRead>;
}

const { A, B, P, Q } = pickCommunes();
const WORKER_A = `worker-a-${A}-${randomInt(1e6)}`;
const CHAIR_A = `chair-a-${A}`;
const INSPECTOR = `inspector-${P}`;
const SUMMARY = 'Bé bị bỏ đói sau giờ học; không có thương tích.';

const { stack, tok } = stackForFile(
  { name: 'audit' },
  {
    chairA: ['commune_chair', [A], CHAIR_A],
    workerA: ['commune_worker', [A], WORKER_A],
    workerB: ['commune_worker', [B], `worker-b-${B}`],
    inspectorP: ['inspector', [P], INSPECTOR],
    inspectorQ: ['inspector', [Q], `inspector-${Q}`],
    officerP: ['provincial_officer', [P], `officer-${P}`],
    counsellor: ['hotline_counsellor', ['VN'], 'counsellor-audit'],
    inspectorVN: ['inspector', ['VN'], 'inspector-vn'],
    admin: ['admin', ['VN'], 'admin-audit'],
  },
);

const casePath = (id: string) => `/api/v1/cases/${id}`;

async function step(id: string, path: string, body: unknown, t: string, ifMatch: number): Promise<CaseView> {
  const res = await stack.casework.post<CaseView>(`${casePath(id)}/${path}`, body, {
    token: t,
    headers: { 'If-Match': `"${ifMatch}"` },
  });
  return expectStatus(res, 200, `POST ${path}`).body;
}

function audit<T = AuditPage>(query: string, t: string): Promise<HttpResponse<T | Problem>> {
  return stack.reporting.get<T | Problem>(`/api/v1/audit${query}`, { token: t });
}

/** Polls the search until `ready` holds (the events and reads travel through Kafka). */
async function searchUntil(query: string, t: string, ready: (p: AuditPage) => boolean): Promise<AuditPage> {
  return eventually(
    async () => {
      const page = expectStatus(await audit(query, t), 200, `GET /audit${query}`).body as AuditPage;
      return ready(page) ? page : undefined;
    },
    { ...POLL, what: `audit search ${query}` },
  );
}

/** The chair of commune A opens a case of neglect of one child, received an hour ago; its id. */
async function openNeglectCase(child: { sex: 'female' | 'male'; ageYears: number }): Promise<string> {
  const opened = expectStatus(
    await stack.casework.post<CaseView>(
      '/api/v1/cases',
      {
        receivedAt: new Date(Date.now() - HOUR).toISOString(),
        incidentCommuneCode: A,
        concerns: ['neglect'],
        children: [child],
      },
      { token: tok.chairA },
    ),
    201,
    'open case',
  ).body;
  return opened.id;
}

describe('a case carried by its commune and read by its worker', () => {
  let caseId = '';
  let afterAssignment = '';

  beforeAll(async () => {
    caseId = await openNeglectCase({ sex: 'female', ageYears: 7 });
    const assigned = await step(caseId, 'assignment', { workerId: WORKER_A }, tok.chairA, 1);
    await new Promise((r) => setTimeout(r, 20));
    afterAssignment = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 20));
    const assessed = await step(
      caseId,
      'initial-assessment',
      {
        scores: {
          severity_of_harm: 'medium',
          abuser_access: 'low',
          care_setting_obstacles: 'medium',
          child_capacity: 'low',
        },
        seriousThreat: false,
        caregiverIsAbuser: false,
        outcome: 'support',
        summary: SUMMARY,
      },
      tok.workerA,
      assigned.version,
    );
    expect(assessed).toMatchObject({ version: 3, status: 'planning' });

    // The worker reads the case now, as it was after the assignment, and its history.
    const now = await stack.casework.get<CaseView>(casePath(caseId), { token: tok.workerA });
    expect(expectStatus(now, 200, 'GET case').version).toBe(3);
    const then = await stack.casework.get<CaseView>(
      `${casePath(caseId)}?at=${encodeURIComponent(afterAssignment)}`,
      { token: tok.workerA },
    );
    expect(expectStatus(then, 200, 'GET case ?at=').body).toMatchObject({ version: 2, status: 'assessing' });
    expectStatus(
      await stack.casework.get(`${casePath(caseId)}/history`, { token: tok.workerA }),
      200,
      'history',
    );
  });

  it('reading a case does not change its version: the next step still takes If-Match of the last step', async () => {
    const again = await stack.casework.get<CaseView>(casePath(caseId), { token: tok.chairA });
    expect(again.version).toBe(3);
  });

  it('an inspector of the province finds every step and every read of the case, with who, role, unit, view and fields', async () => {
    const page = await searchUntil(
      `?caseId=${caseId}`,
      tok.inspectorP,
      (p) =>
        p.items.filter((i) => i.kind === 'event').length >= 3 &&
        p.items.filter((i) => i.actor.id === WORKER_A && i.kind === 'access').length >= 3,
    );
    const events = page.items.filter((i) => i.kind === 'event');
    expect(events.map((e) => [e.what, e.actor.id, e.actor.roles, e.actor.unit, e.record.version])).toEqual([
      ['CaseOpened', CHAIR_A, ['commune_chair'], A, 1],
      ['CaseWorkerAssigned', CHAIR_A, ['commune_chair'], A, 2],
      ['InitialAssessmentRecorded', WORKER_A, ['commune_worker'], A, 3],
    ]);
    expect(events[2].changes).toMatchObject({
      status: { from: 'assessing', to: 'planning' },
      level: { from: null, to: 'support' },
    });
    expect(events[2].details).toMatchObject({ outcome: 'support' });
    expect(events.every((e) => e.units.includes(A))).toBe(true);

    const workerReads = page.items.filter((i) => i.kind === 'access' && i.actor.id === WORKER_A);
    expect(workerReads.map((r) => [r.what, r.actor.roles, r.actor.unit, r.record.kind, r.record.id])).toEqual(
      [
        ['read:state', ['commune_worker'], A, 'case', caseId],
        ['read:state_at', ['commune_worker'], A, 'case', caseId],
        ['read:history', ['commune_worker'], A, 'case', caseId],
      ],
    );
    expect(workerReads[0].fields).toEqual(
      expect.arrayContaining(['status', 'children', 'assessment', 'deadlines']),
    );
    expect(workerReads[0].record.version).toBe(3);
    expect(workerReads[1]).toMatchObject({ asAt: afterAssignment, record: { version: 2 } });
    expect(workerReads[1].fields).not.toContain('assessment');
    expect(workerReads[2].fields).toEqual(['history']);
    // The trail is codes and ids: the assessment's free text stays in casework.
    expect(JSON.stringify(page)).not.toContain(SUMMARY);
  });

  it('searching by the worker finds what they did and what they read', async () => {
    const page = await searchUntil(`?actorId=${WORKER_A}`, tok.inspectorP, (p) => p.count >= 4);
    expect(page.items.map((i) => [i.kind, i.what, i.caseId])).toEqual([
      ['event', 'InitialAssessmentRecorded', caseId],
      ['access', 'read:state', caseId],
      ['access', 'read:state_at', caseId],
      ['access', 'read:history', caseId],
    ]);
    const reads = expectStatus(
      await audit(`?actorId=${WORKER_A}&kind=access&limit=2`, tok.officerP),
      200,
      'page 1',
    ).body as AuditPage;
    expect(reads.items.map((i) => i.what)).toEqual(['read:state', 'read:state_at']);
    const rest = expectStatus(
      await audit(`?actorId=${WORKER_A}&kind=access&limit=2&cursor=${reads.nextCursor}`, tok.officerP),
      200,
      'page 2',
    ).body as AuditPage;
    expect(rest).toMatchObject({ count: 1, nextCursor: null, items: [{ what: 'read:history' }] });
    // An admin may review a person's activity, without the steps' content.
    const review = expectStatus(await audit(`?actorId=${WORKER_A}`, tok.admin), 200, 'admin review')
      .body as AuditPage;
    expect(review.items.map((i) => i.what)).toEqual(page.items.map((i) => i.what));
    expect(review.items[0]).not.toHaveProperty('changes');
    expect(review.items[0]).not.toHaveProperty('details');
  });

  it('the timeline shows each step with the state after it and the deadline it met, and the reads between', async () => {
    const t = await eventually(
      async () => {
        const res = await audit<Timeline>(`/cases/${caseId}/timeline?includeReads=true`, tok.inspectorP);
        const body = res.status === 200 ? (res.body as Timeline) : undefined;
        return body && body.version === 3 && body.timeline.length >= 6 ? body : undefined;
      },
      { ...POLL, what: 'timeline' },
    );
    expect(t).toMatchObject({
      caseId,
      version: 3,
      state: { status: 'planning', level: 'support', carryingCommuneCode: A, assignedWorkerId: WORKER_A },
    });
    const steps = t.timeline.filter((x): x is TimelineStep => x.kind === 'event');
    expect(
      steps.map((s) => [s.version, s.type, s.actor.id, s.state.status, s.state.assignedWorkerId]),
    ).toEqual([
      [1, 'CaseOpened', CHAIR_A, 'received', null],
      [2, 'CaseWorkerAssigned', CHAIR_A, 'assessing', WORKER_A],
      [3, 'InitialAssessmentRecorded', WORKER_A, 'planning', WORKER_A],
    ]);
    expect(steps[2].step).toEqual({
      en: 'Initial assessment of risk (Mẫu 02)',
      vi: 'Đánh giá ban đầu về nguy cơ, mức độ tổn hại',
    });
    expect(steps[2].deadlinesMet).toEqual([
      expect.objectContaining({ kind: 'initial_assessment', onTime: true }),
    ]);
    expect(steps.flatMap((s) => s.deadlinesMissed)).toEqual([]);
    // The reads came after the last step, in the order they were made.
    const tail = t.timeline.slice(3).filter((x): x is TimelineRead => x.kind === 'access');
    expect(tail.filter((r) => r.actor.id === WORKER_A).map((r) => r.what)).toEqual([
      'read:state',
      'read:state_at',
      'read:history',
    ]);

    const then = expectStatus(
      await audit<Timeline>(
        `/cases/${caseId}/timeline?at=${encodeURIComponent(afterAssignment)}`,
        tok.inspectorP,
      ),
      200,
      'timeline at',
    ).body as Timeline;
    expect(then).toMatchObject({ version: 2, asAt: afterAssignment, state: { status: 'assessing' } });
    expect(then.timeline.map((x) => x.kind)).toEqual(['event', 'event']);
  });

  it('the case’s own commune sees its timeline but not who read it; other communes and provinces find nothing', async () => {
    const own = expectStatus(
      await audit<Timeline>(`/cases/${caseId}/timeline`, tok.workerA),
      200,
      'own timeline',
    ).body as Timeline;
    expect(own.timeline.every((x) => x.kind === 'event')).toBe(true);
    expectProblem(
      await audit(`/cases/${caseId}/timeline?includeReads=true`, tok.workerA),
      403,
      'AUDIT.READS_NOT_ALLOWED',
    );
    expectProblem(await audit(`/cases/${caseId}/timeline`, tok.workerB), 404, 'AUDIT.CASE_NOT_FOUND');
    expectProblem(await audit(`/cases/${caseId}/timeline`, tok.inspectorQ), 404, 'AUDIT.CASE_NOT_FOUND');
    const elsewhere = expectStatus(await audit(`?caseId=${caseId}`, tok.inspectorQ), 200, 'other province')
      .body as AuditPage;
    expect(elsewhere).toEqual({ count: 0, items: [], nextCursor: null });
    expectProblem(await audit(`?unit=${A}`, tok.inspectorQ), 403, 'AUDIT.OUT_OF_JURISDICTION');
  });

  it('the search is an oversight tool: commune and hotline roles are refused, bad input is named', async () => {
    expectProblem(await audit(`?caseId=${caseId}`, tok.workerA), 403, 'AUTH.ROLE_NOT_ALLOWED');
    expectProblem(await audit(`?caseId=${caseId}`, tok.counsellor), 403, 'AUTH.ROLE_NOT_ALLOWED');
    expectProblem(await audit(`?caseId=${caseId}`, tok.admin), 403, 'AUDIT.ACTOR_REQUIRED');
    const bad = await audit('?limit=5000&kind=everything', tok.inspectorP);
    expectProblem(bad, 400, 'REQUEST.VALIDATION_FAILED');
    expect((bad.body as Problem).errors?.map((e) => e.field).sort()).toEqual(['kind', 'limit']);
  });
});

describe('a hotline contact read by a counsellor', () => {
  it('is in the trail as a read of the contact: which groups of fields, never their values', async () => {
    const body = reportBody({
      childName: 'Lê Thị Mận',
      reporterName: 'Phạm Văn Khế',
      incidentCommuneCode: A,
    });
    const recorded = expectStatus(
      await stack.intake.post<ContactView>('/api/v1/contacts', body, { token: tok.counsellor }),
      201,
      'record contact',
    ).body;
    expectStatus(
      await stack.intake.get(`/api/v1/contacts/${recorded.id}`, { token: tok.counsellor }),
      200,
      'read contact',
    );
    const page = await searchUntil(
      `?contactId=${recorded.id}&kind=access`,
      tok.inspectorVN,
      (p) => p.count >= 1,
    );
    expect(page.items[0]).toMatchObject({
      kind: 'access',
      what: 'read:contact',
      producer: 'intake',
      actor: { id: 'counsellor-audit', roles: ['hotline_counsellor'], unit: 'VN' },
      record: { kind: 'contact', id: recorded.id, version: 1 },
      contactId: recorded.id,
      view: 'contact',
    });
    expect(page.items[0].fields).toEqual(expect.arrayContaining(['report', 'children', 'reporter', 'notes']));
    const text = JSON.stringify(page);
    for (const secret of ['Lê Thị Mận', 'Phạm Văn Khế', '0900000000']) expect(text).not.toContain(secret);
  });
});

describe('reads that are not a plain GET of a record', () => {
  let caseId = '';
  const CHILD = `Đoàn Thị Quýt${randomInt(1e6)}`;

  beforeAll(async () => {
    caseId = await openNeglectCase({ sex: 'male', ageYears: 9 });
    await step(caseId, 'assignment', { workerId: WORKER_A }, tok.chairA, 1);
  });

  const readsOf = (page: AuditPage, prefix: string) => page.items.filter((i) => i.what.startsWith(prefix));

  it('a step that changes nothing and a replayed command answer the case, and are recorded as reads', async () => {
    // The same worker assigned again: nothing changes, the whole case is answered.
    expect((await step(caseId, 'assignment', { workerId: WORKER_A }, tok.chairA, 2)).version).toBe(2);
    // A command repeated with its Idempotency-Key answers the case again without changing it.
    const send = () =>
      stack.casework.post<CaseView>(
        `${casePath(caseId)}/assignment`,
        { workerId: `${WORKER_A}-2` },
        { token: tok.chairA, headers: { 'If-Match': '"2"', 'Idempotency-Key': `audit-replay-${caseId}` } },
      );
    expect(expectStatus(await send(), 200, 'assign another worker').body.version).toBe(3);
    expect(expectStatus(await send(), 200, 'the same command again').body.version).toBe(3);
    const page = await searchUntil(
      `?caseId=${caseId}&kind=access`,
      tok.inspectorP,
      (p) => readsOf(p, 'read:command_').length >= 2,
    );
    expect(readsOf(page, 'read:command_').map((i) => [i.what, i.actor.id, i.record.version])).toEqual([
      ['read:command_unchanged', CHAIR_A, 2],
      ['read:command_replayed', CHAIR_A, 3],
    ]);
    expect(readsOf(page, 'read:command_')[0].fields).toEqual(expect.arrayContaining(['status', 'children']));
  });

  it('a read refused for want of a role or of jurisdiction is recorded as refused, with no fields', async () => {
    expectProblem(await stack.casework.get(casePath(caseId), { token: tok.workerB }), 404, 'CASE.NOT_FOUND');
    expectProblem(
      await stack.casework.get(`${casePath(caseId)}/history`, { token: tok.counsellor }),
      403,
      'AUTH.ROLE_NOT_ALLOWED',
    );
    const page = await searchUntil(
      `?caseId=${caseId}&kind=access`,
      tok.inspectorP,
      (p) => p.items.filter((i) => i.outcome === 'refused').length >= 2,
    );
    const refused = page.items.filter((i) => i.outcome === 'refused');
    expect(refused.map((i) => [i.what, i.actor.id, i.fields])).toEqual([
      ['read:state', `worker-b-${B}`, []],
      ['read:history', 'counsellor-audit', []],
    ]);
    // Granted reads say so: the case's two command reads above, and nothing else.
    expect(page.items.filter((i) => i.outcome === 'granted').map((i) => [i.what, i.actor.id])).toEqual([
      ['read:command_unchanged', CHAIR_A],
      ['read:command_replayed', CHAIR_A],
    ]);
  });

  it('a search by name is recorded by the digests of its words, never the words, with each contact it matched', async () => {
    const recorded = expectStatus(
      await stack.intake.post<ContactView>(
        '/api/v1/contacts',
        reportBody({ childName: CHILD, reporterName: 'Phạm Văn Khế', incidentCommuneCode: A }),
        { token: tok.counsellor },
      ),
      201,
      'record contact',
    ).body;
    const found = expectStatus(
      await stack.intake.get<Array<{ id: string }>>(`/api/v1/contacts?q=${encodeURIComponent(CHILD)}`, {
        token: tok.counsellor,
      }),
      200,
      'search by name',
    ).body;
    expect(found.map((c) => c.id)).toEqual([recorded.id]);
    const page = await searchUntil(`?contactId=${recorded.id}&kind=access`, tok.inspectorVN, (p) =>
      p.items.some((i) => i.what === 'read:name_search_match'),
    );
    expect(page.items.find((i) => i.what === 'read:name_search_match')).toMatchObject({
      actor: { id: 'counsellor-audit' },
      record: { kind: 'contact', id: recorded.id },
      fields: ['search_match'],
    });
    const searches = await eventually(
      async () => {
        const rows = await stack.reporting.query<{
          record_kind: string;
          query_tokens: string[];
          results: number;
        }>(
          `SELECT record_kind, query_tokens, results FROM rm_access
           WHERE view = 'name_search' AND actor_id = 'counsellor-audit' AND at >= $1`,
          [new Date(Date.now() - 120_000).toISOString()],
        );
        return rows.length ? rows : undefined;
      },
      { ...POLL, what: 'the name search in reporting' },
    );
    expect(searches).toEqual([{ record_kind: 'search', query_tokens: expect.any(Array), results: 1 }]);
    expect(searches[0].query_tokens).toHaveLength(CHILD.split(' ').length);
    const trail = JSON.stringify({ page, searches });
    // The child's distinctive word (with its random number), as typed and as folded for the search.
    const word = CHILD.split(' ')[2];
    for (const form of [word, AdminUnits.fold(word)])
      expect(trail.toLowerCase()).not.toContain(form.toLowerCase());
  });

  it('every search of the trail is itself in the trail, a refused one too', async () => {
    // `from` is to the millisecond, the trail to the microsecond: let the earlier tests' millisecond pass.
    await new Promise((resolve) => setTimeout(resolve, 2));
    const before = new Date().toISOString();
    expectStatus(await audit(`?caseId=${caseId}&kind=event`, tok.inspectorP), 200, 'search the trail');
    expectProblem(await audit(`?caseId=${caseId}`, tok.workerA), 403, 'AUTH.ROLE_NOT_ALLOWED');
    const page = await searchUntil(
      `?kind=audit_query&from=${encodeURIComponent(before)}`,
      tok.inspectorVN,
      (p) => p.items.filter((i) => i.actor.id === INSPECTOR || i.actor.id === WORKER_A).length >= 2,
    );
    const mine = page.items.filter((i) => i.actor.id === INSPECTOR || i.actor.id === WORKER_A);
    expect(mine.map((i) => [i.what, i.actor.id, i.outcome, i.caseId])).toEqual([
      ['audit:search', INSPECTOR, 'granted', caseId],
      ['audit:search', WORKER_A, 'refused', null],
    ]);
    expect(mine[0].filters).toMatchObject({ caseId, kind: 'event' });
    expect(mine[1].filters).toEqual({ refusal: 'AUTH.ROLE_NOT_ALLOWED' });
  });
});
