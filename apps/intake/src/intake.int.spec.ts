import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { AdminUnits } from '@cp/admin-units';
import type { AuthUser } from '@cp/auth';
import {
  ERASED,
  type CaseOpenedV1,
  type CaseUpdatedV1,
  type IntegrationEnvelope,
  type ReportReferredV1,
} from '@cp/contracts';
import { EventStore, LocalKeyWrapper, PersonalDataVault } from '@cp/event-store';
import type { Logger } from '@cp/observability';
import { CONFIG, LOGGER, MessagingLifecycle, openDatabase } from '@cp/platform';
import { createTestDatabase } from '@cp/testing';
import { Test, type TestingModule } from '@nestjs/testing';
import { CommandBus, CqrsModule, QueryBus } from '@nestjs/cqrs';
import { loadConfig, type IntakeConfig } from './config';
import { FollowUpWatcher } from './follow-up-watcher/follow-up-watcher';
import { CONTACT_PROVIDERS } from './intake.providers';
import { CaseFeedbackConsumer } from './integration/case-feedback.consumer';
import { openIndexedChildren, type StoredIndexedChild } from './read/contact-index';
import { ContactIndexRebuild } from './read/contact-index-rebuild';
import { INTAKE_MIGRATIONS } from './read/contact-index.migrations';
import { ContactReader } from './read/contact-reader';
import { CloseContactCommand } from './stages/closure/close-contact.command';
import { EraseContactCommand } from './stages/erasure/erase-contact.command';
import { ClockPoliciesQuery, FollowUpsQuery } from './stages/follow-up/follow-up.queries';
import { RecordContactCommand } from './stages/record-contact/record-contact.command';
import type { RecordContactDto } from './stages/record-contact/record-contact.dto';
import { LinkReportToCaseCommand, ReferReportCommand } from './stages/referral/referral.commands';
import {
  DraftDuplicatesQuery,
  ListContactsQuery,
  PossibleDuplicatesQuery,
} from './stages/search-and-duplicates/search.queries';
import { GetContactQuery } from './stages/view-contact/view-contact.queries';
import { contactPersonalFields } from './write/personal-data';
import { openReferralIdentity } from '@cp/messaging';

// The intake service against a real PostgreSQL: the contact index follows every command, work lists,
// repeat callers, possible duplicates, repeat reports and follow-up alerts. Kafka is not part of this
// test: outbox rows are written and nobody relays them; case feedback is handed to the consumer method.
// The commands and queries go over the CQRS buses to the handlers the service runs (intake.providers.ts).

const COMMUNE = '00004';
const counsellor: AuthUser = { sub: 'counsellor-1', name: 'C', roles: ['hotline_counsellor'], units: ['VN'] };
const other: AuthUser = { sub: 'counsellor-2', name: 'D', roles: ['hotline_counsellor'], units: ['VN'] };
const silent = { info: () => undefined, error: () => undefined, warn: () => undefined } as unknown as Logger;

let db: Awaited<ReturnType<typeof createTestDatabase>>;
let ds: DataSource;
let store: EventStore;
let vault: PersonalDataVault;
let app: TestingModule;
let contacts: ReturnType<typeof overTheBuses>;
let config: IntakeConfig;

beforeAll(async () => {
  db = await createTestDatabase('intake_service');
  ds = await openDatabase(db.url, INTAKE_MIGRATIONS, 10);
  vault = new PersonalDataVault(
    new LocalKeyWrapper([{ kid: 'test', key: randomBytes(32) }]),
    randomBytes(32),
  );
  store = new EventStore(ds, vault);
  store.usePersonalDataPolicy(contactPersonalFields);
  // Urgent referrals are due 60 ms after referral, so the follow-up can be watched without waiting.
  config = loadConfig({
    CP_DEVELOPMENT: '1',
    DATABASE_URL: db.url,
    FOLLOW_UP_URGENT_MINUTES: '0.001',
    FOLLOW_UP_SCAN_MS: '0',
    FOLLOW_UP_GRACE_MS: '0',
  });
  app = await Test.createTestingModule({
    imports: [CqrsModule.forRoot()],
    providers: [
      ...CONTACT_PROVIDERS,
      { provide: EventStore, useValue: store },
      { provide: PersonalDataVault, useValue: vault },
      { provide: AdminUnits, useValue: AdminUnits.load() },
      { provide: MessagingLifecycle, useValue: { producesTo: () => undefined, consume: () => undefined } },
      { provide: LOGGER, useValue: silent },
      { provide: CONFIG, useValue: config },
    ],
  }).compile();
  await app.init();
  contacts = overTheBuses(app);
});

