import { AdminUnits } from '@cp/admin-units';
import { DomainError } from '@cp/contracts';
import { deadlinePolicyValues } from '@cp/testing';
import { NATIONAL_DEFAULT_POLICY } from '../domain/deadline-policy';
import {
  NATIONAL_DEFAULT_RECORD,
  checkNotRetroactive,
  checkScope,
  checkScopeWithinUnits,
  policyVersion,
  resolvePolicy,
  toDeadlinePolicy,
  validatePolicyValues,
  type PolicyRecord,
  type PolicyValuesInput,
} from './policy-rules';

const units = AdminUnits.load();
const BA_DINH = '00004'; // Phường Ba Đình, Hà Nội (01)
const THU_DAU_MOT = '25747'; // Phường Thủ Dầu Một, province 79

const values = (over: Partial<PolicyValuesInput> = {}): PolicyValuesInput => deadlinePolicyValues(over);

function caught(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected a DomainError');
}

describe('policy values', () => {
  it('accepts the legal maxima and stricter values', () => {
    expect(() => validatePolicyValues(values())).not.toThrow();
    expect(() =>
      validatePolicyValues(
        values({
          initialAssessmentHours: 8,
          planDraftWorkingDays: 3,
          separationMaxDays: 10,
          detailedAssessmentWorkingDays: 10,
        }),
      ),
    ).not.toThrow();
  });

  it.each([
    ['initialAssessmentHours', 13, 12],
    ['planDraftWorkingDays', 6, 5],
    ['separationMaxDays', 16, 15],
  ] as const)(
    'refuses %s = %i, looser than the legal maximum %i, naming field and maximum',
    (field, v, max) => {
      const err = caught(() => validatePolicyValues(values({ [field]: v })));
      expect(err).toMatchObject({
        code: 'POLICY.VALUE_LOOSER_THAN_LAW',
        kind: 'invalid',
        extra: { field: `values.${field}`, legalMaximum: max },
      });
      expect(err.detail).toContain(`values.${field}`);
      expect(err.detail).toContain(`legal maximum of ${max}`);
    },
  );

  it.each([
    ['planApprovalWorkingDays', 31],
    ['reviewIntervalDays', 6],
    ['reviewIntervalDays', 91],
    ['detailedAssessmentWorkingDays', 31],
  ] as const)('refuses %s = %i, outside its range', (field, v) => {
    expect(caught(() => validatePolicyValues(values({ [field]: v })))).toMatchObject({
      code: 'POLICY.VALUE_OUT_OF_RANGE',
      extra: { field: `values.${field}` },
    });
  });

  it.each([0, -1, 2.5, Number.NaN, '5', undefined])(
    'refuses %p where a positive whole number is due',
    (v) => {
      expect(caught(() => validatePolicyValues({ ...values(), planApprovalWorkingDays: v }))).toMatchObject({
        code: 'POLICY.VALUE_NOT_POSITIVE_INTEGER',
      });
    },
  );

  it('allows null only for the detailed assessment', () => {
    expect(() => validatePolicyValues(values({ detailedAssessmentWorkingDays: null }))).not.toThrow();
    expect(caught(() => validatePolicyValues({ ...values(), reviewIntervalDays: null }))).toMatchObject({
      code: 'POLICY.VALUE_NOT_POSITIVE_INTEGER',
    });
  });

  it('takes a retention period from 0 days (erasable once closed) to 100 years, or none (the default)', () => {
    for (const days of [0, 1, 1826, 36_500]) {
      expect(() => validatePolicyValues(values({ retentionDaysAfterClosure: days }))).not.toThrow();
    }
    expect(() => validatePolicyValues(values())).not.toThrow();
    expect(NATIONAL_DEFAULT_POLICY.retentionDaysAfterClosure).toBe(1826);
  });

  it.each([-1, 36_501, 2.5, '30', null])('refuses a retention period of %p days, naming the field', (v) => {
    expect(caught(() => validatePolicyValues({ ...values(), retentionDaysAfterClosure: v }))).toMatchObject({
      code: 'POLICY.VALUE_OUT_OF_RANGE',
      extra: { field: 'values.retentionDaysAfterClosure' },
    });
  });

  it('lists every wrong field at once', () => {
    const err = caught(() =>
      validatePolicyValues(values({ initialAssessmentHours: 24, reviewIntervalDays: 120 })),
    );
    expect((err.extra.errors as Array<{ field: string }>).map((e) => e.field)).toEqual([
      'values.initialAssessmentHours',
      'values.reviewIntervalDays',
    ]);
  });
});

