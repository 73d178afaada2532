import {
  REPORT_AND_VERIFICATION_HANDLERS,
  REPORT_AND_VERIFICATION_STEPS,
} from '../stages/report-and-verification/report-and-verification.handlers';
import { ASSESSMENT_HANDLERS, ASSESSMENT_STEPS } from '../stages/assessment/assessment.handlers';
import {
  EMERGENCY_AND_SEPARATION_HANDLERS,
  EMERGENCY_AND_SEPARATION_STEPS,
} from '../stages/emergency-and-separation/emergency-and-separation.handlers';
import { PLAN_HANDLERS, PLAN_STEPS } from '../stages/plan/plan.handlers';
import {
  SERVICES_AND_REVIEWS_HANDLERS,
  SERVICES_AND_REVIEWS_STEPS,
} from '../stages/services-and-reviews/services-and-reviews.handlers';
import { POLICE_HANDLERS, POLICE_STEPS } from '../stages/police/police.handlers';
import { TRANSFER_HANDLERS, TRANSFER_STEPS } from '../stages/transfer/transfer.handlers';
import {
  CLOSURE_AND_REOPENING_HANDLERS,
  CLOSURE_AND_REOPENING_STEPS,
} from '../stages/closure-and-reopening/closure-and-reopening.handlers';
import { ERASURE_HANDLERS, ERASURE_STEPS } from '../stages/erasure/erasure.handlers';
import type { HttpStepType, StepMessageClass } from '../write/step-message';

/**
 * The command-bus message of every HTTP step, by command type: a step in STEP_PATHS without its message
 * (and so its handler) does not compile.
 */
export const STEP_MESSAGES = {
  ...REPORT_AND_VERIFICATION_STEPS,
  ...ASSESSMENT_STEPS,
  ...EMERGENCY_AND_SEPARATION_STEPS,
  ...PLAN_STEPS,
  ...SERVICES_AND_REVIEWS_STEPS,
  ...POLICE_STEPS,
  ...TRANSFER_STEPS,
  ...CLOSURE_AND_REOPENING_STEPS,
  ...ERASURE_STEPS,
} as const satisfies { [K in HttpStepType]: StepMessageClass<K> };

/** Every command handler of casework, for the module's providers. */
export const STEP_HANDLERS = [
  ...REPORT_AND_VERIFICATION_HANDLERS,
  ...ASSESSMENT_HANDLERS,
  ...EMERGENCY_AND_SEPARATION_HANDLERS,
  ...PLAN_HANDLERS,
  ...SERVICES_AND_REVIEWS_HANDLERS,
  ...POLICE_HANDLERS,
  ...TRANSFER_HANDLERS,
  ...CLOSURE_AND_REOPENING_HANDLERS,
  ...ERASURE_HANDLERS,
];
