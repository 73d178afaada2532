/// <reference lib="dom" />
// Nothing typed is lost: a half-filled call survives a reload (the browser keeps it, encrypted); and a
// counselling call is closed with its outcome.
import { expect, test } from '@playwright/test';
import { childName } from './support/api';
import { review, signIn } from './support/console';

test('a half-filled call survives a reload, encrypted in the browser', async ({ page }) => {
  const name = childName();
  const condition = `Cháu ${name} đang ở nhà một mình`;
  await signIn(page, 'counsellor', '/calls/new');
  await page.getByLabel('Họ và tên trẻ').first().fill(name);
  await page.getByLabel('Tình trạng hiện tại của trẻ').fill(condition);
  await expect(page.getByText(/Đã lưu nháp lúc/)).toBeVisible();

  // What the browser stores holds none of the typed text: the draft is encrypted.
  const stored = await page.evaluate(async () => {
    const texts: string[] = [JSON.stringify({ ...localStorage })];
    for (const info of await indexedDB.databases()) {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open(info.name!);
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(new Error(String(open.error)));
      });
      for (const storeName of Array.from(db.objectStoreNames)) {
        const all = await new Promise<unknown[]>((resolve, reject) => {
          const req = db.transaction(storeName).objectStore(storeName).getAll();
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(new Error(String(req.error)));
        });
        texts.push(JSON.stringify(all, (_k, v) => (v instanceof ArrayBuffer ? [...new Uint8Array(v)] : v)));
      }
      db.close();
    }
    return texts.join('\n');
  });
  expect(stored.length).toBeGreaterThan(0);
  expect(stored).not.toContain(name.split(' ').pop()!);
  expect(stored).not.toContain('một mình');

  await page.reload();
  await expect(page.getByText('Có bản nháp chưa ghi nhận')).toBeVisible();
  await review(page, 'counsellor-draft-resume');
  await page.getByRole('button', { name: 'Tiếp tục bản nháp' }).click();
  await expect(page.getByLabel('Họ và tên trẻ').first()).toHaveValue(name);
  await expect(page.getByLabel('Tình trạng hiện tại của trẻ')).toHaveValue(condition);
});

test('a counselling call is closed with its outcome', async ({ page }) => {
  await signIn(page, 'counsellor', '/calls/new');
  await page.getByRole('combobox', { name: 'Mục đích cuộc gọi' }).selectOption({ label: 'Tư vấn' });
  await page.getByLabel('Ghi chú của tư vấn viên').fill('Mẹ hỏi cách nói chuyện với con tuổi dậy thì.');
  await page.getByRole('button', { name: 'Ghi nhận liên hệ' }).click();
  await expect(page).toHaveURL(/\/contacts\/[0-9a-f-]{36}$/);

  await page.getByRole('combobox', { name: 'Kết quả' }).click();
  await page.getByTitle('Đã tư vấn', { exact: true }).click();
  await page.getByLabel('Ghi chú kết quả').fill('Đã hướng dẫn và gửi tài liệu.');
  await page.getByRole('button', { name: 'Đóng liên hệ' }).click();
  await expect(page.getByText('Đã đóng liên hệ.')).toBeVisible();
  await expect(page.getByText(/Đã đóng lúc .*: Đã tư vấn/)).toBeVisible();
  await review(page, 'counsellor-contact-closed');
});
