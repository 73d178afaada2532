/** The needs meeting, the plan (Mẫu 04), its submission and the chair’s decision (Decree 56/2017 Ch. III steps 7–9). */
import { DomainError } from '@cp/contracts';
import {
  mustComeFirst,
  invalid,
  requireOpen,
  requireWorker,
  requireLevel,
  declared,
  requireText,
} from '../../../domain/case.guards';
import { count, deadline, reviewDeadline, itemDeadlines } from '../../../domain/case.deadlines';
import { isPending, type CaseState } from '../../../domain/case.state';
import { addWorkingDays } from '../../../domain/deadline-policy';
import { validatePlan } from './plan.guards';
import { decision, emit } from '../../../domain/case.decide';

/** The needs meeting and the plan both work from the detailed assessment. */
function requireDetailedAssessment(state: CaseState, what: string): void {
  if (!state.detailedAssessment) {
    throw mustComeFirst('CASE.DETAILED_ASSESSMENT_NOT_RECORDED', 'detailedAssessment', what);
  }
}

export const decideRecordNeedsMeeting = decision('RecordNeedsMeeting', (command, state, now) => {
  requireOpen(state);
  requireLevel(state);
  requireDetailedAssessment(state, 'The needs meeting works from the detailed assessment; record it');
  if (!command.participants.some((p) => p.role === 'commune_chair')) {
    throw invalid(
      'CASE.MEETING_WITHOUT_CHAIR',
      'participants',
      'the commune chair chairs the needs meeting.',
    );
  }
  const views = command.childViews;
  if (views.heard && !(views.summary ?? '').trim()) {
    throw invalid('CASE.FIELD_REQUIRED', 'childViews.summary', "record the child's views.");
  }
  if (!views.heard && !(views.reasonNotHeard ?? '').trim()) {
    throw invalid(
      'CASE.FIELD_REQUIRED',
      'childViews.reasonNotHeard',
      "say why the child's views were not heard.",
    );
  }
  return emit('NeedsMeetingHeld', {
    heldAt: declared('heldAt', command.heldAt, command, state),
    at: now,
    participants: command.participants.map((p) => ({ role: p.role, name: p.name?.trim() || null })),
    childViews: {
      heard: views.heard,
      summary: views.heard ? views.summary!.trim() : null,
      reasonNotHeard: views.heard ? null : views.reasonNotHeard!.trim(),
    },
    minutes: requireText('minutes', command.minutes, 'the minutes of the meeting are kept.'),
  });
});

export const decideDraftPlan = decision('DraftPlan', (command, state, now) => {
  requireOpen(state);
  requireWorker(state);
  const level = requireLevel(state);
  requireDetailedAssessment(state, 'Record the detailed assessment');
  if (!state.needsMeeting) {
    throw mustComeFirst('CASE.NEEDS_MEETING_NOT_HELD', 'needsMeeting', 'Hold and record the needs meeting');
  }
  const plan = state.plan;
  if (plan?.status === 'submitted') {
    throw new DomainError(
      'CASE.PLAN_AWAITING_DECISION',
      'The plan is with the chair for decision; it can be revised after it is returned.',
      'conflict',
    );
  }
  if (plan?.status === 'approved') {
    throw new DomainError(
      'CASE.PLAN_ALREADY_APPROVED',
      'The plan is approved; revise it after a review with outcome "revise" (POST /cases/:id/reviews).',
      'precondition',
      { requiredStep: 'reviews' },
    );
  }
  validatePlan(command, level);
  const revising = plan !== null && plan.status !== 'draft';
  return emit('PlanDrafted', {
    planVersion: (plan?.version ?? 0) + 1,
    goals: command.goals.map((g) => g.trim()).filter(Boolean),
    items: command.items.map((i) => ({
      ...i,
      description: i.description.trim(),
      responsibleBody: i.responsibleBody.trim(),
    })),
    revisionReason: revising
      ? requireText('revisionReason', command.revisionReason, 'say what the revision changes and why.')
      : (command.revisionReason?.trim() ?? null) || null,
    at: now,
  });
});

export const decideSubmitPlan = decision('SubmitPlan', (command, state, now) => {
  requireOpen(state);
  const plan = state.plan;
  if (!plan || plan.status !== 'draft') {
    if (plan?.status === 'submitted') return [];
    throw mustComeFirst('CASE.PLAN_NOT_DRAFTED', 'plan', 'Draft the plan (or its revision)');
  }
  const days = command.rules.policy.planApprovalWorkingDays;
  return emit('PlanSubmitted', {
    planVersion: plan.version,
    submittedAt: now,
    at: now,
    deadlines: [
      deadline(
        'plan_approval',
        `plan_approval:${count(state, 'plan_approval') + 1}`,
        now,
        addWorkingDays(now, days, command.rules.calendar),
        command.rules,
        `Decree 56 Ch. III step 9: the chair decides on the plan within ${days} working days (policy)`,
        true,
      ),
    ],
  });
});

export const decideDecidePlan = decision('DecidePlan', (command, state, now) => {
  requireOpen(state);
  const plan = state.plan;
  if (plan?.status !== 'submitted') {
    throw mustComeFirst('CASE.PLAN_NOT_SUBMITTED', 'planSubmission', 'The worker submits the plan');
  }
  if (command.decision === 'return') {
    return emit('PlanReturned', {
      planVersion: plan.version,
      reasons: requireText('reasons', command.reasons, 'say why the plan is returned and what to change.'),
      returnedAt: now,
      at: now,
    });
  }
  const deadlines = itemDeadlines(plan.version, plan.items, now, command.rules);
  if (!state.deadlines.some((d) => d.kind === 'review' && isPending(d))) {
    deadlines.unshift(reviewDeadline(state, now, command.rules));
  }
  return emit('PlanApproved', {
    planVersion: plan.version,
    decisionNo: command.decisionNo ?? null,
    approvedAt: now,
    at: now,
    deadlines,
  });
});
