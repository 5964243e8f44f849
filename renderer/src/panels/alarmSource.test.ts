import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SceneSchema, type Alarm } from '@contracts';
import { catalogTranslator } from '../i18n/catalogTranslator.js';
import { alarmIdText, alarmValueText, describeAlarmSource } from './alarmSource.js';

const demo = SceneSchema.parse(JSON.parse(readFileSync(new URL('../../../scenes/demo-plant/scene.json', import.meta.url), 'utf8')));
const alarm = (sourceId: string, sourceKind: Alarm['sourceKind'], over: Partial<Alarm> = {}): Alarm => ({
  alarmId: `${sourceId}:x`, sourceId, sourceKind, condition: 'high', priority: 'high', state: 'unacknowledged', active: true, acknowledged: false,
  suppressed: false, outOfService: false, latched: false, firstOut: false, raisedAtMs: 0, changedAtMs: 0, ...over,
});

describe('an alarm source in words', () => {
  it('names a gas detector by kind, substance and equipment, with its area, in the UI language', () => {
    expect(describeAlarmSource(alarm('GD-T101-C1', 'sensor'), demo, 'en', catalogTranslator('en'))).toEqual({ tag: 'GD-T101-C1', description: 'Gas detector (Benzene) · Benzene tank T-101', area: 'Tank farm' });
    const zh = describeAlarmSource(alarm('GD-T101-C1', 'sensor'), demo, 'zh-CN', catalogTranslator('zh-CN'));
    expect(zh).toMatchObject({ tag: 'GD-T101-C1', area: '罐区' });
    expect(zh.description).toBe('气体检测器（苯） · 苯储罐T-101');
  });

  it('names an area alarm (an area vote) by the area name only, never its raw id', () => {
    const text = describeAlarmSource(alarm('unit1Zone1', 'area', { condition: 'areaVoting', areaId: 'unit1Zone1' }), demo, 'zh-CN', catalogTranslator('zh-CN'));
    expect(text).toEqual({ tag: null, description: '一号装置压缩机房', area: '一号装置压缩机房' });
  });

  it('names a worker only when the scene carries the name (roles allowed to see it)', () => {
    const badge = demo.personnel[0]!;
    expect(describeAlarmSource(alarm(badge.badgeId, 'worker', { areaId: 'unit1' }), demo, 'en', catalogTranslator('en'))).toEqual({ tag: badge.badgeId, description: badge.displayName, area: 'Process unit 1 (ammonia synthesis)' });
    const anonymous = { ...demo, personnel: demo.personnel.map(({ badgeId }) => ({ badgeId })) };
    expect(describeAlarmSource(alarm(badge.badgeId, 'worker'), anonymous, 'zh-CN', catalogTranslator('zh-CN')).description).toBe('人员');
  });

  it('names a permit alarm by the permit number and its operation in the UI language, its area by name (issue 17)', () => {
    const permitAlarm = alarm('DH-2026-0042', 'permit', { condition: 'combustibleGasNearby', permitType: 'hotWork', areaId: 'tankFarm' });
    expect(describeAlarmSource(permitAlarm, demo, 'zh-CN', catalogTranslator('zh-CN'))).toEqual({ tag: 'DH-2026-0042', description: '动火作业票', area: '罐区' });
    expect(describeAlarmSource(permitAlarm, demo, 'en', catalogTranslator('en'))).toEqual({ tag: 'DH-2026-0042', description: 'Hot work permit', area: 'Tank farm' });
    expect(describeAlarmSource(alarm('SX-7', 'permit', { condition: 'watcherAway', permitType: 'confinedSpace' }), demo, 'zh-CN', catalogTranslator('zh-CN')).description).toBe('受限空间作业票');
    expect(describeAlarmSource(alarm('X-1', 'permit', { condition: 'watcherAway' }), demo, 'zh-CN', catalogTranslator('zh-CN')).description).toBe('安全作业票');
    expect(alarmIdText('DH-2026-0042:combustibleGasNearby', demo, 'zh-CN', catalogTranslator('zh-CN'))).toBe('DH-2026-0042 动火点附近可燃气体超预警');
  });

  it('names a declining indicator by the catalogue\u2019s name and the department, area or site it is about, never its raw id (issue 20)', () => {
    const declining = alarm('mttrMin/department/production2', 'indicator', { condition: 'indicatorDeclining', value: 3 });
    expect(describeAlarmSource(declining, demo, 'zh-CN', catalogTranslator('zh-CN'))).toEqual({ tag: null, description: '平均处置时间（生产二部）', area: '' });
    expect(describeAlarmSource(declining, demo, 'en', catalogTranslator('en')).description).toBe('Mean time to resolve (Production department 2)');
    expect(describeAlarmSource(alarm('hazardClosureRate/area/unit2', 'indicator', { condition: 'indicatorDeclining', areaId: 'unit2' }), demo, 'zh-CN', catalogTranslator('zh-CN'))).toEqual({ tag: null, description: '隐患整改闭环率（二号装置（芳烃））', area: '二号装置（芳烃）' });
    expect(describeAlarmSource(alarm('recordableIncidentRate/site/site', 'indicator', { condition: 'indicatorDeclining' }), demo, 'zh-CN', catalogTranslator('zh-CN')).description).toBe('可记录事故率（全厂）');
    // A contractor or a shift as it is.
    expect(describeAlarmSource(alarm('permitSuspensions/contractor/Acme/East', 'indicator', { condition: 'indicatorDeclining' }), demo, 'en', catalogTranslator('en')).description).toBe('Permit suspensions per 100 permits (Acme/East)');
    expect(alarmIdText('mttrMin/department/production2:indicatorDeclining', demo, 'zh-CN', catalogTranslator('zh-CN'))).toBe('平均处置时间（生产二部） 指标持续下降');
  });

  it('names an alarm known only by its id in words (KPI lists), area alarms by the area name (issue 12.7)', () => {
    expect(alarmIdText('BDG-1023:manDown', demo, 'zh-CN', catalogTranslator('zh-CN'))).toBe('BDG-1023 人员倒地');
    expect(alarmIdText('tankFarm:areaVoting', demo, 'zh-CN', catalogTranslator('zh-CN'))).toBe('罐区 区域气体报警（表决）');
    expect(alarmIdText('GD-C201-C1:high', demo, 'en', catalogTranslator('en'))).toBe('GD-C201-C1 High');
  });
});

