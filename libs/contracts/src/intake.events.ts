import type {
  AbuseSetting,
  Channel,
  ChildCategory,
  Concern,
  ContactOutcome,
  Sex,
  SpecialCircumstance,
} from './enums';
import type { IntegrationEnvelope } from './envelope';

/**
 * A report was referred to the commune where the incident happened (DOMAIN §3 step 3).
 * Carries only what casework and reporting need: no child name, no reporter (ARCHITECTURE §2 rule 11).
 */
export interface ReportReferredV1 {
  contactId: string;
  referralId: string;
  /** 5-digit commune code (2025 list) where the incident happened. */
  communeCode: string;
  provinceCode: string;
  /** When the hotline received the report: it starts the 12-hour clock. */
  receivedAt: string;
  referredAt: string;
  channel: Channel;
  urgent: boolean;
  children: IntakeChildV1[];
  concerns: Concern[];
  category?: ChildCategory | null;
  /** Where the abuse or risk happened, when the caller said. */
  setting?: AbuseSetting | null;
  /** Where the child lives, when it is not the incident commune (Law Art. 52.2). */
  residenceCommuneCode?: string | null;
  /** A crime report: the police were notified in parallel (Criminal Procedure Code Art. 25.3). */
  policeNotified?: boolean;
}

/** A child as intake tells other services about it: no name, no date of birth. */
export interface IntakeChildV1 {
  childRef: string;
  sex: Sex;
  ageYears: number | null;
  specialCircumstances?: SpecialCircumstance[];
}

/**
 * A new report about a child whose case is already open: the counsellor linked it to that case instead
 * of opening a second one; casework records it on the case as new information.
 */
export interface ReportLinkedToCaseV1 {
  contactId: string;
  caseId: string;
  receivedAt: string;
  linkedAt: string;
  channel: Channel;
  urgent: boolean;
  concerns: Concern[];
  children: IntakeChildV1[];
}

/** A counselling or information contact closed at the hotline (prevention level, no case). */
export interface ContactClosedV1 {
  contactId: string;
  purpose: string;
  outcome: ContactOutcome;
  receivedAt: string;
  closedAt: string;
  channel: Channel;
  concerns: Concern[];
  children: IntakeChildV1[];
}

export type IntakeIntegrationEvent =
  | IntegrationEnvelope<'ReportReferred', ReportReferredV1>
  | IntegrationEnvelope<'ContactClosed', ContactClosedV1>
  | IntegrationEnvelope<'ReportLinkedToCase', ReportLinkedToCaseV1>;
