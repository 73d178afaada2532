// Personal data at rest and in transit, end to end (docs/privacy.md), through the three running services, the
// real (shared) Kafka broker and PostgreSQL:
//
//   1. A full scenario with unique markers in every personal field: a Hotline 111 report with a named
//      child (diacritics, date of birth) and a named reporter (phone, address), notes, place, condition and
//      actions, referred to commune A, whose case is carried through the whole procedure to closure with
//      marker text in every free-text field a step takes; a case the commune opened itself (Mẫu 01 texts,
//      a transfer requested and declined); a counselling call, closed.
//   2. The scans: the services' own answers to authorised users show the plaintext (the control); no
//      marker — as typed, folded without diacritics, digits only for phones — is in any service's log, any
//      Kafka message of the stack's topics (dead-letter topics too) or any table of the three databases;
//      intake's and casework's events hold the personal fields as sealed values (encrypted, not dropped).
//   3. Erasure under governance: the province's admin has set commune A's retention after closure to 0
//      days (a deadline-policy version, through the API); the closed referred case's erasure is requested
//      by its commune's chair on the retention's end and approved by a provincial officer of the province:
//      every marked field reads back as "[erased]" in the case, its history and the contact it came from
//      (the reporter too: retention_expired reaches the callers); the hotline's search no longer finds the
//      child; both integrity checks verify; the statistics do not move; the audit trail names the request,
//      the erasure and who did each. The refusals (an open case, a worker, another commune, the chair
//      erasing alone, no document reference), a second erasure, a provincial officer requesting the
//      commune's own case (the province approves, it does not ask), and the hotline supervisor erasing a
//      closed counselling contact. Then the scans again.
//
// One stack for the file. Assertions are on this stack's own ids and markers only.
import { randomInt } from 'node:crypto';
import { AdminUnits } from '@cp/admin-units';
import { TOPICS } from '@cp/contracts';
import { eventually } from '@cp/testing';
import { marker } from './support/api';
import { quietKafka, readTopics, type RawMessage } from './support/kafka';
import { expectStatus, type HttpResponse, type Problem, type ServiceProcess } from './support/stack';
import {
  DAY,
  localDateIn,
  minutesAgo,
  pickCommunes,
  recordImmediateRetention,
  scores,
  stackForFile,
} from './support/suite';

jest.setTimeout(120_000);

const POLL = { timeoutMs: 30_000, intervalMs: 200 };
const ERASED = '[erased]';

// ───────────────────────────── what the services answer ─────────────────────────────

interface Contact {
  id: string;
  version: number;
  status: string;
  children: Array<{ childRef: string; name: string | null; birthDate: string | null }>;
  reporter: { name: string | null; phone: string | null; address: string | null } | null;
  referral: { caseId: string | null; caseState: 'open' | 'closed' | null } | null;
}

interface CaseView {
  id: string;
  version: number;
  status: string;
  erasureRequest: { requestId: string } | null;
  plan: { items: Array<{ itemId: string }> } | null;
  separations: Array<{ separationId: string; startsAt: string }>;
}

interface HistoryEntry {
  version: number;
  type: string;
  actor: { id: string; roles: string[]; unit: string | null };
  data: Record<string, unknown>;
}

interface Stats {
  indicators: Array<{ code: string; total: number }>;
}

interface AuditItem {
  kind: 'event' | 'access';
  what: string;
  actor: { id: string; roles: string[]; unit: string | null };
  caseId: string | null;
  record: { kind: string; id: string; version: number };
}

interface Timeline {
  version: number;
  timeline: Array<{ kind: string; type?: string; version?: number; actor: { id: string } }>;
}

interface ReportingIntegrity {
  verdict: string;
  detail: string;
  copy: { ok: boolean; events: number; headVersion: number };
}

// ───────────────────────────── communes and users ─────────────────────────────

/** Two communes of one province (A carries the cases, B is asked to take one over) and one of another (C). */
const { A, B, C, P } = pickCommunes();
const CHAIR_A = `chair-privacy-${A}`;
const WORKER_A = `worker-privacy-${A}`;
const OFFICER_P = `officer-privacy-${P}`;
const SUPERVISOR = 'supervisor-privacy';

// ───────────────────────────── the personal data, marked ─────────────────────────────

/** A marker no hex hash or id can contain (Q is no hex digit), so a chance match is impossible. */
const mk = (): string => `Q${marker()}`;
/** A phone number nobody else's data contains by chance: 09 + 8 random digits. */
const phoneDigits = `09${String(randomInt(100_000_000)).padStart(8, '0')}`;
/** As a counsellor types it. */
const phoneTyped = `${phoneDigits.slice(0, 4)} ${phoneDigits.slice(4, 7)} ${phoneDigits.slice(7)}`;
const counselPhoneDigits = `09${String(randomInt(100_000_000)).padStart(8, '0')}`;
/** Ten and a bit years ago: a date no other field of this stack carries. */
const birthDate = new Date(Date.now() - (10 * 365 + randomInt(30, 300)) * DAY).toISOString().slice(0, 10);

type Where = 'intake' | 'casework';
interface Secret {
  what: string;
  value: string;
  where: Where;
  /** The forms it could take elsewhere, compared case-insensitively. */
  forms: string[];
  /** Not free text: may read back as null instead of "[erased]". */
  nullable?: boolean;
  /** Recorded after the first scans (in the erasure tests), so not in the first control. */
  late?: boolean;
}

const secrets: Secret[] = [];
/** A free-text personal field with a marker: `text` is Vietnamese prose around it. */
function personal(what: string, where: Where, text: string, late = false): string {
  const m = mk();
  const value = `${text} ${m}`;
  secrets.push({ what, value, where, forms: [value, AdminUnits.fold(value), m], late });
  return value;
}

