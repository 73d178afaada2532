import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import vi from './vi.json';
import { setDateLocale } from '../lib/dates';

export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'cp-console.language';

function savedLanguage(): Language {
  const saved = window.localStorage.getItem(STORAGE_KEY);
  return saved === 'en' ? 'en' : 'vi';
}

/** Vietnamese is bundled; English is fetched the first time it is chosen (a smaller first screen). */
async function ensureLoaded(lng: Language): Promise<void> {
  if (lng === 'en' && !i18n.hasResourceBundle('en', 'translation')) {
    const en = await import('./en.json');
    i18n.addResourceBundle('en', 'translation', en.default, true, true);
  }
}

export async function initI18n(): Promise<typeof i18n> {
  const lng = savedLanguage();
  await i18n.use(initReactI18next).init({
    resources: { vi: { translation: vi } },
    lng: 'vi',
    // Never fall back to another language's text: a missing key shows as the key, which the tests catch.
    fallbackLng: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  if (lng !== 'vi') await changeLanguage(lng);
  else applyLanguage('vi');
  return i18n;
}

function applyLanguage(lng: Language): void {
  document.documentElement.lang = lng;
  setDateLocale(lng);
}

export async function changeLanguage(lng: Language): Promise<void> {
  await ensureLoaded(lng);
  await i18n.changeLanguage(lng);
  window.localStorage.setItem(STORAGE_KEY, lng);
  applyLanguage(lng);
}

export { i18n };
