// Erasure cannot be used to destroy an abuse record (Personal Data Protection Law 91/2025 Art. 14; Law on
// Children 2016 Art. 6, 21), through the three running services, the shared Kafka broker and PostgreSQL:
//
//   1. A report from the hotline about a named child, referred to commune A, and a repeat report about the
//      same child from another caller, linked to the case.
//   2. Every refusal names its rule: the case closed under the national default is kept 5 years
//      (ERASURE.RETENTION_NOT_ELAPSED with the date); a request without a document, or with a sentence
//      instead of one (ERASURE.REFERENCE_REQUIRED / _INVALID); a legal hold placed by the inspector
//      (ERASURE.LEGAL_HOLD, in casework and at the hotline); the chair erasing alone
//      (ERASURE.APPROVAL_REQUIRED); an approver who also acts for the commune, the requester approving,
//      an officer of another province.
//   3. The happy path on a short retention: the province's admin sets 0 days for commune A through
//      /deadline-policies (a versioned policy, no test backdoor); the case is closed again under it; the
//      chair requests on the child's request, an officer of the province rejects once, the chair asks
//      again, another officer approves: every text of the case reads [erased].
//   4. The cascade per data subject: in both contacts the child's name and what was told of the child
//      read [erased]; both callers keep their identity (a child's request is not theirs); the other caller
//      then asks for their own at the hotline, and only their identity goes.
import { AdminUnits } from '@cp/admin-units';
import { eventually } from '@cp/testing';
import { marker, randomPhone } from './support/api';
import { expectStatus, type HttpResponse, type Problem } from './support/stack';
import { recordImmediateRetention, pickCommunes, stackForFile } from './support/suite';

jest.setTimeout(120_000);

const POLL = { timeoutMs: 30_000, intervalMs: 200 };
const ERASED = '[erased]';
const DAY = 86_400_000;

interface Contact {
  id: string;
  version: number;
  children: Array<{ childRef: string; name: string | null; birthDate: string | null }>;
  reporter: { name: string | null; phone: string | null; address: string | null } | null;
  notes: string | null;
  referral: { caseId: string | null; caseState: 'open' | 'closed' | null } | null;
  caseRecord: {
    caseId: string;
    closedAt: string | null;
    retentionEndsAt: string | null;
    legalHold: boolean;
  } | null;
  erasure: { subjects: string[] } | null;
}

interface CaseView {
  id: string;
  version: number;
  status: string;
  closure: { closedAt: string; note: string } | null;
  retention: { days: number; policyVersion: string; endsAt: string } | null;
  legalHolds: Array<{ holdId: string; reasonCode: string; reference: string; placedBy: string }>;
  erasureRequest: { requestId: string; basis: string; reference: string; requestedBy: string } | null;
  erasure: { erasureId: string } | null;
  additionalReports: Array<{ contactId: string }>;
  reopenings: Array<{ reason: string }>;
}

/** Commune A, another commune of its province (B), and a commune of another province (Z). */
const { A, P, C: Z, Q: PZ } = pickCommunes();
const CHAIR_A = `chair-erasure-${A}`;
const OFFICER_P = `officer-erasure-${P}`;
const OFFICER_P2 = `officer2-erasure-${P}`;
const INSPECTOR_P = `inspector-erasure-${P}`;

const m = marker();
const childName = `Nguyễn Thị Mai Q${m}`;
const firstCaller = { name: `Trần Văn Hùng Q${m}`, phone: randomPhone() };
const otherCaller = { name: `Lê Thị Thu Q${m}`, phone: randomPhone() };
const firstNotes = `Hàng xóm nghe bé khóc mỗi tối Q${m}`;
const repeatNotes = `Cô giáo thấy vết bầm trên tay bé Q${m}`;

const ids: { first?: string; repeat?: string; case?: string; hold?: string } = {};

const { stack, tok } = stackForFile(
  { name: 'erasure-governance' },
  {
    counsellor: ['hotline_counsellor', ['VN'], 'counsellor-erasure'],
    supervisor: ['hotline_supervisor', ['VN'], 'supervisor-erasure'],
    chairA: ['commune_chair', [A], CHAIR_A],
    chairZ: ['commune_chair', [Z], `chair-erasure-${Z}`],
    workerA: ['commune_worker', [A], `worker-erasure-${A}`],
    officerP: ['provincial_officer', [P], OFFICER_P],
    officerP2: ['provincial_officer', [P], OFFICER_P2],
    officerPZ: ['provincial_officer', [PZ], `officer-erasure-${PZ}`],
    // An officer of the province who also acts for commune A: not outside the commune that asks.
    officerInCommune: ['provincial_officer', [P, A], `officer-both-${A}`],
    // The chair's own account given an oversight role: still the requester.
    requesterAsOfficer: ['provincial_officer', [P], CHAIR_A],
    inspectorP: ['inspector', [P], INSPECTOR_P],
    adminP: ['admin', [P], `admin-erasure-${P}`],
  },
);

