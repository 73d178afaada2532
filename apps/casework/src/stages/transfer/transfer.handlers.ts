import { CommandHandler } from '@nestjs/cqrs';
import { StepHandler, StepMessage } from '../../write/step-message';

// One command and one handler per step of this stage; the handler hands the step to the write path.

export class RequestTransferCommand extends StepMessage<'RequestTransfer'> {}
@CommandHandler(RequestTransferCommand)
export class RequestTransferHandler extends StepHandler<'RequestTransfer'> {}

export class AcceptTransferCommand extends StepMessage<'AcceptTransfer'> {}
@CommandHandler(AcceptTransferCommand)
export class AcceptTransferHandler extends StepHandler<'AcceptTransfer'> {}

export class DeclineTransferCommand extends StepMessage<'DeclineTransfer'> {}
@CommandHandler(DeclineTransferCommand)
export class DeclineTransferHandler extends StepHandler<'DeclineTransfer'> {}

/** This stage's steps on the command bus, by command type. */
export const TRANSFER_STEPS = {
  RequestTransfer: RequestTransferCommand,
  AcceptTransfer: AcceptTransferCommand,
  DeclineTransfer: DeclineTransferCommand,
} as const;

export const TRANSFER_HANDLERS = [RequestTransferHandler, AcceptTransferHandler, DeclineTransferHandler];
