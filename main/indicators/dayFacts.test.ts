import { describe, expect, it } from 'vitest';
import { HazardStepRequestSchema, type HazardReportInput, type HazardStepRequest, type HazardTicket, type IndicatorDay, type IndicatorDimension } from '../contracts/index.js';
import { cst, hazardsConfig, HOUR_MS, MINUTE_MS, person, reportedTicket, ticketOk } from '../../tests/support/hazardFixtures.js';
import { computeAlarmKpis } from '../alarms/index.js';
import { dispositionStats, type DispositionRow } from '../dispatch/index.js';
import { applyHazardStep, monthlyHazardAnalysis } from '../hazards/index.js';
import { valueOver } from './aggregate.js';
import { INDICATOR_CATALOGUE, indicatorById } from './catalogue.js';
import { indicatorDays, type DayDimensions, type DayFacts } from './dayFacts.js';

/*
 * Every indicator's formula on a hand-built day at a site on UTC+8 (2026-12-02, a Wednesday). The expected
 * numbers are written by hand with their arithmetic beside them. Organisation: areas unit1 and sump belong to
 * the department prod1, tank to storage. Shifts: A from 08:00 to 20:00 local, B the rest.
 */
const DAY = '2026-12-02';
const START = cst('2026-12-02T00:00');
const END = cst('2026-12-03T00:00');
const at = (hhmmss: string) => cst(`2026-12-02T${hhmmss}`);
const dims: DayDimensions = {
  areaToDepartment: { unit1: 'prod1', sump: 'prod1', tank: 'storage' },
  shiftOf: (tMs) => {
    const hour = new Date(tMs + 8 * HOUR_MS).getUTCHours();
    return hour >= 8 && hour < 20 ? 'A' : 'B';
  },
};
const base = { day: DAY, dayStartMs: START, dayEndMs: END };

/** A day's rate by the formula alone: the hand-built days hold a few hours, below the least exposure (aggregate.test.ts checks it). */
function valueOf(rows: readonly IndicatorDay[], id: string, dimension: IndicatorDimension, key: string): number | null {
  return valueOver(rows, { ...indicatorById(id)!, minDenominator: 0 }, DAY, DAY, dimension, key).value;
}
function rowOf(rows: readonly IndicatorDay[], id: string, dimension: IndicatorDimension, key: string) {
  const row = rows.find((r) => r.indicatorId === id && r.dimension === dimension && r.key === key);
  return row && { numerator: row.numerator, denominator: row.denominator };
}
const idsOf = (rows: readonly IndicatorDay[]) => [...new Set(rows.map((r) => r.indicatorId))].sort();

describe('sections and rows', () => {
  it('gives no row for a source whose section is absent, and a site row for one present with nothing in it', () => {
    expect(indicatorDays(base, dims)).toEqual([]);
    const rows = indicatorDays({ ...base, camera: { observations: [], exposure: [] } }, dims);
    expect(idsOf(rows)).toEqual(['ppeCompliance', 'ppeViolationsPer100h']);
    expect(rows).toEqual([
      { day: DAY, indicatorId: 'ppeCompliance', dimension: 'site', key: 'site', numerator: 0, denominator: 0 },
      { day: DAY, indicatorId: 'ppeViolationsPer100h', dimension: 'site', key: 'site', numerator: 0, denominator: 0 },
    ]);
  });

  it('never emits a dimension the indicator does not declare', () => {
    const rows = indicatorDays({ ...base, ...ALL_SECTIONS }, dims);
    for (const row of rows) expect(indicatorById(row.indicatorId)!.dimensions).toContain(row.dimension);
    // Every indicator of the catalogue has a row when every section is present.
    expect(idsOf(rows)).toEqual(INDICATOR_CATALOGUE.map((d) => d.id).sort());
  });
});

