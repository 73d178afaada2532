import { Injectable } from '@nestjs/common';
import type { AuthUser } from '@cp/auth';
import { AccessLog, fieldGroups, type setCommandHeaders } from '@cp/platform';
import type { ContactView } from '../read/contact-view';

export type Res = Parameters<typeof setCommandHeaders>[0];
export type Hdrs = Record<string, string | undefined>;

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
}
