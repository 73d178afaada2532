import { sqlMigration } from '@cp/event-store';

/**
 * The rate limit's counters, shared by every instance of a service (`PostgresThrottlerStorage`): one row per
 * key (a digest of the user or client address) and window. UNLOGGED: the counts live for a minute, so they
 * need no write-ahead log, and losing them in a crash only gives everyone a fresh minute. The application
 * role reads and writes it like its other mutable tables (`grantApplicationRole`).
 */
export const RateLimits1763900000600 = sqlMigration('RateLimits1763900000600', {
  up: [
    `
      CREATE UNLOGGED TABLE rate_limit_windows (
        key text NOT NULL,
        window_ends timestamptz NOT NULL,
        hits integer NOT NULL,
        PRIMARY KEY (key, window_ends)
      )`,
  ],
  down: [`DROP TABLE rate_limit_windows`],
});
