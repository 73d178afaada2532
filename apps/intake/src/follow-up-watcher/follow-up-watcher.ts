import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ConcurrencyError, EventStore } from '@cp/event-store';
import type { Logger } from '@cp/observability';
import { CONFIG, LOGGER, PeriodicTask } from '@cp/platform';
import type { IntakeConfig } from '../config';
import { ContactIndexRebuild } from '../read/contact-index-rebuild';
import {
  RaiseFollowUpAlertCommand,
  RaiseForwardingAlertCommand,
} from '../stages/follow-up/follow-up.commands';

/**
 * Raises, for the hotline supervisor, one alert per report not passed on by its forwarding time ("chuyển
 * ngay", receipt → referral) and one per referral that no commune took up in time (referral → take-up),
 * both by the versioned clock policy (../domain/clock-policy.ts: 2 hours; take-up 30 minutes when urgent).
 * Exactly once: the alert is an event, and a report or referral with an alert is no longer due.
 */
@Injectable()
export class FollowUpWatcher extends PeriodicTask {
  constructor(
    @Inject(CONFIG) private readonly config: IntakeConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly store: EventStore,
    private readonly commands: CommandBus,
    private readonly index: ContactIndexRebuild,
  ) {
    super(config.followUpScanMs, (err) => logger.error({ err }, 'follow-up scan failed; retrying next tick'));
  }

  protected async runOnce(run: number): Promise<void> {
    // The first run recreates the index from the events if it is empty (restores, older databases).
    const rebuilt = run === 0 ? await this.index.rebuild(true) : 0;
    if (rebuilt) this.logger.info({ contacts: rebuilt }, 'contact index rebuilt from the events');
    await this.scan();
  }

  /** One pass; returns the number of alerts raised (reports not passed on, then referrals not taken up). */
  async scan(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.followUpGraceMs).toISOString();
    const late: Array<{ contact_id: string }> = await this.store.sql.query(
      `SELECT contact_id FROM in_contacts
       WHERE forward_by < $1 AND status = 'open' AND forwarding_alert_at IS NULL
       ORDER BY forward_by LIMIT 200`,
      [cutoff],
    );
    let forwarding = 0;
    for (const { contact_id } of late) {
      try {
        if (await this.commands.execute(new RaiseForwardingAlertCommand(contact_id, now))) {
          forwarding++;
          this.logger.info({ contactId: contact_id }, 'report not passed on in time: follow-up alert raised');
        }
      } catch (err) {
        if (!(err instanceof ConcurrencyError)) throw err;
      }
    }
    return forwarding + (await this.scanTakeUp(now));
  }

  private async scanTakeUp(now: Date): Promise<number> {
    const due: Array<{ contact_id: string }> = await this.store.sql.query(
      `SELECT contact_id FROM in_contacts
       WHERE acknowledge_by < $1 AND acknowledged_at IS NULL AND alert_raised_at IS NULL
       ORDER BY acknowledge_by LIMIT 200`,
      [new Date(now.getTime() - this.config.followUpGraceMs).toISOString()],
    );
    let raised = 0;
    for (const { contact_id } of due) {
      try {
        if (await this.commands.execute(new RaiseFollowUpAlertCommand(contact_id, now))) {
          raised++;
          this.logger.info(
            { contactId: contact_id },
            'referral not taken up in time: follow-up alert raised',
          );
        }
      } catch (err) {
        if (!(err instanceof ConcurrencyError)) throw err;
      }
    }
    return raised;
  }
}
