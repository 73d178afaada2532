/** Closing the case (Decree 56/2017 Ch. III step 13) and reopening it. */
import { DomainError } from '@cp/contracts';
import {
  mustComeFirst,
  invalid,
  requireOpen,
  requireNoSeparation,
  requireText,
  STEP_PATH,
} from '../../../domain/case.guards';
import { initialAssessmentDeadline, retentionFrom } from '../../../domain/case.deadlines';
import { decision, emit } from '../../../domain/case.decide';

export const decideCloseCase = decision('CloseCase', (command, state, now) => {
  requireOpen(state);
  const note = command.note.trim();
  switch (command.reason) {
    case 'plan_ended':
      throw mustComeFirst(
        'CASE.USE_END_PLAN',
        'endPlan',
        'A plan is ended by the chair on a review; end the plan',
      );
    case 'no_protection_need':
      if (
        !state.initialAssessment ||
        state.initialAssessment.outcome !== 'no_protection_need' ||
        state.level
      ) {
        throw new DomainError(
          'CASE.PROTECTION_NEED_ASSESSED',
          state.initialAssessment
            ? 'The assessment found a protection need; this reason does not apply.'
            : 'Record the initial assessment first (POST /cases/:id/initial-assessment).',
          'precondition',
          { requiredStep: STEP_PATH.initialAssessment },
        );
      }
      break;
    case 'not_verified':
      if (state.plan?.approved) {
        throw new DomainError(
          'CASE.ALREADY_VERIFIED',
          'A plan has been approved for this case; the report was verified.',
        );
      }
      break;
    case 'duplicate_merged':
      if (!command.mergedIntoCaseId || command.mergedIntoCaseId === state.caseId) {
        throw invalid('CASE.FIELD_REQUIRED', 'mergedIntoCaseId', 'name the case this one duplicates.');
      }
      break;
    case 'transferred_out':
      requireText('transferredTo', command.transferredTo, 'name where the case went (authority, country).');
      break;
    default:
      requireText('note', note, 'record the fact behind the closure (e.g. date of birth, certificate).');
  }
  requireNoSeparation(state, 'The child is still separated');
  return emit('CaseClosed', {
    reason: command.reason,
    note,
    mergedIntoCaseId: command.reason === 'duplicate_merged' ? command.mergedIntoCaseId! : null,
    transferredTo: command.reason === 'transferred_out' ? command.transferredTo!.trim() : null,
    closedAt: now,
    retention: retentionFrom(now, command.rules),
  });
});

export const decideReopenCase = decision('ReopenCase', (command, state, now) => {
  if (state.status !== 'closed') {
    throw new DomainError('CASE.NOT_CLOSED', 'The case is open; only a closed case is reopened.', 'conflict');
  }
  if (state.closure?.reason === 'deceased') {
    throw new DomainError(
      'CASE.CHILD_DECEASED',
      'The case was closed because the child died; it cannot be reopened.',
    );
  }
  return emit('CaseReopened', {
    reason: requireText('reason', command.reason, 'say why the case is reopened.'),
    reopenedAt: now,
    deadlines: [initialAssessmentDeadline(state, now, command.rules)],
  });
});
