import type { AbuseSetting, DeadlineV1 } from '@cp/contracts';
import { nextSteps, type NextStep } from '../domain/case.next-steps';
import { isPending, type CaseState } from '../domain/case.state';

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
 * What the hotline sees of a case it referred (`own-referrals`): whether the referral was taken up and
 * the case is open, closed or late — status-level only, nothing of its content (Law on Children Art. 6
 * and 21, need-to-know). The procedure's stage, the protection level, the deadlines and the next steps are
 * content: an emergency-measure or separation deadline, a step's name or a higher level tells that a child
 * was found abused or removed from home. Where the child lives is left out too; the carrying commune is
 * there, since the hotline supports its worker (Decree 56 Art. 22).
 */
export interface CaseFollowUpView {
  id: string;
  version: number;
  /** Always `follow_up`: this is not the case file. */
  view: 'follow_up';
  source: NonNullable<CaseState['opened']>['source'];
  /** `open` until the case is closed (a reopened case is open again). */
  state: 'open' | 'closed';
  /** The commune has taken the referral up: a worker is assigned or the procedure has moved on. */
  takenUp: boolean;
  /** A deadline of the case is past due and the step not done. */
  overdue: boolean;
  urgent: boolean;
  /** Where it happened (the commune the hotline referred to) and the commune that carries it now. */
  incidentCommuneCode: string | null;
  carryingCommuneCode: string | null;
  assignedWorkerId: string | null;
  receivedAt: string;
  openedAt: string;
  closedAt: string | null;
  asOf: string;
}

export function toFollowUpView(
  id: string,
  state: CaseState,
  version: number,
  asOf: string,
): CaseFollowUpView {
  const o = state.opened!;
  return {
    id,
    version,
    view: 'follow_up',
    source: o.source,
    state: state.status === 'closed' ? 'closed' : 'open',
    takenUp: state.status !== 'received' || state.assignedWorkerId !== null,
    overdue: state.deadlines.some((d) => isPending(d) && Date.parse(d.dueAt) < Date.parse(asOf)),
    urgent: o.urgent,
    incidentCommuneCode: state.incidentCommuneCode,
    carryingCommuneCode: state.ownerCommuneCode,
    assignedWorkerId: state.assignedWorkerId,
    receivedAt: o.receivedAt,
    openedAt: o.openedAt,
    closedAt: state.closure?.closedAt ?? null,
    asOf,
  };
}
