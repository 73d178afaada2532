import { createHash } from 'node:crypto';
import { isLocalDate } from './local-dates';
import seedFile from './vn-calendar-overrides.json';

/**
 * The Government's yearly decisions that the law leaves open (Labour Code 2019 Art. 112.3): which days
 * Tết covers, the day adjacent to 2/9, bridge days (`day_off`) and the Saturdays worked in exchange
 * (`working_day`). `cleared` withdraws an earlier override of the same date, so the statutory calendar
 * applies again; overrides are never edited, only superseded by a later one for the same date.
 */
export const OVERRIDE_KINDS = ['day_off', 'working_day', 'cleared'] as const;
export type OverrideKind = (typeof OVERRIDE_KINDS)[number];

export interface CalendarOverride {
  /** Local date, `YYYY-MM-DD`. */
  date: string;
  kind: OverrideKind;
  /** What the day is, e.g. "Nghỉ Tết Âm lịch 2026" or "Làm bù cho thứ Sáu 02/5/2025". */
  name: string;
  /** The decision or notice it comes from, so an inspector can check it. */
  source: string;
}

/** An override in force: `cleared` ones have been applied and are gone. */
export type EffectiveOverride = CalendarOverride & { kind: 'day_off' | 'working_day' };

/** Checks one override; returns what is wrong with it, or nothing. */
export function overrideProblems(o: Partial<CalendarOverride>): string[] {
  const problems: string[] = [];
  if (typeof o.date !== 'string' || !isLocalDate(o.date))
    problems.push('date must be a real date YYYY-MM-DD');
  if (!OVERRIDE_KINDS.includes(o.kind as OverrideKind)) {
    problems.push(`kind must be one of ${OVERRIDE_KINDS.join(', ')}`);
  }
  if (typeof o.name !== 'string' || o.name.trim() === '') problems.push('name must not be empty');
  if (typeof o.source !== 'string' || o.source.trim() === '') problems.push('source must not be empty');
  return problems;
}

/**
 * Applies overrides in the order they were made: the latest for a date wins, `cleared` removes the
 * date's override (including one from the seed file).
 */
export function mergeOverrides(...layers: ReadonlyArray<readonly CalendarOverride[]>): EffectiveOverride[] {
  const byDate = new Map<string, EffectiveOverride>();
  for (const layer of layers) {
    for (const o of layer) {
      if (o.kind === 'cleared') byDate.delete(o.date);
      else byDate.set(o.date, { date: o.date, kind: o.kind, name: o.name, source: o.source });
    }
  }
  return [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
}

/**
 * Identifies what the overrides change: only dates and kinds, so correcting a name or a source does not
 * make a new calendar version, while any change of a working-day answer does.
 */
export function overridesHash(overrides: readonly EffectiveOverride[], salt = ''): string {
  const canonical = overrides
    .map((o) => `${o.date}:${o.kind}`)
    .sort()
    .join(',');
  return createHash('sha256').update(`${salt}|${canonical}`).digest('hex').slice(0, 8);
}

/** Reads the seed list; a malformed file stops the service at start-up rather than skewing deadlines. */
export function parseSeedOverrides(file: unknown): EffectiveOverride[] {
  const list = (file as { overrides?: unknown } | null)?.overrides;
  if (!Array.isArray(list)) throw new Error('calendar overrides: expected { "overrides": [...] }');
  const seen = new Set<string>();
  const out: EffectiveOverride[] = [];
  for (const [i, raw] of list.entries()) {
    const o = raw as Partial<CalendarOverride>;
    const problems = overrideProblems(o);
    if (o.kind === 'cleared') problems.push('the seed list holds decisions, not withdrawals');
    if (typeof o.date === 'string' && seen.has(o.date)) problems.push(`${o.date} is listed twice`);
    if (problems.length) throw new Error(`calendar overrides[${i}]: ${problems.join('; ')}`);
    const valid = o as EffectiveOverride;
    seen.add(valid.date);
    out.push({ date: valid.date, kind: valid.kind, name: valid.name, source: valid.source });
  }
  return out;
}

/** The overrides shipped with the service (`vn-calendar-overrides.json`); admins add the rest. */
export const SEED_OVERRIDES: readonly EffectiveOverride[] = Object.freeze(parseSeedOverrides(seedFile));
