// The events of erasure governance and legal holds (docs/privacy.md "Erasure").
import type {
  DomainEvent,
  ErasureBasis,
  ErasureCascadeV1,
  ErasureRejectionReason,
  LegalHoldReason,
  LegalHoldReleaseReason,
} from '@cp/contracts';

/**
 * The case's personal data was erased: the key of `subjects` was destroyed in the same transaction, so
 * every free text of the case reads `[erased]`; the codes, dates and deadlines stay. `contactIds` are the
 * hotline contacts the case came from: intake erases theirs in turn.
 */
export type PersonalDataErased = DomainEvent<
  'PersonalDataErased',
  {
    erasureId: string;
    /** The approved request (absent on erasures made before erasure governance). */
    requestId?: string;
    /** Who asked (the chair); who approved is the event's actor. */
    requestedBy?: string;
    basis: ErasureBasis;
    reference: string | null;
    subjects: string[];
    contactIds: string[];
    /** What intake erases in each contact, by data subject (the per-basis rule, `erasureCascade`). */
    cascade?: ErasureCascadeV1[];
    erasedAt: string;
  }
>;

/**
 * The chair asks for the erasure of the closed case's personal data. Nothing is erased yet: a provincial
 * officer of the case's province, who is not the requester and does not act for the commune, approves
 * (PersonalDataErased) or rejects (ErasureRejected) it. Codes, ids and a document number only.
 */
export type ErasureRequested = DomainEvent<
  'ErasureRequested',
  {
    requestId: string;
    basis: ErasureBasis;
    reference: string;
    requestedBy: string;
    requesterCommuneCode: string | null;
    requestedAt: string;
    /** The end of the retention period checked (null for a court order, which is not bound by it). */
    retentionEndsAt: string | null;
  }
>;

export type ErasureRejected = DomainEvent<
  'ErasureRejected',
  { requestId: string; reasonCode: ErasureRejectionReason; rejectedBy: string; rejectedAt: string }
>;

/** While a case has a hold in place, its personal data is not erased (proceedings, inspection, …). */
export type LegalHoldPlaced = DomainEvent<
  'LegalHoldPlaced',
  { holdId: string; reasonCode: LegalHoldReason; reference: string; placedBy: string; placedAt: string }
>;

export type LegalHoldReleased = DomainEvent<
  'LegalHoldReleased',
  {
    holdId: string;
    reasonCode: LegalHoldReleaseReason;
    reference: string;
    releasedBy: string;
    releasedAt: string;
  }
>;
