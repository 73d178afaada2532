import {
  TOPICS,
  type ContactEventType,
  type CommandMetadata,
  type ReferralIdentityV1,
  type SealedReferralIdentityV1,
  type ContactClosedV1,
  type IntakeChildV1,
  type PersonalDataErasedV1,
  type ReportLinkedToCaseV1,
  type ReportReferredV1,
} from '@cp/contracts';
import type { OutboxMessage } from '@cp/event-store';
import { integrationMessage } from '@cp/platform';
import type { ContactState } from '../domain/contact.state';
import type { ContactEvent } from '../domain/contact.events';

/**
 * What other services hear from intake, event type by event type: an allowlist. Each published message is
 * built field by field from the contact (codes, ages, sex, dates, ids); names, dates of birth, the reporter,
 * what the caller told, the place and the police unit never leave intake (Law on Children Art. 6 and 21).
 * The table's type forces a decision for a new event type: it does not compile until it is listed,
 * published (with its builder) or not (`null`).
 */
type Publication<E extends ContactEvent> =
  | null
  | ((e: E, contact: ContactState, contactId: string, ctx: PublishContext) => { type: string; data: object });

/** What a builder may need beyond the contact: the seal of the child's identity for casework. */
export interface PublishContext {
  sealIdentity(referralId: string, identity: ReferralIdentityV1): SealedReferralIdentityV1;
}

/**
 * The child's identity as the commune that carries the case needs it (Decree 56 Art. 26.1; Mẫu 01 A.2,
 * A.3): names, dates of birth, addresses, family, parents and carers; the reporter only when they gave
 * their details (never an anonymous reporter); the police unit notified. Sealed for casework alone.
 */
export function referralIdentity(state: ContactState): ReferralIdentityV1 {
  const c = state.contact!;
  const r = c.personal.reporter;
  const police = state.referral?.police ?? null;
  return {
    children: c.children.map((ch) => ({
      childRef: ch.childRef,
      name: ch.personal.name ?? null,
      birthDate: ch.personal.birthDate ?? null,
      address: ch.personal.address ?? null,
      familySituation: ch.personal.familySituation ?? null,
      carers: (ch.carers ?? []).map((k) => ({
        relation: k.relation,
        currentCarer: k.currentCarer ?? false,
        name: k.personal.name ?? null,
        age: k.personal.age ?? null,
        occupation: k.personal.occupation ?? null,
        phone: k.personal.phone ?? null,
        address: k.personal.address ?? null,
      })),
    })),
    reporter:
      r && !r.anonymous && (r.name || r.phone || r.address)
        ? { name: r.name ?? null, phone: r.phone ?? null, address: r.address ?? null }
        : null,
    police: police ? { unit: police.unit, reference: police.reference } : null,
  };
}

export type ContactPublications = {
  readonly [K in ContactEventType]: Publication<Extract<ContactEvent, { type: K }>>;
};

const publicChildren = (state: ContactState): IntakeChildV1[] =>
  state.contact!.children.map((c) => ({
    childRef: c.childRef,
    sex: c.sex,
    ageYears: c.ageYears,
    specialCircumstances: c.specialCircumstances ?? [],
  }));

export const CONTACT_PUBLICATIONS: ContactPublications = {
  // The contact itself stays at the hotline: counselling and information are level 1, with no case.
  ContactRecorded: null,
  ContactClosed: (e, state, contactId) => {
    const contact = state.contact!;
    const data: ContactClosedV1 = {
      contactId,
      purpose: contact.purpose,
      outcome: e.data.outcome,
      receivedAt: contact.receivedAt,
      closedAt: e.data.closedAt,
      channel: contact.channel,
      concerns: contact.concerns,
      children: publicChildren(state),
    };
    return { type: 'ContactClosed', data };
  },
  ReportReferred: (e, state, contactId, ctx) => {
    const contact = state.contact!;
    const data: ReportReferredV1 = {
      contactId,
      referralId: e.data.referralId,
      communeCode: e.data.communeCode,
      provinceCode: e.data.provinceCode,
      residenceCommuneCode: e.data.residenceCommuneCode ?? null,
      receivedAt: contact.receivedAt,
      referredAt: e.data.referredAt,
      channel: contact.channel,
      urgent: e.data.urgent,
      children: publicChildren(state),
      concerns: contact.concerns,
      category: contact.category ?? null,
      setting: contact.setting ?? null,
      policeNotified: !!e.data.police,
      ...(e.data.recipient ? { recipient: e.data.recipient } : {}),
      identity: ctx.sealIdentity(e.data.referralId, referralIdentity(state)),
    };
    return { type: 'ReportReferred', data };
  },
  ReportLinkedToCase: (e, state, contactId) => {
    const contact = state.contact!;
    const data: ReportLinkedToCaseV1 = {
      contactId,
      caseId: e.data.caseId,
      receivedAt: contact.receivedAt,
      linkedAt: e.data.linkedAt,
      channel: contact.channel,
      urgent: contact.immediateDanger,
      concerns: contact.concerns,
      children: publicChildren(state),
    };
    return { type: 'ReportLinkedToCase', data };
  },
  // What casework told the hotline, and the hotline's own follow-up: nobody else needs them.
  CaseLinked: null,
  CaseStatusUpdated: null,
  CaseRecordUpdated: null,
  FollowUpAlertRaised: null,
  ForwardingAlertRaised: null,
  PersonalDataErased: (e, _state, contactId) => {
    const data: PersonalDataErasedV1 = {
      erasureId: e.data.erasureId,
      recordKind: 'contact',
      recordId: contactId,
      basis: e.data.basis,
      subjects: e.data.subjects.length,
      erasedAt: e.data.erasedAt,
      contactIds: [],
    };
    return { type: 'PersonalDataErased', data };
  },
};

/** The outbox messages of a command's new events, keyed by the contact so they stay in order. */
export function contactMessages(
  contactId: string,
  events: Array<ContactEvent & { eventId: string; occurredAt: string }>,
  state: ContactState,
  version: number,
  meta: CommandMetadata,
  ctx: PublishContext,
): OutboxMessage[] {
  return events.flatMap((e, i) => {
    const publish = CONTACT_PUBLICATIONS[e.type] as Publication<typeof e>;
    if (!publish) return [];
    const { type, data } = publish(e, state, contactId, ctx);
    return [
      integrationMessage({
        topic: TOPICS.intakeContacts,
        producer: 'intake' as const,
        event: e,
        aggregateId: contactId,
        aggregateVersion: version - events.length + i + 1,
        metadata: meta,
        type,
        data,
      }),
    ];
  });
}
