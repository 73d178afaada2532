import { Inject, Injectable } from '@nestjs/common';
import { EventStore } from '@cp/event-store';
import type { Logger } from '@cp/observability';
import type { ServiceConfig } from './config';
import { PeriodicTask } from './periodic';
import { CONFIG, LOGGER } from './tokens';

/** How often expired idempotency keys are forgotten. */
const EVERY_MS = 3_600_000;

/**
 * Idempotency keys expire after IDEMPOTENCY_RETENTION_DAYS (default 7): long enough for a client to retry
 * a request whose answer it lost (a dropped connection, a browser reload), short enough that a key is not
 * kept for ever. Every instance purges; deleting what another instance already deleted is harmless.
 */
@Injectable()
export class IdempotencyPurge extends PeriodicTask {
  constructor(
    @Inject(CONFIG) private readonly config: ServiceConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly store: EventStore,
  ) {
    super(EVERY_MS, (err) =>
      logger.warn({ err }, 'could not purge expired idempotency keys; retrying next hour'),
    );
  }

  protected runOnce(): Promise<number> {
    return this.purge();
  }

  /** Forgets the keys older than the retention period; returns how many. */
  async purge(now = new Date()): Promise<number> {
    const before = new Date(now.getTime() - this.config.idempotencyRetentionDays * 86_400_000);
    const purged = await this.store.purgeIdempotencyKeys(before);
    if (purged > 0) this.logger.info({ purged }, 'expired idempotency keys purged');
    return purged;
  }
}
