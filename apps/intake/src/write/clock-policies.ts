import { Inject, Injectable } from '@nestjs/common';
import { CONFIG } from '@cp/platform';
import type { IntakeConfig } from '../config';
import {
  HOTLINE_CLOCK_POLICIES,
  clockPolicyAt,
  withDevelopmentOverride,
  type HotlineClockPolicy,
} from '../domain/clock-policy';

/** The hotline's clock policies as this deployment applies them (a development override shortens them). */
@Injectable()
export class ClockPolicies {
  constructor(@Inject(CONFIG) private readonly config: IntakeConfig) {}

  /** The hotline's clock policy in force at `at` (a development override shortens it for tests). */
  at(at: string): HotlineClockPolicy {
    return withDevelopmentOverride(clockPolicyAt(at), this.config.clockOverride);
  }

  /** Every version of the hotline's clock policy, and the one in force now (with a development override). */
  all() {
    return {
      versions: HOTLINE_CLOCK_POLICIES,
      inForce: this.at(new Date().toISOString()),
      developmentOverride: this.config.clockOverride,
    };
  }
}
