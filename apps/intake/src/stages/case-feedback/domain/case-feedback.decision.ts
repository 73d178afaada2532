import type { LinkCase, UpdateCaseStatus } from '../../../domain/contact.commands';
import { contactError } from '../../../domain/contact.errors';
import type { CaseLinked, CaseRecordUpdated, CaseStatusUpdated } from '../../../domain/contact.events';
import { requireContact } from '../../../domain/contact.guards';
import type { ContactState } from '../../../domain/contact.state';

/** The case casework opened from this referral: the counsellor sees what became of the report. */
export function linkCase(command: LinkCase, state: ContactState): CaseLinked[] {
  requireContact(state);
  if (!state.referral || state.referral.referralId !== command.referralId) {
    throw contactError(
      'CONTACT.UNKNOWN_REFERRAL',
      `Referral ${command.referralId} does not belong to this contact.`,
      'not_found',
    );
  }
  if (state.referral.caseId === command.caseId) return [];
  return [
    {
      type: 'CaseLinked',
      data: {
        referralId: command.referralId,
        caseId: command.caseId,
        status: command.status,
        linkedAt: command.metadata.now,
      },
    },
  ];
}

/** A later step of the case: its status (status-level only) and what the hotline's erasure depends on. */
export function updateCaseStatus(
  command: UpdateCaseStatus,
  state: ContactState,
): Array<CaseStatusUpdated | CaseRecordUpdated> {
  const now = command.metadata.now;
  requireContact(state);
  const out: Array<CaseStatusUpdated | CaseRecordUpdated> = [];
  const r = state.referral;
  if (r?.caseId === command.caseId) {
    if (r.caseStatus !== command.status || r.caseOverdue !== command.overdue) {
      out.push({
        type: 'CaseStatusUpdated',
        data: { caseId: command.caseId, status: command.status, at: now, overdue: command.overdue },
      });
    }
  }
  // The report that opened the case and the repeat reports linked to it: only a change is recorded,
  // and a case not closed nor held is what a contact assumes until told otherwise.
  const ours = r?.caseId === command.caseId || state.linkedCase?.caseId === command.caseId;
  const rec = command.record;
  const cur =
    state.caseRecord?.caseId === command.caseId
      ? state.caseRecord
      : { closedAt: null, retentionEndsAt: null, legalHold: false };
  if (
    ours &&
    rec &&
    (cur.closedAt !== rec.closedAt ||
      cur.retentionEndsAt !== rec.retentionEndsAt ||
      cur.legalHold !== rec.legalHold)
  ) {
    out.push({
      type: 'CaseRecordUpdated',
      data: {
        caseId: command.caseId,
        closedAt: rec.closedAt,
        retentionEndsAt: rec.retentionEndsAt,
        legalHold: rec.legalHold,
        at: now,
      },
    });
  }
  return out;
}
