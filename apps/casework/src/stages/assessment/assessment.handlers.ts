import { stepsOnBus } from '../../write/step-message';

/** This stage's steps on the command bus: one message class and one handler per command type. */
const assessment = stepsOnBus('RecordInitialAssessment', 'RecordDetailedAssessment', 'ChangeLevel');

export const ASSESSMENT_STEPS = assessment.steps;
export const ASSESSMENT_HANDLERS = assessment.handlers;
