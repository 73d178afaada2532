import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The checkpoints intake and casework publish (event-sourcing rule 10), as received: each one's digest
 * chain link and whether its digest recomputes, and the stream heads it published, by stream, so a case's
 * copied chain can be compared with every head published for it. Stream ids and hashes only.
 */
export class IntegrityCheckpoints1763900002900 implements MigrationInterface {
  name = 'IntegrityCheckpoints1763900002900';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
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
      )`);
    await q.query(
      `CREATE INDEX rm_integrity_checkpoints_parent_idx ON rm_integrity_checkpoints (producer, previous_digest)`,
    );
    await q.query(
      `CREATE INDEX rm_integrity_checkpoints_position_idx ON rm_integrity_checkpoints (position)`,
    );
    await q.query(`
      CREATE TABLE rm_integrity_heads (
        stream_id text NOT NULL,
        checkpoint_event_id uuid NOT NULL REFERENCES rm_integrity_checkpoints (event_id),
        version integer NOT NULL,
        hash text NOT NULL,
        PRIMARY KEY (stream_id, checkpoint_event_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rm_integrity_heads`);
    await q.query(`DROP TABLE rm_integrity_checkpoints`);
  }
}
