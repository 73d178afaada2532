// What every browser test does with the console: sign in through Keycloak's own page, and review a screen —
// a screenshot for people to look at, axe-core's accessibility rules, and no untranslated text.
import fs from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import vi from '../../../apps/console/src/i18n/vi.json';
import en from '../../../apps/console/src/i18n/en.json';

const ROOT = path.resolve(__dirname, '..', '..', '..');
/** Screens are written here for review (git-ignored). */
export const SCREENS_DIR = path.join(ROOT, '.local', 'browser', 'screens');
export const DEV_PASSWORD = 'dev-only-password';

type Catalog = { [key: string]: string | Catalog };

function flatten(catalog: Catalog, prefix = '', into = new Map<string, string>()): Map<string, string> {
  for (const [key, value] of Object.entries(catalog)) {
    if (typeof value === 'string') into.set(prefix + key, value);
    else flatten(value, `${prefix}${key}.`, into);
  }
  return into;
}

const VI = flatten(vi);
const EN = flatten(en);
/** Catalog keys as they would show if a string were missing (i18next shows the key itself). */
const KEYS = [...VI.keys()];
/**
 * English texts that must not appear in Vietnamese mode: every English catalog value of two words or more
 * that differs from its Vietnamese one (single words such as "Zalo" or "English" are the same in both).
 */
const ENGLISH = [...EN.entries()]
  .filter(([key, text]) => VI.get(key) !== text && /\S+\s+\S+/.test(text) && !text.includes('{{'))
  .map(([, text]) => text);

/** Signs `username` in through Keycloak's sign-in page, starting from `path` of the console. */
export async function signIn(page: Page, username: string, startPath = '/'): Promise<void> {
  await page.goto(startPath);
  await page.waitForURL(/\/auth\/realms\/child-protection\/protocol\/openid-connect\/auth/);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(DEV_PASSWORD);
  await page.locator('#kc-login').click();
  await page.waitForURL(
    (url) => !url.pathname.startsWith('/auth/') && !url.pathname.startsWith('/signin-callback'),
  );
  await expect(page.getByRole('navigation', { name: 'Menu chính' })).toBeVisible();
}

/**
 * Reviews the screen as it is now: writes `<name>.png`, fails on any serious or critical axe-core violation,
 * on a catalog key shown instead of its text, and on English text in Vietnamese mode.
 */
export async function review(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  fs.mkdirSync(SCREENS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS_DIR, `${name}.png`), fullPage: true });
  const text = await page.locator('body').innerText();
  const shownKeys = KEYS.filter((key) => text.includes(key));
  expect(shownKeys, `${name}: catalog keys shown instead of their text`).toEqual([]);
  const english = ENGLISH.filter((phrase) => text.includes(phrase));
  expect(english, `${name}: English text in Vietnamese mode`).toEqual([]);
  expect(await page.locator('html').getAttribute('lang'), `${name}: the page's language`).toBe('vi');
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = axe.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, `${name}: serious or critical accessibility violations`).toEqual([]);
}
