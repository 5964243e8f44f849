import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import type { IndicatorRecordRef } from '@contracts';
import { CATALOGS } from '../i18n/catalogs.js';
import { recordText, type RecordScene } from './recordWords.js';

const text = (en: string, zh: string) => ({ en, 'zh-CN': zh });
const scene: RecordScene = {
  areas: [{ id: 'tankFarm', name: text('Tank farm', '罐区'), polygon: [] } as unknown as RecordScene['areas'][number]],
  sensors: [{ id: 'GD-T101-C1', kind: 'gas', name: text('T-101 dike gas detector', 'T-101防火堤可燃气体探测器'), areaId: 'tankFarm' } as unknown as RecordScene['sensors'][number]],
  equipment: [],
  substances: [],
  cameras: [{ id: 'CAM-01', name: text('Tank farm east', '罐区东'), areaId: 'tankFarm' }],
  personnel: [],
};
const AT_MS = Date.UTC(2026, 11, 1, 2);
const records: IndicatorRecordRef[] = [
  { kind: 'alarm', id: 'GD-T101-C1:highHigh', atMs: AT_MS, condition: 'highHigh', priority: 'urgent', sourceKind: 'sensor', sourceId: 'GD-T101-C1', areaId: 'tankFarm' },
  { kind: 'alarm', id: 'restrictedEntry@1', atMs: AT_MS, condition: 'restrictedEntry', priority: 'high', sourceKind: 'worker', areaId: 'tankFarm' },
  { kind: 'warning', id: 'tankFarm:areaVoting@1', atMs: AT_MS, condition: 'areaVoting', sourceKind: 'area', sourceId: 'tankFarm', areaId: 'tankFarm', disposition: 'nuisance' },
  { kind: 'hazard', id: 'YH-2026-0001', atMs: AT_MS, number: 'YH-2026-0001', hazardKind: 'housekeeping', areaId: 'tankFarm', label: '罐区防火堤内有油污未清理' },
  { kind: 'permit', id: 'DH-2026-0007', atMs: AT_MS, number: 'DH-2026-0007', permitType: 'hotWork', areaId: 'tankFarm' },
  { kind: 'cameraEvent', id: '42', atMs: AT_MS, cameraId: 'CAM-01' },
  { kind: 'incident', id: 'INC-1', atMs: AT_MS, severity: 'recordable', areaId: 'tankFarm', label: '检修人员手部割伤' },
  { kind: 'drill', id: 'drill-1', atMs: AT_MS, label: '罐区泄漏疏散演练' },
];

describe('recordText: a drill-down record in the UI language', () => {
  it('words every kind through the screens\' own words and the scene\'s names (zh-CN, en)', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ lng: 'zh-CN', resources: { en: { translation: CATALOGS.en }, 'zh-CN': { translation: CATALOGS['zh-CN'] } }, interpolation: { escapeValue: false } });
    const zh = records.map((r) => recordText(r, scene, 'zh-CN', i18n.t));
    expect(zh).toEqual([
      '紧急 · T-101防火堤可燃气体探测器 · 高高报 · 罐区',
      '高 · 人员 · 闯入禁入区 · 罐区',
      '罐区 · 区域气体报警（表决） · 干扰报警',
      'YH-2026-0001 · 现场管理 · 罐区 · 罐区防火堤内有油污未清理',
      'DH-2026-0007 · 动火作业票 · 罐区',
      '罐区东',
      '可记录事件 · 罐区 · 检修人员手部割伤',
      '罐区泄漏疏散演练',
    ]);
    // No English word and no raw area or sensor id in zh-CN: ids left are the numbers people read (tickets, permits).
    for (const line of zh) expect(line.replace(/\b[A-Z]{2}-\d{4}-\d{4}\b|T-101/g, '')).not.toMatch(/[A-Za-z]{2,}/);
    await i18n.changeLanguage('en');
    const en = records.map((r) => recordText(r, scene, 'en', i18n.t));
    expect(en[0]).toBe(`${i18n.t('alarms.priority.urgent')} · T-101 dike gas detector · ${i18n.t('alarms.condition.highHigh')} · Tank farm`);
    expect(en[2]).toContain(i18n.t('dispatch.disposition.nuisance'));
    expect(en[6]).toBe(`${i18n.t('manager.incidents.severities.recordable')} · Tank farm · 检修人员手部割伤`);
    for (const line of en) expect(line).not.toMatch(/\b(?:alarms|dispatch|hazards|manager)\.\w/);
  });

  it('falls back to the tag or camera id when the scene does not name them, never to an area id', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ lng: 'zh-CN', resources: { 'zh-CN': { translation: CATALOGS['zh-CN'] } }, interpolation: { escapeValue: false } });
    expect(recordText({ kind: 'alarm', id: 'x', atMs: AT_MS, condition: 'high', priority: 'low', sourceKind: 'sensor', sourceId: 'PT-9', areaId: 'nowhere' }, null, 'zh-CN', i18n.t)).toBe('低 · PT-9 · 高报');
    expect(recordText({ kind: 'cameraEvent', id: '1', atMs: AT_MS, cameraId: 'CAM-09' }, scene, 'zh-CN', i18n.t)).toBe('CAM-09');
    expect(recordText({ kind: 'warning', id: 'w', atMs: AT_MS, condition: 'areaVoting', sourceKind: 'area', sourceId: 'nowhere' }, scene, 'zh-CN', i18n.t)).toBe('未知区域 · 区域气体报警（表决）');
  });
});
