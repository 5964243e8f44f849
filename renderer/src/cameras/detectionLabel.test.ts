import { describe, expect, it } from 'vitest';
import { catalogTranslator } from '../i18n/catalogTranslator.js';
import { detectionLabelText } from './detectionLabel.js';

describe('a detection class in words', () => {
  it('words a model class whatever its spelling, in either language', () => {
    expect(detectionLabelText(catalogTranslator('zh-CN'), 'NO-Hardhat')).toBe('未佩戴安全帽');
    expect(detectionLabelText(catalogTranslator('zh-CN'), 'NO-Safety Vest')).toBe('未穿反光背心');
    expect(detectionLabelText(catalogTranslator('zh-CN'), 'person')).toBe('人员');
    expect(detectionLabelText(catalogTranslator('en'), 'Safety Vest')).toBe('Safety vest');
  });

  it('shows a class it does not know as given in English and as "other object" in Chinese, never English there', () => {
    expect(detectionLabelText(catalogTranslator('en'), 'forklift')).toBe('forklift');
    expect(detectionLabelText(catalogTranslator('zh-CN'), 'forklift')).toBe('其他目标');
  });
});