/** The service's operations as the controllers send them: commands and queries on the buses. */
function overTheBuses(m: TestingModule) {
  const commands = m.get(CommandBus);
  const queries = m.get(QueryBus);
  const reader = m.get(ContactReader);
  type Args<C extends abstract new (...a: never[]) => unknown> = ConstructorParameters<C>;
  return {
    record: (...a: Args<typeof RecordContactCommand>) => commands.execute(new RecordContactCommand(...a)),
    refer: (...a: Args<typeof ReferReportCommand>) => commands.execute(new ReferReportCommand(...a)),
    linkToCase: (...a: Args<typeof LinkReportToCaseCommand>) =>
      commands.execute(new LinkReportToCaseCommand(...a)),
    close: (...a: Args<typeof CloseContactCommand>) => commands.execute(new CloseContactCommand(...a)),
    erase: (...a: Args<typeof EraseContactCommand>) => commands.execute(new EraseContactCommand(...a)),
    getFor: (...a: Args<typeof GetContactQuery>) => queries.execute(new GetContactQuery(...a)),
    get: (contactId: string) => reader.get(contactId),
    list: (...a: Args<typeof ListContactsQuery>) => queries.execute(new ListContactsQuery(...a)),
    followUps: () => queries.execute(new FollowUpsQuery()),
    clockPolicies: () => queries.execute(new ClockPoliciesQuery()),
    possibleDuplicates: (...a: Args<typeof PossibleDuplicatesQuery>) =>
      queries.execute(new PossibleDuplicatesQuery(...a)),
    draftDuplicates: (...a: Args<typeof DraftDuplicatesQuery>) =>
      queries.execute(new DraftDuplicatesQuery(...a)),
    rebuildIndex: (onlyIfEmpty: boolean) => m.get(ContactIndexRebuild).rebuild(onlyIfEmpty),
  };
}

afterAll(async () => {
  await app?.close();
  await ds?.destroy();
  await db?.drop();
});

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

const report = (patch: Partial<RecordContactDto> = {}): RecordContactDto => ({
  channel: 'phone_111',
  receivedAt: minutesAgo(5),
  purpose: 'report',
  concerns: ['violence'],
  incidentCommuneCode: COMMUNE,
  immediateDanger: false,
  children: [{ sex: 'female', ageYears: 9, name: 'Nguyễn Thị Hoà' }],
  notes: 'Hàng xóm nghe tiếng khóc mỗi tối',
  ...patch,
});

/** Case feedback as casework would publish it, handed straight to the consumer's handler. */
function feedback(env: Partial<IntegrationEnvelope> & Pick<IntegrationEnvelope, 'type' | 'data'>) {
  const full = {
    eventId: randomUUID(),
    schemaVersion: 1,
    aggregateId: (env.data as { caseId: string }).caseId,
    aggregateVersion: 1,
    occurredAt: new Date().toISOString(),
    producer: 'casework',
    correlationId: randomUUID(),
    causationId: null,
    actor: { id: 'system:casework', roles: ['system'], unit: COMMUNE },
    ...env,
  } as IntegrationEnvelope;
  return app.get(CaseFeedbackConsumer).onCaseEvent(full, store.sql);
}

async function referredWithCase(dto: RecordContactDto, urgent: boolean) {
  const { view } = await contacts.record(counsellor, dto);
  const referred = await contacts.refer(counsellor, view.id, { communeCode: COMMUNE, urgent }, 1);
  const caseId = randomUUID();
  const opened: Partial<CaseOpenedV1> = {
    caseId,
    source: { kind: 'hotline_referral', contactId: view.id, referralId: referred.view.referral!.referralId },
    status: 'received',
  };
  await feedback({ type: 'CaseOpened', data: opened });
  return { contactId: view.id, caseId };
}

it('closes a counselling contact with its outcome; it can never be referred', async () => {
  const { view } = await contacts.record(counsellor, {
    ...report(),
    purpose: 'counselling',
    children: [],
    concerns: [],
  });
  const closed = await contacts.close(counsellor, view.id, { outcome: 'counselled' }, 1);
  expect(closed.view).toMatchObject({ status: 'closed', closure: { outcome: 'counselled' } });
  await expect(contacts.refer(counsellor, view.id, { communeCode: COMMUNE }, 2)).rejects.toMatchObject({
    code: 'CONTACT.NOT_A_REPORT',
  });
  const [row] = await ds.query(`SELECT status, outcome, referral_id FROM in_contacts WHERE contact_id = $1`, [
    view.id,
  ]);
  expect(row).toEqual({ status: 'closed', outcome: 'counselled', referral_id: null });
});

it('raises one follow-up alert for an urgent referral no commune took up, none for one taken up', async () => {
  const late = await referredWithCase(report(), true);
  const taken = await referredWithCase(report({ children: [{ sex: 'male', ageYears: 4 }] }), true);
  const assigned: Partial<CaseUpdatedV1> = {
    caseId: taken.caseId,
    contactId: taken.contactId,
    status: 'assessing',
    deadlines: [],
  };
  await feedback({ type: 'CaseWorkerAssigned', data: assigned, aggregateVersion: 2 });
  await new Promise((r) => setTimeout(r, 100));
  const watcher = app.get(FollowUpWatcher);
  const raised = await Promise.all([watcher.scan(), watcher.scan()]);
  expect(raised.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1);
  expect(await watcher.scan()).toBe(0);
  const events = await store.readStream(`contact-${late.contactId}`);
  expect(events.filter((e) => e.type === 'FollowUpAlertRaised')).toHaveLength(1);
  const list = await contacts.followUps();
  expect(list.map((c) => c.id)).toContain(late.contactId);
  expect(list.map((c) => c.id)).not.toContain(taken.contactId);
  const view = await contacts.get(taken.contactId);
  expect(view.referral).toMatchObject({
    caseState: 'open',
    caseOverdue: false,
    alertRaisedAt: null,
  });
  // Status-level only: the stage and the step would tell what happened to the child.
  expect(JSON.stringify(view.referral)).not.toMatch(/assessing|CaseWorkerAssigned|caseStatus|caseStep/);
  expect(view.referral!.acknowledgedAt).not.toBeNull();
});

