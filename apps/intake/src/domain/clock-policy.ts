/**
 * The hotline's two clocks, as versioned policy (the law says "ngay", immediately, and fixes no hours;
 * docs/hotline-intake.md). Like casework's deadline policies, every clock a contact carries records the version
 * that set it, so a supervisor or an inspector sees the rule that applied at the time.
 *
 * - forwarding ("chuyển ngay", Decree 56 Art. 26.1): from the report's receipt to its referral;
 * - take-up: from the referral to the commune's acknowledgement (a worker assigned), shorter when urgent.
 */
export interface HotlineClockPolicy {
  /** Unique, human-readable: `hotline-clocks@<effective date>`. */
  version: string;
  /** From when the policy applies (a report is timed by the policy in force when it was received). */
  effectiveFrom: string;
  forwardingMinutes: number;
  takeUpMinutes: number;
  urgentTakeUpMinutes: number;
}

/** The policies in force, oldest first. A new version is added here, never edited in place. */
export const HOTLINE_CLOCK_POLICIES: readonly HotlineClockPolicy[] = [
  {
    version: 'hotline-clocks@2017-07-01',
    // Decree 56/2017 in force.
    effectiveFrom: '2017-07-01T00:00:00+07:00',
    forwardingMinutes: 120,
    takeUpMinutes: 120,
    urgentTakeUpMinutes: 30,
  },
];

/** The policy in force at `at` (the latest whose effective date is not after it; the first before any). */
export function clockPolicyAt(
  at: string,
  policies: readonly HotlineClockPolicy[] = HOTLINE_CLOCK_POLICIES,
): HotlineClockPolicy {
  const t = Date.parse(at);
  let found = policies[0];
  for (const p of policies) if (Date.parse(p.effectiveFrom) <= t) found = p;
  return found;
}

/**
 * Development only (CP_DEVELOPMENT=1): short clocks so that tests and benchmarks need not wait two hours.
 * The version names the override, so a contact timed by it is recognisable as a test's.
 */
export function withDevelopmentOverride(
  policy: HotlineClockPolicy,
  override: Partial<
    Pick<HotlineClockPolicy, 'forwardingMinutes' | 'takeUpMinutes' | 'urgentTakeUpMinutes'>
  > | null,
): HotlineClockPolicy {
  if (!override || Object.keys(override).length === 0) return policy;
  return { ...policy, ...override, version: `${policy.version}+development-override` };
}

export const addMinutes = (at: string, minutes: number) =>
  new Date(Date.parse(at) + minutes * 60_000).toISOString();
