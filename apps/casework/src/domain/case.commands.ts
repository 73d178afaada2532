import type {
  AbuseSetting,
  CaseChildV1,
  ChildCategory,
  ClosureReason,
  CommandMetadata,
  Concern,
  ErasureBasis,
  ErasureRejectionReason,
  LegalHoldReason,
  LegalHoldReleaseReason,
} from '@cp/contracts';
import type { CaseIdentity, CaseSource, Level, Mau01Report, PlanItem } from './case.events';
import type {
  AssessmentOutcome,
  CriminalOutcome,
  EmergencyMeasure,
  MeasureBody,
  MeetingRole,
  Need,
  Placement,
  ReviewOutcome,
  RiskScores,
  StabilityAspect,
} from './case.vocabulary';
import type { DeadlinePolicy, WorkingCalendar } from './deadline-policy';

/** What a command needs to compute deadlines: the locality's policy in force and the working calendar. */
export interface DeadlineRules {
  policy: DeadlinePolicy;
  calendar: WorkingCalendar;
}

interface Base {
  metadata: CommandMetadata;
  rules: DeadlineRules;
}

export interface OpenCase extends Base {
  type: 'OpenCase';
  caseId: string;
  source: CaseSource;
  incidentCommuneCode: string;
  provinceCode: string;
  residenceCommuneCode?: string | null;
  residenceProvinceCode?: string | null;
  receivedAt: string;
  urgent: boolean;
  concerns: Concern[];
  children: CaseChildV1[];
  category?: ChildCategory | null;
  setting?: AbuseSetting | null;
  report?: Mau01Report | null;
  identity?: CaseIdentity | null;
}

export interface AssignWorker extends Base {
  type: 'AssignWorker';
  workerId: string;
}

export interface RecordResidence extends Base {
  type: 'RecordResidence';
  communeCode: string;
  provinceCode: string;
}

export interface RecordInitialAssessment extends Base {
  type: 'RecordInitialAssessment';
  assessedAt?: string;
  scores: RiskScores;
  seriousThreat: boolean;
  caregiverIsAbuser: boolean;
  outcome: AssessmentOutcome;
  summary: string;
}

export interface TakeEmergencyMeasures extends Base {
  type: 'TakeEmergencyMeasures';
  takenAt?: string;
  measures: Array<{ measure: EmergencyMeasure; by: MeasureBody; description: string }>;
}

export interface DecideSeparation extends Base {
  type: 'DecideSeparation';
  separationId: string;
  decisionNo?: string | null;
  placement: Placement;
  placementNote: string;
  startsAt?: string;
  endsAt: string;
}

export interface ExtendSeparation extends Base {
  type: 'ExtendSeparation';
  endsAt: string;
  reason: string;
  authorityRequest?: { authority: string; reference: string } | null;
}

export interface RevokeSeparation extends Base {
  type: 'RevokeSeparation';
  revokedAt?: string;
  reason: string;
}

export interface RecordDetailedAssessment extends Base {
  type: 'RecordDetailedAssessment';
  assessedAt?: string;
  scores: RiskScores;
  needs: Need[];
  assistedBy?: 'hotline_111' | 'service_provider' | null;
  summary: string;
}

export interface RecordNeedsMeeting extends Base {
  type: 'RecordNeedsMeeting';
  heldAt?: string;
  participants: Array<{ role: MeetingRole; name?: string | null }>;
  childViews: { heard: boolean; summary?: string | null; reasonNotHeard?: string | null };
  minutes: string;
}

export interface DraftPlan extends Base {
  type: 'DraftPlan';
  goals: string[];
  items: PlanItem[];
  revisionReason?: string | null;
}

export interface SubmitPlan extends Base {
  type: 'SubmitPlan';
}

export interface DecidePlan extends Base {
  type: 'DecidePlan';
  decision: 'approve' | 'return';
  decisionNo?: string | null;
  reasons?: string | null;
}

export interface RecordService extends Base {
  type: 'RecordService';
  serviceId: string;
  itemId: string;
  deliveredAt?: string;
  provider: string;
  description: string;
  completesItem: boolean;
}

export interface RecordReview extends Base {
  type: 'RecordReview';
  reviewedAt?: string;
  scores: RiskScores;
  childSafe: boolean;
  stability: Record<StabilityAspect, boolean>;
  outcome: ReviewOutcome;
  notes: string;
}

export interface EndPlan extends Base {
  type: 'EndPlan';
  note: string;
}

