import { Inject, Injectable } from '@nestjs/common';
import { ConcurrencyError, EventStore } from '@cp/event-store';
import { Metrics, type Logger } from '@cp/observability';
import { CONFIG, LOGGER, PeriodicTask } from '@cp/platform';
import type { CaseworkConfig } from '../config';
import { CaseReader } from '../read/case-reader';
import { CaseWriter } from '../write/case-writer';

/**
 * Reports each deadline that passes without its step, once: every few seconds it takes the cases whose
 * earliest open deadline is past (from cw_case_index) and records DeadlineMissed on them. Exactly once
 * holds across restarts and instances because the fact is an event: a deadline already reported is no
 * longer open, and two instances racing on one case meet the event store's version check.
 */
@Injectable()
export class DeadlineWatcher extends PeriodicTask {
  constructor(
    @Inject(CONFIG) private readonly config: CaseworkConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly store: EventStore,
    private readonly writer: CaseWriter,
    private readonly reader: CaseReader,
    private readonly metrics: Metrics,
  ) {
    super(config.deadlineScanMs, (err) => logger.error({ err }, 'deadline scan failed; retrying next tick'));
  }

  protected async runOnce(run: number): Promise<void> {
    // The first run recreates the index from the events if it is empty (restores, older databases).
    const rebuilt = run === 0 ? await this.reader.rebuildIndex(true) : 0;
    if (rebuilt) this.logger.info({ cases: rebuilt }, 'case index rebuilt from the events');
    await this.scan();
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
        const kinds = await this.writer.markMissed(case_id, now);
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
