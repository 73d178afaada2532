import { stepsOnBus } from '../../write/step-message';

/** This stage's steps on the command bus: one message class and one handler per command type. */
const servicesAndReviews = stepsOnBus('RecordService', 'RecordReview', 'EndPlan');

export const SERVICES_AND_REVIEWS_STEPS = servicesAndReviews.steps;
export const SERVICES_AND_REVIEWS_HANDLERS = servicesAndReviews.handlers;
