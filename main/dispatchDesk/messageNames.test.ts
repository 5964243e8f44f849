import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SceneSchema } from '../contracts/index.js';
import { renderWarningMessage, type WarningMessageFacts } from '../dispatch/index.js';
import { messageNames } from './messageNames.js';

const demo = SceneSchema.parse(JSON.parse(readFileSync(new URL('../../scenes/demo-plant/scene.json', import.meta.url), 'utf8')));

describe('the names a warning message uses', () => {
  it('names a declining indicator by the catalogue\u2019s name and the department, never its raw source id (issue 20)', () => {
    const facts: WarningMessageFacts = { kind: 'assigned', warningId: 'w1', grade: 4, priority: 'low', condition: 'indicatorDeclining', sourceId: 'mttrMin/department/production2', value: 4, createdAtMs: 0 };
    const zh = renderWarningMessage(facts, 'zh-CN', messageNames(demo, () => [], 'zh-CN'), 480);
    expect(zh.title).toBe('【四级(蓝色)预警】平均处置时间（生产二部） 指标持续下降');
    const en = renderWarningMessage(facts, 'en', messageNames(demo, () => [], 'en'), 480);
    expect(en.title).toBe('[Level 4 (blue) warning] Indicator declining: Mean time to resolve (Production department 2)');
    expect([zh, en].flatMap((m) => [m.title, ...m.lines]).join('\n')).not.toContain('mttrMin');
    // Other sources keep the scene's names; an unknown id stays undefined (the message shows the id).
    expect(messageNames(demo, () => [], 'zh-CN').source('tankFarm')).toBe('罐区');
    expect(messageNames(demo, () => [], 'zh-CN').source('no-such-source')).toBeUndefined();
  });
});
