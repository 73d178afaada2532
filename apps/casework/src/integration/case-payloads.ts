import type { CaseEvent } from '../domain/case.events';

/**
 * What leaves casework of each step, field by field: an allowlist (Law on Children Art. 6 and 21: a
 * child's information goes only where it is needed). Every field of every event is either `published` in
 * the step's integration event (`details`: codes, ids, declared times, scores) or `kept` in casework (free
 * text, names of people and bodies, document numbers, and what the case summary already carries). The
 * types force a decision: a new event type, or a new field of an event, does not compile until it has one.
 * `derived` adds facts computed from kept fields (how many plan items, whether the child was heard).
 *
 * On Kafka the whole payload then travels sealed under the topic's key (libs/messaging payload-seal.ts):
 * this table decides what casework's consumers may know; the sealing, what a copy of the topic reveals.
 */
export type FieldDecision = 'published' | 'kept';

type Decisions<D> = { readonly [K in keyof Required<D>]: FieldDecision };

interface Entry<E extends CaseEvent> {
  fields: Decisions<E['data']>;
  derived?: (data: E['data']) => Record<string, unknown>;
}

export type CasePayloadTable = { readonly [E in CaseEvent as E['type']]: Entry<E> };

const P = 'published';
const K = 'kept';

export const CASE_PAYLOADS: CasePayloadTable = {
  // Published whole as CaseOpenedV1 (case-messages.ts), without the Mẫu 01 texts.
  CaseOpened: {
    fields: {
      caseId: P,
      source: P,
      incidentCommuneCode: P,
      provinceCode: P,
      residenceCommuneCode: P,
      residenceProvinceCode: K,
      receivedAt: P,
      openedAt: P,
      urgent: P,
      concerns: P,
      children: P,
      category: P,
      setting: P,
      report: K,
      identity: K,
      deadlines: P,
    },
  },
  CaseWorkerAssigned: { fields: { workerId: P, assignedAt: P } },
  ResidenceCommuneRecorded: { fields: { communeCode: P, provinceCode: P, at: K } },
  InitialAssessmentRecorded: {
    fields: {
      assessedAt: P,
      at: K,
      scores: P,
      seriousThreat: P,
      caregiverIsAbuser: P,
      outcome: P,
      summary: K,
      deadlines: K,
    },
  },
  EmergencyMeasuresTaken: {
    fields: { takenAt: P, at: K, measures: K },
    derived: (d) => ({ measures: d.measures.map((m) => ({ measure: m.measure, by: m.by })) }),
  },
  TemporarySeparationDecided: {
    fields: {
      separationId: P,
      decisionNo: K,
      placement: P,
      placementNote: K,
      startsAt: P,
      endsAt: P,
      at: K,
      deadlines: K,
    },
  },
  TemporarySeparationExtended: {
    fields: { separationId: P, previousEndsAt: P, endsAt: P, reason: K, authorityRequest: K, at: K },
    derived: (d) => ({ authorityRequested: d.authorityRequest !== null }),
  },
  TemporarySeparationRevoked: { fields: { separationId: P, revokedAt: P, reason: K, at: K } },
  DetailedAssessmentRecorded: {
    fields: { assessedAt: P, at: K, scores: P, needs: P, assistedBy: P, summary: K },
  },
  NeedsMeetingHeld: {
    fields: { heldAt: P, at: K, participants: K, childViews: K, minutes: K },
    derived: (d) => ({
      participantRoles: [...new Set(d.participants.map((p) => p.role))],
      childHeard: d.childViews.heard,
    }),
  },
  PlanDrafted: {
    fields: { planVersion: P, goals: K, items: K, revisionReason: K, at: K },
    derived: (d) => ({
      measures: d.items.map((i) => i.measure),
      itemCount: d.items.length,
      revision: d.revisionReason !== null,
    }),
  },
  PlanSubmitted: { fields: { planVersion: P, submittedAt: P, at: K, deadlines: K } },
  PlanApproved: { fields: { planVersion: P, decisionNo: K, approvedAt: P, at: K, deadlines: K } },
  PlanReturned: { fields: { planVersion: P, reasons: K, returnedAt: P, at: K } },
  ServiceDelivered: {
    fields: {
      serviceId: P,
      itemId: P,
      deliveredAt: P,
      provider: K,
      description: K,
      completesItem: P,
      at: K,
    },
  },
  ReviewRecorded: {
    fields: {
      reviewedAt: P,
      at: K,
      scores: P,
      childSafe: P,
      stability: P,
      outcome: P,
      notes: K,
      deadlines: K,
    },
  },
  PlanEnded: { fields: { endedAt: P, at: K, note: K } },
  CaseClosed: {
    fields: {
      reason: P,
      note: K,
      mergedIntoCaseId: P,
      transferredTo: K,
      closedAt: P,
      retention: P,
    },
  },
  CaseReopened: { fields: { reason: K, reopenedAt: P, deadlines: K } },
  ProtectionLevelChanged: { fields: { from: P, to: P, reason: K, at: K } },
  PoliceNotified: { fields: { notifiedAt: P, policeUnit: K, reference: K, at: K } },
  CriminalOutcomeRecorded: { fields: { outcome: P, decidedAt: P, note: K, at: K } },
  CaseTransferRequested: { fields: { toCommuneCode: P, toProvinceCode: P, reason: K, at: K } },
  CaseTransferAccepted: { fields: { fromCommuneCode: P, toCommuneCode: P, toProvinceCode: P, at: K } },
  CaseTransferDeclined: { fields: { toCommuneCode: P, reason: K, at: K } },
  ReportAdded: {
    fields: { contactId: P, receivedAt: P, urgent: P, concerns: P, children: P, addedAt: P },
  },
  DeadlineMissed: { fields: { deadlineId: P, kind: P, dueAt: P, detectedAt: P } },
  // Intake erases the contacts the case came from by `contactIds` and `cascade` (ids and flags only).
  PersonalDataErased: {
    fields: {
      erasureId: P,
      requestId: P,
      requestedBy: P,
      basis: P,
      reference: K,
      subjects: K,
      contactIds: P,
      cascade: P,
      erasedAt: P,
    },
    derived: (d) => ({ subjects: d.subjects.length }),
  },
  ErasureRequested: {
    fields: {
      requestId: P,
      basis: P,
      reference: K,
      requestedBy: P,
      requesterCommuneCode: P,
      requestedAt: P,
      retentionEndsAt: P,
    },
  },
  ErasureRejected: { fields: { requestId: P, reasonCode: P, rejectedBy: P, rejectedAt: P } },
  LegalHoldPlaced: { fields: { holdId: P, reasonCode: P, reference: K, placedBy: P, placedAt: P } },
  LegalHoldReleased: {
    fields: { holdId: P, reasonCode: P, reference: K, releasedBy: P, releasedAt: P },
  },
};

/** The step's published facts: its `published` fields as they are, and its derived facts. */
export function publishedDetails<E extends CaseEvent>(event: E): Record<string, unknown> {
  const entry = CASE_PAYLOADS[event.type] as unknown as Entry<E>;
  const data = event.data as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [field, decision] of Object.entries(entry.fields)) {
    if (decision === 'published' && data[field] !== undefined) out[field] = data[field];
  }
  return { ...out, ...entry.derived?.(event.data) };
}
