// Hotline 111 (intake) end to end, through the three running services, the real (shared) Kafka broker
// and PostgreSQL: a counselling call closed without a case; a repeat report about the same child found
// among the possible duplicates and added to the open case instead of opening a second one; the follow-up
// of referrals no commune takes up in time; a repeat caller recognised without the number leaving intake;
// the counsellors' work list; the errors a counsellor meets; and a privacy scan of everything the stack
// wrote (every Kafka message, every log line, reporting's and casework's tables).
//
// One stack for the file. Follow-up policy is shortened so an alert fires within seconds: an urgent
// referral must be taken up within FOLLOW_UP_URGENT_MINUTES (0.05 = 3 s), any other within
// FOLLOW_UP_MINUTES (0.5 = 30 s, ample for a commune to assign a worker here), and the watcher looks every
// FOLLOW_UP_SCAN_MS. Tests assert on their own ids only (each stack has its own topics on the shared broker).
import { randomInt, randomUUID } from 'node:crypto';
import { AdminUnits } from '@cp/admin-units';
import { TOPICS, deadLetterTopic } from '@cp/contracts';
import { eventually } from '@cp/testing';
import { marker, type Caseload } from './support/api';
import { readTopics, type RawMessage } from './support/kafka';
import {
  Stack,
  expectStatus,
  sleep,
  token,
  type HttpResponse,
  type Problem,
  type ServiceProcess,
} from './support/stack';
import { logsWithoutLeaks } from './support/suite';

jest.setTimeout(120_000);

const URGENT_ACK_MS = 3_000;
const ACK_MS = 30_000;
const SCAN_MS = 500;
const POLL = { timeoutMs: 30_000, intervalMs: 200 };

// ───────────────────────────── what intake returns ─────────────────────────────

interface Referral {
  referralId: string;
  communeCode: string;
  provinceCode: string;
  urgent: boolean;
  referredAt: string;
  acknowledgeBy: string | null;
  acknowledgedAt: string | null;
  alertRaisedAt: string | null;
  caseId: string | null;
  caseState: 'open' | 'closed' | null;
  caseOverdue: boolean;
}

interface Contact {
  id: string;
  version: number;
  status: 'open' | 'referred' | 'linked' | 'closed';
  receivedAt: string;
  purpose: string;
  children: Array<{
    childRef: string;
    sex: string;
    ageYears: number | null;
    name: string | null;
    birthDate: string | null;
  }>;
  reporter: {
    anonymous: boolean;
    name: string | null;
    phone: string | null;
    address: string | null;
    consentToContact: boolean;
  } | null;
  place: string | null;
  currentCondition: string | null;
  actionsTaken: string | null;
  notes: string | null;
  referral: Referral | null;
  linkedCase: { caseId: string; linkedAt: string; reason: string } | null;
  closure: { outcome: string; closedAt: string; note: string | null } | null;
  repeatCaller?: { earlierContacts: number; lastAt: string | null };
}

interface ListItem {
  id: string;
  purpose: string;
  status: string;
  urgent: boolean;
  recordedBy: string | null;
  referredBy: string | null;
  referralCommuneCode: string | null;
  acknowledgeBy: string | null;
  acknowledgedAt: string | null;
  alertRaisedAt: string | null;
  caseId: string | null;
}

interface Duplicate {
  contactId: string;
  caseId: string | null;
  status: string;
  score: number;
  reasons: string[];
  childRef: string;
  matchedChild: { childRef: string; ageYears: number | null };
}

interface CaseView {
  id: string;
  version: number;
  status: string;
  deadlines: Array<{ kind: string; dueAt: string; status: string }>;
}

interface HistoryEntry {
  version: number;
  type: string;
  data: Record<string, unknown>;
}

// ───────────────────────────── test data ─────────────────────────────

const units = AdminUnits.load();

/** `n` random communes of the 2025 list, each in a different province. */
function distinctCommunes(n: number): Array<{ code: string; province: string }> {
  const communes = units.communes;
  const out: Array<{ code: string; province: string }> = [];
  while (out.length < n) {
    const c = communes[randomInt(communes.length)];
    if (!out.some((o) => o.province === c.parent)) out.push({ code: c.code, province: c.parent! });
  }
  return out;
}

/** A 5-digit code one digit away from a real commune's code that is no commune itself. */
function nearUnknownCode(): string {
  for (;;) {
    const code = units.communes[randomInt(units.communes.length)].code;
    for (const d of '0123456789') {
      const near = code.slice(0, 4) + d;
      if (!units.provinceOf(near)) return near;
    }
  }
}

const [communeCounsel, communeDup, communeFollow, communeList, communeRepeat] = distinctCommunes(5);

/** A phone number nobody else's data contains by chance: 09 + 8 random digits. */
const randomPhone = () => `09${String(randomInt(100_000_000)).padStart(8, '0')}`;
/** The reporter of the first report about the boy. */
const reporterPhone = randomPhone();
/** The repeat caller's number. */
const phoneDigits = randomPhone();
/** The same number as a counsellor may type it twice: "09xx xxx xxx" and "+849xxxxxxxx". */
const phoneSpaced = `${phoneDigits.slice(0, 4)} ${phoneDigits.slice(4, 7)} ${phoneDigits.slice(7)}`;
const phoneIntl = `+84${phoneDigits.slice(1)}`;

/** A date of birth ten-and-a-bit years ago (the child is 10): a string no other message carries. */
const birthDate = new Date(Date.now() - (10 * 365 + randomInt(30, 300)) * 86_400_000)
  .toISOString()
  .slice(0, 10);

