import { describe, expect, it } from 'vitest';
import type { InspectionSlotView } from '@contracts';
import { catalogTranslator } from '../i18n/catalogTranslator.js';
import { latinWords } from '../../../tests/support/zhCnText.js';
import { analysisAreaText, countRows, hoursText, leaderName, localMonth, monthText, percentText, recentMonths, shiftMonth } from './monthlyAnalysisText.js';
import { currentSlot, frequencyText, latestSlotMissed, recentSlots, slotColour } from './inspectionText.js';

const en = catalogTranslator('en');
const zh = catalogTranslator('zh-CN');
const DAY_MS = 86_400_000;

describe('month arithmetic of the monthly analysis', () => {
  it('names the local month and steps across year ends', () => {
    expect(localMonth(new Date(2026, 0, 31, 23, 59).getTime())).toBe('2026-01');
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2025-12', 1)).toBe('2026-01');
    expect(shiftMonth('2026-03', -14)).toBe('2025-01');
    expect(recentMonths('2026-02', 4)).toEqual(['2026-02', '2026-01', '2025-12', '2025-11']);
    expect(() => shiftMonth('2026-3', 1)).toThrow();
  });
  it('says a month in words in each language', () => {
    expect(monthText('2026-11', 'en')).toBe('November 2026');
    expect(monthText('2026-11', 'zh-CN')).toBe('2026年11月');
  });
});

describe('figures of the monthly analysis', () => {
  it('gives the closure rate as a percentage, and a dash when nothing was accepted', () => {
    expect(percentText(2 / 3, 'en')).toBe('66.7%');
    expect(percentText(1, 'zh-CN')).toBe('100%');
    expect(percentText(null, 'en')).toBe('—');
    expect(hoursText(12.345, 'en')).toBe('12.3');
    expect(hoursText(null, 'zh-CN')).toBe('—');
  });
  it('names areas by the scene and the unknown bucket as no area, never an id', () => {
    const scene = { areas: [{ id: 'AREA-TF', name: { en: 'Tank farm', 'zh-CN': '罐区' } }] } as unknown as Parameters<typeof analysisAreaText>[0];
    expect(analysisAreaText(scene, 'AREA-TF', 'zh-CN', zh('hazards.analysis.noArea'))).toBe('罐区');
    expect(analysisAreaText(scene, 'unknown', 'zh-CN', zh('hazards.analysis.noArea'))).toBe(zh('hazards.analysis.noArea'));
    expect(analysisAreaText(scene, 'AREA-GONE', 'en', en('hazards.analysis.noArea'))).toBe('No area');
    expect(zh('hazards.analysis.noArea')).toBe('未定位区域');
  });
  it('lists counts largest first without zeros', () => {
    expect(countRows({ leak: 1, ppe: 0, other: 3, electrical: 1 })).toEqual([
      { key: 'other', count: 3 },
      { key: 'leak', count: 1 },
      { key: 'electrical', count: 1 },
    ]);
    expect(leaderName('')).toBe('—');
    expect(leaderName('wk.luo')).toBe('wk.luo');
  });
});

describe('inspection slots in words and colours', () => {
  const slot = (startMs: number, status: InspectionSlotView['status'], spanMs = DAY_MS): InspectionSlotView => ({ planId: 'P-A', startMs, endMs: startMs + spanMs, status });
  it('colours only an overdue or missed slot, as their alarms are coloured', () => {
    expect(['upcoming', 'due', 'done', 'late'].map((s) => slotColour(s as InspectionSlotView['status']))).toEqual([null, null, null, null]);
    expect(slotColour('overdue')).toBe('low');
    expect(slotColour('missed')).toBe('medium');
  });
  it('says every status and the frequency of each class in both languages', () => {
    for (const s of ['upcoming', 'due', 'overdue', 'done', 'late', 'missed']) {
      expect(en(`hazards.inspections.status.${s}`)).not.toContain('hazards.');
      expect(latinWords(zh(`hazards.inspections.status.${s}`), s)).toEqual([]);
    }
    expect(frequencyText(DAY_MS, en)).toBe('daily');
    expect(frequencyText(2 * DAY_MS, en)).toBe('every 2 days');
    expect(frequencyText(3.5 * DAY_MS, en)).toBe('2 times a week');
    expect(frequencyText(2 * DAY_MS, zh)).toBe('每2天一次');
    expect(frequencyText(3.5 * DAY_MS, zh)).toBe('每周2次');
  });
  it('finds the slot open now, the recent ones, and whether the latest settled one was missed', () => {
    const slots = [slot(0, 'done'), slot(DAY_MS, 'missed'), slot(2 * DAY_MS, 'due'), slot(3 * DAY_MS, 'upcoming')];
    expect(currentSlot(slots, 2.5 * DAY_MS)?.status).toBe('due');
    expect(currentSlot(slots, 5 * DAY_MS)).toBeNull();
    expect(recentSlots(slots, 2.5 * DAY_MS, 1).map((s) => s.status)).toEqual(['missed']);
    expect(recentSlots(slots, 2.5 * DAY_MS, 5).map((s) => s.startMs)).toEqual([DAY_MS, 0]);
    expect(latestSlotMissed(slots)).toBe(true);
    expect(latestSlotMissed([...slots.slice(0, 2), slot(2 * DAY_MS, 'late')])).toBe(false);
    expect(latestSlotMissed([slot(0, 'due')])).toBe(false);
  });
});
