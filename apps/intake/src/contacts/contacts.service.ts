import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { createHmac, randomUUID } from 'node:crypto';
import { AdminUnits } from '@cp/admin-units';
import { HOTLINE_ROLES, communeUnits, hasAnyRole, type AuthUser } from '@cp/auth';
import {
  DomainError,
  ERASED,
  TOPICS,
  type CaseOpenedV1,
  type CaseUpdatedV1,
  type CommandMetadata,
  type ErasureBasis,
  type ErasureCascadeV1,
  type IntegrationEnvelope,
  type PersonalDataErasedV1,
  type ReportReceiver,
} from '@cp/contracts';
import {
  EventStore,
  GENESIS_HASH,
  PersonalDataVault,
  handleCommand,
  load,
  type Idempotency,
  type Loaded,
  type Sql,
} from '@cp/event-store';
import { CONFIG, LOGGER, MessagingLifecycle, commandMetadata, commandMetadataFromEvent } from '@cp/platform';
import type { Logger } from '@cp/observability';
import type { IntakeConfig } from '../config';
import {
  HOTLINE_CLOCK_POLICIES,
  clockPolicyAt,
  withDevelopmentOverride,
  type HotlineClockPolicy,
} from './domain/clock-policy';
import { contactDecider, type ContactState, type Referral } from './domain/contact';
import type { ContactCommand } from './domain/contact.commands';
import type { ContactChild } from './domain/contact.events';
import { contactPersonalFields } from './domain/contact.personal-data';
import { contactMessages } from './contact-messages';
import {
  contactIndexUpsert,
  indexedChild,
  openIndexedChildren,
  type IndexedChild,
  type StoredIndexedChild,
} from './contact-index';
import type {
  CloseContactDto,
  DraftDuplicatesDto,
  LinkToCaseDto,
  ListContactsQueryDto,
  RecordContactDto,
  ReferReportDto,
} from './contacts.dto';
import { likelySameChild } from './duplicates';
import { sealReferralIdentity } from '@cp/messaging';

/** How much the duplicate search compares and answers at most. */
const DUPLICATES = { childrenCompared: 10, reportsCompared: 1000, answers: 20 } as const;

export const CONTACT_STREAM = 'contact';
/** Case steps that change whether the hotline may erase a contact of the case (closure, retention, hold). */
const CASE_RECORD_STEPS = new Set([
  'CaseClosed',
  'CaseReopened',
  'ReportAdded',
  'LegalHoldPlaced',
  'LegalHoldReleased',
]);
const streamId = (contactId: string) => `contact-${contactId}`;
/** A contact's stream before its first event. */
const NEW_CONTACT: Loaded<ContactState> = {
  state: contactDecider.initialState(),
  version: 0,
  headHash: GENESIS_HASH,
  events: [],
};

export interface ContactView {
  id: string;
  version: number;
  status: ContactState['status'];
  receivedAt: string;
  channel: string;
  purpose: string;
  category: string | null;
  setting: string | null;
  concerns: string[];
  sexualAbuseSubtypes: string[];
  incidentCommuneCode: string | null;
  immediateDanger: boolean;
  /** A report's forwarding time ("chuyển ngay"), its clock policy, and the supervisor's alert if late. */
  forwardBy: string | null;
  clockPolicy: string | null;
  forwardingAlertRaisedAt: string | null;
  /** The body that received the report and wrote the Mẫu 01 (`hotline` for contacts recorded before). */
  receiver: { kind: ReportReceiver; unit: string };
  callerType: string | null;
  children: Array<{
    childRef: string;
    sex: string;
    ageYears: number | null;
    ageEstimated: boolean;
    ethnicity: string | null;
    specialCircumstances: string[];
    residenceCommuneCode: string | null;
    name: string | null;
    birthDate: string | null;
    address: string | null;
    familySituation: string | null;
    carers: Array<{
      relation: string;
      currentCarer: boolean;
      name: string | null;
      ageYears: number | typeof ERASED | null;
      occupation: string | null;
      phone: string | null;
      address: string | null;
    }>;
  }>;
  allegedAbusers: Array<{
    relation: string;
    sex: string | null;
    name: string | null;
    ageYears: number | typeof ERASED | null;
    description: string | null;
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
  referral: ReferralView | null;
  linkedCase: ContactState['linkedCase'];
  closure: ContactState['closure'];
  /** When and why the personal data was erased (the personal fields then read `[erased]`). */
  erasure: ContactState['erasure'];
  /** The case the report went to, as its erasure at the hotline depends on it (closure, retention, hold). */
  caseRecord: ContactState['caseRecord'];
}

export interface ContactListItem {
  id: string;
  /**
   * On the follow-up list: why the supervisor is alerted — a report not passed on by its forwarding time
   * (`not_referred`), or a referral no commune took up in time (`not_taken_up`). Null elsewhere.
   */
  alert: 'not_referred' | 'not_taken_up' | null;
  /** A report's forwarding time ("chuyển ngay", receipt → referral); null for other contacts. */
  forwardBy: string | null;
  forwardingAlertAt: string | null;
  referralRecipient: string | null;
  /** The clock policy version that timed the contact (its referral's, once referred). */
  clockPolicy: string | null;
  receivedAt: string;
  channel: string;
  purpose: string;
  status: string;
  concerns: string[];
  incidentCommuneCode: string | null;
  urgent: boolean;
  recordedBy: string | null;
  referredBy: string | null;
  referralCommuneCode: string | null;
  acknowledgeBy: string | null;
  acknowledgedAt: string | null;
  alertRaisedAt: string | null;
  caseId: string | null;
  /** The case the report went to: open or closed, taken up, overdue (status-level only). */
  caseState: 'open' | 'closed' | null;
  caseTakenUp: boolean;
  caseOverdue: boolean;
  linkedCaseId: string | null;
  outcome: string | null;
}

@Injectable()
export class ContactsService implements OnModuleInit {
  constructor(
    private readonly store: EventStore,
    private readonly units: AdminUnits,
    private readonly messaging: MessagingLifecycle,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(CONFIG) private readonly config: IntakeConfig,
    private readonly vault: PersonalDataVault,
  ) {}

