import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { Sql } from '@cp/event-store';
import type { CaseState } from '../domain/case.state';

/**
 * casework's own index of its cases, written in the same transaction as the events: which communes
 * a case belongs to (for work lists and jurisdiction), where it stands, and its next open deadline
 * (for the deadline watcher). It is derived data: `CasesService.rebuildIndex` recreates it from the events.
 */
export class CaseIndex1763900002100 implements MigrationInterface {
  name = 'CaseIndex1763900002100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE cw_case_index (
        case_id uuid PRIMARY KEY,
        owner_commune char(5) NOT NULL,
        owner_province char(2) NOT NULL,
        incident_commune char(5) NOT NULL,
        residence_commune char(5),
        transfer_to_commune char(5),
        status text NOT NULL,
        level text,
        assigned_worker_id text,
        urgent boolean NOT NULL,
        received_at timestamptz NOT NULL,
        next_due_at timestamptz,
        overdue_count integer NOT NULL,
        version integer NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX cw_case_index_owner_idx ON cw_case_index (owner_commune, status)`);
    await q.query(`CREATE INDEX cw_case_index_province_idx ON cw_case_index (owner_province, status)`);
    await q.query(`CREATE INDEX cw_case_index_incident_idx ON cw_case_index (incident_commune)`);
    await q.query(`CREATE INDEX cw_case_index_residence_idx ON cw_case_index (residence_commune)`);
    await q.query(`CREATE INDEX cw_case_index_transfer_idx ON cw_case_index (transfer_to_commune)`);
    await q.query(
      `CREATE INDEX cw_case_index_due_idx ON cw_case_index (next_due_at) WHERE next_due_at IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE cw_case_index`);
  }
}

/**
 * Who referred a case (the `own-referrals` jurisdiction of the access matrix): hotline counsellors follow the cases they referred,
 * supervisors every case from a hotline referral. `source_kind` is the case's source (derived from its
 * CaseOpened, filled here for the cases already indexed); `referred_by` is the user id of the counsellor
 * who referred it, the `actor` of intake's `ReportReferred` envelope. That fact is not in casework's
 * events (the case is opened by the service itself): it is written with the index row when the referral
 * opens the case, and a rebuild of the index keeps it (an upsert never clears it). Cases referred before
 * this column existed have no referrer: only supervisors follow them.
 */
export class CaseIndexReferrals1763900002110 implements MigrationInterface {
  name = 'CaseIndexReferrals1763900002110';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cw_case_index ADD COLUMN source_kind text, ADD COLUMN referred_by text`);
    await q.query(`
      UPDATE cw_case_index i SET source_kind = e.data->'source'->>'kind'
      FROM es_events e
      WHERE e.stream_id = 'case-' || i.case_id::text AND e.stream_version = 1 AND e.type = 'CaseOpened'`);
    await q.query(
      `CREATE INDEX cw_case_index_referred_by_idx ON cw_case_index (referred_by) WHERE referred_by IS NOT NULL`,
    );
    await q.query(`CREATE INDEX cw_case_index_source_idx ON cw_case_index (source_kind)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cw_case_index_source_idx`);
    await q.query(`DROP INDEX cw_case_index_referred_by_idx`);
    await q.query(`ALTER TABLE cw_case_index DROP COLUMN referred_by, DROP COLUMN source_kind`);
  }
}

/** The earliest deadline still open (not yet reported missed): the watcher's next look at the case. */
export function nextDueAt(state: CaseState): string | null {
  const open = state.deadlines.filter((d) => d.status === 'open').map((d) => d.dueAt);
  return open.length ? open.sort()[0] : null;
}

/**
 * The upsert of a case's index row. With `alongside`, it is the form the event store runs inside the
 * append statement (only when the events were appended); without, a statement of its own (rebuilds).
 * `referredBy` (the counsellor who referred the case) is given when a referral opens the case; an
 * upsert without it keeps the one recorded.
 */
export function caseIndexUpsert(
  caseId: string,
  state: CaseState,
  version: number,
  at: string,
  alongside: boolean,
  referredBy: string | null = null,
): { sql: string; params: unknown[] } {
  const opened = state.opened!;
  const overdue = state.deadlines.filter((d) => d.status === 'missed').length;
  return {
    sql: `INSERT INTO cw_case_index (case_id, owner_commune, owner_province, incident_commune, residence_commune,
       transfer_to_commune, status, level, assigned_worker_id, urgent, received_at, next_due_at, overdue_count,
       version, updated_at, source_kind, referred_by)
     SELECT $1::uuid, $2::text, $3::text, $4::text, $5::text, $6::text, $7::text, $8::text, $9::text, $10::boolean,
       $11::timestamptz, $12::timestamptz, $13::int, $14::int, $15::timestamptz, $16::text, $17::text
     ${alongside ? 'WHERE EXISTS (SELECT 1 FROM e)' : ''}
     ON CONFLICT (case_id) DO UPDATE SET owner_commune = EXCLUDED.owner_commune,
       owner_province = EXCLUDED.owner_province, incident_commune = EXCLUDED.incident_commune,
       residence_commune = EXCLUDED.residence_commune, transfer_to_commune = EXCLUDED.transfer_to_commune,
       status = EXCLUDED.status, level = EXCLUDED.level, assigned_worker_id = EXCLUDED.assigned_worker_id,
       urgent = EXCLUDED.urgent, received_at = EXCLUDED.received_at, next_due_at = EXCLUDED.next_due_at,
       overdue_count = EXCLUDED.overdue_count, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at,
       source_kind = EXCLUDED.source_kind, referred_by = coalesce(EXCLUDED.referred_by, cw_case_index.referred_by)
     WHERE cw_case_index.version < EXCLUDED.version`,
    params: [
      caseId,
      state.ownerCommuneCode,
      state.ownerProvinceCode,
      state.incidentCommuneCode,
      state.residenceCommuneCode,
      state.pendingTransfer?.toCommuneCode ?? null,
      state.status,
      state.level,
      state.assignedWorkerId,
      opened.urgent,
      opened.receivedAt,
      nextDueAt(state),
      overdue,
      version,
      at,
      opened.source.kind,
      referredBy,
    ],
  };
}

export async function writeCaseIndex(
  sql: Sql,
  caseId: string,
  state: CaseState,
  version: number,
  at: string,
) {
  const { sql: text, params } = caseIndexUpsert(caseId, state, version, at, false);
  await sql.query(text, params);
}
