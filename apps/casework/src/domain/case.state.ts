import type { CaseStatus, ClosureReason, DeadlineV1 } from '@cp/contracts';
import type {
  CaseOpened,
  DetailedAssessmentRecorded,
  EmergencyMeasuresTaken,
  ErasureRequested,
  InitialAssessmentRecorded,
  LegalHoldPlaced,
  Level,
  NeedsMeetingHeld,
  PlanItem,
  ReportAdded,
  Retention,
  ReviewRecorded,
  ServiceDelivered,
} from './case.events';
import type { CriminalOutcome, Placement } from './case.vocabulary';

export interface Separation {
  separationId: string;
  decisionNo: string | null;
  placement: Placement;
  placementNote: string;
  startsAt: string;
  endsAt: string;
  extensions: Array<{
    endsAt: string;
    reason: string;
    authorityRequest: { authority: string; reference: string } | null;
  }>;
  revokedAt: string | null;
  revocationReason: string | null;
}

export type PlanStatus = 'draft' | 'submitted' | 'approved' | 'returned' | 'revising' | 'ended';

export interface Plan {
  version: number;
  status: PlanStatus;
  goals: string[];
  items: PlanItem[];
  submittedAt: string | null;
  decidedAt: string | null;
  decisionNo: string | null;
  returnReasons: string | null;
  /** The last approved plan stays in force while a revision is drafted and decided. */
  approved: { version: number; items: PlanItem[]; approvedAt: string } | null;
}

export interface CaseState {
  exists: boolean;
  caseId: string | null;
  status: CaseStatus;
  level: Level | null;
  opened: CaseOpened['data'] | null;
  incidentCommuneCode: string | null;
  residenceCommuneCode: string | null;
  /** The commune that carries the case: the incident commune until a transfer is accepted. */
  ownerCommuneCode: string | null;
  ownerProvinceCode: string | null;
  assignedWorkerId: string | null;
  initialAssessment: InitialAssessmentRecorded['data'] | null;
  emergencyMeasures: EmergencyMeasuresTaken['data'][];
  separations: Separation[];
  detailedAssessment: DetailedAssessmentRecorded['data'] | null;
  needsMeeting: NeedsMeetingHeld['data'] | null;
  plan: Plan | null;
  services: ServiceDelivered['data'][];
  reviews: ReviewRecorded['data'][];
  levelChanges: Array<{ from: Level; to: Level; reason: string; at: string }>;
  police: {
    notifiedAt: string;
    policeUnit: string;
    reference: string | null;
    outcomes: Array<{ outcome: CriminalOutcome; decidedAt: string; note: string }>;
  } | null;
  pendingTransfer: { toCommuneCode: string; toProvinceCode: string; reason: string; at: string } | null;
  transfers: Array<{ fromCommuneCode: string; toCommuneCode: string; at: string }>;
  closure: {
    reason: ClosureReason;
    note: string;
    mergedIntoCaseId: string | null;
    transferredTo: string | null;
    closedAt: string;
  } | null;
  reopenings: Array<{ reason: string; reopenedAt: string }>;
  /** Later reports about the same child, added by the hotline. */
  additionalReports: ReportAdded['data'][];
  deadlines: DeadlineV1[];
  /**
   * The last erasure of the case's personal data, whether free text was recorded since (a reopened
   * case), and what every erasure so far asked intake to erase, by contact: what a new erasure would have
   * to erase.
   */
  erasure: {
    erasureId: string;
    erasedAt: string;
    textSince: boolean;
    erased: Record<string, ErasedInContact>;
  } | null;
  /** While closed: how long the file is kept before its personal data may be erased. */
  retention: Retention | null;
  /** The legal holds in place: while there is one, the case's personal data is not erased. */
  legalHolds: Array<LegalHoldPlaced['data']>;
  /** The chair's erasure request awaiting the province's approval or rejection. */
  erasureRequest: ErasureRequested['data'] | null;
}

/** What the case's erasures have erased so far in one of its hotline contacts. */
export interface ErasedInContact {
  childRefs: string[];
  narrative: boolean;
  reporter: boolean;
}

/** A hotline contact the case came from: the report that opened it, or a repeat report added to it. */
export interface CaseContact {
  contactId: string;
  childRefs: string[];
}

/** The hotline contacts of the case, with the children each names (ids only). */
export function caseContacts(state: CaseState): CaseContact[] {
  const out = new Map<string, Set<string>>();
  const add = (contactId: string, refs: string[]) => {
    const set = out.get(contactId) ?? new Set<string>();
    refs.forEach((r) => set.add(r));
    out.set(contactId, set);
  };
  const source = state.opened?.source;
  if (source?.kind === 'hotline_referral')
    add(
      source.contactId,
      state.opened!.children.map((c) => c.childRef),
    );
  for (const r of state.additionalReports)
    add(
      r.contactId,
      r.children.map((c) => c.childRef),
    );
  return [...out].map(([contactId, refs]) => ({ contactId, childRefs: [...refs] }));
}

export const initialState = (): CaseState => ({
  exists: false,
  caseId: null,
  status: 'received',
  level: null,
  opened: null,
  incidentCommuneCode: null,
  residenceCommuneCode: null,
  ownerCommuneCode: null,
  ownerProvinceCode: null,
  assignedWorkerId: null,
  initialAssessment: null,
  emergencyMeasures: [],
  separations: [],
  detailedAssessment: null,
  needsMeeting: null,
  plan: null,
  services: [],
  reviews: [],
  levelChanges: [],
  police: null,
  pendingTransfer: null,
  transfers: [],
  closure: null,
  reopenings: [],
  additionalReports: [],
  deadlines: [],
  erasure: null,
  retention: null,
  legalHolds: [],
  erasureRequest: null,
});

export function activeSeparation(state: CaseState): Separation | null {
  return state.separations.find((s) => s.revokedAt === null) ?? null;
}

/** A deadline is still waiting for its step when it is open or was reported missed. */
export const isPending = (d: DeadlineV1) => d.status === 'open' || d.status === 'missed';
