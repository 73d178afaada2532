import { CASE_PAYLOADS, publishedDetails } from './case-payloads';
import type { CaseEvent } from '../domain/case.events';
import { CASE_TEXT_FIELDS } from '../domain/case.personal-data';
import { pathMatches, stringPaths } from '@cp/testing';

/**
 * Every string field of every event type of a case is either sealed at rest (CASE_TEXT_FIELDS) or on the
 * reviewed list of codes below (ids, enumerations, instants, commune codes, validated document references);
 * and nothing sealed is published. A sample of each event type fills every field, optional ones included:
 * the types make a new event type or field fail to compile here until it is classified.
 */
type Samples = { [E in CaseEvent as E['type']]: Required<E['data']> };

const T = '2026-12-01T08:00:00.000Z';
const ID = '11111111-1111-4111-8111-111111111111';
const TEXT = 'free text';
const deadline = {
  id: 'plan_draft:1',
  kind: 'plan_draft' as const,
  dueAt: T,
  startedAt: T,
  policyVersion: 'national-1',
  calendarVersion: 'vn-2026',
  rule: 'Decree 56/2017 Art. 28.1: 5 working days',
  status: 'open' as const,
  metAt: T,
  metRecordedAt: T,
  missedAt: T,
};
const scores = {
  severity_of_harm: 'high',
  abuser_access: 'low',
  care_setting_obstacles: 'medium',
  child_capacity: 'low',
} as const;
const child = {
  childRef: 'r-1',
  sex: 'female' as const,
  ageYears: 9,
  specialCircumstances: ['sexually_abused' as const],
};

