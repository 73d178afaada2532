import {
  DomainError,
  erasedAt,
  requireReference,
  type CaseStatus,
  type ContactOutcome,
  type Decider,
} from '@cp/contracts';
import { addMinutes } from './clock-policy';
import { contactPersonalFields } from './contact.personal-data';
import type { CaseRecord, ContactCommand, EraseContactPersonalData } from './contact.commands';
import type { ContactEvent, ContactRecorded, ReportReferred } from './contact.events';

export interface Referral {
  referralId: string;
  /** Who the report was passed on to (the commune of the incident unless said otherwise). */
  recipient: NonNullable<ReportReferred['data']['recipient']>;
  /** The clock policy version that set `acknowledgeBy` (null before policies were recorded). */
  clockPolicy: string | null;
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
  /** The case's stage as casework reported it: kept to tell taken up and open or closed, never shown. */
  caseStatus: CaseStatus | null;
  /** A deadline of the case was past due and not met when casework last reported (status-level only). */
  caseOverdue: boolean;
}

export interface ContactState {
  status: 'none' | 'open' | 'referred' | 'linked' | 'closed';
  contact: ContactRecorded['data'] | null;
  referral: Referral | null;
  /** A repeat report linked to an existing case. */
  linkedCase: { caseId: string; linkedAt: string; reason: string } | null;
  closure: { outcome: ContactOutcome; closedAt: string; note: string | null } | null;
  /**
   * The contact's last erasure, and every data subject erased so far (`child:…`, `reporter:…`,
   * `contact:…`): their fields above read `[erased]`.
   */
  erasure: { erasureId: string; erasedAt: string; viaCaseId: string | null; subjects: string[] } | null;
  /** The case this report went to, as its erasure at the hotline sees it (closure, retention, hold). */
  caseRecord: (CaseRecord & { caseId: string }) | null;
  /** When the supervisor was alerted that the report was not passed on in time. */
  forwardingAlertRaisedAt: string | null;
}

export const initialState = (): ContactState => ({
  status: 'none',
  contact: null,
  referral: null,
  linkedCase: null,
  closure: null,
  erasure: null,
  caseRecord: null,
  forwardingAlertRaisedAt: null,
});

/** Part of the state as it reads once these subjects' keys are destroyed (their fields read `[erased]`). */
const withoutPersonal = <T>(contactId: string, erased: ReadonlySet<string>, type: string, data: T): T =>
  erasedAt(
    data,
    contactPersonalFields(contactId, type, data).filter((f) => erased.has(f.subject)),
  );

