// The console as a commune office on a slow connection and a counsellor at a call meet it:
//   console.initial_js_gzip_kb          the JavaScript needed to show the call screen, gzipped (budget 250 kB)
//   console.call_screen_ready.p95_ms    navigation → a usable call screen, signed in, over 20 loads, in Debian's
//                                       Chromium through the one-origin proxy, Keycloak and the services
//   console.health_live.p95_ms          the same run's /health/live round trip, for scale
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { DEV_PASSWORD } from '@cp/testing';
import { CONSOLE_ORIGIN, startConsoleStack } from '../tests/e2e/support/console-stack';
import { ROOT } from '../tests/e2e/support/proc';
import { percentile, type Result } from './lib';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function initialJsKb(): number {
  const out = execFileSync(
    process.execPath,
    [join(ROOT, 'apps', 'console', 'tools', 'measure-initial-js.mjs'), '--json'],
    {
      cwd: ROOT,
    },
  ).toString();
  return (JSON.parse(out) as { initial_js_gzip_kb: number }).initial_js_gzip_kb;
}

export async function consoleBenchmarks(opts: { loads: number }): Promise<Result[]> {
  const results: Result[] = [{ name: 'console.initial_js_gzip_kb', value: initialJsKb(), unit: 'kB' }];
  const { stack, stop } = await startConsoleStack({ name: 'bench-console' });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage({ locale: 'vi-VN', timezoneId: 'Asia/Ho_Chi_Minh' });
    await page.goto(`${CONSOLE_ORIGIN}/calls/new`);
    await page.locator('#username').fill('counsellor');
    await page.locator('#password').fill(DEV_PASSWORD);
    await page.locator('#kc-login').click();
    const usable = async () => {
      await page.getByLabel('Họ và tên trẻ').first().waitFor({ state: 'visible' });
      // The commune typeahead loads just after the screen: usable means it is there too.
      // (until then a disabled text field stands in for it, which is not a combobox)
      await page
        .getByRole('combobox', { name: 'Xã, phường nơi xảy ra vụ việc' })
        .waitFor({ state: 'visible' });
    };
    await usable();
    const ready: number[] = [];
    for (let i = 0; i < opts.loads; i++) {
      const t0 = performance.now();
      await page.goto(`${CONSOLE_ORIGIN}/calls/new`);
      await usable();
      ready.push(performance.now() - t0);
    }
    const live: number[] = [];
    for (let i = 0; i < opts.loads; i++) {
      const t0 = performance.now();
      const res = await fetch(`${stack.intake.baseUrl}/health/live`);
      await res.arrayBuffer();
      live.push(performance.now() - t0);
    }
    ready.sort((a, b) => a - b);
    live.sort((a, b) => a - b);
    const round = (v: number) => Math.round(v * 10) / 10;
    results.push(
      { name: 'console.call_screen_ready.p50_ms', value: round(percentile(ready, 50)), unit: 'ms' },
      { name: 'console.call_screen_ready.p95_ms', value: round(percentile(ready, 95)), unit: 'ms' },
      { name: 'console.health_live.p95_ms', value: round(percentile(live, 95)), unit: 'ms' },
    );
  } finally {
    await browser.close();
    await stop();
  }
  return results;
}
