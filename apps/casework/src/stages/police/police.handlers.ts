import { stepsOnBus } from '../../write/step-message';

/** This stage's steps on the command bus: one message class and one handler per command type. */
const police = stepsOnBus('NotifyPolice', 'RecordCriminalOutcome');

export const POLICE_STEPS = police.steps;
export const POLICE_HANDLERS = police.handlers;
