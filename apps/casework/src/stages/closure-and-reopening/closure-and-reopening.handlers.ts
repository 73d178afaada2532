import { stepsOnBus } from '../../write/step-message';

/** This stage's steps on the command bus: one message class and one handler per command type. */
const closureAndReopening = stepsOnBus('CloseCase', 'ReopenCase');

export const CLOSURE_AND_REOPENING_STEPS = closureAndReopening.steps;
export const CLOSURE_AND_REOPENING_HANDLERS = closureAndReopening.handlers;
