// A Hotline 111 report, end to end through the three running services and the real (shared) Kafka
// broker: intake records and refers it, casework opens the case with the 12-hour deadline, reporting lists
// it, and the assignment flows back to the hotline. Then the edges a user meets (auth, validation, unknown
// commune, concurrent edits, idempotent retries, a counselling call) and a privacy scan of everything the
// stack wrote: logs, Kafka messages and the other services' databases.
import { randomUUID } from 'node:crypto';
import { TOPICS, deadLetterTopic } from '@cp/contracts';
import { eventually } from '@cp/testing';
import { mintToken } from '@cp/auth';
import {
  marker,
  pickCommunes,
  randomPhone,
  reportBody,
  type CaseView,
  type Caseload,
  type ContactView,
} from './support/api';
import { readTopics } from './support/kafka';
import { Stack, expectStatus, token, type Problem } from './support/stack';
import { logsWithoutLeaks } from './support/suite';

jest.setTimeout(120_000);

const HOUR = 3_600_000;
const { a: communeA, b: communeB } = pickCommunes();

let stack: Stack;
let counsellor: string;
let workerA: string;
let workerB: string;
let provincialA: string;

// Personal data of the report; each carries an ASCII marker so a scan finds it in any encoding.
const childMarker = marker();
const reporterMarker = marker();
const childName = `Nguyễn Thị Bé ${childMarker}`;
const reporterName = `Trần Văn Báo ${reporterMarker}`;
const phone = randomPhone();
const referralCorrelationId = `e2e-referral-${randomUUID()}`;

/** What the main flow found out, for the tests that build on it. */
const flow: { contactId?: string; referralId?: string; caseId?: string; receivedAt?: string } = {};

beforeAll(async () => {
  stack = await Stack.start({ name: 'referral' });
  counsellor = await token('hotline_counsellor', ['VN'], 'counsellor-e2e');
  workerA = await token('commune_worker', [communeA.code], `worker-${communeA.code}`);
  workerB = await token('commune_worker', [communeB.code], `worker-${communeB.code}`);
  provincialA = await token('provincial_officer', [communeA.province], `province-${communeA.province}`);
}, 90_000);

afterAll(async () => {
  await stack?.stop();
}, 60_000);

async function caseloadOf(unit: string, tokenFor: string): Promise<Caseload> {
  const res = await stack.reporting.get<Caseload>(`/api/v1/cases?unit=${unit}&limit=500`, {
    token: tokenFor,
  });
  return expectStatus(res, 200, `caseload of ${unit}`).body;
}