it('recognises a repeat caller by a keyed digest of the number, however it is written', async () => {
  const reporter = { anonymous: false, name: 'Trần Văn Bình', consentToContact: true };
  const first = await contacts.record(
    counsellor,
    report({ reporter: { ...reporter, phone: '0912 345 678' } }),
  );
  const second = await contacts.record(
    counsellor,
    report({ reporter: { ...reporter, phone: '+84912345678' } }),
  );
  const view = await contacts.get(second.view.id);
  expect(view.repeatCaller).toMatchObject({ earlierContacts: 1 });
  const third = await contacts.record(
    counsellor,
    report({ reporter: { ...reporter, phone: '0084 0912-345-678' } }),
  );
  expect((await contacts.get(third.view.id)).repeatCaller).toMatchObject({ earlierContacts: 2 });
  const keys: Array<{ caller_key: string }> = await ds.query(
    `SELECT caller_key FROM in_contacts WHERE contact_id = ANY($1)`,
    [[first.view.id, second.view.id, third.view.id]],
  );
  expect(new Set(keys.map((k) => k.caller_key)).size).toBe(1);
  expect(keys[0].caller_key).not.toMatch(/912/);
  const anonymous = await contacts.record(
    counsellor,
    report({ reporter: { anonymous: true, consentToContact: false } }),
  );
  expect((await contacts.get(anonymous.view.id)).repeatCaller).toEqual({ earlierContacts: 0, lastAt: null });
});

it('shows an earlier report about the same child and adds the new report to its case', async () => {
  const first = await referredWithCase(
    report({ children: [{ sex: 'female', ageYears: 11, name: 'Lê Thị Mai Anh' }] }),
    false,
  );
  const again = await contacts.record(
    other,
    report({
      children: [{ sex: 'female', ageYears: 12, name: 'le thi mai anh' }],
      receivedAt: minutesAgo(1),
    }),
  );
  const candidates = await contacts.possibleDuplicates(again.view.id);
  expect(candidates[0]).toMatchObject({ contactId: first.contactId, caseId: first.caseId });
  expect(candidates[0].reasons).toEqual(['same name', 'ages 1 year apart', 'same commune']);
  await expect(
    contacts.linkToCase(other, again.view.id, { caseId: randomUUID(), reason: 'same child' }, 1),
  ).rejects.toMatchObject({ code: 'CONTACT.UNKNOWN_CASE' });
  const linked = await contacts.linkToCase(
    other,
    again.view.id,
    { caseId: first.caseId, reason: 'Same girl, same school' },
    1,
  );
  expect(linked.view).toMatchObject({ status: 'linked', linkedCase: { caseId: first.caseId } });
  const outbox: Array<{ payload: { type: string; data: { caseId: string } } }> = await ds.query(
    `SELECT payload FROM es_outbox WHERE message_key = $1`,
    [again.view.id],
  );
  expect(outbox.map((o) => [o.payload.type, o.payload.data.caseId])).toEqual([
    ['ReportLinkedToCase', first.caseId],
  ]);
});

it('filters the work list by purpose, text without diacritics, mine and awaiting acknowledgement', async () => {
  const mine = await contacts.record(
    other,
    report({ children: [{ sex: 'male', ageYears: 6, name: 'Phạm Đức Thắng' }] }),
  );
  await contacts.refer(other, mine.view.id, { communeCode: COMMUNE }, 1);
  const byText = await contacts.list(counsellor, { q: 'pham duc thang' });
  expect(byText.items.map((c) => c.id)).toEqual([mine.view.id]);
  // The search's words come back as their keyed digests only, for the access trail.
  expect(byText.blindTokens).toHaveLength(3);
  expect(byText.blindTokens!.every((t) => /^[A-Za-z0-9_-]{22}$/.test(t))).toBe(true);
  expect(byText.blindTokens!.filter((t) => ['pham', 'duc', 'thang'].includes(t.toLowerCase()))).toEqual([]);
  const awaiting = (await contacts.list(other, { mine: 'true', awaitingAcknowledgement: 'true' })).items;
  expect(awaiting.map((c) => c.id)).toContain(mine.view.id);
  expect(awaiting.every((c) => c.referredBy === 'counsellor-2' || c.recordedBy === 'counsellor-2')).toBe(
    true,
  );
  const { items: counselling, blindTokens } = await contacts.list(counsellor, { purpose: 'counselling' });
  expect(blindTokens).toBeNull();
  expect(counselling.every((c) => c.purpose === 'counselling')).toBe(true);
  expect(counselling.length).toBeGreaterThan(0);
});

