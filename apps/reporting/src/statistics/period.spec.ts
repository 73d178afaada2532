import { parsePeriod } from './period';

describe('reporting periods', () => {
  it('reads half-years and years from midnight in Viet Nam', () => {
    expect(parsePeriod('2026-H1')).toMatchObject({
      kind: 'half_year',
      from: '2025-12-31T17:00:00.000Z',
      to: '2026-06-30T17:00:00.000Z',
    });
    expect(parsePeriod('2026')).toMatchObject({ kind: 'year', to: '2026-12-31T17:00:00.000Z' });
  });

  it('refuses a year no record can be in, naming the field', () => {
    for (const period of ['1999', '2101-H2', '9999']) {
      expect(() => parsePeriod(period)).toThrow(
        expect.objectContaining({ code: 'REPORTING.INVALID_PERIOD' }),
      );
    }
  });

  it('bounds a custom period to five years, since every statistic scans its whole period', () => {
    expect(parsePeriod(undefined, '2021-01-01T00:00:00Z', '2025-12-31T00:00:00Z').kind).toBe('custom');
    for (const [from, to] of [
      ['2000-01-01T00:00:00Z', '2026-01-01T00:00:00Z'],
      ['1970-01-01T00:00:00Z', '1970-02-01T00:00:00Z'],
      ['2026-01-01T00:00:00Z', '+275760-09-13T00:00:00Z'],
    ]) {
      expect(() => parsePeriod(undefined, from, to)).toThrow(
        expect.objectContaining({ code: 'REPORTING.PERIOD_TOO_LONG' }),
      );
    }
  });
});
