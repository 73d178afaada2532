/**
 * Every event type of a case's stream in casework, the domain events of docs/casework-procedure.md.
 * Casework checks at compile time that its event union names exactly these (domain/case.event-types.ts);
 * a service that keeps a table per event type (what it publishes, what it seals, what it reports) can
 * type the table over this list, so a new event does not compile until each table decides on it.
 */
export const CASE_EVENT_TYPES = [
  'CaseOpened',
  'CaseWorkerAssigned',
  'ResidenceCommuneRecorded',
  'InitialAssessmentRecorded',
  'EmergencyMeasuresTaken',
  'TemporarySeparationDecided',
  'TemporarySeparationExtended',
  'TemporarySeparationRevoked',
  'DetailedAssessmentRecorded',
  'NeedsMeetingHeld',
  'PlanDrafted',
  'PlanSubmitted',
  'PlanApproved',
  'PlanReturned',
  'ServiceDelivered',
  'ReviewRecorded',
  'PlanEnded',
  'CaseClosed',
  'CaseReopened',
  'ProtectionLevelChanged',
  'PoliceNotified',
  'CriminalOutcomeRecorded',
  'CaseTransferRequested',
  'CaseTransferAccepted',
  'CaseTransferDeclined',
  'ReportAdded',
  'DeadlineMissed',
  'PersonalDataErased',
  'ErasureRequested',
  'ErasureRejected',
  'LegalHoldPlaced',
  'LegalHoldReleased',
] as const;

export type CaseEventType = (typeof CASE_EVENT_TYPES)[number];