it('rebuilds the contact index from the events, with who recorded and who referred', async () => {
  const { view } = await contacts.record(other, report());
  await contacts.refer(counsellor, view.id, { communeCode: COMMUNE }, 1);
  const before: unknown[] = await ds.query(`SELECT * FROM in_contacts ORDER BY contact_id`);
  await ds.query(`DELETE FROM in_contacts`);
  expect(await contacts.rebuildIndex(true)).toBeGreaterThan(0);
  const after: Array<Record<string, unknown>> = await ds.query(
    `SELECT * FROM in_contacts ORDER BY contact_id`,
  );
  // Names are sealed afresh at every write (a new nonce): compare them opened.
  const stable = async (rows: Array<Record<string, unknown>>) => {
    const children = await openIndexedChildren(
      vault,
      rows.map((r) => ({ contactId: String(r.contact_id), children: r.children as StoredIndexedChild[] })),
      ds,
    );
    return rows.map((r, i) => ({ ...r, updated_at: null, children: children[i] }));
  };
  expect(await stable(after)).toEqual(await stable(before as Array<Record<string, unknown>>));
  expect(JSON.stringify(after)).not.toMatch(/pham|thang/i);
  expect(after.find((r) => r.contact_id === view.id)).toMatchObject({
    recorded_by: 'counsellor-2',
    referred_by: 'counsellor-1',
  });
});

