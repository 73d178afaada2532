// How each event changes the case: a pure fold, no decision taken here (the decider reads the state this
// builds; case.state.ts holds its shape).
import type { DeadlineV1 } from '@cp/contracts';
import type { CaseEvent } from './case.events';
import { CASE_PERSONAL_FIELDS } from './case.personal-data';
import { caseContacts, isPending, type CaseState } from './case.state';
import { addDays } from './deadline-policy';

/** A deadline that no step will meet any more: cancelled if it was still running, lapsed if missed. */
const settle = (d: DeadlineV1): DeadlineV1 => ({
  ...d,
  status: d.status === 'missed' ? 'lapsed' : 'cancelled',
});

/** Marks the pending deadlines that `match` as met by a step done at `metAt` and recorded at `recordedAt`. */
function meet(
  deadlines: DeadlineV1[],
  match: (d: DeadlineV1) => boolean,
  metAt: string,
  recordedAt: string,
): DeadlineV1[] {
  return deadlines.map((d) =>
    isPending(d) && match(d)
      ? {
          ...d,
          status: Date.parse(metAt) <= Date.parse(d.dueAt) ? 'met' : 'met_late',
          metAt,
          metRecordedAt: recordedAt,
        }
      : d,
  );
}

const ofKind = (kind: DeadlineV1['kind']) => (d: DeadlineV1) => d.kind === kind;

/** Deadlines written by the first slice carried only kind, due date and policy version. */
function normalise(
  d: Partial<DeadlineV1> & Pick<DeadlineV1, 'kind' | 'dueAt' | 'policyVersion'>,
  startedAt: string,
) {
  return {
    id: d.id ?? `${d.kind}:1`,
    kind: d.kind,
    dueAt: d.dueAt,
    startedAt: d.startedAt ?? startedAt,
    policyVersion: d.policyVersion,
    calendarVersion: d.calendarVersion ?? null,
    rule: d.rule ?? '',
    status: d.status ?? 'open',
    metAt: d.metAt ?? null,
    metRecordedAt: d.metRecordedAt ?? null,
    missedAt: d.missedAt ?? null,
  } satisfies DeadlineV1;
}

export function evolve(state: CaseState, event: CaseEvent): CaseState {
  const next = evolveStep(state, event);
  // Free text recorded after an erasure (a reopened case) is personal data a new erasure must reach.
  if (next.erasure && !next.erasure.textSince && event.type in CASE_PERSONAL_FIELDS) {
    return { ...next, erasure: { ...next.erasure, textSince: true } };
  }
  return next;
}