const SAMPLES: Samples = {
  CaseOpened: {
    caseId: ID,
    source: { kind: 'hotline_referral', contactId: ID, referralId: ID },
    incidentCommuneCode: '00004',
    provinceCode: '01',
    residenceCommuneCode: '00007',
    residenceProvinceCode: '01',
    receivedAt: T,
    openedAt: T,
    urgent: true,
    concerns: ['sexual_abuse'],
    children: [child],
    category: 'abused',
    setting: 'family',
    report: {
      reportNumber: TEXT,
      channel: 'phone_111',
      currentCondition: TEXT,
      expectedWithoutHelp: TEXT,
      actionsTaken: TEXT,
    },
    identity: {
      children: [
        {
          childRef: 'r-1',
          name: TEXT,
          birthDate: '2017-05-01',
          address: TEXT,
          familySituation: TEXT,
          carers: [
            {
              relation: 'mother',
              currentCarer: true,
              name: TEXT,
              age: '34',
              occupation: TEXT,
              phone: TEXT,
              address: TEXT,
            },
          ],
        },
      ],
      reporter: { name: TEXT, phone: TEXT, address: TEXT },
    },
    deadlines: [deadline],
  },
  CaseWorkerAssigned: { workerId: 'worker-1', assignedAt: T },
  ResidenceCommuneRecorded: { communeCode: '00007', provinceCode: '01', at: T },
  InitialAssessmentRecorded: {
    assessedAt: T,
    at: T,
    scores,
    seriousThreat: true,
    caregiverIsAbuser: true,
    outcome: 'intervention',
    summary: TEXT,
    deadlines: [deadline],
  },
  EmergencyMeasuresTaken: {
    takenAt: T,
    at: T,
    measures: [{ measure: 'safe_shelter', by: 'commune', description: TEXT }],
  },
  TemporarySeparationDecided: {
    separationId: ID,
    decisionNo: TEXT,
    placement: 'relative',
    placementNote: TEXT,
    startsAt: T,
    endsAt: T,
    at: T,
    deadlines: [deadline],
  },
  TemporarySeparationExtended: {
    separationId: ID,
    previousEndsAt: T,
    endsAt: T,
    reason: TEXT,
    authorityRequest: { authority: TEXT, reference: TEXT },
    at: T,
  },
  TemporarySeparationRevoked: { separationId: ID, revokedAt: T, reason: TEXT, at: T },
  DetailedAssessmentRecorded: {
    assessedAt: T,
    at: T,
    scores,
    needs: ['safety'],
    assistedBy: 'hotline_111',
    summary: TEXT,
  },
  NeedsMeetingHeld: {
    heldAt: T,
    at: T,
    participants: [{ role: 'parent', name: TEXT }],
    childViews: { heard: false, summary: TEXT, reasonNotHeard: TEXT },
    minutes: TEXT,
  },
  PlanDrafted: {
    planVersion: 1,
    goals: [TEXT],
    items: [
      { itemId: ID, measure: 'counselling', description: TEXT, responsibleBody: TEXT, dueDate: '2026-12-20' },
    ],
    revisionReason: TEXT,
    at: T,
  },
  PlanSubmitted: { planVersion: 1, submittedAt: T, at: T, deadlines: [deadline] },
  PlanApproved: { planVersion: 1, decisionNo: TEXT, approvedAt: T, at: T, deadlines: [deadline] },
  PlanReturned: { planVersion: 1, reasons: TEXT, returnedAt: T, at: T },
  ServiceDelivered: {
    serviceId: ID,
    itemId: ID,
    deliveredAt: T,
    provider: TEXT,
    description: TEXT,
    completesItem: true,
    at: T,
  },
  ReviewRecorded: {
    reviewedAt: T,
    at: T,
    scores,
    childSafe: true,
    stability: { physical: true, psychological: true, cognitive: true, emotional: true },
    outcome: 'end',
    notes: TEXT,
    deadlines: [deadline],
  },
  PlanEnded: { endedAt: T, at: T, note: TEXT },
  CaseClosed: {
    reason: 'transferred_out',
    note: TEXT,
    mergedIntoCaseId: ID,
    transferredTo: TEXT,
    closedAt: T,
    retention: { days: 1826, policyVersion: 'national-1', endsAt: T },
  },
  CaseReopened: { reason: TEXT, reopenedAt: T, deadlines: [deadline] },
  ProtectionLevelChanged: { from: 'support', to: 'intervention', reason: TEXT, at: T },
  PoliceNotified: { notifiedAt: T, policeUnit: TEXT, reference: TEXT, at: T },
  CriminalOutcomeRecorded: { outcome: 'convicted', decidedAt: T, note: TEXT, at: T },
  CaseTransferRequested: { toCommuneCode: '00007', toProvinceCode: '01', reason: TEXT, at: T },
  CaseTransferAccepted: { fromCommuneCode: '00004', toCommuneCode: '00007', toProvinceCode: '01', at: T },
  CaseTransferDeclined: { toCommuneCode: '00007', reason: TEXT, at: T },
  ReportAdded: {
    contactId: ID,
    receivedAt: T,
    urgent: false,
    concerns: ['neglect'],
    children: [child],
    addedAt: T,
  },
  DeadlineMissed: { deadlineId: 'plan_draft:1', kind: 'plan_draft', dueAt: T, detectedAt: T },
  PersonalDataErased: {
    erasureId: ID,
    requestId: ID,
    requestedBy: 'chair-1',
    basis: 'retention_expired',
    reference: '12/QĐ-UBND',
    subjects: [`case:${ID}`],
    contactIds: [ID],
    cascade: [{ contactId: ID, childRefs: ['r-1'], narrative: true, reporter: true }],
    erasedAt: T,
  },
  ErasureRequested: {
    requestId: ID,
    basis: 'retention_expired',
    reference: '12/QĐ-UBND',
    requestedBy: 'chair-1',
    requesterCommuneCode: '00004',
    requestedAt: T,
    retentionEndsAt: T,
  },
  ErasureRejected: { requestId: ID, reasonCode: 'document_not_verified', rejectedBy: 'po-1', rejectedAt: T },
  LegalHoldPlaced: {
    holdId: ID,
    reasonCode: 'criminal_proceedings',
    reference: '45/CV-CA',
    placedBy: 'po-1',
    placedAt: T,
  },
  LegalHoldReleased: {
    holdId: ID,
    reasonCode: 'proceedings_concluded',
    reference: '46/CV-CA',
    releasedBy: 'po-1',
    releasedAt: T,
  },
};

/**
 * The string fields that are codes, reviewed one by one: ids, instants, enumerations, commune codes, a
 * deadline's policy version and legal rule (written by the software), and the document references of the
 * erasure governance (validated: a document number, no free text; they must outlive the erasure).
 */
