import { CommandHandler } from '@nestjs/cqrs';
import { StepHandler, StepMessage } from '../../write/step-message';

// One command and one handler per step of this stage; the handler hands the step to the write path.

export class ErasePersonalDataCommand extends StepMessage<'ErasePersonalData'> {}
@CommandHandler(ErasePersonalDataCommand)
export class ErasePersonalDataHandler extends StepHandler<'ErasePersonalData'> {}

export class RequestErasureCommand extends StepMessage<'RequestErasure'> {}
@CommandHandler(RequestErasureCommand)
export class RequestErasureHandler extends StepHandler<'RequestErasure'> {}

export class ApproveErasureCommand extends StepMessage<'ApproveErasure'> {}
@CommandHandler(ApproveErasureCommand)
export class ApproveErasureHandler extends StepHandler<'ApproveErasure'> {}

export class RejectErasureCommand extends StepMessage<'RejectErasure'> {}
@CommandHandler(RejectErasureCommand)
export class RejectErasureHandler extends StepHandler<'RejectErasure'> {}

export class PlaceLegalHoldCommand extends StepMessage<'PlaceLegalHold'> {}
@CommandHandler(PlaceLegalHoldCommand)
export class PlaceLegalHoldHandler extends StepHandler<'PlaceLegalHold'> {}

export class ReleaseLegalHoldCommand extends StepMessage<'ReleaseLegalHold'> {}
@CommandHandler(ReleaseLegalHoldCommand)
export class ReleaseLegalHoldHandler extends StepHandler<'ReleaseLegalHold'> {}

/** This stage's steps on the command bus, by command type. */
export const ERASURE_STEPS = {
  ErasePersonalData: ErasePersonalDataCommand,
  RequestErasure: RequestErasureCommand,
  ApproveErasure: ApproveErasureCommand,
  RejectErasure: RejectErasureCommand,
  PlaceLegalHold: PlaceLegalHoldCommand,
  ReleaseLegalHold: ReleaseLegalHoldCommand,
} as const;

export const ERASURE_HANDLERS = [
  ErasePersonalDataHandler,
  RequestErasureHandler,
  ApproveErasureHandler,
  RejectErasureHandler,
  PlaceLegalHoldHandler,
  ReleaseLegalHoldHandler,
];
