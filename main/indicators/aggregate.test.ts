import { describe, expect, it } from 'vitest';
import type { IndicatorDay, IndicatorDimension } from '../contracts/index.js';
import { dayNumber, periodStart, ranking, trendOf, valueOver } from './aggregate.js';
import { indicatorById } from './catalogue.js';

const closure = indicatorById('hazardClosureRate')!; // %, higher is better
const alarmRate = indicatorById('alarmRatePer10Min')!; // lower is better, scale 1
const streak = indicatorById('daysWithoutRecordableIncident')!;

const day = (d: string, indicatorId: string, numerator: number, denominator: number, key = 'site', dimension: IndicatorDimension = 'site'): IndicatorDay => ({ day: d, indicatorId, dimension, key, numerator, denominator });

describe('a period is Σnumerator / Σdenominator, not a mean of daily ratios', () => {
  // Day 1: 1 of 1 closed (100 %); day 2: 1 of 9 (11.1 %). Mean of ratios (100 + 11.1) / 2 = 55.6 %;
  // the period: (1 + 1) / (1 + 9) = 2/10 = 20 %.
  const days = [day('2026-03-01', 'hazardClosureRate', 1, 1), day('2026-03-02', 'hazardClosureRate', 1, 9)];

  it('weighs each day by what it held', () => {
    expect(valueOver(days, closure, '2026-03-01', '2026-03-02', 'site', 'site')).toEqual({ indicatorId: 'hazardClosureRate', dimension: 'site', key: 'site', fromDay: '2026-03-01', toDay: '2026-03-02', numerator: 2, denominator: 10, value: 20 });
  });

  it('counts only the days of the range, of the key asked, and is null with nothing to rate', () => {
    const more = [...days, day('2026-03-03', 'hazardClosureRate', 5, 5), day('2026-03-02', 'hazardClosureRate', 3, 3, 'tank', 'area'), day('2026-03-02', 'mttaMin', 7, 1)];
    expect(valueOver(more, closure, '2026-03-02', '2026-03-02', 'site', 'site').value).toBeCloseTo(100 / 9, 12);
    expect(valueOver(more, closure, '2026-03-02', '2026-03-03', 'area', 'tank').value).toBe(100);
    expect(valueOver(more, closure, '2026-04-01', '2026-04-30', 'site', 'site')).toMatchObject({ numerator: 0, denominator: 0, value: null });
    // A day with events and no denominator (events, no hours): a value only once hours come.
    expect(valueOver([day('2026-03-01', 'alarmRatePer10Min', 3, 0)], alarmRate, '2026-03-01', '2026-03-01', 'site', 'site').value).toBeNull();
  });
});