describe('an alarm value beside its alarm', () => {
  it('carries its sensor’s unit, else the alarm’s own (a man-down’s seconds still), else none', () => {
    const en = catalogTranslator('en');
    expect(alarmValueText(alarm('GD-T101-C1', 'sensor', { value: 60.004 }), '%LEL', en)).toBe('60 %LEL');
    expect(alarmValueText(alarm('BDG-1007', 'worker', { condition: 'manDown', value: 20, unit: 's' }), undefined, en)).toBe('20 s');
    expect(alarmValueText(alarm('tankFarm', 'area', { condition: 'areaVoting', value: 2 }), undefined, en)).toBe('2');
    expect(alarmValueText(alarm('tankFarm', 'area'), undefined, en)).toBe('');
    // Days, seconds and metres are words in Chinese; instrument units stay symbols.
    const zh = catalogTranslator('zh-CN');
    expect(alarmValueText(alarm('P-0001', 'person', { condition: 'certificateExpiresWithin7Days', value: 5, unit: 'd' }), undefined, zh)).toBe('5 天');
    expect(alarmValueText(alarm('BDG-1007', 'worker', { condition: 'manDown', value: 20, unit: 's' }), undefined, zh)).toBe('20 秒');
    expect(alarmValueText(alarm('GD-T101-C1', 'sensor', { value: 60 }), '%LEL', zh)).toBe('60 %LEL');
  });
});
