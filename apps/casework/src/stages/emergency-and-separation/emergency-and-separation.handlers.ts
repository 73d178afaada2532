import { stepsOnBus } from '../../write/step-message';

/** This stage's steps on the command bus: one message class and one handler per command type. */
const emergencyAndSeparation = stepsOnBus(
  'TakeEmergencyMeasures',
  'DecideSeparation',
  'ExtendSeparation',
  'RevokeSeparation',
);

export const EMERGENCY_AND_SEPARATION_STEPS = emergencyAndSeparation.steps;
export const EMERGENCY_AND_SEPARATION_HANDLERS = emergencyAndSeparation.handlers;