/** Personal data with ASCII markers, so the scans find it in any encoding, folded or not. */
const m = {
  child: marker(),
  reporter: marker(),
  address: marker(),
  notes: marker(),
  place: marker(),
  condition: marker(),
  actions: marker(),
  counselChild: marker(),
  counselReporter: marker(),
  repeatReporter: marker(),
  listChild: marker(),
};
const childName = `Nguyễn Văn Ân ${m.child}`;
/** The same child as a second caller spells it: no diacritics, one letter missing. */
const childNameRetyped = `Nguyen Vn An ${m.child}`;
const reporterName = `Trần Thị Báo ${m.reporter}`;
const reporterAddress = `Số 12 ngõ 34 phố Đội Cấn ${m.address}`;
const notes = `Hàng xóm nghe tiếng trẻ khóc nhiều đêm ${m.notes}`;
const place = `Nhà riêng, tổ dân phố 5 ${m.place}`;
const currentCondition = `Trẻ có vết bầm ở tay ${m.condition}`;
const actionsTaken = `Đã báo trưởng thôn ${m.actions}`;
const counselChildName = `Lê Thị Hồng ${m.counselChild}`;
const counselReporterName = `Phạm Văn Mẹ ${m.counselReporter}`;
const repeatReporterName = `Đỗ Văn Gọi ${m.repeatReporter}`;
const listChildName = `Phạm Thị Thu Hà ${m.listChild}`;

const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

function reportBody(opts: {
  commune: string;
  children?: Array<Record<string, unknown>>;
  reporter?: Record<string, unknown>;
  purpose?: 'report' | 'counselling' | 'information' | 'other';
  concerns?: string[];
  immediateDanger?: boolean;
  receivedAt?: string;
  extra?: Record<string, unknown>;
}): Record<string, unknown> {
  const purpose = opts.purpose ?? 'report';
  return {
    channel: 'phone_111',
    receivedAt: opts.receivedAt ?? minutesAgo(10),
    purpose,
    concerns: opts.concerns ?? (purpose === 'report' ? ['violence', 'neglect'] : []),
    incidentCommuneCode: opts.commune,
    immediateDanger: opts.immediateDanger ?? false,
    children: opts.children ?? [{ sex: 'male', ageYears: 7 }],
    ...(opts.reporter ? { reporter: opts.reporter } : {}),
    ...opts.extra,
  };
}

// ───────────────────────────── the stack and its users ─────────────────────────────

let stack: Stack;
let counsellor: string;
let counsellorB: string;
let supervisor: string;

/** Every contact the file records, for the privacy scan's control (intake shows them back). */
const recorded: string[] = [];
/** What the scenarios found out, for the later ones and the scans. */
const ids: {
  counselling?: string;
  counsellingClosedEventId?: string;
  barrierContact?: string;
  first?: string;
  firstCase?: string;
  second?: string;
  urgent?: string;
  urgentCase?: string;
  acknowledged?: string;
  acknowledgedCase?: string;
  callerFirst?: string;
  callerSecond?: string;
  callerAnonymous?: string;
} = {};

beforeAll(async () => {
  stack = await Stack.start({
    name: 'hotline',
    env: {
      FOLLOW_UP_MINUTES: String(ACK_MS / 60_000),
      FOLLOW_UP_URGENT_MINUTES: String(URGENT_ACK_MS / 60_000),
      FOLLOW_UP_SCAN_MS: String(SCAN_MS),
      FOLLOW_UP_GRACE_MS: '0',
    },
  });
  counsellor = await token('hotline_counsellor', ['VN'], 'counsellor-a');
  counsellorB = await token('hotline_counsellor', ['VN'], 'counsellor-b');
  supervisor = await token('hotline_supervisor', ['VN'], 'supervisor-1');
}, 90_000);

afterAll(async () => {
  await stack?.stop();
}, 60_000);

async function record(body: Record<string, unknown>, as = counsellor): Promise<HttpResponse<Contact>> {
  const res = expectStatus(
    await stack.intake.post<Contact>('/api/v1/contacts', body, { token: as }),
    201,
    'record contact',
  );
  recorded.push(res.body.id);
  return res;
}

async function getContact(id: string, as = counsellor): Promise<HttpResponse<Contact>> {
  return expectStatus(
    await stack.intake.get<Contact>(`/api/v1/contacts/${id}`, { token: as }),
    200,
    'contact',
  );
}

async function refer(
  contact: HttpResponse<Contact>,
  communeCode: string,
  extra: Record<string, unknown> = {},
): Promise<HttpResponse<Contact>> {
  return expectStatus(
    await stack.intake.post<Contact>(
      `/api/v1/contacts/${contact.body.id}/referrals`,
      { communeCode, ...extra },
      { token: counsellor, headers: { 'If-Match': `"${contact.version}"` } },
    ),
    201,
    'refer',
  );
}

/** The contact once casework's CaseOpened has come back to intake. */
function caseOf(contactId: string): Promise<Contact> {
  return eventually(
    async () => {
      const c = (await getContact(contactId)).body;
      return c.referral?.caseId ? c : undefined;
    },
    { ...POLL, what: `the case of contact ${contactId} to reach intake` },
  );
}

async function caseload(unit: string): Promise<Caseload> {
  const worker = await token('commune_worker', [unit]);
  return expectStatus(
    await stack.reporting.get<Caseload>(`/api/v1/cases?unit=${unit}&limit=500`, { token: worker }),
    200,
    `caseload of ${unit}`,
  ).body;
}

async function list(query: string, as = counsellor): Promise<ListItem[]> {
  return expectStatus(
    await stack.intake.get<ListItem[]>(`/api/v1/contacts?limit=500&${query}`, { token: as }),
    200,
    `work list ?${query}`,
  ).body;
}

const count = async (svc: ServiceProcess, sql: string, params: unknown[]): Promise<number> =>
  (await svc.query<{ n: number }>(sql, params))[0].n;

// ───────────────────────────── 1. counselling ─────────────────────────────