describe('erasing a contact’s personal data', () => {
  /** A hotline supervisor's request, as the controller builds it. */
  const supervisorCommand = () => ({
    commandId: randomUUID(),
    correlationId: randomUUID(),
    causationId: null,
    actor: { id: 'sup-1', roles: ['hotline_supervisor'], unit: 'VN' },
    now: new Date().toISOString(),
  });

  const secret = {
    child: 'Trịnh Văn Khải',
    reporter: 'Đỗ Thị Lệ',
    phone: '0987 654 321',
    address: 'Số 7 ngõ Trạm',
    notes: 'Cháu bị đánh bằng roi mây',
  };
  const named = () =>
    report({
      children: [{ sex: 'male', ageYears: 10, name: secret.child, birthDate: '2016-03-04' }],
      reporter: {
        anonymous: false,
        name: secret.reporter,
        phone: secret.phone,
        address: secret.address,
        consentToContact: true,
      },
      notes: secret.notes,
    });
  const plain = (text: string) =>
    [secret.child, secret.reporter, secret.address, secret.notes, '987654321'].filter((s) =>
      text.includes(s),
    );

  it('stores every personal field sealed, and reads it back for the hotline', async () => {
    const { view } = await contacts.record(counsellor, named());
    expect(view.children[0]).toMatchObject({ name: secret.child, birthDate: '2016-03-04' });
    expect(view.reporter).toMatchObject({ name: secret.reporter, phone: secret.phone });
    const rows = await ds.query(`SELECT data::text AS d FROM es_events WHERE stream_id = $1`, [
      `contact-${view.id}`,
    ]);
    const stored = rows.map((r: { d: string }) => r.d).join('\n');
    expect(plain(stored)).toEqual([]);
    expect(stored).toContain('"$sealed": "A256GCM"');
    const index = JSON.stringify(
      await ds.query(`SELECT * FROM in_contacts WHERE contact_id = $1`, [view.id]),
    );
    expect(plain(index)).toEqual([]);
    expect((await contacts.list(counsellor, { q: 'trinh van khai' })).items.map((c) => c.id)).toEqual([
      view.id,
    ]);
  });

  it('refuses an open contact, then erases a closed one: [erased] everywhere, chain intact, keys destroyed', async () => {
    const { view } = await contacts.record(counsellor, named());
    const metadata = supervisorCommand();
    await expect(
      contacts.erase(view.id, { basis: 'subject_request', reference: 'ĐN-12/2026' }, metadata),
    ).rejects.toMatchObject({ code: 'CONTACT.NOT_CLOSED' });
    // Every erasure names the document it rests on.
    await expect(
      contacts.erase(view.id, { basis: 'subject_request', reference: null }, metadata),
    ).rejects.toMatchObject({ code: 'ERASURE.REFERENCE_REQUIRED' });
    await contacts.close(
      counsellor,
      view.id,
      { outcome: 'no_action_needed', note: `Gọi lại cho ${secret.reporter}` },
      1,
    );
    const erased = await contacts.erase(
      view.id,
      { basis: 'subject_request', reference: 'ĐN-12/2026' },
      { ...metadata, commandId: randomUUID() },
      { expectedVersion: 2 },
    );
    expect(erased.appended).toBe(1);
    const after = await contacts.get(view.id);
    expect(after.children[0]).toMatchObject({ name: '[erased]', birthDate: '[erased]', ageYears: 10 });
    expect(after.reporter).toMatchObject({ name: '[erased]', phone: '[erased]', address: '[erased]' });
    expect(after).toMatchObject({ notes: '[erased]', closure: { note: '[erased]' } });
    expect(after.erasure).toMatchObject({ viaCaseId: null });
    expect(plain(JSON.stringify(after))).toEqual([]);
    // The same answer from a fresh replay of the stored events as from the state that erased them.
    expect(after.children).toEqual(erased.view.children);
    expect(await store.verifyStream(`contact-${view.id}`)).toMatchObject({ ok: true, events: 3 });
    const keys: Array<{ subject_id: string; wrapped_key: string | null }> = await ds.query(
      `SELECT subject_id, wrapped_key FROM pd_subject_keys WHERE subject_id = ANY($1)`,
      [[`reporter:${view.id}`, `contact:${view.id}`, `child:${view.children[0].childRef}`]],
    );
    expect(keys).toHaveLength(3);
    expect(keys.every((k) => k.wrapped_key === null)).toBe(true);
    expect((await contacts.list(counsellor, { q: 'trinh van khai' })).items.map((c) => c.id)).not.toContain(
      view.id,
    );
    const [row] = await ds.query(
      `SELECT caller_key, search_tokens, children FROM in_contacts WHERE contact_id = $1`,
      [view.id],
    );
    expect(row).toMatchObject({ caller_key: null, search_tokens: [] });
    expect(row.children[0].name).toBeNull();
    // Asked again (a redelivered request): nothing more happens.
    const again = await contacts.erase(
      view.id,
      { basis: 'subject_request', reference: 'ĐN-12/2026' },
      { ...metadata, commandId: randomUUID() },
    );
    expect(again.appended).toBe(0);
    const published: Array<{ payload: { type: string; data: Record<string, unknown> } }> = await ds.query(
      `SELECT payload FROM es_outbox WHERE message_key = $1 ORDER BY id`,
      [view.id],
    );
    expect(published.map((p) => p.payload.type)).toEqual(['ContactClosed', 'PersonalDataErased']);
    expect(published[1].payload.data).toMatchObject({
      recordKind: 'contact',
      recordId: view.id,
      basis: 'subject_request',
      subjects: 3,
    });
    expect(plain(JSON.stringify(published))).toEqual([]);
  });

  it('follows a case’s erasure published before the per-basis rule (whole), and refuses one asked at the hotline while the case is open', async () => {
    const first = await referredWithCase(named(), false);
    const metadata = supervisorCommand();
    await expect(
      contacts.erase(first.contactId, { basis: 'subject_request', reference: 'ĐN-13/2026' }, metadata),
    ).rejects.toMatchObject({ code: 'CONTACT.CASE_OPEN' });
    const update: Partial<CaseUpdatedV1> = {
      caseId: first.caseId,
      contactId: first.contactId,
      status: 'closed',
      deadlines: [],
      details: {
        erasureId: randomUUID(),
        basis: 'retention_expired',
        reference: null,
        contactIds: [first.contactId],
      },
    };
    await feedback({ type: 'PersonalDataErased', data: update, aggregateVersion: 9 });
    const after = await contacts.get(first.contactId);
    expect(after.children[0].name).toBe('[erased]');
    expect(after.erasure).toMatchObject({ viaCaseId: first.caseId });
    // Redelivered: still one erasure.
    await feedback({ type: 'PersonalDataErased', data: update, aggregateVersion: 9 });
    const types = (await store.readStream(`contact-${first.contactId}`)).map((e) => e.type);
    expect(types.filter((t) => t === 'PersonalDataErased')).toHaveLength(1);
  });

  it('erases per data subject after a case’s erasure, and applies the case’s retention and hold at the hotline', async () => {
    const first = await referredWithCase(named(), false);
    // Another caller reports the same child again: a repeat report linked to the case.
    const otherCaller = { name: 'Phan Văn Tư', phone: '0911 222 333' };
    const { view: repeat } = await contacts.record(
      other,
      report({
        children: [{ sex: 'male', ageYears: 10, name: secret.child }],
        reporter: { anonymous: false, ...otherCaller, consentToContact: true },
        notes: 'Lại nghe tiếng khóc',
      }),
    );
    await contacts.linkToCase(other, repeat.id, { caseId: first.caseId, reason: 'Cùng bé' }, 1);
    const hour = 3_600_000;
    const closedAt = new Date(Date.now() - hour).toISOString();
    const step = (type: string, over: Partial<CaseUpdatedV1>, version: number) =>
      feedback({
        type,
        aggregateVersion: version,
        data: {
          caseId: first.caseId,
          contactId: first.contactId,
          status: 'closed',
          deadlines: [],
          closedAt,
          retentionEndsAt: new Date(Date.now() + 24 * hour).toISOString(),
          legalHold: false,
          details: {},
          ...over,
        } satisfies Partial<CaseUpdatedV1>,
      });
    const atHotline = (basis: 'subject_request' | 'court_order') =>
      contacts.erase(repeat.id, { basis, reference: 'ĐN-14/2026' }, supervisorCommand());

    // The case closed, kept one day more: the repeat report's caller is not erased yet, nor under hold.
    await step('CaseClosed', {}, 5);
    const early = await atHotline('subject_request').catch((e: unknown) => e);
    expect(early).toMatchObject({ code: 'ERASURE.RETENTION_NOT_ELAPSED' });
    expect((early as { extra: { retentionEndsAt: string } }).extra.retentionEndsAt).toBeDefined();
    await step('LegalHoldPlaced', { legalHold: true }, 6);
    await expect(atHotline('court_order')).rejects.toMatchObject({ code: 'ERASURE.LEGAL_HOLD' });
    await step('LegalHoldReleased', { legalHold: false }, 7);
    // The repeat report heard each step of the case that changes its erasure (through the index).
    expect((await contacts.get(repeat.id)).caseRecord).toMatchObject({
      caseId: first.caseId,
      closedAt,
      legalHold: false,
    });

    // The child's own request, approved in casework: in both contacts the child and what was told of
    // them; neither caller's identity.
    const firstChild = (await contacts.get(first.contactId)).children[0].childRef;
    const repeatChild = (await contacts.get(repeat.id)).children[0].childRef;
    await step(
      'PersonalDataErased',
      {
        details: {
          erasureId: randomUUID(),
          basis: 'subject_request',
          contactIds: [first.contactId, repeat.id],
          cascade: [
            { contactId: first.contactId, childRefs: [firstChild], narrative: true, reporter: false },
            { contactId: repeat.id, childRefs: [repeatChild], narrative: true, reporter: false },
          ],
        },
      },
      8,
    );
    const firstAfter = await contacts.get(first.contactId);
    const repeatAfter = await contacts.get(repeat.id);
    for (const c of [firstAfter, repeatAfter]) {
      expect(c.children[0].name).toBe('[erased]');
      expect(c.notes).toBe('[erased]');
    }
    expect(firstAfter.reporter).toMatchObject({ name: secret.reporter, phone: secret.phone });
    expect(repeatAfter.reporter).toMatchObject(otherCaller);
    expect((await contacts.list(counsellor, { q: 'trinh van khai' })).items.map((c) => c.id)).toEqual(
      expect.not.arrayContaining([first.contactId, repeat.id]),
    );
    const kept: Array<{ subject_id: string; erased: boolean }> = await ds.query(
      `SELECT subject_id, wrapped_key IS NULL AS erased FROM pd_subject_keys WHERE subject_id = ANY($1)
       ORDER BY subject_id`,
      [[`reporter:${repeat.id}`, `contact:${repeat.id}`, `child:${repeatChild}`]],
    );
    expect(Object.fromEntries(kept.map((k) => [k.subject_id.split(':')[0], k.erased]))).toEqual({
      child: true,
      contact: true,
      reporter: false,
    });

    // The other caller's own request, on a court order before the retention ends: their identity only.
    const own = await atHotline('court_order');
    expect(own.appended).toBe(1);
    expect(own.view.reporter).toMatchObject({ name: '[erased]', phone: '[erased]' });
    expect((await contacts.get(first.contactId)).reporter).toMatchObject({ name: secret.reporter });
  });
});

