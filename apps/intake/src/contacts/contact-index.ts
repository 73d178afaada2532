import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AdminUnits } from '@cp/admin-units';
import { ERASED } from '@cp/contracts';
import type { NewSubjectKeys, PersonalDataVault, SealedValue, Sql } from '@cp/event-store';
import type { ContactState } from './domain/contact';

/**
 * intake's own index of its contacts, written in the same statement as their events: the counsellors'
 * work lists, the follow-up watcher, repeat callers and possible duplicates read it. It holds folded
 * names and notes for searching, so it is as confidential as the contacts themselves (hotline roles only).
 */
export class ContactIndex1763900003000 implements MigrationInterface {
  name = 'ContactIndex1763900003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE in_contacts (
        contact_id uuid PRIMARY KEY,
        received_at timestamptz NOT NULL,
        channel text NOT NULL,
        purpose text NOT NULL,
        status text NOT NULL,
        concerns text[] NOT NULL,
        incident_commune char(5),
        incident_province char(2),
        urgent boolean NOT NULL,
        recorded_by text,
        referred_by text,
        referral_id uuid,
        referral_commune char(5),
        referral_province char(2),
        acknowledge_by timestamptz,
        acknowledged_at timestamptz,
        alert_raised_at timestamptz,
        case_id uuid,
        case_status text,
        case_step text,
        next_due_at timestamptz,
        linked_case_id uuid,
        outcome text,
        closed_at timestamptz,
        caller_key text,
        children jsonb NOT NULL,
        search_text text NOT NULL,
        version integer NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX in_contacts_received_idx ON in_contacts (received_at DESC)`);
    await q.query(`CREATE INDEX in_contacts_status_idx ON in_contacts (status, received_at DESC)`);
    await q.query(`CREATE INDEX in_contacts_commune_idx ON in_contacts (referral_commune)`);
    await q.query(
      `CREATE INDEX in_contacts_province_idx ON in_contacts (incident_province, received_at DESC)`,
    );
    await q.query(
      `CREATE INDEX in_contacts_caller_idx ON in_contacts (caller_key) WHERE caller_key IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX in_contacts_follow_up_idx ON in_contacts (acknowledge_by)
       WHERE acknowledged_at IS NULL AND alert_raised_at IS NULL AND acknowledge_by IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE in_contacts`);
  }
}

/**
 * The index keeps no personal data in clear (rule 11): a child's folded name is sealed under the child's
 * key (erased with it), and the text search is a blind index — keyed digests of the folded words of the
 * names and the caller's account, `search_tokens` — so a word finds a contact without the words being
 * stored. Rows written before this change are rewritten from the events at the next start.
 */
export class ContactIndexSealed1763900003100 implements MigrationInterface {
  name = 'ContactIndexSealed1763900003100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`TRUNCATE in_contacts`);
    await q.query(`ALTER TABLE in_contacts DROP COLUMN search_text`);
    await q.query(`ALTER TABLE in_contacts ADD COLUMN search_tokens text[] NOT NULL DEFAULT '{}'`);
    await q.query(`CREATE INDEX in_contacts_search_idx ON in_contacts USING gin (search_tokens)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX in_contacts_search_idx`);
    await q.query(`ALTER TABLE in_contacts DROP COLUMN search_tokens`);
    await q.query(`ALTER TABLE in_contacts ADD COLUMN search_text text NOT NULL DEFAULT ''`);
  }
}

/**
 * The hotline follows a referral up status-level only (open or closed, taken up, overdue): the step a case
 * is at and its next due date are no longer kept in the index, which has `case_overdue` instead. Rows are
 * rewritten from the events at the next start, as after every index migration.
 */
export class ContactIndexFollowUp1763900003200 implements MigrationInterface {
  name = 'ContactIndexFollowUp1763900003200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`TRUNCATE in_contacts`);
    await q.query(`ALTER TABLE in_contacts DROP COLUMN case_step, DROP COLUMN next_due_at`);
    await q.query(`ALTER TABLE in_contacts ADD COLUMN case_overdue boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE in_contacts DROP COLUMN case_overdue`);
    await q.query(`ALTER TABLE in_contacts ADD COLUMN case_step text, ADD COLUMN next_due_at timestamptz`);
  }
}

/**
 * The forwarding clock ("chuyển ngay": receipt → referral) and who a referral went to: the supervisor's
 * follow-up list shows reports not passed on in time. Which kind of body recorded the contact (a provincial
 * officer or a commune worker reads only the reports their kind of body recorded in their jurisdiction). Rows are rewritten from the events at the next start.
 */
export class ContactIndexForwarding1763900003300 implements MigrationInterface {
  name = 'ContactIndexForwarding1763900003300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`TRUNCATE in_contacts`);
    await q.query(
      `ALTER TABLE in_contacts ADD COLUMN forward_by timestamptz, ADD COLUMN forwarding_alert_at timestamptz,
         ADD COLUMN referral_recipient text, ADD COLUMN clock_policy text,
         ADD COLUMN receiver_kind text NOT NULL DEFAULT 'hotline'`,
    );
    await q.query(
      `CREATE INDEX in_contacts_forwarding_idx ON in_contacts (forward_by)
       WHERE status = 'open' AND forwarding_alert_at IS NULL AND forward_by IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX in_contacts_forwarding_idx`);
    await q.query(
      `ALTER TABLE in_contacts DROP COLUMN forward_by, DROP COLUMN forwarding_alert_at,
         DROP COLUMN referral_recipient, DROP COLUMN clock_policy, DROP COLUMN receiver_kind`,
    );
  }
}

/** The context a name in the index is sealed with: it opens only as this contact's index entry. */
export const indexContext = (contactId: string) => `in_contacts:${contactId}`;

/** A child as the duplicate search compares it: folded name, age, birth year, communes. */
export interface IndexedChild {
  childRef: string;
  name: string | null;
  ageYears: number | null;
  birthYear: number | null;
  residenceCommuneCode: string | null;
}

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

/** intake's own migrations, in order (after the platform's). */
export const INTAKE_MIGRATIONS = [
  ContactIndex1763900003000,
  ContactIndexSealed1763900003100,
  ContactIndexFollowUp1763900003200,
  ContactIndexForwarding1763900003300,
];
