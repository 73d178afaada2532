import { sqlMigration } from '@cp/event-store';

/**
 * The checkpoints intake and casework publish (event-sourcing rule 10), as received: each one's digest
 * chain link and whether its digest recomputes, and the stream heads it published, by stream, so a case's
 * copied chain can be compared with every head published for it. Stream ids and hashes only.
 */
export const IntegrityCheckpoints1763900002900 = sqlMigration('IntegrityCheckpoints1763900002900', {
  up: [
    `
      CREATE TABLE rm_integrity_checkpoints (
        event_id uuid PRIMARY KEY,
        producer text NOT NULL,
        sequence integer NOT NULL,
        at timestamptz NOT NULL,
        previous_digest text NOT NULL,
        digest text NOT NULL,
        digest_verifies boolean NOT NULL,
        heads_count integer NOT NULL,
        received_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        -- the order of arrival (a listing shows the latest first)
        position bigserial NOT NULL,
        CONSTRAINT rm_integrity_checkpoints_digest_uq UNIQUE (producer, digest)
      )`,
    `CREATE INDEX rm_integrity_checkpoints_parent_idx ON rm_integrity_checkpoints (producer, previous_digest)`,
    `CREATE INDEX rm_integrity_checkpoints_position_idx ON rm_integrity_checkpoints (position)`,
    `
      CREATE TABLE rm_integrity_heads (
        stream_id text NOT NULL,
        checkpoint_event_id uuid NOT NULL REFERENCES rm_integrity_checkpoints (event_id),
        version integer NOT NULL,
        hash text NOT NULL,
        PRIMARY KEY (stream_id, checkpoint_event_id)
      )`,
  ],
  down: [`DROP TABLE rm_integrity_heads`, `DROP TABLE rm_integrity_checkpoints`],
});
