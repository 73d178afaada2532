import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import type { CommandMetadata, ErasureBasis, ErasureCascadeV1 } from '@cp/contracts';
import type { ContactCommand } from '../../domain/contact.commands';
import { ContactWriter, type CommandOutcome, type WriteOptions } from '../../write/contact-writer';

/** What is asked to be erased: at the hotline (no `viaCaseId`), or what a case's erasure reaches. */
export interface ErasureRequest {
  basis: ErasureBasis;
  reference: string | null;
  viaCaseId?: string | null;
  cascade?: ErasureCascadeV1 | null;
}

/** The domain command of an erasure request (a new erasure id each time). */
export function erasureCommand(request: ErasureRequest, metadata: CommandMetadata): ContactCommand {
  return {
    type: 'ErasePersonalData',
    erasureId: randomUUID(),
    basis: request.basis,
    reference: request.reference,
    viaCaseId: request.viaCaseId ?? null,
    cascade: request.cascade
      ? {
          childRefs: request.cascade.childRefs,
          narrative: request.cascade.narrative,
          reporter: request.cascade.reporter,
        }
      : null,
    metadata,
  };
}

/**
 * Erases the contact's personal data: PersonalDataErased, whose append destroys the keys of the
 * contact's data subjects in the same transaction (the event store's rule), and the contact's index
 * entry rewritten without them. Asked at the hotline (`viaCaseId` absent) or after a case's erasure.
 */
export class EraseContactCommand extends Command<CommandOutcome> {
  constructor(
    readonly contactId: string,
    readonly request: ErasureRequest,
    readonly metadata: CommandMetadata,
    readonly opts: Pick<WriteOptions, 'expectedVersion' | 'idempotency' | 'sql'> = {},
  ) {
    super();
  }
}

@CommandHandler(EraseContactCommand)
export class EraseContactHandler implements ICommandHandler<EraseContactCommand> {
  constructor(private readonly writer: ContactWriter) {}

  execute({ contactId, request, metadata, opts }: EraseContactCommand): Promise<CommandOutcome> {
    return this.writer.run(contactId, erasureCommand(request, metadata), opts);
  }
}