// ───────────────────────────── helpers ─────────────────────────────

const getCase = async (as = tok.chairA): Promise<HttpResponse<CaseView>> =>
  expectStatus(await stack.casework.get<CaseView>(`/api/v1/cases/${ids.case}`, { token: as }), 200, 'case');

const getContact = async (id: string): Promise<Contact> =>
  expectStatus(
    await stack.intake.get<Contact>(`/api/v1/contacts/${id}`, { token: tok.supervisor }),
    200,
    'contact',
  ).body;

/** A step of the case, with the version the caller saw. */
async function post(step: string, body: unknown, as: string): Promise<HttpResponse<CaseView | Problem>> {
  const seen = await getCase(tok.officerP);
  return stack.casework.post<CaseView | Problem>(`/api/v1/cases/${ids.case}/${step}`, body, {
    token: as,
    headers: { 'If-Match': `"${seen.body.version}"` },
  });
}

async function ok(step: string, body: unknown, as: string): Promise<CaseView> {
  return expectStatus(await post(step, body, as), 200, `POST ${step}`).body as CaseView;
}

function refused(res: HttpResponse<unknown>): { status: number; code: string } {
  return { status: res.status, code: (res.body as Problem).code };
}

const eraseAtHotline = async (id: string, body: unknown) => {
  const c = await getContact(id);
  return stack.intake.post<Contact | Problem>(`/api/v1/contacts/${id}/erasure`, body, {
    token: tok.supervisor,
    headers: { 'If-Match': `"${c.version}"` },
  });
};

const search = async (q: string): Promise<string[]> =>
  expectStatus(
    await stack.intake.get<Array<{ id: string }>>(`/api/v1/contacts?limit=500&q=${encodeURIComponent(q)}`, {
      token: tok.counsellor,
    }),
    200,
    'search',
  ).body.map((c) => c.id);

// ───────────────────────────── 1. the reports and the case ─────────────────────────────

it('a named report referred to commune A, and a repeat report from another caller linked to its case', async () => {
  const body = (caller: { name: string; phone: string }, notes: string) => ({
    channel: 'phone_111',
    receivedAt: new Date(Date.now() - 10 * 60_000).toISOString(),
    purpose: 'report',
    concerns: ['violence'],
    incidentCommuneCode: A,
    callerType: 'neighbour',
    children: [{ sex: 'female', ageYears: 9, name: childName }],
    reporter: { anonymous: false, ...caller, consentToContact: true },
    notes,
  });
  const first = expectStatus(
    await stack.intake.post<Contact>('/api/v1/contacts', body(firstCaller, firstNotes), {
      token: tok.counsellor,
    }),
    201,
    'record the report',
  );
  ids.first = first.body.id;
  expectStatus(
    await stack.intake.post(
      `/api/v1/contacts/${first.body.id}/referrals`,
      { communeCode: A },
      {
        token: tok.counsellor,
        headers: { 'If-Match': `"${first.version}"` },
      },
    ),
    201,
    'refer',
  );
  ids.case = await eventually(async () => (await getContact(ids.first!)).referral?.caseId ?? undefined, {
    ...POLL,
    what: 'casework to open the case',
  });
  const repeat = expectStatus(
    await stack.intake.post<Contact>('/api/v1/contacts', body(otherCaller, repeatNotes), {
      token: tok.counsellor,
    }),
    201,
    'record the repeat report',
  );
  ids.repeat = repeat.body.id;
  expectStatus(
    await stack.intake.post(
      `/api/v1/contacts/${repeat.body.id}/case-link`,
      { caseId: ids.case, reason: 'Cùng bé, cùng gia đình' },
      { token: tok.counsellor, headers: { 'If-Match': `"${repeat.version}"` } },
    ),
    200,
    'link the repeat report',
  );
  await eventually(async () => ((await getCase()).body.additionalReports.length === 1 ? true : undefined), {
    ...POLL,
    what: 'casework to add the repeat report to the case',
  });
});

