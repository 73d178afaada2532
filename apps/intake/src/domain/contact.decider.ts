import type { Decider } from '@cp/contracts';
import { linkCase, updateCaseStatus } from '../stages/case-feedback/domain/case-feedback.decision';
import { closeContact } from '../stages/closure/domain/close-contact.decision';
import { erasePersonalData } from '../stages/erasure/domain/erase-personal-data.decision';
import { raiseFollowUpAlert, raiseForwardingAlert } from '../stages/follow-up/domain/follow-up.decision';
import { recordContact } from '../stages/record-contact/domain/record-contact.decision';
import { linkReportToCase, referReport } from '../stages/referral/domain/refer-report.decision';
import type { ContactCommand } from './contact.commands';
import type { ContactEvent } from './contact.events';
import { evolve, initialState, type ContactState } from './contact.state';

/** One command's decision: the command and the contact as it stands, to the new facts (no I/O, no clock). */
type Decision<K extends ContactCommand['type']> = (
  command: Extract<ContactCommand, { type: K }>,
  state: ContactState,
) => ContactEvent[];

/**
 * The decider as a table, one decision per command, each in the folder of its stage of the hotline's work.
 * The `satisfies` makes it exhaustive: a command type without its decision does not compile.
 */
const DECISIONS = {
  RecordContact: recordContact,
  CloseContact: closeContact,
  ReferReport: referReport,
  LinkReportToCase: linkReportToCase,
  LinkCase: linkCase,
  UpdateCaseStatus: updateCaseStatus,
  ErasePersonalData: erasePersonalData,
  RaiseForwardingAlert: raiseForwardingAlert,
  RaiseFollowUpAlert: raiseFollowUpAlert,
} satisfies { [K in ContactCommand['type']]: Decision<K> };

export function decide(command: ContactCommand, state: ContactState): ContactEvent[] {
  const decision = DECISIONS[command.type] as Decision<ContactCommand['type']>;
  return decision(command, state);
}

export const contactDecider: Decider<ContactState, ContactCommand, ContactEvent> = {
  initialState,
  evolve,
  decide,
};
