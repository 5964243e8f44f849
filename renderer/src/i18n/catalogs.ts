import en from './en.json';
import zhCN from './zh-CN.json';

export type Catalog = { [key: string]: string | Catalog };

/**
 * Each capability keeps its UI text in its own pair of files (features/<name>.en.json and
 * features/<name>.zh-CN.json) under top-level keys of its own; they are merged into the base
 * catalogs here. A top-level key defined twice is a mistake that would silently hide text, so it throws.
 */
const featureFiles = import.meta.glob<Catalog>('./features/*.json', { eager: true, import: 'default' });

function merge(base: Catalog, language: string): Catalog {
  const merged: Catalog = { ...base };
  for (const [file, catalog] of Object.entries(featureFiles)) {
    if (!file.endsWith(`.${language}.json`)) continue;
    for (const [key, value] of Object.entries(catalog)) {
      if (key in merged) throw new Error(`UI text key "${key}" is defined twice (${file})`);
      merged[key] = value;
    }
  }
  return merged;
}

export const CATALOGS = { en: merge(en as Catalog, 'en'), 'zh-CN': merge(zhCN as Catalog, 'zh-CN') } as const;
