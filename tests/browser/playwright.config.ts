// The console's browser tests: Debian's Chromium driven by Playwright through Keycloak's real sign-in page,
// the console's one-origin server (vite preview) and the three services, started once for the whole run
// by the global setup (support/global-setup.ts).
import { defineConfig } from '@playwright/test';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

export default defineConfig({
  testDir: __dirname,
  testMatch: /.*\.browser\.ts$/,
  // One stack, one identity provider, one browser: the tests run one after another.
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  outputDir: path.join(ROOT, '.local', 'browser', 'results'),
  reporter: [['list'], ['json', { outputFile: path.join(ROOT, '.local', 'browser', 'report.json') }]],
  globalSetup: path.join(__dirname, 'support', 'global-setup.ts'),
  use: {
    // Keycloak's hostname and the console's client are on this origin (docs/identity.md).
    baseURL: 'http://localhost:4200',
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    viewport: { width: 1366, height: 900 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      // This machine's network is closed: no background connections, no component updates.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