  onModuleInit(): void {
    this.messaging.producesTo(TOPICS.intakeContacts);
    this.messaging.consume('case-feedback', [TOPICS.caseworkCases], (env, ctx) =>
      this.onCaseEvent(env, ctx.sql),
    );
  }

  async record(
    user: AuthUser,
    dto: RecordContactDto,
    idempotency?: Idempotency,
  ): Promise<{ view: ContactView; replayed: boolean; appended: number }> {
    const receiver = receiverOf(user);
    if (receiver.kind !== 'hotline') {
      // A body other than the hotline records reports of its own jurisdiction only (Decree 56 Art. 25.1).
      this.requireInJurisdiction(user, dto.incidentCommuneCode, 'incidentCommuneCode');
      if (dto.purpose !== 'report') {
        throw new DomainError(
          'CONTACT.PURPOSE_NOT_ALLOWED',
          'purpose: a provincial health department or a commune records reports (Mẫu 01); counselling and information are the hotline’s.',
          'invalid',
          { field: 'purpose' },
        );
      }
    }
    const incidentProvinceCode = dto.incidentCommuneCode
      ? this.requireCommune(dto.incidentCommuneCode, 'incidentCommuneCode')
      : null;
    dto.children.forEach((c, i) => {
      if (c.residenceCommuneCode)
        this.requireCommune(c.residenceCommuneCode, `children[${i}].residenceCommuneCode`);
    });
    const contactId = randomUUID();
    const reporter = dto.reporter;
    const command: ContactCommand = {
      type: 'RecordContact',
      metadata: commandMetadata(user, 'VN'),
      clocks: this.clocksAt(new Date(dto.receivedAt).toISOString()),
      data: {
        contactId,
        receivedAt: new Date(dto.receivedAt).toISOString(),
        receiver,
        channel: dto.channel,
        purpose: dto.purpose,
        concerns: [...new Set(dto.concerns)],
        sexualAbuseSubtypes: [...new Set(dto.sexualAbuseSubtypes ?? [])],
        category: dto.category ?? null,
        setting: dto.setting ?? null,
        incidentCommuneCode: dto.incidentCommuneCode ?? null,
        incidentProvinceCode,
        immediateDanger: dto.immediateDanger ?? false,
        children: dto.children.map((c): ContactChild => ({
          childRef: randomUUID(),
          sex: c.sex,
          ageYears: c.ageYears ?? (c.birthDate ? ageOn(c.birthDate, dto.receivedAt) : null),
          ageEstimated: c.ageYears !== undefined && !c.birthDate,
          ethnicity: c.ethnicity?.trim() || null,
          specialCircumstances: [...new Set(c.specialCircumstances ?? [])],
          residenceCommuneCode: c.residenceCommuneCode ?? null,
          ...(c.carers?.length
            ? {
                carers: c.carers.map((k) => ({
                  relation: k.relation,
                  ...(k.currentCarer !== undefined ? { currentCarer: k.currentCarer } : {}),
                  personal: compact({
                    name: k.name,
                    age: k.ageYears?.toString(),
                    occupation: k.occupation,
                    phone: k.phone,
                    address: k.address,
                  }),
                })),
              }
            : {}),
          personal: compact({
            name: c.name,
            birthDate: c.birthDate,
            address: c.address,
            familySituation: c.familySituation,
          }),
        })),
        caller: {
          type: dto.callerType ?? null,
          callerKey:
            reporter && !reporter.anonymous && reporter.phone ? this.callerKey(reporter.phone) : null,
        },
        personal: {
          ...(reporter
            ? {
                // An anonymous reporter leaves nothing that identifies them.
                reporter: reporter.anonymous
                  ? { anonymous: true, consentToContact: false }
                  : {
                      anonymous: false,
                      name: reporter.name,
                      phone: reporter.phone,
                      address: reporter.address,
                      consentToContact: reporter.consentToContact,
                    },
              }
            : {}),
          ...(dto.notes ? { notes: dto.notes } : {}),
          ...(dto.incidentPlace ? { place: dto.incidentPlace } : {}),
          ...(dto.currentCondition ? { currentCondition: dto.currentCondition } : {}),
          ...(dto.actionsTaken ? { actionsTaken: dto.actionsTaken } : {}),
          ...(dto.allegedAbusers?.length
            ? {
                allegedAbusers: dto.allegedAbusers.map((a) => ({
                  relation: a.relation,
                  ...compact({
                    sex: a.sex,
                    name: a.name,
                    age: a.ageYears?.toString(),
                    description: a.description,
                  }),
                })),
              }
            : {}),
        },
      },
    };
    // A new contact: no stream to read, and the keys of its data subjects (children, reporter, narrative)
    // are stored with its first event. That event carries the command's data (contact.ts, RecordContact).
    const newSubjects = contactPersonalFields(contactId, 'ContactRecorded', command.data).map(
      (f) => f.subject,
    );
    return this.run(
      contactId,
      command,
      { expectedVersion: 0, idempotency, loaded: NEW_CONTACT, newSubjects },
      { recordedBy: user.sub },
    );
  }

  async close(
    user: AuthUser,
    contactId: string,
    dto: CloseContactDto,
    expectedVersion: number | undefined,
    idempotency?: Idempotency,
  ) {
    const command: ContactCommand = {
      type: 'CloseContact',
      outcome: dto.outcome,
      note: dto.note ?? null,
      metadata: commandMetadata(user, 'VN'),
    };
    return this.run(contactId, command, { expectedVersion, idempotency });
  }