describe('a referred report (intake → casework → reporting → back to intake)', () => {
  it('opens exactly one case with the 12-hour deadline, visible to the hotline, the commune and reporting', async () => {
    const receivedAt = new Date(Date.now() - 7 * 60_000).toISOString();
    flow.receivedAt = receivedAt;
    const recorded = await stack.intake.post<ContactView>(
      '/api/v1/contacts',
      reportBody({ childName, reporterName, phone, receivedAt, incidentCommuneCode: communeA.code }),
      { token: counsellor },
    );
    expectStatus(recorded, 201, 'record contact');
    expect(recorded.version).toBe(1);
    expect(recorded.headers.get('location')).toBe(`/api/v1/contacts/${recorded.body.id}`);
    expect(recorded.body).toMatchObject({ status: 'open', purpose: 'report', referral: null });
    // Intake is where the personal data lives: the hotline sees it back.
    expect(recorded.body.children[0].name).toBe(childName);
    expect(recorded.body.reporter).toMatchObject({ name: reporterName, phone });
    const contactId = recorded.body.id;
    flow.contactId = contactId;

    const referred = await stack.intake.post<ContactView>(
      `/api/v1/contacts/${contactId}/referrals`,
      { communeCode: communeA.code },
      {
        token: counsellor,
        headers: { 'If-Match': `"${recorded.version}"`, 'X-Correlation-Id': referralCorrelationId },
      },
    );
    expectStatus(referred, 201, 'refer');
    expect(referred.version).toBe(2);
    expect(referred.headers.get('x-correlation-id')).toBe(referralCorrelationId);
    expect(referred.body.status).toBe('referred');
    expect(referred.body.referral).toMatchObject({
      communeCode: communeA.code,
      provinceCode: communeA.province,
      caseId: null,
      caseState: null,
    });
    flow.referralId = referred.body.referral!.referralId;

    // The case opened by casework flows back to the hotline.
    const linked = await eventually(
      async () => {
        const res = await stack.intake.get<ContactView>(`/api/v1/contacts/${contactId}`, {
          token: counsellor,
        });
        return res.body.referral?.caseId ? res.body : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 200, what: 'the case id to reach intake' },
    );
    expect(linked.referral).toMatchObject({ referralId: flow.referralId, caseState: 'open' });
    const caseId = linked.referral!.caseId!;
    flow.caseId = caseId;

    // Casework: the commune worker sees the case; the 12-hour clock runs from the receipt of the report.
    const kase = expectStatus(
      await stack.casework.get<CaseView>(`/api/v1/cases/${caseId}`, { token: workerA }),
      200,
      'case for the commune worker',
    );
    expect(kase.version).toBe(1);
    expect(kase.body).toMatchObject({
      id: caseId,
      status: 'received',
      incidentCommuneCode: communeA.code,
      provinceCode: communeA.province,
      receivedAt,
      assignedWorkerId: null,
      source: { kind: 'hotline_referral', contactId, referralId: flow.referralId },
    });
    const initial = kase.body.deadlines.filter((d) => d.kind === 'initial_assessment');
    expect(initial).toHaveLength(1);
    expect(Date.parse(initial[0].dueAt) - Date.parse(receivedAt)).toBe(12 * HOUR);
    expect(initial[0]).toMatchObject({ status: 'open', metAt: null, overdue: false });
    // Casework received only what it needs: no names in the case.
    expect(JSON.stringify(kase.body)).not.toContain(childMarker);

    // Reporting lists it exactly once, for the commune and for its province.
    const listed = await eventually(
      async () => {
        const items = (await caseloadOf(communeA.code, workerA)).items.filter((i) => i.caseId === caseId);
        return items.length > 0 ? items : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 200, what: 'the case to reach reporting' },
    );
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      communeCode: communeA.code,
      provinceCode: communeA.province,
      status: 'received',
      source: 'hotline_referral',
      contactId,
      initialAssessmentDueAt: initial[0].dueAt,
      version: 1,
    });
    const inProvince = (await caseloadOf(communeA.province, provincialA)).items.filter(
      (i) => i.caseId === caseId,
    );
    expect(inProvince).toHaveLength(1);

    // The commune assigns a worker (with the version it saw) → status flows to intake and reporting.
    const assigned = await stack.casework.post<CaseView>(
      `/api/v1/cases/${caseId}/assignment`,
      { workerId: 'worker-a1' },
      { token: workerA, headers: { 'If-Match': `"${kase.version}"` } },
    );
    expectStatus(assigned, 200, 'assignment');
    expect(assigned.version).toBe(2);
    expect(assigned.body).toMatchObject({ status: 'assessing', assignedWorkerId: 'worker-a1' });

    await eventually(
      async () => {
        const res = await stack.intake.get<ContactView>(`/api/v1/contacts/${contactId}`, {
          token: counsellor,
        });
        return res.body.referral?.acknowledgedAt ? true : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 200, what: 'intake to show the case taken up' },
    );
    const afterAssignment = await eventually(
      async () => {
        const items = (await caseloadOf(communeA.code, workerA)).items.filter((i) => i.caseId === caseId);
        return items.length === 1 && items[0].status === 'assessing' ? items : undefined;
      },
      { timeoutMs: 30_000, intervalMs: 200, what: "reporting to show the case as 'assessing'" },
    );
    expect(afterAssignment[0]).toMatchObject({ assignedWorkerId: 'worker-a1', version: 2 });

    // Exactly one case for this referral in casework's event store.
    const opened = await stack.casework.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM es_events WHERE type = 'CaseOpened' AND data->'source'->>'referralId' = $1`,
      [flow.referralId],
    );
    expect(opened[0].n).toBe(1);
  });

  it('carries the correlation id of the referral request into casework’s log of the consumed message', async () => {
    expect(flow.caseId).toBeDefined();
    const line = await eventually(
      async () =>
        stack.casework
          .logLines()
          .find(
            (l) =>
              l.correlationId === referralCorrelationId &&
              l.msg === 'applied' &&
              l.type === 'ReportReferred' &&
              l.topic === stack.topic(TOPICS.intakeContacts),
          ),
      { timeoutMs: 10_000, intervalMs: 200, what: 'a casework log line with the correlation id' },
    );
    expect(line.group).toBe(`${stack.consumerGroupPrefix}.casework.referrals`);
    // …and on through the case's own event into reporting.
    const reportingLine = stack.reporting
      .logLines()
      .find((l) => l.correlationId === referralCorrelationId && l.type === 'CaseOpened');
    expect(reportingLine).toBeDefined();
  });

  it('lets only one of two concurrent assignments with the same If-Match win; the other gets 409 with the current version', async () => {
    const caseId = flow.caseId!;
    expect(caseId).toBeDefined();
    const before = expectStatus(
      await stack.casework.get<CaseView>(`/api/v1/cases/${caseId}`, { token: workerA }),
      200,
    );
    const ifMatch = `"${before.version}"`;
    const [r1, r2] = await Promise.all(
      ['worker-a2', 'worker-a3'].map((workerId) =>
        stack.casework.post<CaseView | Problem>(
          `/api/v1/cases/${caseId}/assignment`,
          { workerId },
          { token: workerA, headers: { 'If-Match': ifMatch } },
        ),
      ),
    );
    expect([r1.status, r2.status].sort()).toEqual([200, 409]);
    const [won, lost] = r1.status === 200 ? [r1, r2] : [r2, r1];
    const winner = (won.body as CaseView).assignedWorkerId;
    expect(won.version).toBe(before.version! + 1);
    expect(lost.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(lost.body).toMatchObject({
      status: 409,
      code: 'CONCURRENCY.VERSION_CONFLICT',
      currentVersion: before.version! + 1,
      expectedVersion: before.version,
    });
    const after = expectStatus(
      await stack.casework.get<CaseView>(`/api/v1/cases/${caseId}`, { token: workerA }),
      200,
    );
    expect(after.version).toBe(before.version! + 1);
    expect(after.body.assignedWorkerId).toBe(winner);
  });
});

describe('what a user gets wrong', () => {
  it('answers 401 without a token or with a forged one', async () => {
    const none = await stack.intake.post<Problem>('/api/v1/contacts', reportBody({}));
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(none.body.code).toBe('AUTH.UNAUTHENTICATED');
    const forged = await mintToken('not-the-secret-of-this-stack', {
      sub: 'mallory',
      roles: ['hotline_counsellor'],
      units: ['VN'],
    });
    const bad = await stack.intake.get<Problem>(`/api/v1/contacts/${randomUUID()}`, { token: forged });
    expect(bad.status).toBe(401);
    expect(bad.body.code).toBe('AUTH.INVALID_TOKEN');
    const caseload = await stack.reporting.get<Problem>(`/api/v1/cases?unit=${communeA.code}`);
    expect(caseload.status).toBe(401);
  });

  it('answers 403 for a role that may not do it', async () => {
    // A commune records reports (Decree 56 Art. 25.1), of its own communes only.
    const workerRecords = await stack.intake.post<Problem>(
      '/api/v1/contacts',
      reportBody({ incidentCommuneCode: communeB.code }),
      { token: workerA },
    );
    expect(workerRecords.status).toBe(403);
    expect(workerRecords.body.code).toBe('CONTACT.OUT_OF_JURISDICTION');
    // …and only reports: counselling is the hotline's.
    const workerCounsels = await stack.intake.get<Problem>('/api/v1/follow-ups', { token: workerA });
    expect(workerCounsels.status).toBe(403);
    expect(workerCounsels.body.code).toBe('AUTH.ROLE_NOT_ALLOWED');
    // The counsellor follows the case they referred (the follow-up view), but never reads its history.
    const counsellorReadsHistory = await stack.casework.get<Problem>(
      `/api/v1/cases/${flow.caseId ?? randomUUID()}/history`,
      { token: counsellor },
    );
    expect(counsellorReadsHistory.status).toBe(403);
    expect(counsellorReadsHistory.body.code).toBe('AUTH.ROLE_NOT_ALLOWED');
  });

  it('answers 404 — as for a missing case — to a commune worker of another commune', async () => {
    const caseId = flow.caseId!;
    expect(caseId).toBeDefined();
    const other = await stack.casework.get<Problem>(`/api/v1/cases/${caseId}`, { token: workerB });
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('CASE.NOT_FOUND');
    const missing = await stack.casework.get<Problem>(`/api/v1/cases/${randomUUID()}`, { token: workerA });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe(other.body.code);
    // Nor may they assign it, or list another commune's caseload.
    const assign = await stack.casework.post<Problem>(
      `/api/v1/cases/${caseId}/assignment`,
      { workerId: 'intruder' },
      { token: workerB },
    );
    expect(assign.status).toBe(404);
    const list = await stack.reporting.get<Problem>(`/api/v1/cases?unit=${communeA.code}`, {
      token: workerB,
    });
    expect(list.status).toBe(403);
    expect(list.body.code).toBe('CASELOAD.OUT_OF_JURISDICTION');
  });

  it('names the bad fields of an invalid contact', async () => {
    const body = reportBody({ childName, reporterName, phone });
    (body.children as Array<Record<string, unknown>>)[0].sex = 'boy';
    delete body.receivedAt;
    const res = await stack.intake.post<Problem>('/api/v1/contacts', body, { token: counsellor });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('REQUEST.VALIDATION_FAILED');
    const fields = (res.body.errors ?? []).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['receivedAt', 'children[0].sex']));
    expect(res.body.detail).toContain('children[0].sex');
    expect(res.body.detail).toContain('receivedAt');
    // The error never echoes what was sent.
    expect(JSON.stringify(res.body)).not.toContain(childMarker);
  });

  it('refuses an unknown commune code with 422 CONTACT.UNKNOWN_COMMUNE, and changes nothing', async () => {
    const recorded = expectStatus(
      await stack.intake.post<ContactView>(
        '/api/v1/contacts',
        reportBody({ childName, reporterName, phone }),
        {
          token: counsellor,
        },
      ),
      201,
    );
    const res = await stack.intake.post<Problem>(
      `/api/v1/contacts/${recorded.body.id}/referrals`,
      { communeCode: '99999' },
      { token: counsellor, headers: { 'If-Match': `"${recorded.version}"` } },
    );
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'CONTACT.UNKNOWN_COMMUNE', field: 'communeCode' });
    expect(res.body.detail).toContain('99999');
    expect(Array.isArray(res.body.suggestions)).toBe(true);
    const after = expectStatus(
      await stack.intake.get<ContactView>(`/api/v1/contacts/${recorded.body.id}`, { token: counsellor }),
      200,
    );
    expect(after.version).toBe(1);
    expect(after.body).toMatchObject({ status: 'open', referral: null });
  });

  it('replays a repeated POST with the same Idempotency-Key: same contact, nothing new recorded', async () => {
    const key = `e2e-${randomUUID()}`;
    const countRecorded = async () =>
      (
        await stack.intake.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM es_events WHERE type = 'ContactRecorded'`,
        )
      )[0].n;
    const body = reportBody({ childName, reporterName, phone });
    const before = await countRecorded();
    const first = expectStatus(
      await stack.intake.post<ContactView>('/api/v1/contacts', body, {
        token: counsellor,
        headers: { 'Idempotency-Key': key },
      }),
      201,
    );
    const second = expectStatus(
      await stack.intake.post<ContactView>('/api/v1/contacts', body, {
        token: counsellor,
        headers: { 'Idempotency-Key': key },
      }),
      201,
    );
    expect(second.body.id).toBe(first.body.id);
    expect(second.version).toBe(first.version);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(await countRecorded()).toBe(before + 1);
    const stream = await stack.intake.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM es_events WHERE stream_id = $1`,
      [`contact-${first.body.id}`],
    );
    expect(stream[0].n).toBe(1);
  });

  it('does not refer a counselling contact (409 CONTACT.NOT_A_REPORT) and publishes nothing for it', async () => {
    const counselling = expectStatus(
      await stack.intake.post<ContactView>('/api/v1/contacts', reportBody({ purpose: 'counselling' }), {
        token: counsellor,
      }),
      201,
    );
    const res = await stack.intake.post<Problem>(
      `/api/v1/contacts/${counselling.body.id}/referrals`,
      { communeCode: communeA.code },
      { token: counsellor, headers: { 'If-Match': `"${counselling.version}"` } },
    );
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('CONTACT.NOT_A_REPORT');
    const outbox = await stack.intake.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM es_outbox WHERE message_key = $1`,
      [counselling.body.id],
    );
    expect(outbox[0].n).toBe(0);
  });
});

