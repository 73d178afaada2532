import {
  mergeOverrides,
  overrideProblems,
  parseSeedOverrides,
  type CalendarOverride,
} from './calendar-overrides';

const o = (date: string, kind: CalendarOverride['kind'], name = 'n'): CalendarOverride => ({
  date,
  kind,
  name,
  source: 's',
});

describe('calendar overrides', () => {
  describe('merging layers in the order they were made', () => {
    it('lets the latest override of a date win', () => {
      expect(mergeOverrides([o('2026-01-02', 'day_off')], [o('2026-01-02', 'working_day')])).toEqual([
        o('2026-01-02', 'working_day'),
      ]);
    });

    it('removes the date on `cleared`, and a later override brings it back', () => {
      const seed = [o('2026-01-02', 'day_off'), o('2026-01-03', 'working_day')];
      expect(mergeOverrides(seed, [o('2026-01-02', 'cleared')])).toEqual([o('2026-01-03', 'working_day')]);
      expect(mergeOverrides(seed, [o('2026-01-02', 'cleared'), o('2026-01-02', 'day_off', 'again')])).toEqual(
        [o('2026-01-02', 'day_off', 'again'), o('2026-01-03', 'working_day')],
      );
    });
  });

  describe('checking one override', () => {
    it('accepts a complete one', () => {
      expect(overrideProblems(o('2028-02-29', 'day_off'))).toEqual([]);
    });

    it('names every problem', () => {
      expect(
        overrideProblems({ date: '2027-02-29', kind: 'holiday' as never, name: ' ', source: '' }),
      ).toEqual([
        'date must be a real date YYYY-MM-DD',
        'kind must be one of day_off, working_day, cleared',
        'name must not be empty',
        'source must not be empty',
      ]);
    });
  });

  describe('the seed file', () => {
    it('is refused when a date is listed twice or an entry is `cleared`', () => {
      expect(() =>
        parseSeedOverrides({ overrides: [o('2026-01-02', 'day_off'), o('2026-01-02', 'day_off')] }),
      ).toThrow(/listed twice/);
      expect(() => parseSeedOverrides({ overrides: [o('2026-01-02', 'cleared')] })).toThrow(
        /not withdrawals/,
      );
      expect(() => parseSeedOverrides([])).toThrow(/expected/);
    });
  });
});
