import type { CommandMetadata } from '@cp/contracts';
import type { ContactRecorded } from './contact.events';
import { contactError } from './contact.errors';
import type { ContactState } from './contact.state';

/** The contact the command is about: 404 before it was recorded. */
export function requireContact(state: ContactState): ContactRecorded['data'] {
  if (!state.contact) throw contactError('CONTACT.NOT_FOUND', 'No contact with this id.', 'not_found');
  return state.contact;
}

/** A report still at the hotline: not yet referred, linked to a case, or closed. */
export function requireOpenReport(state: ContactState, action: string): ContactRecorded['data'] {
  const contact = requireContact(state);
  if (contact.purpose !== 'report') {
    throw contactError(
      'CONTACT.NOT_A_REPORT',
      `Only a report of abuse or risk can be ${action}; this contact is "${contact.purpose}" (prevention-level work, no case). Close it with its outcome.`,
    );
  }
  if (state.referral) {
    throw contactError(
      'CONTACT.ALREADY_REFERRED',
      `This report was already referred to commune ${state.referral.communeCode}.`,
      'conflict',
    );
  }
  if (state.linkedCase) {
    throw contactError(
      'CONTACT.ALREADY_LINKED',
      `This report was already added to case ${state.linkedCase.caseId}.`,
      'conflict',
    );
  }
  if (state.closure) throw contactError('CONTACT.CLOSED', 'This contact is closed.', 'conflict');
  return contact;
}

/** The alerts are the service's own (the follow-up watcher), never a user's. */
export function requireSystem(metadata: CommandMetadata): void {
  if (!metadata.actor.roles.includes('system')) {
    throw contactError('CONTACT.ROLE_NOT_ALLOWED', 'Only the service raises follow-up alerts.', 'forbidden');
  }
}
