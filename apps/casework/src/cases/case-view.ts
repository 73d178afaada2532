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
