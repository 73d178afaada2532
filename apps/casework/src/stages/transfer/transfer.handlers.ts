import { stepsOnBus } from '../../write/step-message';

/** This stage's steps on the command bus: one message class and one handler per command type. */
const transfer = stepsOnBus('RequestTransfer', 'AcceptTransfer', 'DeclineTransfer');

export const TRANSFER_STEPS = transfer.steps;
export const TRANSFER_HANDLERS = transfer.handlers;
