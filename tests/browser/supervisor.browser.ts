/// <reference lib="dom" />
// The hotline supervisor sees a referral fall late without reloading the page (the browser stack's take-up
// clock is a development override of a few seconds), and the team's contacts.
import { expect, test } from '@playwright/test';
import { childName, recordReport, refer } from './support/api';
import { review, signIn } from './support/console';

test("the supervisor's alert list shows a late referral without a reload", async ({ page }) => {
  await signIn(page, 'supervisor', '/supervisor/follow-ups');
  await expect(page.getByRole('heading', { name: 'Cảnh báo theo dõi' })).toBeVisible();
  // A mark on this page's window: a reload or a navigation would lose it.
  await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));

  const referred = await refer(await recordReport(childName()));
  const row = page.locator(`a[href="/contacts/${referred.id}"]`);
  await expect(row).toBeVisible({ timeout: 60_000 });
  expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
  await review(page, 'supervisor-follow-ups');

  await page.getByRole('link', { name: 'Liên hệ của nhóm' }).click();
  await expect(page.getByRole('heading', { name: 'Liên hệ của nhóm' })).toBeVisible();
  await expect(page.locator(`a[href="/contacts/${referred.id}"]`)).toBeVisible();
  await review(page, 'supervisor-team-contacts');
});