describe('a counselling call (prevention level)', () => {
  it('is closed with its outcome, cannot be referred, and never becomes a case', async () => {
    const contact = await record(
      reportBody({
        commune: communeCounsel.code,
        purpose: 'counselling',
        concerns: ['custody_dispute'],
        children: [{ sex: 'female', ageYears: 12, name: counselChildName }],
        reporter: {
          anonymous: false,
          name: counselReporterName,
          phone: '0900 000 111',
          consentToContact: false,
        },
        extra: { callerType: 'parent', notes: `Mẹ hỏi về quyền nuôi con ${m.counselReporter}` },
      }),
    );
    ids.counselling = contact.body.id;
    expect(contact.body).toMatchObject({ status: 'open', purpose: 'counselling', referral: null });

    const referBefore = await stack.intake.post<Problem>(
      `/api/v1/contacts/${contact.body.id}/referrals`,
      { communeCode: communeCounsel.code },
      { token: counsellor, headers: { 'If-Match': `"${contact.version}"` } },
    );
    expect(referBefore.status).toBe(409);
    expect(referBefore.body.code).toBe('CONTACT.NOT_A_REPORT');

    const closed = expectStatus(
      await stack.intake.post<Contact>(
        `/api/v1/contacts/${contact.body.id}/closure`,
        { outcome: 'counselled', note: 'Đã tư vấn về thủ tục' },
        { token: counsellor, headers: { 'If-Match': `"${contact.version}"` } },
      ),
      200,
      'close',
    );
    expect(closed.version).toBe(contact.version! + 1);
    expect(closed.body.status).toBe('closed');
    expect(closed.body.closure).toMatchObject({ outcome: 'counselled', note: 'Đã tư vấn về thủ tục' });
    expect(closed.body.referral).toBeNull();

    const referAfter = await stack.intake.post<Problem>(
      `/api/v1/contacts/${contact.body.id}/referrals`,
      { communeCode: communeCounsel.code },
      { token: counsellor, headers: { 'If-Match': `"${closed.version}"` } },
    );
    expect(referAfter.status).toBe(409);
    expect(referAfter.body.code).toBe('CONTACT.NOT_A_REPORT');

    // The closure is published (for statistics) — and casework and reporting both consumed it…
    const outbox = await eventually(
      async () => {
        const rows = await stack.intake.query<{ event_id: string; type: string }>(
          `SELECT event_id, payload->>'type' AS type FROM es_outbox WHERE message_key = $1 AND published_at IS NOT NULL`,
          [contact.body.id],
        );
        return rows.length > 0 ? rows : undefined;
      },
      { ...POLL, what: 'the closure to be published' },
    );
    expect(outbox.map((r) => r.type)).toEqual(['ContactClosed']);
    ids.counsellingClosedEventId = outbox[0].event_id;
    for (const svc of [stack.casework, stack.reporting]) {
      await eventually(
        async () =>
          (await count(svc, `SELECT count(*)::int AS n FROM msg_inbox WHERE event_id = $1`, [
            ids.counsellingClosedEventId,
          ])) === 1
            ? true
            : undefined,
        { ...POLL, what: `${svc.app} to consume the closure` },
      );
    }

    // …and a report referred afterwards in the same commune reaches reporting as a case, alone.
    const report = await record(reportBody({ commune: communeCounsel.code }));
    ids.barrierContact = report.body.id;
    await refer(report, communeCounsel.code);
    const barrierCase = (await caseOf(report.body.id)).referral!.caseId!;
    const listed = await eventually(
      async () => {
        const load = await caseload(communeCounsel.code);
        return load.items.some((i) => i.caseId === barrierCase) ? load : undefined;
      },
      { ...POLL, what: 'the later report’s case to reach reporting' },
    );
    expect(listed.count).toBe(1);
    expect(listed.items.map((i) => i.contactId)).toEqual([report.body.id]);

    expect(
      await count(
        stack.casework,
        `SELECT count(*)::int AS n FROM es_events WHERE type = 'CaseOpened' AND data->'source'->>'contactId' = $1`,
        [contact.body.id],
      ),
    ).toBe(0);
    for (const table of ['rm_caseload', 'rm_referrals']) {
      expect(
        await count(stack.reporting, `SELECT count(*)::int AS n FROM ${table} WHERE contact_id = $1`, [
          contact.body.id,
        ]),
      ).toBe(0);
    }
  });
});

// ───────────────────────────── 2. a repeat report ─────────────────────────────

