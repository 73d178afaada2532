import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * event-sourcing rules 10 and 11: what the application may not change in its own records.
 *
 * - The services connect as a role that may insert and read `es_events`, `es_checkpoints` and
 *   `pd_subject_keys` but not update or delete them (`grantApplicationRole` in libs/platform runs after
 *   the migrations); these triggers refuse it to the owner too, unless the owner disables them.
 * - A subject key is only ever destroyed by an erasure: `pd_erase_subject_keys`, which runs as the owner,
 *   sets the erasure columns of keys that a `PersonalDataErased` event in the store names, and nothing else.
 * - Events are hashed with the time they were recorded from now on (`hash_version` 2, `eventHash`);
 *   events stored before keep scheme 1 (the column is added here to databases created without it).
 * - Checkpoints are signed by the service and carry the faults it found (`key_id`, `signature`, `faults`;
 *   older ones have none).
 * - The session setting that let a session rewrite events (`cp.allow_event_rewrite`) is gone: the
 *   function replaced here no longer reads it.
 */
/** Tables the application's role may insert into and read, never update or delete (event-sourcing rules 10 and 11). */
export const RECORD_TABLES = ['es_events', 'es_checkpoints', 'pd_subject_keys'] as const;

/** What the application's role calls to destroy subject keys (its only way to change `pd_subject_keys`). */
export const ERASE_KEYS_FUNCTION = 'pd_erase_subject_keys(text[], uuid, timestamptz)';

export class RecordProtection1763900000400 implements MigrationInterface {
  name = 'RecordProtection1763900000400';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION es_events_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
      END $$`);
    for (const table of ['es_events', 'es_checkpoints', 'pd_subject_keys']) {
      await q.query(`
        CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION es_events_immutable()`);
    }
    await q.query(`
      CREATE TRIGGER es_checkpoints_no_rewrite BEFORE UPDATE OR DELETE ON es_checkpoints
      FOR EACH ROW EXECUTE FUNCTION es_events_immutable()`);
    await q.query(`
      CREATE FUNCTION pd_subject_keys_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.wrapped_key IS NOT NULL AND NEW.wrapped_key IS NULL
           AND NEW.erased_at IS NOT NULL AND NEW.erasure_id IS NOT NULL
           AND NEW.subject_id = OLD.subject_id AND NEW.generation = OLD.generation
           AND NEW.created_at = OLD.created_at THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'pd_subject_keys: a key is only destroyed by an erasure, never % otherwise', TG_OP;
      END $$`);
    await q.query(`
      CREATE TRIGGER pd_subject_keys_erasure_only BEFORE UPDATE OR DELETE ON pd_subject_keys
      FOR EACH ROW EXECUTE FUNCTION pd_subject_keys_guard()`);
    // Erasure events by erasure id: the erase function and every read of an erased key look one up.
    await q.query(`
      CREATE INDEX es_events_erasure_idx ON es_events ((data->>'erasureId')) WHERE type = 'PersonalDataErased'`);
    await q.query(`
      CREATE FUNCTION pd_erase_subject_keys(p_subjects text[], p_erasure_id uuid, p_erased_at timestamptz)
      RETURNS TABLE (subject_id text, generation integer)
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
      #variable_conflict use_column
      BEGIN
        IF NOT EXISTS (
          SELECT 1 FROM es_events e
          WHERE e.type = 'PersonalDataErased' AND e.data->>'erasureId' = p_erasure_id::text
            AND e.data->'subjects' @> to_jsonb(p_subjects)
        ) THEN
          RAISE EXCEPTION 'no PersonalDataErased event in the store names erasure % of these subjects', p_erasure_id
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN QUERY
          UPDATE pd_subject_keys k SET wrapped_key = NULL, erased_at = p_erased_at, erasure_id = p_erasure_id
          WHERE k.subject_id = ANY (p_subjects) AND k.wrapped_key IS NOT NULL
          RETURNING k.subject_id, k.generation;
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION pd_erase_subject_keys(text[], uuid, timestamptz) FROM PUBLIC`);
    // Databases created since have the column from the start (EventStore1763900000000).
    await q.query(`
      ALTER TABLE es_events ADD COLUMN IF NOT EXISTS hash_version smallint NOT NULL DEFAULT 1
        CONSTRAINT es_events_hash_version_ck CHECK (hash_version IN (1, 2))`);
    await q.query(
      `ALTER TABLE es_checkpoints ADD COLUMN IF NOT EXISTS key_id text, ADD COLUMN IF NOT EXISTS signature text,
         ADD COLUMN IF NOT EXISTS faults jsonb`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION pd_erase_subject_keys(text[], uuid, timestamptz)`);
    await q.query(`DROP INDEX es_events_erasure_idx`);
    await q.query(`DROP TRIGGER pd_subject_keys_erasure_only ON pd_subject_keys`);
    await q.query(`DROP FUNCTION pd_subject_keys_guard()`);
    await q.query(`DROP TRIGGER es_checkpoints_no_rewrite ON es_checkpoints`);
    for (const table of ['es_events', 'es_checkpoints', 'pd_subject_keys']) {
      await q.query(`DROP TRIGGER ${table}_no_truncate ON ${table}`);
    }
  }
}
