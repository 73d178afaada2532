import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AdminUnits } from '@cp/admin-units';
import type { AuthUser } from '@cp/auth';
import {
  DomainError,
  TOPICS,
  type CaseOpenedV1,
  type CaseUpdatedV1,
  type CommandMetadata,
  type IntegrationEnvelope,
  type ReportReferredV1,
} from '@cp/contracts';
import {
  EventStore,
  handleCommand,
  load,
  type Idempotency,
  type OutboxMessage,
  type Sql,
} from '@cp/event-store';
import {
  MessagingLifecycle,
  LOGGER,
  commandMetadata,
  commandMetadataFromEvent,
  integrationMessage,
} from '@cp/platform';
import type { Logger } from '@cp/observability';
import { contactDecider, type ContactState, type Referral } from './domain/contact';
import type { ContactCommand } from './domain/contact.commands';
import type { ContactEvent } from './domain/contact.events';
import type { RecordContactDto, ReferReportDto } from './contacts.dto';

export const CONTACT_STREAM = 'contact';
const streamId = (contactId: string) => `contact-${contactId}`;

export interface ContactView {
  id: string;
  version: number;
  status: ContactState['status'];
  receivedAt: string;
  channel: string;
  purpose: string;
  concerns: string[];
  incidentCommuneCode: string | null;
  immediateDanger: boolean;
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
  notes: string | null;
  referral: Referral | null;
}

@Injectable()
export class ContactsService implements OnModuleInit {
  constructor(
    private readonly store: EventStore,
    private readonly units: AdminUnits,
    private readonly messaging: MessagingLifecycle,
    @Inject(LOGGER) private readonly logger: Logger,
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
  ): Promise<{ view: ContactView; replayed: boolean }> {
    let incidentProvinceCode: string | null = null;
    if (dto.incidentCommuneCode) {
      incidentProvinceCode = this.requireCommune(dto.incidentCommuneCode, 'incidentCommuneCode');
    }
    const contactId = randomUUID();
    const metadata = commandMetadata(user, 'VN');
    const command: ContactCommand = {
      type: 'RecordContact',
      metadata,
      data: {
        contactId,
        receivedAt: new Date(dto.receivedAt).toISOString(),
        channel: dto.channel,
        purpose: dto.purpose,
        concerns: [...new Set(dto.concerns)],
        incidentCommuneCode: dto.incidentCommuneCode ?? null,
        incidentProvinceCode,
        immediateDanger: dto.immediateDanger ?? false,
        children: dto.children.map((c) => ({
          childRef: randomUUID(),
          sex: c.sex,
          ageYears: c.ageYears ?? null,
          personal: {
            ...(c.name ? { name: c.name } : {}),
            ...(c.birthDate ? { birthDate: c.birthDate } : {}),
          },
        })),
        personal: {
          ...(dto.reporter
            ? {
                reporter: dto.reporter.anonymous
                  ? { anonymous: true, consentToContact: false }
                  : {
                      anonymous: false,
                      name: dto.reporter.name,
                      phone: dto.reporter.phone,
                      address: dto.reporter.address,
                      consentToContact: dto.reporter.consentToContact,
                    },
              }
            : {}),
          ...(dto.notes ? { notes: dto.notes } : {}),
        },
      },
    };
    const handled = await handleCommand(this.store, contactDecider, streamId(contactId), command, {
      streamType: CONTACT_STREAM,
      expectedVersion: 0,
      idempotency,
      result: (state, version) => toView(contactId, state, version),
    });
    return { view: handled.result, replayed: handled.replayed };
  }

