/**
 * The values of a deadline policy version as a locality submits them to POST /api/v1/deadline-policies,
 * set at the legal maxima of Decree 56/2017 (12 hours, 5 working days, 15 days) and the national defaults
 * for the rest. Specs override only the value they are about (most often the retention of a closed file).
 */
export interface DeadlinePolicyValuesInput {
  initialAssessmentHours: number;
  detailedAssessmentWorkingDays: number | null;
  planDraftWorkingDays: number;
  planApprovalWorkingDays: number;
  separationMaxDays: number;
  reviewIntervalDays: number;
  retentionDaysAfterClosure?: number;
}

export function deadlinePolicyValues(
  over: Partial<DeadlinePolicyValuesInput> = {},
): DeadlinePolicyValuesInput {
  return {
    initialAssessmentHours: 12,
    detailedAssessmentWorkingDays: null,
    planDraftWorkingDays: 5,
    planApprovalWorkingDays: 7,
    separationMaxDays: 15,
    reviewIntervalDays: 30,
    ...over,
  };
}
