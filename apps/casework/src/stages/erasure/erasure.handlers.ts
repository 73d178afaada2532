import { stepsOnBus } from '../../write/step-message';

/** This stage's steps on the command bus: one message class and one handler per command type. */
const erasure = stepsOnBus(
  'ErasePersonalData',
  'RequestErasure',
  'ApproveErasure',
  'RejectErasure',
  'PlaceLegalHold',
  'ReleaseLegalHold',
);

export const ERASURE_STEPS = erasure.steps;
export const ERASURE_HANDLERS = erasure.handlers;
