import { DomainError } from '@cp/contracts';
import {
  LEGAL_MAXIMA,
  NATIONAL_DEFAULT_POLICY,
  localDate,
  type DeadlinePolicy,
  type DeadlinePolicyValues,
} from '../domain/deadline-policy';

/**
 * The pure rules of deadline policies: which values a locality may set, who may set them where, how a
 * version is named, and which policy applies to a commune at an instant. No I/O.
 */

/** A stored policy with what an inspector needs to see about it. */
export interface PolicyRecord extends DeadlinePolicy {
  /** ISO instant from which it applies. */
  effectiveFrom: string;
  reason: string;
  createdBy: string;
  createdAt: string;
}

/** The national default as a record, so `get` and `list` show the rule behind its deadlines too. */
export const NATIONAL_DEFAULT_RECORD: PolicyRecord = Object.freeze({
  ...NATIONAL_DEFAULT_POLICY,
  effectiveFrom: '2025-06-30T17:00:00.000Z',
  reason:
    'Built-in national default: the legal maxima of Decree 56/2017 (12 hours, 5 working days, 15 days), ' +
    'the customary 7 working days for approval and 30 days between reviews, and a case file kept 5 years ' +
    '(1826 days) after its closure before its personal data may be erased (no law fixes that period).',
  createdBy: 'system',
  createdAt: '2025-06-30T17:00:00.000Z',
});

export const VALUE_FIELDS = [
  'initialAssessmentHours',
  'detailedAssessmentWorkingDays',
  'planDraftWorkingDays',
  'planApprovalWorkingDays',
  'separationMaxDays',
  'reviewIntervalDays',
] as const satisfies ReadonlyArray<keyof DeadlinePolicyValues>;

const LAW: Record<keyof typeof LEGAL_MAXIMA, { unit: string; basis: string }> = {
  initialAssessmentHours: {
    unit: 'hours',
    basis: 'Decree 56/2017 Art. 24–25: within 12 hours of the report',
  },
  planDraftWorkingDays: {
    unit: 'working days',
    basis: 'Decree 56/2017: the plan is drafted within 5 working days',
  },
  separationMaxDays: { unit: 'days', basis: 'temporary separation lasts at most 15 days' },
};

/** Ranges for the values the law leaves to policy; outside them a value is more likely a typo than a rule. */
const POLICY_RANGES: Partial<Record<keyof DeadlinePolicyValues, { min: number; max: number; unit: string }>> =
  {
    planApprovalWorkingDays: { min: 1, max: 30, unit: 'working days' },
    reviewIntervalDays: { min: 7, max: 90, unit: 'days' },
    detailedAssessmentWorkingDays: { min: 1, max: 30, unit: 'working days' },
  };

/**
 * Retention after closure, in days: 0 (erasable once closed, still only with the province's approval and
 * without a hold) to 100 years. Optional in a new policy: absent, the national default (5 years).
 */
export const RETENTION_RANGE = { min: 0, max: 36_500 } as const;

/** The values an admin sends: the six deadline values, and the retention period if the locality sets one. */
export type PolicyValuesInput = Omit<DeadlinePolicyValues, 'retentionDaysAfterClosure'> & {
  retentionDaysAfterClosure?: number;
};

interface Violation {
  field: string;
  code: string;
  message: string;
  extra?: Record<string, unknown>;
}

/**
 * A locality may be stricter than the law, never looser; the other values must be whole numbers in a
 * sensible range. Throws one DomainError naming every wrong field (the code is the first one's).
 */
export function validatePolicyValues(values: Partial<Record<keyof DeadlinePolicyValues, unknown>>): void {
  const violations: Violation[] = [];
  for (const field of VALUE_FIELDS) {
    const v = values[field];
    const path = `values.${field}`;
    if (field === 'detailedAssessmentWorkingDays' && v === null) continue;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
      violations.push({
        field: path,
        code: 'POLICY.VALUE_NOT_POSITIVE_INTEGER',
        message: `${path} must be a whole number of at least 1${
          field === 'detailedAssessmentWorkingDays' ? ', or null when not tracked' : ''
        }`,
      });
      continue;
    }
    if (field in LEGAL_MAXIMA) {
      const max = LEGAL_MAXIMA[field as keyof typeof LEGAL_MAXIMA];
      const law = LAW[field as keyof typeof LEGAL_MAXIMA];
      if (v > max) {
        violations.push({
          field: path,
          code: 'POLICY.VALUE_LOOSER_THAN_LAW',
          message: `${path} is ${v} ${law.unit}, looser than the legal maximum of ${max} (${law.basis}); a locality may set a stricter value only`,
          extra: { legalMaximum: max },
        });
      }
      continue;
    }
    const range = POLICY_RANGES[field];
    if (range && (v < range.min || v > range.max)) {
      violations.push({
        field: path,
        code: 'POLICY.VALUE_OUT_OF_RANGE',
        message: `${path} must be from ${range.min} to ${range.max} ${range.unit}`,
      });
    }
  }
  const retention = values.retentionDaysAfterClosure;
  if (
    retention !== undefined &&
    (typeof retention !== 'number' ||
      !Number.isInteger(retention) ||
      retention < RETENTION_RANGE.min ||
      retention > RETENTION_RANGE.max)
  ) {
    const path = 'values.retentionDaysAfterClosure';
    violations.push({
      field: path,
      code: 'POLICY.VALUE_OUT_OF_RANGE',
      message: `${path} must be a whole number of days from ${RETENTION_RANGE.min} to ${RETENTION_RANGE.max}`,
    });
  }
  if (violations.length === 0) return;
  const first = violations[0];
  throw new DomainError(
    first.code,
    `Correct the policy values: ${violations.map((v) => v.message).join('; ')}.`,
    'invalid',
    {
      field: first.field,
      ...first.extra,
      errors: violations.map((v) => ({ field: v.field, code: v.code, messages: [v.message] })),
    },
  );
}

