import { sqlMigration } from '@cp/event-store';

/**
 * Reporting's copy of every read of a child's record (`cp.audit.access.v1`): who (id, roles, acting unit),
 * which record, which view and groups of fields, when. Ids and codes only, like `rm_events`. `units` are
 * the communes and provinces of the record as known when the read was projected, for searching by unit.
 */
export const AuditAccess1763900002700 = sqlMigration('AuditAccess1763900002700', {
  up: [
    `
      CREATE TABLE rm_access (
        access_id uuid PRIMARY KEY,
        event_id uuid NOT NULL UNIQUE,
        producer text NOT NULL,
        record_kind text NOT NULL,
        record_id text NOT NULL,
        record_version integer NOT NULL DEFAULT 0,
        case_id uuid,
        contact_id uuid,
        view text NOT NULL,
        fields text[] NOT NULL,
        as_at timestamptz,
        at timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_id text NOT NULL,
        actor_roles text[] NOT NULL,
        actor_unit text,
        units text[] NOT NULL,
        correlation_id text
      )`,
    `CREATE INDEX rm_access_time_idx ON rm_access (at, access_id)`,
    `CREATE INDEX rm_access_case_idx ON rm_access (case_id, at) WHERE case_id IS NOT NULL`,
    `CREATE INDEX rm_access_contact_idx ON rm_access (contact_id, at) WHERE contact_id IS NOT NULL`,
    `CREATE INDEX rm_access_actor_idx ON rm_access (actor_id, at)`,
    `CREATE INDEX rm_access_units_idx ON rm_access USING gin (units)`,
  ],
  down: [`DROP TABLE rm_access`],
});