describe('periods: ISO weeks from Monday, calendar months, across a year boundary', () => {
  it('finds the Monday and the 1st', () => {
    // 2027-01-01 is a Friday: its ISO week (2026-W53) began Monday 2026-12-28.
    expect(periodStart('2027-01-01', 'week')).toBe('2026-12-28');
    expect(periodStart('2026-12-28', 'week')).toBe('2026-12-28');
    expect(periodStart('2027-01-03', 'week')).toBe('2026-12-28'); // Sunday
    expect(periodStart('2027-01-04', 'week')).toBe('2027-01-04'); // Monday
    expect(periodStart('2027-01-17', 'month')).toBe('2027-01-01');
    expect(periodStart('2026-02-28', 'day')).toBe('2026-02-28');
  });

  it('buckets days into weeks across the new year, the first week holding only the range\u2019s days', () => {
    // One alarm rate row a day from Thu 2026-12-24 to Sun 2027-01-10: numerator = the day of month, denominator 1.
    const days: IndicatorDay[] = [];
    for (let n = dayNumber('2026-12-24'); n <= dayNumber('2027-01-10'); n++) {
      const d = new Date(n * 86_400_000).toISOString().slice(0, 10);
      days.push(day(d, 'alarmRatePer10Min', Number(d.slice(8)), 1));
    }
    const trend = trendOf(days, alarmRate, '2026-12-24', '2027-01-10', 'week', 'site', 'site');
    expect(trend.points.map((p) => p.start)).toEqual(['2026-12-21', '2026-12-28', '2027-01-04']);
    // Week of 21 Dec from the 24th: 24+25+26+27 = 102 over 4 days = 25.5.
    // Week of 28 Dec: 28+29+30+31+1+2+3 = 124 over 7 days = 17.714…
    // Week of 4 Jan: 4+…+10 = 49 over 7 = 7.
    expect(trend.points.map((p) => [p.numerator, p.denominator])).toEqual([
      [102, 4],
      [124, 7],
      [49, 7],
    ]);
    expect(trend.points[1]!.value).toBeCloseTo(124 / 7, 12);
    // Months: December from the 24th: 24+…+31 = 220 over 8; January 1+…+10 = 55 over 10.
    const months = trendOf(days, alarmRate, '2026-12-24', '2027-01-10', 'month', 'site', 'site');
    expect(months.points).toEqual([
      { start: '2026-12-01', numerator: 220, denominator: 8, value: 27.5 },
      { start: '2027-01-01', numerator: 55, denominator: 10, value: 5.5 },
    ]);
  });

  it('lists a period without data as null, and day by day', () => {
    const days = [day('2026-02-27', 'hazardClosureRate', 1, 2), day('2026-03-01', 'hazardClosureRate', 2, 2)];
    // 2026 is not a leap year: the 28th of February then the 1st of March.
    expect(trendOf(days, closure, '2026-02-27', '2026-03-01', 'day', 'site', 'site').points).toEqual([
      { start: '2026-02-27', numerator: 1, denominator: 2, value: 50 },
      { start: '2026-02-28', numerator: 0, denominator: 0, value: null },
      { start: '2026-03-01', numerator: 2, denominator: 2, value: 100 },
    ]);
  });

  it('refuses a day that is not one', () => {
    expect(() => trendOf([], closure, '2026-02-30', '2026-03-01', 'day', 'site', 'site')).toThrow(RangeError);
    expect(() => dayNumber('2026-3-1')).toThrow(RangeError);
    // Ten years of days are 3,653 points; twenty are too many.
    expect(trendOf([], closure, '2016-01-01', '2025-12-31', 'day', 'site', 'site').points).toHaveLength(3_653);
    expect(() => trendOf([], closure, '2006-01-01', '2025-12-31', 'day', 'site', 'site')).toThrow(RangeError);
  });
});

describe('ranking: best first by direction, without a value last', () => {
  const days = [
    day('2026-03-02', 'hazardClosureRate', 9, 10, 'unit1', 'area'), // 90 %
    day('2026-03-02', 'hazardClosureRate', 1, 2, 'tank', 'area'), // 50 %
    day('2026-03-02', 'hazardClosureRate', 0, 0, 'sump', 'area'), // null
    day('2026-03-02', 'hazardClosureRate', 3, 4, 'loading', 'area'), // 75 %
    day('2026-03-02', 'hazardClosureRate', 1, 1, 'site', 'site'), // another dimension
    day('2026-03-02', 'alarmRatePer10Min', 3, 1, 'A', 'shift'),
    day('2026-03-02', 'alarmRatePer10Min', 1, 1, 'B', 'shift'),
    day('2026-03-02', 'alarmRatePer10Min', 1, 1, 'C', 'shift'),
  ];

  it('higher is better: the highest first; null last', () => {
    expect(ranking(days, closure, '2026-03-01', '2026-03-31', 'area').map((v) => [v.key, v.value])).toEqual([
      ['unit1', 90],
      ['loading', 75],
      ['tank', 50],
      ['sump', null],
    ]);
  });

  it('lower is better: the lowest first, ties by key', () => {
    expect(ranking(days, alarmRate, '2026-03-01', '2026-03-31', 'shift').map((v) => [v.key, v.value])).toEqual([
      ['B', 1],
      ['C', 1],
      ['A', 3],
    ]);
  });
});