describe('alarms (computeAlarmKpis over the day)', () => {
  // Two operator positions. x at 09:00 in unit1; c three times within 40 s at 10:00 in unit1 (chattering);
  // y at 21:00 in tank. Measuring began long before the day.
  const alarms: NonNullable<DayFacts['alarms']> = {
    activations: [
      { atMs: at('09:00'), alarmId: 'x', priority: 'high', areaId: 'unit1' },
      { atMs: at('10:00:00'), alarmId: 'c', priority: 'low', areaId: 'unit1' },
      { atMs: at('10:00:20'), alarmId: 'c', priority: 'low', areaId: 'unit1' },
      { atMs: at('10:00:40'), alarmId: 'c', priority: 'low', areaId: 'unit1' },
      { atMs: at('21:00'), alarmId: 'y', priority: 'medium', areaId: 'tank' },
      // The next day's first millisecond is not this day's.
      { atMs: END, alarmId: 'z', priority: 'low', areaId: 'tank' },
    ],
    alarmsAtEnd: [
      { state: 'unacknowledged', active: true, raisedAtMs: END - 25 * HOUR_MS, areaId: 'tank' },
      { state: 'acknowledged', active: true, raisedAtMs: END - 23 * HOUR_MS, areaId: 'unit1' },
      { state: 'acknowledged', active: true, raisedAtMs: END - 48 * HOUR_MS },
    ],
    measuredFromMs: START - 30 * 24 * HOUR_MS,
    operatorPositions: 2,
  };
  const rows = indicatorDays({ ...base, alarms }, dims);

  it('alarm rate: activations ÷ (10-minute periods × positions), per shift on the shift\u2019s own time', () => {
    // Site: 5 activations ÷ (144 periods × 2 positions = 288) = 0.017361…
    expect(rowOf(rows, 'alarmRatePer10Min', 'site', 'site')).toEqual({ numerator: 5, denominator: 288 });
    expect(valueOf(rows, 'alarmRatePer10Min', 'site', 'site')).toBeCloseTo(5 / 288, 12);
    // Shift A (08–20, 72 periods × 2 = 144): 09:00 and the three at 10:00 = 4 → 4/144; shift B: 21:00 → 1/144.
    expect(rowOf(rows, 'alarmRatePer10Min', 'shift', 'A')).toEqual({ numerator: 4, denominator: 144 });
    expect(rowOf(rows, 'alarmRatePer10Min', 'shift', 'B')).toEqual({ numerator: 1, denominator: 144 });
    // The same figure as the historian's KPIs: computeAlarmKpis over the day.
    const kpis = computeAlarmKpis({ activations: alarms.activations.slice(0, 5), alarms: alarms.alarmsAtEnd, nowMs: END, windowMs: END - START, measuredFromMs: alarms.measuredFromMs, operatorPositions: 2 });
    expect(valueOf(rows, 'alarmRatePer10Min', 'site', 'site')).toBeCloseTo(kpis.alarmRatePer10Min, 12);
  });

  it('a day measured from noon (the historian began then) rates over its 12 hours', () => {
    const noon = indicatorDays({ ...base, alarms: { ...alarms, measuredFromMs: at('12:00') } }, dims);
    // From 12:00: only y at 21:00 → 1 ÷ (72 periods × 2) = 1/144; shift A holds 12:00–20:00 (48 × 2 = 96), B 20:00–24:00 (24 × 2 = 48).
    expect(rowOf(noon, 'alarmRatePer10Min', 'site', 'site')).toEqual({ numerator: 1, denominator: 144 });
    expect(rowOf(noon, 'alarmRatePer10Min', 'shift', 'A')).toEqual({ numerator: 0, denominator: 96 });
    expect(rowOf(noon, 'alarmRatePer10Min', 'shift', 'B')).toEqual({ numerator: 1, denominator: 48 });
  });

  it('standing alarms: active more than 24 h at the day\u2019s end, one day counted once per key', () => {
    // Raised 25 h and 48 h before the end: 2 at the site; 1 in tank (storage); the 23-hour one is not standing.
    expect(rowOf(rows, 'standingAlarms', 'site', 'site')).toEqual({ numerator: 2, denominator: 1 });
    expect(rowOf(rows, 'standingAlarms', 'area', 'tank')).toEqual({ numerator: 1, denominator: 1 });
    expect(rowOf(rows, 'standingAlarms', 'area', 'unit1')).toEqual({ numerator: 0, denominator: 1 });
    // An area of the organisation with no alarm still had its day: 0 of 1.
    expect(rowOf(rows, 'standingAlarms', 'area', 'sump')).toEqual({ numerator: 0, denominator: 1 });
    expect(rowOf(rows, 'standingAlarms', 'department', 'storage')).toEqual({ numerator: 1, denominator: 1 });
    expect(rowOf(rows, 'standingAlarms', 'department', 'prod1')).toEqual({ numerator: 0, denominator: 1 });
  });

  it('chattering alarms: 3 activations of one alarm within 60 s', () => {
    // c at 10:00:00, :20, :40 → 1 at the site, in unit1 and in prod1; none in tank.
    expect(rowOf(rows, 'chatteringAlarms', 'site', 'site')).toEqual({ numerator: 1, denominator: 1 });
    expect(rowOf(rows, 'chatteringAlarms', 'area', 'unit1')).toEqual({ numerator: 1, denominator: 1 });
    expect(rowOf(rows, 'chatteringAlarms', 'area', 'tank')).toEqual({ numerator: 0, denominator: 1 });
    expect(rowOf(rows, 'chatteringAlarms', 'department', 'prod1')).toEqual({ numerator: 1, denominator: 1 });
  });

  it('time in flood: a flood across the shift change is split at 20:00', () => {
    // One position (flood: more than 10 in 10 min). 11 activations every 10 s from 19:58:00: the 11th at
    // 19:59:40 starts the flood, the first leaving the window at 20:08:00 ends it: 500 s, 20 s of them in A.
    const burst = Array.from({ length: 11 }, (_, i) => ({ atMs: at('19:58') + i * 10_000, alarmId: `b${i}`, priority: 'low' as const }));
    const flood = indicatorDays({ ...base, alarms: { activations: burst, alarmsAtEnd: [], measuredFromMs: START, operatorPositions: 1 } }, dims);
    // Site: 500 s ÷ 86,400 s × 100 = 0.5787…%; A: 20 s ÷ 43,200 s × 100 = 0.0463…%; B: 480 s ÷ 43,200 s × 100 = 1.111…%.
    expect(valueOf(flood, 'floodTimeShare', 'site', 'site')).toBeCloseTo((500 / 86_400) * 100, 10);
    expect(valueOf(flood, 'floodTimeShare', 'shift', 'A')).toBeCloseTo((20 / 43_200) * 100, 10);
    expect(valueOf(flood, 'floodTimeShare', 'shift', 'B')).toBeCloseTo((480 / 43_200) * 100, 10);
    const kpis = computeAlarmKpis({ activations: burst, alarms: [], nowMs: END, windowMs: END - START, measuredFromMs: START, operatorPositions: 1 });
    expect(valueOf(flood, 'floodTimeShare', 'site', 'site')).toBeCloseTo(kpis.percentTimeInFlood * 100, 10);
  });
});