// ───────────────────────────── 2. the refusals ─────────────────────────────

describe('every refusal names the rule', () => {
  it('a case in progress is not erased: CASE.NOT_CLOSED names the closure', async () => {
    const res = await post(
      'erasure-request',
      { basis: 'subject_request', reference: 'Đơn số 12/2026' },
      tok.chairA,
    );
    expect({ ...refused(res), requiredStep: (res.body as Problem).requiredStep }).toEqual({
      status: 409,
      code: 'CASE.NOT_CLOSED',
      requiredStep: 'closure',
    });
  });

  it('a case closed under the national default is kept 5 years: ERASURE.RETENTION_NOT_ELAPSED with the date', async () => {
    const closed = await ok(
      'closure',
      { reason: 'not_verified', note: `Không xác minh được Q${m}` },
      tok.chairA,
    );
    expect(closed.retention).toMatchObject({ days: 1826, policyVersion: 'national-default@2025-07-01' });
    const ends = new Date(Date.parse(closed.closure!.closedAt) + 1826 * DAY).toISOString();
    expect(closed.retention!.endsAt).toBe(ends);
    const res = await post(
      'erasure-request',
      { basis: 'subject_request', reference: 'Đơn số 12/2026' },
      tok.chairA,
    );
    expect(refused(res)).toEqual({ status: 409, code: 'ERASURE.RETENTION_NOT_ELAPSED' });
    expect(res.body).toMatchObject({ retentionEndsAt: ends, policyVersion: 'national-default@2025-07-01' });
    expect((res.body as Problem).detail).toContain(ends);
    // At the hotline too: the repeat report's caller waits for the case's retention.
    await eventually(
      async () => ((await getContact(ids.repeat!)).caseRecord?.retentionEndsAt === ends ? true : undefined),
      { ...POLL, what: 'intake to hear the closure and its retention' },
    );
    const atHotline = await eraseAtHotline(ids.repeat!, {
      basis: 'subject_request',
      reference: 'Đơn 3/2026',
    });
    expect(refused(atHotline)).toEqual({ status: 409, code: 'ERASURE.RETENTION_NOT_ELAPSED' });
    expect(atHotline.body).toMatchObject({ retentionEndsAt: ends });
  });

  it('every basis needs a document reference, and a reference only: ERASURE.REFERENCE_REQUIRED / _INVALID', async () => {
    for (const basis of ['subject_request', 'retention_expired', 'court_order', 'other']) {
      const missing = await post('erasure-request', { basis }, tok.chairA);
      expect({ basis, ...refused(missing), field: (missing.body as Problem).field }).toEqual({
        basis,
        status: 422,
        code: 'ERASURE.REFERENCE_REQUIRED',
        field: 'reference',
      });
    }
    const prose = await post(
      'erasure-request',
      { basis: 'court_order', reference: 'Mẹ bé gọi điện xin xóa hồ sơ vì đã chuyển nhà' },
      tok.chairA,
    );
    expect(refused(prose)).toEqual({ status: 422, code: 'ERASURE.REFERENCE_INVALID' });
    const atHotline = await eraseAtHotline(ids.repeat!, { basis: 'subject_request' });
    expect(refused(atHotline)).toEqual({ status: 422, code: 'ERASURE.REFERENCE_REQUIRED' });
  });

  it('the province’s admin sets a short retention for commune A; the case, closed again under it, is erasable at once', async () => {
    const policy = await recordImmediateRetention(
      stack,
      A,
      tok.adminP,
      'Quyết định 5/2026/QĐ-UBND: hồ sơ đã đóng được xóa khi có phê duyệt',
    );
    expect(policy.retentionDaysAfterClosure).toBe(0);
    // The retention a closure recorded does not change with a later policy.
    const stillKept = await post(
      'erasure-request',
      { basis: 'subject_request', reference: 'Đơn 12/2026' },
      tok.chairA,
    );
    expect(refused(stillKept)).toEqual({ status: 409, code: 'ERASURE.RETENTION_NOT_ELAPSED' });
    await ok('reopening', { reason: `Kiểm tra lại Q${m}` }, tok.chairA);
    const closed = await ok(
      'closure',
      { reason: 'not_verified', note: `Không xác minh được Q${m}` },
      tok.chairA,
    );
    expect(closed.retention).toMatchObject({ days: 0, policyVersion: policy.version });
  });

  it('a legal hold stops every erasure, in casework and at the hotline: ERASURE.LEGAL_HOLD', async () => {
    const held = await ok(
      'legal-holds',
      { reasonCode: 'criminal_proceedings', reference: '45/2026/QĐ-VKS' },
      tok.inspectorP,
    );
    expect(held.legalHolds).toEqual([
      expect.objectContaining({
        reasonCode: 'criminal_proceedings',
        reference: '45/2026/QĐ-VKS',
        placedBy: INSPECTOR_P,
      }),
    ]);
    ids.hold = held.legalHolds[0].holdId;
    const res = await post(
      'erasure-request',
      { basis: 'court_order', reference: 'BA 17/2026/HS-ST' },
      tok.chairA,
    );
    expect({ ...refused(res), requiredStep: (res.body as Problem).requiredStep }).toEqual({
      status: 409,
      code: 'ERASURE.LEGAL_HOLD',
      requiredStep: 'legal-holds/release',
    });
    expect(res.body).toMatchObject({ holds: [{ holdId: ids.hold, reasonCode: 'criminal_proceedings' }] });
    // The commune does not hold its own case (nor release a hold).
    expect(
      refused(await post('legal-holds', { reasonCode: 'inspection', reference: '1/2026' }, tok.chairA)),
    ).toEqual({
      status: 403,
      code: 'AUTH.ROLE_NOT_ALLOWED',
    });
    // The repeat report's caller cannot be erased at the hotline either, on any basis.
    await eventually(async () => ((await getContact(ids.repeat!)).caseRecord?.legalHold ? true : undefined), {
      ...POLL,
      what: 'intake to hear the legal hold',
    });
    const atHotline = await eraseAtHotline(ids.repeat!, {
      basis: 'court_order',
      reference: 'BA 17/2026/HS-ST',
    });
    expect(refused(atHotline)).toEqual({ status: 409, code: 'ERASURE.LEGAL_HOLD' });
    expect((await getContact(ids.repeat!)).reporter?.name).toBe(otherCaller.name);
    const released = await ok(
      'legal-holds/release',
      { holdId: ids.hold, reasonCode: 'proceedings_concluded', reference: '46/2026/QĐ-VKS' },
      tok.officerP,
    );
    expect(released.legalHolds).toEqual([]);
  });

  it('the chair does not erase alone: ERASURE.APPROVAL_REQUIRED names the request', async () => {
    const res = await post('erasure', { basis: 'subject_request', reference: 'Đơn số 12/2026' }, tok.chairA);
    expect({ ...refused(res), requiredStep: (res.body as Problem).requiredStep }).toEqual({
      status: 409,
      code: 'ERASURE.APPROVAL_REQUIRED',
      requiredStep: 'erasure-request',
    });
    expect((await getContact(ids.first!)).children[0].name).toBe(childName);
  });

  it('a request is approved by an officer of the province outside the commune, not by the requester', async () => {
    const requested = await ok(
      'erasure-request',
      { basis: 'subject_request', reference: 'Đơn số 12/2026' },
      tok.chairA,
    );
    expect(requested.erasureRequest).toMatchObject({
      basis: 'subject_request',
      reference: 'Đơn số 12/2026',
      requestedBy: CHAIR_A,
    });
    expect(requested.erasure).toBeNull();
    const requestId = requested.erasureRequest!.requestId;
    const approval = { requestId };
    expect(refused(await post('erasure-request/approval', approval, tok.chairA))).toEqual({
      status: 403,
      code: 'AUTH.ROLE_NOT_ALLOWED',
    });
    expect(refused(await post('erasure-request/approval', approval, tok.officerInCommune))).toEqual({
      status: 403,
      code: 'ERASURE.APPROVER_IN_SAME_COMMUNE',
    });
    expect(refused(await post('erasure-request/approval', approval, tok.requesterAsOfficer))).toEqual({
      status: 403,
      code: 'ERASURE.REQUESTER_CANNOT_APPROVE',
    });
    expect(refused(await post('erasure-request/approval', approval, tok.officerPZ))).toEqual({
      status: 404,
      code: 'CASE.NOT_FOUND',
    });
    expect(refused(await post('erasure-request/approval', approval, tok.chairZ))).toEqual({
      status: 403,
      code: 'AUTH.ROLE_NOT_ALLOWED',
    });
    // Nothing erased by any of them.
    expect((await getCase()).body.closure?.note).toContain(`Q${m}`);
    // An officer rejects it once (the document was not attached); the chair asks again.
    const rejected = await ok(
      'erasure-request/rejection',
      { requestId, reasonCode: 'document_not_verified' },
      tok.officerP2,
    );
    expect(rejected.erasureRequest).toBeNull();
    expect(refused(await post('erasure-request/approval', approval, tok.officerP))).toEqual({
      status: 409,
      code: 'ERASURE.NO_PENDING_REQUEST',
    });
  });
});

