import type {
  AbuseSetting,
  CaseChildV1,
  ChildCategory,
  ClosureReason,
  Concern,
  DeadlineV1,
  DomainEvent,
  ProtectionLevel,
  ReferralIdentityV1,
} from '@cp/contracts';
import type {
  AssessmentOutcome,
  CriminalOutcome,
  EmergencyMeasure,
  MeasureBody,
  MeetingRole,
  Need,
  Placement,
  PlanMeasure,
  ReviewOutcome,
  RiskScores,
  StabilityAspect,
} from './case.vocabulary';

export type CaseSource =
  { kind: 'hotline_referral'; contactId: string; referralId: string } | { kind: 'commune_direct' };

export type Level = Exclude<ProtectionLevel, 'prevention'>;

/** What a report received directly by the commune states (Mẫu 01), beyond the codes. */
export interface Mau01Report {
  reportNumber: string | null;
  channel: string | null;
  currentCondition: string;
  expectedWithoutHelp: string;
  actionsTaken: string;
}

/**
 * Every event records `at`, the instant it was recorded (metadata.now); steps done earlier than they
 * were recorded also carry the declared time (`assessedAt`, `heldAt`, …), which is what meets a deadline.
 * Deadlines opened by a step travel in the event (`deadlines`) so replay never recomputes them.
 */

/** Step 1 (Mẫu 01): the commune holds a case from a report (referred by the hotline or received directly). */
export type CaseOpened = DomainEvent<
  'CaseOpened',
  {
    caseId: string;
    source: CaseSource;
    incidentCommuneCode: string;
    provinceCode: string;
    /** Law Art. 52.2: the commune where the child resides owns the plan; may be unknown at first. */
    residenceCommuneCode: string | null;
    residenceProvinceCode?: string | null;
    receivedAt: string;
    openedAt: string;
    urgent: boolean;
    concerns: Concern[];
    children: CaseChildV1[];
    /** Mẫu 01: the child category and what the report says (free text stays in casework). */
    category?: ChildCategory | null;
    /** Where the abuse or risk happened, when the report says (indicator 0101's setting). */
    setting?: AbuseSetting | null;
    report?: Mau01Report | null;
    /**
     * Who the child is, for the commune that carries the case (Decree 56 Art. 26.1), as the hotline's
     * referral brought it: sealed under the case's key, read only by the carrying commune's roles
     * (GET /cases/:id/identity), erased with the case. Absent from cases opened before.
     */
    identity?: CaseIdentity | null;
    deadlines: DeadlineV1[];
  }
>;

/** The children's and the reporter's identity on a case (every text sealed; codes and flags clear). */
export type CaseIdentity = Omit<ReferralIdentityV1, 'police'>;

export type CaseWorkerAssigned = DomainEvent<'CaseWorkerAssigned', { workerId: string; assignedAt: string }>;

export type ResidenceCommuneRecorded = DomainEvent<
  'ResidenceCommuneRecorded',
  { communeCode: string; provinceCode: string; at: string }
>;

/** Step 4 (Mẫu 02). */
export type InitialAssessmentRecorded = DomainEvent<
  'InitialAssessmentRecorded',
  {
    assessedAt: string;
    at: string;
    scores: RiskScores;
    /** "Serious threat to life, health or dignity" — triggers the 12-hour emergency track. */
    seriousThreat: boolean;
    /** The parent or caregiver is the abuser (also an emergency ground). */
    caregiverIsAbuser: boolean;
    outcome: AssessmentOutcome;
    summary: string;
    deadlines: DeadlineV1[];
  }
>;

/** Step 5: emergency measures ordered by the chair (what, by whom, when). */
export type EmergencyMeasuresTaken = DomainEvent<
  'EmergencyMeasuresTaken',
  {
    takenAt: string;
    at: string;
    measures: Array<{ measure: EmergencyMeasure; by: MeasureBody; description: string }>;
  }
>;

/** Step 5a (Mẫu 07). */
export type TemporarySeparationDecided = DomainEvent<
  'TemporarySeparationDecided',
  {
    separationId: string;
    decisionNo: string | null;
    placement: Placement;
    placementNote: string;
    startsAt: string;
    endsAt: string;
    at: string;
    deadlines: DeadlineV1[];
  }
>;

export type TemporarySeparationExtended = DomainEvent<
  'TemporarySeparationExtended',
  {
    separationId: string;
    previousEndsAt: string;
    endsAt: string;
    reason: string;
    /** Beyond the 15-day limit only on a competent authority's request, recorded here. */
    authorityRequest: { authority: string; reference: string } | null;
    at: string;
  }
>;

export type TemporarySeparationRevoked = DomainEvent<
  'TemporarySeparationRevoked',
  { separationId: string; revokedAt: string; reason: string; at: string }
>;

/** Step 6 (Mẫu 03). */
export type DetailedAssessmentRecorded = DomainEvent<
  'DetailedAssessmentRecorded',
  {
    assessedAt: string;
    at: string;
    scores: RiskScores;
    needs: Need[];
    assistedBy: 'hotline_111' | 'service_provider' | null;
    summary: string;
  }
>;

/** Step 7: the needs meeting chaired by the chair, with the child's views and minutes. */
export type NeedsMeetingHeld = DomainEvent<
  'NeedsMeetingHeld',
  {
    heldAt: string;
    at: string;
    participants: Array<{ role: MeetingRole; name: string | null }>;
    childViews: { heard: boolean; summary: string | null; reasonNotHeard: string | null };
    minutes: string;
  }
>;

export interface PlanItem {
  itemId: string;
  measure: PlanMeasure;
  description: string;
  responsibleBody: string;
  /** Local date (YYYY-MM-DD) the item is due. */
  dueDate: string;
}

