// scripts/test-summary.mjs on crafted results: it passes a full, green run and fails one that failed, that
// skipped or left a test as a todo, that shrank below its floor, or that is missing a level.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const SCRIPT = path.join(__dirname, '../../scripts/test-summary.mjs');
const FLOOR = { unit: 10, integration: 5, e2e: 3, browser: 2 };

interface JestCounts {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numRuntimeErrorTestSuites: number;
}
interface PlaywrightStats {
  expected: number;
  unexpected: number;
  flaky: number;
  skipped: number;
}

const jestRun = (passed: number, more: Partial<JestCounts> = {}): JestCounts => ({
  numPassedTests: passed,
  numFailedTests: 0,
  numPendingTests: 0,
  numTodoTests: 0,
  numRuntimeErrorTestSuites: 0,
  ...more,
});
const browser = (expected: number, more: Partial<PlaywrightStats> = {}) => ({
  stats: { expected, unexpected: 0, flaky: 0, skipped: 0, ...more },
});

interface Run {
  unit?: unknown;
  integration?: unknown;
  e2e?: unknown;
  browser?: unknown;
}
const green: Run = { unit: jestRun(10), integration: jestRun(5), e2e: jestRun(3), browser: browser(2) };

function summarise(run: Run, floor: unknown = FLOOR): { status: number | null; out: string; err: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'test-summary-'));
  try {
    fs.mkdirSync(path.join(dir, 'browser'));
    for (const level of ['unit', 'integration', 'e2e'] as const) {
      if (run[level]) fs.writeFileSync(path.join(dir, `jest-${level}.json`), JSON.stringify(run[level]));
    }
    if (run.browser) fs.writeFileSync(path.join(dir, 'browser', 'report.json'), JSON.stringify(run.browser));
    fs.writeFileSync(path.join(dir, 'floor.json'), JSON.stringify(floor));
    const r = spawnSync(
      process.execPath,
      [SCRIPT, '--results', dir, '--floor', path.join(dir, 'floor.json')],
      {
        encoding: 'utf8',
        env: { ...process.env, NODE_OPTIONS: '' },
      },
    );
    return { status: r.status, out: r.stdout, err: r.stderr };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('scripts/test-summary.mjs', () => {
  it('passes a green run at its floor and prints each level and the total', () => {
    const r = summarise(green);
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    expect(r.out.trim().split('\n')).toEqual([
      '[test] unit: 10 passed, 0 failed, 0 pending (floor 10)',
      '[test] integration: 5 passed, 0 failed, 0 pending (floor 5)',
      '[test] e2e: 3 passed, 0 failed, 0 pending (floor 3)',
      '[test] browser: 2 passed, 0 failed, 0 pending (floor 2)',
      '[test] total: 20 passed, 0 failed, 0 pending',
    ]);
  });

  it.each<[string, Run, string]>([
    ['a failed unit test', { ...green, unit: jestRun(10, { numFailedTests: 1 }) }, 'unit: 1 failed'],
    [
      'a suite that could not run',
      { ...green, e2e: jestRun(3, { numRuntimeErrorTestSuites: 1 }) },
      'e2e: 1 failed',
    ],
    [
      'a skipped integration test',
      { ...green, integration: jestRun(5, { numPendingTests: 1 }) },
      'integration: 1 skipped',
    ],
    ['a todo', { ...green, unit: jestRun(10, { numTodoTests: 2 }) }, 'unit: 2 skipped'],
    ['a failed browser test', { ...green, browser: browser(2, { unexpected: 1 }) }, 'browser: 1 failed'],
    ['a flaky browser test', { ...green, browser: browser(2, { flaky: 1 }) }, 'browser: 1 failed'],
    ['a skipped browser test', { ...green, browser: browser(2, { skipped: 1 }) }, 'browser: 1 skipped'],
    [
      'fewer unit tests than the floor',
      { ...green, unit: jestRun(9) },
      'unit: 9 passed, below the floor of 10',
    ],
    ['fewer browser tests than the floor', { ...green, browser: browser(1) }, 'browser: 1 passed, below'],
    ['a level that did not run', { ...green, e2e: undefined }, 'e2e: no results'],
    ['a file of another format', { ...green, integration: browser(5) }, 'integration: '],
  ])('fails %s', (_what, run, why) => {
    const r = summarise(run);
    expect(r.status).toBe(1);
    expect(r.err).toContain(`[test] FAILED: ${why}`);
  });

  it('fails a level without a floor', () => {
    const r = summarise(green, { unit: 10, integration: 5, e2e: 3 });
    expect(r.status).toBe(1);
    expect(r.err).toContain('browser: no floor');
  });

  it('adds the levels up in the total', () => {
    const r = summarise({
      unit: jestRun(12, { numFailedTests: 1 }),
      integration: jestRun(5),
      e2e: jestRun(4, { numPendingTests: 2 }),
      browser: browser(3),
    });
    expect(r.status).toBe(1);
    expect(r.out).toContain('[test] total: 24 passed, 1 failed, 2 pending');
  });
});
