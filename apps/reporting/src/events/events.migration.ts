import { sqlMigration } from '@cp/event-store';

/**
 * Reporting's copy of every integration event of intake and casework: the audit trail's source and the
 * copy of each stream's hash chain (`source_stream`, `source_version`, `hash`, `prev_hash`). Events carry
 * no personal data (codes, ids, counts), so neither does this table.
 */
export const EventCopy1763900002000 = sqlMigration('EventCopy1763900002000', {
  up: [
    `
      CREATE TABLE rm_events (
        position bigserial PRIMARY KEY,
        event_id uuid NOT NULL UNIQUE,
        producer text NOT NULL,
        topic text NOT NULL,
        type text NOT NULL,
        schema_version integer NOT NULL,
        aggregate_id text NOT NULL,
        aggregate_version integer NOT NULL,
        case_id uuid,
        contact_id uuid,
        occurred_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        actor_id text NOT NULL,
        actor_roles text[] NOT NULL,
        actor_unit text,
        units text[] NOT NULL,
        source_stream text,
        source_version integer,
        hash text,
        prev_hash text,
        data jsonb NOT NULL
      )`,
    `CREATE INDEX rm_events_case_idx ON rm_events (case_id, aggregate_version) WHERE case_id IS NOT NULL`,
    `CREATE INDEX rm_events_contact_idx ON rm_events (contact_id) WHERE contact_id IS NOT NULL`,
    `CREATE INDEX rm_events_actor_idx ON rm_events (actor_id, occurred_at)`,
    `CREATE INDEX rm_events_time_idx ON rm_events (occurred_at)`,
    `CREATE INDEX rm_events_units_idx ON rm_events USING gin (units)`,
    `CREATE INDEX rm_events_stream_idx ON rm_events (source_stream, source_version)`,
  ],
  down: [`DROP TABLE rm_events`],
});
