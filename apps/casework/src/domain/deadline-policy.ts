/**
 * Deadline values are policy per locality, versioned (docs/casework-procedure.md): every deadline on a case records the
 * version that produced it. The national default holds the legal maxima; a province or commune may set
 * stricter values (never looser where the law fixes a maximum).
 */
export interface DeadlinePolicyValues {
  /** Decree 56 Art. 24–25: initial assessment and emergency measures within 12 h of receiving the report. */
  initialAssessmentHours: number;
  /** Detailed assessment (Mẫu 03): the law sets no limit; null = not tracked unless a locality sets one. */
  detailedAssessmentWorkingDays: number | null;
  /** Decree 56: the support/intervention plan is drafted within 5 working days. */
  planDraftWorkingDays: number;
  /** Approval of the plan by the chair (Mẫu 05); policy, default 7 working days for the whole procedure. */
  planApprovalWorkingDays: number;
  /** Temporary separation lasts at most 15 days unless a competent authority requires longer. */
  separationMaxDays: number;
  /** Review (Mẫu 06) interval while the plan is implemented; policy, default 30 days. */
  reviewIntervalDays: number;
  /**
   * How long a closed case's file is kept before its personal data may be erased (days after the closure,
   * or after the last report added to the closed case). No law fixes a retention period for child-protection
   * case files, so it is policy: default 5 years. A court order is not bound by it (PDPL 91/2025 Art. 14).
   */
  retentionDaysAfterClosure: number;
}

export interface DeadlinePolicy extends DeadlinePolicyValues {
  /** Unique, human-readable, e.g. `national-default@2025-07-01` or `01@2026-01-01`. */
  version: string;
  /** `VN`, a 2-digit province code or a 5-digit commune code. */
  scope: string;
}

/** The legal maxima: a local policy may be stricter (smaller), never looser. */
export const LEGAL_MAXIMA = {
  initialAssessmentHours: 12,
  planDraftWorkingDays: 5,
  separationMaxDays: 15,
} as const;

export const NATIONAL_DEFAULT_POLICY: DeadlinePolicy = {
  version: 'national-default@2025-07-01',
  scope: 'VN',
  initialAssessmentHours: 12,
  detailedAssessmentWorkingDays: null,
  planDraftWorkingDays: 5,
  planApprovalWorkingDays: 7,
  separationMaxDays: 15,
  reviewIntervalDays: 30,
  retentionDaysAfterClosure: 1826,
};

/** 5 years (with one leap day): the national default retention of a closed case file. */
export const DEFAULT_RETENTION_DAYS = NATIONAL_DEFAULT_POLICY.retentionDaysAfterClosure;

/**
 * Whether a local date (Asia/Ho_Chi_Minh, `YYYY-MM-DD`) is a working day: not a weekend, not a public
 * holiday, not a government bridge day — or a Saturday the government made a working day.
 */
export interface WorkingCalendar {
  /** Identifies the holiday data and override list used, recorded with working-day deadlines. */
  readonly version: string;
  isWorkingDay(localDate: string): boolean;
}

/** A calendar of weekends only; for tests and as the last resort. */
export const WEEKENDS_ONLY: WorkingCalendar = {
  version: 'weekends-only',
  isWorkingDay: (d) => {
    const day = new Date(`${d}T00:00:00Z`).getUTCDay();
    return day !== 0 && day !== 6;
  },
};

/** Viet Nam has one time zone, UTC+7, without daylight saving. */
const VN_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

export function addHours(iso: string, hours: number): string {
  return new Date(Date.parse(iso) + hours * 3_600_000).toISOString();
}

export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * DAY_MS).toISOString();
}

/** The local (UTC+7) calendar date of an instant. */
export function localDate(iso: string): string {
  return new Date(Date.parse(iso) + VN_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * The end (24:00 local time) of the n-th working day after the day of `fromIso`; the day the period
 * starts is not counted, as in Vietnamese administrative practice.
 */
export function addWorkingDays(fromIso: string, n: number, calendar: WorkingCalendar): string {
  let day = Date.parse(`${localDate(fromIso)}T00:00:00Z`);
  let counted = 0;
  // A year of holidays cannot hide more than a few dozen days; the bound only guards a broken calendar.
  for (let guard = 0; counted < n; guard++) {
    if (guard > 3660) throw new Error('working calendar has no working days');
    day += DAY_MS;
    if (calendar.isWorkingDay(new Date(day).toISOString().slice(0, 10))) counted++;
  }
  return new Date(day + DAY_MS - VN_OFFSET_MS).toISOString();
}
