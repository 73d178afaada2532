/** Notifying the police of a suspected offence and recording its criminal outcome. */
import { DomainError } from '@cp/contracts';
import { mustComeFirst, invalid, requireOpen, declared, requireText } from '../../../domain/case.guards';
import { decision, emit } from '../../../domain/case.decide';

export const decideNotifyPolice = decision('NotifyPolice', (command, state, now) => {
  requireOpen(state);
  if (state.police) {
    throw new DomainError(
      'CASE.POLICE_ALREADY_NOTIFIED',
      `The police (${state.police.policeUnit}) were notified at ${state.police.notifiedAt}.`,
      'conflict',
    );
  }
  return emit('PoliceNotified', {
    notifiedAt: declared('notifiedAt', command.notifiedAt, command, state),
    policeUnit: requireText('policeUnit', command.policeUnit, 'name the police unit notified.'),
    reference: command.reference?.trim() || null,
    at: now,
  });
});

export const decideRecordCriminalOutcome = decision('RecordCriminalOutcome', (command, state, now) => {
  if (!state.police) {
    throw mustComeFirst('CASE.POLICE_NOT_NOTIFIED', 'police', 'Record that the police were notified');
  }
  const decidedAt = declared('decidedAt', command.decidedAt, command, state);
  if (Date.parse(decidedAt) < Date.parse(state.police.notifiedAt)) {
    throw invalid('CASE.INVALID_TIME', 'decidedAt', 'cannot be before the police were notified.');
  }
  return emit('CriminalOutcomeRecorded', {
    outcome: command.outcome,
    decidedAt,
    note: command.note.trim(),
    at: now,
  });
});