export interface CloseCase extends Base {
  type: 'CloseCase';
  reason: ClosureReason;
  note: string;
  mergedIntoCaseId?: string | null;
  transferredTo?: string | null;
}

export interface ReopenCase extends Base {
  type: 'ReopenCase';
  reason: string;
}

export interface ChangeLevel extends Base {
  type: 'ChangeLevel';
  to: Level;
  reason: string;
}

export interface NotifyPolice extends Base {
  type: 'NotifyPolice';
  notifiedAt?: string;
  policeUnit: string;
  reference?: string | null;
}

export interface RecordCriminalOutcome extends Base {
  type: 'RecordCriminalOutcome';
  outcome: CriminalOutcome;
  decidedAt?: string;
  note: string;
}

export interface RequestTransfer extends Base {
  type: 'RequestTransfer';
  toCommuneCode: string;
  toProvinceCode: string;
  reason: string;
}

export interface AcceptTransfer extends Base {
  type: 'AcceptTransfer';
}

export interface DeclineTransfer extends Base {
  type: 'DeclineTransfer';
  reason: string;
}

/** From the intake consumer: a repeat report linked to this case by the hotline. */
export interface AddReport extends Base {
  type: 'AddReport';
  contactId: string;
  receivedAt: string;
  urgent: boolean;
  concerns: Concern[];
  children: CaseChildV1[];
}

/** From the deadline watcher: report every open deadline of the case that is past due. */
export interface MarkDeadlinesMissed extends Base {
  type: 'MarkDeadlinesMissed';
}

/**
 * Erase the case's personal data at once, as the chair could before erasure governance: always refused
 * (ERASURE.APPROVAL_REQUIRED), because an erasure needs a provincial officer's approval; kept so that a
 * client of the old route is told the rule rather than "not found".
 */
export interface ErasePersonalData extends Base {
  type: 'ErasePersonalData';
  erasureId: string;
  basis: ErasureBasis;
  reference: string | null;
}

/** The chair asks for the erasure of a closed case's personal data (PDPL 91/2025 Art. 14). */
export interface RequestErasure extends Base {
  type: 'RequestErasure';
  requestId: string;
  basis: ErasureBasis;
  /** The document the request rests on (checked by the decider: ERASURE.REFERENCE_REQUIRED). */
  reference: string | null;
}

/** A provincial officer of the case's province approves the pending request: the erasure happens. */
export interface ApproveErasure extends Base {
  type: 'ApproveErasure';
  /** The request the officer reviewed (it must be the pending one). */
  requestId: string;
  erasureId: string;
  /**
   * Every unit on the approver's token (the metadata carries only the one acted for): an approver who
   * also acts for the case's commune is not outside it (ERASURE.APPROVER_IN_SAME_COMMUNE).
   */
  actorUnits: string[];
}

/** A provincial officer of the case's province rejects the pending request, with a reason code. */
export interface RejectErasure extends Base {
  type: 'RejectErasure';
  requestId: string;
  reasonCode: ErasureRejectionReason;
}

/** A provincial officer of the case's province, or an inspector, holds the case: no erasure meanwhile. */
export interface PlaceLegalHold extends Base {
  type: 'PlaceLegalHold';
  holdId: string;
  reasonCode: LegalHoldReason;
  reference: string | null;
}

export interface ReleaseLegalHold extends Base {
  type: 'ReleaseLegalHold';
  holdId: string;
  reasonCode: LegalHoldReleaseReason;
  reference: string | null;
}

export type CaseCommand =
  | OpenCase
  | AssignWorker
  | RecordResidence
  | RecordInitialAssessment
  | TakeEmergencyMeasures
  | DecideSeparation
  | ExtendSeparation
  | RevokeSeparation
  | RecordDetailedAssessment
  | RecordNeedsMeeting
  | DraftPlan
  | SubmitPlan
  | DecidePlan
  | RecordService
  | RecordReview
  | EndPlan
  | CloseCase
  | ReopenCase
  | ChangeLevel
  | NotifyPolice
  | RecordCriminalOutcome
  | RequestTransfer
  | AcceptTransfer
  | DeclineTransfer
  | AddReport
  | MarkDeadlinesMissed
  | ErasePersonalData
  | RequestErasure
  | ApproveErasure
  | RejectErasure
  | PlaceLegalHold
  | ReleaseLegalHold;

export type CaseCommandType = CaseCommand['type'];