describe('dispatch (the disposition statistics\u2019 definitions)', () => {
  const row = (warningId: string, raisedAtMs: number, more: Partial<DispositionRow> & { areaId?: string }): DispositionRow & { areaId?: string } => ({
    warningId,
    alarmId: `a-${warningId}`,
    sourceId: 's',
    sourceKind: 'sensor',
    condition: 'high',
    raisedAtMs,
    ...more,
  });
  const warnings = [
    row('w1', at('09:00'), { areaId: 'unit1', acknowledgedAtMs: at('09:03'), clearedAtMs: at('09:20'), disposition: 'real' }),
    row('w2', at('10:00'), { areaId: 'tank', acknowledgedAtMs: at('10:07'), clearedAtMs: at('10:50'), disposition: 'false' }),
    row('w3', at('22:00'), { areaId: 'tank', acknowledgedAtMs: at('22:02'), disposition: 'test' }),
    row('w4', at('23:00'), {}),
  ];
  const rows = indicatorDays({ ...base, dispatch: { warnings } }, dims);

  it('MTTA, MTTR and the false-alarm rate at the site equal dispositionStats', () => {
    // MTTA (3 + 7 + 2) / 3 = 4 min; MTTR (20 + 50) / 2 = 35 min; false 1 / (real 1 + false 1) = 50 % (test out).
    expect(valueOf(rows, 'mttaMin', 'site', 'site')).toBe(4);
    expect(valueOf(rows, 'mttrMin', 'site', 'site')).toBe(35);
    expect(valueOf(rows, 'falseAlarmRate', 'site', 'site')).toBe(50);
    const stats = dispositionStats(warnings, START, END - 1);
    expect(stats.mttaMs! / MINUTE_MS).toBe(4);
    expect(stats.mttrMs! / MINUTE_MS).toBe(35);
    expect(stats.falseAlarmRate! * 100).toBe(50);
  });

  it('per area, department and shift', () => {
    // unit1: w1 → 3, 20, 0 of 1 = 0 %. tank: w2, w3 → (7 + 2)/2 = 4.5, 50/1 = 50, false 1 of 1 = 100 %.
    expect([valueOf(rows, 'mttaMin', 'area', 'unit1'), valueOf(rows, 'mttrMin', 'area', 'unit1'), valueOf(rows, 'falseAlarmRate', 'area', 'unit1')]).toEqual([3, 20, 0]);
    expect([valueOf(rows, 'mttaMin', 'area', 'tank'), valueOf(rows, 'mttrMin', 'area', 'tank'), valueOf(rows, 'falseAlarmRate', 'area', 'tank')]).toEqual([4.5, 50, 100]);
    expect(valueOf(rows, 'mttaMin', 'department', 'storage')).toBe(4.5);
    // Shift A: w1, w2 → (3 + 7)/2 = 5, (20 + 50)/2 = 35, 1 of 2 = 50 %. Shift B: w3, w4 → 2; nothing cleared, nothing rated: null.
    expect([valueOf(rows, 'mttaMin', 'shift', 'A'), valueOf(rows, 'mttrMin', 'shift', 'A'), valueOf(rows, 'falseAlarmRate', 'shift', 'A')]).toEqual([5, 35, 50]);
    expect([valueOf(rows, 'mttaMin', 'shift', 'B'), valueOf(rows, 'mttrMin', 'shift', 'B'), valueOf(rows, 'falseAlarmRate', 'shift', 'B')]).toEqual([2, null, null]);
  });
});

