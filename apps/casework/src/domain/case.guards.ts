/** The preconditions the steps share: an open case, a worker, a level, declared times, required text. */
import { DomainError } from '@cp/contracts';
import { activeSeparation, type CaseState } from './case.state';
import { STEP_PATHS } from './case.next-steps';
import type { CaseCommand } from './case.commands';

/** A step recorded after the fact may say when it was done, within this tolerance of the server clock. */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** The HTTP step each precondition points at, so an error tells the user what to do first. */
export const STEP_PATH = {
  assignment: STEP_PATHS.AssignWorker,
  initialAssessment: STEP_PATHS.RecordInitialAssessment,
  detailedAssessment: STEP_PATHS.RecordDetailedAssessment,
  needsMeeting: STEP_PATHS.RecordNeedsMeeting,
  plan: STEP_PATHS.DraftPlan,
  planSubmission: STEP_PATHS.SubmitPlan,
  planDecision: STEP_PATHS.DecidePlan,
  review: STEP_PATHS.RecordReview,
  separation: STEP_PATHS.DecideSeparation,
  revokeSeparation: STEP_PATHS.RevokeSeparation,
  police: STEP_PATHS.NotifyPolice,
  reopen: STEP_PATHS.ReopenCase,
  endPlan: STEP_PATHS.EndPlan,
  closure: STEP_PATHS.CloseCase,
} as const;

export function mustComeFirst(code: string, step: keyof typeof STEP_PATH, what: string): DomainError {
  return new DomainError(code, `${what} first (POST /cases/:id/${STEP_PATH[step]}).`, 'precondition', {
    requiredStep: STEP_PATH[step],
  });
}

export function invalid(code: string, field: string, detail: string): DomainError {
  return new DomainError(code, `${field}: ${detail}`, 'invalid', { field });
}

export function requireOpen(state: CaseState): void {
  if (!state.exists) throw new DomainError('CASE.NOT_FOUND', 'No case with this id.', 'not_found');
  if (state.status === 'closed') {
    throw mustComeFirst('CASE.CLOSED', 'reopen', 'The case is closed; reopen it');
  }
}

export function requireWorker(state: CaseState): void {
  if (!state.assignedWorkerId) {
    throw mustComeFirst('CASE.WORKER_NOT_ASSIGNED', 'assignment', 'Assign the commune worker');
  }
}

export function requireLevel(state: CaseState): NonNullable<CaseState['level']> {
  if (!state.initialAssessment) {
    throw mustComeFirst(
      'CASE.INITIAL_ASSESSMENT_NOT_RECORDED',
      'initialAssessment',
      'Record the initial assessment',
    );
  }
  if (!state.level) {
    throw new DomainError(
      'CASE.NO_PROTECTION_NEED',
      'The initial assessment found no protection need; close the case with reason no_protection_need or change the level with a reason.',
    );
  }
  return state.level;
}

/** A time the user declares for a step: not in the future, not before the report was received. */
export function declared(
  field: string,
  value: string | undefined,
  command: CaseCommand,
  state: CaseState,
): string {
  const now = command.metadata.now;
  if (value === undefined) return now;
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw invalid('CASE.INVALID_TIME', field, 'must be an ISO 8601 instant.');
  if (t > Date.parse(now) + CLOCK_SKEW_MS)
    throw invalid('CASE.TIME_IN_FUTURE', field, 'cannot be in the future.');
  const receivedAt = state.opened?.receivedAt;
  if (receivedAt && t < Date.parse(receivedAt)) {
    throw invalid(
      'CASE.TIME_BEFORE_REPORT',
      field,
      `cannot be before the report was received (${receivedAt}).`,
    );
  }
  return new Date(t).toISOString();
}

/** Closing, ending the plan, transfer and de-escalation wait until the child is no longer separated. */
export function requireNoSeparation(state: CaseState, why: string): void {
  if (activeSeparation(state))
    throw mustComeFirst('CASE.SEPARATION_ACTIVE', 'revokeSeparation', `${why}; revoke the separation`);
}

export function requireText(field: string, value: string | null | undefined, what: string): string {
  const v = (value ?? '').trim();
  if (!v) throw invalid('CASE.FIELD_REQUIRED', field, what);
  return v;
}

export function requireCode<T extends string>(
  code: string,
  field: string,
  value: T,
  allowed: readonly T[],
): T {
  if (!allowed.includes(value)) {
    throw invalid(code, field, `one of ${allowed.join(', ')}.`);
  }
  return value;
}
