import { DomainError, erasedAt, type CaseStatus, type ContactOutcome, type Decider } from '@cp/contracts';
import { contactPersonalFields } from './contact.personal-data';
import type { ContactCommand } from './contact.commands';
import type { ContactEvent, ContactRecorded, ReportReferred } from './contact.events';

export interface Referral {
  referralId: string;
  communeCode: string;
  provinceCode: string;
  residenceCommuneCode: string | null;
  urgent: boolean;
  referredAt: string;
  /** The commune should take the referral up by then; null for referrals made before the rule. */
  acknowledgeBy: string | null;
  /** When the commune took it up (a worker assigned, or any later step). */
  acknowledgedAt: string | null;
  alertRaisedAt: string | null;
  police: NonNullable<ReportReferred['data']['police']> | null;
  caseId: string | null;
  caseStatus: CaseStatus | null;
  /** The last step recorded on the case, and its next deadline, as casework reported them. */
  caseStep: string | null;
  nextDueAt: string | null;
}

export interface ContactState {
  status: 'none' | 'open' | 'referred' | 'linked' | 'closed';
  contact: ContactRecorded['data'] | null;
  referral: Referral | null;
  /** A repeat report linked to an existing case. */
  linkedCase: { caseId: string; linkedAt: string; reason: string } | null;
  closure: { outcome: ContactOutcome; closedAt: string; note: string | null } | null;
  /** The contact's personal data was erased (the fields above read `[erased]`). */
  erasure: { erasureId: string; erasedAt: string; viaCaseId: string | null } | null;
}

export const initialState = (): ContactState => ({
  status: 'none',
  contact: null,
  referral: null,
  linkedCase: null,
  closure: null,
  erasure: null,
});

/** Part of the state as it reads once the contact's personal data is erased (the subjects do not matter). */
const withoutPersonal = <T>(type: string, data: T): T =>
  erasedAt(data, contactPersonalFields('', type, data));

/** A case is taken up once it has moved past "received" (a worker assigned, or any later step). */
const takenUp = (status: CaseStatus) => status !== 'received';

export function evolve(state: ContactState, event: ContactEvent): ContactState {
  switch (event.type) {
    case 'ContactRecorded':
      return { ...state, status: 'open', contact: event.data };
    case 'ContactClosed':
      return {
        ...state,
        status: 'closed',
        closure: {
          outcome: event.data.outcome,
          closedAt: event.data.closedAt,
          note: event.data.note ?? null,
        },
      };
    case 'ReportReferred': {
      const d = event.data;
      return {
        ...state,
        status: 'referred',
        referral: {
          referralId: d.referralId,
          communeCode: d.communeCode,
          provinceCode: d.provinceCode,
          residenceCommuneCode: d.residenceCommuneCode ?? null,
          urgent: d.urgent,
          referredAt: d.referredAt,
          acknowledgeBy: d.acknowledgeBy ?? null,
          acknowledgedAt: null,
          alertRaisedAt: null,
          police: d.police ?? null,
          caseId: null,
          caseStatus: null,
          caseStep: null,
          nextDueAt: null,
        },
      };
    }
    case 'ReportLinkedToCase':
      return { ...state, status: 'linked', linkedCase: event.data };
    case 'CaseLinked': {
      const r = state.referral;
      if (!r) return state;
      return {
        ...state,
        referral: {
          ...r,
          caseId: event.data.caseId,
          caseStatus: event.data.status,
          acknowledgedAt: r.acknowledgedAt ?? (takenUp(event.data.status) ? event.data.linkedAt : null),
        },
      };
    }
    case 'CaseStatusUpdated': {
      const r = state.referral;
      if (!r || r.caseId !== event.data.caseId) return state;
      return {
        ...state,
        referral: {
          ...r,
          caseStatus: event.data.status,
          caseStep: event.data.step ?? r.caseStep,
          nextDueAt: event.data.nextDueAt === undefined ? r.nextDueAt : event.data.nextDueAt,
          acknowledgedAt: r.acknowledgedAt ?? (takenUp(event.data.status) ? event.data.at : null),
        },
      };
    }
    case 'FollowUpAlertRaised':
      return state.referral
        ? { ...state, referral: { ...state.referral, alertRaisedAt: event.data.raisedAt } }
        : state;
    case 'PersonalDataErased':
      return {
        ...state,
        // As replaying the sealed events reads from now on.
        contact: state.contact && withoutPersonal('ContactRecorded', state.contact),
        linkedCase: state.linkedCase && withoutPersonal('ReportLinkedToCase', state.linkedCase),
        closure: state.closure && withoutPersonal('ContactClosed', state.closure),
        erasure: {
          erasureId: event.data.erasureId,
          erasedAt: event.data.erasedAt,
          viaCaseId: event.data.viaCaseId,
        },
      };
    default:
      return state;
  }
}

