import type {
  CommandMetadata,
  CaseStatus,
  ContactOutcome,
  ErasureBasis,
  ReferralRecipient,
} from '@cp/contracts';
import type { HotlineClockPolicy } from './clock-policy';
import type { ContactRecorded } from './contact.events';

export interface RecordContact {
  type: 'RecordContact';
  /** What was recorded; the forwarding clock (`forwardBy`, `clockPolicy`) is set by the decider. */
  data: Omit<ContactRecorded['data'], 'forwardBy' | 'clockPolicy'>;
  /** The clock policy in force when the report was received; without it the report carries no clock. */
  clocks?: HotlineClockPolicy;
  metadata: CommandMetadata;
}

export interface CloseContact {
  type: 'CloseContact';
  outcome: ContactOutcome;
  note?: string | null;
  metadata: CommandMetadata;
}

export interface ReferReport {
  type: 'ReferReport';
  referralId: string;
  /** Absent: the commune of the incident. */
  recipient?: ReferralRecipient;
  communeCode: string;
  /** Province of the commune, looked up by the caller (the domain does no I/O). */
  provinceCode: string;
  residenceCommuneCode?: string | null;
  urgent?: boolean;
  police?: { unit: string; reference?: string | null } | null;
  /** The take-up clock: the policy in force at the referral. */
  clocks: HotlineClockPolicy;
  metadata: CommandMetadata;
}

export interface LinkReportToCase {
  type: 'LinkReportToCase';
  caseId: string;
  reason: string;
  metadata: CommandMetadata;
}

export interface LinkCase {
  type: 'LinkCase';
  referralId: string;
  caseId: string;
  status: CaseStatus;
  metadata: CommandMetadata;
}

export interface UpdateCaseStatus {
  type: 'UpdateCaseStatus';
  caseId: string;
  status: CaseStatus;
  /** A deadline of the case is past due and not met. */
  overdue: boolean;
  /**
   * What the hotline's erasure of a contact of the case depends on, as casework published it after the
   * step (absent from messages published before erasure governance). It reaches the report that opened
   * the case and the repeat reports linked to it.
   */
  record?: CaseRecord;
  metadata: CommandMetadata;
}

/** A case as the erasure of its contacts at the hotline sees it. */
export interface CaseRecord {
  closedAt: string | null;
  retentionEndsAt: string | null;
  legalHold: boolean;
}

/** From the follow-up watcher: the referral was not taken up in time. */
export interface RaiseFollowUpAlert {
  type: 'RaiseFollowUpAlert';
  metadata: CommandMetadata;
}

/** From the follow-up watcher: the report was not passed on in time ("chuyển ngay"). */
export interface RaiseForwardingAlert {
  type: 'RaiseForwardingAlert';
  metadata: CommandMetadata;
}

/**
 * Erase the contact's personal data (the children's names and dates of birth, the reporter, what the
 * caller told): asked at the hotline, or by casework for a case's contacts. What is erased is decided by
 * subject (docs/privacy.md "Erasure"): at the hotline a contact that never went to a case whole, one that
 * went to a case only its caller's identity; after a case's erasure what the case's rule says.
 */
export interface EraseContactPersonalData {
  type: 'ErasePersonalData';
  erasureId: string;
  basis: ErasureBasis;
  reference: string | null;
  /** The case whose erasure this follows; absent when asked at the hotline. */
  viaCaseId?: string | null;
  /**
   * With `viaCaseId`: what the case's erasure reaches in this contact. Absent for a case erasure
   * published before the per-basis rule, which erased its contacts whole.
   */
  cascade?: { childRefs: string[]; narrative: boolean; reporter: boolean } | null;
  metadata: CommandMetadata;
}

export type ContactCommand =
  | RecordContact
  | CloseContact
  | ReferReport
  | LinkReportToCase
  | LinkCase
  | UpdateCaseStatus
  | RaiseFollowUpAlert
  | RaiseForwardingAlert
  | EraseContactPersonalData;