// intake: the report that becomes the case
const childName = personal('child name', 'intake', 'Nguyễn Thị Ánh Dương');
const reporterName = personal('reporter name', 'intake', 'Trần Văn Đức');
const reporterAddress = personal('reporter address', 'intake', 'Số 12 ngõ 34 phố Đội Cấn');
const notes = personal('contact notes', 'intake', 'Hàng xóm nghe tiếng trẻ khóc nhiều đêm');
const place = personal('incident place', 'intake', 'Nhà riêng, tổ dân phố 5');
const condition = personal('current condition', 'intake', 'Trẻ có vết bầm ở tay');
const actions = personal('actions taken', 'intake', 'Đã báo trưởng thôn');
// Mẫu 01 A.2: the child's address, family, parents and carers; and who is said to harm the child.
const childAddress = personal('child address', 'intake', 'Xóm Chùa, thôn Thượng');
const familySituation = personal('family situation', 'intake', 'Bố mẹ ly hôn, ở với mẹ');
const motherName = personal('mother name', 'intake', 'Hoàng Thị Mai');
const motherOccupation = personal('mother occupation', 'intake', 'Công nhân may');
const abuserName = personal('alleged abuser name', 'intake', 'Đinh Văn Cường');
const abuserDescription = personal('alleged abuser description', 'intake', 'Chú ruột, hay uống rượu');
secrets.push(
  { what: 'child birth date', value: birthDate, where: 'intake', forms: [birthDate], nullable: true },
  {
    what: 'reporter phone',
    value: phoneTyped,
    where: 'intake',
    forms: [phoneTyped, phoneDigits, phoneDigits.slice(1), `+84${phoneDigits.slice(1)}`],
    nullable: true,
  },
);
// intake: the counselling call
const counselChild = personal('counselling child name', 'intake', 'Lê Thị Hồng Nhung');
const counselReporter = personal('counselling reporter name', 'intake', 'Phạm Văn Mạnh');
const counselNotes = personal('counselling notes', 'intake', 'Mẹ hỏi về quyền nuôi con');
secrets.push({
  what: 'counselling reporter phone',
  value: counselPhoneDigits,
  where: 'intake',
  forms: [counselPhoneDigits, counselPhoneDigits.slice(1), `+84${counselPhoneDigits.slice(1)}`],
  nullable: true,
});
// casework: the referred case, every free-text field of the procedure
const t = {
  initialSummary: personal('initial assessment summary', 'casework', 'Bé bị chú đánh, có vết bầm'),
  emergencyDescription: personal('emergency measure description', 'casework', 'Đưa bé về nhà bà ngoại'),
  criminalNote: personal('criminal outcome note', 'casework', 'Công an xã đã khởi tố'),
  placementNote: personal('placement note', 'casework', 'Ở với bà ngoại Hoàng Thị Lụa'),
  extensionReason: personal('separation extension reason', 'casework', 'Chưa thăm được nhà'),
  revocationReason: personal('separation revocation reason', 'casework', 'Người chú đã chuyển đi'),
  levelReason: personal('level change reason', 'casework', 'Nguy cơ đã giảm'),
  detailedSummary: personal('detailed assessment summary', 'casework', 'Bé cần tham vấn tâm lý'),
  participantName: personal('meeting participant name', 'casework', 'Võ Thị Mẹ'),
  childViews: personal("child's views", 'casework', 'Bé muốn tiếp tục đi học'),
  minutes: personal('meeting minutes', 'casework', 'Thống nhất tham vấn và hỗ trợ gia đình'),
  goal: personal('plan goal', 'casework', 'Bé an toàn tại nhà'),
  itemDescription: personal('plan item description', 'casework', 'Tham vấn hằng tuần cho bé'),
  returnReasons: personal('plan return reasons', 'casework', 'Thiếu biện pháp cho người mẹ'),
  revisionReason: personal('plan revision reason', 'casework', 'Bổ sung hỗ trợ người mẹ'),
  serviceDescription: personal('service description', 'casework', 'Bốn buổi tham vấn tại trạm y tế'),
  reviewNotes: personal('review notes', 'casework', 'Bé ổn định, an toàn'),
  planEndNote: personal('plan end note', 'casework', 'Kết thúc kế hoạch'),
  reopenReason: personal('reopen reason', 'casework', 'Có tin báo mới về bé'),
  closureNote: personal('closure note', 'casework', 'Trùng với vụ việc khác'),
  // the commune's own case
  directCondition: personal('Mẫu 01 current condition', 'casework', 'Em đang ở nhà bà nội'),
  directExpected: personal('Mẫu 01 expected without help', 'casework', 'Có nguy cơ bị bỏ rơi'),
  directActions: personal('Mẫu 01 actions taken', 'casework', 'Đã báo công an xã'),
  transferReason: personal('transfer reason', 'casework', 'Gia đình chuyển về xã khác'),
  declineReason: personal('transfer decline reason', 'casework', 'Gia đình chưa đến ở'),
  directClosureNote: personal('direct case closure note', 'casework', 'Không xác minh được thông tin', true),
};
// intake: a report recorded later and left open (an open contact cannot be erased)
const openChild = personal('open contact child name', 'intake', 'Đặng Văn Bình', true);

const lower = (s: string) => s.toLowerCase();
const secretForms = secrets.map((s) => ({ ...s, lowered: s.forms.map(lower) }));

/** The kinds of personal data `text` contains, by name. */
function leaks(text: string): string[] {
  const l = lower(text);
  return secretForms.filter((s) => s.lowered.some((f) => l.includes(f))).map((s) => s.what);
}

/** Every JSON path whose string value contains a secret, with the secret. */
function secretPaths(value: unknown, path = ''): Array<{ path: string; secret: Secret }> {
  if (typeof value === 'string') {
    const l = lower(value);
    return secretForms
      .filter((s) => s.lowered.some((f) => l.includes(f)))
      .map((secret) => ({ path, secret }));
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => secretPaths(v, path ? `${path}.${i}` : `${i}`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => secretPaths(v, path ? `${path}.${k}` : k));
  }
  return [];
}

