import { addWorkingDays } from '../domain/deadline-policy';
import { SEED_OVERRIDES, type CalendarOverride } from './calendar-overrides';
import { HolidayCalendar } from './holiday-calendar';
import { statutoryDaysOff } from './vn-holidays';

// Facts checked by hand against the published schedules and a lunar calendar (UTC+7).
const calendar = new HolidayCalendar();
const working = (d: string) => calendar.isWorkingDay(d);

describe('HolidayCalendar', () => {
  describe('weekends', () => {
    it('Saturday and Sunday are days off, Monday to Friday working days', () => {
      expect(['2026-03-07', '2026-03-08'].map(working)).toEqual([false, false]);
      expect(['2026-03-09', '2026-03-10', '2026-03-11', '2026-03-12', '2026-03-13'].map(working)).toEqual([
        true,
        true,
        true,
        true,
        true,
      ]);
    });

    it('describes a plain weekend as neither holiday nor named', () => {
      expect(calendar.day('2026-03-07')).toEqual({
        date: '2026-03-07',
        working: false,
        holiday: false,
        weekend: true,
        name: null,
        origin: 'weekend',
      });
    });
  });

  describe('Tết Bính Ngọ 2026 (Lunar New Year on Tuesday 17 Feb)', () => {
    it('is off from Saturday 14 to Sunday 22 February', () => {
      for (const d of calendar.days('2026-02-14', '2026-02-22')) expect(d).toMatchObject({ working: false });
    });

    it('is framed by working days on Friday 13 and Monday 23 February', () => {
      expect(working('2026-02-13')).toBe(true);
      expect(working('2026-02-23')).toBe(true);
    });

    it('names the first day of the lunar year', () => {
      expect(calendar.day('2026-02-17')).toMatchObject({ holiday: true, name: 'Tết Nguyên Đán' });
    });
  });

  describe('Tết Ất Tỵ 2025 (Lunar New Year on Wednesday 29 Jan), from the override list', () => {
    it('is off from Saturday 25 January to Sunday 2 February, Monday 27 included', () => {
      for (const d of calendar.days('2025-01-25', '2025-02-02')) expect(d).toMatchObject({ working: false });
    });

    it('has no compensatory day for Saturday 1 February: work resumed on Monday 3 February', () => {
      expect(working('2025-02-03')).toBe(true);
      expect(new HolidayCalendar([], []).isWorkingDay('2025-02-03')).toBe(false);
    });
  });

  describe('compensatory days (nghỉ bù, Labour Code Art. 111.3)', () => {
    it('gives Monday 27 April 2026 off for the Hùng Kings on Sunday 26 April (10/3 lunar)', () => {
      expect(calendar.day('2026-04-26')).toMatchObject({ working: false, holiday: true, origin: 'holiday' });
      expect(calendar.day('2026-04-27')).toMatchObject({
        working: false,
        holiday: true,
        origin: 'compensatory',
      });
      expect(working('2026-04-28')).toBe(true);
    });

    it('moves past another holiday: 30/4/2028 on a Sunday gives Tuesday 2 May, Monday 1 May being off already', () => {
      expect(working('2028-05-01')).toBe(false);
      expect(calendar.day('2028-05-02')).toMatchObject({ working: false, origin: 'compensatory' });
      expect(working('2028-05-03')).toBe(true);
    });

    it('gives Monday 3 January 2028 off for New Year’s Day on a Saturday', () => {
      expect(working('2028-01-03')).toBe(false);
    });

    it('compensates the weekend days of Tết 2027 as the library places them (Eve Fri 5 Feb + 4 days)', () => {
      const off = statutoryDaysOff(2027)
        .filter((d) => d.date >= '2027-02-01' && d.date <= '2027-02-15')
        .map((d) => `${d.date}:${d.kind}`);
      expect(off).toEqual([
        '2027-02-05:holiday',
        '2027-02-06:holiday',
        '2027-02-07:holiday',
        '2027-02-08:holiday',
        '2027-02-09:holiday',
        '2027-02-10:compensatory',
        '2027-02-11:compensatory',
      ]);
    });
  });

  describe('the fixed public holidays', () => {
    it.each([
      ['2026-01-01', 'New Year'],
      ['2026-04-30', 'Reunification Day'],
      ['2026-05-01', 'Labour Day'],
      ['2026-09-02', 'National Day'],
      ['2025-04-07', 'Hùng Kings 2025 (10/3 lunar, a Monday)'],
    ])('%s (%s) is a day off', (date) => {
      expect(calendar.day(date)).toMatchObject({ working: false, holiday: true });
    });

    it('keeps observances such as Teachers’ Day (20/11/2026, a Friday) as working days', () => {
      expect(working('2026-11-20')).toBe(true);
    });
  });

  describe('the override list', () => {
    it('makes the swapped Saturday 26 April 2025 a working day and Friday 2 May 2025 a day off', () => {
      expect(calendar.day('2025-04-26')).toMatchObject({ working: true, weekend: true, origin: 'override' });
      expect(calendar.day('2025-05-02')).toMatchObject({ working: false, holiday: true, origin: 'override' });
    });

    it('adds the day adjacent to National Day 2025: Monday 1 September', () => {
      expect(working('2025-09-01')).toBe(false);
    });

    it('applies later overrides over the seed, and `cleared` brings back the statutory answer', () => {
      const bridge: CalendarOverride = { date: '2026-01-02', kind: 'day_off', name: 'Nghỉ', source: 'test' };
      const swap: CalendarOverride = {
        date: '2026-01-10',
        kind: 'working_day',
        name: 'Làm bù',
        source: 'test',
      };
      const withBridge = new HolidayCalendar([bridge, swap]);
      expect(withBridge.isWorkingDay('2026-01-02')).toBe(false);
      expect(withBridge.isWorkingDay('2026-01-10')).toBe(true);
      const cleared = new HolidayCalendar([bridge, { ...bridge, kind: 'cleared' }, swap]);
      expect(cleared.isWorkingDay('2026-01-02')).toBe(true);
      const seedCleared = new HolidayCalendar([{ ...bridge, date: '2025-05-02', kind: 'cleared' }]);
      expect(seedCleared.isWorkingDay('2025-05-02')).toBe(true);
    });

    it('holds one entry per date, none of them `cleared`', () => {
      const dates = SEED_OVERRIDES.map((o) => o.date);
      expect(new Set(dates).size).toBe(dates.length);
      expect(
        SEED_OVERRIDES.every((o) => ['day_off', 'working_day'].includes(o.kind) && o.source.length > 20),
      ).toBe(true);
    });
  });

  describe('version', () => {
    it('names the library and a hash of the overrides in force', () => {
      expect(calendar.version).toMatch(/^date-holidays@3\.37\.\d+\+overrides#[0-9a-f]{8}$/);
    });

    it('changes when an override changes a working-day answer, not when only its wording does', () => {
      const o: CalendarOverride = { date: '2026-01-02', kind: 'day_off', name: 'Nghỉ', source: 'a' };
      const a = new HolidayCalendar([o]).version;
      expect(a).not.toBe(calendar.version);
      expect(new HolidayCalendar([{ ...o, name: 'Nghỉ cầu', source: 'b' }]).version).toBe(a);
      expect(new HolidayCalendar([o, { ...o, kind: 'cleared' }]).version).toBe(calendar.version);
    });
  });

  describe('addWorkingDays with this calendar (end of the n-th working day = 24:00 UTC+7 = 17:00Z)', () => {
    it('skips Tết 2026: 5 working days from Thursday 12 Feb 10:00 end on Thursday 26 Feb', () => {
      // 13 Feb (1), 14–22 Feb off, 23 (2), 24 (3), 25 (4), 26 (5)
      expect(addWorkingDays('2026-02-12T03:00:00Z', 5, calendar)).toBe('2026-02-26T17:00:00.000Z');
    });

    it('counts from the local day: 18:00Z on 12 Feb is already Friday 13 Feb in Viet Nam', () => {
      // 23 (1), 24, 25, 26, 27 Feb (5)
      expect(addWorkingDays('2026-02-12T18:00:00Z', 5, calendar)).toBe('2026-02-27T17:00:00.000Z');
    });

    it('counts the swapped Saturday 26 April 2025 and skips 30 Apr–4 May 2025', () => {
      // 25 Apr (1), Sat 26 Apr (2), 28 (3), 29 (4), 30 Apr–4 May off, 5 May (5)
      expect(addWorkingDays('2025-04-24T02:00:00Z', 5, calendar)).toBe('2025-05-05T17:00:00.000Z');
    });

    it('resumes on Monday 3 February 2025 after Tết Ất Tỵ', () => {
      expect(addWorkingDays('2025-01-24T02:00:00Z', 3, calendar)).toBe('2025-02-05T17:00:00.000Z');
    });
  });

  it('refuses a malformed or impossible date', () => {
    expect(() => calendar.isWorkingDay('2026-02-30')).toThrow(RangeError);
    expect(() => calendar.isWorkingDay('26-02-2026')).toThrow(RangeError);
  });
});
