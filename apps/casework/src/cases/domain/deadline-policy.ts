/**
 * Deadline values are policy per locality, versioned (DOMAIN §3): every deadline on a case records the
 * version that produced it. These are the legal maxima, used where a locality sets nothing stricter.
 */
export interface DeadlinePolicy {
  version: string;
  /** Decree 56 Art. 24–25: assessment and emergency measures within 12 hours of receiving the report. */
  initialAssessmentHours: number;
}

export const NATIONAL_DEFAULT_POLICY: DeadlinePolicy = {
  version: 'national-default@2025-07-01',
  initialAssessmentHours: 12,
};

export function addHours(iso: string, hours: number): string {
  return new Date(Date.parse(iso) + hours * 3_600_000).toISOString();
}