function at(value: unknown, path: string): unknown {
  let v = value;
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

type SecretPath = { path: string; secret: Secret };

/** For each secret's path: whether `value` now holds the erased marker there (or null, where null is allowed). */
function erasedAt(
  value: unknown,
  paths: SecretPath[],
): Array<{ path: string; what: string; erased: boolean }> {
  return paths.map(({ path, secret }) => {
    const now = at(value, path);
    return {
      path,
      what: secret.what,
      erased: now === ERASED || (secret.nullable === true && now === null),
    };
  });
}

/** What erasedAt answers when every one of the paths is erased. */
const allErased = (paths: SecretPath[]) =>
  paths.map(({ path, secret }) => ({ path, what: secret.what, erased: true }));

interface Sealed {
  $sealed: string;
  s: unknown;
  g: unknown;
  iv: unknown;
  ct: unknown;
}
const isSealed = (v: unknown): v is Sealed =>
  v !== null && typeof v === 'object' && '$sealed' in (v as Record<string, unknown>);

function sealedValues(value: unknown): Sealed[] {
  if (isSealed(value)) return [value];
  if (Array.isArray(value)) return value.flatMap(sealedValues);
  if (value && typeof value === 'object') return Object.values(value).flatMap(sealedValues);
  return [];
}

/** The sealed value at `path` or at one of its ancestors (a whole object or list may be sealed as one). */
function sealedAtOrAbove(data: unknown, path: string): Sealed | undefined {
  const keys = path.split('.');
  for (let n = 0; n <= keys.length; n++) {
    const v = n === 0 ? data : at(data, keys.slice(0, n).join('.'));
    if (isSealed(v)) return v;
    if (v === undefined) return undefined;
  }
  return undefined;
}

/**
 * The keys of every data subject whose sealed values a stream's events hold: one entry per (subject,
 * generation) sealed, with whether its wrapped key is still there (`pd_subject_keys.wrapped_key`).
 */
async function keysOf(
  svc: ServiceProcess,
  streamId: string,
): Promise<Array<{ subject: string; generation: string; kept: boolean | null }>> {
  const rows = await svc.query<{ data: unknown }>(`SELECT data FROM es_events WHERE stream_id = $1`, [
    streamId,
  ]);
  const used = new Map<string, { subject: string; generation: string }>();
  for (const v of rows.flatMap((r) => sealedValues(r.data))) {
    const subject = String(v.s);
    const generation = String(v.g);
    used.set(`${subject}/${generation}`, { subject, generation });
  }
  const keys = await svc.query<{ subject_id: string; generation: string; kept: boolean }>(
    `SELECT subject_id::text, generation::text, wrapped_key IS NOT NULL AS kept FROM pd_subject_keys
     WHERE subject_id::text = ANY($1)`,
    [[...new Set([...used.values()].map((u) => u.subject))]],
  );
  const kept = new Map(keys.map((k) => [`${k.subject_id}/${k.generation}`, k.kept]));
  return [...used.entries()].map(([k, u]) => ({ ...u, kept: kept.get(k) ?? null }));
}

// ───────────────────────────── the stack and helpers ─────────────────────────────

const { stack, tok } = stackForFile(
  { name: 'privacy' },
  {
    counsellor: ['hotline_counsellor', ['VN'], 'counsellor-privacy'],
    supervisor: ['hotline_supervisor', ['VN'], SUPERVISOR],
    workerA: ['commune_worker', [A], WORKER_A],
    chairA: ['commune_chair', [A], CHAIR_A],
    chairB: ['commune_chair', [B], `chair-privacy-${B}`],
    chairC: ['commune_chair', [C], `chair-privacy-${C}`],
    officerP: ['provincial_officer', [P], OFFICER_P],
    inspectorP: ['inspector', [P], `inspector-privacy-${P}`],
    adminP: ['admin', [P], `admin-privacy-${P}`],
  },
  async ({ stack, tok }) => {
    // Every command carries an Idempotency-Key: what a key keeps for its replay is scanned too.
    for (const svc of [stack.intake, stack.casework, stack.reporting]) svc.idempotencyKeys = true;
    // Commune A's closed files may be erased as soon as they are closed (still only on a request the
    // province approves).
    await recordImmediateRetention(
      stack,
      A,
      tok.adminP,
      'Quyết định 5/2026/QĐ-UBND về thời hạn lưu trữ hồ sơ',
    );
  },
);

const ids: {
  contact?: string;
  case?: string;
  direct?: string;
  counselling?: string;
  open?: string;
} = {};

const year = new Date().getUTCFullYear();
const period = `${year}-${new Date().getUTCMonth() < 6 ? 'H1' : 'H2'}`;

async function getContact(id: string, as = tok.counsellor): Promise<HttpResponse<Contact>> {
  return expectStatus(
    await stack.intake.get<Contact>(`/api/v1/contacts/${id}`, { token: as }),
    200,
    'contact',
  );
}

async function search(q: string): Promise<string[]> {
  const res = await stack.intake.get<Array<{ id: string }>>(
    `/api/v1/contacts?limit=500&q=${encodeURIComponent(q)}`,
    { token: tok.counsellor },
  );
  return expectStatus(res, 200, `contacts ?q=${q}`).body.map((c) => c.id);
}

async function getCase(id: string, as = tok.chairA): Promise<HttpResponse<CaseView>> {
  return expectStatus(await stack.casework.get<CaseView>(`/api/v1/cases/${id}`, { token: as }), 200, 'case');
}

async function historyOf(id: string, as = tok.chairA): Promise<HistoryEntry[]> {
  return expectStatus(
    await stack.casework.get<HistoryEntry[]>(`/api/v1/cases/${id}/history`, { token: as }),
    200,
    'history',
  ).body;
}

/** A step that must succeed; returns the case after it. */
async function act(id: string, step: string, body: unknown, as: string, version: number): Promise<CaseView> {
  return expectStatus(
    await stack.casework.post<CaseView>(`/api/v1/cases/${id}/${step}`, body, {
      token: as,
      headers: { 'If-Match': `"${version}"` },
    }),
    200,
    `POST ${step}`,
  ).body;
}

/** The chair's request (`erasure-request`), or with `step` another erasure route of the case. */
function eraseCase(
  id: string,
  as: string,
  version: number,
  body: unknown = erasureBody,
  step = 'erasure-request',
) {
  return stack.casework.post<CaseView | Problem>(`/api/v1/cases/${id}/${step}`, body, {
    token: as,
    headers: { 'If-Match': `"${version}"` },
  });
}

/** The province's approval of the pending request: the erasure itself. */
function approveErasure(id: string, as: string, requested: CaseView) {
  return stack.casework.post<CaseView | Problem>(
    `/api/v1/cases/${id}/erasure-request/approval`,
    { requestId: requested.erasureRequest!.requestId },
    { token: as, headers: { 'If-Match': `"${requested.version}"` } },
  );
}

function eraseContact(id: string, as: string, version: number, body: unknown = contactErasureBody) {
  return stack.intake.post<Contact | Problem>(`/api/v1/contacts/${id}/erasure`, body, {
    token: as,
    headers: { 'If-Match': `"${version}"` },
  });
}

/** The case's retention (0 days in commune A) has run out: the whole record goes, callers included. */
const erasureBody = { basis: 'retention_expired', reference: 'QĐ-2026-017' };
const contactErasureBody = { basis: 'subject_request', reference: 'YC-2026-017' };

const count = async (svc: ServiceProcess, sql: string, params: unknown[] = []): Promise<number> =>
  (await svc.query<{ n: number }>(sql, params))[0].n;

/**
 * Everything the stack did has been published and consumed: both outboxes drained, and reporting has
 * the last message of each topic it consumes from each producer in its inbox.
 */
async function settle(): Promise<void> {
  for (const svc of [stack.intake, stack.casework]) {
    await eventually(
      async () =>
        (await count(svc, `SELECT count(*)::int AS n FROM es_outbox WHERE published_at IS NULL`)) === 0
          ? true
          : undefined,
      { ...POLL, what: `${svc.app}'s outbox to drain` },
    );
  }
  for (const svc of [stack.intake, stack.casework]) {
    const last = await svc.query<{ event_id: string; topic: string }>(
      `SELECT DISTINCT ON (topic) event_id, topic FROM es_outbox WHERE topic = ANY($1) ORDER BY topic, id DESC`,
      [
        [
          TOPICS.intakeContacts,
          TOPICS.caseworkCases,
          TOPICS.intakeAuditAccess,
          TOPICS.caseworkAuditAccess,
        ].flatMap((x) => [x, stack.topic(x)]),
      ],
    );
    for (const row of last) {
      await eventually(
        async () =>
          (await count(stack.reporting, `SELECT count(*)::int AS n FROM msg_inbox WHERE event_id = $1`, [
            row.event_id,
          ])) >= 1
            ? true
            : undefined,
        { ...POLL, what: `reporting to consume ${svc.app}'s last message on ${row.topic}` },
      );
    }
  }
}

/** Every message of every topic of this stack (topics of record and dead-letter topics alike). */
async function allMessages(): Promise<RawMessage[]> {
  const admin = quietKafka(stack.kafkaBrokers).admin();
  await admin.connect();
  let topics: string[];
  try {
    topics = (await admin.listTopics()).filter((x) => x.startsWith(stack.topicPrefix));
  } finally {
    await admin.disconnect();
  }
  expect(topics).toEqual(
    expect.arrayContaining([stack.topic(TOPICS.intakeContacts), stack.topic(TOPICS.caseworkCases)]),
  );
  return readTopics(stack.kafkaBrokers, topics);
}

/** For each table, which kinds of personal data are in which of its columns. */
function tableLeaks(app: string, dump: Record<string, string[]>): string[] {
  const found = new Map<string, Set<string>>();
  for (const [table, rows] of Object.entries(dump)) {
    for (const row of rows) {
      if (leaks(row).length === 0) continue;
      const parsed = JSON.parse(row) as Record<string, unknown>;
      for (const [column, v] of Object.entries(parsed)) {
        const what = leaks(typeof v === 'string' ? v : JSON.stringify(v));
        if (what.length === 0) continue;
        const key = `${app} ${table}.${column}`;
        const set = found.get(key) ?? new Set<string>();
        what.forEach((w) => set.add(w));
        found.set(key, set);
      }
    }
  }
  return [...found].map(([k, v]) => `${k}: ${[...v].sort().join(', ')}`).sort();
}

function kafkaLeaks(messages: RawMessage[]): string[] {
  const found = new Map<string, Set<string>>();
  for (const msg of messages) {
    const parts: Array<[string, string]> = [
      ['key', msg.key ?? ''],
      ['value', msg.value],
      ['opened value', msg.opened ?? ''],
      ['headers', JSON.stringify(msg.headers)],
    ];
    for (const [part, text] of parts) {
      const what = leaks(text);
      if (what.length === 0) continue;
      const type = msg.type ?? '?';
      const key = `${msg.topic} ${type} ${part}`;
      const set = found.get(key) ?? new Set<string>();
      what.forEach((w) => set.add(w));
      found.set(key, set);
    }
  }
  return [...found].map(([k, v]) => `${k}: ${[...v].sort().join(', ')}`).sort();
}

/** Markers in the stored bytes of any relation of the three databases (ServiceProcess.rawPages). */
async function rawPageLeaks(): Promise<string[]> {
  const out: string[] = [];
  for (const app of ['intake', 'casework', 'reporting'] as const) {
    const pages = await stack[app].rawPages();
    // The control: the scan reads the pages of the service's events (reporting: its copy of them).
    const events = app === 'reporting' ? 'rm_events' : 'es_events';
    expect(pages[events]?.length ?? 0).toBeGreaterThan(8192);
    for (const [relation, text] of Object.entries(pages)) {
      const what = leaks(text);
      if (what.length) out.push(`${app} ${relation}: ${what.sort().join(', ')}`);
    }
  }
  return out;
}

function logLeaks(): string[] {
  const out: string[] = [];
  for (const [app, text] of Object.entries(stack.allLogs())) {
    expect(text.length).toBeGreaterThan(0);
    const what = leaks(text);
    if (what.length) out.push(`${app} log: ${what.sort().join(', ')}`);
  }
  return out;
}

// ───────────────────────────── 1. the scenario ─────────────────────────────

describe('a full scenario with personal data in every field', () => {
  it('a named report from the hotline, referred, carried by the commune to closure', async () => {
    const recorded = expectStatus(
      await stack.intake.post<Contact>(
        '/api/v1/contacts',
        {
          channel: 'phone_111',
          receivedAt: minutesAgo(90),
          purpose: 'report',
          concerns: ['violence', 'neglect'],
          category: 'abused',
          setting: 'family',
          callerType: 'neighbour',
          incidentCommuneCode: A,
          immediateDanger: false,
          children: [
            {
              sex: 'female',
              birthDate,
              name: childName,
              residenceCommuneCode: A,
              address: childAddress,
              familySituation,
              carers: [
                { relation: 'mother', currentCarer: true, name: motherName, occupation: motherOccupation },
              ],
            },
          ],
          allegedAbusers: [
            { relation: 'relative', sex: 'male', name: abuserName, description: abuserDescription },
          ],
          reporter: {
            anonymous: false,
            name: reporterName,
            phone: phoneTyped,
            address: reporterAddress,
            consentToContact: true,
          },
          notes,
          incidentPlace: place,
          currentCondition: condition,
          actionsTaken: actions,
        },
        { token: tok.counsellor },
      ),
      201,
      'record the report',
    );
    ids.contact = recorded.body.id;
    expectStatus(
      await stack.intake.post<Contact>(
        `/api/v1/contacts/${recorded.body.id}/referrals`,
        { communeCode: A },
        { token: tok.counsellor, headers: { 'If-Match': `"${recorded.version}"` } },
      ),
      201,
      'refer',
    );
    const caseId = await eventually(
      async () => (await getContact(recorded.body.id)).body.referral?.caseId ?? undefined,
      { ...POLL, what: 'casework to open the case of the referral' },
    );
    ids.case = caseId;

    let k = (await getCase(caseId)).body;
    k = await act(caseId, 'assignment', { workerId: WORKER_A }, tok.chairA, k.version);
    k = await act(
      caseId,
      'initial-assessment',
      {
        scores: scores('high'),
        seriousThreat: true,
        caregiverIsAbuser: false,
        outcome: 'intervention',
        summary: t.initialSummary,
      },
      tok.workerA,
      k.version,
    );
    k = await act(
      caseId,
      'emergency-measures',
      { measures: [{ measure: 'removal_from_danger', by: 'police', description: t.emergencyDescription }] },
      tok.chairA,
      k.version,
    );
    k = await act(
      caseId,
      'police-notification',
      { policeUnit: 'Công an xã', reference: 'CA-2026-17' },
      tok.chairA,
      k.version,
    );
    k = await act(
      caseId,
      'criminal-outcome',
      { outcome: 'investigation_opened', note: t.criminalNote },
      tok.workerA,
      k.version,
    );
    k = await act(
      caseId,
      'separation',
      {
        decisionNo: '12/QĐ-UBND',
        placement: 'relative',
        placementNote: t.placementNote,
        endsAt: new Date(Date.now() + 5 * DAY).toISOString(),
      },
      tok.chairA,
      k.version,
    );
    k = await act(
      caseId,
      'separation/extension',
      {
        endsAt: new Date(Date.parse(k.separations[0].startsAt) + 10 * DAY).toISOString(),
        reason: t.extensionReason,
      },
      tok.chairA,
      k.version,
    );
    k = await act(caseId, 'separation/revocation', { reason: t.revocationReason }, tok.chairA, k.version);
    k = await act(caseId, 'level', { to: 'support', reason: t.levelReason }, tok.chairA, k.version);
    k = await act(
      caseId,
      'detailed-assessment',
      {
        scores: scores('medium'),
        needs: ['psychological', 'family_support'],
        assistedBy: 'hotline_111',
        summary: t.detailedSummary,
      },
      tok.workerA,
      k.version,
    );
    k = await act(
      caseId,
      'needs-meeting',
      {
        participants: [
          { role: 'commune_chair' },
          { role: 'commune_worker' },
          { role: 'parent', name: t.participantName },
          { role: 'child' },
        ],
        childViews: { heard: true, summary: t.childViews },
        minutes: t.minutes,
      },
      tok.chairA,
      k.version,
    );
    const plan = {
      goals: [t.goal],
      items: [
        {
          measure: 'counselling',
          description: t.itemDescription,
          responsibleBody: 'Trạm y tế xã',
          dueDate: localDateIn(30),
        },
      ],
    };
    k = await act(caseId, 'plan', plan, tok.workerA, k.version);
    k = await act(caseId, 'plan/submission', {}, tok.workerA, k.version);
    k = await act(
      caseId,
      'plan/decision',
      { decision: 'return', reasons: t.returnReasons },
      tok.chairA,
      k.version,
    );
    k = await act(
      caseId,
      'plan',
      {
        ...plan,
        items: [{ ...plan.items[0], itemId: k.plan!.items[0].itemId }],
        revisionReason: t.revisionReason,
      },
      tok.workerA,
      k.version,
    );
    k = await act(caseId, 'plan/submission', {}, tok.workerA, k.version);
    k = await act(
      caseId,
      'plan/decision',
      { decision: 'approve', decisionNo: '15/QĐ-UBND' },
      tok.chairA,
      k.version,
    );
    k = await act(
      caseId,
      'services',
      {
        itemId: k.plan!.items[0].itemId,
        provider: 'Trạm y tế xã',
        description: t.serviceDescription,
        completesItem: true,
      },
      tok.workerA,
      k.version,
    );
    k = await act(
      caseId,
      'reviews',
      {
        scores: scores('low'),
        childSafe: true,
        stability: { physical: true, psychological: true, cognitive: true, emotional: true },
        outcome: 'end',
        notes: t.reviewNotes,
      },
      tok.workerA,
      k.version,
    );
    k = await act(caseId, 'plan/end', { note: t.planEndNote }, tok.chairA, k.version);
    expect(k.status).toBe('closed');
    k = await act(caseId, 'reopening', { reason: t.reopenReason }, tok.chairA, k.version);
    expect(k.status).not.toBe('closed');
    // (closed again below, as a duplicate of the commune's own case, once that case exists)
  });

  it('a case the commune opened itself, with the Mẫu 01 texts; a transfer asked and declined', async () => {
    const created = expectStatus(
      await stack.casework.post<CaseView>(
        '/api/v1/cases',
        {
          receivedAt: minutesAgo(60),
          incidentCommuneCode: A,
          concerns: ['abandonment'],
          category: 'at_risk_abandonment',
          children: [{ sex: 'male', ageYears: 5 }],
          currentCondition: t.directCondition,
          expectedWithoutHelp: t.directExpected,
          actionsTaken: t.directActions,
        },
        { token: tok.chairA },
      ),
      201,
      'open a direct case',
    ).body;
    ids.direct = created.id;
    let k = await act(created.id, 'assignment', { workerId: WORKER_A }, tok.chairA, created.version);
    k = await act(
      created.id,
      'transfer',
      { toCommuneCode: B, reason: t.transferReason },
      tok.chairA,
      k.version,
    );
    k = await act(created.id, 'transfer/decline', { reason: t.declineReason }, tok.chairB, k.version);
    expect(k.status).not.toBe('closed');

    // The referred case, reopened above, is closed again: it duplicates this one.
    const referred = (await getCase(ids.case!)).body;
    const closed = await act(
      ids.case!,
      'closure',
      { reason: 'duplicate_merged', mergedIntoCaseId: created.id, note: t.closureNote },
      tok.chairA,
      referred.version,
    );
    expect(closed.status).toBe('closed');
  });

  it('a counselling call with a named child and caller, closed at the hotline', async () => {
    const recorded = expectStatus(
      await stack.intake.post<Contact>(
        '/api/v1/contacts',
        {
          channel: 'phone_111',
          receivedAt: minutesAgo(30),
          purpose: 'counselling',
          concerns: ['custody_dispute'],
          incidentCommuneCode: A,
          children: [{ sex: 'female', ageYears: 12, name: counselChild }],
          reporter: {
            anonymous: false,
            name: counselReporter,
            phone: counselPhoneDigits,
            consentToContact: false,
          },
          callerType: 'parent',
          notes: counselNotes,
        },
        { token: tok.counsellor },
      ),
      201,
      'record counselling',
    );
    ids.counselling = recorded.body.id;
    const closed = expectStatus(
      await stack.intake.post<Contact>(
        `/api/v1/contacts/${recorded.body.id}/closure`,
        { outcome: 'counselled' },
        { token: tok.counsellor, headers: { 'If-Match': `"${recorded.version}"` } },
      ),
      200,
      'close counselling',
    );
    expect(closed.body.status).toBe('closed');
  });
});

// ───────────────────────────── 2. the scans ─────────────────────────────

describe('privacy at rest and in transit: the markers are nowhere but in the services’ own answers', () => {
  let messages: RawMessage[] = [];
  let dumps: Record<'intake' | 'casework' | 'reporting', Record<string, string[]>>;

  beforeAll(async () => {
    expect(ids.contact && ids.case && ids.direct && ids.counselling).toBeTruthy();
    await settle();
    // Intake has heard that the case was closed (the last thing the scenario sent it).
    await eventually(
      async () => ((await getContact(ids.contact!)).body.referral?.caseState === 'closed' ? true : undefined),
      { ...POLL, what: 'intake to hear that the case is closed' },
    );
    messages = await allMessages();
    dumps = {
      intake: await stack.intake.dumpTables(),
      casework: await stack.casework.dumpTables(),
      reporting: await stack.reporting.dumpTables(),
    };
  }, 90_000);

  it('(control) the authorised answers of intake and casework show every marker in plain', async () => {
    const intakeAnswers = JSON.stringify([
      (await getContact(ids.contact!)).body,
      (await getContact(ids.counselling!)).body,
    ]);
    const caseworkAnswers = JSON.stringify([
      (await getCase(ids.case!)).body,
      await historyOf(ids.case!),
      (await getCase(ids.direct!)).body,
      await historyOf(ids.direct!),
    ]);
    const missing = secrets
      .filter((s) => !s.late)
      .filter((s) => !(s.where === 'intake' ? intakeAnswers : caseworkAnswers).includes(s.value))
      .map((s) => `${s.where}: ${s.what}`);
    expect(missing).toEqual([]);
    // The hotline's text search finds the child by name without diacritics (a whole-word search).
    expect(await search(AdminUnits.fold(childName))).toEqual([ids.contact]);
  });

  it('(control) the scans see these records: the logs, the topics and the tables speak of them by id', () => {
    const logs = stack.allLogs();
    expect(logs.intake).toContain(ids.contact!);
    expect(logs.casework).toMatch(/"type":"ReportReferred"/);
    expect(logs.casework).toContain('"route":"/api/v1/cases/:id/needs-meeting"');
    const about = (id: string) =>
      messages.filter((msg) => msg.key === id || (msg.opened ?? msg.value).includes(id));
    expect(about(ids.contact!).map((msg) => msg.type)).toContain('ReportReferred');
    expect(about(ids.case!).map((msg) => msg.type)).toEqual(
      expect.arrayContaining(['CaseOpened', 'InitialAssessmentRecorded', 'NeedsMeetingHeld', 'CaseClosed']),
    );
    expect(about(ids.counselling!).map((msg) => msg.type)).toContain('ContactClosed');
    const has = (rows: string[] | undefined, id: string) => (rows ?? []).some((r) => r.includes(id));
    expect(has(dumps.intake['public.es_events'], ids.contact!)).toBe(true);
    expect(has(dumps.intake['public.in_contacts'], ids.contact!)).toBe(true);
    expect(has(dumps.casework['public.es_events'], ids.case!)).toBe(true);
    expect(has(dumps.reporting['public.rm_caseload'], ids.case!)).toBe(true);
    // The scans cover the event stores, their outboxes, the key tables and the idempotency keys.
    for (const app of ['intake', 'casework'] as const) {
      expect(Object.keys(dumps[app])).toEqual(
        expect.arrayContaining([
          'public.es_events',
          'public.es_outbox',
          'public.pd_subject_keys',
          'public.es_idempotency',
        ]),
      );
      expect(dumps[app]['public.pd_subject_keys'].length).toBeGreaterThan(0);
      // Every command of the scenario was sent with a key (kept as a digest with the stream it was used on).
      expect(stack[app].keyed.filter((k) => k.status < 300).length).toBeGreaterThan(3);
      const remembered = dumps[app]['public.es_idempotency'];
      expect(remembered.length).toBeGreaterThan(3);
      const main = app === 'intake' ? `contact-${ids.contact}` : `case-${ids.case}`;
      expect(remembered.some((r) => r.includes(main))).toBe(true);
    }
  });

  it('no marker in any log line of any service', () => {
    expect(logLeaks()).toEqual([]);
  });

  it('no marker in any Kafka message of the stack (key, value, headers; dead-letter topics too)', () => {
    expect(kafkaLeaks(messages)).toEqual([]);
  });

  it('no marker in any table of intake (its events and its index included)', () => {
    expect(tableLeaks('intake', dumps.intake)).toEqual([]);
  });

  it('no marker in any table of casework', () => {
    expect(tableLeaks('casework', dumps.casework)).toEqual([]);
  });

  it('no marker in any table of reporting', () => {
    expect(tableLeaks('reporting', dumps.reporting)).toEqual([]);
  });

  it('no marker in any page of any database, dead rows and free space included (after VACUUM)', async () => {
    expect(await rawPageLeaks()).toEqual([]);
  }, 90_000);

  it('intake’s events hold the personal fields sealed (AES-256-GCM), not dropped', async () => {
    const rows = await stack.intake.query<{ stream_id: string; type: string; data: unknown }>(
      `SELECT stream_id, type, data FROM es_events WHERE stream_id = ANY($1) AND type = 'ContactRecorded'`,
      [[`contact-${ids.contact}`, `contact-${ids.counselling}`]],
    );
    expect(rows.map((r) => r.stream_id).sort()).toEqual(
      [`contact-${ids.contact}`, `contact-${ids.counselling}`].sort(),
    );
    for (const row of rows) {
      const sealed = sealedValues(row.data);
      expect({ stream: row.stream_id, sealed: sealed.length > 0 }).toEqual({
        stream: row.stream_id,
        sealed: true,
      });
      for (const s of sealed) {
        expect(s).toMatchObject({
          $sealed: 'A256GCM',
          s: expect.any(String),
          iv: expect.any(String),
          ct: expect.any(String),
        });
        expect(['number', 'string']).toContain(typeof s.g);
      }
    }
  });

  it('casework’s events hold every marked field sealed at that field (or the object holding it)', async () => {
    const unsealed: string[] = [];
    for (const caseId of [ids.case!, ids.direct!]) {
      const history = await historyOf(caseId);
      const rows = await stack.casework.query<{ stream_version: number; type: string; data: unknown }>(
        `SELECT stream_version, type, data FROM es_events WHERE stream_id = $1 ORDER BY stream_version`,
        [`case-${caseId}`],
      );
      const byVersion = new Map(rows.map((r) => [r.stream_version, r]));
      for (const e of history) {
        for (const { path, secret } of secretPaths(e.data)) {
          const stored = byVersion.get(e.version);
          const sealed = stored ? sealedAtOrAbove(stored.data, path) : undefined;
          if (!sealed || sealed.$sealed !== 'A256GCM' || typeof sealed.ct !== 'string') {
            unsealed.push(
              `case ${caseId === ids.case ? 'referred' : 'direct'} v${e.version} ${e.type}.${path} (${secret.what})`,
            );
          }
        }
      }
    }
    expect(unsealed).toEqual([]);
  });
});

// ───────────────────────────── 3. erasure ─────────────────────────────

describe('erasure of a child’s personal data', () => {
  let statsBefore: { commune: Stats; province: Stats };
  let contactPaths: SecretPath[] = [];
  let casePaths: Array<{ path: string; secret: Secret }> = [];
  let historyPaths: Array<{ path: string; secret: Secret }> = [];
  let erasedVersion = 0;

  const statistics = async (unit: string): Promise<Stats> =>
    expectStatus(
      await stack.reporting.get<Stats>(`/api/v1/statistics?unit=${unit}&period=${period}`, {
        token: tok.officerP,
      }),
      200,
      `statistics of ${unit}`,
    ).body;

  beforeAll(async () => {
    expect(ids.contact && ids.case && ids.direct && ids.counselling).toBeTruthy();
    await settle();
    contactPaths = secretPaths((await getContact(ids.contact!)).body);
    casePaths = secretPaths((await getCase(ids.case!)).body);
    historyPaths = secretPaths(await historyOf(ids.case!));
    // Where the fixture's secrets show before the erasure (a scan that finds fewer would prove less).
    expect(contactPaths).toHaveLength(15);
    expect(casePaths).toHaveLength(10);
    expect(historyPaths).toHaveLength(23);
  }, 90_000);

  it('is refused for an open case (naming the step to take first), a commune worker, and another commune', async () => {
    const direct = (await getCase(ids.direct!)).body;
    const open = await eraseCase(ids.direct!, tok.chairA, direct.version);
    expect({
      status: open.status,
      code: (open.body as Problem).code,
      requiredStep: (open.body as Problem).requiredStep,
    }).toEqual({ status: 409, code: 'CASE.NOT_CLOSED', requiredStep: 'closure' });
    expect((open.body as Problem).detail).toMatch(/close the case/i);

    const closed = (await getCase(ids.case!)).body;
    const byWorker = await eraseCase(ids.case!, tok.workerA, closed.version);
    expect({ status: byWorker.status, code: (byWorker.body as Problem).code }).toEqual({
      status: 403,
      code: 'AUTH.ROLE_NOT_ALLOWED',
    });
    const byOtherCommune = await eraseCase(ids.case!, tok.chairC, closed.version);
    expect({ status: byOtherCommune.status, code: (byOtherCommune.body as Problem).code }).toEqual({
      status: 404,
      code: 'CASE.NOT_FOUND',
    });
    const byCounsellor = await eraseCase(ids.case!, tok.counsellor, closed.version);
    expect(byCounsellor.status).toBe(403);
    const badBasis = await eraseCase(ids.case!, tok.chairA, closed.version, {
      basis: 'because',
      reference: null,
    });
    expect(badBasis.status).toBe(400);
    // The chair does not erase alone, and names the document the request rests on.
    const alone = await eraseCase(ids.case!, tok.chairA, closed.version, erasureBody, 'erasure');
    expect({
      status: alone.status,
      code: (alone.body as Problem).code,
      requiredStep: (alone.body as Problem).requiredStep,
    }).toEqual({ status: 409, code: 'ERASURE.APPROVAL_REQUIRED', requiredStep: 'erasure-request' });
    const noReference = await eraseCase(ids.case!, tok.chairA, closed.version, {
      basis: 'retention_expired',
      reference: null,
    });
    expect({ status: noReference.status, code: (noReference.body as Problem).code }).toEqual({
      status: 422,
      code: 'ERASURE.REFERENCE_REQUIRED',
    });
    // Nothing happened to either case.
    expect((await getCase(ids.case!)).body.version).toBe(closed.version);
    expect((await getCase(ids.direct!)).body.version).toBe(direct.version);
  });

  it('(before) the commune closes its own case too, and the statistics are taken', async () => {
    const direct = (await getCase(ids.direct!)).body;
    const directClosed = await act(
      ids.direct!,
      'closure',
      { reason: 'not_verified', note: t.directClosureNote },
      tok.chairA,
      direct.version,
    );
    expect(directClosed.status).toBe('closed');
    await settle();
    statsBefore = { commune: await statistics(A), province: await statistics(P) };
    // The commune's one abused child (the stack is this file's own).
    expect(statsBefore.commune.indicators.find((i) => i.code === '0101')!.total).toBe(1);
  });

  it('erases the closed referred case: every marked field reads back as erased, in casework and intake', async () => {
    const before = (await getCase(ids.case!)).body;
    // The chair asks; nothing is erased until a provincial officer of the province approves.
    const requested = expectStatus(
      await eraseCase(ids.case!, tok.chairA, before.version),
      200,
      'erasure request',
    ).body as CaseView;
    expect(requested.version).toBe(before.version + 1);
    expect(requested.erasureRequest).not.toBeNull();
    expect(leaks(JSON.stringify((await getCase(ids.case!)).body)).length).toBeGreaterThan(0);
    const res = expectStatus(await approveErasure(ids.case!, tok.officerP, requested), 200, 'erasure');
    const erased = res.body as CaseView;
    expect(erased.id).toBe(ids.case);
    expect(erased.version).toBe(before.version + 2);
    expect(res.version).toBe(erased.version);
    erasedVersion = erased.version;

    const view = (await getCase(ids.case!)).body;
    expect(leaks(JSON.stringify(view))).toEqual([]);
    expect(casePaths.map(({ path, secret }) => ({ path, what: secret.what, now: at(view, path) }))).toEqual(
      casePaths.map(({ path, secret }) => ({ path, what: secret.what, now: ERASED })),
    );
    const history = await historyOf(ids.case!);
    expect(leaks(JSON.stringify(history))).toEqual([]);
    expect(
      historyPaths.map(({ path, secret }) => ({ path, what: secret.what, now: at(history, path) })),
    ).toEqual(historyPaths.map(({ path, secret }) => ({ path, what: secret.what, now: ERASED })));
    // The erasure is a step of the case's history: asked by the chair, approved (done) by the province.
    const last = history[history.length - 1];
    expect(history[history.length - 2]).toMatchObject({
      version: erasedVersion - 1,
      type: 'ErasureRequested',
      actor: { id: CHAIR_A, roles: ['commune_chair'], unit: A },
    });
    expect(last).toMatchObject({
      version: erasedVersion,
      type: 'PersonalDataErased',
      actor: { id: OFFICER_P, roles: ['provincial_officer'], unit: P },
    });
    expect(history.filter((e) => e.type === 'PersonalDataErased')).toHaveLength(1);
    // The case's keys are destroyed (their rows stay, without the key); the ciphertext stays in the events.
    const caseKeys = await keysOf(stack.casework, `case-${ids.case}`);
    expect(caseKeys.length).toBeGreaterThan(0);
    expect(caseKeys.filter((k) => k.kept !== false)).toEqual([]);

    // Intake hears it and erases the contact the case came from.
    const contact = await eventually(
      async () => {
        const c = (await getContact(ids.contact!)).body;
        return c.children[0]?.name === ERASED ? c : undefined;
      },
      { ...POLL, what: 'intake to erase the contact the case came from' },
    );
    expect(leaks(JSON.stringify(contact))).toEqual([]);
    expect(erasedAt(contact, contactPaths)).toEqual(allErased(contactPaths));
    const contactEvents = await stack.intake.query<{ type: string; metadata: Record<string, unknown> }>(
      `SELECT type, metadata FROM es_events WHERE stream_id = $1 ORDER BY stream_version`,
      [`contact-${ids.contact}`],
    );
    expect(contactEvents.filter((e) => e.type === 'PersonalDataErased')).toHaveLength(1);
    const contactKeys = await keysOf(stack.intake, `contact-${ids.contact}`);
    expect(contactKeys.length).toBeGreaterThan(0);
    expect(contactKeys.filter((k) => k.kept !== false)).toEqual([]);

    // The hotline's search no longer finds the child, by name or by marker.
    expect(await search(AdminUnits.fold(childName))).toEqual([]);
    expect(await search(secrets.find((s) => s.what === 'child name')!.forms[2])).toEqual([]);
  });

  it('leaves the hash chain verifiable, in casework and in reporting’s copy', async () => {
    expect(erasedVersion).toBeGreaterThan(0); // the erasure above succeeded
    const own = expectStatus(
      await stack.casework.get<{ ok: boolean; events: number }>(`/api/v1/cases/${ids.case}/integrity`, {
        token: tok.inspectorP,
      }),
      200,
      'casework integrity',
    ).body;
    expect(own).toMatchObject({ ok: true, events: erasedVersion });
    const copy = await eventually(
      async () => {
        const r = await stack.reporting.get<ReportingIntegrity>(`/api/v1/audit/cases/${ids.case}/integrity`, {
          token: tok.inspectorP,
        });
        const body = expectStatus(r, 200, 'reporting integrity').body;
        return body.copy.headVersion === erasedVersion ? body : undefined;
      },
      { ...POLL, what: 'reporting to hold the erasure in its copy of the chain' },
    );
    expect(copy).toMatchObject({ verdict: 'verified', copy: { ok: true, events: erasedVersion } });
  });

  it('is in the audit trail, with who did it, and the trail names nobody', async () => {
    expect(erasedVersion).toBeGreaterThan(0); // the erasure above succeeded
    const page = await eventually(
      async () => {
        const r = await stack.reporting.get<{ items: AuditItem[] }>(
          `/api/v1/audit?caseId=${ids.case}&kind=event&limit=1000`,
          { token: tok.inspectorP },
        );
        const body = expectStatus(r, 200, 'audit search').body;
        return body.items.some((i) => i.what === 'PersonalDataErased') ? body : undefined;
      },
      { ...POLL, what: 'the erasure in the audit trail' },
    );
    const erasures = page.items.filter((i) => i.what === 'PersonalDataErased');
    expect(erasures).toHaveLength(1);
    expect(erasures[0]).toMatchObject({
      kind: 'event',
      caseId: ids.case,
      actor: { id: OFFICER_P, roles: ['provincial_officer'], unit: P },
      record: { version: erasedVersion },
    });
    expect(page.items.filter((i) => i.what === 'ErasureRequested')).toEqual([
      expect.objectContaining({
        actor: expect.objectContaining({ id: CHAIR_A, roles: ['commune_chair'], unit: A }),
        record: expect.objectContaining({ version: erasedVersion - 1 }),
      }),
    ]);
    expect(leaks(JSON.stringify(page))).toEqual([]);

    const timeline = expectStatus(
      await stack.reporting.get<Timeline>(`/api/v1/audit/cases/${ids.case}/timeline?includeReads=true`, {
        token: tok.inspectorP,
      }),
      200,
      'timeline',
    ).body;
    expect(timeline.version).toBe(erasedVersion);
    const step = timeline.timeline.filter((x) => x.kind === 'event' && x.type === 'PersonalDataErased');
    expect(step).toEqual([
      expect.objectContaining({ version: erasedVersion, actor: expect.objectContaining({ id: OFFICER_P }) }),
    ]);
    expect(timeline.timeline.filter((x) => x.kind === 'event' && x.type === 'ErasureRequested')).toEqual([
      expect.objectContaining({ actor: expect.objectContaining({ id: CHAIR_A }) }),
    ]);
    expect(leaks(JSON.stringify(timeline))).toEqual([]);
  });

  it('a second erasure of the same case changes nothing', async () => {
    expect(erasedVersion).toBeGreaterThan(0); // the erasure above succeeded
    const now = (await getCase(ids.case!)).body;
    expect(now.version).toBe(erasedVersion);
    // Idempotent: nothing new to erase, so no second event — the answer is the case as it is.
    const again = expectStatus(await eraseCase(ids.case!, tok.chairA, now.version), 200, 'second erasure');
    expect(again.version).toBe(erasedVersion);
    expect((again.body as CaseView).version).toBe(erasedVersion);
    expect(leaks(JSON.stringify(again.body))).toEqual([]);
    const history = await historyOf(ids.case!);
    expect(history).toHaveLength(erasedVersion);
    expect(history.filter((e) => e.type === 'PersonalDataErased')).toHaveLength(1);
  });

  it('the chair requests the erasure of the commune’s own direct case; the province approves but does not ask', async () => {
    const before = (await getCase(ids.direct!, tok.officerP)).body;
    const paths = secretPaths(await historyOf(ids.direct!, tok.officerP));
    expect(paths).toHaveLength(6);
    // Asking is the chair's decision for the commune's records (STEP_RULES.RequestErasure).
    const byProvince = await eraseCase(ids.direct!, tok.officerP, before.version, {
      basis: 'retention_expired',
      reference: 'QĐ-2026-018',
    });
    expect({ status: byProvince.status, code: (byProvince.body as Problem).code }).toEqual({
      status: 403,
      code: 'AUTH.ROLE_NOT_ALLOWED',
    });
    const requested = expectStatus(
      await eraseCase(ids.direct!, tok.chairA, before.version, {
        basis: 'retention_expired',
        reference: 'QĐ-2026-018',
      }),
      200,
      'erasure request by the chair',
    ).body as CaseView;
    const res = expectStatus(
      await approveErasure(ids.direct!, tok.officerP, requested),
      200,
      'erasure approved by the province',
    );
    expect((res.body as CaseView).version).toBe(before.version + 2);
    const history = await historyOf(ids.direct!, tok.officerP);
    expect(leaks(JSON.stringify(history))).toEqual([]);
    expect(paths.map(({ path }) => ({ path, now: at(history, path) }))).toEqual(
      paths.map(({ path }) => ({ path, now: ERASED })),
    );
    expect(history[history.length - 1]).toMatchObject({
      type: 'PersonalDataErased',
      actor: { id: OFFICER_P, roles: ['provincial_officer'] },
    });
    expect(leaks(JSON.stringify((await getCase(ids.direct!, tok.officerP)).body))).toEqual([]);
    const keys = await keysOf(stack.casework, `case-${ids.direct}`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((k) => k.kept !== false)).toEqual([]);
  });

  it('the hotline supervisor erases a closed counselling contact; an open one and a counsellor are refused', async () => {
    const contact = await getContact(ids.counselling!, tok.supervisor);
    const paths = secretPaths(contact.body);
    expect(paths).toHaveLength(4);

    const byCounsellor = await eraseContact(ids.counselling!, tok.counsellor, contact.version!);
    expect({ status: byCounsellor.status, code: (byCounsellor.body as Problem).code }).toEqual({
      status: 403,
      code: 'AUTH.ROLE_NOT_ALLOWED',
    });
    const open = expectStatus(
      await stack.intake.post<Contact>(
        '/api/v1/contacts',
        {
          channel: 'phone_111',
          receivedAt: minutesAgo(5),
          purpose: 'report',
          concerns: ['neglect'],
          incidentCommuneCode: A,
          children: [{ sex: 'male', ageYears: 8, name: openChild }],
        },
        { token: tok.counsellor },
      ),
      201,
      'record an open report',
    );
    ids.open = open.body.id;
    const openRefused = await eraseContact(open.body.id, tok.supervisor, open.version!);
    expect({ status: openRefused.status, code: (openRefused.body as Problem).code }).toEqual({
      status: 409,
      code: 'CONTACT.NOT_CLOSED',
    });
    expect((openRefused.body as Problem).detail).toMatch(/close it first/i);
    expect((await getContact(open.body.id)).body.children[0].name).toBe(openChild);

    // Every basis names its document, at the hotline too.
    const noReference = await eraseContact(ids.counselling!, tok.supervisor, contact.version!, {
      basis: 'subject_request',
      reference: null,
    });
    expect({ status: noReference.status, code: (noReference.body as Problem).code }).toEqual({
      status: 422,
      code: 'ERASURE.REFERENCE_REQUIRED',
    });
    const res = expectStatus(
      await eraseContact(ids.counselling!, tok.supervisor, contact.version!, {
        basis: 'subject_request',
        reference: 'YC-2026-019',
      }),
      200,
      'contact erasure',
    );
    expect(res.version).toBe(contact.version! + 1);
    const after = (await getContact(ids.counselling!, tok.supervisor)).body;
    expect(leaks(JSON.stringify(after))).toEqual([]);
    expect(erasedAt(after, paths)).toEqual(allErased(paths));
    expect(await search(AdminUnits.fold(counselChild))).toEqual([]);
    const events = await stack.intake.query<{ type: string }>(
      `SELECT type FROM es_events WHERE stream_id = $1 ORDER BY stream_version`,
      [`contact-${ids.counselling}`],
    );
    expect(events.map((e) => e.type).slice(-1)).toEqual(['PersonalDataErased']);
    // Asked again: nothing more to erase, the same version, no second event.
    const again = expectStatus(
      await eraseContact(ids.counselling!, tok.supervisor, res.version!),
      200,
      'second contact erasure',
    );
    expect(again.version).toBe(res.version);
    expect(
      await count(
        stack.intake,
        `SELECT count(*)::int AS n FROM es_events WHERE stream_id = $1 AND type = 'PersonalDataErased'`,
        [`contact-${ids.counselling}`],
      ),
    ).toBe(1);
    const erasedKeys = await keysOf(stack.intake, `contact-${ids.counselling}`);
    expect(erasedKeys.length).toBeGreaterThan(0);
    expect(erasedKeys.filter((k) => k.kept !== false)).toEqual([]);
    // The open report's keys, erased by nobody, are all there.
    const openKeys = await keysOf(stack.intake, `contact-${open.body.id}`);
    expect(openKeys.length).toBeGreaterThan(0);
    expect(openKeys.filter((k) => k.kept !== true)).toEqual([]);
  });

  it('leaves the statistics of the commune and the province exactly as they were', async () => {
    expect(statsBefore).toBeDefined(); // taken before the erasures
    expect(erasedVersion).toBeGreaterThan(0); // and the case was erased (else this would prove nothing)
    await settle();
    const after = { commune: await statistics(A), province: await statistics(P) };
    expect(after.commune.indicators).toEqual(statsBefore.commune.indicators);
    expect(after.province.indicators).toEqual(statsBefore.province.indicators);
  });

  it('a command repeated with its Idempotency-Key after the erasure answers [erased], not the texts it first answered', async () => {
    expect(erasedVersion).toBeGreaterThan(0); // the erasure above succeeded
    const first = stack.casework.keyed.find(
      (k) => k.path === `/api/v1/cases/${ids.case}/initial-assessment` && k.status === 200,
    );
    expect(first).toBeDefined();
    const replay = await stack.casework.post<CaseView>(first!.path, first!.body, {
      token: first!.token,
      headers: first!.headers,
    });
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(leaks(JSON.stringify(replay.body))).toEqual([]);
    expect(JSON.stringify(replay.body)).toContain(ERASED);
    // The replay answers the case at the version the command left it, read again from the store as any read
    // is: what was erased since reads as erased.
    expect(first!.version).toBeLessThan(erasedVersion);
    expect(replay.body.version).toBe(first!.version);
  });

  it('and after it all, still no marker in any log, Kafka message, table or stored page', async () => {
    await settle();
    const found = [
      ...logLeaks(),
      ...kafkaLeaks(await allMessages()),
      ...tableLeaks('intake', await stack.intake.dumpTables()),
      ...tableLeaks('casework', await stack.casework.dumpTables()),
      ...tableLeaks('reporting', await stack.reporting.dumpTables()),
      ...(await rawPageLeaks()),
    ];
    expect(found).toEqual([]);
  }, 120_000);
});
