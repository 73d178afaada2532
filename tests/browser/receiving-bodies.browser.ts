// Every body that receives reports records the same Mẫu 01 (Decree 56 Art. 25.1): the commune of the incident
// and the provincial health department, each for its own area, with the hotline's form.
import { expect, test } from '@playwright/test';
import { childName } from './support/api';
import { review, signIn } from './support/console';

test('a commune worker records a report received in person, refuses one from another commune, and refers it', async ({
  page,
}) => {
  await signIn(page, 'worker.tuky');
  await expect(page).toHaveURL(/\/calls\/new$/);
  await expect(page.getByRole('heading', { name: 'Tiếp nhận thông báo, tố giác mới' })).toBeVisible();
  const purpose = page.getByRole('combobox', { name: 'Mục đích cuộc gọi' });
  await expect(purpose.locator('option')).toHaveText(['Thông báo, tố giác']);
  await expect(page.getByRole('combobox', { name: 'Kênh tiếp nhận' })).toHaveValue('in_person');
  await review(page, 'commune-new-report');

  await page.getByLabel('Họ và tên trẻ').first().fill(childName());
  await page.getByLabel('Tuổi (ước lượng nếu không rõ ngày sinh)').first().fill('11');
  await page.getByRole('checkbox', { name: 'Tảo hôn', exact: true }).check();
  const commune = page.getByRole('combobox', { name: 'Xã, phường nơi xảy ra vụ việc' });

  // Another commune (Đại Sơn) is not this worker's: the service refuses, and the console says why in Vietnamese.
  await commune.fill('dai son');
  await page
    .locator('.ant-select-dropdown')
    .getByText(/Đại Sơn/)
    .first()
    .click();
  await page.getByRole('button', { name: 'Ghi nhận liên hệ' }).click();
  await expect(page.getByText('không thuộc địa bàn của tài khoản bạn').first()).toBeVisible();
  await expect(page).toHaveURL(/\/calls\/new$/);
  await review(page, 'commune-new-report-refused');

  await commune.fill('tu ky');
  await page.locator('.ant-select-dropdown').getByText(/Tứ Kỳ/).first().click();
  await page.getByRole('button', { name: 'Ghi nhận liên hệ' }).click();
  await expect(page).toHaveURL(/\/contacts\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('button', { name: 'Đóng liên hệ' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Chuyển báo cáo' }).click();
  await expect(page.getByText('Đã chuyển báo cáo.')).toBeVisible();
  await review(page, 'commune-report-referred');
});
