import { CommandHandler } from '@nestjs/cqrs';
import { StepHandler, StepMessage } from '../../write/step-message';

// One command and one handler per step of this stage; the handler hands the step to the write path.

export class NotifyPoliceCommand extends StepMessage<'NotifyPolice'> {}
@CommandHandler(NotifyPoliceCommand)
export class NotifyPoliceHandler extends StepHandler<'NotifyPolice'> {}

export class RecordCriminalOutcomeCommand extends StepMessage<'RecordCriminalOutcome'> {}
@CommandHandler(RecordCriminalOutcomeCommand)
export class RecordCriminalOutcomeHandler extends StepHandler<'RecordCriminalOutcome'> {}

/** This stage's steps on the command bus, by command type. */
export const POLICE_STEPS = {
  NotifyPolice: NotifyPoliceCommand,
  RecordCriminalOutcome: RecordCriminalOutcomeCommand,
} as const;

export const POLICE_HANDLERS = [NotifyPoliceHandler, RecordCriminalOutcomeHandler];