describe('privacy: the child’s and the reporter’s identity leave intake only sealed, for the commune that carries the case', () => {
  const secrets = () => [childName, reporterName, phone, childMarker, reporterMarker];
  const leaks = (text: string) => secrets().filter((s) => text.includes(s));

  beforeAll(async () => {
    // Everything the flow produced has been published.
    for (const svc of [stack.intake, stack.casework]) {
      await eventually(
        async () =>
          (
            await svc.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM es_outbox WHERE published_at IS NULL`,
            )
          )[0].n === 0
            ? true
            : undefined,
        { timeoutMs: 30_000, intervalMs: 200, what: `${svc.app}'s outbox to drain` },
      );
    }
  }, 60_000);

  it('is held by intake, sealed: the hotline reads it (the control: the scan would find it), no table holds it in clear', async () => {
    const read = await stack.intake.get(`/api/v1/contacts/${flow.contactId}`, { token: counsellor });
    expect(leaks(JSON.stringify(expectStatus(read, 200, 'the hotline reads the contact').body))).toEqual(
      secrets(),
    );
    // Not even its own tables: events sealed, the index sealed, idempotency keys without the answer.
    const intakeRows = Object.values(await stack.intake.dumpTables())
      .flat()
      .join('\n');
    expect(leaks(intakeRows)).toEqual([]);
  });

  it('is in no service’s log', () => {
    const logs = logsWithoutLeaks(stack, leaks);
    // The logs do speak about this contact — by id only.
    expect(logs.intake).toContain(flow.contactId!);
  });

  it('is in no Kafka message of this contact or case (nor any other)', async () => {
    const topics = [TOPICS.intakeContacts, TOPICS.caseworkCases].flatMap((t) => [
      stack.topic(t),
      deadLetterTopic(stack.topic(t)),
    ]);
    const messages = await readTopics(stack.kafkaBrokers, topics);
    const ours = messages.filter(
      (m) =>
        m.key === flow.contactId ||
        m.key === flow.caseId ||
        (m.opened ?? '').includes(flow.contactId!) ||
        (m.opened ?? '').includes(flow.caseId!),
    );
    const types = ours.map((m) => m.type);
    expect(types).toEqual(expect.arrayContaining(['ReportReferred', 'CaseOpened', 'CaseWorkerAssigned']));
    const referral = ours.find((m) => m.type === 'ReportReferred')!;
    // On the broker, what happened travels sealed: neither its type nor its data can be read there.
    expect(referral.headers['cp-event-type']).toBeUndefined();
    expect(JSON.parse(referral.value)).toMatchObject({ type: 'Sealed', sealed: { alg: 'A256GCM' } });
    expect(referral.value).not.toContain('ReportReferred');
    expect(referral.value).not.toContain(flow.referralId!);
    const envelope = JSON.parse(referral.opened!) as { data: Record<string, unknown> };
    expect(Object.keys(envelope.data).sort()).toEqual(
      [
        'category',
        'channel',
        'children',
        'communeCode',
        'concerns',
        'contactId',
        'identity',
        'policeNotified',
        'provinceCode',
        'receivedAt',
        'referralId',
        'referredAt',
        'residenceCommuneCode',
        'setting',
        'urgent',
      ].sort(),
    );
    // The identity is sealed for casework alone (reporting reads this topic too): no name in it.
    expect(envelope.data.identity).toMatchObject({ alg: 'A256GCM' });
    expect(Object.keys(envelope.data.identity as object).sort()).toEqual(['alg', 'ct', 'iv', 'kid']);
    for (const m of ours) {
      expect(m.headers['cp-correlation-id']).toBeDefined();
    }
    const leaked = messages
      .map((m) => ({
        at: `${m.topic}/${m.partition}@${m.offset}`,
        leaked: leaks(`${m.key} ${m.value} ${m.opened} ${JSON.stringify(m.headers)}`),
      }))
      .filter((m) => m.leaked.length > 0);
    expect(leaked).toEqual([]);
  });

  it('is shown to the carrying commune, sealed at rest (Decree 56 Art. 26.1)', async () => {
    const seen = await stack.casework.get<{ children: Array<{ name: string | null }> }>(
      `/api/v1/cases/${flow.caseId}/identity`,
      { token: workerA },
    );
    expect(seen.status).toBe(200);
    expect(seen.body.children.map((c) => c.name)).toContain(childName);
  });

  it('is in no table of reporting’s or casework’s database', async () => {
    const reporting = await stack.reporting.dumpTables();
    // The scan covers rows that are about this report…
    expect(reporting['public.rm_caseload'].some((r) => r.includes(flow.caseId!))).toBe(true);
    expect(reporting['public.rm_referrals'].some((r) => r.includes(flow.referralId!))).toBe(true);
    expect(Object.keys(reporting)).toEqual(expect.arrayContaining(['public.es_events', 'public.es_outbox']));
    // …and none of them names anybody.
    for (const [table, rows] of Object.entries(reporting)) {
      expect({ table, leaked: leaks(rows.join('\n')) }).toEqual({ table, leaked: [] });
    }
    const casework = await stack.casework.dumpTables();
    expect(casework['public.es_events'].some((r) => r.includes(flow.caseId!))).toBe(true);
    for (const [table, rows] of Object.entries(casework)) {
      expect({ table, leaked: leaks(rows.join('\n')) }).toEqual({ table, leaked: [] });
    }
  });
});
