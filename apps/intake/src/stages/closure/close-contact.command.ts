import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AuthUser } from '@cp/auth';
import type { Idempotency } from '@cp/event-store';
import { commandMetadata } from '@cp/platform';
import { ContactWriter, type CommandOutcome } from '../../write/contact-writer';
import type { CloseContactDto } from './closure.dto';

/** Close a counselling or information contact (or a report needing no action) with its outcome. */
export class CloseContactCommand extends Command<CommandOutcome> {
  constructor(
    readonly user: AuthUser,
    readonly contactId: string,
    readonly dto: CloseContactDto,
    readonly expectedVersion: number | undefined,
    readonly idempotency?: Idempotency,
  ) {
    super();
  }
}

@CommandHandler(CloseContactCommand)
export class CloseContactHandler implements ICommandHandler<CloseContactCommand> {
  constructor(private readonly writer: ContactWriter) {}

  execute({
    user,
    contactId,
    dto,
    expectedVersion,
    idempotency,
  }: CloseContactCommand): Promise<CommandOutcome> {
    return this.writer.run(
      contactId,
      {
        type: 'CloseContact',
        outcome: dto.outcome,
        note: dto.note ?? null,
        metadata: commandMetadata(user, 'VN'),
      },
      { expectedVersion, idempotency },
    );
  }
}
