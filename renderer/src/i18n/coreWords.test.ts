import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROBLEM_CODES, RECORDING_PROBLEM_CODES, VISION_PROBLEM_CODES } from '../../../main/contracts/index.js';
import { CATALOGS } from './catalogs.js';
import { actorName, problemText } from './coreWords.js';

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
});
