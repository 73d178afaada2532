// The console on its one origin, over a stack of its own: the development Keycloak (shared by a whole run),
// the three services verifying its tokens, and `vite preview` of the built console on http://localhost:4200
// routing /api/<service> to them and /auth to Keycloak. Used by the browser tests and the console benchmark.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ensureKeycloak, keycloakServiceEnv, KEYCLOAK } from '@cp/testing';
import { ROOT } from './proc';
import { Stack } from './stack';

/** Keycloak's hostname and the console client's redirects name this origin (docs/identity.md). */
export const CONSOLE_ORIGIN = 'http://localhost:4200';

export interface ConsoleStack {
  stack: Stack;
  stop: () => Promise<void>;
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

export async function startConsoleStack(opts: {
  name: string;
  env?: Record<string, string>;
}): Promise<ConsoleStack> {
  if (!fs.existsSync(path.join(ROOT, 'dist', 'apps', 'console', 'index.html'))) {
    throw new Error('the console is not built: run `npm run build` first');
  }
  if (await answers(`${CONSOLE_ORIGIN}/`)) {
    throw new Error(`${CONSOLE_ORIGIN} is already taken (is \`npm start\` running?): stop it first`);
  }
  await ensureKeycloak();
  const stack = await Stack.start({ name: opts.name, env: { ...keycloakServiceEnv(), ...opts.env } });
  const logFile = path.join(stack.logDir, 'console-preview.log');
  const out = fs.openSync(logFile, 'a');
  const preview = spawn(
    process.execPath,
    [
      path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
      'preview',
      '--config',
      'apps/console/vite.config.mts',
    ],
    {
      cwd: ROOT,
      stdio: ['ignore', out, out],
      env: {
        ...process.env,
        CONSOLE_INTAKE_URL: stack.intake.baseUrl,
        CONSOLE_CASEWORK_URL: stack.casework.baseUrl,
        CONSOLE_REPORTING_URL: stack.reporting.baseUrl,
      },
    },
  );
  fs.closeSync(out);
  const stop = async () => {
    if (preview.exitCode === null) {
      const exited = new Promise((resolve) => preview.once('exit', resolve));
      preview.kill('SIGTERM');
      await exited;
    }
    await stack.stop();
  };
  const ready = async (what: string, url: string) => {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (preview.exitCode !== null) {
        throw new Error(
          `vite preview exited (${preview.exitCode}):\n${fs.readFileSync(logFile, 'utf8').slice(-2000)}`,
        );
      }
      if (await answers(url)) return;
      await new Promise((r) => setTimeout(r, 300));
    }
    throw new Error(`${what} did not answer ${url} within 60 s`);
  };
  try {
    await ready('the console (vite preview)', `${CONSOLE_ORIGIN}/`);
    await ready(
      "the identity provider on the console's origin",
      `${KEYCLOAK.publicUrl}/realms/${KEYCLOAK.realm}/.well-known/openid-configuration`,
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { stack, stop };
}
