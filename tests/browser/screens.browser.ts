/// <reference lib="dom" />
// Every screen of the counsellor's and the supervisor's workspaces, reviewed: a screenshot under
// .local/browser/screens/, axe-core's WCAG 2.1 AA rules, no catalog key and no English in Vietnamese mode.
// Also Keycloak's sign-in page, a phone's screen, the English version, and signing out.
import { expect, test } from '@playwright/test';
import { childName, recordReport, refer } from './support/api';
import { review, SCREENS_DIR, signIn } from './support/console';
import path from 'node:path';

test("Keycloak's sign-in page is in Vietnamese", async ({ page }) => {
  await page.goto('/calls/new');
  await page.waitForURL(/\/auth\/realms\/child-protection\//);
  await expect(page.locator('#kc-login')).toBeVisible();
  await page.screenshot({ path: path.join(SCREENS_DIR, 'sign-in.png'), fullPage: true });
  await expect(page.getByText('Đăng nhập').first()).toBeVisible();
});

test("the counsellor's work lists", async ({ page }) => {
  const referred = await refer(await recordReport(childName()));
  await signIn(page, 'counsellor', '/contacts/mine');
  await expect(page.getByRole('heading', { name: 'Liên hệ của tôi' })).toBeVisible();
  await review(page, 'counsellor-my-contacts');

  await page.getByRole('link', { name: 'Tất cả liên hệ' }).click();
  await expect(page.getByRole('heading', { name: 'Tất cả liên hệ' })).toBeVisible();
  await expect(page.locator(`a[href="/contacts/${referred.id}"]`)).toBeVisible();
  await review(page, 'counsellor-all-contacts');

  await page.getByRole('link', { name: 'Chờ xã tiếp nhận' }).click();
  await expect(page.getByRole('heading', { name: 'Liên hệ chờ xã tiếp nhận' })).toBeVisible();
  await expect(page.locator(`a[href="/contacts/${referred.id}"]`)).toBeVisible();
  await review(page, 'counsellor-awaiting');

  await page.locator(`a[href="/contacts/${referred.id}"]`).first().click();
  await expect(page.getByRole('heading', { name: 'Chuyển tiếp' })).toBeVisible();
  await expect(page.getByText('Xã chưa tiếp nhận').first()).toBeVisible();
  await review(page, 'counsellor-contact-detail');

  await page.goto('/no-such-page');
  await expect(page.getByRole('heading', { name: 'Không tìm thấy trang' })).toBeVisible();
  await review(page, 'not-found');
});

test('the call screen fits a phone, and reads in English when asked', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, 'counsellor', '/calls/new');
  await expect(page.getByRole('heading', { name: 'Cuộc gọi mới' })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, 'the call screen scrolls sideways on a phone').toBeLessThanOrEqual(0);
  await review(page, 'counsellor-new-call-phone');

  await page.setViewportSize({ width: 1366, height: 900 });
  await page.getByRole('group', { name: 'Ngôn ngữ' }).getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'New call' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.screenshot({ path: path.join(SCREENS_DIR, 'counsellor-new-call-english.png'), fullPage: true });
  await page.getByRole('group', { name: 'Language' }).getByRole('button', { name: 'Tiếng Việt' }).click();
  await expect(page.getByRole('heading', { name: 'Cuộc gọi mới' })).toBeVisible();
});

test('signing out clears the drafts of this computer', async ({ page }) => {
  await signIn(page, 'counsellor', '/calls/new');
  await page.getByLabel('Họ và tên trẻ').first().fill(childName());
  await expect(page.getByText(/Đã lưu nháp lúc/)).toBeVisible();
  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await expect(page.getByRole('heading', { name: 'Bạn đã đăng xuất' })).toBeVisible();
  await review(page, 'signed-out');
  await signIn(page, 'counsellor', '/calls/new');
  await expect(page.getByRole('heading', { name: 'Cuộc gọi mới' })).toBeVisible();
  await expect(page.getByText('Có bản nháp chưa ghi nhận')).toHaveCount(0);
});
