import type { Role } from '@cp/contracts';
import type { CaseCommandType } from './case.commands';

/**
 * Who may do each step, and for which commune (README "Who may do what", docs/casework-procedure.md). One table: the decider enforces it, the
 * HTTP layer derives its route guards from it, and the README prints it.
 *
 * - `owner`: the commune that carries the case (the incident commune until a transfer is accepted);
 * - `incident`: the commune where the incident happened (a case opened from a direct report);
 * - `receiving`: the commune a pending transfer is addressed to;
 * - `province`: the province of the commune that carries the case (or VN), acted for by an oversight
 *   role — the second pair of eyes outside the commune;
 * - `system`: only the service itself (the referral consumer, the deadline watcher).
 */
export interface StepRule {
  roles: readonly Role[];
  unit: 'owner' | 'incident' | 'receiving' | 'province' | 'system';
  /** Decree 56 / Law on Children article the step implements, for the README and error details. */
  basis: string;
}

const WORKER = ['commune_worker'] as const;
const CHAIR = ['commune_chair'] as const;
const COMMUNE = ['commune_worker', 'commune_chair'] as const;
const PROVINCE = ['provincial_officer'] as const;
const OVERSIGHT = ['provincial_officer', 'inspector'] as const;
const ERASURE_LAW = 'Personal Data Protection Law 91/2025 Art. 14; Law on Children 2016 Art. 6, 21';

export const STEP_RULES: Record<CaseCommandType, StepRule> = {
  OpenCase: { roles: COMMUNE, unit: 'incident', basis: 'Decree 56 Ch. III step 1 (Mẫu 01)' },
  AssignWorker: { roles: COMMUNE, unit: 'owner', basis: 'Decree 56 Ch. III step 4' },
  RecordResidence: { roles: COMMUNE, unit: 'owner', basis: 'Law on Children Art. 52.2' },
  RecordInitialAssessment: { roles: WORKER, unit: 'owner', basis: 'Decree 56 Ch. III step 4 (Mẫu 02)' },
  TakeEmergencyMeasures: { roles: CHAIR, unit: 'owner', basis: 'Decree 56 Ch. III step 5 (≤ 12 h)' },
  DecideSeparation: { roles: CHAIR, unit: 'owner', basis: 'Decree 56 Ch. III step 5a (Mẫu 07)' },
  ExtendSeparation: { roles: CHAIR, unit: 'owner', basis: 'Decree 56 Ch. III step 5a (≤ 15 days)' },
  RevokeSeparation: { roles: CHAIR, unit: 'owner', basis: 'Decree 56 Ch. III step 5a' },
  RecordDetailedAssessment: { roles: WORKER, unit: 'owner', basis: 'Decree 56 Ch. III step 6 (Mẫu 03)' },
  RecordNeedsMeeting: { roles: COMMUNE, unit: 'owner', basis: 'Decree 56 Ch. III step 7 (biên bản)' },
  DraftPlan: { roles: WORKER, unit: 'owner', basis: 'Decree 56 Ch. III step 8 (Mẫu 04, 5 working days)' },
  SubmitPlan: { roles: WORKER, unit: 'owner', basis: 'Decree 56 Ch. III step 8' },
  DecidePlan: { roles: CHAIR, unit: 'owner', basis: 'Decree 56 Ch. III step 9 (Mẫu 05)' },
  RecordService: { roles: WORKER, unit: 'owner', basis: 'Decree 56 Ch. III step 10' },
  RecordReview: { roles: WORKER, unit: 'owner', basis: 'Decree 56 Ch. III step 11 (Mẫu 06)' },
  EndPlan: { roles: CHAIR, unit: 'owner', basis: 'Decree 56 Art. 30, step 12 (Mẫu 06)' },
  CloseCase: { roles: CHAIR, unit: 'owner', basis: 'docs/casework-procedure.md closure reasons' },
  ReopenCase: { roles: CHAIR, unit: 'owner', basis: 'docs/casework-procedure.md (reopen with a reason)' },
  ChangeLevel: { roles: COMMUNE, unit: 'owner', basis: 'Law on Children Art. 47–50' },
  NotifyPolice: { roles: COMMUNE, unit: 'owner', basis: 'Criminal Procedure Code Art. 25.3' },
  RecordCriminalOutcome: { roles: COMMUNE, unit: 'owner', basis: 'Criminal Procedure Code Art. 25.3' },
  RequestTransfer: { roles: CHAIR, unit: 'owner', basis: 'Law on Children Art. 52.2' },
  AcceptTransfer: { roles: CHAIR, unit: 'receiving', basis: 'Law on Children Art. 52.2' },
  DeclineTransfer: { roles: CHAIR, unit: 'receiving', basis: 'Law on Children Art. 52.2' },
  AddReport: {
    roles: [],
    unit: 'system',
    basis: 'docs/casework-procedure.md: a repeat report is new information on the case',
  },
  MarkDeadlinesMissed: { roles: [], unit: 'system', basis: 'Decree 56 Ch. III time limits' },
  // Refused whatever the case: an erasure is requested by the chair and approved by the province.
  ErasePersonalData: { roles: CHAIR, unit: 'owner', basis: `${ERASURE_LAW} (erasure needs approval)` },
  RequestErasure: { roles: CHAIR, unit: 'owner', basis: `${ERASURE_LAW} (request)` },
  ApproveErasure: { roles: PROVINCE, unit: 'province', basis: `${ERASURE_LAW} (second approver)` },
  RejectErasure: { roles: PROVINCE, unit: 'province', basis: `${ERASURE_LAW} (second approver)` },
  PlaceLegalHold: { roles: OVERSIGHT, unit: 'province', basis: `${ERASURE_LAW} (legal obligations)` },
  ReleaseLegalHold: { roles: OVERSIGHT, unit: 'province', basis: `${ERASURE_LAW} (legal obligations)` },
};

/** Roles that read cases: the commune, the province overseeing it, inspectors. */
export const CASE_READERS = ['commune_worker', 'commune_chair', 'provincial_officer', 'inspector'] as const;
