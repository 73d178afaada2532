import { sqlMigration } from '@cp/event-store';

/**
 * Statistics read model: facts derived from events (no names), what it remembers per case, and the
 * indicator definitions (data: an admin adds an indicator without a release).
 */
export const Statistics1763900003000 = sqlMigration('Statistics1763900003000', {
  up: [
    `
      CREATE TABLE rm_stat_cases (
        case_id uuid PRIMARY KEY,
        version integer NOT NULL,
        state jsonb NOT NULL
      )`,
    `
      CREATE TABLE rm_stat_facts (
        event_id uuid NOT NULL,
        seq smallint NOT NULL,
        fact text NOT NULL,
        child_key text,
        case_id uuid,
        contact_id uuid,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL,
        excluded_from timestamptz,
        commune_code text,
        province_code text,
        sex text,
        age_years smallint,
        setting text,
        form text,
        category text,
        abused boolean,
        level text,
        channel text,
        purpose text,
        issue text,
        deadline_kind text,
        outcome text,
        PRIMARY KEY (event_id, seq)
      )`,
    `CREATE INDEX rm_stat_facts_time_idx ON rm_stat_facts (fact, occurred_at)`,
    `CREATE INDEX rm_stat_facts_province_idx ON rm_stat_facts (province_code, fact, occurred_at)`,
    `CREATE INDEX rm_stat_facts_commune_idx ON rm_stat_facts (commune_code, fact, occurred_at)`,
    `CREATE INDEX rm_stat_facts_case_idx ON rm_stat_facts (case_id)`,
    `
      CREATE TABLE rm_indicators (
        code text PRIMARY KEY,
        definition jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL
      )`,
  ],
  down: [`DROP TABLE rm_indicators`, `DROP TABLE rm_stat_facts`, `DROP TABLE rm_stat_cases`],
});
