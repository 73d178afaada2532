import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConcurrencyError, EventStore } from '@cp/event-store';
import { Metrics, type Logger } from '@cp/observability';
import { CONFIG, LOGGER } from '@cp/platform';
import type { CaseworkConfig } from '../config';
import { CasesService } from './cases.service';

/**
 * Reports each deadline that passes without its step, once: every few seconds it takes the cases whose
 * earliest open deadline is past (from cw_case_index) and records DeadlineMissed on them. Exactly once
 * holds across restarts and instances because the fact is an event: a deadline already reported is no
 * longer open, and two instances racing on one case meet the event store's version check.
 */
@Injectable()
export class DeadlineWatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    @Inject(CONFIG) private readonly config: CaseworkConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly store: EventStore,
    private readonly cases: CasesService,
    private readonly metrics: Metrics,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.deadlineScanMs) return;
    let first = true;
    const tick = () => {
      const indexed = first ? this.cases.rebuildIndex(true) : Promise.resolve(0);
      first = false;
      this.running = indexed
        .then((n) => {
          if (n) this.logger.info({ cases: n }, 'case index rebuilt from the events');
          return this.scan();
        })
        .then(() => undefined)
        .catch((err: unknown) => this.logger.error({ err }, 'deadline scan failed; retrying next tick'))
        .finally(() => {
          this.running = null;
          if (this.timer) this.timer = setTimeout(tick, this.config.deadlineScanMs);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pass; returns the number of DeadlineMissed events recorded. */
  async scan(now = new Date()): Promise<number> {
    const due: Array<{ case_id: string }> = await this.store.sql.query(
      `SELECT case_id FROM cw_case_index WHERE next_due_at < $1 ORDER BY next_due_at LIMIT 200`,
      [now.toISOString()],
    );
    let reported = 0;
    for (const { case_id } of due) {
      try {
        const kinds = await this.cases.markMissed(case_id, now);
        reported += kinds.length;
        for (const kind of kinds) this.metrics.deadlinesMissed.inc({ kind });
        if (kinds.length) this.logger.info({ caseId: case_id, missed: kinds }, 'deadline missed');
      } catch (err) {
        if (!(err instanceof ConcurrencyError)) throw err;
        // The case changed meanwhile (a step, or another instance's watcher): look again next tick.
      }
    }
    return reported;
  }
}
