import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { CATALOGS } from './catalogs.js';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = 'safetwin.language';

/** Saved choice first, then the browser's language (any zh-* → zh-CN), then English. */
function initialLanguage(): Language {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (saved === 'en' || saved === 'zh-CN') return saved;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function initI18n(): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources: { en: { translation: CATALOGS.en }, 'zh-CN': { translation: CATALOGS['zh-CN'] } },
    lng: initialLanguage(),
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = i18next.language;
  i18next.on('languageChanged', (language) => {
    document.documentElement.lang = language;
    localStorage.setItem(STORAGE_KEY, language);
  });
  return i18next;
}

/** Scene text in the current language, falling back to English. */
export function localized(text: { en: string; 'zh-CN'?: string | undefined } | undefined, language: string): string {
  if (!text) return '';
  return language === 'zh-CN' ? (text['zh-CN'] ?? text.en) : text.en;
}