describe('camera, RTLS, data quality, drills', () => {
  it('PPE compliance and violations per 100 exposure hours', () => {
    // unit1 (shift A): 8 observations, 2 violations; tank (shift B): 2, none. Exposure: unit1 4 h, tank 1 h.
    const observations = [
      ...Array.from({ length: 8 }, (_, i) => ({ atMs: at('09:00') + i * MINUTE_MS, cameraId: 'cam1', areaId: 'unit1', violation: i < 2 })),
      ...Array.from({ length: 2 }, (_, i) => ({ atMs: at('21:00') + i * MINUTE_MS, cameraId: 'cam2', areaId: 'tank', violation: false })),
    ];
    const exposure = [
      { atMs: at('09:00'), areaId: 'unit1', hours: 4 },
      { atMs: at('21:00'), areaId: 'tank', hours: 1 },
    ];
    const rows = indicatorDays({ ...base, camera: { observations, exposure } }, dims);
    // Compliance: site 8/10 = 80 %; unit1 6/8 = 75 %; tank 2/2 = 100 %; shift A = unit1's.
    expect(valueOf(rows, 'ppeCompliance', 'site', 'site')).toBe(80);
    expect(valueOf(rows, 'ppeCompliance', 'area', 'unit1')).toBe(75);
    expect(valueOf(rows, 'ppeCompliance', 'area', 'tank')).toBe(100);
    expect(valueOf(rows, 'ppeCompliance', 'shift', 'A')).toBe(75);
    // Violations: site 2 ÷ 5 h × 100 = 40; unit1 2 ÷ 4 × 100 = 50; tank 0 ÷ 1 = 0.
    expect(valueOf(rows, 'ppeViolationsPer100h', 'site', 'site')).toBe(40);
    expect(valueOf(rows, 'ppeViolationsPer100h', 'area', 'unit1')).toBe(50);
    expect(valueOf(rows, 'ppeViolationsPer100h', 'area', 'tank')).toBe(0);
    expect(valueOf(rows, 'ppeViolationsPer100h', 'department', 'prod1')).toBe(50);
  });

  it('restricted entries and gatherings per 1,000 person-hours, by contractor too', () => {
    const rtls: NonNullable<DayFacts['rtls']> = {
      presence: [
        { atMs: at('09:00'), areaId: 'unit1', contractor: 'Acme', hours: 3 },
        { atMs: at('09:00'), areaId: 'unit1', hours: 5 },
        { atMs: at('21:00'), areaId: 'tank', contractor: 'Acme', hours: 2 },
      ],
      restrictedEntries: [
        { atMs: at('10:00'), areaId: 'unit1', contractor: 'Acme' },
        { atMs: at('22:00'), areaId: 'tank' },
      ],
      gatherings: [{ atMs: at('22:30'), areaId: 'tank' }],
    };
    const rows = indicatorDays({ ...base, rtls }, dims);
    // Restricted: site 2 ÷ 10 h × 1000 = 200; unit1 1 ÷ 8 × 1000 = 125; tank 1 ÷ 2 × 1000 = 500;
    // Acme 1 ÷ (3 + 2) × 1000 = 200; shift A 1 ÷ 8 × 1000 = 125, B 1 ÷ 2 × 1000 = 500; prod1 = unit1.
    expect(valueOf(rows, 'restrictedEntryPer1000h', 'site', 'site')).toBe(200);
    expect(valueOf(rows, 'restrictedEntryPer1000h', 'area', 'unit1')).toBe(125);
    expect(valueOf(rows, 'restrictedEntryPer1000h', 'area', 'tank')).toBe(500);
    expect(valueOf(rows, 'restrictedEntryPer1000h', 'contractor', 'Acme')).toBe(200);
    expect(valueOf(rows, 'restrictedEntryPer1000h', 'shift', 'A')).toBe(125);
    expect(valueOf(rows, 'restrictedEntryPer1000h', 'shift', 'B')).toBe(500);
    expect(valueOf(rows, 'restrictedEntryPer1000h', 'department', 'prod1')).toBe(125);
    // Gatherings: site 1 ÷ 10 × 1000 = 100; tank 500; unit1 0. Gatherings have no contractor dimension.
    expect(valueOf(rows, 'gatheringPer1000h', 'site', 'site')).toBe(100);
    expect(valueOf(rows, 'gatheringPer1000h', 'area', 'tank')).toBe(500);
    expect(valueOf(rows, 'gatheringPer1000h', 'area', 'unit1')).toBe(0);
    expect(rowOf(rows, 'gatheringPer1000h', 'contractor', 'Acme')).toBeUndefined();
  });

  it('data-quality score: the mean of the sensors\u2019 scores', () => {
    const rows = indicatorDays({ ...base, dataQuality: { sensors: [{ sensorId: 's1', areaId: 'unit1', score: 1 }, { sensorId: 's2', areaId: 'unit1', score: 0.5 }, { sensorId: 's3', areaId: 'tank', score: 0.9 }] } }, dims);
    // Site (1 + 0.5 + 0.9) / 3 × 100 = 80; unit1 1.5 / 2 × 100 = 75; tank 90.
    expect(valueOf(rows, 'dataQualityScore', 'site', 'site')).toBeCloseTo(80, 12);
    expect(valueOf(rows, 'dataQualityScore', 'area', 'unit1')).toBe(75);
    expect(valueOf(rows, 'dataQualityScore', 'area', 'tank')).toBe(90);
  });

  it('drill completion and score', () => {
    const drills = [
      { drillId: 'd1', plannedAtMs: at('09:00'), areaId: 'unit1', done: true, score: 80 },
      { drillId: 'd2', plannedAtMs: at('14:00'), areaId: 'tank', done: true },
      { drillId: 'd3', plannedAtMs: at('15:00'), areaId: 'tank', done: false },
    ];
    const rows = indicatorDays({ ...base, drills: { drills } }, dims);
    // Completion: site 2/3 × 100 = 66.67 %; unit1 1/1 = 100 %; tank 1/2 = 50 %.
    expect(valueOf(rows, 'drillCompletion', 'site', 'site')).toBeCloseTo(200 / 3, 12);
    expect(valueOf(rows, 'drillCompletion', 'area', 'unit1')).toBe(100);
    expect(valueOf(rows, 'drillCompletion', 'area', 'tank')).toBe(50);
    // Score: only d1 was scored: 80 / 1 = 80; tank held no scored drill: no row.
    expect(valueOf(rows, 'drillScore', 'site', 'site')).toBe(80);
    expect(rowOf(rows, 'drillScore', 'area', 'tank')).toBeUndefined();
  });
});

