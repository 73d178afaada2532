import type { WorkingCalendar } from '../domain/deadline-policy';
import {
  SEED_OVERRIDES,
  mergeOverrides,
  overridesHash,
  type CalendarOverride,
  type EffectiveOverride,
} from './calendar-overrides';
import { daysBetween, isLocalDate, isWeekend, plusDays } from './local-dates';
import { DATE_HOLIDAYS_VERSION, statutoryDaysOff } from './vn-holidays';

/**
 * Bumped when the rules this file adds to the library change (today: nghỉ bù, Art. 111.3), so the
 * calendar version changes with them even if the library and the overrides do not.
 */
const RULES_REVISION = 'vn-labour-code-2019/1';

/** Why a date is what it is. */
export type DayOrigin = 'weekend' | 'holiday' | 'compensatory' | 'override' | null;

export interface CalendarDay {
  /** Local date, `YYYY-MM-DD`. */
  date: string;
  working: boolean;
  /** A day off that is not a plain weekend: a holiday, a compensatory day or a bridge day. */
  holiday: boolean;
  weekend: boolean;
  /** The holiday, compensatory day or override, in Vietnamese; null for an ordinary day. */
  name: string | null;
  origin: DayOrigin;
}

interface YearTable {
  /** Non-working local dates of the year: weekends, holidays and bridge days, less working Saturdays. */
  off: Set<string>;
  /** Dates with something to say (holidays, compensatory days, overrides). */
  named: Map<string, { name: string; origin: Exclude<DayOrigin, 'weekend' | null> }>;
}

/**
 * Viet Nam's working calendar: weekends, the public holidays of date-holidays (Tết is lunar) with
 * compensatory days, and the override list over them. Each year is computed once, on first use.
 */
export class HolidayCalendar implements WorkingCalendar {
  /** e.g. `date-holidays@3.37.0+overrides#1a2b3c4d`: recorded with every working-day deadline. */
  readonly version: string;
  /** The overrides in force, by date. */
  readonly overrides: readonly EffectiveOverride[];
  private readonly byDate: ReadonlyMap<string, EffectiveOverride>;
  private readonly years = new Map<number, YearTable>();

  /**
   * @param overrides applied in order over the seed list: the latest for a date wins, `cleared` removes
   *   it. Pass `[]` for the seed list alone.
   * @param seed the shipped list (`vn-calendar-overrides.json`); tests may pass their own.
   */
  constructor(
    overrides: readonly CalendarOverride[] = [],
    seed: readonly CalendarOverride[] = SEED_OVERRIDES,
  ) {
    const effective = mergeOverrides(seed, overrides);
    this.overrides = effective;
    this.byDate = new Map(effective.map((o) => [o.date, o]));
    this.version = `date-holidays@${DATE_HOLIDAYS_VERSION}+overrides#${overridesHash(effective, RULES_REVISION)}`;
  }

  isWorkingDay(localDate: string): boolean {
    return !this.table(yearOf(localDate)).off.has(localDate);
  }

  day(localDate: string): CalendarDay {
    const t = this.table(yearOf(localDate));
    const weekend = isWeekend(localDate);
    const working = !t.off.has(localDate);
    const named = t.named.get(localDate);
    return {
      date: localDate,
      working,
      holiday: !working && (!weekend || named !== undefined),
      weekend,
      name: named?.name ?? null,
      origin: named?.origin ?? (weekend ? 'weekend' : null),
    };
  }

  /** Every date from `from` to `to`, both included. */
  days(from: string, to: string): CalendarDay[] {
    const n = daysBetween(from, to);
    const out: CalendarDay[] = [];
    for (let i = 0; i <= n; i++) out.push(this.day(plusDays(from, i)));
    return out;
  }

  private table(year: number): YearTable {
    let t = this.years.get(year);
    if (!t) {
      t = this.build(year);
      this.years.set(year, t);
    }
    return t;
  }

  private build(year: number): YearTable {
    const off = new Set<string>();
    const named: YearTable['named'] = new Map();
    const first = `${year}-01-01`;
    for (let d = first; d.startsWith(`${year}-`); d = plusDays(d, 1)) if (isWeekend(d)) off.add(d);
    for (const s of statutoryDaysOff(year)) {
      off.add(s.date);
      named.set(s.date, { name: s.name, origin: s.kind });
    }
    for (const o of this.byDate.values()) {
      if (!o.date.startsWith(`${year}-`)) continue;
      // A decision confirming a statutory holiday (Tết's days) keeps the holiday's own name.
      if (o.kind === 'day_off' && named.has(o.date)) continue;
      if (o.kind === 'day_off') off.add(o.date);
      else off.delete(o.date);
      named.set(o.date, { name: o.name, origin: 'override' });
    }
    return { off, named };
  }
}

function yearOf(localDate: string): number {
  if (!isLocalDate(localDate)) throw new RangeError(`not a local date YYYY-MM-DD: ${localDate}`);
  return Number(localDate.slice(0, 4));
}