  async refer(
    user: AuthUser,
    contactId: string,
    dto: ReferReportDto,
    expectedVersion: number | undefined,
    idempotency?: Idempotency,
  ): Promise<{ view: ContactView; replayed: boolean; appended: number }> {
    await this.requireContactInJurisdiction(user, contactId);
    const provinceCode = this.requireCommune(dto.communeCode, 'communeCode');
    if (dto.residenceCommuneCode) this.requireCommune(dto.residenceCommuneCode, 'residenceCommuneCode');
    const referralId = randomUUID();
    const command: ContactCommand = {
      type: 'ReferReport',
      referralId,
      communeCode: dto.communeCode,
      provinceCode,
      residenceCommuneCode: dto.residenceCommuneCode ?? null,
      urgent: dto.urgent,
      police: dto.police ? { unit: dto.police.unit, reference: dto.police.reference ?? null } : null,
      recipient: dto.recipient ?? 'commune',
      clocks: this.clocksAt(new Date().toISOString()),
      metadata: commandMetadata(user, 'VN'),
    };
    const out = await this.run(
      contactId,
      command,
      { expectedVersion, idempotency },
      { referredBy: user.sub },
    );
    this.logger.info({ contactId, referralId, communeCode: dto.communeCode }, 'report referred');
    return out;
  }

  /** A repeat report: added to the case already open for the child instead of opening a second one. */
  async linkToCase(
    user: AuthUser,
    contactId: string,
    dto: LinkToCaseDto,
    expectedVersion: number | undefined,
    idempotency?: Idempotency,
  ) {
    const known: Array<{ case_status: string | null }> = await this.store.sql.query(
      `SELECT case_status FROM in_contacts WHERE case_id = $1 LIMIT 1`,
      [dto.caseId],
    );
    if (known.length === 0) {
      throw new DomainError(
        'CONTACT.UNKNOWN_CASE',
        `caseId: ${dto.caseId} is not a case the hotline referred; pick one from the possible duplicates.`,
        'invalid',
        { field: 'caseId' },
      );
    }
    const command: ContactCommand = {
      type: 'LinkReportToCase',
      caseId: dto.caseId,
      reason: dto.reason,
      metadata: commandMetadata(user, 'VN'),
    };
    return this.run(contactId, command, { expectedVersion, idempotency });
  }

  /**
   * The contact's hash chain recomputed, and every subject key its sealed fields use checked (event-sourcing
   * rules 10 and 11): names the first event that does not verify. Stream ids, versions and hashes only.
   */
  async integrity(contactId: string) {
    const result = await this.store.verifyStream(streamId(contactId));
    if (result.events === 0) {
      throw new DomainError('CONTACT.NOT_FOUND', `No contact with id ${contactId}.`, 'not_found');
    }
    return result;
  }

  async get(
    contactId: string,
  ): Promise<ContactView & { repeatCaller: { earlierContacts: number; lastAt: string | null } }> {
    const loaded = await load(this.store, contactDecider, streamId(contactId));
    if (loaded.version === 0) {
      throw new DomainError('CONTACT.NOT_FOUND', `No contact with id ${contactId}.`, 'not_found');
    }
    const callerKey = loaded.state.contact!.caller?.callerKey ?? null;
    const key = callerKey === ERASED ? null : callerKey;
    let repeatCaller = { earlierContacts: 0, lastAt: null as string | null };
    if (key) {
      const rows: Array<{ n: number; last: string | null }> = await this.store.sql.query(
        `SELECT count(*)::int AS n, max(received_at) AS last FROM in_contacts
         WHERE caller_key = $1 AND contact_id <> $2 AND received_at <= $3`,
        [key, contactId, loaded.state.contact!.receivedAt],
      );
      repeatCaller = { earlierContacts: rows[0].n, lastAt: rows[0].last ? iso(rows[0].last) : null };
    }
    return { ...toView(contactId, loaded.state, loaded.version), repeatCaller };
  }

  /**
   * A contact as `user` may read it: the hotline any; a provincial officer or a commune worker (who record
   * reports too, Decree 56 Art. 25.1) only a report of an incident in their jurisdiction — another answers
   * 404 as if it did not exist.
   */
  async getFor(user: AuthUser, contactId: string) {
    await this.requireContactInJurisdiction(user, contactId);
    return this.get(contactId);
  }

  /** The counsellors' work list: contacts by time, purpose, status, commune, text; mine; awaiting the commune. */
  /**
   * The work list. A search by name (`q`) also answers the keyed digests of its words, for the access
   * trail (the words themselves are never kept).
   */
  async list(
    user: AuthUser,
    q: ListContactsQueryDto,
  ): Promise<{ items: ContactListItem[]; blindTokens: string[] | null }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (q.from) where.push(`received_at >= ${p(q.from)}`);
    if (q.to) where.push(`received_at < ${p(q.to)}`);
    if (q.purpose) where.push(`purpose = ${p(q.purpose)}`);
    if (q.status) where.push(`status = ${p(q.status)}`);
    if (q.commune) {
      const c = p(q.commune);
      where.push(`(incident_commune = ${c} OR referral_commune = ${c})`);
    }
    let blindTokens: string[] | null = null;
    if (q.q) {
      // Whole words, diacritics and case ignored, matched by their keyed digests (the blind index).
      const tokens = this.vault.blindTokens(AdminUnits.fold(q.q));
      blindTokens = tokens;
      where.push(tokens.length ? `search_tokens @> ${p(tokens)}::text[]` : 'false');
    }
    if (q.mine === 'true') {
      const me = p(user.sub);
      where.push(`(recorded_by = ${me} OR referred_by = ${me})`);
    }
    if (q.awaitingAcknowledgement === 'true')
      where.push(`referral_id IS NOT NULL AND acknowledged_at IS NULL`);
    const rows: Array<Record<string, unknown>> = await this.store.sql.query(
      `SELECT * FROM in_contacts ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY received_at DESC LIMIT ${p(q.limit ?? 50)}`,
      params,
    );
    return { items: rows.map(toListItem), blindTokens };
  }

