import { ERASED, type ReportReceiver } from '@cp/contracts';
import type { ContactState, Referral } from '../domain/contact.state';

/** The contact as the API answers it (GET /contacts/:id and every command), built from its state. */
export interface ContactView {
  id: string;
  version: number;
  status: ContactState['status'];
  receivedAt: string;
  channel: string;
  purpose: string;
  category: string | null;
  setting: string | null;
  concerns: string[];
  sexualAbuseSubtypes: string[];
  incidentCommuneCode: string | null;
  immediateDanger: boolean;
  /** A report's forwarding time ("chuyển ngay"), its clock policy, and the supervisor's alert if late. */
  forwardBy: string | null;
  clockPolicy: string | null;
  forwardingAlertRaisedAt: string | null;
  /** The body that received the report and wrote the Mẫu 01 (`hotline` for contacts recorded before). */
  receiver: { kind: ReportReceiver; unit: string };
  callerType: string | null;
  children: Array<{
    childRef: string;
    sex: string;
    ageYears: number | null;
    ageEstimated: boolean;
    ethnicity: string | null;
    specialCircumstances: string[];
    residenceCommuneCode: string | null;
    name: string | null;
    birthDate: string | null;
    address: string | null;
    familySituation: string | null;
    carers: Array<{
      relation: string;
      currentCarer: boolean;
      name: string | null;
      ageYears: number | typeof ERASED | null;
      occupation: string | null;
      phone: string | null;
      address: string | null;
    }>;
  }>;
  allegedAbusers: Array<{
    relation: string;
    sex: string | null;
    name: string | null;
    ageYears: number | typeof ERASED | null;
    description: string | null;
  }>;
  reporter: {
    anonymous: boolean;
    name: string | null;
    phone: string | null;
    address: string | null;
    consentToContact: boolean;
  } | null;
  place: string | null;
  currentCondition: string | null;
  actionsTaken: string | null;
  notes: string | null;
  referral: ReferralView | null;
  linkedCase: ContactState['linkedCase'];
  closure: ContactState['closure'];
  /** When and why the personal data was erased (the personal fields then read `[erased]`). */
  erasure: ContactState['erasure'];
  /** The case the report went to, as its erasure at the hotline depends on it (closure, retention, hold). */
  caseRecord: ContactState['caseRecord'];
}

export interface ContactListItem {
  id: string;
  /**
   * On the follow-up list: why the supervisor is alerted — a report not passed on by its forwarding time
   * (`not_referred`), or a referral no commune took up in time (`not_taken_up`). Null elsewhere.
   */
  alert: 'not_referred' | 'not_taken_up' | null;
  /** A report's forwarding time ("chuyển ngay", receipt → referral); null for other contacts. */
  forwardBy: string | null;
  forwardingAlertAt: string | null;
  referralRecipient: string | null;
  /** The clock policy version that timed the contact (its referral's, once referred). */
  clockPolicy: string | null;
  receivedAt: string;
  channel: string;
  purpose: string;
  status: string;
  concerns: string[];
  incidentCommuneCode: string | null;
  urgent: boolean;
  recordedBy: string | null;
  referredBy: string | null;
  referralCommuneCode: string | null;
  acknowledgeBy: string | null;
  acknowledgedAt: string | null;
  alertRaisedAt: string | null;
  caseId: string | null;
  /** The case the report went to: open or closed, taken up, overdue (status-level only). */
  caseState: 'open' | 'closed' | null;
  caseTakenUp: boolean;
  caseOverdue: boolean;
  linkedCaseId: string | null;
  outcome: string | null;
}

/** An age kept as text (sealed like the rest) as a number again; `[erased]` stays as it reads. */
function ageOf(v: string | undefined): number | typeof ERASED | null {
  if (v === undefined) return null;
  if (v === ERASED) return ERASED;
  const n = Number(v);
  return Number.isInteger(n) ? n : null;
}

export const iso = (v: string | Date) => new Date(v).toISOString();
const isoOrNull = (v: unknown) => (v ? iso(v as string) : null);

