// The console's API client is generated from the services' OpenAPI documents as kept in docs/api
// (`npm run console:api` writes them from running services). This test starts the built services and asks
// the generator to compare what they serve with the committed documents: it fails when a service changed
// its API and docs/api (hence the console's types) was not regenerated.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT, Stack } from './support/stack';

jest.setTimeout(180_000);

describe('the OpenAPI documents in docs/api', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await Stack.start({ name: 'console-api' });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('are what the running services serve', () => {
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
