import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import {
  TOPICS,
  type CaseOpenedV1,
  type CaseUpdatedV1,
  type ErasureCascadeV1,
  type IntegrationEnvelope,
  type PersonalDataErasedV1,
} from '@cp/contracts';
import { EventStore, type Sql } from '@cp/event-store';
import type { Logger } from '@cp/observability';
import { LOGGER, MessagingLifecycle, commandMetadataFromEvent } from '@cp/platform';
import type { ContactCommand } from '../domain/contact.commands';
import { erasureCommand } from '../stages/erasure/erase-contact.command';
import { streamId } from '../write/contact-stream';
import { ContactWriter } from '../write/contact-writer';

/** Case steps that change whether the hotline may erase a contact of the case (closure, retention, hold). */
const CASE_RECORD_STEPS = new Set([
  'CaseClosed',
  'CaseReopened',
  'ReportAdded',
  'LegalHoldPlaced',
  'LegalHoldReleased',
]);

/**
 * intake on the broker: it publishes its contacts' messages (contact-messages.ts, through the outbox) and
 * hears casework's case events back, which become commands on the contacts they came from.
 */
@Injectable()
export class CaseFeedbackConsumer implements OnModuleInit {
  constructor(
    private readonly store: EventStore,
    private readonly writer: ContactWriter,
    private readonly messaging: MessagingLifecycle,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.messaging.producesTo(TOPICS.intakeContacts);
    this.messaging.consume('case-feedback', [TOPICS.caseworkCases], (env, ctx) =>
      this.onCaseEvent(env, ctx.sql),
    );
  }

  /** Case events flow back so the counsellor sees what became of the report (follow-up). */
  async onCaseEvent(env: IntegrationEnvelope, sql: Sql): Promise<void> {
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
        await this.writer.run(
          id,
          // The case keeps the request's reference; the contact records which case it followed.
          erasureCommand(
            { basis: details.basis ?? 'other', reference: null, viaCaseId: d.caseId, cascade },
            metadata,
          ),
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
          const repeat = await this.writer.load(contact_id, sql);
          if (repeat.version > 0) await this.writer.run(contact_id, update(), { sql, loaded: repeat });
        }
      }
      if (!d.contactId) return;
      contactId = d.contactId;
      command = update();
    }
    if (!contactId || !command) return;
    // Cases opened from another intake's referrals (another deployment, an earlier database) are not ours.
    const loaded = await this.writer.load(contactId, sql);
    if (loaded.version === 0) {
      this.logger.info(
        { caseId: (env.data as { caseId?: string }).caseId, type: env.type },
        'case event for a contact this intake does not hold; ignored',
      );
      return;
    }
    await this.writer.run(contactId, command, { sql, loaded });
  }
}
