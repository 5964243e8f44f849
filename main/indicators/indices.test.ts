import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { IndexConfig, IndicatorValue } from '../contracts/index.js';
import { indicatorById } from './catalogue.js';
import { DEFAULT_INDEX_CONFIGS, DEMO_INDICES_FILE, indexValue, indicatorScore, parseIndexConfigFile } from './indices.js';

const scope = { dimension: 'site' as const, key: 'site', fromDay: '2026-11-01', toDay: '2026-11-30' };
const v = (indicatorId: string, value: number | null): [string, IndicatorValue] => [indicatorId, { indicatorId, ...scope, numerator: 0, denominator: value === null ? 0 : 1, value }];

describe('an indicator\u2019s score', () => {
  it('is linear from worst (0) to best (100), clamped, whichever way the indicator points', () => {
    expect(indicatorScore(75, 100, 50)).toBe(50);
    expect(indicatorScore(120, 100, 50)).toBe(100);
    expect(indicatorScore(10, 100, 50)).toBe(0);
    // Lower is better: best 1, worst 10; 5.5 is half way.
    expect(indicatorScore(5.5, 1, 10)).toBe(50);
    expect(indicatorScore(0.5, 1, 10)).toBe(100);
    expect(indicatorScore(12, 1, 10)).toBe(0);
  });
});

describe('"why is it 72?" — a worked example with three indicators', () => {
  const config: IndexConfig = {
    id: 'safetyHealth',
    weights: [
      { indicatorId: 'hazardClosureRate', weight: 50, best: 100, worst: 50 },
      { indicatorId: 'alarmRatePer10Min', weight: 30, best: 1, worst: 10 },
      { indicatorId: 'ppeCompliance', weight: 20, best: 100, worst: 80 },
    ],
  };
  // Closure 90 %: 100 × (90 − 50) / (100 − 50) = 80 → 50 × 80 / 100 = 40 points.
  // Alarm rate 4.6 per 10 min: 100 × (4.6 − 10) / (1 − 10) = 60 → 30 × 60 / 100 = 18 points.
  // PPE compliance 94 %: 100 × (94 − 80) / (100 − 80) = 70 → 20 × 70 / 100 = 14 points.
  // Index: 40 + 18 + 14 = 72.
  const values = new Map([v('hazardClosureRate', 90), v('alarmRatePer10Min', 4.6), v('ppeCompliance', 94)]);

  it('adds the contributions\u2019 points', () => {
    const index = indexValue(config, values, scope);
    expect(index).toMatchObject({ indexId: 'safetyHealth', ...scope });
    expect(index.value).toBeCloseTo(72, 10);
    const shown = index.contributions.map((c) => ({ id: c.indicatorId, value: c.value, score: Number(c.score!.toFixed(6)), weight: c.weight, points: Number(c.points!.toFixed(6)) }));
    expect(shown).toEqual([
      { id: 'hazardClosureRate', value: 90, score: 80, weight: 50, points: 40 },
      { id: 'alarmRatePer10Min', value: 4.6, score: 60, weight: 30, points: 18 },
      { id: 'ppeCompliance', value: 94, score: 70, weight: 20, points: 14 },
    ]);
    expect(index.contributions[0]).toMatchObject({ best: 100, worst: 50 });
  });

  it('an indicator without data is listed, not counted as 0: the others share the weight', () => {
    // Drill completion (weight 25) has no value: Σ weights with data stays 100, the index stays 72.
    const withDrills: IndexConfig = { ...config, weights: [...config.weights, { indicatorId: 'drillCompletion', weight: 25, best: 100, worst: 50 }] };
    const index = indexValue(withDrills, new Map([...values, v('drillCompletion', null)]), scope);
    expect(index.value).toBeCloseTo(72, 10);
    expect(index.contributions[3]).toEqual({ indicatorId: 'drillCompletion', value: null, score: null, weight: 25, points: null, best: 100, worst: 50 });
    // Without the alarm rate: (50 × 80 + 20 × 70) / 70 = 5400 / 70 = 77.142…
    const noAlarms = indexValue(config, new Map([v('hazardClosureRate', 90), v('ppeCompliance', 94)]), scope);
    expect(noAlarms.value).toBeCloseTo(5400 / 70, 10);
    expect(noAlarms.contributions[1]!.points).toBeNull();
  });

  it('is null when no indicator has data', () => {
    expect(indexValue(config, new Map(), scope).value).toBeNull();
  });
});

