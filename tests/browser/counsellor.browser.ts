// The Hotline 111 counsellor's workspace in a real browser: a report typed by keyboard, the duplicate panel,
// the referral, and what the commune that carries the case then sees.
import { expect, test } from '@playwright/test';
import {
  childName,
  eventually,
  must,
  randomPhone,
  recordReport,
  refer,
  TU_KY,
  type Contact,
} from './support/api';
import { review, signIn } from './support/console';

test('a report typed by keyboard finds the earlier report of the same child, is referred, and the commune sees the child', async ({
  page,
}) => {
  const name = childName();
  const earlier = await refer(await recordReport(name));

  await signIn(page, 'counsellor', '/calls/new');
  await expect(page.getByRole('heading', { name: 'Cuộc gọi mới' })).toBeVisible();
  await expect(page.getByRole('timer', { name: 'Thời lượng cuộc gọi' })).toBeVisible();
  await review(page, 'counsellor-new-call');

  // Keyboard only: each field is reached from the one before it, text typed with Vietnamese diacritics.
  // A reporter is anonymous until the counsellor says otherwise.
  await page.getByRole('checkbox', { name: 'Người báo tin giấu tên' }).focus();
  await page.keyboard.press('Space');
  await page.getByLabel('Họ và tên người báo tin').focus();
  await page.keyboard.type('Trần Thị Lụa');
  await page.keyboard.press('Tab');
  await page.keyboard.type(randomPhone());
  await page.getByLabel('Họ và tên trẻ').first().focus();
  await page.keyboard.type(name);
  await page.getByLabel('Tuổi (ước lượng nếu không rõ ngày sinh)').first().focus();
  await page.keyboard.type('9');
  await page.getByRole('checkbox', { name: 'Bạo lực', exact: true }).focus();
  await page.keyboard.press('Space');
  await page.getByRole('combobox', { name: 'Xã, phường nơi xảy ra vụ việc' }).focus();
  await page.keyboard.type('tu ky');
  // Ant Design lists each option twice: hidden for screen readers, visible in the dropdown.
  await expect(page.locator('.ant-select-dropdown').getByText(/Tứ Kỳ/).first()).toBeVisible();
  await page.keyboard.press('Enter');
  await page.getByLabel('Tình trạng hiện tại của trẻ').focus();
  await page.keyboard.type('Cháu có vết bầm ở tay, đang ở nhà bà ngoại.');

  // While typing, the side panel finds the earlier report of the same child.
  const panel = page.getByRole('complementary', { name: 'Đối chiếu khi nhập' });
  const match = panel.locator(`a[href="/contacts/${earlier.id}"]`);
  await expect(match).toBeVisible();
  await review(page, 'counsellor-new-call-duplicates');

  await page.keyboard.press('Control+Enter');
  await expect(page).toHaveURL(/\/contacts\/[0-9a-f-]{36}$/);
  const contactId = page.url().split('/').pop()!;
  await expect(page.getByText('Đã ghi nhận liên hệ.')).toBeVisible();
  await review(page, 'counsellor-contact-recorded');

  // Refer to the commune of the incident, urgently.
  await page.getByRole('checkbox', { name: /Khẩn cấp/ }).check();
  await page.getByRole('button', { name: 'Chuyển báo cáo' }).click();
  await expect(page.getByText('Đã chuyển báo cáo.')).toBeVisible();
  await review(page, 'counsellor-contact-referred');

  // The commune that carries the case reads the child's identity in casework.
  const caseId = await eventually('the case opened from the referral', async () => {
    const c = await must<Contact>(200, 'intake', 'GET', `/api/v1/contacts/${contactId}`, 'counsellor');
    return c.referral?.caseId ?? undefined;
  });
  const identity = await must<{ carryingCommuneCode: string; children: Array<{ name: string }> }>(
    200,
    'casework',
    'GET',
    `/api/v1/cases/${caseId}/identity`,
    'worker.tuky',
  );
  expect(identity.carryingCommuneCode).toBe(TU_KY.code);
  expect(identity.children.map((c) => c.name)).toEqual([name]);
});
