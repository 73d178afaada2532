import type { CommandMetadata, CaseStatus } from '@cp/contracts';
import type { ContactRecorded } from './contact.events';

export interface RecordContact {
  type: 'RecordContact';
  data: ContactRecorded['data'];
  metadata: CommandMetadata;
}

export interface ReferReport {
  type: 'ReferReport';
  referralId: string;
  communeCode: string;
  /** Province of the commune, looked up by the caller (the domain does no I/O). */
  provinceCode: string;
  urgent?: boolean;
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
  metadata: CommandMetadata;
}

export type ContactCommand = RecordContact | ReferReport | LinkCase | UpdateCaseStatus;