// ───────────────────────────── 3. the happy path and the cascade ─────────────────────────────

describe('requested by the chair, approved by the province: the child’s data goes, the callers’ stays', () => {
  it('erases the case on approval: every text reads [erased]', async () => {
    const requested = await ok(
      'erasure-request',
      { basis: 'subject_request', reference: 'Đơn số 12/2026 kèm bản sao' },
      tok.chairA,
    );
    const approved = expectStatus(
      await post(
        'erasure-request/approval',
        { requestId: requested.erasureRequest!.requestId },
        tok.officerP,
      ),
      200,
      'approval',
    ).body as CaseView;
    expect(approved.version).toBe(requested.version + 1);
    expect(approved.erasure).not.toBeNull();
    expect(approved.closure?.note).toBe(ERASED);
    expect(approved.reopenings.map((r) => r.reason)).toEqual([ERASED]);
    expect(JSON.stringify(approved)).not.toContain(`Q${m}`);
    const history = expectStatus(
      await stack.casework.get<Array<{ type: string; actor: { id: string; roles: string[] } }>>(
        `/api/v1/cases/${ids.case}/history`,
        { token: tok.inspectorP },
      ),
      200,
      'history',
    ).body;
    expect(history.slice(-2).map((e) => [e.type, e.actor.id])).toEqual([
      ['ErasureRequested', CHAIR_A],
      ['PersonalDataErased', OFFICER_P],
    ]);
    expect(history.filter((e) => e.type === 'ErasureRejected').map((e) => e.actor.id)).toEqual([OFFICER_P2]);
    expect(JSON.stringify(history)).not.toContain(`Q${m}`);
    const integrity = expectStatus(
      await stack.casework.get<{ ok: boolean }>(`/api/v1/cases/${ids.case}/integrity`, {
        token: tok.inspectorP,
      }),
      200,
      'integrity',
    ).body;
    expect(integrity.ok).toBe(true);
  });

  it('in every contact of the case the child’s name and what was told of the child read [erased]; both callers keep their identity', async () => {
    const [first, repeat] = await eventually(
      async () => {
        const both = [await getContact(ids.first!), await getContact(ids.repeat!)];
        return both.every((c) => c.children[0].name === ERASED) ? both : undefined;
      },
      { ...POLL, what: 'intake to erase the children in both contacts' },
    );
    for (const c of [first, repeat]) {
      expect(c.children[0].name).toBe(ERASED);
      expect(c.notes).toBe(ERASED);
    }
    expect(first.reporter).toMatchObject({ name: firstCaller.name, phone: firstCaller.phone });
    expect(repeat.reporter).toMatchObject({ name: otherCaller.name, phone: otherCaller.phone });
    // The hotline's search no longer finds the child, by name or by what the callers told.
    expect(await search(AdminUnits.fold(childName))).toEqual([]);
    expect(await search(`Q${m}`)).toEqual([]);
  });

  it('the other caller asks for their own identity at the hotline: only theirs goes', async () => {
    const res = expectStatus(
      await eraseAtHotline(ids.repeat!, { basis: 'subject_request', reference: 'Đơn số 3/2026' }),
      200,
      'the other caller’s erasure',
    ).body as Contact;
    expect(res.reporter).toMatchObject({ name: ERASED, phone: ERASED });
    expect(res.erasure?.subjects).toEqual(expect.arrayContaining([`reporter:${ids.repeat}`]));
    const first = await getContact(ids.first!);
    expect(first.reporter).toMatchObject({ name: firstCaller.name, phone: firstCaller.phone });
    // Asked again: nothing left for the hotline to erase.
    const again = expectStatus(
      await eraseAtHotline(ids.repeat!, { basis: 'subject_request', reference: 'Đơn số 3/2026' }),
      200,
      'asked again',
    );
    expect(again.version).toBe((await getContact(ids.repeat!)).version);
  });
});