  /**
   * The supervisor's follow-up list, oldest due first: reports not passed on by their forwarding time and
   * still at the hotline, and referrals no commune took up in time.
   */
  async followUps(): Promise<ContactListItem[]> {
    const rows: Array<Record<string, unknown>> = await this.store.sql.query(
      `SELECT *, CASE WHEN status = 'open' THEN 'not_referred' ELSE 'not_taken_up' END AS alert
       FROM in_contacts
       WHERE (alert_raised_at IS NOT NULL AND acknowledged_at IS NULL)
          OR (forwarding_alert_at IS NOT NULL AND status = 'open')
       ORDER BY coalesce(CASE WHEN status = 'open' THEN forward_by END, acknowledge_by) LIMIT 500`,
    );
    return rows.map(toListItem);
  }

  /** The follow-up watcher's command for a report not passed on in time; returns whether it alerted. */
  async raiseForwardingAlert(contactId: string, now = new Date()): Promise<boolean> {
    const metadata: CommandMetadata = {
      commandId: randomUUID(),
      correlationId: randomUUID(),
      causationId: null,
      actor: { id: 'system:follow-up', roles: ['system'], unit: 'VN' },
      now: now.toISOString(),
    };
    const { appended } = await this.run(contactId, { type: 'RaiseForwardingAlert', metadata }, {});
    return appended > 0;
  }

  /**
   * Earlier contacts and hotline-referred cases that may be about the same child: same province, a
   * similar name (diacritics ignored, small typos tolerated), a compatible age. Newest first.
   */
  async possibleDuplicates(contactId: string) {
    const me = await this.get(contactId);
    const mine: IndexedChild[] = me.children.slice(0, DUPLICATES.childrenCompared).map(indexedChild);
    const matches = await this.compareReports(mine, me.incidentCommuneCode, me.receivedAt, contactId);
    return matches.map(({ mineIndex: _i, row: _r, ...m }) => m);
  }

  /**
   * The side panel of a Mẫu 01 being typed (nothing recorded yet): the caller's earlier contacts (by the
   * keyed digest of the number) and the reports that may be about the same children. Bounded like the
   * search of a recorded contact: 10 children, 1000 reports, 20 answers (and 20 earlier contacts). Answers
   * the keyed digests of what it searched with, for the access trail; never the words or the number.
   */
  async draftDuplicates(dto: DraftDuplicatesDto, user?: AuthUser) {
    const scope = user && receiverOf(user).kind !== 'hotline' ? this.jurisdictionUnits(user) : null;
    if (user && scope) this.requireInJurisdiction(user, dto.incidentCommuneCode, 'incidentCommuneCode');
    const receivedAt = dto.receivedAt ? new Date(dto.receivedAt).toISOString() : new Date().toISOString();
    if (dto.incidentCommuneCode) this.requireCommune(dto.incidentCommuneCode, 'incidentCommuneCode');
    const children = (dto.children ?? []).slice(0, DUPLICATES.childrenCompared);
    children.forEach((c, i) => {
      if (c.residenceCommuneCode)
        this.requireCommune(c.residenceCommuneCode, `children[${i}].residenceCommuneCode`);
    });
    const mine = children
      .map((c, i) =>
        indexedChild({
          childRef: `draft-${i}`,
          name: c.name?.trim() || null,
          birthDate: c.birthDate ?? null,
          ageYears: c.ageYears ?? (c.birthDate ? ageOn(c.birthDate, receivedAt) : null),
          residenceCommuneCode: c.residenceCommuneCode ?? null,
        }),
      )
      .filter((c) => c.name || c.ageYears !== null || c.birthYear !== null);
    const digits = dto.reporterPhone?.replace(/\D/g, '') ?? '';
    if (mine.length === 0 && digits.length < 3) {
      throw new DomainError(
        'CONTACT.SEARCH_EMPTY',
        "children: give a child's name or age, or the reporter's phone, to search for earlier contacts.",
        'invalid',
        { field: 'children' },
      );
    }
    const callerKey = digits.length >= 3 ? this.callerKey(dto.reporterPhone!) : null;
    let repeatCaller: {
      earlierContacts: number;
      contacts: Array<{
        contactId: string;
        receivedAt: string;
        purpose: string;
        status: string;
        incidentCommuneCode: string | null;
        caseId: string | null;
        caseState: 'open' | 'closed' | null;
      }>;
    } = { earlierContacts: 0, contacts: [] };
    if (callerKey) {
      const rows: Array<Record<string, unknown>> = await this.store.sql.query(
        `SELECT *, count(*) OVER ()::int AS total FROM in_contacts
         WHERE caller_key = $1 AND received_at <= $2
         ORDER BY received_at DESC LIMIT ${DUPLICATES.answers}`,
        [callerKey, receivedAt],
      );
      // A body other than the hotline sees only the contacts of its own jurisdiction.
      const visible =
        user && scope
          ? rows.filter((r) =>
              this.mayRead(user, { incident_commune: r.incident_commune, receiver_kind: r.receiver_kind }),
            )
          : rows;
      repeatCaller = {
        earlierContacts: scope ? visible.length : rows.length ? Number(rows[0].total) : 0,
        contacts: visible.map((r) => ({
          contactId: String(r.contact_id),
          receivedAt: iso(r.received_at as string),
          purpose: String(r.purpose),
          status: String(r.status),
          incidentCommuneCode: (r.incident_commune as string | null) ?? null,
          caseId: ((r.case_id ?? r.linked_case_id) as string | null) ?? null,
          caseState: coarseCaseState(r.case_status as string | null),
        })),
      };
    }
    const duplicates = (
      mine.length ? await this.compareReports(mine, dto.incidentCommuneCode ?? null, receivedAt, null) : []
    )
      .filter((m) => !user || !scope || this.mayRead(user, m.row))
      .map(({ childRef: _c, mineIndex, row: _r, ...m }) => ({ ...m, childIndex: mineIndex }));
    // What the access trail keeps of the search: keyed digests of the names' words and of the number.
    const blindTokens = [
      ...this.vault.blindTokens(
        AdminUnits.fold(
          mine
            .map((c) => c.name ?? '')
            .filter(Boolean)
            .join(' '),
        ),
      ),
      // The number as a keyed digest of the index key (not the caller key: the trail links no caller).
      ...(callerKey ? [this.vault.blindToken(`tel ${phoneDigits(dto.reporterPhone!)}`)] : []),
    ];
    return { result: { repeatCaller, duplicates }, blindTokens };
  }