/** The units a policy can be set for: `VN`, a province or a commune of the official list. */
export interface UnitDirectory {
  get(code: string): { level: 'province' | 'commune'; parent: string | null } | undefined;
  /** AdminUnits.covers: VN covers all, a province its communes, a commune itself. */
  covers(units: readonly string[], communeCode: string): boolean;
}

export function checkScope(scope: string, units: UnitDirectory): 'VN' | 'province' | 'commune' {
  if (scope === 'VN') return 'VN';
  const unit = /^(\d{2}|\d{5})$/.test(scope) ? units.get(scope) : undefined;
  if (!unit || (unit.level === 'province') !== (scope.length === 2)) {
    throw new DomainError(
      'POLICY.UNKNOWN_SCOPE',
      `${scope} is not a unit of the 2025 list: use VN, a 2-digit province code or a 5-digit commune code.`,
      'invalid',
      { field: 'scope' },
    );
  }
  return unit.level;
}

/**
 * Whether a user acting for `userUnits` may set a policy for `scope`: `VN` covers everything, a
 * province covers itself and its communes, a commune only itself.
 */
export function checkScopeWithinUnits(
  scope: string,
  userUnits: readonly string[],
  units: UnitDirectory,
): void {
  const parent = scope.length === 5 ? units.get(scope)?.parent : null;
  const covered =
    scope.length === 5
      ? units.covers(userUnits, scope)
      : userUnits.includes('VN') || userUnits.includes(scope);
  if (!covered) {
    throw new DomainError(
      'POLICY.SCOPE_OUTSIDE_UNITS',
      `You act for ${userUnits.join(', ') || 'no unit'}; a policy for ${scope} must be set by an administrator of ${
        scope === 'VN' ? 'VN' : `${scope}${parent ? `, its province ${parent}` : ''} or VN`
      }.`,
      'forbidden',
    );
  }
}

/**
 * A policy applies from `effectiveFrom` on; setting one for an earlier day would change, after the fact,
 * which rule applied to deadlines already computed. The start of today (UTC+7) is the earliest allowed.
 */
export function checkNotRetroactive(effectiveFrom: string, now: string): void {
  const startOfToday = Date.parse(`${localDate(now)}T00:00:00+07:00`);
  if (Date.parse(effectiveFrom) < startOfToday) {
    throw new DomainError(
      'POLICY.RETROACTIVE',
      `effectiveFrom ${effectiveFrom} is before today: a policy cannot apply retroactively; choose today or a later date.`,
      'invalid',
      { field: 'effectiveFrom' },
    );
  }
}

/** `01@2026-01-01` (the local date it takes effect), then `01@2026-01-01.2`, `.3`, … when taken. */
export function policyVersion(scope: string, effectiveFrom: string, taken: ReadonlySet<string>): string {
  const base = `${scope}@${localDate(effectiveFrom)}`;
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}.${n}`)) return `${base}.${n}`;
}

const SPECIFICITY = (p: DeadlinePolicy, communeCode: string, provinceCode: string): number =>
  p.scope === communeCode ? 3 : p.scope === provinceCode ? 2 : p.scope === 'VN' ? 1 : 0;

/**
 * The policy in force for a commune at an instant: the most specific scope (commune, then province,
 * then VN) with a policy already in effect, and within it the latest to take effect (then the latest
 * made). Without any, the national default.
 */
export function resolvePolicy(
  policies: readonly PolicyRecord[],
  communeCode: string,
  provinceCode: string,
  at: string,
): PolicyRecord {
  const t = Date.parse(at);
  let best: PolicyRecord | undefined;
  let bestRank = 0;
  for (const p of policies) {
    const rank = SPECIFICITY(p, communeCode, provinceCode);
    if (rank === 0 || Date.parse(p.effectiveFrom) > t) continue;
    if (
      !best ||
      rank > bestRank ||
      (rank === bestRank &&
        (p.effectiveFrom > best.effectiveFrom ||
          (p.effectiveFrom === best.effectiveFrom && p.createdAt > best.createdAt)))
    ) {
      best = p;
      bestRank = rank;
    }
  }
  return best ?? NATIONAL_DEFAULT_RECORD;
}

/** The policy as the decider takes it: values, version and scope only. */
export function toDeadlinePolicy(p: PolicyRecord): DeadlinePolicy {
  return {
    version: p.version,
    scope: p.scope,
    initialAssessmentHours: p.initialAssessmentHours,
    detailedAssessmentWorkingDays: p.detailedAssessmentWorkingDays,
    planDraftWorkingDays: p.planDraftWorkingDays,
    planApprovalWorkingDays: p.planApprovalWorkingDays,
    separationMaxDays: p.separationMaxDays,
    reviewIntervalDays: p.reviewIntervalDays,
    retentionDaysAfterClosure: p.retentionDaysAfterClosure,
  };
}
