import { DomainError, type Decider } from '@cp/contracts';
import {
  decideOpenCase,
  decideAssignWorker,
  decideRecordResidence,
  decideAddReport,
} from '../stages/report-and-verification/domain/report-and-verification.decide';
import {
  decideRecordInitialAssessment,
  decideRecordDetailedAssessment,
  decideChangeLevel,
} from '../stages/assessment/domain/assessment.decide';
import {
  decideTakeEmergencyMeasures,
  decideDecideSeparation,
  decideExtendSeparation,
  decideRevokeSeparation,
} from '../stages/emergency-and-separation/domain/emergency-and-separation.decide';
import {
  decideRecordNeedsMeeting,
  decideDraftPlan,
  decideSubmitPlan,
  decideDecidePlan,
} from '../stages/plan/domain/plan.decide';
import {
  decideRecordService,
  decideRecordReview,
  decideEndPlan,
} from '../stages/services-and-reviews/domain/services-and-reviews.decide';
import { decideNotifyPolice, decideRecordCriminalOutcome } from '../stages/police/domain/police.decide';
import {
  decideRequestTransfer,
  decideAcceptTransfer,
  decideDeclineTransfer,
} from '../stages/transfer/domain/transfer.decide';
import {
  decideCloseCase,
  decideReopenCase,
} from '../stages/closure-and-reopening/domain/closure-and-reopening.decide';
import {
  decideErasePersonalData,
  decideRequestErasure,
  decideApproveErasure,
  decideRejectErasure,
  decidePlaceLegalHold,
  decideReleaseLegalHold,
} from '../stages/erasure/domain/erasure.decide';
import { decideMarkDeadlinesMissed } from '../stages/deadlines/domain/deadlines.decide';
import { authorise } from './case.authorise';
import type { CaseCommand } from './case.commands';
import type { Decide, DecisionTable } from './case.decide';
import type { CaseEvent } from './case.events';
import { evolve } from './case.evolve';
import { initialState, type CaseState } from './case.state';

export { evolve } from './case.evolve';
export { initialState, type CaseState } from './case.state';
export { erasureCascade } from '../stages/erasure/domain/erasure.guards';

/**
 * The case's decisions, one per command, grouped by the stage of the Decree 56/2017 procedure they belong
 * to (docs/casework-procedure.md). Each stage's functions live in apps/casework/src/stages/<stage>/domain.
 */
export const DECISIONS = {
  // report-and-verification
  OpenCase: decideOpenCase,
  AssignWorker: decideAssignWorker,
  RecordResidence: decideRecordResidence,
  AddReport: decideAddReport,
  // assessment
  RecordInitialAssessment: decideRecordInitialAssessment,
  RecordDetailedAssessment: decideRecordDetailedAssessment,
  ChangeLevel: decideChangeLevel,
  // emergency-and-separation
  TakeEmergencyMeasures: decideTakeEmergencyMeasures,
  DecideSeparation: decideDecideSeparation,
  ExtendSeparation: decideExtendSeparation,
  RevokeSeparation: decideRevokeSeparation,
  // plan
  RecordNeedsMeeting: decideRecordNeedsMeeting,
  DraftPlan: decideDraftPlan,
  SubmitPlan: decideSubmitPlan,
  DecidePlan: decideDecidePlan,
  // services-and-reviews
  RecordService: decideRecordService,
  RecordReview: decideRecordReview,
  EndPlan: decideEndPlan,
  // police
  NotifyPolice: decideNotifyPolice,
  RecordCriminalOutcome: decideRecordCriminalOutcome,
  // transfer
  RequestTransfer: decideRequestTransfer,
  AcceptTransfer: decideAcceptTransfer,
  DeclineTransfer: decideDeclineTransfer,
  // closure-and-reopening
  CloseCase: decideCloseCase,
  ReopenCase: decideReopenCase,
  // erasure
  ErasePersonalData: decideErasePersonalData,
  RequestErasure: decideRequestErasure,
  ApproveErasure: decideApproveErasure,
  RejectErasure: decideRejectErasure,
  PlaceLegalHold: decidePlaceLegalHold,
  ReleaseLegalHold: decideReleaseLegalHold,
  // deadlines
  MarkDeadlinesMissed: decideMarkDeadlinesMissed,
} as const satisfies DecisionTable;

/** The whole case's decider: the case must exist (but for opening it), the actor be entitled, then the step decides. */
export function decide(command: CaseCommand, state: CaseState): CaseEvent[] {
  if (command.type !== 'OpenCase') {
    if (!state.exists) throw new DomainError('CASE.NOT_FOUND', 'No case with this id.', 'not_found');
  }
  authorise(command, state);
  return (DECISIONS[command.type] as Decide<CaseCommand>)(command, state);
}

export const caseDecider: Decider<CaseState, CaseCommand, CaseEvent> = { initialState, evolve, decide };
