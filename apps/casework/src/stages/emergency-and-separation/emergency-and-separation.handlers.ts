import { CommandHandler } from '@nestjs/cqrs';
import { StepHandler, StepMessage } from '../../write/step-message';

// One command and one handler per step of this stage; the handler hands the step to the write path.

export class TakeEmergencyMeasuresCommand extends StepMessage<'TakeEmergencyMeasures'> {}
@CommandHandler(TakeEmergencyMeasuresCommand)
export class TakeEmergencyMeasuresHandler extends StepHandler<'TakeEmergencyMeasures'> {}

export class DecideSeparationCommand extends StepMessage<'DecideSeparation'> {}
@CommandHandler(DecideSeparationCommand)
export class DecideSeparationHandler extends StepHandler<'DecideSeparation'> {}

export class ExtendSeparationCommand extends StepMessage<'ExtendSeparation'> {}
@CommandHandler(ExtendSeparationCommand)
export class ExtendSeparationHandler extends StepHandler<'ExtendSeparation'> {}

export class RevokeSeparationCommand extends StepMessage<'RevokeSeparation'> {}
@CommandHandler(RevokeSeparationCommand)
export class RevokeSeparationHandler extends StepHandler<'RevokeSeparation'> {}

/** This stage's steps on the command bus, by command type. */
export const EMERGENCY_AND_SEPARATION_STEPS = {
  TakeEmergencyMeasures: TakeEmergencyMeasuresCommand,
  DecideSeparation: DecideSeparationCommand,
  ExtendSeparation: ExtendSeparationCommand,
  RevokeSeparation: RevokeSeparationCommand,
} as const;

export const EMERGENCY_AND_SEPARATION_HANDLERS = [
  TakeEmergencyMeasuresHandler,
  DecideSeparationHandler,
  ExtendSeparationHandler,
  RevokeSeparationHandler,
];
