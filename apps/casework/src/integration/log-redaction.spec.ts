import { REDACTED_KEYS } from '@cp/observability';
import { CASE_TEXT_FIELDS } from '../domain/case.personal-data';

describe('the logger redacts every free text of a case', () => {
  it('lists the key of every sealed field', () => {
    const keys = Object.values(CASE_TEXT_FIELDS).flatMap((paths) =>
      paths.map((path) => [...path].reverse().find((segment) => segment !== '*')!),
    );
    expect(keys.length).toBeGreaterThan(20);
    expect(keys.filter((k) => !REDACTED_KEYS.has(k))).toEqual([]);
  });
});