describe('Mẫu 01: parents, carers, family situation and the alleged abuser', () => {
  const words = {
    mother: 'Đặng Thị Quyên',
    occupation: 'bán hàng rong',
    family: 'Bố đi làm xa, mẹ một mình nuôi ba con',
    abuser: 'Tạ Văn Lực',
    abuserNote: 'chú dượng hay say rượu',
  };
  // Recorded as the child's carer, and answered back as it was recorded.
  const mother = {
    relation: 'mother' as const,
    currentCarer: true,
    name: words.mother,
    ageYears: 38,
    occupation: words.occupation,
  };

  it('stores them sealed, answers them to the hotline, and erases them with the contact', async () => {
    const { view } = await contacts.record(
      counsellor,
      report({
        concerns: ['drowning', 'child_marriage'],
        children: [
          {
            sex: 'female',
            ageYears: 14,
            name: 'Nguyễn Thị Mai',
            familySituation: words.family,
            carers: [mother],
          },
        ],
        allegedAbusers: [
          { relation: 'step_parent', sex: 'male', name: words.abuser, description: words.abuserNote },
        ],
      }),
    );
    expect(view.concerns).toEqual(['drowning', 'child_marriage']);
    expect(view.children[0]).toMatchObject({
      familySituation: words.family,
      carers: [mother],
    });
    expect(view.allegedAbusers).toEqual([
      {
        relation: 'step_parent',
        sex: 'male',
        name: words.abuser,
        ageYears: null,
        description: words.abuserNote,
      },
    ]);
    const rows = await ds.query(`SELECT data::text AS d FROM es_events WHERE stream_id = $1`, [
      `contact-${view.id}`,
    ]);
    const stored = rows.map((r: { d: string }) => r.d).join('\n');
    expect(Object.values(words).filter((w) => stored.includes(w))).toEqual([]);
    expect(stored).not.toContain('step_parent');

    await contacts.close(counsellor, view.id, { outcome: 'no_action_needed' }, undefined);
    const { view: erased } = await contacts.erase(
      view.id,
      { basis: 'subject_request', reference: '15/QĐ-UBND' },
      {
        commandId: randomUUID(),
        correlationId: randomUUID(),
        causationId: null,
        actor: { id: 'sup-1', roles: ['hotline_supervisor'], unit: 'VN' },
        now: new Date().toISOString(),
      },
    );
    expect(erased.children[0].carers[0]).toMatchObject({
      name: ERASED,
      ageYears: ERASED,
      occupation: ERASED,
    });
    expect(erased.children[0].familySituation).toBe(ERASED);
    expect(erased.allegedAbusers[0]).toMatchObject({ relation: ERASED, name: ERASED, description: ERASED });
  });
});

