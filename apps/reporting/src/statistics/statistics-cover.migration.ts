import { sqlMigration } from '@cp/event-store';

/**
 * Statistics read a period's facts of some kinds: one index ordered by (fact, time) that carries every
 * column an indicator reads answers them without visiting the table (an index-only scan of a contiguous
 * range instead of scattered rows). It replaces the plain (fact, time) index.
 */
export const StatisticsCover1763900003100 = sqlMigration('StatisticsCover1763900003100', {
  up: [
    `DROP INDEX rm_stat_facts_time_idx`,
    `
      CREATE INDEX rm_stat_facts_cover_idx ON rm_stat_facts (fact, occurred_at)
      INCLUDE (child_key, case_id, contact_id, recorded_at, excluded_from, commune_code, province_code, sex,
        age_years, setting, form, category, abused, level, channel, purpose, issue, deadline_kind, outcome,
        event_id, seq)`,
  ],
  down: [
    `DROP INDEX rm_stat_facts_cover_idx`,
    `CREATE INDEX rm_stat_facts_time_idx ON rm_stat_facts (fact, occurred_at)`,
  ],
});
