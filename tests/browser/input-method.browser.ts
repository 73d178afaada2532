// Vietnamese is typed with Telex or VNI: the input method composes a syllable ("Nguyeenx" → "Nguyễn") before
// committing it. Chromium's input-method interface (the DevTools protocol's Input.imeSetComposition and
// Input.insertText) produces the same composition events an input method does; a key pressed meanwhile
// (Enter, Ctrl+Enter, Alt+Shift+C) belongs to the composition and must never act on the form.
import { expect, test, type CDPSession, type Page } from '@playwright/test';
import { review, signIn } from './support/console';

/** Types `steps` as an input method composes them, pressing `during` while the last step is composed. */
async function compose(
  cdp: CDPSession,
  steps: string[],
  during: Array<() => Promise<void>> = [],
): Promise<void> {
  for (const text of steps) {
    await cdp.send('Input.imeSetComposition', {
      text,
      selectionStart: text.length,
      selectionEnd: text.length,
    });
  }
  for (const key of during) await key();
  await cdp.send('Input.insertText', { text: steps[steps.length - 1] });
}

/** A key pressed while a composition is active, as the input method passes it on. */
const keyDuringComposition =
  (cdp: CDPSession, key: string, modifiers = 0) =>
  () =>
    cdp
      .send('Input.dispatchKeyEvent', {
        type: 'keyDown',
        key,
        code: key === 'Enter' ? 'Enter' : `Key${key.toUpperCase()}`,
        windowsVirtualKeyCode: 229,
        nativeVirtualKeyCode: 229,
        modifiers,
      })
      .then(() =>
        cdp
          .send('Input.dispatchKeyEvent', { type: 'keyUp', key, windowsVirtualKeyCode: 229, modifiers })
          .then(() => undefined),
      );

const CTRL = 2;
const ALT_SHIFT = 1 | 8;

async function childNameFields(page: Page) {
  return page.getByLabel('Họ và tên trẻ').count();
}

test('composition fills fields and the commune typeahead, and no key of a composition acts on the form', async ({
  page,
}) => {
  await signIn(page, 'counsellor', '/calls/new');
  const cdp = await page.context().newCDPSession(page);
  await expect(page.getByLabel('Họ và tên trẻ').first()).toBeVisible();
  const children = await childNameFields(page);
  expect(children).toBe(1);

  // The child's name, syllable by syllable as Telex composes it, with Enter, Ctrl+Enter and the
  // add-a-child shortcut pressed in the middle of a composition.
  await page.getByLabel('Họ và tên trẻ').first().focus();
  await compose(
    cdp,
    ['N', 'Ng', 'Ngu', 'Nguy', 'Nguye', 'Nguyê', 'Nguyên', 'Nguyễn'],
    [
      keyDuringComposition(cdp, 'Enter'),
      keyDuringComposition(cdp, 'Enter', CTRL),
      keyDuringComposition(cdp, 'c', ALT_SHIFT),
    ],
  );
  await page.keyboard.type(' ');
  await compose(cdp, ['T', 'Th', 'Thi', 'Thị']);
  await page.keyboard.type(' ');
  await compose(cdp, ['H', 'Ho', 'Hoa', 'Hoà'], [keyDuringComposition(cdp, 'Enter', CTRL)]);
  await expect(page.getByLabel('Họ và tên trẻ').first()).toHaveValue('Nguyễn Thị Hoà');
  // Nothing was submitted, no child was added, no validation fired.
  await expect(page).toHaveURL(/\/calls\/new$/);
  expect(await childNameFields(page)).toBe(children);
  await expect(page.getByText('Vui lòng kiểm tra các ô được đánh dấu.')).toHaveCount(0);

  // The commune typeahead searches what the composition committed, and Enter inside a composition
  // chooses nothing.
  const commune = page.getByRole('combobox', { name: 'Xã, phường nơi xảy ra vụ việc' });
  await commune.focus();
  await compose(cdp, ['t', 'tư', 'tứ'], [keyDuringComposition(cdp, 'Enter')]);
  await page.keyboard.type(' ');
  await compose(cdp, ['k', 'ky', 'kỳ'], [keyDuringComposition(cdp, 'Enter')]);
  // Ant Design lists each option twice: hidden for screen readers, visible in the dropdown.
  const option = page.locator('.ant-select-dropdown').getByText(/Tứ Kỳ/).first();
  await expect(option).toBeVisible();
  await expect(commune).toHaveValue('tứ kỳ');
  await page.keyboard.press('Enter');
  // Chosen: the field shows the commune and offers to clear it.
  const incident = page.getByRole('region', { name: 'Nơi xảy ra và tình trạng' });
  await expect(incident.getByRole('button', { name: 'Xoá lựa chọn' })).toBeVisible();
  await expect(incident).toContainText('Xã Tứ Kỳ, Thành phố Hải Phòng');
  await expect(page).toHaveURL(/\/calls\/new$/);
  await review(page, 'counsellor-new-call-composed');
});
