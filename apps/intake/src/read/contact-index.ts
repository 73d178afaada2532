import { AdminUnits } from '@cp/admin-units';
import { ERASED } from '@cp/contracts';
import type { NewSubjectKeys, PersonalDataVault, SealedValue, Sql } from '@cp/event-store';
import type { ContactState } from '../domain/contact.state';
import type { IndexedChild } from '../domain/indexed-child';

export type { IndexedChild };

/**
 * intake's own index of its contacts (its table: contact-index.migrations.ts), written in the same
 * statement as their events: the counsellors' work lists, the follow-up watcher, repeat callers and
 * possible duplicates read it.
 */
/** The context a name in the index is sealed with: it opens only as this contact's index entry. */
export const indexContext = (contactId: string) => `in_contacts:${contactId}`;

/** A child as stored in the index: the folded name sealed. */
export type StoredIndexedChild = Omit<IndexedChild, 'name'> & { name: SealedValue | null };

/** A personal value as read from an event: absent, erased or the text. */
const personal = (v: string | undefined | null): string | null => (v && v !== ERASED ? v : null);

/** A child as the duplicate search compares it, from what a contact says of it (erased: no name, no year). */
export function indexedChild(c: {
  childRef: string;
  ageYears: number | null;
  residenceCommuneCode?: string | null;
  name?: string | null;
  birthDate?: string | null;
}): IndexedChild {
  const name = personal(c.name);
  const birthDate = personal(c.birthDate);
  return {
    childRef: c.childRef,
    name: name ? AdminUnits.fold(name) : null,
    ageYears: c.ageYears,
    birthYear: birthDate && /^\d{4}-/.test(birthDate) ? Number(birthDate.slice(0, 4)) : null,
    residenceCommuneCode: c.residenceCommuneCode ?? null,
  };
}

export function indexedChildren(state: ContactState): IndexedChild[] {
  return (state.contact?.children ?? []).map((c) => indexedChild({ ...c, ...c.personal }));
}

/** The index's children with their names opened (an erased child's name reads as none). */
export async function openIndexedChildren(
  vault: PersonalDataVault,
  rows: Array<{ contactId: string; children: StoredIndexedChild[] }>,
  sql: Sql,
): Promise<IndexedChild[][]> {
  const flat = rows.flatMap((r) =>
    r.children.map((c) => ({ value: c.name, context: indexContext(r.contactId) })),
  );
  const names = await vault.openValues(flat, sql);
  let i = 0;
  return rows.map((r) =>
    r.children.map((c) => {
      const name = names[i++];
      return { ...c, name: name && name !== ERASED ? name : null };
    }),
  );
}

/**
 * The upsert of a contact's index row, run inside the append statement (only when events were
 * appended). `actor` fills who recorded and who referred, which the events carry in their metadata.
 */