describe('a second report about the same child', () => {
  it('finds the first among the possible duplicates and is added to its case — no second case', async () => {
    const first = await record(
      reportBody({
        commune: communeDup.code,
        receivedAt: minutesAgo(90),
        children: [
          {
            sex: 'male',
            birthDate,
            name: childName,
            ethnicity: 'Kinh',
            residenceCommuneCode: communeDup.code,
          },
        ],
        reporter: {
          anonymous: false,
          name: reporterName,
          phone: reporterPhone,
          address: reporterAddress,
          consentToContact: true,
        },
        extra: {
          category: 'abused',
          callerType: 'neighbour',
          notes,
          incidentPlace: place,
          currentCondition,
          actionsTaken,
        },
      }),
    );
    ids.first = first.body.id;
    expect(first.body.children[0]).toMatchObject({ name: childName, birthDate, ageYears: 10 });
    await refer(first, communeDup.code);
    const firstCase = (await caseOf(first.body.id)).referral!.caseId!;
    ids.firstCase = firstCase;
    await eventually(
      async () =>
        (await caseload(communeDup.code)).items.some((i) => i.caseId === firstCase) ? true : undefined,
      { ...POLL, what: 'the first case to reach reporting' },
    );
    const before = await caseload(communeDup.code);
    expect(before.count).toBe(1);

    // Another caller, an hour later, about the same boy of the same age in the same commune.
    const second = await record(
      reportBody({
        commune: communeDup.code,
        receivedAt: minutesAgo(30),
        concerns: ['violence'],
        children: [{ sex: 'male', ageYears: 10, name: childNameRetyped }],
      }),
    );
    ids.second = second.body.id;
    const dups = expectStatus(
      await stack.intake.get<Duplicate[]>(`/api/v1/contacts/${second.body.id}/possible-duplicates`, {
        token: counsellor,
      }),
      200,
      'possible duplicates',
    ).body;
    const match = dups.find((d) => d.contactId === first.body.id);
    expect(match).toMatchObject({
      caseId: firstCase,
      status: 'referred',
      childRef: second.body.children[0].childRef,
      matchedChild: { childRef: first.body.children[0].childRef, ageYears: 10 },
    });
    expect(match!.score).toBeGreaterThanOrEqual(0.5);
    expect(match!.reasons).toEqual(expect.arrayContaining(['same age', 'same commune']));
    expect(match!.reasons.some((r) => /^name differs by 1 letter/.test(r))).toBe(true);
    // The hotline sees no names in the duplicates list, only references.
    expect(JSON.stringify(dups)).not.toContain(m.child);

    const linked = expectStatus(
      await stack.intake.post<Contact>(
        `/api/v1/contacts/${second.body.id}/case-link`,
        { caseId: firstCase, reason: 'Cùng trẻ, cùng xã, cùng tuổi; người gọi khác' },
        { token: counsellor, headers: { 'If-Match': `"${second.version}"` } },
      ),
      200,
      'case-link',
    );
    expect(linked.body.status).toBe('linked');
    expect(linked.body.linkedCase).toMatchObject({ caseId: firstCase });
    expect(linked.body.referral).toBeNull();

    // Casework records the repeat report on the existing case.
    const worker = await token('commune_worker', [communeDup.code]);
    const history = await eventually(
      async () => {
        const res = await stack.casework.get<HistoryEntry[]>(`/api/v1/cases/${firstCase}/history`, {
          token: worker,
        });
        return res.status === 200 && res.body.some((e) => e.type === 'ReportAdded') ? res.body : undefined;
      },
      { ...POLL, what: 'ReportAdded on the first case' },
    );
    const added = history.filter((e) => e.type === 'ReportAdded');
    expect(added).toHaveLength(1);
    expect(added[0].data).toMatchObject({ contactId: second.body.id, concerns: ['violence'] });
    expect(history.filter((e) => e.type === 'CaseOpened')).toHaveLength(1);
    expect(JSON.stringify(history)).not.toContain(m.child);

    // Reporting has moved the case on (its version) — and still counts one case in the commune.
    const after = await eventually(
      async () => {
        const load = await caseload(communeDup.code);
        const item = load.items.find((i) => i.caseId === firstCase);
        return item && item.version >= added[0].version ? load : undefined;
      },
      { ...POLL, what: 'reporting to apply ReportAdded' },
    );
    expect(after.count).toBe(before.count);
    expect(after.items.map((i) => i.caseId)).toEqual([firstCase]);
    expect(
      await count(
        stack.casework,
        `SELECT count(*)::int AS n FROM es_events WHERE type = 'CaseOpened' AND data->'source'->>'contactId' = $1`,
        [second.body.id],
      ),
    ).toBe(0);

    // Linked once: neither a second link nor a referral.
    const again = await stack.intake.post<Problem>(
      `/api/v1/contacts/${second.body.id}/case-link`,
      { caseId: firstCase, reason: 'again' },
      { token: counsellor, headers: { 'If-Match': `"${linked.version}"` } },
    );
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CONTACT.ALREADY_LINKED');
    const referLinked = await stack.intake.post<Problem>(
      `/api/v1/contacts/${second.body.id}/referrals`,
      { communeCode: communeDup.code },
      { token: counsellor, headers: { 'If-Match': `"${linked.version}"` } },
    );
    expect(referLinked.status).toBe(409);
    expect(referLinked.body.code).toBe('CONTACT.ALREADY_LINKED');
  });
});

// ───────────────────────────── 3. follow-up ─────────────────────────────

