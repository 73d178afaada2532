import { sqlMigration } from './sql-migration';

/** event-sourcing rule 3: the append-only event store, its idempotency keys and the outbox. */
export const EventStore1763900000000 = sqlMigration('EventStore1763900000000', {
  up: [
    `
      CREATE TABLE es_events (
        global_position bigserial PRIMARY KEY,
        stream_id text NOT NULL,
        stream_type text NOT NULL,
        stream_version integer NOT NULL CHECK (stream_version > 0),
        event_id uuid NOT NULL UNIQUE,
        type text NOT NULL,
        schema_version integer NOT NULL DEFAULT 1,
        data jsonb NOT NULL,
        metadata jsonb NOT NULL,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        previous_hash text NOT NULL,
        hash text NOT NULL,
        -- the scheme the hash was computed with (libs/event-store hash.ts: 2 covers recorded_at)
        hash_version smallint NOT NULL DEFAULT 1 CONSTRAINT es_events_hash_version_ck CHECK (hash_version IN (1, 2)),
        CONSTRAINT es_events_stream_version_uq UNIQUE (stream_id, stream_version)
      )`,
    `
      CREATE TABLE es_idempotency (
        idempotency_key text PRIMARY KEY,
        stream_id text NOT NULL,
        result jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`,
    `
      CREATE TABLE es_outbox (
        id bigserial PRIMARY KEY,
        -- unique through es_events.event_id, written in the same statement
        event_id uuid NOT NULL,
        topic text NOT NULL,
        message_key text NOT NULL,
        payload jsonb NOT NULL,
        headers jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz,
        attempts integer NOT NULL DEFAULT 0,
        last_error text
      )`,
    `CREATE INDEX es_outbox_pending_idx ON es_outbox (id) WHERE published_at IS NULL`,
    // Rule 10: stored events are immutable; an UPDATE/DELETE is refused (the application's role has no
    // such privilege either, RecordProtection1763900000400). The owner can still disable the trigger —
    // that is what the hash chain and the signed checkpoints are for.
    `
      CREATE FUNCTION es_events_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
      END $$`,
    `
      CREATE TRIGGER es_events_no_rewrite BEFORE UPDATE OR DELETE ON es_events
      FOR EACH ROW EXECUTE FUNCTION es_events_immutable()`,
  ],
  down: [
    `DROP TABLE es_outbox`,
    `DROP TABLE es_idempotency`,
    `DROP TABLE es_events`,
    `DROP FUNCTION es_events_immutable`,
  ],
});