describe('permits, contractors, incidents', () => {
  it('suspensions per 100 permits and overdue reviews per day', () => {
    const permits: NonNullable<DayFacts['permits']> = {
      issued: [
        { number: 'P1', atMs: at('08:00'), areaId: 'unit1', contractor: 'Acme' },
        { number: 'P2', atMs: at('08:00'), areaId: 'unit1' },
        { number: 'P3', atMs: at('09:00'), areaId: 'tank', contractor: 'Acme' },
        { number: 'P4', atMs: at('09:00'), areaId: 'tank' },
      ],
      suspensions: [
        { number: 'P1', atMs: at('10:00'), areaId: 'unit1', contractor: 'Acme' },
        { number: 'P1', atMs: at('11:00'), areaId: 'unit1', contractor: 'Acme' },
        { number: 'P3', atMs: at('12:00'), areaId: 'tank', contractor: 'Acme' },
      ],
      overdueReviews: [{ number: 'P9', areaId: 'tank', contractor: 'Acme' }, { number: 'P8' }],
    };
    const rows = indicatorDays({ ...base, permits }, dims);
    // Suspensions: site 3 ÷ 4 × 100 = 75; unit1 2 ÷ 2 × 100 = 100; tank 1 ÷ 2 × 100 = 50; Acme 3 ÷ 2 × 100 = 150.
    expect(valueOf(rows, 'permitSuspensions', 'site', 'site')).toBe(75);
    expect(valueOf(rows, 'permitSuspensions', 'area', 'unit1')).toBe(100);
    expect(valueOf(rows, 'permitSuspensions', 'area', 'tank')).toBe(50);
    expect(valueOf(rows, 'permitSuspensions', 'contractor', 'Acme')).toBe(150);
    // Overdue reviews at the day's end: site 2, tank 1, unit1 0, storage 1, Acme 1 (each over 1 day).
    expect(rowOf(rows, 'permitOverdueReviews', 'site', 'site')).toEqual({ numerator: 2, denominator: 1 });
    expect(rowOf(rows, 'permitOverdueReviews', 'area', 'tank')).toEqual({ numerator: 1, denominator: 1 });
    expect(rowOf(rows, 'permitOverdueReviews', 'area', 'unit1')).toEqual({ numerator: 0, denominator: 1 });
    expect(rowOf(rows, 'permitOverdueReviews', 'department', 'storage')).toEqual({ numerator: 1, denominator: 1 });
    expect(rowOf(rows, 'permitOverdueReviews', 'contractor', 'Acme')).toEqual({ numerator: 1, denominator: 1 });
  });

  it('certificates expired or expiring within 30 days, per contractor', () => {
    const certificates = [...Array.from({ length: 4 }, (_, i) => ({ contractor: 'Acme', expiringOrExpired: i === 0 })), { contractor: 'Beta', expiringOrExpired: true }];
    const rows = indicatorDays({ ...base, contractors: { certificates } }, dims);
    // Site 2 of 5 = 40 %; Acme 1 of 4 = 25 %; Beta 1 of 1 = 100 %.
    expect(valueOf(rows, 'certificateExpiries', 'site', 'site')).toBe(40);
    expect(valueOf(rows, 'certificateExpiries', 'contractor', 'Acme')).toBe(25);
    expect(valueOf(rows, 'certificateExpiries', 'contractor', 'Beta')).toBe(100);
  });

  it('recordable incident rate per 200,000 h and the day without a recordable incident', () => {
    const incidents: NonNullable<DayFacts['incidents']> = {
      records: [
        { occurredAtMs: at('09:00'), severity: 'firstAid', areaId: 'unit1' },
        { occurredAtMs: at('15:00'), severity: 'recordable', areaId: 'tank', contractor: 'Acme' },
      ],
      hoursWorked: [
        { atMs: at('09:00'), areaId: 'unit1', hours: 300_000 },
        { atMs: at('09:00'), areaId: 'tank', contractor: 'Acme', hours: 100_000 },
      ],
    };
    const rows = indicatorDays({ ...base, incidents }, dims);
    // First aid is not recordable (29 CFR 1904.7). Site 1 × 200,000 ÷ 400,000 h = 0.5; tank and Acme 1 × 200,000 ÷ 100,000 = 2; unit1 0.
    expect(valueOf(rows, 'recordableIncidentRate', 'site', 'site')).toBe(0.5);
    expect(valueOf(rows, 'recordableIncidentRate', 'area', 'tank')).toBe(2);
    expect(valueOf(rows, 'recordableIncidentRate', 'contractor', 'Acme')).toBe(2);
    expect(valueOf(rows, 'recordableIncidentRate', 'area', 'unit1')).toBe(0);
    // The day is 0 of 1 (an incident) at the site, in tank and storage; 1 of 1 in unit1, sump and prod1.
    expect(rowOf(rows, 'daysWithoutRecordableIncident', 'site', 'site')).toEqual({ numerator: 0, denominator: 1 });
    expect(rowOf(rows, 'daysWithoutRecordableIncident', 'area', 'tank')).toEqual({ numerator: 0, denominator: 1 });
    expect(rowOf(rows, 'daysWithoutRecordableIncident', 'department', 'storage')).toEqual({ numerator: 0, denominator: 1 });
    expect(rowOf(rows, 'daysWithoutRecordableIncident', 'area', 'unit1')).toEqual({ numerator: 1, denominator: 1 });
    expect(rowOf(rows, 'daysWithoutRecordableIncident', 'area', 'sump')).toEqual({ numerator: 1, denominator: 1 });
    expect(rowOf(rows, 'daysWithoutRecordableIncident', 'department', 'prod1')).toEqual({ numerator: 1, denominator: 1 });
  });
});