describe('follow-up of referrals', () => {
  it('alerts once for an urgent referral no commune took up; none for one taken up in time', async () => {
    const urgent = await record(reportBody({ commune: communeFollow.code, immediateDanger: true }));
    const calm = await record(reportBody({ commune: communeFollow.code, concerns: ['neglect'] }));
    ids.urgent = urgent.body.id;
    ids.acknowledged = calm.body.id;
    const [urgentReferred, calmReferred] = await Promise.all([
      refer(urgent, communeFollow.code),
      refer(calm, communeFollow.code),
    ]);
    // Urgent because the child is in immediate danger; the clock runs from the referral.
    const u = urgentReferred.body.referral!;
    const c = calmReferred.body.referral!;
    expect(u).toMatchObject({ urgent: true, acknowledgedAt: null, alertRaisedAt: null });
    expect(Date.parse(u.acknowledgeBy!) - Date.parse(u.referredAt)).toBe(URGENT_ACK_MS);
    expect(c).toMatchObject({ urgent: false, acknowledgedAt: null, alertRaisedAt: null });
    expect(Date.parse(c.acknowledgeBy!) - Date.parse(c.referredAt)).toBe(ACK_MS);

    // The commune takes the calm one up: its chair assigns a worker.
    const calmCase = (await caseOf(calm.body.id)).referral!.caseId!;
    ids.acknowledgedCase = calmCase;
    const chair = await token('commune_chair', [communeFollow.code]);
    const kase = expectStatus(
      await stack.casework.get<CaseView>(`/api/v1/cases/${calmCase}`, { token: chair }),
      200,
      'case',
    );
    const assigned = expectStatus(
      await stack.casework.post<CaseView>(
        `/api/v1/cases/${calmCase}/assignment`,
        { workerId: `commune_worker-${communeFollow.code}` },
        { token: chair, headers: { 'If-Match': `"${kase.version}"` } },
      ),
      200,
      'assignment',
    );
    expect(assigned.body.status).toBe('assessing');
    const nextDue = assigned.body.deadlines
      .filter((d) => d.status === 'open')
      .map((d) => d.dueAt)
      .sort()[0];
    expect(nextDue).toBeDefined();
    const taken = await eventually(
      async () => {
        const r = (await getContact(calm.body.id)).body.referral!;
        return r.acknowledgedAt ? r : undefined;
      },
      { ...POLL, what: 'the assignment to reach intake' },
    );
    expect(taken).toMatchObject({
      caseId: calmCase,
      caseState: 'open',
      caseOverdue: false,
      alertRaisedAt: null,
    });
    // The hotline follows a referral up status-level only: no stage, no step, no due date of the case.
    for (const hidden of ['caseStatus', 'caseStep', 'nextDueAt']) {
      expect({ hidden, present: hidden in taken }).toEqual({ hidden, present: false });
    }
    expect(JSON.stringify(taken)).not.toContain(nextDue);
    expect(Date.parse(taken.acknowledgedAt!)).toBeLessThanOrEqual(Date.parse(c.acknowledgeBy!));

    // Nobody takes the urgent one up: the supervisor is alerted.
    ids.urgentCase = (await caseOf(urgent.body.id)).referral!.caseId!;
    const alerted = await eventually(
      async () => {
        const r = (await getContact(urgent.body.id, supervisor)).body.referral!;
        return r.alertRaisedAt ? r : undefined;
      },
      { ...POLL, what: 'the follow-up alert' },
    );
    expect(alerted).toMatchObject({ caseState: 'open', acknowledgedAt: null });
    expect(Date.parse(alerted.alertRaisedAt!)).toBeGreaterThanOrEqual(Date.parse(u.acknowledgeBy!));

    // Several scans later there is still exactly one alert.
    await sleep(4 * SCAN_MS);
    const followUps = expectStatus(
      await stack.intake.get<ListItem[]>('/api/v1/follow-ups', { token: supervisor }),
      200,
      'follow-ups',
    ).body;
    const mine = followUps.filter((f) => f.id === urgent.body.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      urgent: true,
      caseId: ids.urgentCase,
      acknowledgedAt: null,
      alertRaisedAt: alerted.alertRaisedAt,
      acknowledgeBy: u.acknowledgeBy,
    });
    expect(followUps.some((f) => f.id === calm.body.id)).toBe(false);
    expect(
      await count(
        stack.intake,
        `SELECT count(*)::int AS n FROM es_events WHERE stream_id = $1 AND type = 'FollowUpAlertRaised'`,
        [`contact-${urgent.body.id}`],
      ),
    ).toBe(1);
    const alertLines = stack.intake
      .logLines()
      .filter((l) => l.contactId === urgent.body.id && /follow-up alert raised/.test(String(l.msg)));
    expect(alertLines).toHaveLength(1);
  });

  it('raises no alert for the referral taken up in time, even once its time has passed', async () => {
    const calm = (await getContact(ids.acknowledged!)).body.referral!;
    const wait = Date.parse(calm.acknowledgeBy!) + 3 * SCAN_MS - Date.now();
    if (wait > 0) await sleep(wait);
    const after = (await getContact(ids.acknowledged!)).body.referral!;
    expect(after).toMatchObject({ alertRaisedAt: null, acknowledgedAt: calm.acknowledgedAt });
    const followUps = expectStatus(
      await stack.intake.get<ListItem[]>('/api/v1/follow-ups', { token: supervisor }),
      200,
    ).body;
    expect(followUps.some((f) => f.id === ids.acknowledged)).toBe(false);
    expect(
      await count(
        stack.intake,
        `SELECT count(*)::int AS n FROM es_events WHERE stream_id = $1 AND type = 'FollowUpAlertRaised'`,
        [`contact-${ids.acknowledged}`],
      ),
    ).toBe(0);
  }, 60_000);
});

describe('the forwarding clock ("chuyển ngay": from receipt to referral)', () => {
  it('alerts the supervisor, live, to a report received and not referred in time', async () => {
    // Received three hours ago and still at the hotline: past the policy's 2-hour forwarding time.
    const late = expectStatus(
      await stack.intake.post<Contact & { forwardBy: string; clockPolicy: string }>(
        '/api/v1/contacts',
        {
          channel: 'phone_111',
          receivedAt: new Date(Date.now() - 3 * 3_600_000).toISOString(),
          purpose: 'report',
          concerns: ['drowning'],
          incidentCommuneCode: communeDup.code,
          children: [{ sex: 'male', ageYears: 6 }],
        },
        { token: counsellor },
      ),
      201,
      'record a late report',
    ).body;
    expect(late.clockPolicy).toMatch(/^hotline-clocks@/);
    const alert = await eventually(
      async () => {
        const list = (
          await stack.intake.get<Array<ListItem & { alert: string | null }>>('/api/v1/follow-ups', {
            token: supervisor,
          })
        ).body;
        return list.find((f) => f.id === late.id);
      },
      { ...POLL, what: 'the forwarding alert' },
    );
    expect(alert).toMatchObject({ alert: 'not_referred', forwardBy: late.forwardBy });
    expect(
      await count(
        stack.intake,
        `SELECT count(*)::int AS n FROM es_events WHERE stream_id = $1 AND type = 'ForwardingAlertRaised'`,
        [`contact-${late.id}`],
      ),
    ).toBe(1);
  });
});

// ───────────────────────────── 4. repeat caller ─────────────────────────────