export function toListItem(r: Record<string, unknown>): ContactListItem {
  return {
    id: String(r.contact_id),
    alert: (r.alert as ContactListItem['alert'] | undefined) ?? null,
    forwardBy: isoOrNull(r.forward_by),
    forwardingAlertAt: isoOrNull(r.forwarding_alert_at),
    referralRecipient: (r.referral_recipient as string | null) ?? null,
    clockPolicy: (r.clock_policy as string | null) ?? null,
    receivedAt: iso(r.received_at as string),
    channel: String(r.channel),
    purpose: String(r.purpose),
    status: String(r.status),
    concerns: r.concerns as string[],
    incidentCommuneCode: (r.incident_commune as string | null) ?? null,
    urgent: Boolean(r.urgent),
    recordedBy: (r.recorded_by as string | null) ?? null,
    referredBy: (r.referred_by as string | null) ?? null,
    referralCommuneCode: (r.referral_commune as string | null) ?? null,
    acknowledgeBy: isoOrNull(r.acknowledge_by),
    acknowledgedAt: isoOrNull(r.acknowledged_at),
    alertRaisedAt: isoOrNull(r.alert_raised_at),
    caseId: (r.case_id as string | null) ?? null,
    caseState: coarseCaseState(r.case_status as string | null),
    caseTakenUp: r.case_status !== null && r.case_status !== 'received',
    caseOverdue: Boolean(r.case_overdue),
    linkedCaseId: (r.linked_case_id as string | null) ?? null,
    outcome: (r.outcome as string | null) ?? null,
  };
}

export function toView(id: string, state: ContactState, version: number): ContactView {
  const c = state.contact!;
  const p = c.personal;
  return {
    id,
    version,
    status: state.status,
    receivedAt: c.receivedAt,
    channel: c.channel,
    purpose: c.purpose,
    category: c.category ?? null,
    setting: c.setting ?? null,
    concerns: c.concerns,
    sexualAbuseSubtypes: c.sexualAbuseSubtypes ?? [],
    incidentCommuneCode: c.incidentCommuneCode,
    immediateDanger: c.immediateDanger,
    forwardBy: c.forwardBy ?? null,
    clockPolicy: c.clockPolicy ?? null,
    forwardingAlertRaisedAt: state.forwardingAlertRaisedAt,
    receiver: c.receiver ?? { kind: 'hotline', unit: 'VN' },
    callerType: c.caller?.type ?? null,
    children: c.children.map((ch) => ({
      childRef: ch.childRef,
      sex: ch.sex,
      ageYears: ch.ageYears,
      ageEstimated: ch.ageEstimated ?? false,
      ethnicity: ch.ethnicity ?? null,
      specialCircumstances: ch.specialCircumstances ?? [],
      residenceCommuneCode: ch.residenceCommuneCode ?? null,
      name: ch.personal.name ?? null,
      birthDate: ch.personal.birthDate ?? null,
      address: ch.personal.address ?? null,
      familySituation: ch.personal.familySituation ?? null,
      carers: (ch.carers ?? []).map((k) => ({
        relation: k.relation,
        currentCarer: k.currentCarer ?? false,
        name: k.personal.name ?? null,
        ageYears: ageOf(k.personal.age),
        occupation: k.personal.occupation ?? null,
        phone: k.personal.phone ?? null,
        address: k.personal.address ?? null,
      })),
    })),
    allegedAbusers: (p.allegedAbusers ?? []).map((a) => ({
      relation: a.relation,
      sex: a.sex ?? null,
      name: a.name ?? null,
      ageYears: ageOf(a.age),
      description: a.description ?? null,
    })),
    reporter: p.reporter
      ? {
          anonymous: p.reporter.anonymous,
          name: p.reporter.name ?? null,
          phone: p.reporter.phone ?? null,
          address: p.reporter.address ?? null,
          consentToContact: p.reporter.consentToContact,
        }
      : null,
    place: p.place ?? null,
    currentCondition: p.currentCondition ?? null,
    actionsTaken: p.actionsTaken ?? null,
    notes: p.notes ?? null,
    referral: state.referral && referralView(state.referral),
    linkedCase: state.linkedCase,
    closure: state.closure,
    erasure: state.erasure,
    caseRecord: state.caseRecord,
  };
}

/**
 * A referral as the hotline sees it: where it went and whether the commune took it up, and of its case only
 * open or closed and overdue or not — the stage would tell what happened to the child.
 */
export type ReferralView = Omit<Referral, 'caseStatus'> & { caseState: 'open' | 'closed' | null };

function referralView(r: Referral): ReferralView {
  const { caseStatus, ...rest } = r;
  return { ...rest, caseState: coarseCaseState(caseStatus) };
}

/** Open or closed, from the stage casework reported (null: no case yet). */
export function coarseCaseState(status: string | null): 'open' | 'closed' | null {
  if (status === null) return null;
  return status === 'closed' ? 'closed' : 'open';
}