// ─── Hidden dangers: the monthly analysis' own figures ──────────────────────────────────────────────

const officer = person('chen.jing', 'manager');
const fitter = person('li.ming', 'operator');
type Step = { accept: number } | { rectify: number } | { verify: number } | { reject: number };
function ticket(number: string, reportedAtMs: number, steps: Step[], extra: Partial<HazardReportInput> = {}): HazardTicket {
  let t = reportedTicket(number, reportedAtMs, extra);
  const ordered: [HazardStepRequest, number][] = steps.flatMap((s): [HazardStepRequest, number][] =>
    'accept' in s
      ? [
          [{ action: 'accept', grade: 'general' }, s.accept],
          [{ action: 'assign', assignee: 'li.ming' }, s.accept],
        ]
      : 'rectify' in s
        ? [[{ action: 'rectify', note: '已整改', media: [{ ref: `after-${number}`, kind: 'photo', stage: 'rectification', takenAtMs: s.rectify }] }, s.rectify]]
        : 'verify' in s
          ? [[{ action: 'verify' }, s.verify]]
          : [[{ action: 'reject', reason: 'invalid', note: '非隐患' }, s.reject]],
  );
  for (const [request, atMs] of ordered) t = ticketOk(applyHazardStep(t, HazardStepRequestSchema.parse(request), request.action === 'rectify' ? fitter : officer, atMs, hazardsConfig));
  return t;
}
const inTank = { location: { point: [300, 300] as [number, number], placedBy: 'pin' as const, areaId: 'tank' } };
const hazardDims: DayDimensions = { areaToDepartment: { 'unit-100': 'prod1', tank: 'storage' }, shiftOf: dims.shiftOf };
const HOURS = (n: number) => n * HOUR_MS;

