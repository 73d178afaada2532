import type { MigrationInterface, QueryRunner } from 'typeorm';
import { AdminUnits } from '@cp/admin-units';
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

/** A child as the duplicate search compares it: folded name, age, birth year, communes. */
export interface IndexedChild {
  childRef: string;
  name: string | null;
  ageYears: number | null;
  birthYear: number | null;
  residenceCommuneCode: string | null;
}

export function indexedChildren(state: ContactState): IndexedChild[] {
  return (state.contact?.children ?? []).map((c) => ({
    childRef: c.childRef,
    name: c.personal.name ? AdminUnits.fold(c.personal.name) : null,
    ageYears: c.ageYears,
    birthYear: c.personal.birthDate ? Number(c.personal.birthDate.slice(0, 4)) : null,
    residenceCommuneCode: c.residenceCommuneCode ?? null,
  }));
}

/**
 * The upsert of a contact's index row, run inside the append statement (only when events were
 * appended). `actor` fills who recorded and who referred, which the events carry in their metadata.
 */
export function contactIndexUpsert(
  contactId: string,
  state: ContactState,
  version: number,
  at: string,
  actor: { recordedBy?: string; referredBy?: string },
  alongside = true,
): { sql: string; params: unknown[] } {
  const c = state.contact!;
  const r = state.referral;
  const p = c.personal;
  const text = [
    ...c.children.map((ch) => ch.personal.name ?? ''),
    p.notes ?? '',
    p.place ?? '',
    p.currentCondition ?? '',
    p.actionsTaken ?? '',
  ]
    .filter(Boolean)
    .map((t) => AdminUnits.fold(t))
    .join(' \n ');
  return {
    sql: `INSERT INTO in_contacts (contact_id, received_at, channel, purpose, status, concerns, incident_commune,
        incident_province, urgent, recorded_by, referred_by, referral_id, referral_commune, referral_province,
        acknowledge_by, acknowledged_at, alert_raised_at, case_id, case_status, case_step, next_due_at,
        linked_case_id, outcome, closed_at, caller_key, children, search_text, version, updated_at)
      SELECT $1::uuid, $2::timestamptz, $3::text, $4::text, $5::text, $6::text[], $7::text, $8::text, $9::boolean,
        $10::text, $11::text, $12::uuid, $13::text, $14::text, $15::timestamptz, $16::timestamptz, $17::timestamptz,
        $18::uuid, $19::text, $20::text, $21::timestamptz, $22::uuid, $23::text, $24::timestamptz, $25::text,
        $26::jsonb, $27::text, $28::int, $29::timestamptz
      ${alongside ? 'WHERE EXISTS (SELECT 1 FROM e)' : ''}
      ON CONFLICT (contact_id) DO UPDATE SET status = EXCLUDED.status, urgent = EXCLUDED.urgent,
        referred_by = coalesce(in_contacts.referred_by, EXCLUDED.referred_by), referral_id = EXCLUDED.referral_id,
        referral_commune = EXCLUDED.referral_commune, referral_province = EXCLUDED.referral_province,
        acknowledge_by = EXCLUDED.acknowledge_by, acknowledged_at = EXCLUDED.acknowledged_at,
        alert_raised_at = EXCLUDED.alert_raised_at, case_id = EXCLUDED.case_id, case_status = EXCLUDED.case_status,
        case_step = EXCLUDED.case_step, next_due_at = EXCLUDED.next_due_at, linked_case_id = EXCLUDED.linked_case_id,
        outcome = EXCLUDED.outcome, closed_at = EXCLUDED.closed_at, version = EXCLUDED.version,
        updated_at = EXCLUDED.updated_at
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
      r?.caseStep ?? null,
      r?.nextDueAt ?? null,
      state.linkedCase?.caseId ?? null,
      state.closure?.outcome ?? null,
      state.closure?.closedAt ?? null,
      c.caller?.callerKey ?? null,
      JSON.stringify(indexedChildren(state)),
      text,
      version,
      at,
    ],
  };
}
