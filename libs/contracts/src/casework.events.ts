import type {
  AbuseSetting,
  CaseStatus,
  ChildCategory,
  ClosureReason,
  Concern,
  DeadlineKind,
  ProtectionLevel,
  Sex,
  SpecialCircumstance,
} from './enums';
import type { IntegrationEnvelope } from './envelope';

/**
 * open → met | met_late (done after the due time) | missed (reported by the watcher, still to do).
 * When the case closes (or a plan is replaced) what is still open is `cancelled` and what was missed
 * and never done `lapsed`; neither waits for a step any more.
 */
export type DeadlineStatus = 'open' | 'met' | 'met_late' | 'missed' | 'cancelled' | 'lapsed';

/** One legal or policy deadline on a case, with the rule and policy version that produced it. */
export interface DeadlineV1 {
  /** Stable within the case: `<kind>:<n>` (a plan item's deadline: `plan_item:<itemId>`). */
  id: string;
  kind: DeadlineKind;
  dueAt: string;
  /** When the clock started (receipt of the report, the assessment, the submission, …). */
  startedAt: string;
  /** Which deadline-policy version produced this due date, so an inspector sees the rule that applied. */
  policyVersion: string;
  /** The working-day calendar used, when the period is in working days. */
  calendarVersion: string | null;
  /** The legal basis in words, e.g. "Decree 56/2017 Art. 24: 12 hours from receipt". */
  rule: string;
  status: DeadlineStatus;
  /** When the step was done (as declared by the user) and when that was recorded. */
  metAt: string | null;
  metRecordedAt: string | null;
  /** When the watcher reported the deadline missed (stays set if the step is done late). */
  missedAt: string | null;
}

/** A child of a case without personal data: a reference, sex, age, special-circumstance groups. */
export interface CaseChildV1 {
  childRef: string;
  sex: Sex;
  ageYears: number | null;
  specialCircumstances?: SpecialCircumstance[];
}

export interface CaseOpenedV1 {
  caseId: string;
  source: { kind: 'hotline_referral'; contactId: string; referralId: string } | { kind: 'commune_direct' };
  communeCode: string;
  provinceCode: string;
  residenceCommuneCode?: string | null;
  status: CaseStatus;
  level: ProtectionLevel | null;
  receivedAt: string;
  openedAt: string;
  children: CaseChildV1[];
  /** Child category on Mẫu 01, when the report states it. */
  category?: ChildCategory | null;
  /** Where the abuse or risk happened, when known. */
  setting?: AbuseSetting | null;
  concerns: Concern[];
  urgent: boolean;
  deadlines: DeadlineV1[];
}

/**
 * Every later step of a case is published under the domain event's name with this payload: where the
 * case stands after the step (event-carried state, no personal data) and the step's non-personal facts.
 */
export interface CaseUpdatedV1 {
  caseId: string;
  /** The hotline contact the case came from, so intake can follow it up. */
  contactId: string | null;
  status: CaseStatus;
  level: ProtectionLevel | null;
  /** The commune that carries the case now (incident commune until the assessment, then residence). */
  communeCode: string;
  provinceCode: string;
  incidentCommuneCode: string;
  residenceCommuneCode: string | null;
  assignedWorkerId: string | null;
  closureReason: ClosureReason | null;
  /** When the step was recorded. */
  at: string;
  deadlines: DeadlineV1[];
  /**
   * What the hotline's erasure of a contact of this case depends on: when the case closed, when its
   * retention period ends (null while open) and whether a legal hold is in place. Absent in messages
   * published before erasure governance.
   */
  closedAt?: string | null;
  retentionEndsAt?: string | null;
  legalHold?: boolean;
  /** The step's own facts, codes and counts only (e.g. `{ outcome: 'intervention', seriousThreat: true }`). */
  details: Record<string, unknown>;
}

/** Kept for consumers written against the first slice; same payload as every step plus these fields. */
export interface CaseWorkerAssignedV1 extends CaseUpdatedV1 {
  workerId: string;
  assignedAt: string;
}

export type CaseworkIntegrationEvent =
  | IntegrationEnvelope<'CaseOpened', CaseOpenedV1>
  | IntegrationEnvelope<'CaseWorkerAssigned', CaseWorkerAssignedV1>
  | IntegrationEnvelope<string, CaseUpdatedV1>;
