import { Controller, Injectable, Param, ParseUUIDPipe, applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '@cp/auth';
import { AccessLog, fieldGroups, commandGuards, setCommandHeaders, type CommandCall } from '@cp/platform';
import type { ContactView } from '../read/contact-view';
import type { CommandOutcome } from '../write/contact-writer';

export type Res = Parameters<typeof setCommandHeaders>[0];

/** A stage's controller: at the root of the API, tagged `contacts` in the OpenAPI document, behind a bearer token. */
export const ContactController = () => applyDecorators(ApiTags('contacts'), ApiBearerAuth(), Controller());

/** The contact in the route: a UUID, 400 otherwise. */
export const ContactId = () => Param('id', new ParseUUIDPipe());

/** The If-Match and idempotency of a command on a contact, its idempotency scoped `intake.<scope>:<contact id>`. */
export const contactGuards = (call: CommandCall, scope: string, id: string, body: unknown) =>
  commandGuards(call, `intake.${scope}:${id}`, body);

/** Contacts, reporters and notes are for the hotline only (docs/privacy.md: reporters are confidential). */
export const HOTLINE = ['hotline_counsellor', 'hotline_supervisor'] as const;
/**
 * The other bodies that receive reports and record Mẫu 01 (Decree 56 Art. 25.1): a provincial officer (Sở Y
 * tế) for the communes of their province, a commune worker for their own communes. They record, search for
 * duplicates, read and refer the reports of their jurisdiction; the rest of the hotline's work stays its own.
 */
export const RECEIVERS = [...HOTLINE, 'provincial_officer', 'commune_worker'] as const;

/**
 * The OpenAPI operation id of an endpoint: the one it had when the contacts' endpoints were one controller,
 * kept so the console's generated client (apps/console/src/api/generated) does not change.
 */
export const operationId = (method: string) => `ContactsController_${method}`;

/** What a read of a contact discloses, by group of the contact view (recorded in the access trail by name). */
export const CONTACT_FIELD_GROUPS = {
  report: [
    'receivedAt',
    'channel',
    'purpose',
    'category',
    'concerns',
    'sexualAbuseSubtypes',
    'immediateDanger',
  ],
  children: ['children'],
  reporter: ['reporter', 'callerType'],
  incident: ['place', 'currentCondition', 'actionsTaken'],
  alleged_abuser: ['allegedAbusers'],
  notes: ['notes'],
  referral: ['referral', 'linkedCase'],
  closure: ['closure'],
} as const;

/** The access trail of what the contacts' endpoints answer (docs/privacy.md). */
@Injectable()
export class ContactReads {
  constructor(private readonly access: AccessLog) {}

  /**
   * A command answers the whole contact. When it changed the contact, its event names who and when; when it
   * changed nothing (asked again, or a repeat of an Idempotency-Key) the answer is only a read, and is
   * recorded as one.
   */
  async readIfUnchanged(
    user: AuthUser,
    view: ContactView,
    replayed: boolean,
    appended: number,
  ): Promise<void> {
    if (!replayed && appended > 0) return;
    await this.access.recordRead(user, {
      recordKind: 'contact',
      recordId: view.id,
      caseId: view.referral?.caseId ?? view.linkedCase?.caseId ?? null,
      view: replayed ? 'command_replayed' : 'command_unchanged',
      fields: fieldGroups(view, CONTACT_FIELD_GROUPS),
      version: view.version,
      communes: [view.incidentCommuneCode, view.referral?.communeCode],
    });
  }

  /** What a command on a contact answers: the contact, its version as the ETag, the audit if unchanged. */
  async answer({ user, res }: CommandCall, outcome: CommandOutcome): Promise<ContactView> {
    const { view, replayed, appended } = outcome;
    await this.readIfUnchanged(user, view, replayed, appended);
    setCommandHeaders(res, view.version, { replayed });
    return view;
  }
}
