import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Result } from './lib';

/**
 * The committed reference figures (bench/baseline.json) and the comparison `npm run bench` ends with.
 *
 * A figure is compared in the direction that is better for it, and only when it means something across
 * runs on a shared, noisy machine: a ratio to raw PostgreSQL measured in the same run stands for the
 * absolute rate it was computed from (the rate itself is not compared), inputs and counts are not
 * compared at all. A figure more than 10 % worse than its baseline is listed; rerun before calling it a
 * regression. The baseline changes only when someone means a figure to move:
 * `npm run bench -- --update-baseline` (after a full run) rewrites it from bench/results/latest.json.
 */
export type Direction = 'higher' | 'lower' | 'none';

export interface Baseline {
  /** When and from which commit the figures were taken, and why they were (re)recorded. */
  recordedAt: string;
  commit: string;
  note: string;
  figures: Record<string, { value: number; unit: string }>;
}

export interface Regression {
  name: string;
  unit: string;
  baseline: number;
  now: number;
  /** How much worse, as a fraction of the baseline (0.25 = 25 % worse). */
  worse: number;
}

export const TOLERANCE = 0.1;

/** Units that count what a run did rather than how well: they describe the run and are not compared. */
const COUNT_UNITS = /^(events|rows|queries|referrals|events at .*)$/;

/**
 * Which way is better for a figure, from its name and unit (the rules are listed in order; the first that
 * applies decides):
 * 1. the load a benchmark chose (`*.rate_per_s`) and counts of what a run did: not compared, except
 *    referrals lost, where lower is better;
 * 2. the raw PostgreSQL reference rates themselves: not compared (every ratio is relative to them);
 * 3. an absolute rate that has a `ratio_to_raw_insert` sibling: not compared — the ratio is;
 * 4. a time relative to another time measured alongside (`p50_ratio…`, `p99_ratio…`): lower is better;
 * 5. times (a unit in ms, CPU ms included): lower is better;
 * 6. ratios and rates: higher is better.
 */
export function directionOf(r: Pick<Result, 'name' | 'unit'>, all: ReadonlySet<string>): Direction {
  const { name, unit } = r;
  if (name.endsWith('.rate_per_s')) return 'none';
  if (COUNT_UNITS.test(unit)) return name.endsWith('not_visible_after_60s') ? 'lower' : 'none';
  if (/(^|\.)raw_|raw_insert(\.c16)?\.per_s$|raw_distinct/.test(name)) return 'none';
  if (name.endsWith('.per_s') && all.has(name.replace(/\.per_s$/, '.ratio_to_raw_insert'))) return 'none';
  if (/\.p\d+_ratio/.test(name)) return 'lower';
  if (/^(CPU )?ms\b/.test(unit)) return 'lower';
  if (unit === 'ratio' || unit.startsWith('x raw') || unit.includes('/s')) return 'higher';
  return 'none';
}

export function readBaseline(path: string): Baseline | null {
  if (!existsSync(path)) return null;
  return JSON.parse(readFileSync(path, 'utf8')) as Baseline;
}

export function writeBaseline(path: string, results: Result[], commit: string, note: string): void {
  const baseline: Baseline = {
    recordedAt: new Date().toISOString(),
    commit,
    note,
    figures: Object.fromEntries(results.map((r) => [r.name, { value: r.value, unit: r.unit }])),
  };
  writeFileSync(path, `${JSON.stringify(baseline, null, 2)}\n`);
}

/** Every compared figure of this run that is more than TOLERANCE worse than the baseline's. */
export function regressions(results: Result[], baseline: Baseline): Regression[] {
  const names = new Set(results.map((r) => r.name));
  const out: Regression[] = [];
  for (const r of results) {
    const before = baseline.figures[r.name];
    if (!before || !Number.isFinite(before.value) || !Number.isFinite(r.value)) continue;
    const direction = directionOf(r, names);
    if (direction === 'none') continue;
    let worse: number;
    if (before.value === 0) {
      worse = direction === 'lower' && r.value > 0 ? Infinity : 0;
    } else {
      const change = (r.value - before.value) / Math.abs(before.value);
      worse = direction === 'higher' ? -change : change;
    }
    if (worse > TOLERANCE)
      out.push({ name: r.name, unit: r.unit, baseline: before.value, now: r.value, worse });
  }
  return out;
}

/** The comparison as a table (Markdown, so it can go into a closing note as it is). */
export function formatComparison(found: Regression[], baseline: Baseline, compared: number): string {
  const head =
    `Compared ${compared} figures with bench/baseline.json (${baseline.commit}, ${baseline.recordedAt.slice(0, 10)}): ` +
    (found.length === 0
      ? `none is more than ${TOLERANCE * 100} % worse.\n`
      : `${found.length} more than ${TOLERANCE * 100} % worse — rerun to tell noise from a regression:\n`);
  if (found.length === 0) return head;
  const rows = found.map(
    (f) =>
      `| ${f.name} | ${f.baseline} | ${f.now} | ${Number.isFinite(f.worse) ? `${Math.round(f.worse * 100)} %` : 'from 0'} | ${f.unit} |`,
  );
  return `${head}\n| figure | baseline | now | worse by | unit |\n|---|---|---|---|---|\n${rows.join('\n')}\n`;
}

/** How many figures of this run have a baseline and a direction (what the comparison looked at). */
export function comparedCount(results: Result[], baseline: Baseline): number {
  const names = new Set(results.map((r) => r.name));
  return results.filter((r) => baseline.figures[r.name] && directionOf(r, names) !== 'none').length;
}