describe('a repeat caller', () => {
  it('is recognised by the number however it is written; an anonymous caller is not', async () => {
    const reporter = (phone: string) => ({
      anonymous: false,
      name: repeatReporterName,
      phone,
      consentToContact: true,
    });
    const first = await record(
      reportBody({
        commune: communeRepeat.code,
        receivedAt: minutesAgo(60),
        reporter: reporter(phoneSpaced),
      }),
    );
    const second = await record(
      reportBody({ commune: communeRepeat.code, receivedAt: minutesAgo(20), reporter: reporter(phoneIntl) }),
    );
    const anonymous = await record(
      reportBody({
        commune: communeRepeat.code,
        receivedAt: minutesAgo(5),
        reporter: { anonymous: true, name: repeatReporterName, phone: phoneIntl, consentToContact: false },
      }),
    );
    ids.callerFirst = first.body.id;
    ids.callerSecond = second.body.id;
    ids.callerAnonymous = anonymous.body.id;
    await refer(second, communeRepeat.code); // so the caller's report does travel over Kafka

    expect((await getContact(first.body.id)).body.repeatCaller).toEqual({ earlierContacts: 0, lastAt: null });
    const again = (await getContact(second.body.id)).body;
    expect(again.repeatCaller).toEqual({ earlierContacts: 1, lastAt: first.body.receivedAt });
    expect(again.reporter).toMatchObject({ anonymous: false, phone: phoneIntl, name: repeatReporterName });
    // An anonymous reporter leaves nothing: no number, no name, no link to earlier calls.
    const anon = (await getContact(anonymous.body.id)).body;
    expect(anon.reporter).toEqual({
      anonymous: true,
      name: null,
      phone: null,
      address: null,
      consentToContact: false,
    });
    expect(anon.repeatCaller).toEqual({ earlierContacts: 0, lastAt: null });
    // (That the number is in no Kafka message is part of the privacy scan below.)
  });
});

// ───────────────────────────── 5. the work list ─────────────────────────────

describe('the counsellors’ work list', () => {
  it('filters by purpose, text without diacritics, mine and awaiting acknowledgement', async () => {
    const named = await record(
      reportBody({
        commune: communeList.code,
        children: [{ sex: 'female', ageYears: 6, name: listChildName }],
      }),
    );
    const byB = await record(
      reportBody({ commune: communeList.code, concerns: ['abandonment'] }),
      counsellorB,
    );
    const referredByB = expectStatus(
      await stack.intake.post<Contact>(
        `/api/v1/contacts/${named.body.id}/referrals`,
        { communeCode: communeList.code },
        { token: counsellorB, headers: { 'If-Match': `"${named.version}"` } },
      ),
      201,
    );
    expect(referredByB.body.status).toBe('referred');

    const counselling = await list('purpose=counselling');
    expect(counselling.map((c) => c.id)).toEqual([ids.counselling]);
    expect(counselling[0]).toMatchObject({ status: 'closed', purpose: 'counselling' });
    const reports = await list('purpose=report');
    expect(reports.every((c) => c.purpose === 'report')).toBe(true);
    expect(reports.map((c) => c.id)).toEqual(expect.arrayContaining([named.body.id, byB.body.id]));

    // The child's name as typed without diacritics (and in another case) finds the contact.
    expect((await list(`q=${encodeURIComponent('PHAM THI THU HA')}`)).map((c) => c.id)).toEqual([
      named.body.id,
    ]);
    expect((await list(`q=${encodeURIComponent('thu hà')}`)).map((c) => c.id)).toEqual([named.body.id]);
    // The first report's child, not the second report's (retyped with a letter missing).
    expect((await list(`q=${encodeURIComponent('nguyen van an')}`)).map((c) => c.id)).toEqual([ids.first]);
    expect((await list(`q=${encodeURIComponent('zzqq-nobody')}`)).map((c) => c.id)).toEqual([]);

    // Mine: recorded or referred by me.
    const minesB = await list('mine=true', counsellorB);
    expect(minesB.map((c) => c.id).sort()).toEqual([named.body.id, byB.body.id].sort());
    expect(minesB.find((c) => c.id === named.body.id)).toMatchObject({
      recordedBy: 'counsellor-a',
      referredBy: 'counsellor-b',
    });
    const minesA = (await list('mine=true')).map((c) => c.id);
    expect(minesA).toContain(named.body.id);
    expect(minesA).not.toContain(byB.body.id);

    // Awaiting acknowledgement: referred, and no commune has taken it up yet.
    const awaiting = await list('awaitingAcknowledgement=true');
    const awaitingIds = awaiting.map((c) => c.id);
    expect(awaitingIds).toEqual(expect.arrayContaining([named.body.id, ids.urgent, ids.first]));
    expect(awaitingIds).not.toContain(ids.acknowledged); // taken up by its commune
    expect(awaitingIds).not.toContain(byB.body.id); // never referred
    expect(awaitingIds).not.toContain(ids.second); // added to an existing case
    expect(awaitingIds).not.toContain(ids.counselling);
    for (const item of awaiting) expect(item).toMatchObject({ acknowledgedAt: null });
    expect(awaiting.every((i) => i.referralCommuneCode !== null)).toBe(true);

    // Filters combine.
    expect(
      (await list(`awaitingAcknowledgement=true&commune=${communeList.code}&mine=true`, counsellorB)).map(
        (c) => c.id,
      ),
    ).toEqual([named.body.id]);
  });
});

// ───────────────────────────── 6. errors ─────────────────────────────