  /** The reports that may be about these children: bounded, best first. */
  private async compareReports(
    mine: IndexedChild[],
    incidentCommuneCode: string | null,
    receivedAt: string,
    exceptContactId: string | null,
  ) {
    const provinces = new Set(
      [
        incidentCommuneCode ? this.units.provinceOf(incidentCommuneCode) : null,
        ...mine.map((c) => (c.residenceCommuneCode ? this.units.provinceOf(c.residenceCommuneCode) : null)),
      ].filter((x): x is string => !!x),
    );
    // Bounded work per request, whatever the contact and the index hold: the children compared, the
    // reports compared with (the latest of three years, in the provinces concerned), the answers.
    const rows: Array<Record<string, unknown>> = await this.store.sql.query(
      `SELECT * FROM in_contacts
       WHERE ($1::uuid IS NULL OR contact_id <> $1) AND purpose = 'report'
         AND received_at > $2::timestamptz - interval '3 years'
         AND ($3::text[] = '{}' OR incident_province = ANY($3) OR referral_province = ANY($3))
       ORDER BY received_at DESC LIMIT ${DUPLICATES.reportsCompared}`,
      [exceptContactId, receivedAt, [...provinces]],
    );
    const opened = await openIndexedChildren(
      this.vault,
      rows.map((r) => ({ contactId: String(r.contact_id), children: r.children as StoredIndexedChild[] })),
      this.store.sql,
    );
    const out = [];
    for (const [i, r] of rows.entries()) {
      const theirs = opened[i];
      let best: {
        score: number;
        reasons: string[];
        child: IndexedChild;
        mine: IndexedChild;
        mineIndex: number;
      } | null = null;
      for (const [k, a] of mine.slice(0, DUPLICATES.childrenCompared).entries()) {
        for (const b of theirs) {
          const m = likelySameChild(a, b, { sameCommune: r.incident_commune === incidentCommuneCode });
          if (m && (!best || m.score > best.score)) best = { ...m, child: b, mine: a, mineIndex: k };
        }
      }
      if (!best) continue;
      out.push({
        contactId: String(r.contact_id),
        receivedAt: iso(r.received_at as string),
        incidentCommuneCode: (r.incident_commune as string | null) ?? null,
        status: String(r.status),
        caseId: ((r.case_id ?? r.linked_case_id) as string | null) ?? null,
        caseState: coarseCaseState(r.case_status as string | null),
        score: best.score,
        reasons: best.reasons,
        childRef: best.mine.childRef,
        mineIndex: best.mineIndex,
        matchedChild: { childRef: best.child.childRef, ageYears: best.child.ageYears },
        row: { incident_commune: r.incident_commune, receiver_kind: r.receiver_kind },
      });
    }
    return out.sort((a, b) => b.score - a.score).slice(0, DUPLICATES.answers);
  }

  /**
   * Recreates the contact index from the events (derived data): after a restore, or for contacts
   * recorded before the index existed. Who recorded and who referred come from the events' metadata.
   */
  async rebuildIndex(onlyIfEmpty = true): Promise<number> {
    if (onlyIfEmpty) {
      const [{ n }]: Array<{ n: number }> = await this.store.sql.query(
        `SELECT count(*)::int AS n FROM in_contacts`,
      );
      if (n > 0) return 0;
    }
    const streams: Array<{ stream_id: string }> = await this.store.sql.query(
      `SELECT DISTINCT stream_id FROM es_events WHERE stream_type = $1`,
      [CONTACT_STREAM],
    );
    const now = new Date().toISOString();
    for (const { stream_id } of streams) {
      const loaded = await load(this.store, contactDecider, stream_id);
      if (!loaded.state.contact) continue;
      const actor = (type: string) => loaded.events.find((e) => e.type === type)?.metadata.actorId;
      const { sql, params } = await contactIndexUpsert(
        this.vault,
        this.store.sql,
        loaded.state.contact.contactId,
        loaded.state,
        loaded.version,
        now,
        { recordedBy: actor('ContactRecorded'), referredBy: actor('ReportReferred') },
        false,
      );
      await this.store.sql.query(sql, params);
    }
    return streams.length;
  }

