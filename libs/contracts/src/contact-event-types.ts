/**
 * Every domain event type of a hotline contact (intake's event store), in one list: intake checks at compile
 * time that its event union names exactly these, and the tables keyed by event type (the state's evolution,
 * what is published) are typed over it, so a new event type is listed here first.
 */
export const CONTACT_EVENT_TYPES = [
  'ContactRecorded',
  'ContactClosed',
  'ReportReferred',
  'ReportLinkedToCase',
  'CaseLinked',
  'CaseStatusUpdated',
  'FollowUpAlertRaised',
  'ForwardingAlertRaised',
  'CaseRecordUpdated',
  'PersonalDataErased',
] as const;

export type ContactEventType = (typeof CONTACT_EVENT_TYPES)[number];
