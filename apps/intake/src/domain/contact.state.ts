import { erasedAt, type CaseStatus, type ContactEventType, type ContactOutcome } from '@cp/contracts';
import { contactPersonalFields } from './contact.personal-data';
import type { CaseRecord } from './contact.commands';
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
export function subjectsOf(contact: ContactRecorded['data']): string[] {
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

/** How one event type changes the state; the table's type makes every event type say so. */
type Evolution<K extends ContactEventType> = (
  state: ContactState,
  event: Extract<ContactEvent, { type: K }>,
) => ContactState;

const EVOLUTIONS: { [K in ContactEventType]: Evolution<K> } = {
  ContactRecorded: (state, event) => ({ ...state, status: 'open', contact: event.data }),
  ContactClosed: (state, event) => ({
    ...state,
    status: 'closed',
    closure: {
      outcome: event.data.outcome,
      closedAt: event.data.closedAt,
      note: event.data.note ?? null,
    },
  }),
  ReportReferred: (state, event) => {
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
  },
  ReportLinkedToCase: (state, event) => ({ ...state, status: 'linked', linkedCase: event.data }),
  CaseLinked: (state, event) => {
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
  },
  CaseStatusUpdated: (state, event) => {
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
  },
  ForwardingAlertRaised: (state, event) => ({ ...state, forwardingAlertRaisedAt: event.data.raisedAt }),
  FollowUpAlertRaised: (state, event) =>
    state.referral
      ? { ...state, referral: { ...state.referral, alertRaisedAt: event.data.raisedAt } }
      : state,
  PersonalDataErased: (state, event) => {
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
  },
  CaseRecordUpdated: (state, event) => {
    const { at: _at, ...record } = event.data;
    return { ...state, caseRecord: record };
  },
};

export function evolve(state: ContactState, event: ContactEvent): ContactState {
  // An event type this code does not know (none today) leaves the state as it is.
  const evolution = EVOLUTIONS[event.type] as Evolution<ContactEventType> | undefined;
  return evolution ? evolution(state, event) : state;
}