describe('the default indices', () => {
  it('safety health holds leading indicators only; enterprise risk includes the lagging ones', () => {
    for (const w of DEFAULT_INDEX_CONFIGS.safetyHealth.weights) expect(indicatorById(w.indicatorId)?.kind).toBe('leading');
    const lagging = DEFAULT_INDEX_CONFIGS.enterpriseRisk.weights.filter((w) => indicatorById(w.indicatorId)?.kind === 'lagging').map((w) => w.indicatorId);
    expect(lagging.sort()).toEqual(['daysWithoutRecordableIncident', 'recordableIncidentRate']);
  });

  it('every weight names a catalogue indicator, scored the way its direction points', () => {
    for (const config of Object.values(DEFAULT_INDEX_CONFIGS)) {
      for (const w of config.weights) {
        const def = indicatorById(w.indicatorId)!;
        expect(def, w.indicatorId).toBeDefined();
        expect(def.direction === 'higherIsBetter' ? w.best > w.worst : w.best < w.worst, w.indicatorId).toBe(true);
      }
    }
    // Both add up to 100: each weight reads as a share (docs/indicators.md §2).
    expect(DEFAULT_INDEX_CONFIGS.enterpriseRisk.weights.reduce((s, w) => s + w.weight, 0)).toBe(100);
    expect(DEFAULT_INDEX_CONFIGS.safetyHealth.weights.reduce((s, w) => s + w.weight, 0)).toBe(100);
  });
});

describe('the configuration file', () => {
  const health = { id: 'safetyHealth', weights: [{ indicatorId: 'hazardClosureRate', weight: 2, best: 100, worst: 60 }] };

  it('replaces the indices it lists and keeps the default of the others', () => {
    const parsed = parseIndexConfigFile(JSON.stringify({ indices: [health] }));
    expect(parsed).toEqual({ ok: true, configs: { safetyHealth: health, enterpriseRisk: DEFAULT_INDEX_CONFIGS.enterpriseRisk } });
  });

  it('the demo plant\u2019s file is the defaults written out', () => {
    const text = readFileSync(new URL(`../../scenes/demo-plant/${DEMO_INDICES_FILE}`, import.meta.url), 'utf8');
    expect(parseIndexConfigFile(text)).toEqual({ ok: true, configs: DEFAULT_INDEX_CONFIGS });
  });

  it('refuses what it cannot use, saying why', () => {
    const refused = (text: string) => {
      const parsed = parseIndexConfigFile(text);
      return parsed.ok ? 'accepted' : parsed.error;
    };
    expect(refused('{')).toMatch(/^not JSON/);
    expect(refused(JSON.stringify({ indices: [{ ...health, extra: 1 }] }))).toMatch(/^indices\.0/);
    expect(refused(JSON.stringify({ indices: [{ id: 'safetyHealth', weights: [{ indicatorId: 'nope', weight: 1, best: 1, worst: 0 }] }] }))).toBe('safetyHealth: no indicator "nope" in the catalogue');
    expect(refused(JSON.stringify({ indices: [{ id: 'safetyHealth', weights: [health.weights[0], health.weights[0]] }] }))).toBe('safetyHealth: "hazardClosureRate" listed twice');
    expect(refused(JSON.stringify({ indices: [{ id: 'enterpriseRisk', weights: [{ indicatorId: 'mttaMin', weight: 1, best: 5, worst: 5 }] }] }))).toBe('enterpriseRisk: "mttaMin" has best equal to worst');
    expect(refused(JSON.stringify({ indices: [{ id: 'safetyHealth', weights: [{ indicatorId: 'recordableIncidentRate', weight: 1, best: 0, worst: 2 }] }] }))).toBe('safetyHealth: "recordableIncidentRate" is a lagging indicator');
    expect(refused(JSON.stringify({ indices: [health, health] }))).toBe('safetyHealth: listed twice');
    expect(refused(JSON.stringify({ indices: [{ id: 'safetyHealth', weights: [{ ...health.weights[0], weight: 0 }] }] }))).toMatch(/weight/);
    expect(refused(' '.repeat(70_000))).toMatch(/^longer than/);
  });
});