export async function contactIndexUpsert(
  vault: PersonalDataVault,
  sqlRunner: Sql,
  contactId: string,
  state: ContactState,
  version: number,
  at: string,
  actor: { recordedBy?: string; referredBy?: string },
  alongside = true,
  /**
   * Whether the command changed the personal part (recording, erasure): only then are the names sealed
   * again and the search words digested; any other step keeps the row's as they are.
   */
  rewritePersonal = true,
  /** The first keys of a new contact's subjects (stored by the append this write goes with). */
  newKeys?: NewSubjectKeys,
): Promise<{ sql: string; params: unknown[] }> {
  const c = state.contact!;
  const r = state.referral;
  const p = c.personal;
  const words = [
    ...c.children.map((ch) => personal(ch.personal.name) ?? ''),
    personal(p.notes) ?? '',
    personal(p.place) ?? '',
    personal(p.currentCondition) ?? '',
    personal(p.actionsTaken) ?? '',
  ]
    .filter(Boolean)
    .map((t) => AdminUnits.fold(t))
    .join(' ');
  const children = rewritePersonal ? indexedChildren(state) : [];
  const names = await vault.sealValues(
    children.map((ch) => ({ subject: `child:${ch.childRef}`, value: ch.name })),
    indexContext(contactId),
    sqlRunner,
    newKeys,
  );
  const stored: StoredIndexedChild[] = children.map((ch, i) => ({ ...ch, name: names[i] }));
  const callerKey = personal(c.caller?.callerKey);
  return {
    sql: `INSERT INTO in_contacts (contact_id, received_at, channel, purpose, status, concerns, incident_commune,
        incident_province, urgent, recorded_by, referred_by, referral_id, referral_commune, referral_province,
        acknowledge_by, acknowledged_at, alert_raised_at, case_id, case_status, case_overdue,
        linked_case_id, outcome, closed_at, caller_key, children, search_tokens, version, updated_at,
        forward_by, forwarding_alert_at, referral_recipient, clock_policy, receiver_kind)
      SELECT $1::uuid, $2::timestamptz, $3::text, $4::text, $5::text, $6::text[], $7::text, $8::text, $9::boolean,
        $10::text, $11::text, $12::uuid, $13::text, $14::text, $15::timestamptz, $16::timestamptz, $17::timestamptz,
        $18::uuid, $19::text, $20::boolean, $21::uuid, $22::text, $23::timestamptz, $24::text,
        $25::jsonb, $26::text[], $27::int, $28::timestamptz, $30::timestamptz, $31::timestamptz, $32::text,
        $33::text, $34::text
      -- a step that leaves the personal part alone never creates the row (a lost index is rebuilt whole)
      WHERE ($29::boolean OR EXISTS (SELECT 1 FROM in_contacts WHERE contact_id = $1::uuid))
      ${alongside ? 'AND EXISTS (SELECT 1 FROM e)' : ''}
      ON CONFLICT (contact_id) DO UPDATE SET status = EXCLUDED.status, urgent = EXCLUDED.urgent,
        referred_by = coalesce(in_contacts.referred_by, EXCLUDED.referred_by), referral_id = EXCLUDED.referral_id,
        referral_commune = EXCLUDED.referral_commune, referral_province = EXCLUDED.referral_province,
        acknowledge_by = EXCLUDED.acknowledge_by, acknowledged_at = EXCLUDED.acknowledged_at,
        alert_raised_at = EXCLUDED.alert_raised_at, case_id = EXCLUDED.case_id, case_status = EXCLUDED.case_status,
        case_overdue = EXCLUDED.case_overdue, linked_case_id = EXCLUDED.linked_case_id,
        outcome = EXCLUDED.outcome, closed_at = EXCLUDED.closed_at,
        caller_key = CASE WHEN $29::boolean THEN EXCLUDED.caller_key ELSE in_contacts.caller_key END,
        children = CASE WHEN $29::boolean THEN EXCLUDED.children ELSE in_contacts.children END,
        search_tokens = CASE WHEN $29::boolean THEN EXCLUDED.search_tokens ELSE in_contacts.search_tokens END,
        version = EXCLUDED.version, updated_at = EXCLUDED.updated_at,
        forwarding_alert_at = EXCLUDED.forwarding_alert_at, referral_recipient = EXCLUDED.referral_recipient,
        clock_policy = EXCLUDED.clock_policy
      WHERE in_contacts.version < EXCLUDED.version`,
    params: [
      contactId,
      c.receivedAt,
      c.channel,
      c.purpose,
      state.status,
      c.concerns,
      c.incidentCommuneCode,
      c.incidentProvinceCode,
      r?.urgent ?? c.immediateDanger,
      actor.recordedBy ?? null,
      actor.referredBy ?? null,
      r?.referralId ?? null,
      r?.communeCode ?? null,
      r?.provinceCode ?? null,
      r?.acknowledgeBy ?? null,
      r?.acknowledgedAt ?? null,
      r?.alertRaisedAt ?? null,
      r?.caseId ?? null,
      r?.caseStatus ?? null,
      r?.caseOverdue ?? false,
      state.linkedCase?.caseId ?? null,
      state.closure?.outcome ?? null,
      state.closure?.closedAt ?? null,
      callerKey,
      JSON.stringify(stored),
      rewritePersonal ? vault.blindTokens(words) : [],
      version,
      at,
      rewritePersonal,
      c.forwardBy ?? null,
      state.forwardingAlertRaisedAt,
      r?.recipient ?? null,
      r?.clockPolicy ?? c.clockPolicy ?? null,
      c.receiver?.kind ?? 'hotline',
    ],
  };
}
