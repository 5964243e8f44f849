import { describe, expect, it } from 'vitest';
import type { IndicatorDay, Scene } from '../contracts/index.js';
import { DEFAULT_INDEX_CONFIGS, indicatorById } from '../indicators/index.js';
import { renderReportHtml, type ReportScene } from './reportHtml.js';
import { buildReportModel, previousPeriod, type ReportSources } from './reportModel.js';
import { dueReports } from './reportSchedule.js';

const CST = 480; // China Standard Time, UTC+8

/** Sources that hold nothing (a core just started): every section says "no data yet". */
const EMPTY: ReportSources = {
  indicatorDays: async () => [],
  indexConfigs: DEFAULT_INDEX_CONFIGS,
  alarmKpis: async () => null,
  alarmsByArea: async () => null,
  hazardAnalysis: () => null,
  permitStats: async () => null,
  riskAreas: () => null,
  incidents: async () => null,
  hotSpotGrid: async () => null,
};

const day = (d: string, indicatorId: string, numerator: number, denominator: number): IndicatorDay => ({ day: d, indicatorId, dimension: 'site', key: 'site', numerator, denominator });

const SCENE: ReportScene = {
  site: { name: { en: 'Demo plant', 'zh-CN': '示范化工厂' } },
  areas: [
    { id: 'unit1', name: { en: 'Unit 1', 'zh-CN': '一号装置' }, kind: 'process', polygon: [[0, 0], [50, 0], [50, 40], [0, 40]] },
    { id: 'tankFarm', name: { en: 'Tank farm', 'zh-CN': '罐区' }, kind: 'storage', polygon: [[60, 0], [120, 0], [120, 40], [60, 40]] },
  ] as Scene['areas'],
};

const nameOf = (id: string) => indicatorById(id)?.name;