  /**
   * Erases the contact's personal data: PersonalDataErased, whose append destroys the keys of the
   * contact's data subjects in the same transaction (the event store's rule), and the contact's index
   * entry rewritten without them. Asked at the hotline (`viaCaseId` absent) or after a case's erasure.
   */
  async erase(
    contactId: string,
    request: {
      basis: ErasureBasis;
      reference: string | null;
      viaCaseId?: string | null;
      cascade?: ErasureCascadeV1 | null;
    },
    metadata: CommandMetadata,
    opts: { expectedVersion?: number; idempotency?: Idempotency; sql?: Sql } = {},
  ): Promise<{ view: ContactView; replayed: boolean; appended: number }> {
    const command: ContactCommand = {
      type: 'ErasePersonalData',
      erasureId: randomUUID(),
      basis: request.basis,
      reference: request.reference,
      viaCaseId: request.viaCaseId ?? null,
      cascade: request.cascade
        ? {
            childRefs: request.cascade.childRefs,
            narrative: request.cascade.narrative,
            reporter: request.cascade.reporter,
          }
        : null,
      metadata,
    };
    return this.run(contactId, command, opts);
  }

  /** The follow-up watcher's command; returns whether an alert was raised. */
  async raiseFollowUpAlert(contactId: string, now = new Date()): Promise<boolean> {
    const metadata: CommandMetadata = {
      commandId: randomUUID(),
      correlationId: randomUUID(),
      causationId: null,
      actor: { id: 'system:follow-up', roles: ['system'], unit: 'VN' },
      now: now.toISOString(),
    };
    // The decider appends nothing when the alert is already raised or the referral was taken up.
    const { appended } = await this.run(contactId, { type: 'RaiseFollowUpAlert', metadata }, {});
    return appended > 0;
  }

  private async run(
    contactId: string,
    command: ContactCommand,
    opts: {
      expectedVersion?: number;
      idempotency?: Idempotency;
      sql?: Sql;
      loaded?: Loaded<ContactState>;
      newSubjects?: string[];
    },
    actor: { recordedBy?: string; referredBy?: string } = {},
  ): Promise<{ view: ContactView; replayed: boolean; appended: number }> {
    const handled = await handleCommand(this.store, contactDecider, streamId(contactId), command, {
      streamType: CONTACT_STREAM,
      ...opts,
      // The record's own id: a replay of a recording answers the contact first recorded.
      result: (state, version) => toView(state.contact?.contactId ?? contactId, state, version),
      toOutbox: (events, state, version) =>
        contactMessages(contactId, events, state, version, command.metadata, {
          sealIdentity: (referralId, identity) =>
            sealReferralIdentity(this.config.referralIdentityKeys, referralId, identity),
        }),
      alongside: (state, version, newKeys) =>
        contactIndexUpsert(
          this.vault,
          opts.sql ?? this.store.sql,
          contactId,
          state,
          version,
          command.metadata.now,
          actor,
          true,
          command.type === 'RecordContact' || command.type === 'ErasePersonalData',
          newKeys,
        ),
    });
    return { view: handled.result, replayed: handled.replayed, appended: handled.events.length };
  }

  /** Case events flow back so the counsellor sees what became of the report (follow-up). */
  private async onCaseEvent(env: IntegrationEnvelope, sql: Sql): Promise<void> {
    let contactId: string | null = null;
    let command: ContactCommand | null = null;
    const metadata = commandMetadataFromEvent(env);
    if (env.type === 'CaseOpened') {
      const d = env.data as CaseOpenedV1;
      if (d.source.kind !== 'hotline_referral') return;
      contactId = d.source.contactId;
      command = {
        type: 'LinkCase',
        referralId: d.source.referralId,
        caseId: d.caseId,
        status: d.status,
        metadata,
      };
    } else if (env.producer === 'casework' && env.type === 'PersonalDataErased') {
      // The case's personal data was erased: in the contacts it came from, what the case's rule reaches
      // (`cascade`, per contact); an erasure published before the rule erased them whole.
      const d = env.data as CaseUpdatedV1;
      const details = d.details as Partial<PersonalDataErasedV1>;
      const targets: Array<[string, ErasureCascadeV1 | null]> = details.cascade
        ? details.cascade.map((c) => [c.contactId, c])
        : [...new Set([...(details.contactIds ?? []), ...(d.contactId ? [d.contactId] : [])])].map((id) => [
            id,
            null,
          ]);
      for (const [id, cascade] of targets) {
        if ((await this.store.streamVersion(streamId(id), sql)) === 0) continue;
        await this.erase(
          id,
          // The case keeps the request's reference; the contact records which case it followed.
          { basis: details.basis ?? 'other', reference: null, viaCaseId: d.caseId, cascade },
          metadata,
          { sql },
        );
      }
      return;
    } else if (env.producer === 'casework') {
      // Every later step carries the case's status and deadlines after it (CaseUpdatedV1).
      const d = env.data as CaseUpdatedV1;
      if (!d.status) return;
      // Status-level only: which deadline, and when, would tell what happened to the child.
      const overdue = (d.deadlines ?? []).some(
        (x) => x.status === 'missed' || (x.status === 'open' && Date.parse(x.dueAt) < Date.parse(d.at)),
      );
      const update = (): ContactCommand => ({
        type: 'UpdateCaseStatus',
        caseId: d.caseId,
        status: d.status,
        overdue,
        // What the hotline's erasure of the case's contacts depends on (absent from older messages).
        ...(d.legalHold === undefined
          ? {}
          : {
              record: {
                closedAt: d.closedAt ?? null,
                retentionEndsAt: d.retentionEndsAt ?? null,
                legalHold: d.legalHold,
              },
            }),
        metadata,
      });
      if (d.legalHold !== undefined && CASE_RECORD_STEPS.has(env.type)) {
        // The repeat reports linked to the case hear the steps that change their erasure's conditions.
        const linked: Array<{ contact_id: string }> = await sql.query(
          `SELECT contact_id::text FROM in_contacts WHERE linked_case_id = $1`,
          [d.caseId],
        );
        for (const { contact_id } of linked) {
          if (contact_id === d.contactId) continue;
          const repeat = await load(this.store, contactDecider, streamId(contact_id), { sql });
          if (repeat.version > 0) await this.run(contact_id, update(), { sql, loaded: repeat });
        }
      }
      if (!d.contactId) return;
      contactId = d.contactId;
      command = update();
    }
    if (!contactId || !command) return;
    // Cases opened from another intake's referrals (another deployment, an earlier database) are not ours.
    const loaded = await load(this.store, contactDecider, streamId(contactId), { sql });
    if (loaded.version === 0) {
      this.logger.info(
        { caseId: (env.data as { caseId?: string }).caseId, type: env.type },
        'case event for a contact this intake does not hold; ignored',
      );
      return;
    }
    await this.run(contactId, command, { sql, loaded });
  }