describe('the forwarding clock: reports received and not passed on in time', () => {
  it('alerts the supervisor once for a report not referred by its forwarding time, not for one referred', async () => {
    // Received three hours ago: the 2-hour forwarding time of the policy is past.
    const { view: late } = await contacts.record(counsellor, report({ receivedAt: minutesAgo(180) }));
    const { view: sent } = await contacts.record(counsellor, report({ receivedAt: minutesAgo(180) }));
    await contacts.refer(counsellor, sent.id, { communeCode: COMMUNE }, 1);
    // The test's short take-up clock is a development override of the policy, and says so.
    expect(late).toMatchObject({
      clockPolicy: 'hotline-clocks@2017-07-01+development-override',
      forwardingAlertRaisedAt: null,
    });
    expect(Date.parse(late.forwardBy!) - Date.parse(late.receivedAt)).toBe(120 * 60_000);
    const watcher = app.get(FollowUpWatcher);
    await watcher.scan();
    await watcher.scan();
    const events = await store.readStream(`contact-${late.id}`);
    expect(events.filter((e) => e.type === 'ForwardingAlertRaised')).toHaveLength(1);
    const list = await contacts.followUps();
    expect(list.find((c) => c.id === late.id)).toMatchObject({
      alert: 'not_referred',
      forwardBy: late.forwardBy,
    });
    expect(list.map((c) => c.id)).not.toContain(sent.id);
    // The policies can be read: every version, and the one in force (here with the test's override).
    const policies = await contacts.clockPolicies();
    expect(policies.versions.map((p) => p.version)).toContain('hotline-clocks@2017-07-01');
    expect(policies.inForce).toMatchObject({ version: 'hotline-clocks@2017-07-01+development-override' });
    // Referred late: it leaves the list of reports not passed on.
    await contacts.refer(counsellor, late.id, { communeCode: COMMUNE }, 2);
    expect((await contacts.followUps()).find((c) => c.id === late.id)?.alert).not.toBe('not_referred');
  });
});

describe('the duplicate search on a form not yet recorded', () => {
  it("answers the caller's earlier contacts and the reports about the same child, bounded, storing nothing", async () => {
    const phone = '0913 222 444';
    const { view: earlier } = await contacts.record(
      counsellor,
      report({
        children: [{ sex: 'male', ageYears: 10, name: 'Phạm Quốc Huy' }],
        reporter: { anonymous: false, name: 'Lý Thị Hạnh', phone, consentToContact: true },
      }),
    );
    const before = await ds.query(`SELECT count(*)::int AS n FROM es_events`);
    const { result, blindTokens } = await contacts.draftDuplicates({
      children: [{ name: 'pham quoc huy', ageYears: 10 }],
      incidentCommuneCode: COMMUNE,
      reporterPhone: '+84 913 222 444',
    });
    expect(result.repeatCaller.earlierContacts).toBe(1);
    expect(result.repeatCaller.contacts.map((c) => c.contactId)).toEqual([earlier.id]);
    expect(result.duplicates[0]).toMatchObject({ contactId: earlier.id, childIndex: 0 });
    expect(result.duplicates[0].reasons).toContain('same name');
    // No name, no number in the answer or in what the trail keeps; nothing recorded.
    expect(JSON.stringify(result)).not.toMatch(/huy|913|Hạnh/i);
    expect(blindTokens.every((t) => /^[A-Za-z0-9_-]{22}$/.test(t))).toBe(true);
    expect(blindTokens).toHaveLength(4);
    expect(await ds.query(`SELECT count(*)::int AS n FROM es_events`)).toEqual(before);
  });

  it('needs something to search with, naming the field', async () => {
    await expect(contacts.draftDuplicates({ children: [{}] })).rejects.toMatchObject({
      code: 'CONTACT.SEARCH_EMPTY',
      extra: { field: 'children' },
    });
    await expect(
      contacts.draftDuplicates({ children: [{ ageYears: 3 }], incidentCommuneCode: '99999' }),
    ).rejects.toMatchObject({ code: 'CONTACT.UNKNOWN_COMMUNE' });
  });
});

