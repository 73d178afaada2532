import { CommandHandler } from '@nestjs/cqrs';
import { StepHandler, StepMessage } from '../../write/step-message';

// One command and one handler per step of this stage; the handler hands the step to the write path.

export class RecordServiceCommand extends StepMessage<'RecordService'> {}
@CommandHandler(RecordServiceCommand)
export class RecordServiceHandler extends StepHandler<'RecordService'> {}

export class RecordReviewCommand extends StepMessage<'RecordReview'> {}
@CommandHandler(RecordReviewCommand)
export class RecordReviewHandler extends StepHandler<'RecordReview'> {}

export class EndPlanCommand extends StepMessage<'EndPlan'> {}
@CommandHandler(EndPlanCommand)
export class EndPlanHandler extends StepHandler<'EndPlan'> {}

/** This stage's steps on the command bus, by command type. */
export const SERVICES_AND_REVIEWS_STEPS = {
  RecordService: RecordServiceCommand,
  RecordReview: RecordReviewCommand,
  EndPlan: EndPlanCommand,
} as const;

export const SERVICES_AND_REVIEWS_HANDLERS = [RecordServiceHandler, RecordReviewHandler, EndPlanHandler];
