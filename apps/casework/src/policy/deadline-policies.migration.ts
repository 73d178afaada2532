import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deadline policies and calendar overrides. Both are append-only: a deadline on a case names the policy
 * version and calendar that produced it, so neither may change afterwards. A policy is superseded by a
 * newer one, an override by a later row for the same date (`cleared` withdraws it).
 */
export class DeadlinePolicies1763900002000 implements MigrationInterface {
  name = 'DeadlinePolicies1763900002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE cw_deadline_policies (
        version text PRIMARY KEY,
        scope text NOT NULL CHECK (scope ~ '^(VN|[0-9]{2}|[0-9]{5})$'),
        effective_from timestamptz NOT NULL,
        "values" jsonb NOT NULL CHECK (jsonb_typeof("values") = 'object'),
        reason text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX cw_deadline_policies_scope_idx ON cw_deadline_policies (scope, effective_from)`,
    );
    await q.query(`
      CREATE TABLE cw_calendar_overrides (
        id bigserial PRIMARY KEY,
        date date NOT NULL,
        kind text NOT NULL CHECK (kind IN ('day_off', 'working_day', 'cleared')),
        name text NOT NULL,
        source text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // The latest row of a date is the one in force.
    await q.query(`CREATE INDEX cw_calendar_overrides_date_idx ON cw_calendar_overrides (date, id)`);
    // As for es_events: UPDATE, DELETE and TRUNCATE are refused (a superuser can still drop the trigger).
    await q.query(`
      CREATE FUNCTION cw_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: add a new row instead', TG_TABLE_NAME;
      END $$`);
    for (const table of ['cw_deadline_policies', 'cw_calendar_overrides']) {
      await q.query(`
        CREATE TRIGGER ${table}_no_rewrite BEFORE UPDATE OR DELETE ON ${table}
        FOR EACH ROW EXECUTE FUNCTION cw_append_only()`);
      await q.query(`
        CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table}
        FOR EACH STATEMENT EXECUTE FUNCTION cw_append_only()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE cw_calendar_overrides`);
    await q.query(`DROP TABLE cw_deadline_policies`);
    await q.query(`DROP FUNCTION cw_append_only`);
  }
}
