// One stack for every browser test (tests/e2e/support/console-stack.ts): Keycloak, the three services with
// fresh databases and their own topics, and the console's one-origin server on http://localhost:4200. What
// the tests need to reach the stack directly is written to .local/browser/stack.json.
import fs from 'node:fs';
import path from 'node:path';
import type * as ConsoleStackModule from '../../e2e/support/console-stack';
import { STACK_FILE, type BrowserStack } from './stack-file';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** The hotline's clocks, short enough for a test to see a report fall late (a development override). */
const CLOCKS = { takeUpMinutes: 0.25, forwardingMinutes: 0.5, scanMs: 1000 } as const;

/**
 * The harness as `npm run build` compiled it: the services' libraries use parameter decorators, which
 * Playwright's TypeScript loader does not compile.
 */
function harness(): typeof ConsoleStackModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(
    path.join(ROOT, 'dist', 'tests', 'e2e', 'support', 'console-stack.js'),
  ) as typeof ConsoleStackModule;
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const { stack, stop } = await harness().startConsoleStack({
    name: 'browser',
    env: {
      FOLLOW_UP_MINUTES: String(CLOCKS.takeUpMinutes),
      FOLLOW_UP_URGENT_MINUTES: String(CLOCKS.takeUpMinutes),
      FORWARDING_MINUTES: String(CLOCKS.forwardingMinutes),
      FOLLOW_UP_SCAN_MS: String(CLOCKS.scanMs),
      FOLLOW_UP_GRACE_MS: '0',
    },
  });
  const file: BrowserStack = {
    id: stack.id,
    intake: stack.intake.baseUrl,
    casework: stack.casework.baseUrl,
    reporting: stack.reporting.baseUrl,
    logDir: stack.logDir,
    clocks: CLOCKS,
  };
  fs.mkdirSync(path.dirname(STACK_FILE), { recursive: true });
  fs.writeFileSync(STACK_FILE, JSON.stringify(file, null, 2));
  return stop;
}
