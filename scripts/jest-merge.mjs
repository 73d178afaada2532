#!/usr/bin/env node
// Merges the Jest results of one level, written per Nx project (.local/jest/<level>/<project>.json, the
// `test` and `integration` targets' outputs, restored by Nx on a cache hit), into the one file of that
// level the test summary reads (.local/jest-<level>.json). The merged file has the shape of a single
// `jest --json` run (docs/adr/0008-nx-targets-and-caching.md): the counts summed, `success` only if every
// project succeeded, `testResults` concatenated, plus `projects`, the Nx projects it was merged from.
//
//   node scripts/jest-merge.mjs unit|integration
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const level = process.argv[2];
if (!['unit', 'integration'].includes(level)) {
  process.stderr.write('usage: node scripts/jest-merge.mjs unit|integration\n');
  process.exit(2);
}
const dir = join(root, '.local', 'jest', level);
const files = existsSync(dir)
  ? readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .sort()
  : [];
if (files.length === 0) {
  process.stderr.write(`no Jest results in ${dir}\n`);
  process.exit(1);
}

const merged = {
  numFailedTestSuites: 0,
  numFailedTests: 0,
  numPassedTestSuites: 0,
  numPassedTests: 0,
  numPendingTestSuites: 0,
  numPendingTests: 0,
  numRuntimeErrorTestSuites: 0,
  numTodoTests: 0,
  numTotalTestSuites: 0,
  numTotalTests: 0,
  openHandles: [],
  snapshot: {},
  startTime: Infinity,
  success: true,
  testResults: [],
  wasInterrupted: false,
  projects: [],
};
for (const f of files) {
  const r = JSON.parse(readFileSync(join(dir, f), 'utf8'));
  for (const [k, v] of Object.entries(r)) {
    if (k.startsWith('num') && typeof v === 'number') merged[k] = (merged[k] ?? 0) + v;
  }
  for (const [k, v] of Object.entries(r.snapshot ?? {})) {
    if (typeof v === 'number') merged.snapshot[k] = (merged.snapshot[k] ?? 0) + v;
    else if (typeof v === 'boolean') merged.snapshot[k] = (merged.snapshot[k] ?? false) || v;
  }
  merged.openHandles.push(...(r.openHandles ?? []));
  merged.testResults.push(...(r.testResults ?? []));
  merged.startTime = Math.min(merged.startTime, r.startTime ?? Infinity);
  merged.success &&= r.success === true;
  merged.wasInterrupted ||= r.wasInterrupted === true;
  merged.projects.push(f.replace(/\.json$/, ''));
}
if (!Number.isFinite(merged.startTime)) merged.startTime = 0;
writeFileSync(join(root, '.local', `jest-${level}.json`), JSON.stringify(merged));
process.stdout.write(
  `[test] ${level}: ${merged.numPassedTests} passed, ${merged.numFailedTests} failed in ` +
    `${merged.numTotalTestSuites} suites of ${files.length} projects\n`,
);