const COMMON = ['deadlines.*.*', 'at'];
const CODES: { readonly [T in CaseEvent['type']]: readonly string[] } = {
  CaseOpened: [
    'caseId',
    'source.*',
    'incidentCommuneCode',
    'provinceCode',
    'residenceCommuneCode',
    'residenceProvinceCode',
    'receivedAt',
    'openedAt',
    'concerns.*',
    'children.*.childRef',
    'children.*.sex',
    'children.*.specialCircumstances.*',
    'category',
    'setting',
    'report.channel',
    'identity.children.*.childRef',
    'identity.children.*.carers.*.relation',
  ],
  CaseWorkerAssigned: ['workerId', 'assignedAt'],
  ResidenceCommuneRecorded: ['communeCode', 'provinceCode'],
  InitialAssessmentRecorded: ['assessedAt', 'scores.*', 'outcome'],
  EmergencyMeasuresTaken: ['takenAt', 'measures.*.measure', 'measures.*.by'],
  TemporarySeparationDecided: ['separationId', 'placement', 'startsAt', 'endsAt'],
  TemporarySeparationExtended: ['separationId', 'previousEndsAt', 'endsAt'],
  TemporarySeparationRevoked: ['separationId', 'revokedAt'],
  DetailedAssessmentRecorded: ['assessedAt', 'scores.*', 'needs.*', 'assistedBy'],
  NeedsMeetingHeld: ['heldAt', 'participants.*.role'],
  PlanDrafted: ['items.*.itemId', 'items.*.measure', 'items.*.dueDate'],
  PlanSubmitted: ['submittedAt'],
  PlanApproved: ['approvedAt'],
  PlanReturned: ['returnedAt'],
  ServiceDelivered: ['serviceId', 'itemId', 'deliveredAt'],
  ReviewRecorded: ['reviewedAt', 'scores.*', 'outcome'],
  PlanEnded: ['endedAt'],
  CaseClosed: ['reason', 'mergedIntoCaseId', 'closedAt', 'retention.policyVersion', 'retention.endsAt'],
  CaseReopened: ['reopenedAt'],
  ProtectionLevelChanged: ['from', 'to'],
  PoliceNotified: ['notifiedAt'],
  CriminalOutcomeRecorded: ['outcome', 'decidedAt'],
  CaseTransferRequested: ['toCommuneCode', 'toProvinceCode'],
  CaseTransferAccepted: ['fromCommuneCode', 'toCommuneCode', 'toProvinceCode'],
  CaseTransferDeclined: ['toCommuneCode'],
  ReportAdded: [
    'contactId',
    'receivedAt',
    'concerns.*',
    'children.*.childRef',
    'children.*.sex',
    'children.*.specialCircumstances.*',
    'addedAt',
  ],
  DeadlineMissed: ['deadlineId', 'kind', 'dueAt', 'detectedAt'],
  PersonalDataErased: [
    'erasureId',
    'requestId',
    'requestedBy',
    'basis',
    'reference',
    'subjects.*',
    'contactIds.*',
    'cascade.*.contactId',
    'cascade.*.childRefs.*',
    'erasedAt',
  ],
  ErasureRequested: [
    'requestId',
    'basis',
    'reference',
    'requestedBy',
    'requesterCommuneCode',
    'requestedAt',
    'retentionEndsAt',
  ],
  ErasureRejected: ['requestId', 'reasonCode', 'rejectedBy', 'rejectedAt'],
  LegalHoldPlaced: ['holdId', 'reasonCode', 'reference', 'placedBy', 'placedAt'],
  LegalHoldReleased: ['holdId', 'reasonCode', 'reference', 'releasedBy', 'releasedAt'],
};

const types = Object.keys(SAMPLES) as Array<CaseEvent['type']>;

describe('every string field of every case event', () => {
  it.each(types)('%s: each string is sealed or a reviewed code, never both', (type) => {
    const sealed = (CASE_TEXT_FIELDS[type] ?? []).map((p) => p.join('.'));
    const codes = [...CODES[type], ...COMMON];
    const unclassified: string[] = [];
    const both: string[] = [];
    for (const path of stringPaths(SAMPLES[type])) {
      const isSealed = sealed.some((p) => pathMatches(p, path));
      const isCode = codes.some((p) => pathMatches(p, path));
      if (!isSealed && !isCode) unclassified.push(path);
      if (isSealed && isCode) both.push(path);
    }
    expect({ type, unclassified, both }).toEqual({ type, unclassified: [], both: [] });
  });

  it.each(types)('%s: publishes no sealed field', (type) => {
    const published = JSON.stringify(publishedDetails({ type, data: SAMPLES[type] } as CaseEvent));
    expect({ type, leaks: published.includes(TEXT) }).toEqual({ type, leaks: false });
    const topFieldsSealed = new Set((CASE_TEXT_FIELDS[type] ?? []).map((p) => p[0]));
    const decisions = CASE_PAYLOADS[type].fields as Record<string, string>;
    for (const field of topFieldsSealed)
      expect({ type, field, decision: decisions[field] }).toEqual({ type, field, decision: 'kept' });
  });

  it('covers every event type the payload table knows', () => {
    expect(types.sort()).toEqual(Object.keys(CASE_PAYLOADS).sort());
  });
});