/** Every data subject of a contact (its children, its reporter, its narrative). */
function subjectsOf(contact: ContactRecorded['data']): string[] {
  const id = contact.contactId;
  return [
    ...new Set([
      ...contactPersonalFields(id, 'ContactRecorded', contact).map((f) => f.subject),
      `contact:${id}`,
    ]),
  ];
}

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
          recipient: d.recipient ?? 'commune',
          clockPolicy: d.clockPolicy ?? null,
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
          caseOverdue: false,
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
          // Events recorded before the follow-up became status-level carry a step and a due date instead.
          caseOverdue: event.data.overdue ?? r.caseOverdue,
          acknowledgedAt: r.acknowledgedAt ?? (takenUp(event.data.status) ? event.data.at : null),
        },
      };
    }
    case 'ForwardingAlertRaised':
      return { ...state, forwardingAlertRaisedAt: event.data.raisedAt };
    case 'FollowUpAlertRaised':
      return state.referral
        ? { ...state, referral: { ...state.referral, alertRaisedAt: event.data.raisedAt } }
        : state;
    case 'PersonalDataErased': {
      const erased = new Set([...(state.erasure?.subjects ?? []), ...event.data.subjects]);
      const id = state.contact?.contactId ?? '';
      const blank = <T>(type: string, data: T) => withoutPersonal(id, erased, type, data);
      return {
        ...state,
        // As replaying the sealed events reads from now on.
        contact: state.contact && blank('ContactRecorded', state.contact),
        referral: state.referral && blank('ReportReferred', state.referral),
        linkedCase: state.linkedCase && blank('ReportLinkedToCase', state.linkedCase),
        closure: state.closure && blank('ContactClosed', state.closure),
        erasure: {
          erasureId: event.data.erasureId,
          erasedAt: event.data.erasedAt,
          viaCaseId: event.data.viaCaseId,
          subjects: [...erased],
        },
      };
    }
    case 'CaseRecordUpdated': {
      const { at: _at, ...record } = event.data;
      return { ...state, caseRecord: record };
    }
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
      // A report starts the forwarding clock at its receipt ("chuyển ngay").
      const clocks = command.clocks;
      const clock =
        d.purpose === 'report' && clocks
          ? { forwardBy: addMinutes(d.receivedAt, clocks.forwardingMinutes), clockPolicy: clocks.version }
          : {};
      return [{ type: 'ContactRecorded', data: { ...d, ...clock } }];
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
      const minutes = urgent ? command.clocks.urgentTakeUpMinutes : command.clocks.takeUpMinutes;
      const recipient = command.recipient ?? 'commune';
      if (recipient === 'police' && !command.police) {
        throw invalid(
          'CONTACT.FIELD_REQUIRED',
          'police.unit',
          'a referral to the police names the police unit notified.',
        );
      }
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
            ...(recipient !== 'commune' ? { recipient } : {}),
            clockPolicy: command.clocks.version,
            communeCode: command.communeCode,
            provinceCode: command.provinceCode,
            residenceCommuneCode: command.residenceCommuneCode ?? null,
            // A child in immediate danger makes the referral urgent unless the counsellor says otherwise.
            urgent,
            referredAt: now,
            acknowledgeBy: addMinutes(now, minutes),
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
      const out: ContactEvent[] = [];
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

    case 'ErasePersonalData': {
      const contact = requireContact(state);
      const wanted = command.viaCaseId
        ? caseErasureScope(contact, command)
        : hotlineErasureScope(state, command);
      // Erasure is final and may be asked twice (a redelivered case erasure): only what is left is erased.
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
            erasedAt: now,
          },
        },
      ];
    }

    case 'RaiseForwardingAlert': {
      if (!command.metadata.actor.roles.includes('system')) {
        throw new DomainError(
          'CONTACT.ROLE_NOT_ALLOWED',
          'Only the service raises follow-up alerts.',
          'forbidden',
        );
      }
      const c = state.contact;
      // Only a report still at the hotline: referred, added to a case or closed, it was dealt with.
      if (!c?.forwardBy || state.status !== 'open' || state.forwardingAlertRaisedAt) return [];
      if (Date.parse(c.forwardBy) > Date.parse(now)) return [];
      return [{ type: 'ForwardingAlertRaised', data: { forwardBy: c.forwardBy, raisedAt: now } }];
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
      throw new DomainError(
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
    throw new DomainError(
      'CONTACT.CASE_OPEN',
      caseId
        ? `This report went to case ${caseId}, which is not closed: the case must be closed first; what it says about the child is erased with the case (requested by the commune, approved by the province).`
        : 'This report was referred and no case has closed for it yet: the case must be closed first.',
      'conflict',
    );
  }
  if (record?.legalHold) {
    throw new DomainError(
      'ERASURE.LEGAL_HOLD',
      `Case ${caseId}, which this report went to, is under legal hold: nothing of it is erased while the hold is in place. The provincial officer or inspector releases it first.`,
      'precondition',
      { caseId },
    );
  }
  if (command.basis !== 'court_order') {
    if (!record?.retentionEndsAt) {
      throw new DomainError(
        'ERASURE.RETENTION_UNKNOWN',
        `Case ${caseId} closed before its retention period was recorded: the hotline cannot tell when it ends. Erase with the case (the commune requests it, the province approves), or on a court order (basis court_order).`,
        'precondition',
        { caseId },
      );
    }
    if (Date.parse(record.retentionEndsAt) > Date.parse(command.metadata.now)) {
      throw new DomainError(
        'ERASURE.RETENTION_NOT_ELAPSED',
        `Case ${caseId}, which this report went to, is kept until ${record.retentionEndsAt}: ask again from then on, or with a court order (basis court_order) before.`,
        'precondition',
        { caseId, retentionEndsAt: record.retentionEndsAt },
      );
    }
  }
  return [`reporter:${contact.contactId}`];
}

export const contactDecider: Decider<ContactState, ContactCommand, ContactEvent> = {
  initialState,
  evolve,
  decide,
};
