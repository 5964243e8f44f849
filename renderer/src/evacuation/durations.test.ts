import { describe, expect, it } from 'vitest';
import i18next from 'i18next';
import en from '../i18n/features/evacuation.en.json';
import zh from '../i18n/features/evacuation.zh-CN.json';
import { formatDuration, formatEta } from './durations.js';

describe('evacuation durations', () => {
  it('reads as a duration in both languages, never as m:ss', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ lng: 'en', resources: { en: { translation: en }, 'zh-CN': { translation: zh } }, interpolation: { escapeValue: false } });
    expect(formatDuration(i18n.t, 200)).toBe('3 min 20 s');
    expect(formatDuration(i18n.t, 45)).toBe('45 s');
    expect(formatDuration(i18n.t, 3725)).toBe('1 h 2 min');
    expect(formatEta(i18n.t, 260, 60)).toBe('in 3 min 20 s');
    expect(formatEta(i18n.t, -1, 60)).toBeNull();
    await i18n.changeLanguage('zh-CN');
    expect(formatEta(i18n.t, 260, 60)).toBe('约 3 分 20 秒后');
    expect(formatDuration(i18n.t, 3725)).toBe('1 小时 2 分');
    expect(formatEta(i18n.t, 1125, 0)).not.toMatch(/\d+:\d\d/);
  });
});
