// The console's API client is generated from the services' OpenAPI documents (`npm run console:api`).
// This test starts the built services, asks the generator to compare what it would write with the
// committed files, and fails when they drifted: a service changed its API and the console was not
// regenerated (run `npm run console:api` against running services and commit the result).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT, Stack } from './support/stack';

jest.setTimeout(180_000);

describe("the console's generated API client", () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await Stack.start({ name: 'console-api' });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('matches the OpenAPI documents the running services serve', () => {
    const url = (port: number) => `http://127.0.0.1:${port}`;
    const run = spawnSync(
      process.execPath,
      [
        path.join(ROOT, 'apps/console/tools/generate-api.mjs'),
        '--check',
        '--intake',
        url(stack.intake.port),
        '--casework',
        url(stack.casework.port),
        '--reporting',
        url(stack.reporting.port),
      ],
      { cwd: ROOT, encoding: 'utf8', timeout: 60_000 },
    );
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  });
});