describe("the child's identity travels sealed to the commune that carries the case", () => {
  const published = async (contactId: string) => {
    const rows: Array<{ payload: { type: string; data: ReportReferredV1 } }> = await ds.query(
      `SELECT payload FROM es_outbox WHERE message_key = $1 AND payload->>'type' = 'ReportReferred'`,
      [contactId],
    );
    return rows[0].payload.data;
  };

  it('carries names, carers and the reporter who gave their details, never in clear', async () => {
    const { view } = await contacts.record(
      counsellor,
      report({
        children: [
          {
            sex: 'male',
            ageYears: 7,
            name: 'Lương Minh Khôi',
            address: 'Thôn Đông, xã Yên Lạc',
            carers: [{ relation: 'grandparent', currentCarer: true, name: 'Lương Văn Bình' }],
          },
        ],
        reporter: { anonymous: false, name: 'Cô giáo Hằng', phone: '0904 555 666', consentToContact: true },
      }),
    );
    await contacts.refer(
      counsellor,
      view.id,
      { communeCode: COMMUNE, police: { unit: 'Công an xã Yên Lạc', reference: 'CA-7' } },
      1,
    );
    const data = await published(view.id);
    expect(JSON.stringify(data)).not.toMatch(/Khôi|Bình|Hằng|0904|Yên Lạc/);
    const opened = openReferralIdentity(config.referralIdentityKeys, data.referralId, data.identity!);
    expect(opened.children[0]).toMatchObject({ name: 'Lương Minh Khôi', address: 'Thôn Đông, xã Yên Lạc' });
    expect(opened.children[0].carers[0]).toMatchObject({ relation: 'grandparent', name: 'Lương Văn Bình' });
    expect(opened.reporter).toEqual({ name: 'Cô giáo Hằng', phone: '0904 555 666', address: null });
    expect(opened.police).toEqual({ unit: 'Công an xã Yên Lạc', reference: 'CA-7' });
  });

  it('never carries an anonymous reporter', async () => {
    const { view } = await contacts.record(
      counsellor,
      report({ reporter: { anonymous: true, name: 'ignored', consentToContact: false } }),
    );
    await contacts.refer(counsellor, view.id, { communeCode: COMMUNE, recipient: 'health_department' }, 1);
    const data = await published(view.id);
    expect(data.recipient).toBe('health_department');
    expect(
      openReferralIdentity(config.referralIdentityKeys, data.referralId, data.identity!).reporter,
    ).toBeNull();
  });
});

describe('every body that receives reports records the same Mẫu 01 (Decree 56 Art. 25.1)', () => {
  const officer: AuthUser = { sub: 'po-1', name: 'P', roles: ['provincial_officer'], units: ['01'] };
  const worker: AuthUser = { sub: 'cw-1', name: 'W', roles: ['commune_worker'], units: [COMMUNE] };
  const elsewhere: AuthUser = { ...worker, sub: 'cw-2', units: ['26734'] };

  it('a provincial officer records a report of their province, names the body, and refers it', async () => {
    const { view } = await contacts.record(officer, report());
    expect(view.receiver).toEqual({ kind: 'health_department', unit: '01' });
    expect((await contacts.getFor(officer, view.id)).id).toBe(view.id);
    const { view: referred } = await contacts.refer(officer, view.id, { communeCode: COMMUNE }, 1);
    expect(referred.referral).toMatchObject({ recipient: 'commune', communeCode: COMMUNE });
  });

  it('a commune worker records only for their own communes; another commune’s report does not exist for them', async () => {
    const { view } = await contacts.record(worker, report());
    expect(view.receiver).toEqual({ kind: 'commune', unit: COMMUNE });
    await expect(contacts.record(elsewhere, report())).rejects.toMatchObject({
      code: 'CONTACT.OUT_OF_JURISDICTION',
      extra: { field: 'incidentCommuneCode' },
    });
    await expect(contacts.record(worker, report({ incidentCommuneCode: undefined }))).rejects.toMatchObject({
      code: 'CONTACT.FIELD_REQUIRED',
      extra: { field: 'incidentCommuneCode' },
    });
    await expect(
      contacts.record(worker, report({ purpose: 'counselling', children: [], concerns: [] })),
    ).rejects.toMatchObject({ code: 'CONTACT.PURPOSE_NOT_ALLOWED', extra: { field: 'purpose' } });
    await expect(contacts.getFor(elsewhere, view.id)).rejects.toMatchObject({ code: 'CONTACT.NOT_FOUND' });
    await expect(contacts.refer(elsewhere, view.id, { communeCode: COMMUNE }, 1)).rejects.toMatchObject({
      code: 'CONTACT.NOT_FOUND',
    });
    // The hotline's contact of the same commune is the hotline's: it does not exist for the commune.
    const { view: hotline } = await contacts.record(counsellor, report());
    await expect(contacts.getFor(worker, hotline.id)).rejects.toMatchObject({ code: 'CONTACT.NOT_FOUND' });
    // The search stays in its jurisdiction.
    await expect(
      contacts.draftDuplicates({ children: [{ ageYears: 9 }], incidentCommuneCode: COMMUNE }, elsewhere),
    ).rejects.toMatchObject({ code: 'CONTACT.OUT_OF_JURISDICTION' });
    const { result } = await contacts.draftDuplicates(
      { children: [{ name: 'Nguyễn Thị Hoà', ageYears: 9 }], incidentCommuneCode: COMMUNE },
      worker,
    );
    expect(result.duplicates.map((d) => d.contactId)).toContain(view.id);
    expect(result.duplicates.map((d) => d.contactId)).not.toContain(hotline.id);
  });
});
