import type { CaseStatus, Concern, DeadlineV1, DomainEvent, ProtectionLevel, Sex } from '@cp/contracts';

export type CaseSource =
  { kind: 'hotline_referral'; contactId: string; referralId: string } | { kind: 'commune_direct' };

/** Step 1: the commune holds a case from a report (referred by the hotline or received directly). */
export type CaseOpened = DomainEvent<
  'CaseOpened',
  {
    caseId: string;
    source: CaseSource;
    incidentCommuneCode: string;
    provinceCode: string;
    /** Law Art. 52.2: the commune where the child resides owns the plan; unknown at first. */
    residenceCommuneCode: string | null;
    receivedAt: string;
    openedAt: string;
    urgent: boolean;
    concerns: Concern[];
    children: Array<{ childRef: string; sex: Sex; ageYears: number | null }>;
    deadlines: DeadlineV1[];
  }
>;

/** The chair (or the worker on the chair's direction) names the commune worker who carries the case. */
export type CaseWorkerAssigned = DomainEvent<'CaseWorkerAssigned', { workerId: string; assignedAt: string }>;

export type CaseEvent = CaseOpened | CaseWorkerAssigned;

export interface CaseSnapshotFields {
  status: CaseStatus;
  level: ProtectionLevel | null;
}
