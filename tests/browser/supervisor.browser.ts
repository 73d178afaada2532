/// <reference lib="dom" />
// The hotline supervisor sees reports fall late without reloading the page — a referral no commune took up,
// and a report never passed on (the browser stack's clocks are a development override of seconds) — the
// most overdue first, and the team's contacts.
import { expect, test } from '@playwright/test';
import { childName, recordReport, refer } from './support/api';
import { review, signIn } from './support/console';

test("the supervisor's alert list shows a late referral and a report not passed on, without a reload", async ({
  page,
}) => {
  await signIn(page, 'supervisor', '/supervisor/follow-ups');
  await expect(page.getByRole('heading', { name: 'Cảnh báo theo dõi' })).toBeVisible();
  // A mark on this page's window: a reload or a navigation would lose it.
  await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));

  const referred = await refer(await recordReport(childName()));
  // Received an hour ago and still at the hotline: past the forwarding clock.
  const kept = await recordReport(childName());
  const rowOf = (id: string) =>
    page.getByRole('row').filter({ has: page.locator(`a[href="/contacts/${id}"]`) });
  await expect(rowOf(referred.id)).toBeVisible({ timeout: 60_000 });
  await expect(rowOf(referred.id)).toContainText('Xã chưa tiếp nhận');
  await expect(rowOf(kept.id)).toBeVisible({ timeout: 60_000 });
  await expect(rowOf(kept.id)).toContainText('Chưa chuyển xã');
  // Its due time is the forwarding clock's, an hour ago: late, and above the referral that fell late just now.
  await expect(rowOf(kept.id)).toContainText(/Trễ \d+ (giờ|phút)/);
  const order = await page
    .locator('tbody a[href^="/contacts/"]')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
  expect(order.indexOf(`/contacts/${kept.id}`)).toBeLessThan(order.indexOf(`/contacts/${referred.id}`));
  expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
  await review(page, 'supervisor-follow-ups');

  await page.getByRole('link', { name: 'Liên hệ của nhóm' }).click();
  await expect(page.getByRole('heading', { name: 'Liên hệ của nhóm' })).toBeVisible();
  await expect(page.locator(`a[href="/contacts/${referred.id}"]`)).toBeVisible();
  await review(page, 'supervisor-team-contacts');
});