/** Step 8 (Mẫu 04): the first draft, and later revisions (after a return or a review). */
export type PlanDrafted = DomainEvent<
  'PlanDrafted',
  { planVersion: number; goals: string[]; items: PlanItem[]; revisionReason: string | null; at: string }
>;

export type PlanSubmitted = DomainEvent<
  'PlanSubmitted',
  { planVersion: number; submittedAt: string; at: string; deadlines: DeadlineV1[] }
>;

/** Step 9 (Mẫu 05): the chair's decision. */
export type PlanApproved = DomainEvent<
  'PlanApproved',
  { planVersion: number; decisionNo: string | null; approvedAt: string; at: string; deadlines: DeadlineV1[] }
>;

export type PlanReturned = DomainEvent<
  'PlanReturned',
  { planVersion: number; reasons: string; returnedAt: string; at: string }
>;

/** Step 10: a service or measure delivered against a plan item. */
export type ServiceDelivered = DomainEvent<
  'ServiceDelivered',
  {
    serviceId: string;
    itemId: string;
    deliveredAt: string;
    provider: string;
    description: string;
    completesItem: boolean;
    at: string;
  }
>;

/** Step 11 (Mẫu 06). */
export type ReviewRecorded = DomainEvent<
  'ReviewRecorded',
  {
    reviewedAt: string;
    at: string;
    scores: RiskScores;
    /** The child is no longer at risk. */
    childSafe: boolean;
    stability: Record<StabilityAspect, boolean>;
    outcome: ReviewOutcome;
    notes: string;
    deadlines: DeadlineV1[];
  }
>;

/** Step 12 (Art. 30): only when the child is safe and stable. Always followed by CaseClosed. */
export type PlanEnded = DomainEvent<'PlanEnded', { endedAt: string; at: string; note: string }>;

export type CaseClosed = DomainEvent<
  'CaseClosed',
  {
    reason: ClosureReason;
    note: string;
    mergedIntoCaseId: string | null;
    transferredTo: string | null;
    closedAt: string;
    /**
     * The retention period the closure starts, from the policy in force at the closure (like a deadline:
     * never recomputed). Absent on closures recorded before erasure governance.
     */
    retention?: Retention;
  }
>;

/** How long a closed case's file is kept before its personal data may be erased, and by which policy. */
export interface Retention {
  days: number;
  policyVersion: string;
  /** closedAt + days; later by a report added to the closed case (its own days run from then). */
  endsAt: string;
}

export type CaseReopened = DomainEvent<
  'CaseReopened',
  { reason: string; reopenedAt: string; deadlines: DeadlineV1[] }
>;

export type ProtectionLevelChanged = DomainEvent<
  'ProtectionLevelChanged',
  { from: Level; to: Level; reason: string; at: string }
>;

/** The parallel criminal track (Criminal Procedure Code Art. 25.3). */
export type PoliceNotified = DomainEvent<
  'PoliceNotified',
  { notifiedAt: string; policeUnit: string; reference: string | null; at: string }
>;

export type CriminalOutcomeRecorded = DomainEvent<
  'CriminalOutcomeRecorded',
  { outcome: CriminalOutcome; decidedAt: string; note: string; at: string }
>;

/** Hand-over to the commune the child now lives in (Law Art. 52.2); that commune accepts or declines. */
export type CaseTransferRequested = DomainEvent<
  'CaseTransferRequested',
  { toCommuneCode: string; toProvinceCode: string; reason: string; at: string }
>;

export type CaseTransferAccepted = DomainEvent<
  'CaseTransferAccepted',
  { fromCommuneCode: string; toCommuneCode: string; toProvinceCode: string; at: string }
>;

export type CaseTransferDeclined = DomainEvent<
  'CaseTransferDeclined',
  { toCommuneCode: string; reason: string; at: string }
>;

/** A repeat report the hotline added to this case instead of opening a second one: new information. */
export type ReportAdded = DomainEvent<
  'ReportAdded',
  {
    contactId: string;
    receivedAt: string;
    urgent: boolean;
    concerns: Concern[];
    children: CaseChildV1[];
    addedAt: string;
  }
>;

/** Emitted once per missed deadline by the deadline watcher. */
export type DeadlineMissed = DomainEvent<
  'DeadlineMissed',
  { deadlineId: string; kind: DeadlineV1['kind']; dueAt: string; detectedAt: string }
>;

import type {
  PersonalDataErased,
  ErasureRequested,
  ErasureRejected,
  LegalHoldPlaced,
  LegalHoldReleased,
} from './case.erasure-events';
export type {
  PersonalDataErased,
  ErasureRequested,
  ErasureRejected,
  LegalHoldPlaced,
  LegalHoldReleased,
} from './case.erasure-events';

export type CaseEvent =
  | CaseOpened
  | CaseWorkerAssigned
  | ResidenceCommuneRecorded
  | InitialAssessmentRecorded
  | EmergencyMeasuresTaken
  | TemporarySeparationDecided
  | TemporarySeparationExtended
  | TemporarySeparationRevoked
  | DetailedAssessmentRecorded
  | NeedsMeetingHeld
  | PlanDrafted
  | PlanSubmitted
  | PlanApproved
  | PlanReturned
  | ServiceDelivered
  | ReviewRecorded
  | PlanEnded
  | CaseClosed
  | CaseReopened
  | ProtectionLevelChanged
  | PoliceNotified
  | CriminalOutcomeRecorded
  | CaseTransferRequested
  | CaseTransferAccepted
  | CaseTransferDeclined
  | ReportAdded
  | DeadlineMissed
  | PersonalDataErased
  | ErasureRequested
  | ErasureRejected
  | LegalHoldPlaced
  | LegalHoldReleased;

export type CaseEventType = CaseEvent['type'];
