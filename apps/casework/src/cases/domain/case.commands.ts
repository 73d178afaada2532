import type { CommandMetadata, Concern, Sex } from '@cp/contracts';
import type { CaseSource } from './case.events';
import type { DeadlinePolicy } from './deadline-policy';

export interface OpenCase {
  type: 'OpenCase';
  caseId: string;
  source: CaseSource;
  incidentCommuneCode: string;
  provinceCode: string;
  residenceCommuneCode?: string | null;
  receivedAt: string;
  urgent: boolean;
  concerns: Concern[];
  children: Array<{ childRef: string; sex: Sex; ageYears: number | null }>;
  policy: DeadlinePolicy;
  metadata: CommandMetadata;
}

export interface AssignWorker {
  type: 'AssignWorker';
  workerId: string;
  metadata: CommandMetadata;
}

export type CaseCommand = OpenCase | AssignWorker;
