import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventStoreBenchmarks } from './event-store.bench';
import { referralToReportingBenchmark } from './e2e.bench';
import { caseworkBenchmarks } from './casework.bench';
import { communeSearchBenchmarks } from './commune-search.bench';
import { intakeBenchmarks } from './intake.bench';
import { reportingBenchmarks } from './reporting.bench';
import type { Result } from './lib';

/**
 * `npm run bench`: prints a table and writes bench/results/latest.json. Absolute numbers on a shared
 * 2-core machine are noise; the ratios against raw PostgreSQL measured in the same run are the signal.
 */
async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  // `--only=reporting` or `--only=event-store` runs one group; the default runs them all.
  const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  const results: Result[] = [];
  if (only === 'reporting') {
    results.push(...(await reportingGroup(quick)));
    return report(results);
  }
  results.push(...(await eventStoreBenchmarks({ total: quick ? 2000 : 8000, rounds: quick ? 1 : 3 })));
  if (only === 'event-store') return report(results);
  results.push(
    ...(await caseworkBenchmarks({
      lifecycles: quick ? 32 : 96,
      rounds: quick ? 1 : 3,
      rawTotal: quick ? 2000 : 8000,
      stateReads: 300,
    })),
  );
  results.push(
    ...(await intakeBenchmarks({
      contacts: quick ? 400 : 1600,
      rounds: quick ? 1 : 3,
      rawTotal: quick ? 2000 : 8000,
    })),
  );
  results.push(...communeSearchBenchmarks({ queries: 2000 }));
  results.push(...(await referralToReportingBenchmark({ ratePerSecond: 50, seconds: quick ? 5 : 20 })));
  results.push(...(await reportingGroup(quick)));
  report(results);
}

function reportingGroup(quick: boolean): Promise<Result[]> {
  return reportingBenchmarks({
    events: quick ? 50_000 : 1_000_000,
    statisticsRuns: quick ? 10 : 50,
    lagSeconds: quick ? 5 : 20,
    rawTotal: quick ? 1000 : 4000,
  });
}

function report(results: Result[]): void {
  const dir = join(__dirname, '..', '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  const width = Math.max(...results.map((r) => r.name.length));
  process.stdout.write(`${'benchmark'.padEnd(width)}  ${'value'.padStart(12)}  unit\n`);
  for (const r of results)
    process.stdout.write(`${r.name.padEnd(width)}  ${String(r.value).padStart(12)}  ${r.unit}\n`);
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
