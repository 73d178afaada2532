/** Transfer of the case to the commune where the child now lives (Law Art. 52.2). */
import { DomainError } from '@cp/contracts';
import { invalid, requireOpen, requireNoSeparation, requireText } from '../../../domain/case.guards';
import type { CaseState } from '../../../domain/case.state';
import { decision, emit } from '../../../domain/case.decide';

export const decideRequestTransfer = decision('RequestTransfer', (command, state, now) => {
  requireOpen(state);
  if (state.pendingTransfer) {
    throw new DomainError(
      'CASE.TRANSFER_PENDING',
      `A transfer to commune ${state.pendingTransfer.toCommuneCode} awaits its answer.`,
      'conflict',
    );
  }
  if (command.toCommuneCode === state.ownerCommuneCode) {
    throw invalid('CASE.TRANSFER_TO_SELF', 'toCommuneCode', 'the case is already carried by this commune.');
  }
  requireNoSeparation(state, 'The child is still separated by this commune’s decision');
  return emit('CaseTransferRequested', {
    toCommuneCode: command.toCommuneCode,
    toProvinceCode: command.toProvinceCode,
    reason: requireText('reason', command.reason, 'say why (e.g. the child moved).'),
    at: now,
  });
});

/** The transfer awaiting the receiving commune's answer. */
function requirePendingTransfer(state: CaseState) {
  requireOpen(state);
  const pending = state.pendingTransfer;
  if (!pending) {
    throw new DomainError(
      'CASE.NO_PENDING_TRANSFER',
      'No transfer of this case awaits an answer.',
      'precondition',
    );
  }
  return pending;
}

export const decideAcceptTransfer = decision('AcceptTransfer', (command, state, now) => {
  const pending = requirePendingTransfer(state);
  return emit('CaseTransferAccepted', {
    fromCommuneCode: state.ownerCommuneCode!,
    toCommuneCode: pending.toCommuneCode,
    toProvinceCode: pending.toProvinceCode,
    at: now,
  });
});

export const decideDeclineTransfer = decision('DeclineTransfer', (command, state, now) => {
  const pending = requirePendingTransfer(state);
  return emit('CaseTransferDeclined', {
    toCommuneCode: pending.toCommuneCode,
    reason: requireText('reason', command.reason, 'say why the commune declines.'),
    at: now,
  });
});
