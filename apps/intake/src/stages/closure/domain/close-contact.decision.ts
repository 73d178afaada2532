import type { CloseContact } from '../../../domain/contact.commands';
import { contactError, invalid } from '../../../domain/contact.errors';
import type { ContactClosed } from '../../../domain/contact.events';
import { requireContact } from '../../../domain/contact.guards';
import type { ContactState } from '../../../domain/contact.state';

/** Outcomes a report may close with at the hotline: it turned out to need no action. */
const REPORT_CLOSING_OUTCOMES = ['no_action_needed', 'not_child_protection', 'call_dropped', 'other'];

/** A contact closed at the hotline with its outcome (prevention level); closing twice changes nothing. */
export function closeContact(command: CloseContact, state: ContactState): ContactClosed[] {
  const contact = requireContact(state);
  if (state.referral || state.linkedCase) {
    throw contactError(
      'CONTACT.ALREADY_REFERRED',
      'A report passed on to a commune is followed until its case closes; it is not closed at the hotline.',
      'conflict',
    );
  }
  if (state.closure) return [];
  if (contact.purpose === 'report' && !REPORT_CLOSING_OUTCOMES.includes(command.outcome)) {
    throw invalid(
      'CONTACT.REPORT_NEEDS_REFERRAL',
      'outcome',
      'a report of abuse or risk is referred to the commune (or added to its existing case); close it only if it turned out to need no action.',
    );
  }
  const note = command.note?.trim();
  return [
    {
      type: 'ContactClosed',
      data: { outcome: command.outcome, closedAt: command.metadata.now, ...(note ? { note } : {}) },
    },
  ];
}
