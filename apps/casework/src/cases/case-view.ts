import type { AbuseSetting, DeadlineV1 } from '@cp/contracts';
import { nextSteps, type NextStep } from './domain/case.next-steps';
import { isPending, type CaseState } from './domain/case.state';

/** A case as the commune, the province and inspectors read it. */
export type CaseView = Omit<CaseState, 'exists' | 'caseId' | 'opened' | 'deadlines'> & {
  id: string;
  version: number;
  source: NonNullable<CaseState['opened']>['source'];
  provinceCode: string;
  receivedAt: string;
  openedAt: string;
  urgent: boolean;
  concerns: string[];
  children: NonNullable<CaseState['opened']>['children'];
  category: NonNullable<CaseState['opened']>['category'];
  setting: AbuseSetting | null;
  report: NonNullable<CaseState['opened']>['report'];
  deadlines: Array<DeadlineV1 & { overdue: boolean }>;
  nextSteps: NextStep[];
  asOf: string;
};

export function toView(id: string, state: CaseState, version: number, asOf: string): CaseView {
  const { exists: _exists, caseId: _caseId, opened, deadlines, ...rest } = state;
  const o = opened!;
  return {
    id,
    version,
    ...rest,
    source: o.source,
    provinceCode: o.provinceCode,
    receivedAt: o.receivedAt,
    openedAt: o.openedAt,
    urgent: o.urgent,
    concerns: o.concerns,
    children: o.children,
    category: o.category ?? null,
    setting: o.setting ?? null,
    report: o.report ?? null,
    deadlines: deadlines.map((d) => ({
      ...d,
      overdue: isPending(d) && Date.parse(d.dueAt) < Date.parse(asOf),
    })),
    nextSteps: nextSteps(state),
    asOf,
  };
}

/**
 * What the hotline sees of a case it referred (issue 6, `own-referrals`): enough to follow the referral
 * up — where the case stands, who carries it, what is due and whether it is late — and nothing of the
 * case's content (DOMAIN §6, need-to-know). Left out: the children, the report and later reports, the
 * concerns and category, the assessments, emergency measures and separations, the needs meeting, the
 * plan, services and reviews, the police track, the reasons of level changes, transfers and reopenings,
 * the closure's reason and note. The hotline recorded the report itself; its follow-up is the contact's.
 */
export interface CaseFollowUpView {
  id: string;
  version: number;
  /** Always `follow_up`: this is not the case file. */
  view: 'follow_up';
  source: NonNullable<CaseState['opened']>['source'];
  status: CaseState['status'];
  level: CaseState['level'];
  urgent: boolean;
  incidentCommuneCode: string | null;
  residenceCommuneCode: string | null;
  ownerCommuneCode: string | null;
  provinceCode: string;
  ownerProvinceCode: string | null;
  /** The commune a pending transfer is addressed to, and since when (not the reason). */
  pendingTransfer: { toCommuneCode: string; at: string } | null;
  assignedWorkerId: string | null;
  receivedAt: string;
  openedAt: string;
  closedAt: string | null;
  /** The deadlines (kind, due, met or missed, the rule that set them) with `overdue`. */
  deadlines: CaseView['deadlines'];
  /** The steps that make sense now (the step the case is at), with the deadline each meets. */
  nextSteps: NextStep[];
  asOf: string;
}

export function toFollowUpView(
  id: string,
  state: CaseState,
  version: number,
  asOf: string,
): CaseFollowUpView {
  const full = toView(id, state, version, asOf);
  return {
    id,
    version,
    view: 'follow_up',
    source: full.source,
    status: full.status,
    level: full.level,
    urgent: full.urgent,
    incidentCommuneCode: full.incidentCommuneCode,
    residenceCommuneCode: full.residenceCommuneCode,
    ownerCommuneCode: full.ownerCommuneCode,
    provinceCode: full.provinceCode,
    ownerProvinceCode: full.ownerProvinceCode,
    pendingTransfer: full.pendingTransfer
      ? { toCommuneCode: full.pendingTransfer.toCommuneCode, at: full.pendingTransfer.at }
      : null,
    assignedWorkerId: full.assignedWorkerId,
    receivedAt: full.receivedAt,
    openedAt: full.openedAt,
    closedAt: full.closure?.closedAt ?? null,
    deadlines: full.deadlines,
    nextSteps: full.nextSteps,
    asOf,
  };
}