describe('what a counsellor gets wrong', () => {
  it('refuses an unknown commune code with suggestions', async () => {
    const near = nearUnknownCode();
    const contact = await record(reportBody({ commune: communeList.code }));
    const res = await stack.intake.post<Problem>(
      `/api/v1/contacts/${contact.body.id}/referrals`,
      { communeCode: near },
      { token: counsellor, headers: { 'If-Match': `"${contact.version}"` } },
    );
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'CONTACT.UNKNOWN_COMMUNE', field: 'communeCode' });
    expect(res.body.detail).toContain(near);
    const suggestions = res.body.suggestions as Array<{ code: string; name: string }>;
    expect(suggestions.length).toBeGreaterThan(0);
    for (const s of suggestions) {
      expect(units.provinceOf(s.code)).toBeDefined();
      expect(s.name).toBe(units.get(s.code)?.name);
    }
    // Recording with an unknown incident commune is refused the same way, and records nothing.
    const recordedBefore = await count(
      stack.intake,
      `SELECT count(*)::int AS n FROM es_events WHERE type = 'ContactRecorded'`,
      [],
    );
    const bad = await stack.intake.post<Problem>('/api/v1/contacts', reportBody({ commune: near }), {
      token: counsellor,
    });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ code: 'CONTACT.UNKNOWN_COMMUNE', field: 'incidentCommuneCode' });
    expect((bad.body.suggestions as unknown[]).length).toBeGreaterThan(0);
    expect(
      await count(
        stack.intake,
        `SELECT count(*)::int AS n FROM es_events WHERE type = 'ContactRecorded'`,
        [],
      ),
    ).toBe(recordedBefore);
  });

  it('names the missing child or concern of a report', async () => {
    const noChild = await stack.intake.post<Problem>(
      '/api/v1/contacts',
      reportBody({ commune: communeList.code, children: [] }),
      { token: counsellor },
    );
    expect(noChild.status).toBe(422);
    expect(noChild.body).toMatchObject({ code: 'CONTACT.CHILD_REQUIRED', field: 'children' });
    expect(noChild.body.detail).toMatch(/^children: /);

    const noConcern = await stack.intake.post<Problem>(
      '/api/v1/contacts',
      reportBody({ commune: communeList.code, concerns: [] }),
      { token: counsellor },
    );
    expect(noConcern.status).toBe(422);
    expect(noConcern.body).toMatchObject({ code: 'CONTACT.CONCERN_REQUIRED', field: 'concerns' });
    expect(noConcern.body.detail).toMatch(/^concerns: /);

    // A counselling call needs neither.
    await record(reportBody({ commune: communeList.code, purpose: 'information', children: [] }));
  });

  it('closes a report only as needing no action, and links only to a case the hotline referred', async () => {
    const report = await record(reportBody({ commune: communeList.code }));
    const counselled = await stack.intake.post<Problem>(
      `/api/v1/contacts/${report.body.id}/closure`,
      { outcome: 'counselled' },
      { token: counsellor, headers: { 'If-Match': `"${report.version}"` } },
    );
    expect(counselled.status).toBe(422);
    expect(counselled.body).toMatchObject({ code: 'CONTACT.REPORT_NEEDS_REFERRAL', field: 'outcome' });
    const unknownCase = await stack.intake.post<Problem>(
      `/api/v1/contacts/${report.body.id}/case-link`,
      { caseId: randomUUID(), reason: 'same child' },
      { token: counsellor, headers: { 'If-Match': `"${report.version}"` } },
    );
    expect(unknownCase.status).toBe(422);
    expect(unknownCase.body).toMatchObject({ code: 'CONTACT.UNKNOWN_CASE', field: 'caseId' });
    const dropped = expectStatus(
      await stack.intake.post<Contact>(
        `/api/v1/contacts/${report.body.id}/closure`,
        { outcome: 'call_dropped' },
        { token: counsellor, headers: { 'If-Match': `"${report.version}"` } },
      ),
      200,
    );
    expect(dropped.body).toMatchObject({ status: 'closed', closure: { outcome: 'call_dropped' } });
  });

  it('keeps the hotline’s contacts from every role but the hotline’s (403; 404 for a body that records its own)', async () => {
    const worker = await token('commune_worker', [communeDup.code]);
    const chair = await token('commune_chair', [communeDup.code]);
    const one = await stack.intake.get<Problem>(`/api/v1/contacts/${ids.first}`, { token: chair });
    expect(one.status).toBe(403);
    expect(one.body.code).toBe('AUTH.ROLE_NOT_ALLOWED');
    expect(JSON.stringify(one.body)).not.toContain(m.child);
    // A commune worker records the reports the commune receives (Decree 56 Art. 25.1) and reads those: the
    // hotline's contact of the same commune does not exist for them.
    const own = await stack.intake.get<Problem>(`/api/v1/contacts/${ids.first}`, { token: worker });
    expect(own.status).toBe(404);
    expect(own.body.code).toBe('CONTACT.NOT_FOUND');
    expect(JSON.stringify(own.body)).not.toContain(m.child);
    for (const p of [
      '/api/v1/contacts',
      `/api/v1/contacts/${ids.second}/possible-duplicates`,
      '/api/v1/follow-ups',
    ]) {
      expect((await stack.intake.get(p, { token: worker })).status).toBe(403);
    }
  });
});

// ───────────────────────────── 7. privacy ─────────────────────────────

