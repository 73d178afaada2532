/** What an erasure checks first: retention elapsed, no legal hold, something left to erase, the pending request. */
import { DomainError, type ErasureBasis, type ErasureCascadeV1 } from '@cp/contracts';
import { retentionEnd } from '../../../domain/case.deadlines';
import { caseContacts, type CaseState } from '../../../domain/case.state';
import { STEP_PATHS } from '../../../domain/case.next-steps';
import type { DeadlineRules } from '../../../domain/case.commands';

/**
 * PDPL 91/2025 Art. 14: erasure must not obstruct the controller's legal obligations — the file is kept
 * for its retention period, whatever the basis but a court order (a competent authority's decision).
 * Returns the end checked, null for a court order.
 */
export function requireRetentionElapsed(
  state: CaseState,
  basis: ErasureBasis,
  rules: DeadlineRules,
  now: string,
): string | null {
  if (basis === 'court_order') return null;
  const r = retentionEnd(state, rules);
  if (Date.parse(r.endsAt) > Date.parse(now)) {
    throw new DomainError(
      'ERASURE.RETENTION_NOT_ELAPSED',
      `The case file is kept until ${r.endsAt} (${r.days} days after its closure or its last report, policy ${r.policyVersion}): ask again from then on, or with a court order (basis court_order) before.`,
      'precondition',
      { retentionEndsAt: r.endsAt, policyVersion: r.policyVersion, retentionDays: r.days },
    );
  }
  return r.endsAt;
}

export function requireNoLegalHold(state: CaseState): void {
  if (state.legalHolds.length === 0) return;
  const holds = state.legalHolds.map((h) => `${h.reasonCode} ${h.reference}`).join('; ');
  throw new DomainError(
    'ERASURE.LEGAL_HOLD',
    `The case is under legal hold (${holds}): nothing of it is erased while a hold is in place. The provincial officer or inspector releases the hold first (POST /cases/:id/${STEP_PATHS.ReleaseLegalHold}).`,
    'precondition',
    {
      requiredStep: STEP_PATHS.ReleaseLegalHold,
      holds: state.legalHolds.map((h) => ({
        holdId: h.holdId,
        reasonCode: h.reasonCode,
        reference: h.reference,
        placedAt: h.placedAt,
      })),
    },
  );
}

/**
 * What a case's erasure erases in each hotline contact the case came from (docs/privacy.md, "What a
 * case's erasure erases at the hotline"): the children of the case and what was told about them, on every
 * basis; a caller's identity only when the record's retention has run out or a court ordered the record
 * erased — a child's request (or an unspecified basis) reaches the child's data, not a caller's, who asks
 * for their own at the hotline.
 */
export function erasureCascade(state: CaseState, basis: ErasureBasis): ErasureCascadeV1[] {
  const reporter = basis === 'retention_expired' || basis === 'court_order';
  return caseContacts(state).map((c) => ({
    contactId: c.contactId,
    childRefs: c.childRefs,
    narrative: true,
    reporter,
  }));
}

/** Whether an erasure on this basis would erase anything not erased yet (in casework or at the hotline). */
export function somethingToErase(state: CaseState, basis: ErasureBasis): boolean {
  const done = state.erasure;
  if (!done || done.textSince) return true;
  return erasureCascade(state, basis).some((c) => {
    const d = done.erased[c.contactId];
    return (
      !d ||
      c.childRefs.some((r) => !d.childRefs.includes(r)) ||
      (c.narrative && !d.narrative) ||
      (c.reporter && !d.reporter)
    );
  });
}

/** The pending erasure request the province decides on; the one the officer reviewed. */
export function requirePendingRequest(state: CaseState, requestId: string) {
  const request = state.erasureRequest;
  if (!request) {
    throw new DomainError(
      'ERASURE.NO_PENDING_REQUEST',
      `No erasure request awaits a decision: the chair of the commune that carries the case requests it first (POST /cases/:id/${STEP_PATHS.RequestErasure}).`,
      'precondition',
      { requiredStep: STEP_PATHS.RequestErasure },
    );
  }
  if (request.requestId !== requestId) {
    throw new DomainError(
      'ERASURE.REQUEST_NOT_PENDING',
      `Request ${requestId} is not the one awaiting a decision; review request ${request.requestId} (${request.basis}, ${request.reference}).`,
      'conflict',
      { requestId: request.requestId },
    );
  }
  return request;
}
