/** Services delivered under the plan, its reviews and its end (Decree 56/2017 Ch. III steps 10–12). */
import type { DeadlineV1 } from '@cp/contracts';
import {
  mustComeFirst,
  invalid,
  requireOpen,
  declared,
  requireNoSeparation,
  requireText,
} from '../../../domain/case.guards';
import { planDraftDeadline, reviewDeadline, retentionFrom } from '../../../domain/case.deadlines';
import { STABILITY_ASPECTS } from '../../../domain/case.vocabulary';
import { decision, emit, event } from '../../../domain/case.decide';

export const decideRecordService = decision('RecordService', (command, state, now) => {
  requireOpen(state);
  const approved = state.plan?.approved;
  if (!approved || state.plan?.status === 'ended') {
    throw mustComeFirst(
      'CASE.PLAN_NOT_APPROVED',
      'planDecision',
      'Services are delivered against an approved plan; the chair approves it',
    );
  }
  if (!approved.items.some((i) => i.itemId === command.itemId)) {
    throw invalid(
      'CASE.UNKNOWN_PLAN_ITEM',
      'itemId',
      `not an item of the approved plan (version ${approved.version}); items: ${approved.items.map((i) => i.itemId).join(', ')}.`,
    );
  }
  const deliveredAt = declared('deliveredAt', command.deliveredAt, command, state);
  return emit('ServiceDelivered', {
    serviceId: command.serviceId,
    itemId: command.itemId,
    deliveredAt,
    provider: requireText('provider', command.provider, 'name who delivered the service.'),
    description: command.description.trim(),
    completesItem: command.completesItem,
    at: now,
  });
});

export const decideRecordReview = decision('RecordReview', (command, state, now) => {
  requireOpen(state);
  if (state.status !== 'implementing') {
    throw mustComeFirst(
      'CASE.PLAN_NOT_APPROVED',
      'planDecision',
      'Reviews follow the implementation of an approved plan; the chair approves it',
    );
  }
  const reviewedAt = declared('reviewedAt', command.reviewedAt, command, state);
  if (command.outcome === 'end') {
    const unstable = STABILITY_ASPECTS.filter((a) => !command.stability[a]);
    if (!command.childSafe || unstable.length) {
      throw invalid(
        'CASE.END_REQUIRES_SAFE_AND_STABLE',
        command.childSafe ? `stability.${unstable[0]}` : 'childSafe',
        'the plan ends only when the child is no longer at risk and is stable physically, psychologically, cognitively and emotionally (Decree 56 Art. 30); choose continue or revise.',
      );
    }
  }
  const deadlines: DeadlineV1[] = [];
  if (command.outcome === 'continue') deadlines.push(reviewDeadline(state, reviewedAt, command.rules));
  if (command.outcome === 'revise') {
    deadlines.push(
      planDraftDeadline(state, reviewedAt, command.rules, 'of the review that asked for a revision'),
    );
  }
  return emit('ReviewRecorded', {
    reviewedAt,
    at: now,
    scores: command.scores,
    childSafe: command.childSafe,
    stability: command.stability,
    outcome: command.outcome,
    notes: command.notes.trim(),
    deadlines,
  });
});

export const decideEndPlan = decision('EndPlan', (command, state, now) => {
  requireOpen(state);
  const last = state.reviews[state.reviews.length - 1];
  if (state.status !== 'implementing' || !last || last.outcome !== 'end') {
    throw mustComeFirst(
      'CASE.REVIEW_NOT_RECOMMENDING_END',
      'review',
      'The plan ends on a review that finds the child safe and stable (outcome "end"); record that review',
    );
  }
  requireNoSeparation(state, 'The child is still separated');
  return [
    event('PlanEnded', { endedAt: now, at: now, note: command.note.trim() }),
    event('CaseClosed', {
      reason: 'plan_ended',
      note: command.note.trim(),
      mergedIntoCaseId: null,
      transferredTo: null,
      closedAt: now,
      retention: retentionFrom(now, command.rules),
    }),
  ];
});