describe('report model', () => {
  it('compares a month with the calendar month before, other periods with as many days before', () => {
    expect(previousPeriod({ kind: 'monthly', fromDay: '2026-03-01', toDay: '2026-03-31' })).toEqual({ fromDay: '2026-02-01', toDay: '2026-02-28' });
    expect(previousPeriod({ kind: 'weekly', fromDay: '2026-11-23', toDay: '2026-11-29' })).toEqual({ fromDay: '2026-11-16', toDay: '2026-11-22' });
    expect(previousPeriod({ kind: 'onDemand', fromDay: '2026-01-10', toDay: '2026-01-19' })).toEqual({ fromDay: '2025-12-31', toDay: '2026-01-09' });
  });

  it('computes each indicator over the period as Σnumerator/Σdenominator and says which way it went against the previous month', async () => {
    const days = [
      // October: 8 of 10 accepted tickets closed (80 %); November: 9+9 of 10+10 (90 %) — better.
      day('2026-10-15', 'hazardClosureRate', 8, 10),
      day('2026-11-02', 'hazardClosureRate', 9, 10),
      day('2026-11-20', 'hazardClosureRate', 9, 10),
      // Alarm rate: October 1/1 = 1, November (3+1)/(1+1) = 2 — worse for a lower-is-better indicator.
      day('2026-10-15', 'alarmRatePer10Min', 1, 1),
      day('2026-11-02', 'alarmRatePer10Min', 3, 1),
      day('2026-11-20', 'alarmRatePer10Min', 1, 1),
    ];
    const sources: ReportSources = { ...EMPTY, indicatorDays: async () => days };
    const model = await buildReportModel(sources, { kind: 'monthly', fromDay: '2026-11-01', toDay: '2026-11-30' }, { utcOffsetMin: CST, nowMs: Date.UTC(2026, 11, 1) });
    const closure = model.indicators!.find((r) => r.definition.id === 'hazardClosureRate')!;
    expect(closure.value).toBeCloseTo(90);
    expect(closure.previous).toBeCloseTo(80);
    expect(closure.change).toBe('better');
    const rate = model.indicators!.find((r) => r.definition.id === 'alarmRatePer10Min')!;
    expect(rate.value).toBeCloseTo(2);
    expect(rate.change).toBe('worse');
    // The safety health index: a 12-month chart ending with November, and the indicators with data in its explanation.
    const health = model.indices.find((i) => i.value.indexId === 'safetyHealth')!;
    expect(health.chart).toHaveLength(12);
    expect(health.chart.at(-1)!.start).toBe('2026-11-01');
    expect(health.chart.at(-2)!.value).not.toBeNull();
    expect(health.value.contributions.find((c) => c.indicatorId === 'hazardClosureRate')!.value).toBeCloseTo(90);
    expect(model.drills).toBeNull();
  });

  it('says "no data yet" in every section whose source holds nothing, in both languages', async () => {
    const model = await buildReportModel(EMPTY, { kind: 'monthly', fromDay: '2026-11-01', toDay: '2026-11-30' }, { utcOffsetMin: CST, nowMs: Date.UTC(2026, 11, 1) });
    expect(model.indicators).toBeNull();
    expect(model.alarms).toBeNull();
    expect(model.hotSpots).toBeNull();
    const zh = renderReportHtml(model, SCENE, 'zh-CN', nameOf);
    expect(zh).toContain('安全运行月报');
    expect(zh).toContain('示范化工厂');
    // Indices, indicators, drills, risks, hot spots, alarms, hazards, permits, incidents.
    expect(zh.match(/暂无数据/g)!.length).toBeGreaterThanOrEqual(9);
    const en = renderReportHtml(model, SCENE, 'en', nameOf);
    expect(en).toContain('Monthly safety operations report');
    expect(en.match(/No data yet/g)!.length).toBeGreaterThanOrEqual(9);
    expect(en).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('draws the hot-spot map from the areas shaded by their alarms and hidden dangers, names the bad actors in words and escapes the notes', async () => {
    const sources: ReportSources = {
      ...EMPTY,
      alarmsByArea: async () => [
        { areaId: 'unit1', activations: 40 },
        { areaId: null, activations: 3 },
      ],
      alarmKpis: async () => ({ windowMs: 1, fromMs: 0, toMs: 1, measuredFromMs: 0, alarmRatePer10Min: 0.4, maximumAlarmRatePer10Min: 12, floodPeriods: [], percentTimeInFlood: 0.002, standingAlarms: 1, chatteringAlarms: [], topBadActors: [{ alarmId: 'GD-101:high', activations: 30 }, { alarmId: 'mttrMin/area/tankFarm:indicatorDeclining', activations: 2 }], priorityMix: { urgent: 0, high: 0.2, medium: 0.3, low: 0.5 }, activeAlarms: 0, unacknowledgedAlarms: 0, shelvedAlarms: 0 }),
      riskAreas: () => [
        { areaId: 'tankFarm', grade: 'general', assessed: 'general', causes: [], riskPointIds: [] },
        { areaId: 'unit1', grade: 'major', assessed: 'large', causes: [], riskPointIds: [] },
      ],
    };
    const model = await buildReportModel(sources, { kind: 'weekly', fromDay: '2026-11-23', toDay: '2026-11-29', notes: 'Check <GD-101> & the flare' }, { utcOffsetMin: CST, nowMs: Date.UTC(2026, 10, 30) });
    expect(model.hotSpots).toEqual([{ areaId: 'unit1', alarms: 40, hazards: 0 }]);
    expect(model.topRisks!.map((r) => r.areaId)).toEqual(['unit1', 'tankFarm']);
    const html = renderReportHtml(model, SCENE, 'zh-CN', nameOf);
    expect(html).toContain('安全运行周报');
    expect(html).toMatch(/<svg class="map"[^]*<polygon[^]*一号装置 40\/0/);
    expect(html).toContain('GD-101 高报');
    // A declining indicator by its catalogue name and area, never its raw source id (issue 20).
    expect(html).toContain('平均处置时间（罐区） 指标持续下降');
    expect(html).not.toContain('mttrMin/');
    expect(html).toContain('重大风险');
    expect(html).toContain('Check &lt;GD-101&gt; &amp; the flare');
    expect(html).not.toContain('<GD-101>');
  });
});

describe('report hot-spot map', () => {
  it('draws the period’s risk cells over the area outlines, the hottest deepest, cells without events left out', async () => {
    const sources: ReportSources = {
      ...EMPTY,
      hotSpotGrid: async () => ({ layer: 'risk', cellM: 10, fromDay: '2026-11-01', toDay: '2026-11-30', days: 30, max: 8, capped: false, cells: [{ x: 25, y: 15, value: 8 }, { x: 85, y: 25, value: 2 }, { x: 95, y: 25, value: 0 }] }),
    };
    const model = await buildReportModel(sources, { kind: 'monthly', fromDay: '2026-11-01', toDay: '2026-11-30' }, { utcOffsetMin: CST, nowMs: Date.UTC(2026, 11, 1) });
    expect(model.hotSpotGrid?.cells).toHaveLength(3);
    const html = renderReportHtml(model, SCENE, 'en', nameOf);
    const cells = [...html.matchAll(/<rect x="[\d.]+" y="[\d.]+" width="([\d.]+)" height="[\d.]+" style="fill:(rgb\([\d,]+\))/g)];
    expect(cells).toHaveLength(2);
    // 10 m cells on a 120 m wide site drawn 620 px wide: about 52 px.
    expect(Number(cells[0]![1])).toBeCloseTo(51.7, 0);
    expect(cells[0]![2]).toBe('rgb(190,30,30)');
    expect(html).toContain('10 m cells');
    // The areas are the grey plan under the heat.
    expect(html.match(/<polygon[^>]*fill:rgb\(236,236,236\)/g)).toHaveLength(2);
  });
});

describe('report schedule', () => {
  const settings = { monthly: true, weekly: true, hourLocal: 8, locales: ['zh-CN', 'en'] as ('zh-CN' | 'en')[], utcOffsetMin: CST };
  // 2026-12-01 is a Tuesday; 08:00 CST is 00:00 UTC.
  const at = (iso: string) => Date.parse(iso);

  it('makes the previous month due at 08:00 plant time on the 1st, in each language, and not before', () => {
    const before = dueReports(at('2026-11-30T23:59:00Z'), settings, []);
    expect(before.filter((r) => r.kind === 'monthly').map((r) => r.fromDay)).toEqual(['2026-10-01', '2026-10-01']);
    const after = dueReports(at('2026-12-01T00:00:00Z'), settings, []);
    expect(after.filter((r) => r.kind === 'monthly')).toEqual([
      { kind: 'monthly', fromDay: '2026-11-01', toDay: '2026-11-30', locale: 'zh-CN' },
      { kind: 'monthly', fromDay: '2026-11-01', toDay: '2026-11-30', locale: 'en' },
    ]);
  });

  it('makes the previous ISO week due on Monday and nothing that is archived already (a missed run is made up once)', () => {
    const monday = at('2026-11-30T01:00:00Z'); // Monday 09:00 CST
    const due = dueReports(monday, { ...settings, monthly: false, locales: ['zh-CN'] }, []);
    expect(due).toEqual([{ kind: 'weekly', fromDay: '2026-11-23', toDay: '2026-11-29', locale: 'zh-CN' }]);
    expect(dueReports(monday, { ...settings, monthly: false, locales: ['zh-CN'] }, due)).toEqual([]);
    // Three weeks later with nothing archived: only the latest week is made.
    expect(dueReports(monday + 21 * 86_400_000, { ...settings, monthly: false, locales: ['zh-CN'] }, due)).toEqual([{ kind: 'weekly', fromDay: '2026-12-14', toDay: '2026-12-20', locale: 'zh-CN' }]);
  });
});