function invalid(code: string, field: string, detail: string): DomainError {
  return new DomainError(code, `${field}: ${detail}`, 'invalid', { field });
}

function requireContact(state: ContactState): ContactRecorded['data'] {
  if (!state.contact) throw new DomainError('CONTACT.NOT_FOUND', 'No contact with this id.', 'not_found');
  return state.contact;
}

/** A report still at the hotline: not yet referred, linked to a case, or closed. */
function requireOpenReport(state: ContactState, action: string): ContactRecorded['data'] {
  const contact = requireContact(state);
  if (contact.purpose !== 'report') {
    throw new DomainError(
      'CONTACT.NOT_A_REPORT',
      `Only a report of abuse or risk can be ${action}; this contact is "${contact.purpose}" (prevention-level work, no case). Close it with its outcome.`,
    );
  }
  if (state.referral) {
    throw new DomainError(
      'CONTACT.ALREADY_REFERRED',
      `This report was already referred to commune ${state.referral.communeCode}.`,
      'conflict',
    );
  }
  if (state.linkedCase) {
    throw new DomainError(
      'CONTACT.ALREADY_LINKED',
      `This report was already added to case ${state.linkedCase.caseId}.`,
      'conflict',
    );
  }
  if (state.closure) throw new DomainError('CONTACT.CLOSED', 'This contact is closed.', 'conflict');
  return contact;
}

