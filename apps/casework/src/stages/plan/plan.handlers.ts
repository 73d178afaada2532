import { stepsOnBus } from '../../write/step-message';

/** This stage's steps on the command bus: one message class and one handler per command type. */
const plan = stepsOnBus('RecordNeedsMeeting', 'DraftPlan', 'SubmitPlan', 'DecidePlan');

export const PLAN_STEPS = plan.steps;
export const PLAN_HANDLERS = plan.handlers;
