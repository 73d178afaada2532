import { directionOf, regressions, type Baseline } from './baseline';
import type { Result } from './lib';

const run: Result[] = [
  { name: 'e2e.referral_to_reporting.p99_ms', value: 420, unit: 'ms' },
  { name: 'e2e.referral_to_reporting.rate_per_s', value: 50, unit: 'referrals/s' },
  { name: 'e2e.referral_to_reporting.not_visible_after_60s', value: 0, unit: 'referrals' },
  { name: 'e2e.referral.sustained_per_s', value: 60, unit: 'referrals/s (p99 < 500 ms)' },
  { name: 'e2e.referral.cpu_ms.total', value: 30, unit: 'CPU ms/referral' },
  { name: 'intake.contact.c16.ratio_to_raw_insert', value: 0.09, unit: 'ratio' },
  { name: 'intake.contact.c16.per_s', value: 400, unit: 'contacts/s' },
  { name: 'intake.contact.c16.raw_insert_per_s', value: 4000, unit: 'rows/s' },
  { name: 'postgres.raw_insert.c16.per_s', value: 4000, unit: 'rows/s' },
  { name: 'event-store.read_stream_sealed.p50_ratio_to_plain', value: 5.5, unit: 'ratio' },
  { name: 'reporting.statistics.facts', value: 1_000_000, unit: 'rows' },
  { name: 'reporting.statistics.p99_ms', value: 310, unit: 'ms (13 indicators, VN, 2026-H1)' },
  { name: 'reporting.statistics.raw_distinct_p99_ms', value: 90, unit: 'ms (one raw count)' },
  { name: 'reporting.statistics.p99_ratio_to_raw_count', value: 3.4, unit: 'ratio' },
  { name: 'reporting.rebuild.ratio_vs_raw_insert', value: 0.4, unit: 'x raw' },
];
const names = new Set(run.map((r) => r.name));
const direction = (name: string) =>
  directionOf(
    run.find((r) => r.name === name)!,
    names,
  );

describe('which way is better for a figure', () => {
  it('compares times and costs downwards, ratios and capacities upwards', () => {
    expect(direction('e2e.referral_to_reporting.p99_ms')).toBe('lower');
    expect(direction('e2e.referral.cpu_ms.total')).toBe('lower');
    expect(direction('reporting.statistics.p99_ms')).toBe('lower');
    expect(direction('event-store.read_stream_sealed.p50_ratio_to_plain')).toBe('lower');
    expect(direction('reporting.statistics.p99_ratio_to_raw_count')).toBe('lower');
    expect(direction('e2e.referral.sustained_per_s')).toBe('higher');
    expect(direction('intake.contact.c16.ratio_to_raw_insert')).toBe('higher');
    expect(direction('reporting.rebuild.ratio_vs_raw_insert')).toBe('higher');
    expect(direction('e2e.referral_to_reporting.not_visible_after_60s')).toBe('lower');
  });

  it('leaves out the chosen load, counts, raw references and rates that have a ratio', () => {
    expect(direction('e2e.referral_to_reporting.rate_per_s')).toBe('none');
    expect(direction('reporting.statistics.facts')).toBe('none');
    expect(direction('postgres.raw_insert.c16.per_s')).toBe('none');
    expect(direction('intake.contact.c16.raw_insert_per_s')).toBe('none');
    expect(direction('reporting.statistics.raw_distinct_p99_ms')).toBe('none');
    expect(direction('intake.contact.c16.per_s')).toBe('none');
  });
});

describe('the comparison with the baseline', () => {
  const baseline = (figures: Record<string, number>): Baseline => ({
    recordedAt: '2026-12-07T00:00:00Z',
    commit: 'abc1234',
    note: 'test',
    figures: Object.fromEntries(Object.entries(figures).map(([k, value]) => [k, { value, unit: '' }])),
  });

  it('lists every compared figure more than 10 % worse, with both values', () => {
    const found = regressions(
      run,
      baseline({
        'e2e.referral_to_reporting.p99_ms': 300, // 40 % slower
        'e2e.referral.sustained_per_s': 75, // 20 % less capacity
        'intake.contact.c16.ratio_to_raw_insert': 0.095, // 5 % worse: within the tolerance
        'e2e.referral.cpu_ms.total': 40, // better
        'intake.contact.c16.per_s': 900, // not compared: its ratio is
      }),
    );
    expect(found.map((f) => [f.name, f.baseline, f.now, Math.round(f.worse * 100)])).toEqual([
      ['e2e.referral_to_reporting.p99_ms', 300, 420, 40],
      ['e2e.referral.sustained_per_s', 75, 60, 20],
    ]);
  });

  it('flags referrals lost where the baseline lost none', () => {
    const lost = run.map((r) => (r.name.endsWith('not_visible_after_60s') ? { ...r, value: 3 } : r));
    const found = regressions(lost, baseline({ 'e2e.referral_to_reporting.not_visible_after_60s': 0 }));
    expect(found).toHaveLength(1);
    expect(found[0].worse).toBe(Infinity);
  });
});
