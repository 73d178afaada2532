import type {
  AbuserRelation,
  AbuseSetting,
  CarerRelation,
  CallerType,
  CaseStatus,
  Channel,
  ChildCategory,
  ContactOutcome,
  ContactPurpose,
  Concern,
  ContactEventType,
  DomainEvent,
  ErasureBasis,
  ReferralRecipient,
  ReportReceiver,
  Sex,
  SexualAbuseSubtype,
  SpecialCircumstance,
} from '@cp/contracts';

/** A child named in a contact. `personal` holds what identifies the child (docs/privacy.md). */
export interface ContactChild {
  childRef: string;
  sex: Sex;
  ageYears: number | null;
  /** The age is the caller's estimate (no date of birth known). */
  ageEstimated?: boolean;
  ethnicity?: string | null;
  specialCircumstances?: SpecialCircumstance[];
  /** Where the child lives (5-digit commune), when known. */
  residenceCommuneCode?: string | null;
  /**
   * Mẫu 01 A.2: the father, the mother and the current carer (name, age, occupation; how to reach them).
   * Absent from contacts recorded before the form carried them. Sealed with the child's key.
   */
  carers?: ContactCarer[];
  personal: {
    name?: string;
    birthDate?: string;
    /** Where the child lives (nơi ở), when the caller knows it. */
    address?: string;
    /** Mẫu 01 A.2 "hoàn cảnh gia đình". */
    familySituation?: string;
  };
}

/** A parent or carer of a child, as the caller named them. Only `relation` and `currentCarer` stay clear. */
export interface ContactCarer {
  relation: CarerRelation;
  /** The one who looks after the child now (Mẫu 01 "người đang chăm sóc trẻ"). */
  currentCarer?: boolean;
  personal: {
    name?: string;
    /** Years, as written (a string so that it is sealed like the rest). */
    age?: string;
    occupation?: string;
    phone?: string;
    address?: string;
  };
}

/** The person said to harm the child: everything about them is sealed, the relation included. */
export interface AllegedAbuser {
  relation: AbuserRelation;
  sex?: string;
  name?: string;
  age?: string;
  description?: string;
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
    sexualAbuseSubtypes?: SexualAbuseSubtype[];
    category?: ChildCategory | null;
    setting?: AbuseSetting | null;
    incidentCommuneCode: string | null;
    incidentProvinceCode: string | null;
    immediateDanger: boolean;
    children: ContactChild[];
    /**
     * A report must be passed on by then ("chuyển ngay", Decree 56 Art. 26.1: the forwarding clock from its
     * receipt), by the clock policy `clockPolicy`. Absent from reports recorded before the clock.
     */
    forwardBy?: string;
    clockPolicy?: string;
    /**
     * The body that received the report and wrote this Mẫu 01 (Decree 56 Art. 25.1) and the unit it acted
     * for: absent for contacts recorded before, all at the hotline.
     */
    receiver?: { kind: ReportReceiver; unit: string };
    /** Who called, without who they are: the type, and a keyed digest of the number to recognise repeats. */
    caller?: { type: CallerType | null; callerKey: string | null };
    /** The reporter's identity and the free text never leave intake. */
    personal: {
      reporter?: {
        anonymous: boolean;
        name?: string;
        phone?: string;
        address?: string;
        consentToContact: boolean;
      };
      notes?: string;
      /** Where it happened (address, school, …), the child's condition, what was already done. */
      place?: string;
      currentCondition?: string;
      actionsTaken?: string;
      /** Who is said to harm the child (absent from contacts recorded before). */
      allegedAbusers?: AllegedAbuser[];
    };
  }
>;

/** A counselling, information or other contact ends at the hotline with its outcome (level 1, no case). */
export type ContactClosed = DomainEvent<
  'ContactClosed',
  { outcome: ContactOutcome; closedAt: string; note?: string }
>;

/**
 * Step 3: the report is passed on ("chuyển ngay") — to the commune where it happened, or to the provincial
 * health department (Sở Y tế) or the police (`recipient`; absent in events recorded before: the commune).
 * `communeCode` is always the commune of the incident, which carries the case (Decree 56 Art. 26.1).
 */
export type ReportReferred = DomainEvent<
  'ReportReferred',
  {
    referralId: string;
    recipient?: ReferralRecipient;
    /** The version of the hotline's clock policy that set `acknowledgeBy`. */
    clockPolicy?: string;
    communeCode: string;
    provinceCode: string;
    residenceCommuneCode?: string | null;
    urgent: boolean;
    referredAt: string;
    /** The commune should take it up by then (policy: 2 h, 30 min when urgent). */
    acknowledgeBy?: string;
    /** A crime report: the police were notified in parallel. */
    police?: { unit: string; reference: string | null; notifiedAt: string } | null;
  }
>;

/** A repeat report: linked to the existing case instead of opening a second one. */
export type ReportLinkedToCase = DomainEvent<
  'ReportLinkedToCase',
  { caseId: string; linkedAt: string; reason: string }
>;

/** The commune opened a case for the referral (fed back from casework). */
export type CaseLinked = DomainEvent<
  'CaseLinked',
  { referralId: string; caseId: string; status: CaseStatus; linkedAt: string }
>;

/**
 * The linked case moved on (fed back so the counsellor can follow it up): its stage, kept only to tell
 * whether it was taken up and is open, and whether a deadline is overdue. Events recorded before carry the
 * step's name and the next due date instead of `overdue` (no longer recorded: they tell what happened to
 * the child, which the hotline does not need to follow a referral up).
 */
export type CaseStatusUpdated = DomainEvent<
  'CaseStatusUpdated',
  {
    caseId: string;
    status: CaseStatus;
    at: string;
    overdue?: boolean;
    step?: string;
    nextDueAt?: string | null;
  }
>;

/**
 * What the erasure of this contact at the hotline depends on changed in its case (closed or reopened, its
 * retention end, a legal hold placed or released): fed back from casework for the report that opened the
 * case and every repeat report linked to it.
 */
export type CaseRecordUpdated = DomainEvent<
  'CaseRecordUpdated',
  { caseId: string; closedAt: string | null; retentionEndsAt: string | null; legalHold: boolean; at: string }
>;

/** No commune took the referral up in time: the hotline supervisor must follow it up. */
export type FollowUpAlertRaised = DomainEvent<
  'FollowUpAlertRaised',
  { referralId: string; acknowledgeBy: string; raisedAt: string }
>;

/** A report was not passed on by its forwarding time: the hotline supervisor must follow it up. */
export type ForwardingAlertRaised = DomainEvent<
  'ForwardingAlertRaised',
  { forwardBy: string; raisedAt: string }
>;

/**
 * The contact's personal data was erased: the keys of these data subjects were destroyed in the same
 * transaction. The sealed values stay in the earlier events (the hash chain covers them) but read
 * `[erased]` from now on.
 */
export type PersonalDataErased = DomainEvent<
  'PersonalDataErased',
  {
    erasureId: string;
    basis: ErasureBasis;
    reference: string | null;
    subjects: string[];
    viaCaseId: string | null;
    erasedAt: string;
  }
>;

export type ContactEvent =
  | ContactRecorded
  | ContactClosed
  | ReportReferred
  | ReportLinkedToCase
  | CaseLinked
  | CaseStatusUpdated
  | FollowUpAlertRaised
  | ForwardingAlertRaised
  | CaseRecordUpdated
  | PersonalDataErased;

/**
 * The event union and the contracts' list of contact event types name the same types, both ways: a type
 * added to one and not the other does not compile.
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _eventTypesMatch: Same<ContactEvent['type'], ContactEventType> = true;
