import { CommandHandler } from '@nestjs/cqrs';
import { StepHandler, StepMessage } from '../../write/step-message';

// One command and one handler per step of this stage; the handler hands the step to the write path.

export class CloseCaseCommand extends StepMessage<'CloseCase'> {}
@CommandHandler(CloseCaseCommand)
export class CloseCaseHandler extends StepHandler<'CloseCase'> {}

export class ReopenCaseCommand extends StepMessage<'ReopenCase'> {}
@CommandHandler(ReopenCaseCommand)
export class ReopenCaseHandler extends StepHandler<'ReopenCase'> {}

/** This stage's steps on the command bus, by command type. */
export const CLOSURE_AND_REOPENING_STEPS = {
  CloseCase: CloseCaseCommand,
  ReopenCase: ReopenCaseCommand,
} as const;

export const CLOSURE_AND_REOPENING_HANDLERS = [CloseCaseHandler, ReopenCaseHandler];
