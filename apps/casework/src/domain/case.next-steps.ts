import type { CaseCommandType } from './case.commands';
import { STEP_RULES } from './case.permissions';
import { activeSeparation, isPending, type CaseState } from './case.state';

export interface NextStep {
  /** The HTTP step: POST /cases/:id/<step>. */
  step: string;
  command: CaseCommandType;
  roles: readonly string[];
  /** The deadline the step meets, if one is pending. */
  dueAt: string | null;
}

/** Where each command is posted; the controller's routes use the same paths. */
export const STEP_PATHS: Record<
  Exclude<CaseCommandType, 'OpenCase' | 'AddReport' | 'MarkDeadlinesMissed'>,
  string
> = {
  AssignWorker: 'assignment',
  RecordResidence: 'residence',
  RecordInitialAssessment: 'initial-assessment',
  TakeEmergencyMeasures: 'emergency-measures',
  DecideSeparation: 'separation',
  ExtendSeparation: 'separation/extension',
  RevokeSeparation: 'separation/revocation',
  RecordDetailedAssessment: 'detailed-assessment',
  RecordNeedsMeeting: 'needs-meeting',
  DraftPlan: 'plan',
  SubmitPlan: 'plan/submission',
  DecidePlan: 'plan/decision',
  RecordService: 'services',
  RecordReview: 'reviews',
  EndPlan: 'plan/end',
  CloseCase: 'closure',
  ReopenCase: 'reopening',
  ChangeLevel: 'level',
  NotifyPolice: 'police-notification',
  RecordCriminalOutcome: 'criminal-outcome',
  RequestTransfer: 'transfer',
  AcceptTransfer: 'transfer/acceptance',
  DeclineTransfer: 'transfer/decline',
  ErasePersonalData: 'erasure',
  RequestErasure: 'erasure-request',
  ApproveErasure: 'erasure-request/approval',
  RejectErasure: 'erasure-request/rejection',
  PlaceLegalHold: 'legal-holds',
  ReleaseLegalHold: 'legal-holds/release',
};

/**
 * The steps of the procedure that make sense now, in the order a worker would take them — what a
 * work list shows as "to do". The decider remains the judge; this is guidance.
 */
export function nextSteps(state: CaseState): NextStep[] {
  if (!state.exists) return [];
  const out: CaseCommandType[] = [];
  if (state.status === 'closed') {
    if (state.closure?.reason !== 'deceased') out.push('ReopenCase');
    // The province's to-do: a commune's erasure request waits for its decision.
    if (state.erasureRequest) out.push('ApproveErasure', 'RejectErasure');
    return out.map((c) => toStep(state, c));
  }
  if (state.pendingTransfer) out.push('AcceptTransfer', 'DeclineTransfer');
  if (!state.assignedWorkerId) out.push('AssignWorker');
  const assessment = state.initialAssessment;
  const emergency = assessment && (assessment.seriousThreat || assessment.caregiverIsAbuser);
  if (!assessment) {
    if (state.assignedWorkerId) out.push('RecordInitialAssessment');
    out.push('TakeEmergencyMeasures');
  } else if (!state.level) {
    out.push('CloseCase', 'ChangeLevel');
  } else {
    if (emergency && state.emergencyMeasures.length === 0) out.push('TakeEmergencyMeasures');
    const separation = activeSeparation(state);
    if (separation) out.push('ExtendSeparation', 'RevokeSeparation');
    else if (state.level === 'intervention' && emergency) out.push('DecideSeparation');
    const plan = state.plan;
    if (!state.detailedAssessment) out.push('RecordDetailedAssessment');
    else if (!state.needsMeeting) out.push('RecordNeedsMeeting');
    else if (!plan || plan.status === 'returned' || plan.status === 'revising') out.push('DraftPlan');
    else if (plan.status === 'draft') out.push('DraftPlan', 'SubmitPlan');
    else if (plan.status === 'submitted') out.push('DecidePlan');
    if (state.status === 'implementing') {
      if (state.reviews[state.reviews.length - 1]?.outcome === 'end') out.push('EndPlan');
      out.push('RecordService', 'RecordReview');
    }
  }
  if (!state.police) out.push('NotifyPolice');
  else out.push('RecordCriminalOutcome');
  if (!state.pendingTransfer) out.push('RequestTransfer');
  if (!out.includes('CloseCase')) out.push('CloseCase');
  return [...new Set(out)].map((c) => toStep(state, c));
}

const MEETS: Partial<Record<CaseCommandType, string>> = {
  RecordInitialAssessment: 'initial_assessment',
  TakeEmergencyMeasures: 'emergency_measures',
  RecordDetailedAssessment: 'detailed_assessment',
  SubmitPlan: 'plan_draft',
  DraftPlan: 'plan_draft',
  DecidePlan: 'plan_approval',
  RecordReview: 'review',
  RevokeSeparation: 'separation_end',
  ExtendSeparation: 'separation_end',
};

function toStep(state: CaseState, command: CaseCommandType): NextStep {
  const kind = MEETS[command];
  const due = kind ? state.deadlines.filter((d) => d.kind === kind && isPending(d)).map((d) => d.dueAt) : [];
  return {
    step: STEP_PATHS[command as keyof typeof STEP_PATHS],
    command,
    roles: STEP_RULES[command].roles,
    dueAt: due.sort()[0] ?? null,
  };
}
