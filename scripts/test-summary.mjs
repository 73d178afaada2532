#!/usr/bin/env node
// The suite's verdict, after scripts/test.sh has run every level: per level, what passed, failed and was
// left pending, and the total. It fails the run when a test failed, when any test was skipped, focused
// away or left as a todo, when a level's results are missing, or when fewer tests passed at a level than
// its floor in tests/test-floor.json: a suite that quietly shrinks is a suite that no longer checks what
// it did. Raise a floor in the same commit that adds tests; lower it only in one that deletes them, and
// say why.
//
//   node scripts/test-summary.mjs [--results <dir>] [--floor <file>]
//
// <dir> (default .local) holds jest-unit.json, jest-integration.json and jest-e2e.json (`jest --json`)
// and browser/report.json (Playwright's JSON reporter).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? path.resolve(process.argv[i + 1]) : fallback;
}
const resultsDir = option('--results', path.join(ROOT, '.local'));
const floorFile = option('--floor', path.join(ROOT, 'tests', 'test-floor.json'));

/** Levels in the order they run, each with its results file and how to read it. */
const LEVELS = [
  { name: 'unit', file: 'jest-unit.json', read: fromJest },
  { name: 'integration', file: 'jest-integration.json', read: fromJest },
  { name: 'e2e', file: 'jest-e2e.json', read: fromJest },
  { name: 'browser', file: path.join('browser', 'report.json'), read: fromPlaywright },
];

/** `jest --json`: a suite that could not run (an import that throws) has no failed test, so count it too. */
function fromJest(r) {
  return {
    passed: r.numPassedTests,
    failed: r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0),
    pending: r.numPendingTests + (r.numTodoTests ?? 0),
  };
}

/** Playwright's JSON reporter: a flaky test failed once, so it counts as failed. */
function fromPlaywright(r) {
  const s = r.stats;
  return { passed: s.expected, failed: s.unexpected + s.flaky, pending: s.skipped };
}

const problems = [];
let floors = {};
try {
  floors = JSON.parse(fs.readFileSync(floorFile, 'utf8'));
} catch (err) {
  problems.push(`cannot read the floor ${path.relative(ROOT, floorFile)}: ${err.message}`);
}

const total = { passed: 0, failed: 0, pending: 0 };
for (const level of LEVELS) {
  const file = path.join(resultsDir, level.file);
  let counts;
  try {
    counts = level.read(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch (err) {
    problems.push(`${level.name}: no results (${path.relative(ROOT, file)}: ${err.message})`);
    continue;
  }
  if (![counts.passed, counts.failed, counts.pending].every(Number.isInteger)) {
    problems.push(`${level.name}: ${path.relative(ROOT, file)} is not a results file of that level`);
    continue;
  }
  const floor = floors[level.name];
  process.stdout.write(
    `[test] ${level.name}: ${counts.passed} passed, ${counts.failed} failed, ${counts.pending} pending` +
      `${Number.isInteger(floor) ? ` (floor ${floor})` : ''}\n`,
  );
  for (const k of Object.keys(total)) total[k] += counts[k];
  if (counts.failed > 0) problems.push(`${level.name}: ${counts.failed} failed`);
  if (counts.pending > 0) problems.push(`${level.name}: ${counts.pending} skipped, focused away or todo`);
  if (!Number.isInteger(floor)) problems.push(`${level.name}: no floor in ${path.relative(ROOT, floorFile)}`);
  else if (counts.passed < floor)
    problems.push(`${level.name}: ${counts.passed} passed, below the floor of ${floor}`);
}
process.stdout.write(
  `[test] total: ${total.passed} passed, ${total.failed} failed, ${total.pending} pending\n`,
);
for (const p of problems) process.stderr.write(`[test] FAILED: ${p}\n`);
process.exit(problems.length ? 1 : 0);
