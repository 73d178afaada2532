import type { CaseEventType } from '@cp/contracts';

/**
 * The personal fields of a case's events (docs/privacy.md, event-sourcing rule 11): every free text, which tells about the
 * child, the family and what was done for them. Casework holds no names of children (they never leave
 * intake, except the identity a referral brings for the commune that carries the case: `identity`), so its
 * data subject is the case's narrative, `case:<case id>`, one key per case: erasing the
 * case's personal data destroys it. Codes, dates, scores and ids stay readable: they are what the
 * procedure, the deadlines, the statistics and the audit trail run on.
 */
// Typed over every event type (CASE_EVENT_TYPES): a new event does not compile until it says which of
// its fields are free text (none: []).
export const CASE_TEXT_FIELDS: { readonly [T in CaseEventType]: readonly string[][] } = {
  CaseOpened: [
    ['report', 'reportNumber'],
    ['report', 'currentCondition'],
    ['report', 'expectedWithoutHelp'],
    ['report', 'actionsTaken'],
    // The child's identity from the hotline's referral (Decree 56 Art. 26.1), under the case's key.
    ...['name', 'birthDate', 'address', 'familySituation'].map((f) => ['identity', 'children', '*', f]),
    ...['name', 'age', 'occupation', 'phone', 'address'].map((f) => [
      'identity',
      'children',
      '*',
      'carers',
      '*',
      f,
    ]),
    ...['name', 'phone', 'address'].map((f) => ['identity', 'reporter', f]),
  ],
  InitialAssessmentRecorded: [['summary']],
  EmergencyMeasuresTaken: [['measures', '*', 'description']],
  TemporarySeparationDecided: [['decisionNo'], ['placementNote']],
  TemporarySeparationExtended: [
    ['reason'],
    ['authorityRequest', 'authority'],
    ['authorityRequest', 'reference'],
  ],
  TemporarySeparationRevoked: [['reason']],
  DetailedAssessmentRecorded: [['summary']],
  NeedsMeetingHeld: [
    ['participants', '*', 'name'],
    ['childViews', 'summary'],
    ['childViews', 'reasonNotHeard'],
    ['minutes'],
  ],
  PlanDrafted: [
    ['goals', '*'],
    ['items', '*', 'description'],
    ['items', '*', 'responsibleBody'],
    ['revisionReason'],
  ],
  PlanApproved: [['decisionNo']],
  PlanReturned: [['reasons']],
  ServiceDelivered: [['provider'], ['description']],
  ReviewRecorded: [['notes']],
  PlanEnded: [['note']],
  CaseClosed: [['note'], ['transferredTo']],
  CaseReopened: [['reason']],
  ProtectionLevelChanged: [['reason']],
  PoliceNotified: [['policeUnit'], ['reference']],
  CriminalOutcomeRecorded: [['note']],
  CaseTransferRequested: [['reason']],
  CaseTransferDeclined: [['reason']],
  CaseWorkerAssigned: [],
  ResidenceCommuneRecorded: [],
  PlanSubmitted: [],
  CaseTransferAccepted: [],
  ReportAdded: [],
  DeadlineMissed: [],
  PersonalDataErased: [],
  ErasureRequested: [],
  ErasureRejected: [],
  LegalHoldPlaced: [],
  LegalHoldReleased: [],
};

/** The event types with personal fields, and which (for the documentation and the tests). */
export const CASE_PERSONAL_FIELDS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.entries(CASE_TEXT_FIELDS)
    .filter(([, paths]) => paths.length > 0)
    .map(([type, paths]) => [type, paths.map((p) => p.join('.'))]),
);

export const caseSubject = (caseId: string) => `case:${caseId}`;