function evolveStep(state: CaseState, event: CaseEvent): CaseState {
  switch (event.type) {
    case 'CaseOpened': {
      const d = event.data;
      return {
        ...state,
        exists: true,
        caseId: d.caseId,
        status: 'received',
        opened: d,
        incidentCommuneCode: d.incidentCommuneCode,
        residenceCommuneCode: d.residenceCommuneCode,
        ownerCommuneCode: d.incidentCommuneCode,
        ownerProvinceCode: d.provinceCode,
        deadlines: d.deadlines.map((x) => normalise(x, d.receivedAt)),
      };
    }
    case 'CaseWorkerAssigned':
      return {
        ...state,
        assignedWorkerId: event.data.workerId,
        status: state.status === 'received' ? 'assessing' : state.status,
      };
    case 'ResidenceCommuneRecorded':
      return { ...state, residenceCommuneCode: event.data.communeCode };
    case 'InitialAssessmentRecorded': {
      const d = event.data;
      const level = d.outcome === 'no_protection_need' ? null : d.outcome;
      return {
        ...state,
        initialAssessment: d,
        level,
        status: level ? 'planning' : state.status,
        deadlines: [
          ...meet(state.deadlines, ofKind('initial_assessment'), d.assessedAt, d.at),
          ...d.deadlines,
        ],
      };
    }
    case 'EmergencyMeasuresTaken':
      return {
        ...state,
        emergencyMeasures: [...state.emergencyMeasures, event.data],
        deadlines: meet(state.deadlines, ofKind('emergency_measures'), event.data.takenAt, event.data.at),
      };
    case 'TemporarySeparationDecided': {
      const d = event.data;
      return {
        ...state,
        separations: [
          ...state.separations,
          {
            separationId: d.separationId,
            decisionNo: d.decisionNo,
            placement: d.placement,
            placementNote: d.placementNote,
            startsAt: d.startsAt,
            endsAt: d.endsAt,
            extensions: [],
            revokedAt: null,
            revocationReason: null,
          },
        ],
        deadlines: [...state.deadlines, ...d.deadlines],
      };
    }
    case 'TemporarySeparationExtended': {
      const d = event.data;
      return {
        ...state,
        separations: state.separations.map((s) =>
          s.separationId === d.separationId
            ? {
                ...s,
                endsAt: d.endsAt,
                extensions: [
                  ...s.extensions,
                  { endsAt: d.endsAt, reason: d.reason, authorityRequest: d.authorityRequest },
                ],
              }
            : s,
        ),
        deadlines: state.deadlines.map((x) =>
          x.id === `separation_end:${d.separationId}` && x.status === 'open' ? { ...x, dueAt: d.endsAt } : x,
        ),
      };
    }
    case 'TemporarySeparationRevoked': {
      const d = event.data;
      return {
        ...state,
        separations: state.separations.map((s) =>
          s.separationId === d.separationId
            ? { ...s, revokedAt: d.revokedAt, revocationReason: d.reason }
            : s,
        ),
        deadlines: meet(
          state.deadlines,
          (x) => x.id === `separation_end:${d.separationId}`,
          d.revokedAt,
          d.at,
        ),
      };
    }
    case 'DetailedAssessmentRecorded':
      return {
        ...state,
        detailedAssessment: event.data,
        deadlines: meet(state.deadlines, ofKind('detailed_assessment'), event.data.assessedAt, event.data.at),
      };
    case 'NeedsMeetingHeld':
      return { ...state, needsMeeting: event.data };
    case 'PlanDrafted': {
      const d = event.data;
      const previous = state.plan;
      return {
        ...state,
        status: 'planning',
        plan: {
          version: d.planVersion,
          status: 'draft',
          goals: d.goals,
          items: d.items,
          submittedAt: null,
          decidedAt: null,
          decisionNo: null,
          returnReasons: null,
          approved: previous?.approved ?? null,
        },
      };
    }
    case 'PlanSubmitted': {
      const d = event.data;
      return {
        ...state,
        status: 'awaiting_approval',
        plan: { ...state.plan!, status: 'submitted', submittedAt: d.submittedAt },
        deadlines: [...meet(state.deadlines, ofKind('plan_draft'), d.submittedAt, d.at), ...d.deadlines],
      };
    }
    case 'PlanApproved': {
      const d = event.data;
      const plan = state.plan!;
      const withoutOldItems = state.deadlines.map((x) =>
        x.kind === 'plan_item' && isPending(x) ? settle(x) : x,
      );
      return {
        ...state,
        status: 'implementing',
        plan: {
          ...plan,
          status: 'approved',
          decidedAt: d.approvedAt,
          decisionNo: d.decisionNo,
          approved: { version: plan.version, items: plan.items, approvedAt: d.approvedAt },
        },
        deadlines: [...meet(withoutOldItems, ofKind('plan_approval'), d.approvedAt, d.at), ...d.deadlines],
      };
    }
    case 'PlanReturned': {
      const d = event.data;
      return {
        ...state,
        status: 'planning',
        plan: { ...state.plan!, status: 'returned', decidedAt: d.returnedAt, returnReasons: d.reasons },
        deadlines: meet(state.deadlines, ofKind('plan_approval'), d.returnedAt, d.at),
      };
    }
    case 'ServiceDelivered': {
      const d = event.data;
      const version = state.plan?.approved?.version;
      return {
        ...state,
        services: [...state.services, d],
        deadlines: d.completesItem
          ? meet(state.deadlines, (x) => x.id === `plan_item:${version}:${d.itemId}`, d.deliveredAt, d.at)
          : state.deadlines,
      };
    }
    case 'ReviewRecorded': {
      const d = event.data;
      const revise = d.outcome === 'revise';
      return {
        ...state,
        reviews: [...state.reviews, d],
        status: revise ? 'planning' : state.status,
        plan: revise ? { ...state.plan!, status: 'revising' } : state.plan,
        deadlines: [...meet(state.deadlines, ofKind('review'), d.reviewedAt, d.at), ...d.deadlines],
      };
    }
    case 'PlanEnded':
      return { ...state, plan: { ...state.plan!, status: 'ended' } };
    case 'CaseClosed':
      return {
        ...state,
        status: 'closed',
        closure: event.data,
        pendingTransfer: null,
        deadlines: state.deadlines.map((x) => (isPending(x) ? settle(x) : x)),
        retention: event.data.retention ?? null,
      };
    case 'CaseReopened':
      return {
        ...state,
        // An open case is not erased: its retention starts again at the next closure, and a request
        // waiting for the province lapses with the closure it was about.
        retention: null,
        erasureRequest: null,
        status: state.assignedWorkerId ? 'assessing' : 'received',
        level: null,
        closure: null,
        initialAssessment: null,
        detailedAssessment: null,
        needsMeeting: null,
        plan: null,
        reopenings: [...state.reopenings, { reason: event.data.reason, reopenedAt: event.data.reopenedAt }],
        deadlines: [...state.deadlines, ...event.data.deadlines],
      };
    case 'ProtectionLevelChanged':
      return { ...state, level: event.data.to, levelChanges: [...state.levelChanges, event.data] };
    case 'PoliceNotified':
      return {
        ...state,
        police: {
          notifiedAt: event.data.notifiedAt,
          policeUnit: event.data.policeUnit,
          reference: event.data.reference,
          outcomes: [],
        },
      };
    case 'CriminalOutcomeRecorded':
      return {
        ...state,
        police: {
          ...state.police!,
          outcomes: [
            ...state.police!.outcomes,
            { outcome: event.data.outcome, decidedAt: event.data.decidedAt, note: event.data.note },
          ],
        },
      };
    case 'CaseTransferRequested':
      return {
        ...state,
        pendingTransfer: {
          toCommuneCode: event.data.toCommuneCode,
          toProvinceCode: event.data.toProvinceCode,
          reason: event.data.reason,
          at: event.data.at,
        },
      };
    case 'CaseTransferAccepted':
      return {
        ...state,
        pendingTransfer: null,
        ownerCommuneCode: event.data.toCommuneCode,
        ownerProvinceCode: event.data.toProvinceCode,
        residenceCommuneCode: event.data.toCommuneCode,
        // The receiving commune names its own worker.
        assignedWorkerId: null,
        transfers: [
          ...state.transfers,
          {
            fromCommuneCode: event.data.fromCommuneCode,
            toCommuneCode: event.data.toCommuneCode,
            at: event.data.at,
          },
        ],
      };
    case 'CaseTransferDeclined':
      return { ...state, pendingTransfer: null };
    case 'ReportAdded': {
      // New information on a closed case keeps its file for a full period from then on.
      const r = state.status === 'closed' ? state.retention : null;
      const endsAt = r ? addDays(event.data.addedAt, r.days) : null;
      return {
        ...state,
        additionalReports: [...state.additionalReports, event.data],
        retention: r && endsAt! > r.endsAt ? { ...r, endsAt: endsAt! } : state.retention,
      };
    }
    case 'DeadlineMissed':
      return {
        ...state,
        deadlines: state.deadlines.map((x) =>
          x.id === event.data.deadlineId && x.status === 'open'
            ? { ...x, status: 'missed', missedAt: event.data.detectedAt }
            : x,
        ),
      };
    case 'PersonalDataErased': {
      const d = event.data;
      // Erasures made before the per-basis rule erased the contacts they named whole.
      const cascade =
        d.cascade ??
        caseContacts(state)
          .filter((c) => d.contactIds.includes(c.contactId))
          .map((c) => ({ ...c, narrative: true, reporter: true }));
      const erased = { ...(state.erasure?.erased ?? {}) };
      for (const c of cascade) {
        const before = erased[c.contactId] ?? { childRefs: [], narrative: false, reporter: false };
        erased[c.contactId] = {
          childRefs: [...new Set([...before.childRefs, ...c.childRefs])],
          narrative: before.narrative || c.narrative,
          reporter: before.reporter || c.reporter,
        };
      }
      return {
        ...state,
        erasureRequest: null,
        erasure: { erasureId: d.erasureId, erasedAt: d.erasedAt, textSince: false, erased },
      };
    }
    case 'ErasureRequested':
      return { ...state, erasureRequest: event.data };
    case 'ErasureRejected':
      return { ...state, erasureRequest: null };
    case 'LegalHoldPlaced':
      return { ...state, legalHolds: [...state.legalHolds, event.data] };
    case 'LegalHoldReleased':
      return { ...state, legalHolds: state.legalHolds.filter((h) => h.holdId !== event.data.holdId) };
    default:
      return state;
  }
}
