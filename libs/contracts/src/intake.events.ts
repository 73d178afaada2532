import type {
  AbuseSetting,
  CarerRelation,
  Channel,
  ChildCategory,
  Concern,
  ContactOutcome,
  ReferralRecipient,
  Sex,
  SpecialCircumstance,
} from './enums';
import type { PersonalDataErasedV1 } from './audit.events';
import type { IntegrationEnvelope } from './envelope';

/**
 * A report was referred to the commune where the incident happened (docs/hotline-intake.md).
 * Carries only what casework and reporting need: no child name, no reporter (event-sourcing rule 11).
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
  /** Who the hotline passed the report on to (absent: the commune of the incident). */
  recipient?: ReferralRecipient;
  /**
   * The child's identity for the commune that carries the case (Decree 56 Art. 26.1: its file opens with
   * the Mẫu 01 the receiver wrote), sealed for casework alone: `ReferralIdentityV1` encrypted with the
   * referral identity key (`REFERRAL_IDENTITY_KEYS`, held by intake and casework, not by reporting), bound
   * to this referral. Absent from referrals published before.
   */
  identity?: SealedReferralIdentityV1;
}

/** AES-256-GCM of the JSON of a `ReferralIdentityV1`; additional data `referral-identity|<referralId>`. */
export interface SealedReferralIdentityV1 {
  alg: 'A256GCM';
  kid: string;
  iv: string;
  /** Ciphertext followed by the 16-byte tag, base64. */
  ct: string;
}

/**
 * What the commune that carries the case needs to find and protect the child (Mẫu 01 A.2, A.3): the
 * children's names, dates of birth, addresses, family situation, parents and carers; the reporter's
 * details only when the reporter gave them (never for an anonymous reporter); the police unit notified.
 * Texts may read `[erased]`.
 */
export interface ReferralIdentityV1 {
  children: Array<{
    childRef: string;
    name: string | null;
    birthDate: string | null;
    address: string | null;
    familySituation: string | null;
    carers: Array<{
      relation: CarerRelation;
      currentCarer: boolean;
      name: string | null;
      age: string | null;
      occupation: string | null;
      phone: string | null;
      address: string | null;
    }>;
  }>;
  reporter: { name: string | null; phone: string | null; address: string | null } | null;
  police: { unit: string; reference: string | null } | null;
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
  | IntegrationEnvelope<'ReportLinkedToCase', ReportLinkedToCaseV1>
  // A contact's personal data erased (its subjects' keys destroyed); the payload is the audit contract's.
  | IntegrationEnvelope<'PersonalDataErased', PersonalDataErasedV1>;
