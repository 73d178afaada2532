import { Inject, Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Logger } from '@cp/observability';
import { PeriodicTask } from './periodic';
import { LOGGER } from './tokens';

/** How often the windows that have ended are deleted. */
const PURGE_EVERY_MS = 60_000;

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * One hit, counted atomically in the window that holds the database's clock: windows are aligned to
 * multiples of the ttl (whole minutes for the services' limit), so every instance counts in the same
 * window whatever its own clock says. Returns the window's count and the seconds left in it.
 */
const HIT = `
  INSERT INTO rate_limit_windows AS w (key, window_ends, hits)
  VALUES ($1, to_timestamp((floor(extract(epoch FROM clock_timestamp()) * 1000 / $2::numeric) + 1) * $2::numeric / 1000), 1)
  ON CONFLICT (key, window_ends) DO UPDATE SET hits = w.hits + 1
  RETURNING w.hits, extract(epoch FROM w.window_ends - clock_timestamp())::float8 AS seconds_left`;

/**
 * @nestjs/throttler's storage in the service's PostgreSQL database, shared by all its instances: N instances
 * behind a load balancer together allow the limit, not N times it (an in-memory count is per instance).
 * One statement per request; ended windows are purged every minute by every instance (deleting what another
 * already deleted is harmless). Keys are stored as SHA-256 digests: no user id or client address is kept.
 * Fixed windows, no blocking period: `blockDuration` is not used.
 */
@Injectable()
export class PostgresThrottlerStorage extends PeriodicTask implements ThrottlerStorage {
  constructor(
    private readonly db: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    super(PURGE_EVERY_MS, (err) =>
      logger.warn({ err }, 'could not purge ended rate-limit windows; retrying in a minute'),
    );
  }

  async increment(key: string, ttl: number): Promise<ThrottlerStorageRecord> {
    const digest = createHash('sha256').update(key).digest('base64url');
    const [row] = await this.db.query<Array<{ hits: number; seconds_left: number }>>(HIT, [digest, ttl]);
    return {
      totalHits: row.hits,
      timeToExpire: Math.max(0, Math.ceil(row.seconds_left)),
      isBlocked: false,
      timeToBlockExpire: 0,
    };
  }

  /** Deletes the windows that have ended; returns how many. */
  async purge(): Promise<number> {
    const [, deleted] = await this.db.query<[unknown, number]>(
      `DELETE FROM rate_limit_windows WHERE window_ends < clock_timestamp()`,
    );
    return deleted;
  }

  protected runOnce(): Promise<number> {
    return this.purge();
  }
}