  /** A keyed digest of the phone number: the same caller gives the same key, the key gives no number. */
  private callerKey(phone: string): string {
    return createHmac('sha256', this.config.callerKeySecret)
      .update(phoneDigits(phone))
      .digest('hex')
      .slice(0, 32);
  }

  /** The units a body other than the hotline acts for: a provincial officer's all, a commune worker's communes. */
  private jurisdictionUnits(user: AuthUser): string[] {
    return hasAnyRole(user, ['provincial_officer']) ? [...user.units] : communeUnits(user);
  }

  /** For a body other than the hotline: the incident commune must be given and within its jurisdiction. */
  private requireInJurisdiction(user: AuthUser, commune: string | undefined, field: string): void {
    if (receiverOf(user).kind === 'hotline') return;
    if (!commune) {
      throw new DomainError(
        'CONTACT.FIELD_REQUIRED',
        `${field}: give the commune where it happened; it must be within your jurisdiction.`,
        'invalid',
        { field },
      );
    }
    if (!this.units.covers(this.jurisdictionUnits(user), commune)) {
      throw new DomainError(
        'CONTACT.OUT_OF_JURISDICTION',
        `${field}: commune ${commune} is not within the units you act for.`,
        'forbidden',
        { field },
      );
    }
  }

  /**
   * For a body other than the hotline: only the reports its kind of body recorded in its jurisdiction
   * exist for it (404 otherwise). The hotline's contacts stay the hotline's: the commune learns who the
   * child is from the case (Decree 56 Art. 26.1), the reporter only as the reporter agreed.
   */
  private async requireContactInJurisdiction(user: AuthUser, contactId: string): Promise<void> {
    if (!this.mayRead(user, await this.receiverRow(contactId))) {
      throw new DomainError(
        'CONTACT.NOT_FOUND',
        `No contact with id ${contactId} that you can see.`,
        'not_found',
      );
    }
  }

  private async receiverRow(contactId: string) {
    const rows: Array<{ incident_commune: string | null; receiver_kind: string }> =
      await this.store.sql.query(
        `SELECT incident_commune, receiver_kind FROM in_contacts WHERE contact_id = $1`,
        [contactId],
      );
    return rows[0] ?? null;
  }

  /** Whether `user` may read a contact recorded by `row.receiver_kind` in `row.incident_commune`. */
  private mayRead(
    user: AuthUser,
    row: { incident_commune: unknown; receiver_kind: unknown } | null,
  ): boolean {
    const kind = receiverOf(user).kind;
    if (kind === 'hotline') return true;
    const commune = row?.incident_commune as string | null | undefined;
    return (
      !!commune && row?.receiver_kind === kind && this.units.covers(this.jurisdictionUnits(user), commune)
    );
  }

  /** Every version of the hotline's clock policy, and the one in force now (with a development override). */
  clockPolicies() {
    return {
      versions: HOTLINE_CLOCK_POLICIES,
      inForce: this.clocksAt(new Date().toISOString()),
      developmentOverride: this.config.clockOverride,
    };
  }

  /** The hotline's clock policy in force at `at` (a development override shortens it for tests). */
  private clocksAt(at: string): HotlineClockPolicy {
    return withDevelopmentOverride(clockPolicyAt(at), this.config.clockOverride);
  }

  private requireCommune(code: string, field: string): string {
    const province = this.units.provinceOf(code);
    if (!province) {
      const suggestions = this.units.suggest(code).map((c) => ({ code: c.code, name: c.name }));
      throw new DomainError(
        'CONTACT.UNKNOWN_COMMUNE',
        `${field}: ${code} is not a commune of the 2025 list of administrative units (34 provinces, 3,321 communes).`,
        'invalid',
        { field, suggestions },
      );
    }
    return province;
  }
}

/**
 * Which receiving body a user records for (Decree 56 Art. 25.1): the hotline for its roles; otherwise the
 * provincial health department (a provincial officer, for its first unit) or the commune (a worker).
 */
export function receiverOf(user: AuthUser): { kind: ReportReceiver; unit: string } {
  if (hasAnyRole(user, HOTLINE_ROLES)) return { kind: 'hotline', unit: 'VN' };
  if (hasAnyRole(user, ['provincial_officer']))
    return { kind: 'health_department', unit: user.units[0] ?? 'VN' };
  return { kind: 'commune', unit: communeUnits(user)[0] ?? user.units[0] ?? 'VN' };
}

/** 0912…, +84 912…, 0084 912…, +84 0912… are one number. */
function phoneDigits(phone: string): string {
  return phone
    .replace(/\D/g, '')
    .replace(/^(00)?84/, '0')
    .replace(/^0+/, '0');
}

/** The given texts, trimmed, without the empty ones (an empty field is not recorded). */
function compact<K extends string>(fields: Record<K, string | undefined>): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const [k, v] of Object.entries(fields) as Array<[K, string | undefined]>) {
    const t = v?.trim();
    if (t) out[k] = t;
  }
  return out;
}

