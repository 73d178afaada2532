import { sqlMigration } from './sql-migration';

/**
 * Idempotency keys used to keep the decided state and the answer of their command — a contact's reporter
 * and child names, every narrative of a case — in clear, and never erased. From now on a key keeps only the
 * version the command left the stream at, the request's digest and the outcome (`IdempotencyRecord`); a
 * replay reads the record again. The rows already written are scrubbed here, and the table is rebuilt
 * rather than updated in place: an UPDATE leaves the old row versions in the table's pages until they are
 * overwritten, while a new table leaves nothing of them in the database's files (the write-ahead log and
 * backups age out on their own schedule: docs/privacy.md).
 */
export const IdempotencyScrub1763900000500 = sqlMigration('IdempotencyScrub1763900000500', {
  up: [
    `CREATE TABLE es_idempotency_scrubbed (LIKE es_idempotency INCLUDING ALL)`,
    `
      INSERT INTO es_idempotency_scrubbed (idempotency_key, stream_id, result, created_at)
      SELECT idempotency_key, stream_id,
             jsonb_build_object('version', (result->>'version')::int, 'fingerprint', result->'fingerprint',
                                'status', 'appended'),
             created_at
      FROM es_idempotency`,
    `DROP TABLE es_idempotency`,
    `ALTER TABLE es_idempotency_scrubbed RENAME TO es_idempotency`,
    `ALTER INDEX es_idempotency_scrubbed_pkey RENAME TO es_idempotency_pkey`,
    // Keys expire (IDEMPOTENCY_RETENTION_DAYS): the purge finds them by age.
    `CREATE INDEX es_idempotency_created_idx ON es_idempotency (created_at)`,
  ],
  down: [`DROP INDEX es_idempotency_created_idx`],
});
