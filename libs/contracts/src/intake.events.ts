import type { Channel, Concern, Sex } from './enums';
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
  children: Array<{ childRef: string; sex: Sex; ageYears: number | null }>;
  concerns: Concern[];
}

/** A counselling or information contact closed at the hotline (prevention level, no case). */
export interface ContactClosedV1 {
  contactId: string;
  purpose: string;
  receivedAt: string;
  closedAt: string;
  channel: Channel;
  concerns: Concern[];
}

export type IntakeIntegrationEvent =
  | IntegrationEnvelope<'ReportReferred', ReportReferredV1>
  | IntegrationEnvelope<'ContactClosed', ContactClosedV1>;
