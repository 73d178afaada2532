import { sqlMigration } from '@cp/event-store';

/**
 * Signed checkpoints and the integrity sweep (docs/audit-integrity.md). Each received checkpoint keeps
 * whether its signature verifies with its producer's configured key, which key signed it, the producer
 * its body claims (the producer recorded is the one of the topic it arrived on) and the faults it reports;
 * each head keeps what the producer said the stream holds at the version published before. The sweep's
 * findings are kept in `rm_integrity_alerts`, one row per distinct finding (`fingerprint`). The application
 * role may only insert into and read these tables (`appendOnly` in app.module.ts).
 */
export const IntegrityAlerts1763900002950 = sqlMigration('IntegrityAlerts1763900002950', {
  up: [
    // Checkpoints received before signatures were checked keep NULL (not checked) in both columns: they
    // count as they did then, by their digest alone.
    `
      ALTER TABLE rm_integrity_checkpoints
        ADD COLUMN signature_verifies boolean,
        ADD COLUMN key_id text,
        ADD COLUMN claimed_producer text,
        ADD COLUMN faults jsonb`,
    `CREATE INDEX rm_integrity_checkpoints_sequence_idx ON rm_integrity_checkpoints (producer, sequence)`,
    `
      ALTER TABLE rm_integrity_heads
        ADD COLUMN previous_version integer,
        ADD COLUMN previous_hash text`,
    `CREATE INDEX rm_integrity_heads_version_idx ON rm_integrity_heads (stream_id, version)`,
    `CREATE INDEX rm_integrity_heads_checkpoint_idx ON rm_integrity_heads (checkpoint_event_id)`,
    `
      CREATE TABLE rm_integrity_alerts (
        alert_id uuid PRIMARY KEY,
        -- one row per distinct finding: a sweep that finds it again adds nothing
        fingerprint text NOT NULL UNIQUE,
        kind text NOT NULL,
        producer text NOT NULL,
        stream_id text,
        version integer,
        event_id uuid,
        checkpoint_sequence integer,
        detail text NOT NULL,
        evidence jsonb NOT NULL DEFAULT '{}'::jsonb,
        detected_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        position bigserial NOT NULL
      )`,
    `CREATE INDEX rm_integrity_alerts_position_idx ON rm_integrity_alerts (position)`,
  ],
  down: [
    `DROP TABLE rm_integrity_alerts`,
    `DROP INDEX rm_integrity_heads_checkpoint_idx`,
    `DROP INDEX rm_integrity_heads_version_idx`,
    `ALTER TABLE rm_integrity_heads DROP COLUMN previous_version, DROP COLUMN previous_hash`,
    `DROP INDEX rm_integrity_checkpoints_sequence_idx`,
    `
      ALTER TABLE rm_integrity_checkpoints DROP COLUMN signature_verifies, DROP COLUMN key_id,
        DROP COLUMN claimed_producer, DROP COLUMN faults`,
  ],
});
