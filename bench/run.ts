import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { comparedCount, formatComparison, readBaseline, regressions, writeBaseline } from './baseline';
import { caseworkBenchmarks } from './casework.bench';
import { communeSearchBenchmarks } from './commune-search.bench';
import { consoleBenchmarks } from './console.bench';
import { referralToReportingBenchmark } from './e2e.bench';
import { eventStoreBenchmarks } from './event-store.bench';
import { intakeBenchmarks } from './intake.bench';
import type { Result } from './lib';
import { reportingBenchmarks } from './reporting.bench';

/**
 * `npm run bench`: every group, a table, bench/results/latest.json, and the comparison with the committed
 * baseline (bench/baseline.json). Absolute numbers on a shared 2-core machine are noise; the ratios against
 * raw PostgreSQL measured in the same run, and CPU time per unit of work, are the signal.
 *
 *   npm run bench                          all groups, then the comparison
 *   npm run bench -- --quick               smaller runs (a smoke test of the benchmarks themselves)
 *   npm run bench -- --only=e2e,intake     some groups
 *   npm run bench -- --only=e2e --rate=30 --no-knee
 *   npm run bench -- --update-baseline     no run: bench/results/latest.json (a full run) becomes the baseline
 */
const ROOT = join(__dirname, '..', '..');
const RESULTS = join(ROOT, 'bench', 'results');
const BASELINE = join(ROOT, 'bench', 'baseline.json');

interface Options {
  quick: boolean;
  rate: number;
  knee: boolean;
}

const GROUPS: Record<string, (o: Options) => Promise<Result[]> | Result[]> = {
  'event-store': (o) => eventStoreBenchmarks({ total: o.quick ? 2000 : 8000, rounds: o.quick ? 1 : 3 }),
  casework: (o) =>
    caseworkBenchmarks({
      lifecycles: o.quick ? 32 : 96,
      rounds: o.quick ? 1 : 3,
      rawTotal: o.quick ? 2000 : 8000,
      stateReads: 300,
    }),
  intake: (o) =>
    intakeBenchmarks({
      contacts: o.quick ? 400 : 1600,
      rounds: o.quick ? 1 : 3,
      rawTotal: o.quick ? 2000 : 8000,
    }),
  'commune-search': () => communeSearchBenchmarks({ queries: 2000 }),
  e2e: (o) =>
    referralToReportingBenchmark({ ratePerSecond: o.rate, seconds: o.quick ? 5 : 20, knee: o.knee }),
  reporting: (o) =>
    reportingBenchmarks({
      events: o.quick ? 50_000 : 1_000_000,
      statisticsRuns: o.quick ? 10 : 50,
      lagSeconds: o.quick ? 5 : 20,
      rawTotal: o.quick ? 1000 : 4000,
    }),
  console: (o) => consoleBenchmarks({ loads: o.quick ? 5 : 20 }),
};

async function main(): Promise<void> {
  const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  if (process.argv.includes('--update-baseline')) return updateBaseline();
  const quick = process.argv.includes('--quick');
  const opts: Options = {
    quick,
    rate: Number(arg('rate') ?? 50),
    knee: !quick && !process.argv.includes('--no-knee'),
  };
  const only = arg('only')?.split(',');
  const unknown = (only ?? []).filter((g) => !(g in GROUPS));
  if (unknown.length)
    throw new Error(`no benchmark group ${unknown.join(', ')}; there are ${Object.keys(GROUPS).join(', ')}`);
  const results: Result[] = [];
  for (const [group, run] of Object.entries(GROUPS)) {
    if (only && !only.includes(group)) continue;
    results.push(...(await run(opts)));
  }
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(join(RESULTS, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  printTable(results);
  const baseline = readBaseline(BASELINE);
  if (!baseline) {
    process.stdout.write(
      '\nNo bench/baseline.json yet: `npm run bench -- --update-baseline` records this run.\n',
    );
  } else if (quick || opts.rate !== 50 || (opts.knee === false && (!only || only.includes('e2e')))) {
    process.stdout.write(
      '\nNot compared with the baseline: it was recorded by a full run at the default settings.\n',
    );
  } else {
    const found = regressions(results, baseline);
    process.stdout.write(`\n${formatComparison(found, baseline, comparedCount(results, baseline))}`);
  }
}

function printTable(results: Result[]): void {
  const width = Math.max(...results.map((r) => r.name.length));
  process.stdout.write(`${'benchmark'.padEnd(width)}  ${'value'.padStart(12)}  unit\n`);
  for (const r of results)
    process.stdout.write(`${r.name.padEnd(width)}  ${String(r.value).padStart(12)}  ${r.unit}\n`);
}

function updateBaseline(): void {
  const results = JSON.parse(readFileSync(join(RESULTS, 'latest.json'), 'utf8')) as Result[];
  const missing = Object.keys(GROUPS).filter((g) => !results.some((r) => groupOf(r.name) === g));
  if (missing.length) {
    throw new Error(
      `bench/results/latest.json lacks ${missing.join(', ')}: record the baseline from a full run`,
    );
  }
  const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT }).toString().trim();
  const note = process.argv.find((a) => a.startsWith('--note='))?.slice('--note='.length) ?? '';
  writeBaseline(BASELINE, results, commit, note);
  process.stdout.write(`bench/baseline.json now holds ${results.length} figures of ${commit}.\n`);
}

/** The group a figure comes from, by its name. */
function groupOf(name: string): string {
  if (name.startsWith('e2e.')) return 'e2e';
  if (name.startsWith('intake.commune_search')) return 'commune-search';
  if (name.startsWith('intake.')) return 'intake';
  if (name.startsWith('casework.')) return 'casework';
  if (name.startsWith('reporting.')) return 'reporting';
  if (name.startsWith('console.')) return 'console';
  return 'event-store';
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(
      `benchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);
