import type { Channel, ContactPurpose, Concern, DomainEvent, Sex, CaseStatus } from '@cp/contracts';

/** A child named in a contact. `personal` holds what identifies the child (DOMAIN §6). */
export interface ContactChild {
  childRef: string;
  sex: Sex;
  ageYears: number | null;
  personal: { name?: string; birthDate?: string };
}

/** Mẫu 01: a contact received by the hotline. */
export type ContactRecorded = DomainEvent<
  'ContactRecorded',
  {
    contactId: string;
    receivedAt: string;
    channel: Channel;
    purpose: ContactPurpose;
    concerns: Concern[];
    incidentCommuneCode: string | null;
    incidentProvinceCode: string | null;
    immediateDanger: boolean;
    children: ContactChild[];
    /** The reporter's identity and the free-text notes never leave intake. */
    personal: {
      reporter?: {
        anonymous: boolean;
        name?: string;
        phone?: string;
        address?: string;
        consentToContact: boolean;
      };
      notes?: string;
    };
  }
>;

/** Step 3: the report goes to the commune where it happened ("chuyển ngay"). */
export type ReportReferred = DomainEvent<
  'ReportReferred',
  { referralId: string; communeCode: string; provinceCode: string; urgent: boolean; referredAt: string }
>;

/** The commune opened a case for the referral (fed back from casework). */
export type CaseLinked = DomainEvent<
  'CaseLinked',
  { referralId: string; caseId: string; status: CaseStatus; linkedAt: string }
>;

/** The linked case moved on in the procedure (fed back so the counsellor can follow up). */
export type CaseStatusUpdated = DomainEvent<
  'CaseStatusUpdated',
  { caseId: string; status: CaseStatus; at: string }
>;

export type ContactEvent = ContactRecorded | ReportReferred | CaseLinked | CaseStatusUpdated;
