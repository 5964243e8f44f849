import { describe, expect, it } from 'vitest';
import type { IndexValue, IndicatorDefinition, IndicatorValue } from '@contracts';
import { changeOf, explanationRows, formatFigure, pointRange, presetRange, rankingRows, recentPeriods, tilePeriods, tileState } from './managerModel.js';

const text = (en: string, zh: string) => ({ en, 'zh-CN': zh });
const alarmRate: IndicatorDefinition = {
  id: 'alarmRatePer10Min',
  name: text('Alarm rate per operator position', '每操作岗位报警率'),
  formula: text('Activations ÷ (10-minute periods × positions)', '报警次数 ÷（10分钟时段数 × 操作岗位数）'),
  unit: text('per 10 min', '次/10分钟'),
  scale: 1,
  source: 'alarms',
  kind: 'leading',
  direction: 'lowerIsBetter',
  dimensions: ['site', 'shift'],
  readAction: 'indicators:read',
  benchmark: { value: 1, comparison: 'atMost', source: 'ISA-18.2' },
  reference: 'ISA-18.2',
};
const closure: IndicatorDefinition = { ...alarmRate, id: 'hazardClosureRate', name: text('Hidden-danger closure rate', '隐患整改闭环率'), unit: text('%', '%'), source: 'hazards', direction: 'higherIsBetter', benchmark: undefined };
const value = (indicatorId: string, v: number | null, key = 'site', dimension: IndicatorValue['dimension'] = 'site'): IndicatorValue => ({ indicatorId, dimension, key, fromDay: '2026-11-01', toDay: '2026-11-30', numerator: 0, denominator: v === null ? 0 : 1, value: v });

