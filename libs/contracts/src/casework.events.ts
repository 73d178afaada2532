import type { CaseStatus, Concern, ProtectionLevel, Sex } from './enums';
import type { IntegrationEnvelope } from './envelope';

export interface DeadlineV1 {
  kind: string;
  dueAt: string;
  /** Which deadline-policy version produced this due date, so an inspector sees the rule that applied. */
  policyVersion: string;
}

export interface CaseOpenedV1 {
  caseId: string;
  source: { kind: 'hotline_referral'; contactId: string; referralId: string } | { kind: 'commune_direct' };
  communeCode: string;
  provinceCode: string;
  status: CaseStatus;
  level: ProtectionLevel | null;
  receivedAt: string;
  openedAt: string;
  children: Array<{ childRef: string; sex: Sex; ageYears: number | null }>;
  concerns: Concern[];
  urgent: boolean;
  deadlines: DeadlineV1[];
}

export interface CaseWorkerAssignedV1 {
  caseId: string;
  contactId: string | null;
  status: CaseStatus;
  workerId: string;
  assignedAt: string;
}

export type CaseworkIntegrationEvent =
  | IntegrationEnvelope<'CaseOpened', CaseOpenedV1>
  | IntegrationEnvelope<'CaseWorkerAssigned', CaseWorkerAssignedV1>;
