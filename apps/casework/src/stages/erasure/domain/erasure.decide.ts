/** Erasure of personal data with a second approver, and legal holds (docs/privacy.md). */
import {
  DomainError,
  ERASURE_REJECTION_REASONS,
  LEGAL_HOLD_REASONS,
  LEGAL_HOLD_RELEASE_REASONS,
  requireReference,
} from '@cp/contracts';
import { mustComeFirst, requireCode } from '../../../domain/case.guards';
import { STEP_PATHS } from '../../../domain/case.next-steps';
import { caseSubject } from '../../../domain/case.personal-data';
import {
  requireRetentionElapsed,
  requireNoLegalHold,
  erasureCascade,
  somethingToErase,
  requirePendingRequest,
} from './erasure.guards';
import { decision, emit } from '../../../domain/case.decide';

export const decideErasePersonalData = decision('ErasePersonalData', (command, state) => {
  // An erasure at the chair's word alone would let a commune destroy its own abuse record.
  throw new DomainError(
    'ERASURE.APPROVAL_REQUIRED',
    `An erasure needs a second approver outside the commune: request it (POST /cases/:id/${STEP_PATHS.RequestErasure}); a provincial officer of province ${state.ownerProvinceCode} approves it (POST /cases/:id/${STEP_PATHS.ApproveErasure}).`,
    'precondition',
    { requiredStep: STEP_PATHS.RequestErasure },
  );
});

export const decideRequestErasure = decision('RequestErasure', (command, state, now) => {
  // A case in progress needs its record: protection comes first, erasure after the case is over.
  if (state.status !== 'closed') {
    throw mustComeFirst(
      'CASE.NOT_CLOSED',
      'closure',
      'The case is still open; its personal data is erased only once it is closed. Close the case',
    );
  }
  const reference = requireReference(command.reference, 'ERASURE', 'an erasure');
  // Asked twice (a retry, a second request): nothing new to erase on this basis.
  if (!somethingToErase(state, command.basis)) return [];
  const pending = state.erasureRequest;
  if (pending) {
    throw new DomainError(
      'ERASURE.REQUEST_PENDING',
      `Erasure request ${pending.requestId} (${pending.basis}, ${pending.reference}) awaits the decision of province ${state.ownerProvinceCode}: it is approved or rejected first.`,
      'conflict',
      { requestId: pending.requestId, requiredStep: STEP_PATHS.ApproveErasure },
    );
  }
  requireNoLegalHold(state);
  const retentionEndsAt = requireRetentionElapsed(state, command.basis, command.rules, now);
  return emit('ErasureRequested', {
    requestId: command.requestId,
    basis: command.basis,
    reference,
    requestedBy: command.metadata.actor.id,
    requesterCommuneCode: command.metadata.actor.unit,
    requestedAt: now,
    retentionEndsAt,
  });
});

export const decideApproveErasure = decision('ApproveErasure', (command, state, now) => {
  const request = requirePendingRequest(state, command.requestId);
  if (command.metadata.actor.id === request.requestedBy) {
    throw new DomainError(
      'ERASURE.REQUESTER_CANNOT_APPROVE',
      'You requested this erasure: another provincial officer of the province approves it.',
      'forbidden',
    );
  }
  const communes = [state.ownerCommuneCode, request.requesterCommuneCode].filter((c) => c !== null);
  const inCommune = command.actorUnits.filter((u) => communes.includes(u));
  if (inCommune.length) {
    throw new DomainError(
      'ERASURE.APPROVER_IN_SAME_COMMUNE',
      `You also act for commune ${inCommune.join(', ')}, which asks for this erasure: an officer of province ${state.ownerProvinceCode} who does not act for the commune approves it.`,
      'forbidden',
    );
  }
  // Decided again at the approval: a hold or a new report may have come since the request.
  requireNoLegalHold(state);
  requireRetentionElapsed(state, request.basis, command.rules, now);
  const cascade = erasureCascade(state, request.basis);
  return emit('PersonalDataErased', {
    erasureId: command.erasureId,
    requestId: request.requestId,
    requestedBy: request.requestedBy,
    basis: request.basis,
    reference: request.reference,
    subjects: [caseSubject(state.caseId!)],
    contactIds: cascade.map((c) => c.contactId),
    cascade,
    erasedAt: now,
  });
});

export const decideRejectErasure = decision('RejectErasure', (command, state, now) => {
  const request = requirePendingRequest(state, command.requestId);
  return emit('ErasureRejected', {
    requestId: request.requestId,
    reasonCode: requireCode(
      'ERASURE.REASON_CODE_UNKNOWN',
      'reasonCode',
      command.reasonCode,
      ERASURE_REJECTION_REASONS,
    ),
    rejectedBy: command.metadata.actor.id,
    rejectedAt: now,
  });
});

/** Placing and releasing a hold both need a reason from their list and the reference of the order behind them. */
function holdGrounds<R extends string>(
  command: { reasonCode: R; reference: string | null },
  reasons: readonly R[],
  what: string,
): { reasonCode: R; reference: string } {
  return {
    reasonCode: requireCode('LEGAL_HOLD.REASON_CODE_UNKNOWN', 'reasonCode', command.reasonCode, reasons),
    reference: requireReference(command.reference, 'LEGAL_HOLD', what),
  };
}

export const decidePlaceLegalHold = decision('PlaceLegalHold', (command, state, now) => {
  const { reasonCode, reference } = holdGrounds(command, LEGAL_HOLD_REASONS, 'a legal hold');
  if (state.legalHolds.some((h) => h.holdId === command.holdId)) return [];
  return emit('LegalHoldPlaced', {
    holdId: command.holdId,
    reasonCode,
    reference,
    placedBy: command.metadata.actor.id,
    placedAt: now,
  });
});

export const decideReleaseLegalHold = decision('ReleaseLegalHold', (command, state, now) => {
  const { reasonCode, reference } = holdGrounds(
    command,
    LEGAL_HOLD_RELEASE_REASONS,
    'the release of a legal hold',
  );
  if (!state.legalHolds.some((h) => h.holdId === command.holdId)) {
    const inPlace = state.legalHolds.map((h) => h.holdId);
    throw new DomainError(
      'LEGAL_HOLD.NOT_IN_PLACE',
      `No hold ${command.holdId} is in place on this case${inPlace.length ? `; the holds in place: ${inPlace.join(', ')}` : ''}.`,
      'precondition',
      { holds: inPlace },
    );
  }
  return emit('LegalHoldReleased', {
    holdId: command.holdId,
    reasonCode,
    reference,
    releasedBy: command.metadata.actor.id,
    releasedAt: now,
  });
});
