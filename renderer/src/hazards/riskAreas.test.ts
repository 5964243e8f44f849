import { describe, expect, it } from 'vitest';
import type { AreaRiskGrade, ClientScene } from '@contracts';
import { catalogTranslator } from '../i18n/catalogTranslator.js';
import { latinWords } from '../../../tests/support/zhCnText.js';
import { controlFailureText, shownAreaRisk } from './riskAreas.js';

const en = catalogTranslator('en');
const zh = catalogTranslator('zh-CN');

describe('the four-colour map from the risk register', () => {
  const register = new Map<string, AreaRiskGrade>([
    ['tankFarm', { areaId: 'tankFarm', grade: 'major', assessed: 'large', causes: [{ kind: 'detectorOutOfService', sensorId: 'GD-T101-1', areaId: 'tankFarm' }], riskPointIds: ['RP-1'] }],
    ['office', { areaId: 'office', grade: 'low', assessed: 'low', causes: [], riskPointIds: ['RP-9'] }],
  ]);

  it("takes the register's live grade over the scene's, and says when it was raised", () => {
    expect(shownAreaRisk({ id: 'tankFarm', riskLevel: 'large' }, register)).toEqual({ grade: 'major', fromRegister: true, assessed: 'large', raised: true, causes: register.get('tankFarm')!.causes });
    expect(shownAreaRisk({ id: 'office', riskLevel: 'general' }, register)).toMatchObject({ grade: 'low', fromRegister: true, raised: false });
  });

  it("falls back on the scene's static grade, marked as not the register's, or none", () => {
    expect(shownAreaRisk({ id: 'loading', riskLevel: 'general' }, register)).toEqual({ grade: 'general', fromRegister: false, assessed: null, raised: false, causes: [] });
    expect(shownAreaRisk({ id: 'road' }, register).grade).toBeNull();
  });

  it('says why a control failed, the detector by its id and name, in both languages', () => {
    const scene = { sensors: [{ id: 'GD-T101-1', kind: 'gasDetector', name: { en: 'Tank T-101 gas detector', 'zh-CN': 'T-101 储罐可燃气体探测器' } }, { id: 'GD-2', kind: 'h2s' }] } as unknown as ClientScene;
    expect(controlFailureText({ kind: 'detectorOutOfService', sensorId: 'GD-T101-1' }, scene, 'en', en)).toBe('GD-T101-1 Tank T-101 gas detector is out of service');
    const zhText = controlFailureText({ kind: 'detectorCommLoss', sensorId: 'GD-T101-1' }, scene, 'zh-CN', zh);
    expect(zhText).toBe('GD-T101-1 T-101 储罐可燃气体探测器 通信中断');
    expect(latinWords(zhText, 'cause')).toEqual([]);
    expect(controlFailureText({ kind: 'interlockBypassed', interlockId: 'SIS-101' }, scene, 'zh-CN', zh)).toBe('联锁 SIS-101 已旁路');
  });
});
