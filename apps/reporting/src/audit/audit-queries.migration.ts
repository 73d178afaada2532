import { sqlMigration } from '@cp/event-store';

/**
 * Reads that were turned away and name searches (whose words travel as keyed digests) are recorded like any
 * read: `rm_access` learns the outcome, the search's digests and how many records it matched. And the audit
 * trail audits itself: every search of the trail and every case timeline asked of reporting, with who asked,
 * what they filtered on and how many rows they got, or that they were refused, in `rp_audit_queries` —
 * evidence reporting writes itself and may only add to (not a read model: no rebuild replaces it).
 */
export const AuditQueries1763900003300 = sqlMigration('AuditQueries1763900003300', {
  up: [
    `
      ALTER TABLE rm_access
        ADD COLUMN outcome text NOT NULL DEFAULT 'granted',
        ADD COLUMN query_tokens text[],
        ADD COLUMN results integer`,
    `CREATE INDEX rm_access_refused_idx ON rm_access (at, access_id) WHERE outcome = 'refused'`,
    `
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
      )`,
    `CREATE INDEX rp_audit_queries_time_idx ON rp_audit_queries (at, query_id)`,
    `CREATE INDEX rp_audit_queries_actor_idx ON rp_audit_queries (actor_id, at)`,
    `CREATE INDEX rp_audit_queries_units_idx ON rp_audit_queries USING gin (units)`,
  ],
  down: [
    `DROP TABLE rp_audit_queries`,
    `DROP INDEX rm_access_refused_idx`,
    `ALTER TABLE rm_access DROP COLUMN outcome, DROP COLUMN query_tokens, DROP COLUMN results`,
  ],
});