describe('privacy: the reporter’s and the child’s identity never leave intake', () => {
  /** Each secret with the forms it could take elsewhere (folded, digits only); compared case-insensitively. */
  const secrets = (): Array<{ what: string; value: string; forms: string[] }> => {
    const text = (what: string, value: string, mk: string) => ({
      what,
      value,
      forms: [value, AdminUnits.fold(value), mk],
    });
    return [
      text('child name', childName, m.child),
      text('child name as retyped', childNameRetyped, m.child),
      { what: 'child birth date', value: birthDate, forms: [birthDate] },
      text('reporter name', reporterName, m.reporter),
      { what: 'reporter phone', value: reporterPhone, forms: [reporterPhone, reporterPhone.slice(1)] },
      {
        what: 'repeat caller phone',
        value: phoneSpaced,
        forms: [phoneSpaced, phoneIntl, phoneDigits, phoneDigits.slice(1)],
      },
      text('reporter address', reporterAddress, m.address),
      text('notes', notes, m.notes),
      text('incident place', place, m.place),
      text('current condition', currentCondition, m.condition),
      text('actions taken', actionsTaken, m.actions),
      text('counselling child name', counselChildName, m.counselChild),
      text('counselling reporter name', counselReporterName, m.counselReporter),
      text('repeat caller name', repeatReporterName, m.repeatReporter),
      text('work-list child name', listChildName, m.listChild),
    ];
  };
  const leaks = (text: string): string[] => {
    const t = text.toLowerCase();
    return secrets()
      .filter((s) => s.forms.some((f) => t.includes(f.toLowerCase())))
      .map((s) => s.what);
  };

  let messages: RawMessage[] = [];

  beforeAll(async () => {
    expect(ids.first && ids.second && ids.counselling && ids.callerSecond && ids.urgent).toBeTruthy();
    // Everything the scenarios produced has been published and consumed.
    for (const svc of [stack.intake, stack.casework]) {
      await eventually(
        async () =>
          (await count(svc, `SELECT count(*)::int AS n FROM es_outbox WHERE published_at IS NULL`, [])) === 0
            ? true
            : undefined,
        { ...POLL, what: `${svc.app}'s outbox to drain` },
      );
    }
    const lastCaseEvents = await stack.casework.query<{ event_id: string }>(
      `SELECT event_id FROM es_outbox ORDER BY id DESC LIMIT 1`,
    );
    await eventually(
      async () =>
        (await count(stack.reporting, `SELECT count(*)::int AS n FROM msg_inbox WHERE event_id = $1`, [
          lastCaseEvents[0].event_id,
        ])) === 1
          ? true
          : undefined,
      { ...POLL, what: 'reporting to consume the last case event' },
    );
    const topics = [TOPICS.intakeContacts, TOPICS.caseworkCases].flatMap((t) => [
      stack.topic(t),
      deadLetterTopic(stack.topic(t)),
    ]);
    messages = await readTopics(stack.kafkaBrokers, topics);
  }, 90_000);

  const about = (id: string) =>
    messages.filter((msg) => msg.key === id || (msg.opened ?? msg.value).includes(id));
  const typeOf = (msg: RawMessage) => msg.type;

  it('is all in intake’s own answers (the control: the scans would find it)', async () => {
    const answers: string[] = [];
    for (const id of recorded) answers.push(JSON.stringify((await getContact(id)).body));
    const all = answers.join('\n');
    const missing = secrets().filter((s) => !all.includes(s.value));
    expect(missing.map((s) => s.what)).toEqual([]);
    // The anonymous caller's number is not even there.
    const anon = answers[recorded.indexOf(ids.callerAnonymous!)];
    expect(leaks(anon)).toEqual([]);
  });

  it('travels in no Kafka message, while the scenarios’ events did travel', () => {
    // The counselling call: its closure was published, and no case was ever opened for it.
    const counselling = about(ids.counselling!);
    expect(counselling.map(typeOf)).toEqual(['ContactClosed']);
    expect(JSON.parse(counselling[0].opened!)).toMatchObject({
      data: { outcome: 'counselled', purpose: 'counselling' },
    });
    // The repeat report: linked, recorded on the first case, never a case of its own.
    const second = about(ids.second!).map(typeOf);
    expect(second).toEqual(expect.arrayContaining(['ReportLinkedToCase', 'ReportAdded']));
    expect(second).not.toContain('CaseOpened');
    expect(second).not.toContain('ReportReferred');
    const firstCase = about(ids.firstCase!).map(typeOf);
    expect(firstCase.filter((t) => t === 'CaseOpened')).toHaveLength(1);
    expect(about(ids.first!).map(typeOf)).toEqual(expect.arrayContaining(['ReportReferred', 'CaseOpened']));
    expect(about(ids.callerSecond!).map(typeOf)).toContain('ReportReferred');
    expect(about(ids.acknowledgedCase!).map(typeOf)).toContain('CaseWorkerAssigned');

    const leaked = messages
      .map((msg) => ({
        at: `${msg.topic}/${msg.partition}@${msg.offset}`,
        leaked: leaks(`${msg.key} ${msg.value} ${msg.opened} ${JSON.stringify(msg.headers)}`),
      }))
      .filter((x) => x.leaked.length > 0);
    expect(leaked).toEqual([]);
  });

  it('is in no log line of any service', () => {
    const logs = logsWithoutLeaks(stack, leaks);
    // The logs do speak of these contacts — by id only.
    expect(logs.intake).toContain(ids.first!);
    expect(logs.casework).toMatch(/"type":"ReportLinkedToCase".*"msg":"applied"/);
  });

  it('is in no table of reporting’s (or casework’s) database', async () => {
    const reporting = await stack.reporting.dumpTables();
    // The scan covers rows about these reports…
    expect(reporting['public.rm_caseload'].some((r) => r.includes(ids.firstCase!))).toBe(true);
    expect(reporting['public.rm_referrals'].some((r) => r.includes(ids.first!))).toBe(true);
    // …and none of them names anybody.
    for (const [table, rows] of Object.entries(reporting)) {
      expect({ table, leaked: leaks(rows.join('\n')) }).toEqual({ table, leaked: [] });
    }
    const casework = await stack.casework.dumpTables();
    expect(casework['public.es_events'].some((r) => r.includes(ids.second!))).toBe(true);
    for (const [table, rows] of Object.entries(casework)) {
      expect({ table, leaked: leaks(rows.join('\n')) }).toEqual({ table, leaked: [] });
    }
  });
});