describe('a rate per exposure hours needs a least exposure', () => {
  const entries = indicatorById('restrictedEntryPer1000h')!;
  const trir = indicatorById('recordableIncidentRate')!;

  it('is null ("not enough exposure yet") below the catalogue\u2019s minDenominator, a rate from it on', () => {
    // The demo core's first minutes: 1 entry in 0.14167 person-hours read 7,059 per 1,000 h.
    expect(valueOver([day('2026-03-01', entries.id, 1, 0.141_67)], entries, '2026-03-01', '2026-03-01', 'site', 'site')).toMatchObject({ numerator: 1, denominator: 0.141_67, value: null });
    // 99 h is still too little; two days of 60 h make 120 h: 3 × 1,000 ÷ 120 = 25 per 1,000 h.
    expect(valueOver([day('2026-03-01', entries.id, 1, 99)], entries, '2026-03-01', '2026-03-01', 'site', 'site').value).toBeNull();
    expect(valueOver([day('2026-03-01', entries.id, 1, 60), day('2026-03-02', entries.id, 2, 60)], entries, '2026-03-01', '2026-03-02', 'site', 'site').value).toBe(25);
    // TRIR alike: 1 recordable in 50 h worked is not 4,000 per 200,000 h; in 100 h it is 1 × 200,000 ÷ 100 = 2,000.
    expect(valueOver([day('2026-03-01', trir.id, 1, 50)], trir, '2026-03-01', '2026-03-01', 'site', 'site').value).toBeNull();
    expect(valueOver([day('2026-03-01', trir.id, 1, 100)], trir, '2026-03-01', '2026-03-01', 'site', 'site').value).toBe(2_000);
  });

  it('is declared for every per-exposure indicator', () => {
    for (const id of ['restrictedEntryPer1000h', 'gatheringPer1000h', 'ppeViolationsPer100h', 'recordableIncidentRate']) expect(indicatorById(id)!.minDenominator, id).toBe(100);
  });
});

describe('days without a recordable incident: a streak', () => {
  // 1 of 1: a day without; 0 of 1: a day with one.
  const days = [
    day('2026-02-26', streak.id, 1, 1),
    day('2026-02-27', streak.id, 0, 1),
    day('2026-02-28', streak.id, 1, 1),
    day('2026-03-01', streak.id, 1, 1),
    day('2026-03-02', streak.id, 1, 1),
  ];

  it('counts back from the range\u2019s end to the last incident, across the range\u2019s start', () => {
    // 28 Feb, 1 Mar, 2 Mar: 3 days, though the range starts on 2 March.
    expect(valueOver(days, streak, '2026-03-02', '2026-03-02', 'site', 'site')).toMatchObject({ value: 3, numerator: 3, denominator: 1 });
    // Ending on the incident day: 0.
    expect(valueOver(days, streak, '2026-02-01', '2026-02-27', 'site', 'site').value).toBe(0);
    // Nothing is counted before the first stored day (the historian's history): the 26th alone.
    expect(valueOver(days, streak, '2026-02-26', '2026-02-26', 'site', 'site').value).toBe(1);
    expect(valueOver(days, streak, '2026-01-01', '2026-01-31', 'site', 'site').value).toBeNull();
  });

  it('counts the days since the last incident, not the stored days: a day not computed is no break', () => {
    // The manager view's defect: an incident logged 40 days back recomputes its day, today and yesterday are
    // recomputed, the days between were stored before the incident log had an entry (no row). It read 2; the
    // days since the incident are 40 (2 Mar is 40 days after 21 Jan).
    const sparse = [day('2026-01-21', streak.id, 0, 1), day('2026-03-01', streak.id, 1, 1), day('2026-03-02', streak.id, 1, 1)];
    expect(valueOver(sparse, streak, '2026-03-01', '2026-03-02', 'site', 'site').value).toBe(40);
    // Without an incident: from the first stored day on (1 Mar and 2 Mar with a gap before 2 Mar's row: still 2).
    expect(valueOver(sparse.slice(1), streak, '2026-03-02', '2026-03-02', 'site', 'site').value).toBe(2);
    expect(valueOver([day('2026-02-20', streak.id, 1, 1), day('2026-03-02', streak.id, 1, 1)], streak, '2026-03-02', '2026-03-02', 'site', 'site').value).toBe(11);
  });

  it('trends and ranks by the streak at each period\u2019s end', () => {
    // February ends on the 28th: 1 day since the 27th's incident; March's end (the 2nd): 3.
    expect(trendOf(days, streak, '2026-02-26', '2026-03-02', 'month', 'site', 'site').points.map((p) => p.value)).toEqual([1, 3]);
    const areas = [day('2026-03-02', streak.id, 1, 1, 'unit1', 'area'), day('2026-03-01', streak.id, 1, 1, 'unit1', 'area'), day('2026-03-02', streak.id, 0, 1, 'tank', 'area')];
    expect(ranking(areas, streak, '2026-03-02', '2026-03-02', 'area').map((v) => [v.key, v.value])).toEqual([
      ['unit1', 2],
      ['tank', 0],
    ]);
  });
});
