import { addMinutes } from '../../../domain/clock-policy';
import type { RecordContact } from '../../../domain/contact.commands';
import { contactError, invalid } from '../../../domain/contact.errors';
import type { ContactRecorded } from '../../../domain/contact.events';
import type { ContactState } from '../../../domain/contact.state';

/** Mẫu 01 recorded: a report starts the forwarding clock at its receipt ("chuyển ngay"). */
export function recordContact(command: RecordContact, state: ContactState): ContactRecorded[] {
  const now = command.metadata.now;
  if (state.status !== 'none') {
    throw contactError('CONTACT.ALREADY_RECORDED', 'This contact has already been recorded.', 'conflict');
  }
  const d = command.data;
  if (d.purpose === 'report') {
    // Mẫu 01: a report is about at least one child and at least one concern.
    if (d.children.length === 0) {
      throw invalid('CONTACT.CHILD_REQUIRED', 'children', 'a report must name at least one child.');
    }
    if (d.concerns.length === 0) {
      throw invalid('CONTACT.CONCERN_REQUIRED', 'concerns', 'a report must state at least one concern.');
    }
  }
  if (d.sexualAbuseSubtypes?.length && !d.concerns.includes('sexual_abuse')) {
    throw invalid(
      'CONTACT.SUBTYPE_WITHOUT_SEXUAL_ABUSE',
      'sexualAbuseSubtypes',
      'give these only when the concerns include sexual_abuse.',
    );
  }
  if (Date.parse(d.receivedAt) > Date.parse(now) + 5 * 60_000) {
    throw invalid('CONTACT.RECEIVED_IN_FUTURE', 'receivedAt', 'cannot be later than now.');
  }
  const clocks = command.clocks;
  const clock =
    d.purpose === 'report' && clocks
      ? { forwardBy: addMinutes(d.receivedAt, clocks.forwardingMinutes), clockPolicy: clocks.version }
      : {};
  return [{ type: 'ContactRecorded', data: { ...d, ...clock } }];
}