describe('hidden dangers (hazardCohortFigures, the monthly analysis\u2019 definitions)', () => {
  // H0: a leak at unit-100 (120, 40) closed in November: H1 and H3, the same kind at the same place, repeat it.
  const h0 = ticket('H0', cst('2026-11-20T09:00'), [{ accept: cst('2026-11-20T09:10') }, { rectify: cst('2026-11-20T12:00') }, { verify: cst('2026-11-21T09:00') }]);
  const h1 = ticket('H1', at('09:00'), [{ accept: at('09:10') }, { rectify: at('15:00') }, { verify: at('16:00') }]);
  const h2 = ticket('H2', at('10:00'), [{ accept: at('10:10') }, { rectify: at('10:00') + HOURS(24) }, { verify: at('11:00') + HOURS(24) }], inTank);
  const h3 = ticket('H3', at('11:00'), [{ accept: at('11:10') }]);
  const h4 = ticket('H4', at('12:00'), [{ reject: at('12:30') }], inTank);
  const hazards = { tickets: [h0, h1, h2, h3, h4], asOfMs: cst('2026-12-05T00:00'), config: hazardsConfig };
  const rows = indicatorDays({ ...base, hazards }, hazardDims);

  it('closure rate, mean rectification days and repeats of the day\u2019s reports as they stand now', () => {
    // Closure: accepted H1, H2, H3 = 3; closed H1, H2 = 2 → 66.67 %. unit-100: 1 of 2 = 50 %; tank 1 of 1 = 100 %.
    expect(valueOf(rows, 'hazardClosureRate', 'site', 'site')).toBeCloseTo(200 / 3, 12);
    expect(valueOf(rows, 'hazardClosureRate', 'area', 'unit-100')).toBe(50);
    expect(valueOf(rows, 'hazardClosureRate', 'area', 'tank')).toBe(100);
    expect(valueOf(rows, 'hazardClosureRate', 'department', 'storage')).toBe(100);
    // Rectification: H1 09:00 → 15:00 = 6 h, H2 24 h: (30 h ÷ 24) ÷ 2 = 0.625 days; unit-100 0.25; tank 1.
    expect(valueOf(rows, 'hazardMeanRectificationDays', 'site', 'site')).toBeCloseTo(0.625, 12);
    expect(valueOf(rows, 'hazardMeanRectificationDays', 'area', 'unit-100')).toBeCloseTo(0.25, 12);
    expect(valueOf(rows, 'hazardMeanRectificationDays', 'area', 'tank')).toBeCloseTo(1, 12);
    // Repeats: H1 and H3 repeat H0; 2 of the 3 not rejected (H4 is) = 66.67 %; unit-100 2 of 2; tank 0 of 1.
    expect(valueOf(rows, 'repeatHazards', 'site', 'site')).toBeCloseTo(200 / 3, 12);
    expect(valueOf(rows, 'repeatHazards', 'area', 'unit-100')).toBe(100);
    expect(valueOf(rows, 'repeatHazards', 'area', 'tank')).toBe(0);
  });

  it('a month\u2019s days summed equal the monthly analysis read at the month\u2019s end', () => {
    // Days of December followed up to the month's last millisecond, as monthlyHazardAnalysis reads December.
    const monthEnd = cst('2027-01-01T00:00');
    const late = ticket('H5', cst('2026-12-30T09:00'), [{ accept: cst('2026-12-30T09:10') }, { rectify: cst('2026-12-31T20:00') }, { verify: cst('2027-01-02T09:00') }]);
    const tickets = [h0, h1, h2, h3, h4, late];
    const all: IndicatorDay[] = [];
    for (let d = 1; d <= 31; d++) {
      const day = `2026-12-${String(d).padStart(2, '0')}`;
      const dayStartMs = cst(`${day}T00:00`);
      all.push(...indicatorDays({ day, dayStartMs, dayEndMs: dayStartMs + HOURS(24), hazards: { tickets, asOfMs: monthEnd - 1, config: hazardsConfig } }, hazardDims));
    }
    const month = monthlyHazardAnalysis(tickets, { year: 2026, month: 12 }, monthEnd, hazardsConfig, 480);
    const closure = valueOver(all, indicatorById('hazardClosureRate')!, '2026-12-01', '2026-12-31', 'site', 'site');
    // H5 handed in on the 31st but verified in January: accepted, not closed at the cutoff → 2 of 4.
    expect({ closed: closure.numerator, accepted: closure.denominator }).toEqual({ closed: month.closure.closed, accepted: month.closure.accepted });
    expect(closure.value).toBe(50);
    const repeats = valueOver(all, indicatorById('repeatHazards')!, '2026-12-01', '2026-12-31', 'site', 'site');
    expect(repeats.numerator).toBe(month.repeats.count);
    expect(repeats.denominator).toBe(month.reported.total - month.reported.byState.rejected);
  });
});

