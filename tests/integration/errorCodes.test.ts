import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../main/contracts/index.js';
import { REPO_ROOT } from '../support/serveProcess.js';

/** Every .ts file under dir, tests left out (they name codes the core never sends, as examples). */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

const catalogue = (locale: 'en' | 'zh-CN') => (JSON.parse(readFileSync(path.join(REPO_ROOT, 'renderer', 'src', 'i18n', 'features', `words.${locale}.json`), 'utf8')) as { problemCodes: Record<string, string> }).problemCodes;

/**
 * One catalogue of error codes (issue 15.5, contracts/errorCodes.ts): a code the core sends must be in
 * it, and a screen must be able to word it in both languages — a raw code or English in the zh-CN UI
 * is what this prevents.
 */
describe('the error-code catalogue', () => {
  it('holds every code the core\'s sources use', () => {
    const used = new Set<string>();
    for (const file of sourceFiles(path.join(REPO_ROOT, 'main'))) {
      const text = readFileSync(file, 'utf8');
      // A whole code between quotes or backquotes; prefixes a check matches on (startsWith('ST_ERR_SCENE')) are areas, not codes.
      for (const match of text.matchAll(/(?<!startsWith\()['`](ST_ERR_[A-Z0-9]+(?:_[A-Z0-9]+)*)['`]/g)) used.add(match[1]!);
    }
    expect(used.size).toBeGreaterThan(40);
    expect([...used].filter((code) => !(code in ERROR_CODES)).sort()).toEqual([]);
  });

  it('is worded in English and Chinese for the screens', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const words = catalogue(locale);
      expect(Object.keys(ERROR_CODES).filter((code) => typeof words[code] !== 'string' || words[code]!.length === 0), locale).toEqual([]);
    }
    // Chinese, not English left in place.
    const zh = catalogue('zh-CN');
    expect(Object.keys(ERROR_CODES).filter((code) => !/[\u4e00-\u9fff]/.test(zh[code]!))).toEqual([]);
  });
});
