import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import type { CommandMetadata } from '@cp/contracts';
import { ContactWriter } from '../../write/contact-writer';

/** The follow-up watcher's metadata: the service acts, at the time of its scan. */
function systemMetadata(now: Date): CommandMetadata {
  return {
    commandId: randomUUID(),
    correlationId: randomUUID(),
    causationId: null,
    actor: { id: 'system:follow-up', roles: ['system'], unit: 'VN' },
    now: now.toISOString(),
  };
}

/** The follow-up watcher's command for a report not passed on in time; answers whether it alerted. */
export class RaiseForwardingAlertCommand extends Command<boolean> {
  constructor(
    readonly contactId: string,
    readonly now = new Date(),
  ) {
    super();
  }
}

/** The follow-up watcher's command for a referral not taken up in time; answers whether it alerted. */
export class RaiseFollowUpAlertCommand extends Command<boolean> {
  constructor(
    readonly contactId: string,
    readonly now = new Date(),
  ) {
    super();
  }
}

@CommandHandler(RaiseForwardingAlertCommand)
export class RaiseForwardingAlertHandler implements ICommandHandler<RaiseForwardingAlertCommand> {
  constructor(private readonly writer: ContactWriter) {}

  async execute({ contactId, now }: RaiseForwardingAlertCommand): Promise<boolean> {
    const metadata = systemMetadata(now);
    const { appended } = await this.writer.run(contactId, { type: 'RaiseForwardingAlert', metadata }, {});
    return appended > 0;
  }
}

@CommandHandler(RaiseFollowUpAlertCommand)
export class RaiseFollowUpAlertHandler implements ICommandHandler<RaiseFollowUpAlertCommand> {
  constructor(private readonly writer: ContactWriter) {}

  async execute({ contactId, now }: RaiseFollowUpAlertCommand): Promise<boolean> {
    const metadata = systemMetadata(now);
    // The decider appends nothing when the alert is already raised or the referral was taken up.
    const { appended } = await this.writer.run(contactId, { type: 'RaiseFollowUpAlert', metadata }, {});
    return appended > 0;
  }
}
