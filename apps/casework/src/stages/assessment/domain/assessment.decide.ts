/** Assessing the child: the initial assessment within 12 hours (Mẫu 02), the detailed assessment (Mẫu 03), and a change of level (Decree 56/2017 Ch. III steps 4 and 6). */
import { DomainError, type DeadlineV1 } from '@cp/contracts';
import {
  invalid,
  requireOpen,
  requireWorker,
  requireLevel,
  declared,
  requireNoSeparation,
  requireText,
} from '../../../domain/case.guards';
import { count, deadline, planDraftDeadline } from '../../../domain/case.deadlines';
import { addHours, addWorkingDays } from '../../../domain/deadline-policy';
import { decision, emit } from '../../../domain/case.decide';

export const decideRecordInitialAssessment = decision('RecordInitialAssessment', (command, state, now) => {
  requireOpen(state);
  requireWorker(state);
  if (state.initialAssessment) {
    throw new DomainError(
      'CASE.INITIAL_ASSESSMENT_ALREADY_RECORDED',
      'The initial assessment is recorded; to change the protection level use POST /cases/:id/level.',
      'conflict',
    );
  }
  const assessedAt = declared('assessedAt', command.assessedAt, command, state);
  if ((command.seriousThreat || command.caregiverIsAbuser) && command.outcome !== 'intervention') {
    throw invalid(
      'CASE.THREAT_REQUIRES_INTERVENTION',
      'outcome',
      'a serious threat to life, health or dignity, or a caregiver who is the abuser, calls for intervention.',
    );
  }
  const deadlines: DeadlineV1[] = [];
  const rules = command.rules;
  const receivedAt = state.opened!.receivedAt;
  const emergency = command.seriousThreat || command.caregiverIsAbuser;
  if (emergency && state.emergencyMeasures.length === 0) {
    deadlines.push(
      deadline(
        'emergency_measures',
        `emergency_measures:${count(state, 'emergency_measures') + 1}`,
        receivedAt,
        addHours(receivedAt, rules.policy.initialAssessmentHours),
        rules,
        `Decree 56 Ch. III step 5: emergency measures within ${rules.policy.initialAssessmentHours} h of receiving the information (legal maximum 12 h)`,
      ),
    );
  }
  if (command.outcome !== 'no_protection_need') {
    const days = rules.policy.detailedAssessmentWorkingDays;
    if (days !== null) {
      deadlines.push(
        deadline(
          'detailed_assessment',
          `detailed_assessment:${count(state, 'detailed_assessment') + 1}`,
          assessedAt,
          addWorkingDays(assessedAt, days, rules.calendar),
          rules,
          `Local policy: detailed assessment (Mẫu 03) within ${days} working days of the initial assessment`,
          true,
        ),
      );
    }
    deadlines.push(planDraftDeadline(state, assessedAt, rules, 'of the initial assessment'));
  }
  return emit('InitialAssessmentRecorded', {
    assessedAt,
    at: now,
    scores: command.scores,
    seriousThreat: command.seriousThreat,
    caregiverIsAbuser: command.caregiverIsAbuser,
    outcome: command.outcome,
    summary: command.summary.trim(),
    deadlines,
  });
});

export const decideRecordDetailedAssessment = decision('RecordDetailedAssessment', (command, state, now) => {
  requireOpen(state);
  requireWorker(state);
  requireLevel(state);
  if (state.plan?.approved) {
    throw new DomainError(
      'CASE.PLAN_ALREADY_APPROVED',
      'The plan is approved; new findings go into a review (POST /cases/:id/reviews).',
      'conflict',
    );
  }
  if (command.needs.length === 0) throw invalid('CASE.FIELD_REQUIRED', 'needs', 'name at least one need.');
  return emit('DetailedAssessmentRecorded', {
    assessedAt: declared('assessedAt', command.assessedAt, command, state),
    at: now,
    scores: command.scores,
    needs: [...new Set(command.needs)],
    assistedBy: command.assistedBy ?? null,
    summary: command.summary.trim(),
  });
});

export const decideChangeLevel = decision('ChangeLevel', (command, state, now) => {
  requireOpen(state);
  const from = requireLevel(state);
  if (from === command.to) return [];
  if (command.to === 'support') requireNoSeparation(state, 'A separated child is at the intervention level');
  return emit('ProtectionLevelChanged', {
    from,
    to: command.to,
    reason: requireText('reason', command.reason, 'every change of level has a reason.'),
    at: now,
  });
});