describe('manager view models', () => {
  it('periods: this month so far against the whole month before; ISO weeks start on Monday', () => {
    const today = new Date(2026, 11, 7); // Monday 7 December 2026
    expect(tilePeriods(today, 'month')).toEqual({ current: { fromDay: '2026-12-01', toDay: '2026-12-07' }, previous: { fromDay: '2026-11-01', toDay: '2026-11-30' } });
    expect(tilePeriods(new Date(2026, 11, 9), 'week')).toEqual({ current: { fromDay: '2026-12-07', toDay: '2026-12-09' }, previous: { fromDay: '2026-11-30', toDay: '2026-12-06' } });
    expect(tilePeriods(new Date(2026, 0, 1), 'day').previous).toEqual({ fromDay: '2025-12-31', toDay: '2025-12-31' });
    expect(presetRange(today, 'weeks13', 'week')).toEqual({ fromDay: '2026-09-07', toDay: '2026-12-07' });
    expect(presetRange(today, 'months12', 'month').fromDay).toBe('2025-12-01');
    expect(recentPeriods(today, 'month', 3)).toEqual([
      { fromDay: '2026-10-01', toDay: '2026-10-31' },
      { fromDay: '2026-11-01', toDay: '2026-11-30' },
      { fromDay: '2026-12-01', toDay: '2026-12-07' },
    ]);
    const points = [{ start: '2026-11-30' }, { start: '2026-12-07' }];
    expect(pointRange(points, 0, '2026-12-09')).toEqual({ fromDay: '2026-11-30', toDay: '2026-12-06' });
    expect(pointRange(points, 1, '2026-12-09')).toEqual({ fromDay: '2026-12-07', toDay: '2026-12-09' });
  });

  it('direction: a rise of a lower-is-better figure is worse, a fall of a higher-is-better one too; half a per cent is flat', () => {
    expect(changeOf(1.4, 1.0, 'lowerIsBetter')).toEqual({ direction: 'up', worse: true });
    expect(changeOf(0.8, 1.0, 'lowerIsBetter')).toEqual({ direction: 'down', worse: false });
    expect(changeOf(80, 90, 'higherIsBetter')).toEqual({ direction: 'down', worse: true });
    expect(changeOf(90.2, 90, 'higherIsBetter')).toEqual({ direction: 'flat', worse: false });
    expect(changeOf(null, 90, 'higherIsBetter')).toBeNull();
  });

  it('tile: no data yet where the source holds nothing, the benchmark beside the alarm rate and whether it is exceeded', () => {
    const tile = tileState(alarmRate, true, [value('alarmRatePer10Min', 1.46)], [value('alarmRatePer10Min', 0.9)], 'zh-CN');
    expect(tile).toMatchObject({ name: '每操作岗位报警率', unit: '次/10分钟', status: 'value', value: '1.46', previous: '0.9', change: { direction: 'up', worse: true }, benchmark: { value: '1', atMost: true, beyond: true } });
    expect(tileState(alarmRate, true, [value('alarmRatePer10Min', 0.2104)], [value('alarmRatePer10Min', 0.2086)], 'en').change).toEqual({ direction: 'flat', worse: false });
    expect(tileState(alarmRate, false, [], [], 'en')).toMatchObject({ status: 'noData', value: '—', change: null });
    expect(tileState(closure, true, [value('hazardClosureRate', null)], [], 'en')).toMatchObject({ status: 'nothingToRate', benchmark: null });
    // A rate per exposure hours below its least exposure (docs/indicators.md §1): hours, but too few to rate.
    const entries: IndicatorDefinition = { ...alarmRate, id: 'restrictedEntryPer1000h', scale: 1000, minDenominator: 100, benchmark: undefined };
    expect(tileState(entries, true, [{ ...value('restrictedEntryPer1000h', null), numerator: 1, denominator: 0.14 }], [], 'zh-CN')).toMatchObject({ status: 'notEnoughExposure', value: '—', minExposure: '100' });
    expect(tileState(entries, true, [value('restrictedEntryPer1000h', null)], [], 'zh-CN').status).toBe('nothingToRate');
    expect(formatFigure(312.4, 'en')).toBe('312');
    expect(formatFigure(12.44, 'en')).toBe('12.4');
  });

  it('explanation: every contribution, most points first, indicators without data listed as not counted', () => {
    const index: IndexValue = {
      indexId: 'safetyHealth',
      dimension: 'site',
      key: 'site',
      fromDay: '2026-11-01',
      toDay: '2026-11-30',
      value: 72.4,
      contributions: [
        { indicatorId: 'alarmRatePer10Min', value: 1.5, score: 60, weight: 2, points: 40, best: 1, worst: 2 },
        { indicatorId: 'hazardClosureRate', value: 96, score: 96, weight: 1, points: 32, best: 100, worst: 50 },
        { indicatorId: 'ppeCompliance', value: null, score: null, weight: 3, points: null, best: 100, worst: 80 },
      ],
    };
    const rows = explanationRows(index, [alarmRate, closure], 'zh-CN');
    expect(rows.total).toBe('72');
    expect(rows.counted.map((r) => [r.name, r.value, r.score, r.weight, r.weightShare, r.points])).toEqual([
      ['每操作岗位报警率', '1.5', '60', '2', '66.7 %', '40'],
      ['隐患整改闭环率', '96', '96', '1', '33.3 %', '32'],
    ]);
    expect(rows.counted[0]!.formula).toContain('报警次数');
    expect(rows.notCounted.map((r) => [r.indicatorId, r.counted, r.points])).toEqual([['ppeCompliance', false, '—']]);
  });

  it('ranking: best first by the indicator direction, keys without a value last, names never raw ids, bars relative to the largest', () => {
    const names: Record<string, string> = { unit1: '一号装置区', tankFarm: '罐区', admin: '行政楼' };
    const values = [value('hazardClosureRate', 80, 'unit1', 'area'), value('hazardClosureRate', null, 'admin', 'area'), value('hazardClosureRate', 100, 'tankFarm', 'area'), value('alarmRatePer10Min', 3, 'unit1', 'area')];
    const rows = rankingRows(values, closure, 'area', (k) => names[k]!, 'zh-CN');
    expect(rows.map((r) => [r.name, r.value, r.rank, r.bar])).toEqual([
      ['罐区', '100', 1, 1],
      ['一号装置区', '80', 2, 0.8],
      ['行政楼', '—', null, 0],
    ]);
    const alarms = rankingRows([value('alarmRatePer10Min', 3, 'A', 'shift'), value('alarmRatePer10Min', 0.5, 'B', 'shift')], alarmRate, 'shift', (k) => `班次${k}`, 'zh-CN');
    expect(alarms.map((r) => [r.name, r.rank, r.beyond])).toEqual([
      ['班次B', 1, false],
      ['班次A', 2, true],
    ]);
  });
});