/** An age kept as text (sealed like the rest) as a number again; `[erased]` stays as it reads. */
function ageOf(v: string | undefined): number | typeof ERASED | null {
  if (v === undefined) return null;
  if (v === ERASED) return ERASED;
  const n = Number(v);
  return Number.isInteger(n) ? n : null;
}

function ageOn(birthDate: string, at: string): number | null {
  const b = new Date(`${birthDate}T00:00:00Z`);
  const a = new Date(at);
  if (Number.isNaN(b.getTime())) return null;
  let age = a.getUTCFullYear() - b.getUTCFullYear();
  if (
    a.getUTCMonth() < b.getUTCMonth() ||
    (a.getUTCMonth() === b.getUTCMonth() && a.getUTCDate() < b.getUTCDate())
  )
    age--;
  return age >= 0 ? age : null;
}

const iso = (v: string | Date) => new Date(v).toISOString();
const isoOrNull = (v: unknown) => (v ? iso(v as string) : null);

function toListItem(r: Record<string, unknown>): ContactListItem {
  return {
    id: String(r.contact_id),
    alert: (r.alert as ContactListItem['alert'] | undefined) ?? null,
    forwardBy: isoOrNull(r.forward_by),
    forwardingAlertAt: isoOrNull(r.forwarding_alert_at),
    referralRecipient: (r.referral_recipient as string | null) ?? null,
    clockPolicy: (r.clock_policy as string | null) ?? null,
    receivedAt: iso(r.received_at as string),
    channel: String(r.channel),
    purpose: String(r.purpose),
    status: String(r.status),
    concerns: r.concerns as string[],
    incidentCommuneCode: (r.incident_commune as string | null) ?? null,
    urgent: Boolean(r.urgent),
    recordedBy: (r.recorded_by as string | null) ?? null,
    referredBy: (r.referred_by as string | null) ?? null,
    referralCommuneCode: (r.referral_commune as string | null) ?? null,
    acknowledgeBy: isoOrNull(r.acknowledge_by),
    acknowledgedAt: isoOrNull(r.acknowledged_at),
    alertRaisedAt: isoOrNull(r.alert_raised_at),
    caseId: (r.case_id as string | null) ?? null,
    caseState: coarseCaseState(r.case_status as string | null),
    caseTakenUp: r.case_status !== null && r.case_status !== 'received',
    caseOverdue: Boolean(r.case_overdue),
    linkedCaseId: (r.linked_case_id as string | null) ?? null,
    outcome: (r.outcome as string | null) ?? null,
  };
}

function toView(id: string, state: ContactState, version: number): ContactView {
  const c = state.contact!;
  const p = c.personal;
  return {
    id,
    version,
    status: state.status,
    receivedAt: c.receivedAt,
    channel: c.channel,
    purpose: c.purpose,
    category: c.category ?? null,
    setting: c.setting ?? null,
    concerns: c.concerns,
    sexualAbuseSubtypes: c.sexualAbuseSubtypes ?? [],
    incidentCommuneCode: c.incidentCommuneCode,
    immediateDanger: c.immediateDanger,
    forwardBy: c.forwardBy ?? null,
    clockPolicy: c.clockPolicy ?? null,
    forwardingAlertRaisedAt: state.forwardingAlertRaisedAt,
    receiver: c.receiver ?? { kind: 'hotline', unit: 'VN' },
    callerType: c.caller?.type ?? null,
    children: c.children.map((ch) => ({
      childRef: ch.childRef,
      sex: ch.sex,
      ageYears: ch.ageYears,
      ageEstimated: ch.ageEstimated ?? false,
      ethnicity: ch.ethnicity ?? null,
      specialCircumstances: ch.specialCircumstances ?? [],
      residenceCommuneCode: ch.residenceCommuneCode ?? null,
      name: ch.personal.name ?? null,
      birthDate: ch.personal.birthDate ?? null,
      address: ch.personal.address ?? null,
      familySituation: ch.personal.familySituation ?? null,
      carers: (ch.carers ?? []).map((k) => ({
        relation: k.relation,
        currentCarer: k.currentCarer ?? false,
        name: k.personal.name ?? null,
        ageYears: ageOf(k.personal.age),
        occupation: k.personal.occupation ?? null,
        phone: k.personal.phone ?? null,
        address: k.personal.address ?? null,
      })),
    })),
    allegedAbusers: (p.allegedAbusers ?? []).map((a) => ({
      relation: a.relation,
      sex: a.sex ?? null,
      name: a.name ?? null,
      ageYears: ageOf(a.age),
      description: a.description ?? null,
    })),
    reporter: p.reporter
      ? {
          anonymous: p.reporter.anonymous,
          name: p.reporter.name ?? null,
          phone: p.reporter.phone ?? null,
          address: p.reporter.address ?? null,
          consentToContact: p.reporter.consentToContact,
        }
      : null,
    place: p.place ?? null,
    currentCondition: p.currentCondition ?? null,
    actionsTaken: p.actionsTaken ?? null,
    notes: p.notes ?? null,
    referral: state.referral && referralView(state.referral),
    linkedCase: state.linkedCase,
    closure: state.closure,
    erasure: state.erasure,
    caseRecord: state.caseRecord,
  };
}

/**
 * A referral as the hotline sees it: where it went and whether the commune took it up, and of its case only
 * open or closed and overdue or not — the stage would tell what happened to the child.
 */
export type ReferralView = Omit<Referral, 'caseStatus'> & { caseState: 'open' | 'closed' | null };

function referralView(r: Referral): ReferralView {
  const { caseStatus, ...rest } = r;
  return { ...rest, caseState: coarseCaseState(caseStatus) };
}

/** Open or closed, from the stage casework reported (null: no case yet). */
function coarseCaseState(status: string | null): 'open' | 'closed' | null {
  if (status === null) return null;
  return status === 'closed' ? 'closed' : 'open';
}
