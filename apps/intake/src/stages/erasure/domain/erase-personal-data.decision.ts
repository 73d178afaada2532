import { requireReference } from '@cp/contracts';
import type { EraseContactPersonalData } from '../../../domain/contact.commands';
import { contactError } from '../../../domain/contact.errors';
import type { ContactRecorded, PersonalDataErased } from '../../../domain/contact.events';
import { requireContact } from '../../../domain/contact.guards';
import { subjectsOf, type ContactState } from '../../../domain/contact.state';

/**
 * The contact's personal data erased: at the hotline, or after the case's erasure (`viaCaseId`). Erasure
 * is final and may be asked twice (a redelivered case erasure): only what is left is erased.
 */
export function erasePersonalData(
  command: EraseContactPersonalData,
  state: ContactState,
): PersonalDataErased[] {
  const contact = requireContact(state);
  const wanted = command.viaCaseId ? caseErasureScope(contact, command) : hotlineErasureScope(state, command);
  const done = new Set(state.erasure?.subjects ?? []);
  const subjects = wanted.filter((s) => !done.has(s));
  if (subjects.length === 0) return [];
  return [
    {
      type: 'PersonalDataErased',
      data: {
        erasureId: command.erasureId,
        basis: command.basis,
        reference: command.reference,
        subjects,
        viaCaseId: command.viaCaseId ?? null,
        erasedAt: command.metadata.now,
      },
    },
  ];
}

/**
 * A case's erasure reaches, in the contact it came from, what the case's rule says (casework decides it
 * per basis: `erasureCascade`): the children of the case it names, what was told about them, and the
 * caller's identity only on some bases. An erasure published before the rule erased the contact whole.
 */
function caseErasureScope(contact: ContactRecorded['data'], command: EraseContactPersonalData): string[] {
  const all = subjectsOf(contact);
  const c = command.cascade;
  if (!c) return all;
  const id = contact.contactId;
  return all.filter(
    (s) =>
      (s.startsWith('child:') && c.childRefs.includes(s.slice('child:'.length))) ||
      (s === `contact:${id}` && c.narrative) ||
      (s === `reporter:${id}` && c.reporter),
  );
}

/**
 * At the hotline (a supervisor, on a document reference): a contact that never went to a case is erased
 * whole once it is closed; a report that went to a case keeps everything about the child for the case's
 * own erasure (requested by the commune, approved by the province) — the hotline erases only the
 * caller's identity, once the case is closed, past its retention period (a court order excepted) and
 * not under a legal hold.
 */
function hotlineErasureScope(state: ContactState, command: EraseContactPersonalData): string[] {
  const contact = state.contact!;
  requireReference(command.reference, 'ERASURE', 'an erasure');
  const caseId = state.linkedCase?.caseId ?? state.referral?.caseId ?? null;
  if (!state.referral && !state.linkedCase) {
    if (!state.closure) {
      throw contactError(
        'CONTACT.NOT_CLOSED',
        'The contact is still open: close it first (a report is referred or closed as needing no action).',
        'conflict',
      );
    }
    return subjectsOf(contact);
  }
  const record = caseId && state.caseRecord?.caseId === caseId ? state.caseRecord : null;
  const closed = record ? record.closedAt !== null : state.referral?.caseStatus === 'closed';
  if (!caseId || !closed) {
    throw contactError(
      'CONTACT.CASE_OPEN',
      caseId
        ? `This report went to case ${caseId}, which is not closed: the case must be closed first; what it says about the child is erased with the case (requested by the commune, approved by the province).`
        : 'This report was referred and no case has closed for it yet: the case must be closed first.',
      'conflict',
    );
  }
  if (record?.legalHold) {
    throw contactError(
      'ERASURE.LEGAL_HOLD',
      `Case ${caseId}, which this report went to, is under legal hold: nothing of it is erased while the hold is in place. The provincial officer or inspector releases it first.`,
      'precondition',
      { caseId },
    );
  }
  if (command.basis !== 'court_order') {
    if (!record?.retentionEndsAt) {
      throw contactError(
        'ERASURE.RETENTION_UNKNOWN',
        `Case ${caseId} closed before its retention period was recorded: the hotline cannot tell when it ends. Erase with the case (the commune requests it, the province approves), or on a court order (basis court_order).`,
        'precondition',
        { caseId },
      );
    }
    if (Date.parse(record.retentionEndsAt) > Date.parse(command.metadata.now)) {
      throw contactError(
        'ERASURE.RETENTION_NOT_ELAPSED',
        `Case ${caseId}, which this report went to, is kept until ${record.retentionEndsAt}: ask again from then on, or with a court order (basis court_order) before.`,
        'precondition',
        { caseId, retentionEndsAt: record.retentionEndsAt },
      );
    }
  }
  return [`reporter:${contact.contactId}`];
}