  async refer(
    user: AuthUser,
    contactId: string,
    dto: ReferReportDto,
    expectedVersion: number | undefined,
    idempotency?: Idempotency,
  ): Promise<{ view: ContactView; replayed: boolean }> {
    const provinceCode = this.requireCommune(dto.communeCode, 'communeCode');
    const referralId = randomUUID();
    const command: ContactCommand = {
      type: 'ReferReport',
      referralId,
      communeCode: dto.communeCode,
      provinceCode,
      urgent: dto.urgent,
      metadata: commandMetadata(user, 'VN'),
    };
    const handled = await handleCommand(this.store, contactDecider, streamId(contactId), command, {
      streamType: CONTACT_STREAM,
      expectedVersion,
      idempotency,
      result: (state, version) => toView(contactId, state, version),
      toOutbox: (events, state, version) =>
        referralMessages(contactId, events, state, version, command.metadata),
    });
    this.logger.info({ contactId, referralId, communeCode: dto.communeCode }, 'report referred');
    return { view: handled.result, replayed: handled.replayed };
  }

  async get(contactId: string): Promise<ContactView> {
    const loaded = await load(this.store, contactDecider, streamId(contactId));
    if (loaded.version === 0) {
      throw new DomainError('CONTACT.NOT_FOUND', `No contact with id ${contactId}.`, 'not_found');
    }
    return toView(contactId, loaded.state, loaded.version);
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
    } else if (env.producer === 'casework') {
      // Every later step carries the case's status after it (CaseUpdatedV1).
      const d = env.data as CaseUpdatedV1;
      if (!d.contactId || !d.status) return;
      contactId = d.contactId;
      command = { type: 'UpdateCaseStatus', caseId: d.caseId, status: d.status, metadata };
    }
    if (!contactId || !command) return;
    // Cases opened from another intake's referrals (another deployment, an earlier database) are not ours.
    if ((await this.store.streamVersion(streamId(contactId), sql)) === 0) {
      this.logger.info(
        { caseId: (env.data as { caseId?: string }).caseId, type: env.type },
        'case event for a contact this intake does not hold; ignored',
      );
      return;
    }
    await handleCommand(this.store, contactDecider, streamId(contactId), command, {
      streamType: CONTACT_STREAM,
      sql,
      result: () => null,
    });
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

function referralMessages(
  contactId: string,
  events: Array<ContactEvent & { eventId: string; occurredAt: string }>,
  state: ContactState,
  version: number,
  meta: CommandMetadata,
): OutboxMessage[] {
  const contact = state.contact!;
  return events
    .filter((e) => e.type === 'ReportReferred')
    .map((e) => {
      const r = (e as Extract<ContactEvent, { type: 'ReportReferred' }>).data;
      // Only what casework needs: no names, no reporter, no notes (ARCHITECTURE §2 rule 11).
      const data: ReportReferredV1 = {
        contactId,
        referralId: r.referralId,
        communeCode: r.communeCode,
        provinceCode: r.provinceCode,
        receivedAt: contact.receivedAt,
        referredAt: r.referredAt,
        channel: contact.channel,
        urgent: r.urgent,
        children: contact.children.map((c) => ({ childRef: c.childRef, sex: c.sex, ageYears: c.ageYears })),
        concerns: contact.concerns,
      };
      return integrationMessage({
        topic: TOPICS.intakeContacts,
        producer: 'intake',
        type: 'ReportReferred',
        event: e,
        aggregateId: contactId,
        aggregateVersion: version,
        metadata: meta,
        data,
      });
    });
}

function toView(id: string, state: ContactState, version: number): ContactView {
  const c = state.contact!;
  return {
    id,
    version,
    status: state.status,
    receivedAt: c.receivedAt,
    channel: c.channel,
    purpose: c.purpose,
    concerns: c.concerns,
    incidentCommuneCode: c.incidentCommuneCode,
    immediateDanger: c.immediateDanger,
    children: c.children.map((ch) => ({
      childRef: ch.childRef,
      sex: ch.sex,
      ageYears: ch.ageYears,
      name: ch.personal.name ?? null,
      birthDate: ch.personal.birthDate ?? null,
    })),
    reporter: c.personal.reporter
      ? {
          anonymous: c.personal.reporter.anonymous,
          name: c.personal.reporter.name ?? null,
          phone: c.personal.reporter.phone ?? null,
          address: c.personal.reporter.address ?? null,
          consentToContact: c.personal.reporter.consentToContact,
        }
      : null,
    notes: c.personal.notes ?? null,
    referral: state.referral,
  };
}
