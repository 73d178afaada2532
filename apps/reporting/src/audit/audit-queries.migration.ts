import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reads that were turned away and name searches (whose words travel as keyed digests) are recorded like any
 * read: `rm_access` learns the outcome, the search's digests and how many records it matched. And the audit
 * trail audits itself: every search of the trail and every case timeline asked of reporting, with who asked,
 * what they filtered on and how many rows they got, or that they were refused, in `rp_audit_queries` —
 * evidence reporting writes itself and may only add to (not a read model: no rebuild replaces it).
 */
export class AuditQueries1763900003300 implements MigrationInterface {
  name = 'AuditQueries1763900003300';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE rm_access
        ADD COLUMN outcome text NOT NULL DEFAULT 'granted',
        ADD COLUMN query_tokens text[],
        ADD COLUMN results integer`);
    await q.query(
      `CREATE INDEX rm_access_refused_idx ON rm_access (at, access_id) WHERE outcome = 'refused'`,
    );
    await q.query(`
      CREATE TABLE rp_audit_queries (
        query_id uuid PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        route text NOT NULL,
        outcome text NOT NULL,
        actor_id text NOT NULL,
        actor_roles text[] NOT NULL,
        actor_unit text,
        units text[] NOT NULL,
        case_id uuid,
        contact_id uuid,
        filters jsonb NOT NULL,
        results integer,
        correlation_id text
      )`);
    await q.query(`CREATE INDEX rp_audit_queries_time_idx ON rp_audit_queries (at, query_id)`);
    await q.query(`CREATE INDEX rp_audit_queries_actor_idx ON rp_audit_queries (actor_id, at)`);
    await q.query(`CREATE INDEX rp_audit_queries_units_idx ON rp_audit_queries USING gin (units)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rp_audit_queries`);
    await q.query(`DROP INDEX rm_access_refused_idx`);
    await q.query(`ALTER TABLE rm_access DROP COLUMN outcome, DROP COLUMN query_tokens, DROP COLUMN results`);
  }
}
