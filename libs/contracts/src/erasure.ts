import { DomainError } from './decider';

/**
 * The shared vocabulary of erasure governance (Personal Data Protection Law 91/2025/QH15 Art. 14): the
 * document every erasure and legal hold rests on, the reason codes of a rejection, a hold and its release,
 * and what a case's erasure asks intake to erase. Pure: no I/O, used by both deciders and the DTOs.
 */

/**
 * A document reference is a number, not an explanation: at most this many characters, of letters, digits,
 * spaces and the punctuation document numbers use (`12/2026/QĐ-UBND`, `Đơn số 45`, `BA 17/2026/HS-ST`).
 */
export const REFERENCE_MAX_LENGTH = 80;
/** At most this many words: "Bản án số 45/2026/HS-ST ngày 12/3/2026" fits, a sentence does not. */
export const REFERENCE_MAX_WORDS = 10;
const REFERENCE_CHARS = /^[\p{L}\p{N}][\p{L}\p{N} ./\-_:#(),]*$/u;

/**
 * The problem with a document reference, or null when it is one. Every erasure (whatever its basis) and
 * every legal hold names the document behind it; the request is kept for ever, so it must hold no free
 * text about the child — a number and the words of a number only.
 */
export function referenceProblem(reference: unknown): 'missing' | 'not_a_reference' | null {
  if (reference === undefined || reference === null) return 'missing';
  if (typeof reference !== 'string' || !reference.trim()) return 'missing';
  const r = reference.trim();
  if (
    r.length > REFERENCE_MAX_LENGTH ||
    !REFERENCE_CHARS.test(r) ||
    !/\p{N}/u.test(r) ||
    r.split(/\s+/).length > REFERENCE_MAX_WORDS
  ) {
    return 'not_a_reference';
  }
  return null;
}

/**
 * The reference, trimmed, or the refusal naming the rule (`<prefix>.REFERENCE_REQUIRED` or
 * `<prefix>.REFERENCE_INVALID`, 422 with `field: reference`).
 */
export function requireReference(reference: unknown, prefix: 'ERASURE' | 'LEGAL_HOLD', what: string): string {
  const problem = referenceProblem(reference);
  if (problem === 'missing') {
    throw new DomainError(
      `${prefix}.REFERENCE_REQUIRED`,
      `reference: ${what} rests on a document; give its number (e.g. "12/2026/QĐ-UBND", "Đơn số 45/2026").`,
      'invalid',
      { field: 'reference' },
    );
  }
  if (problem === 'not_a_reference') {
    throw new DomainError(
      `${prefix}.REFERENCE_INVALID`,
      `reference: the number of the document only — at most ${REFERENCE_MAX_LENGTH} characters and ${REFERENCE_MAX_WORDS} words, letters, digits and / - . _ : # ( ) , with at least one digit; no explanation (the request is kept for ever).`,
      'invalid',
      { field: 'reference' },
    );
  }
  return (reference as string).trim();
}

/** Why a provincial officer rejects a commune's erasure request. */
export const ERASURE_REJECTION_REASONS = [
  /** The document named could not be verified, or does not say what the basis claims. */
  'document_not_verified',
  /** The basis does not apply (e.g. the requester is not the child or their parent or guardian). */
  'basis_not_met',
  /** The record is still needed: proceedings, a complaint, an inspection, a new report. */
  'record_still_needed',
  /** The request names the wrong case. */
  'wrong_record',
] as const;
export type ErasureRejectionReason = (typeof ERASURE_REJECTION_REASONS)[number];

/** Why a case is held: while any hold is in place its personal data is not erased. */
export const LEGAL_HOLD_REASONS = [
  'criminal_proceedings',
  'civil_proceedings',
  'administrative_proceedings',
  'inspection',
  'complaint',
] as const;
export type LegalHoldReason = (typeof LEGAL_HOLD_REASONS)[number];

/** Why a hold ends. */
export const LEGAL_HOLD_RELEASE_REASONS = [
  'proceedings_concluded',
  'inspection_concluded',
  'complaint_resolved',
  'placed_in_error',
] as const;
export type LegalHoldReleaseReason = (typeof LEGAL_HOLD_RELEASE_REASONS)[number];

/**
 * What a case's erasure asks intake to erase in one hotline contact the case came from (the report that
 * opened it, or a repeat report added to it): the data subjects by kind, never their data. The rule that
 * decides it per basis is casework's (`erasureCascade` in the case decider; docs/privacy.md "Erasure").
 */
export interface ErasureCascadeV1 {
  contactId: string;
  /** `child:<childRef>`: the children of the case named in this contact (name, date of birth). */
  childRefs: string[];
  /** `contact:<contactId>`: what the caller told about the child, the counsellors' notes on it. */
  narrative: boolean;
  /** `reporter:<contactId>`: the caller's identity (name, phone, address, repeat-caller digest). */
  reporter: boolean;
}
