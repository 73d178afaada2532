/** The deadlines a step starts (Decree 56 Ch. III), and the retention period a closure starts. */
import type { DeadlineV1 } from '@cp/contracts';
import type { CaseState } from './case.state';
import { addDays, addHours, addWorkingDays } from './deadline-policy';
import type { DeadlineRules } from './case.commands';
import type { PlanItem, Retention } from './case.events';

export const HOUR = 3_600_000;

export const DAY = 24 * HOUR;

/** The retention period a closure starts: the policy in force at the closure, recorded with it. */
export function retentionFrom(closedAt: string, rules: DeadlineRules): Retention {
  const days = rules.policy.retentionDaysAfterClosure;
  return { days, policyVersion: rules.policy.version, endsAt: addDays(closedAt, days) };
}

/**
 * When the closed case's retention period ends: as its closure recorded it (later for a report added
 * since), or, for a closure recorded before retention existed, by the policy in force now.
 */
export function retentionEnd(state: CaseState, rules: DeadlineRules): Retention {
  if (state.retention) return state.retention;
  const closedAt = state.closure!.closedAt;
  const starts = [closedAt, ...state.additionalReports.map((r) => r.addedAt).filter((a) => a > closedAt)];
  const ends = starts.map((at) => retentionFrom(at, rules));
  return ends.reduce((a, b) => (b.endsAt > a.endsAt ? b : a));
}

export const count = (state: CaseState, kind: DeadlineV1['kind']) =>
  state.deadlines.filter((d) => d.kind === kind).length;

export function deadline(
  kind: DeadlineV1['kind'],
  id: string,
  startedAt: string,
  dueAt: string,
  rules: DeadlineRules,
  rule: string,
  workingDays = false,
): DeadlineV1 {
  return {
    id,
    kind,
    dueAt,
    startedAt,
    policyVersion: rules.policy.version,
    calendarVersion: workingDays ? rules.calendar.version : null,
    rule,
    status: 'open',
    metAt: null,
    metRecordedAt: null,
    missedAt: null,
  };
}

export function initialAssessmentDeadline(
  state: CaseState,
  startedAt: string,
  rules: DeadlineRules,
): DeadlineV1 {
  const hours = rules.policy.initialAssessmentHours;
  return deadline(
    'initial_assessment',
    `initial_assessment:${count(state, 'initial_assessment') + 1}`,
    startedAt,
    addHours(startedAt, hours),
    rules,
    `Decree 56 Ch. III step 4: initial assessment within ${hours} h of receiving the information (legal maximum 12 h)`,
  );
}

export function planDraftDeadline(
  state: CaseState,
  startedAt: string,
  rules: DeadlineRules,
  why: string,
): DeadlineV1 {
  const days = rules.policy.planDraftWorkingDays;
  return deadline(
    'plan_draft',
    `plan_draft:${count(state, 'plan_draft') + 1}`,
    startedAt,
    addWorkingDays(startedAt, days, rules.calendar),
    rules,
    `Decree 56 Ch. III step 8: plan drafted and submitted within ${days} working days ${why}`,
    true,
  );
}

export function reviewDeadline(state: CaseState, startedAt: string, rules: DeadlineRules): DeadlineV1 {
  const days = rules.policy.reviewIntervalDays;
  return deadline(
    'review',
    `review:${count(state, 'review') + 1}`,
    startedAt,
    addDays(startedAt, days),
    rules,
    `Decree 56 Ch. III step 11: review every ${days} days while the plan is implemented (policy)`,
  );
}

export function itemDeadlines(
  planVersion: number,
  items: PlanItem[],
  startedAt: string,
  rules: DeadlineRules,
): DeadlineV1[] {
  return items.map((item) =>
    deadline(
      'plan_item',
      `plan_item:${planVersion}:${item.itemId}`,
      startedAt,
      // The end of the due date, local time (UTC+7).
      new Date(Date.parse(`${item.dueDate}T00:00:00Z`) + DAY - 7 * HOUR).toISOString(),
      { ...rules, policy: { ...rules.policy, version: `plan:${planVersion}` } },
      `Plan item due ${item.dueDate} (Mẫu 04, approved plan version ${planVersion})`,
    ),
  );
}
