import { CommandHandler } from '@nestjs/cqrs';
import { StepHandler, StepMessage } from '../../write/step-message';

// One command and one handler per step of this stage; the handler hands the step to the write path.

export class RecordNeedsMeetingCommand extends StepMessage<'RecordNeedsMeeting'> {}
@CommandHandler(RecordNeedsMeetingCommand)
export class RecordNeedsMeetingHandler extends StepHandler<'RecordNeedsMeeting'> {}

export class DraftPlanCommand extends StepMessage<'DraftPlan'> {}
@CommandHandler(DraftPlanCommand)
export class DraftPlanHandler extends StepHandler<'DraftPlan'> {}

export class SubmitPlanCommand extends StepMessage<'SubmitPlan'> {}
@CommandHandler(SubmitPlanCommand)
export class SubmitPlanHandler extends StepHandler<'SubmitPlan'> {}

export class DecidePlanCommand extends StepMessage<'DecidePlan'> {}
@CommandHandler(DecidePlanCommand)
export class DecidePlanHandler extends StepHandler<'DecidePlan'> {}

/** This stage's steps on the command bus, by command type. */
export const PLAN_STEPS = {
  RecordNeedsMeeting: RecordNeedsMeetingCommand,
  DraftPlan: DraftPlanCommand,
  SubmitPlan: SubmitPlanCommand,
  DecidePlan: DecidePlanCommand,
} as const;

export const PLAN_HANDLERS = [
  RecordNeedsMeetingHandler,
  DraftPlanHandler,
  SubmitPlanHandler,
  DecidePlanHandler,
];
