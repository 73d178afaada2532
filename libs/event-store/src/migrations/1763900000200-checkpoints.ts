import { sqlMigration } from './sql-migration';

/**
 * event-sourcing rule 10: what this service has published as checkpoints of its stream heads. The
 * publisher compares the heads of today with `es_checkpoint_heads` to publish only what changed, and
 * chains each checkpoint's digest to the previous one kept in `es_checkpoints`.
 */
export const Checkpoints1763900000200 = sqlMigration('Checkpoints1763900000200', {
  up: [
    `
      CREATE TABLE es_checkpoints (
        sequence integer PRIMARY KEY CHECK (sequence > 0),
        producer text NOT NULL,
        at timestamptz NOT NULL,
        -- the heads exactly as published (the digest covers them), and the faults it reported, if any
        heads jsonb NOT NULL,
        faults jsonb,
        previous_digest text NOT NULL,
        digest text NOT NULL UNIQUE,
        -- the id of the outbox message that published it
        event_id uuid NOT NULL UNIQUE,
        -- the service's Ed25519 signature of the digest, and which key made it (checkpoint-signing.ts)
        key_id text,
        signature text,
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`,
    `
      CREATE TABLE es_checkpoint_heads (
        stream_id text PRIMARY KEY,
        version integer NOT NULL,
        hash text NOT NULL,
        sequence integer NOT NULL REFERENCES es_checkpoints (sequence)
      )`,
  ],
  down: [`DROP TABLE es_checkpoint_heads`, `DROP TABLE es_checkpoints`],
});
