import type { CommandMetadata, CaseStatus, ContactOutcome, ErasureBasis } from '@cp/contracts';
import type { ContactRecorded } from './contact.events';

/** How soon a commune must take a referral up (policy, DOMAIN §3 step 3): minutes, normal and urgent. */
export interface FollowUpPolicy {
  acknowledgeMinutes: number;
  urgentAcknowledgeMinutes: number;
}

export interface RecordContact {
  type: 'RecordContact';
  data: ContactRecorded['data'];
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
  communeCode: string;
  /** Province of the commune, looked up by the caller (the domain does no I/O). */
  provinceCode: string;
  residenceCommuneCode?: string | null;
  urgent?: boolean;
  police?: { unit: string; reference?: string | null } | null;
  followUp: FollowUpPolicy;
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
  step?: string;
  nextDueAt?: string | null;
  metadata: CommandMetadata;
}

/** From the follow-up watcher: the referral was not taken up in time. */
export interface RaiseFollowUpAlert {
  type: 'RaiseFollowUpAlert';
  metadata: CommandMetadata;
}

/**
 * Erase the contact's personal data (the children's names and dates of birth, the reporter, what the
 * caller told): asked at the hotline for a contact that is over, or by casework for a case's contacts.
 */
export interface EraseContactPersonalData {
  type: 'ErasePersonalData';
  erasureId: string;
  basis: ErasureBasis;
  reference: string | null;
  /** The case whose erasure this follows; absent when asked at the hotline. */
  viaCaseId?: string | null;
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
  | EraseContactPersonalData;