export function decide(command: ContactCommand, state: ContactState): ContactEvent[] {
  const now = command.metadata.now;
  switch (command.type) {
    case 'RecordContact': {
      if (state.status !== 'none') {
        throw new DomainError(
          'CONTACT.ALREADY_RECORDED',
          'This contact has already been recorded.',
          'conflict',
        );
      }
      const d = command.data;
      if (d.purpose === 'report') {
        // Mẫu 01: a report is about at least one child and at least one concern.
        if (d.children.length === 0) {
          throw invalid('CONTACT.CHILD_REQUIRED', 'children', 'a report must name at least one child.');
        }
        if (d.concerns.length === 0) {
          throw invalid('CONTACT.CONCERN_REQUIRED', 'concerns', 'a report must state at least one concern.');
        }
      }
      if (d.sexualAbuseSubtypes?.length && !d.concerns.includes('sexual_abuse')) {
        throw invalid(
          'CONTACT.SUBTYPE_WITHOUT_SEXUAL_ABUSE',
          'sexualAbuseSubtypes',
          'give these only when the concerns include sexual_abuse.',
        );
      }
      if (Date.parse(d.receivedAt) > Date.parse(now) + 5 * 60_000) {
        throw invalid('CONTACT.RECEIVED_IN_FUTURE', 'receivedAt', 'cannot be later than now.');
      }
      return [{ type: 'ContactRecorded', data: d }];
    }

    case 'CloseContact': {
      const contact = requireContact(state);
      if (state.referral || state.linkedCase) {
        throw new DomainError(
          'CONTACT.ALREADY_REFERRED',
          'A report passed on to a commune is followed until its case closes; it is not closed at the hotline.',
          'conflict',
        );
      }
      if (state.closure) return [];
      if (
        contact.purpose === 'report' &&
        !['no_action_needed', 'not_child_protection', 'call_dropped', 'other'].includes(command.outcome)
      ) {
        throw invalid(
          'CONTACT.REPORT_NEEDS_REFERRAL',
          'outcome',
          'a report of abuse or risk is referred to the commune (or added to its existing case); close it only if it turned out to need no action.',
        );
      }
      const note = command.note?.trim();
      return [
        {
          type: 'ContactClosed',
          data: { outcome: command.outcome, closedAt: now, ...(note ? { note } : {}) },
        },
      ];
    }

    case 'ReferReport': {
      requireOpenReport(state, 'referred to a commune');
      const urgent = command.urgent ?? state.contact!.immediateDanger;
      const minutes = urgent
        ? command.followUp.urgentAcknowledgeMinutes
        : command.followUp.acknowledgeMinutes;
      const police = command.police
        ? {
            unit: command.police.unit.trim(),
            reference: command.police.reference?.trim() || null,
            notifiedAt: now,
          }
        : null;
      if (police && !police.unit)
        throw invalid('CONTACT.FIELD_REQUIRED', 'police.unit', 'name the police unit notified.');
      return [
        {
          type: 'ReportReferred',
          data: {
            referralId: command.referralId,
            communeCode: command.communeCode,
            provinceCode: command.provinceCode,
            residenceCommuneCode: command.residenceCommuneCode ?? null,
            // A child in immediate danger makes the referral urgent unless the counsellor says otherwise.
            urgent,
            referredAt: now,
            acknowledgeBy: new Date(Date.parse(now) + minutes * 60_000).toISOString(),
            police,
          },
        },
      ];
    }

    case 'LinkReportToCase': {
      requireOpenReport(state, 'added to an existing case');
      const reason = command.reason.trim();
      if (!reason)
        throw invalid('CONTACT.FIELD_REQUIRED', 'reason', 'say why this is the same child and case.');
      return [{ type: 'ReportLinkedToCase', data: { caseId: command.caseId, linkedAt: now, reason } }];
    }

    case 'LinkCase': {
      requireContact(state);
      if (!state.referral || state.referral.referralId !== command.referralId) {
        throw new DomainError(
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
            linkedAt: now,
          },
        },
      ];
    }

    case 'UpdateCaseStatus': {
      requireContact(state);
      const r = state.referral;
      if (r?.caseId !== command.caseId) return [];
      const nextDueAt = command.nextDueAt === undefined ? r.nextDueAt : command.nextDueAt;
      if (
        r.caseStatus === command.status &&
        (command.step ?? r.caseStep) === r.caseStep &&
        nextDueAt === r.nextDueAt
      ) {
        return [];
      }
      return [
        {
          type: 'CaseStatusUpdated',
          data: {
            caseId: command.caseId,
            status: command.status,
            at: now,
            ...(command.step ? { step: command.step } : {}),
            ...(command.nextDueAt !== undefined ? { nextDueAt: command.nextDueAt } : {}),
          },
        },
      ];
    }

    case 'ErasePersonalData': {
      const contact = requireContact(state);
      // Erasure is final and may be asked twice (a redelivered case erasure): nothing more to do.
      if (state.erasure) return [];
      if (!command.viaCaseId) {
        const caseClosed = state.referral?.caseStatus === 'closed';
        if (state.linkedCase || (state.referral && !caseClosed)) {
          const caseId = state.linkedCase?.caseId ?? state.referral?.caseId;
          throw new DomainError(
            'CONTACT.CASE_OPEN',
            caseId
              ? `This report went to case ${caseId}, which is not closed: the case must be closed first, and its erasure (in casework) erases this contact too.`
              : 'This report was referred and no case has closed for it yet: the case must be closed first.',
            'conflict',
          );
        }
        if (!state.referral && !state.closure) {
          throw new DomainError(
            'CONTACT.NOT_CLOSED',
            'The contact is still open: close it first (a report is referred or closed as needing no action).',
            'conflict',
          );
        }
      }
      return [
        {
          type: 'PersonalDataErased',
          data: {
            erasureId: command.erasureId,
            basis: command.basis,
            reference: command.reference,
            subjects: [
              ...new Set(
                ['ContactRecorded', 'ContactClosed'].flatMap((type) =>
                  contactPersonalFields(contact.contactId, type, contact).map((f) => f.subject),
                ),
              ),
            ],
            viaCaseId: command.viaCaseId ?? null,
            erasedAt: now,
          },
        },
      ];
    }

    case 'RaiseFollowUpAlert': {
      if (!command.metadata.actor.roles.includes('system')) {
        throw new DomainError(
          'CONTACT.ROLE_NOT_ALLOWED',
          'Only the service raises follow-up alerts.',
          'forbidden',
        );
      }
      const r = state.referral;
      if (!r?.acknowledgeBy || r.acknowledgedAt || r.alertRaisedAt) return [];
      if (Date.parse(r.acknowledgeBy) > Date.parse(now)) return [];
      return [
        {
          type: 'FollowUpAlertRaised',
          data: { referralId: r.referralId, acknowledgeBy: r.acknowledgeBy, raisedAt: now },
        },
      ];
    }
  }
}

export const contactDecider: Decider<ContactState, ContactCommand, ContactEvent> = {
  initialState,
  evolve,
  decide,
};
