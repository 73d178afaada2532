import { CommandHandler } from '@nestjs/cqrs';
import { StepHandler, StepMessage } from '../../write/step-message';

// One command and one handler per step of this stage; the handler hands the step to the write path.

export class RecordInitialAssessmentCommand extends StepMessage<'RecordInitialAssessment'> {}
@CommandHandler(RecordInitialAssessmentCommand)
export class RecordInitialAssessmentHandler extends StepHandler<'RecordInitialAssessment'> {}

export class RecordDetailedAssessmentCommand extends StepMessage<'RecordDetailedAssessment'> {}
@CommandHandler(RecordDetailedAssessmentCommand)
export class RecordDetailedAssessmentHandler extends StepHandler<'RecordDetailedAssessment'> {}

export class ChangeLevelCommand extends StepMessage<'ChangeLevel'> {}
@CommandHandler(ChangeLevelCommand)
export class ChangeLevelHandler extends StepHandler<'ChangeLevel'> {}

/** This stage's steps on the command bus, by command type. */
export const ASSESSMENT_STEPS = {
  RecordInitialAssessment: RecordInitialAssessmentCommand,
  RecordDetailedAssessment: RecordDetailedAssessmentCommand,
  ChangeLevel: ChangeLevelCommand,
} as const;

export const ASSESSMENT_HANDLERS = [
  RecordInitialAssessmentHandler,
  RecordDetailedAssessmentHandler,
  ChangeLevelHandler,
];
