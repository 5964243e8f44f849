import type { TFunction } from 'i18next';
import { CATALOGS } from './catalogs.js';

/**
 * A `t` straight over the catalogs (key lookup and {{name}} interpolation, no plurals), for unit tests that
 * check text in both languages without starting i18next.
 */
export const catalogTranslator = (language: 'en' | 'zh-CN') =>
  ((key: string, options: Record<string, string | number> = {}) =>
    (key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], CATALOGS[language]) as string).replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(options[name] ?? ''))) as unknown as TFunction;
