import { DomainError } from '@cp/contracts';

type ErrorKind = DomainError['kind'];

/**
 * Every error code intake answers with, in one catalogue (the console translates them by code: keep them
 * stable). The detail says what to do; the kind sets the HTTP status (one filter per service maps it).
 */
export const CONTACT_ERROR_CODES = [
  'CONTACT.ALREADY_LINKED',
  'CONTACT.ALREADY_RECORDED',
  'CONTACT.ALREADY_REFERRED',
  'CONTACT.CASE_OPEN',
  'CONTACT.CHILD_REQUIRED',
  'CONTACT.CLOSED',
  'CONTACT.CONCERN_REQUIRED',
  'CONTACT.FIELD_REQUIRED',
  'CONTACT.NOT_A_REPORT',
  'CONTACT.NOT_CLOSED',
  'CONTACT.NOT_FOUND',
  'CONTACT.OUT_OF_JURISDICTION',
  'CONTACT.PURPOSE_NOT_ALLOWED',
  'CONTACT.RECEIVED_IN_FUTURE',
  'CONTACT.REPORT_NEEDS_REFERRAL',
  'CONTACT.ROLE_NOT_ALLOWED',
  'CONTACT.SEARCH_EMPTY',
  'CONTACT.SUBTYPE_WITHOUT_SEXUAL_ABUSE',
  'CONTACT.UNKNOWN_CASE',
  'CONTACT.UNKNOWN_COMMUNE',
  'CONTACT.UNKNOWN_REFERRAL',
  // The erasure rules shared with casework (docs/privacy.md); REFERENCE_* come from @cp/contracts.
  'ERASURE.LEGAL_HOLD',
  'ERASURE.RETENTION_NOT_ELAPSED',
  'ERASURE.RETENTION_UNKNOWN',
] as const;

export type ContactErrorCode = (typeof CONTACT_ERROR_CODES)[number];

/** A domain error of the catalogue. */
export function contactError(
  code: ContactErrorCode,
  message: string,
  kind?: ErrorKind,
  details?: Record<string, unknown>,
): DomainError {
  return new DomainError(code, message, kind, details);
}

/** A request field that breaks a rule: 422 naming the field. */
export function invalid(code: ContactErrorCode, field: string, detail: string): DomainError {
  return new DomainError(code, `${field}: ${detail}`, 'invalid', { field });
}
