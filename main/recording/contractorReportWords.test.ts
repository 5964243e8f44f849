import { describe, expect, it } from 'vitest';
import { CERTIFICATE_TYPES, CONTRACTOR_ALARM_CONDITIONS, QUALIFICATION_PROBLEMS } from '../contracts/index.js';
import { latinWords } from '../../tests/support/zhCnText.js';
import { REPORT_STRINGS, type ReasonWords } from './reportStrings.js';

/** Names as the report gives them: here the area's zh-CN name, to see it used. */
const words: ReasonWords = { alarmName: (id) => id, areaName: (id) => (id === 'tankFarm' ? '罐区' : id), cameraName: (id) => id, detection: (label) => label };

describe('the incident report words the contractor alarms (issue 17 item 3)', () => {
  it('names each condition and words its reason in both languages, no English in the Chinese', () => {
    const { en, 'zh-CN': zh } = REPORT_STRINGS;
    const unqualified = { permit: 'GC-7', count: 2, badgeId: 'CB-0001', problem: 'certificateMissing', certificateType: 'workAtHeight' };
    expect(en.reasons.unqualifiedInPermitZone(unqualified, words)).toBe('permit GC-7: 2 person(s) on the permit not qualified in the zone (CB-0001: no work-at-height certificate)');
    expect(zh.reasons.unqualifiedInPermitZone(unqualified, words)).toBe('作业票 GC-7：作业区域内有 2 名作业票人员资格不符（CB-0001：无高处作业操作证）');
    const outside = { badgeId: 'CB-0001', personId: 'P-0001', kind: 'area', areaId: 'tankFarm' };
    expect(zh.reasons.contractorOutsideAuthorisation(outside, words)).toBe('承包商人员定位卡 CB-0001（P-0001）进入未授权区域 罐区');
    expect(en.reasons.contractorOutsideAuthorisation({ badgeId: 'CB-0001', personId: 'P-0001', kind: 'window' }, words)).toBe('contractor badge CB-0001 (P-0001) on site with no authorisation valid now');
    const expiring = { personId: 'P-0001', certificateType: 'welding', daysLeft: 5, validUntilMs: 0 };
    expect(en.reasons.certificateExpiresWithin7Days(expiring, words)).toBe('person P-0001: the welding and hot cutting certificate expires in 5 day(s)');
    expect(zh.reasons.certificateExpiresWithin7Days({ ...expiring, daysLeft: -3 }, words)).toBe('人员 P-0001：焊接与热切割作业操作证已过期 3 天');
    for (const condition of CONTRACTOR_ALARM_CONDITIONS) expect(latinWords(zh.conditions[condition], condition)).toEqual([]);
    for (const problem of QUALIFICATION_PROBLEMS) {
      for (const certificateType of CERTIFICATE_TYPES) {
        const text = zh.reasons.unqualifiedInPermitZone({ ...unqualified, problem, certificateType }, words);
        expect(latinWords(text, `${problem}/${certificateType}`)).toEqual([]);
        expect(en.reasons.unqualifiedInPermitZone({ ...unqualified, problem, certificateType }, words)).not.toMatch(/undefined/);
      }
    }
    expect(zh.reasons.certificateExpiresWithin30Days({ personId: 'P-0002', certificateType: 'other', daysLeft: 20, validUntilMs: 0 }, words)).toBe('人员 P-0002：证书将于 20 天后到期');
  });
});