describe('scope', () => {
  it('knows VN, provinces and communes of the 2025 list', () => {
    expect(checkScope('VN', units)).toBe('VN');
    expect(checkScope('01', units)).toBe('province');
    expect(checkScope(BA_DINH, units)).toBe('commune');
  });

  it.each(['99', '99999', 'vn', '1', '0000A'])('refuses %s as POLICY.UNKNOWN_SCOPE', (scope) => {
    expect(caught(() => checkScope(scope, units))).toMatchObject({ code: 'POLICY.UNKNOWN_SCOPE' });
  });

  describe('within the admin’s units', () => {
    it('VN covers everything', () => {
      for (const s of ['VN', '01', BA_DINH])
        expect(() => checkScopeWithinUnits(s, ['VN'], units)).not.toThrow();
    });

    it('a province covers itself and its communes, not others nor VN', () => {
      expect(() => checkScopeWithinUnits('01', ['01'], units)).not.toThrow();
      expect(() => checkScopeWithinUnits(BA_DINH, ['01'], units)).not.toThrow();
      for (const s of ['VN', '79', THU_DAU_MOT]) {
        expect(caught(() => checkScopeWithinUnits(s, ['01'], units))).toMatchObject({
          code: 'POLICY.SCOPE_OUTSIDE_UNITS',
          kind: 'forbidden',
        });
      }
    });

    it('a commune covers only itself', () => {
      expect(() => checkScopeWithinUnits(BA_DINH, [BA_DINH], units)).not.toThrow();
      expect(caught(() => checkScopeWithinUnits('01', [BA_DINH], units)).code).toBe(
        'POLICY.SCOPE_OUTSIDE_UNITS',
      );
    });
  });
});

describe('effectiveFrom', () => {
  const now = '2026-03-10T02:00:00Z'; // 09:00 on 10 March in Viet Nam

  it('may be today from local midnight, or later', () => {
    expect(() => checkNotRetroactive('2026-03-10T00:00:00+07:00', now)).not.toThrow();
    expect(() => checkNotRetroactive('2026-04-01T00:00:00+07:00', now)).not.toThrow();
  });

  it('may not be before today', () => {
    expect(caught(() => checkNotRetroactive('2026-03-09T23:59:59+07:00', now))).toMatchObject({
      code: 'POLICY.RETROACTIVE',
    });
  });
});

describe('version names', () => {
  it('are the scope and the local date it takes effect, with a suffix when taken', () => {
    expect(policyVersion('01', '2025-12-31T17:00:00Z', new Set())).toBe('01@2026-01-01');
    expect(policyVersion('01', '2025-12-31T17:00:00Z', new Set(['01@2026-01-01']))).toBe('01@2026-01-01.2');
    expect(policyVersion('01', '2025-12-31T17:00:00Z', new Set(['01@2026-01-01', '01@2026-01-01.2']))).toBe(
      '01@2026-01-01.3',
    );
  });
});

describe('resolving the policy in force', () => {
  const p = (
    scope: string,
    effectiveFrom: string,
    version = `${scope}@${effectiveFrom}`,
    createdAt = effectiveFrom,
  ): PolicyRecord => ({
    ...NATIONAL_DEFAULT_POLICY,
    version,
    scope,
    effectiveFrom,
    createdAt,
    reason: 'r',
    createdBy: 'admin',
  });
  const national = p('VN', '2026-01-01T00:00:00.000Z');
  const hanoi = p('01', '2026-02-01T00:00:00.000Z');
  const baDinh = p(BA_DINH, '2026-03-01T00:00:00.000Z');
  const all = [national, hanoi, baDinh];

  it('prefers the commune, then the province, then VN', () => {
    expect(resolvePolicy(all, BA_DINH, '01', '2026-06-01T00:00:00Z')).toBe(baDinh);
    expect(resolvePolicy(all, '00008', '01', '2026-06-01T00:00:00Z')).toBe(hanoi);
    expect(resolvePolicy(all, THU_DAU_MOT, '79', '2026-06-01T00:00:00Z')).toBe(national);
  });

  it('ignores policies not yet in effect at the instant', () => {
    expect(resolvePolicy(all, BA_DINH, '01', '2026-02-15T00:00:00Z')).toBe(hanoi);
    expect(resolvePolicy(all, BA_DINH, '01', '2026-01-15T00:00:00Z')).toBe(national);
    expect(resolvePolicy(all, BA_DINH, '01', '2026-01-01T00:00:00.000Z')).toBe(national);
  });

  it('falls back to the built-in national default', () => {
    expect(resolvePolicy(all, BA_DINH, '01', '2025-12-31T23:59:59Z')).toBe(NATIONAL_DEFAULT_RECORD);
    expect(resolvePolicy([], BA_DINH, '01', '2026-06-01T00:00:00Z').version).toBe(
      NATIONAL_DEFAULT_POLICY.version,
    );
  });

  it('gives the decider the retention period of the version in force, with its version', () => {
    const shortHanoi = { ...hanoi, version: '01@short', retentionDaysAfterClosure: 0 };
    expect(
      toDeadlinePolicy(resolvePolicy([national, shortHanoi], '00008', '01', '2026-06-01T00:00:00Z')),
    ).toMatchObject({ version: '01@short', retentionDaysAfterClosure: 0 });
    expect(toDeadlinePolicy(resolvePolicy([], '00008', '01', '2026-06-01T00:00:00Z'))).toMatchObject({
      version: NATIONAL_DEFAULT_POLICY.version,
      retentionDaysAfterClosure: 1826,
    });
  });

  it('takes the latest to take effect within a scope, then the latest made', () => {
    const later = p('01', '2026-04-01T00:00:00.000Z');
    const sameDayLaterMade = p('01', '2026-04-01T00:00:00.000Z', '01@x.2', '2026-04-02T00:00:00.000Z');
    expect(resolvePolicy([later, hanoi], '00008', '01', '2026-05-01T00:00:00Z')).toBe(later);
    expect(resolvePolicy([sameDayLaterMade, later, hanoi], '00008', '01', '2026-05-01T00:00:00Z')).toBe(
      sameDayLaterMade,
    );
  });
});
