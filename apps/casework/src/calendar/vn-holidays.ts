import Holidays from 'date-holidays';
import { version as dateHolidaysVersion } from 'date-holidays/package.json';
import { isWeekend, localDateOf, plusDays } from './local-dates';

/** Recorded in every calendar version, so a deadline names the holiday data that produced it. */
export const DATE_HOLIDAYS_VERSION: string = dateHolidaysVersion;

/** Why a date is a statutory day off. */
export type StatutoryKind = 'holiday' | 'compensatory';

export interface StatutoryDayOff {
  date: string;
  name: string;
  kind: StatutoryKind;
}

let library: Holidays | undefined;
/** The library parses its rules on construction; one instance serves every year. */
function vn(): Holidays {
  library ??= new Holidays('VN');
  return library;
}

/**
 * Labour Code 2019 Art. 112.1 days off as date-holidays computes them for Viet Nam: only the entries of
 * type `public` (the library also lists ~20 `observance` days, e.g. Phật đản or Ngày Nhà giáo, that are
 * working days). Tết is the library's five-day span from New Year's Eve (Giao thừa) to the 4th day.
 */
const publicByYear = new Map<number, ReadonlyMap<string, string>>();
function publicHolidays(year: number): ReadonlyMap<string, string> {
  const known = publicByYear.get(year);
  if (known) return known;
  const days = new Map<string, string>();
  for (const h of vn().getHolidays(year)) {
    if (h.type !== 'public') continue;
    let first = true;
    // `start`/`end` are instants at local midnight; `end` is exclusive.
    for (let t = h.start.getTime(); t < h.end.getTime(); t += 86_400_000) {
      const date = localDateOf(new Date(t));
      // The library names the whole Tết span after its first day, New Year's Eve.
      const name = first ? h.name : h.name.replace(/^Giao thừa\s+/, '');
      first = false;
      // A one-day entry inside a span (Tết's first day) keeps its own name.
      if (!days.has(date) || h.end.getTime() - h.start.getTime() <= 86_400_000) days.set(date, name);
    }
  }
  publicByYear.set(year, days);
  return days;
}

/**
 * The statutory days off of a year: the public holidays (Labour Code 2019 Art. 112.1) and, for each one
 * falling on a Saturday or Sunday, a compensatory day off (nghỉ bù) on the next working day
 * (Art. 111.3), skipping days already off: 30/4 on a Sunday gives 2/5, since 1/5 is itself a holiday.
 *
 * Not here, because the law leaves them to a yearly decision (Art. 112.3): which five days Tết covers
 * (the library assumes Eve + 4 days; the Government has often started a day earlier), which day adjacent
 * to 2/9 is the second National Day holiday, and the bridge days and swapped Saturdays for civil servants.
 * Those come from the override list.
 */
export function statutoryDaysOff(year: number): readonly StatutoryDayOff[] {
  let days = statutoryByYear.get(year);
  if (!days) {
    days = computeStatutoryDaysOff(year);
    statutoryByYear.set(year, days);
  }
  return days;
}

// The library's lunar arithmetic takes ~0.1 s a year: computed once per process, whatever the overrides.
const statutoryByYear = new Map<number, readonly StatutoryDayOff[]>();

function computeStatutoryDaysOff(year: number): readonly StatutoryDayOff[] {
  // A holiday late in the previous year could push its compensatory day into this one.
  const holidays = new Map([...publicHolidays(year - 1), ...publicHolidays(year)]);
  const out = new Map<string, StatutoryDayOff>();
  for (const [date, name] of holidays) out.set(date, { date, name, kind: 'holiday' });
  const onWeekend = [...holidays.keys()].filter(isWeekend).sort();
  for (const date of onWeekend) {
    let next = plusDays(date, 1);
    while (isWeekend(next) || out.has(next)) next = plusDays(next, 1);
    out.set(next, { date: next, name: `Nghỉ bù ${holidays.get(date)} (${date})`, kind: 'compensatory' });
  }
  const prefix = `${year}-`;
  return Object.freeze(
    [...out.values()]
      .filter((d) => d.date.startsWith(prefix))
      .sort((a, b) => a.date.localeCompare(b.date))
      .map((d) => Object.freeze(d)),
  );
}
