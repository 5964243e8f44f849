import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ALARM_PRIORITIES, ALARM_STATES, EQUIPMENT_TYPES, KNOWN_DETECTION_LABELS, ROLES, SENSOR_KINDS } from '../../../main/contracts/index.js';
import { CATALOGS, type Catalog } from './catalogs.js';

const en = CATALOGS.en;
const zhCN = CATALOGS['zh-CN'];
const here = path.dirname(fileURLToPath(import.meta.url));

function keys(catalog: Catalog, prefix = ''): string[] {
  return Object.entries(catalog).flatMap(([k, v]) => (typeof v === 'string' ? [prefix + k] : keys(v, `${prefix}${k}.`)));
}
function lookup(catalog: Catalog, key: string): string | undefined {
  const found = key.split('.').reduce<Catalog | string | undefined>((node, part) => (typeof node === 'object' ? node[part] : undefined), catalog);
  return typeof found === 'string' ? found : undefined;
}
/** i18next plural keys: "x_one" / "x_other" satisfy a call to t('x'). */
const has = (catalog: Catalog, key: string) => lookup(catalog, key) !== undefined || lookup(catalog, `${key}_other`) !== undefined;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [full] : [];
  });
}

describe('UI text catalogs', () => {
  it('zh-CN and en have the same keys, none empty', () => {
    expect(keys(zhCN as Catalog).sort()).toEqual(keys(en as Catalog).sort());
    for (const key of keys(zhCN as Catalog)) expect(lookup(zhCN as Catalog, key)!.trim(), key).not.toBe('');
  });

  it('has a translation for every literal key the renderer asks for', () => {
    const used = new Set<string>();
    for (const file of sourceFiles(path.join(here, '..'))) {
      for (const match of readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) used.add(match[1]!);
    }
    expect(used.size).toBeGreaterThan(40);
    for (const key of used) {
      expect(has(en as Catalog, key), `en: ${key}`).toBe(true);
      expect(has(zhCN as Catalog, key), `zh-CN: ${key}`).toBe(true);
    }
  });

  it('names every enumerated value from the contracts in both languages', () => {
    const families: [string, readonly string[]][] = [
      ['roles', ROLES],
      ['equipmentType', EQUIPMENT_TYPES],
      ['sensorKind', SENSOR_KINDS],
      ['alarms.priority', ALARM_PRIORITIES],
      ['alarms.state', ALARM_STATES],
      ['cameras.labels', KNOWN_DETECTION_LABELS],
    ];
    for (const [prefix, values] of families) {
      for (const value of values) {
        expect(lookup(en as Catalog, `${prefix}.${value}`), `en ${prefix}.${value}`).toBeDefined();
        expect(lookup(zhCN as Catalog, `${prefix}.${value}`), `zh-CN ${prefix}.${value}`).toBeDefined();
      }
    }
  });

  it('has no message that prints a raw plant position: places are said as area and nearest landmark (people/personText.ts placeText)', () => {
    // Issue 12.2: a camera alarm read "位置 339, 187 米" in the alarm list while the people strip said "液氯储存区 · B-301 东侧 6 米".
    for (const catalog of [en, zhCN] as Catalog[]) {
      for (const key of keys(catalog)) expect(lookup(catalog, key), key).not.toMatch(/\{\{x\}\}.*\{\{y\}\}/);
    }
  });

  it('uses the plant-staff terms from the glossary', () => {
    expect(lookup(zhCN as Catalog, 'alarms.title')).toBe('报警');
    expect(lookup(zhCN as Catalog, 'alarms.state.unacknowledged')).toBe('未确认');
    expect(lookup(zhCN as Catalog, 'alarms.state.shelved')).toBe('搁置');
    expect(lookup(zhCN as Catalog, 'connection.reconnecting')).toContain('通讯中断');
    expect(lookup(zhCN as Catalog, 'roles.commander')).toBe('应急指挥');
  });
});
