import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROBLEM_CODES, RECORDING_PROBLEM_CODES, TIMELINE_MARK_CODES, VISION_PROBLEM_CODES, type TimelineMarkWhat } from '../../../main/contracts/index.js';
import { CATALOGS } from './catalogs.js';
import { actorName, markText, problemText } from './coreWords.js';

const CODES = Object.keys({ ...PROBLEM_CODES, ...RECORDING_PROBLEM_CODES, ...VISION_PROBLEM_CODES });

describe('core words in the UI language', () => {
  beforeAll(async () => {
    await i18next.init({ resources: { en: { translation: CATALOGS.en }, 'zh-CN': { translation: CATALOGS['zh-CN'] } }, lng: 'zh-CN', fallbackLng: 'en', interpolation: { escapeValue: false } });
  });

  it('words every problem code of the contracts in zh-CN without Latin words (bar names kept as they are)', async () => {
    await i18next.changeLanguage('zh-CN');
    for (const code of CODES) {
      const text = problemText({ code, message: 'English message at /srv/safetwin/data/x' });
      expect(text, code).not.toContain('English');
      expect(text.replace(/SafeTwin|MQTT|MCAP/g, ''), code).not.toMatch(/[A-Za-z]{2,}/);
    }
  });

  it('never shows the core message (it may name a server path) in zh-CN for a code it has no words for; English keeps the detail', async () => {
    await i18next.changeLanguage('zh-CN');
    expect(problemText({ code: 'ST_ERR_SOMETHING_NEW', message: 'cannot open /srv/data/x' })).toBe('操作未能完成（错误代码 ST_ERR_SOMETHING_NEW）');
    await i18next.changeLanguage('en');
    expect(problemText({ code: 'ST_ERR_SOMETHING_NEW', message: 'cannot open x' })).toBe('cannot open x');
  });

  it('translates the core actors and leaves user names', async () => {
    await i18next.changeLanguage('zh-CN');
    expect(actorName('system')).toBe('系统');
    expect(actorName('simulator')).toBe('装置模拟器');
    expect(actorName('zhang.min')).toBe('zhang.min');
    expect(actorName('local-trainer')).toBe('本机会话（培训师）');
    expect(actorName('local-nobody')).toBe('local-nobody');
  });

  it('words every timeline mark code without Latin words in zh-CN (issue 12.7); a note and an older recording\'s mark as recorded', async () => {
    const chlorine = { en: 'Chlorine', 'zh-CN': '液氯' };
    const drill = { en: 'B-301 chlorine release (day)', 'zh-CN': 'B-301 液氯泄漏（白天）' };
    const marks: TimelineMarkWhat[] = [
      { code: 'drillStarted', scenario: drill },
      { code: 'drillEnded', scenario: drill },
      { code: 'evacuationOrdered' },
      { code: 'evacuationStoodDown' },
      { code: 'leakStudyStarted', equipmentId: 'B-301', substance: chlorine },
      { code: 'simulatedReleaseStarted', equipmentId: 'B-301', substance: chlorine },
      { code: 'leakStopped' },
      { code: 'simulationRecorded', model: 'dispersion' },
      { code: 'simulationRecorded', model: 'somethingNew' },
    ];
    // Every code of the contract is worded here.
    expect(new Set(marks.map((m) => m.code))).toEqual(new Set(TIMELINE_MARK_CODES));
    await i18next.changeLanguage('zh-CN');
    for (const what of marks) {
      const text = markText({ what, label: 'English label' });
      expect(text, what.code).not.toContain('English');
      expect(text.replace(/B-301/g, ''), what.code).not.toMatch(/[A-Za-z]{2,}/);
    }
    expect(markText({ what: marks[4], label: '' })).toBe('假设分析：B-301 液氯泄漏');
    expect(markText({ what: marks[7], label: '' })).toBe('已记录扩散模拟的输入与结果');
    expect(markText({ label: '风向突变 wind shift' })).toBe('风向突变 wind shift');
    await i18next.changeLanguage('en');
    expect(markText({ what: marks[1], label: '' })).toBe('B-301 chlorine release (day) ended');
    expect(markText({ what: marks[8], label: '' })).toBe('study input and result recorded');
  });
});