/** One of each section, for the catalogue-wide checks. */
const ALL_SECTIONS: Omit<DayFacts, 'day' | 'dayStartMs' | 'dayEndMs'> = {
  alarms: { activations: [{ atMs: at('09:00'), alarmId: 'x', priority: 'high', areaId: 'unit1' }], alarmsAtEnd: [], measuredFromMs: START, operatorPositions: 1 },
  dispatch: { warnings: [{ warningId: 'w', alarmId: 'x', sourceId: 's', sourceKind: 'sensor', condition: 'high', raisedAtMs: at('09:00'), acknowledgedAtMs: at('09:01'), clearedAtMs: at('09:05'), disposition: 'real', areaId: 'unit1' }] },
  dataQuality: { sensors: [{ sensorId: 's', areaId: 'unit1', score: 1 }] },
  camera: { observations: [{ atMs: at('09:00'), cameraId: 'c', areaId: 'unit1', violation: false }], exposure: [{ atMs: at('09:00'), areaId: 'unit1', hours: 1 }] },
  rtls: { presence: [{ atMs: at('09:00'), areaId: 'unit1', contractor: 'Acme', hours: 1 }], restrictedEntries: [], gatherings: [] },
  drills: { drills: [{ drillId: 'd', plannedAtMs: at('09:00'), areaId: 'unit1', done: true, score: 90 }] },
  hazards: { tickets: [], asOfMs: END, config: hazardsConfig },
  permits: { issued: [{ number: 'P', atMs: at('09:00'), areaId: 'unit1', contractor: 'Acme' }], suspensions: [], overdueReviews: [] },
  contractors: { certificates: [{ contractor: 'Acme', expiringOrExpired: false }] },
  incidents: { records: [], hoursWorked: [{ atMs: at('09:00'), areaId: 'unit1', hours: 8 }] },
};
