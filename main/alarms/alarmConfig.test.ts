import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALARM_CONDITIONS, SceneSchema, type Scene, type Sensor } from '../contracts/index.js';
import { AlarmConfigSchema, commLossTimeoutMs, defaultAlarmConfig, isLatchingByConfig } from './alarmConfig.js';
import { defaultAlarmPriority } from './alarmPriority.js';
import { effectiveLimits, firstRisingLimit, resolveSensorAlarmRules, spanOf, thresholdWanted } from './sensorAlarmRules.js';

const demo: Scene = SceneSchema.parse(JSON.parse(readFileSync(new URL('../../scenes/demo-plant/scene.json', import.meta.url), 'utf8')));
const demoSensor = (id: string): Sensor => {
  const sensor = demo.sensors.find((s) => s.id === id);
  if (!sensor) throw new Error(`no demo sensor ${id}`);
  return sensor;
};
const config = defaultAlarmConfig();

describe('alarm configuration', () => {
  it('fills every documented default from an empty object', () => {
    expect(config.deadbandPercentOfRange).toEqual({ gas: 1, o2: 1, smoke: 1, temperature: 1, pressure: 2, level: 5, flow: 5, vibration: 1, windSpeed: 1, windDirection: 1, humidity: 1 });
    expect(config.onDelayMs.gas).toBe(0);
    expect(config.onDelayMs.o2).toBe(0);
    expect(config.onDelayMs.smoke).toBe(0);
    expect(config.onDelayMs.pressure).toBe(5_000);
    expect(config.onDelayMs.windSpeed).toBe(10_000);
    expect(config.offDelayMs.gas).toBe(5_000);
    expect(config.commLossTimeoutMs).toMatchObject({ gas: 10_000, o2: 10_000, smoke: 10_000, windSpeed: 30_000, temperature: 60_000 });
    expect(config.rateOfChangePerMin).toEqual({ bySensorKind: {}, bySensorId: {} });
    expect(config.rateOfChangeWindowMs).toBe(60_000);
    expect(config.gasLelStepsPercent).toBe(10);
    expect(config.gasLelDefaultLimitsPercent).toEqual({ high: 25, highHigh: 50 });
    expect(config.o2).toEqual({ lowLow: 18, low: 19.5, high: 23.5 });
    expect(config.voting).toEqual({ rules: [], defaultRule: { enabled: true, m: 2, conditions: ['high', 'highHigh'], priority: 'urgent' } });
    expect(config.latching).toEqual({ alarmIds: [], conditions: [{ sensorKind: 'gas', condition: 'highHigh' }] });
    expect(config.suppressedByDesign).toEqual([]);
    expect(config.tripGroups).toEqual({});
    expect(config.operatorPositions).toBe(1);
    expect(config.substanceLimitsPpm.chlorine).toEqual({ high: 0.3, highHigh: 0.6 });
  });

  it('overrides one sensor kind without losing the others', () => {
    const custom = AlarmConfigSchema.parse({ onDelayMs: { temperature: 0 } });
    expect(custom.onDelayMs.temperature).toBe(0);
    expect(custom.onDelayMs.pressure).toBe(5_000);
  });

  it('adds configured substances to the toxic defaults', () => {
    const custom = AlarmConfigSchema.parse({ substanceLimitsPpm: { phosgene: { high: 0.05, highHigh: 0.1 }, chlorine: { high: 0.5, highHigh: 1 } } });
    expect(custom.substanceLimitsPpm.phosgene).toEqual({ high: 0.05, highHigh: 0.1 });
    expect(custom.substanceLimitsPpm.chlorine).toEqual({ high: 0.5, highHigh: 1 });
    expect(custom.substanceLimitsPpm.benzene).toEqual({ high: 3, highHigh: 6 });
  });

  it('refuses unknown keys, negative delays and inverted toxic limits', () => {
    expect(AlarmConfigSchema.safeParse({ onDelay: {} }).success).toBe(false);
    expect(AlarmConfigSchema.safeParse({ onDelayMs: { gas: -1 } }).success).toBe(false);
    expect(AlarmConfigSchema.safeParse({ onDelayMs: { plasma: 1 } }).success).toBe(false);
    expect(AlarmConfigSchema.safeParse({ substanceLimitsPpm: { x: { high: 10, highHigh: 5 } } }).success).toBe(false);
    expect(AlarmConfigSchema.safeParse({ operatorPositions: 0 }).success).toBe(false);
    expect(AlarmConfigSchema.safeParse({ gasLelStepsPercent: null }).success).toBe(true);
  });

  it('resolves the data-quality rules per kind in the sensor\'s unit: flat line off for gas, WMO band for wind, drift only with partners', () => {
    const level = resolveSensorAlarmRules(demoSensor('LT-T101'), demo, config);
    // %: natural span 100 → 0.02 % of span is 0.02 (in %), 30 min.
    expect(level.flatLine).toEqual({ noiseBand: 0.02, timeMs: 1_800_000 });
    expect(level.drift).toBeUndefined();
    expect(resolveSensorAlarmRules(demoSensor('WS-WX1'), demo, config).flatLine).toEqual({ noiseBand: (60 * 0.8) / 100, timeMs: 3_600_000 });
    const head = resolveSensorAlarmRules(demoSensor('GD-T101-C1'), demo, config, true);
    expect(head.flatLine).toBeUndefined();
    expect(head.drift).toEqual({ maxDifference: 5, durationMs: 1_800_000 });
    const custom = AlarmConfigSchema.parse({ dataQuality: { flatLine: { timeMs: { gas: 60_000, level: null } } } });
    expect(resolveSensorAlarmRules(demoSensor('GD-T101-C1'), demo, custom).flatLine).toEqual({ noiseBand: 0.02, timeMs: 60_000 });
    expect(resolveSensorAlarmRules(demoSensor('LT-T101'), demo, custom).flatLine).toBeUndefined();
    expect(AlarmConfigSchema.safeParse({ dataQuality: { flatLine: { timeMs: { level: 10 } } } }).success).toBe(false);
    expect(AlarmConfigSchema.safeParse({ dataQuality: { drift: { minPartners: 0 } } }).success).toBe(false);
    expect(AlarmConfigSchema.safeParse({ dataQuality: { drift: { tolerance: 3 } } }).success).toBe(false);
  });

  it('knows which alarms latch', () => {
    expect(isLatchingByConfig(config, 'GD-1:highHigh', 'gas', 'highHigh')).toBe(true);
    expect(isLatchingByConfig(config, 'GD-1:high', 'gas', 'high')).toBe(false);
    expect(isLatchingByConfig(config, 'TT-1:highHigh', 'temperature', 'highHigh')).toBe(false);
    const custom = AlarmConfigSchema.parse({ latching: { alarmIds: ['TT-1:high'] } });
    expect(isLatchingByConfig(custom, 'TT-1:high', 'temperature', 'high')).toBe(true);
    // Giving alarmIds keeps the default condition rule.
    expect(isLatchingByConfig(custom, 'GD-1:highHigh', 'gas', 'highHigh')).toBe(true);
  });

  it('gives the comm-loss timeout of a sensor by kind', () => {
    expect(commLossTimeoutMs(config, { kind: 'gas' })).toBe(10_000);
    expect(commLossTimeoutMs(config, { kind: 'flow' })).toBe(60_000);
  });
});

describe('priority mapping', () => {
  it('maps every condition as documented', () => {
    const mapped = Object.fromEntries(ALARM_CONDITIONS.map((c) => [c, defaultAlarmPriority(c, 'temperature')]));
    expect(mapped).toEqual({
      highHigh: 'urgent',
      high: 'high',
      low: 'high',
      lowLow: 'urgent',
      gasWarning: 'medium',
      rateOfChange: 'medium',
      badQuality: 'medium',
      commLoss: 'low',
      outOfRange: 'medium',
      areaVoting: 'urgent',
      manDown: 'urgent',
      restrictedEntry: 'high',
      gathering: 'high',
      ppeViolation: 'medium',
      loitering: 'medium',
      cameraOffline: 'medium',
      releaseReported: 'urgent',
      stuck: 'low',
      drift: 'low',
      combustibleGasNearby: 'urgent',
      lelZoneReachesPermit: 'urgent',
      gasTestOverdue: 'medium',
      oxygenOutOfRange: 'high',
      entrantCountMismatch: 'high',
      watcherAway: 'high',
      unlistedBadgeInZone: 'high',
      ppeEventInZone: 'medium',
      outsideWorkWindow: 'medium',
      unqualifiedInPermitZone: 'high',
      contractorOutsideAuthorisation: 'medium',
      certificateExpiresWithin30Days: 'low',
      certificateExpiresWithin7Days: 'medium',
      inspectionRoundLate: 'low',
      inspectionRoundMissed: 'medium',
      hazardTicketOverdue: 'medium',
      indicatorDeclining: 'low',
    });
  });

  it('raises comm loss of safety detectors to high', () => {
    expect(defaultAlarmPriority('commLoss', 'gas')).toBe('high');
    expect(defaultAlarmPriority('commLoss', 'o2')).toBe('high');
    expect(defaultAlarmPriority('commLoss', 'smoke')).toBe('high');
    expect(defaultAlarmPriority('commLoss', 'windSpeed')).toBe('low');
    expect(defaultAlarmPriority('low', 'o2')).toBe('high');
    expect(defaultAlarmPriority('lowLow', 'o2')).toBe('urgent');
  });
});

describe('sensor alarm rules', () => {
  it('resolves a demo %LEL detector: HH, H, 10 %LEL warning, 1 %LEL deadband, no on-delay', () => {
    const rules = resolveSensorAlarmRules(demoSensor('GD-T101-C1'), demo, config);
    expect(rules.thresholds).toEqual([
      { condition: 'highHigh', direction: 'high', limit: 50 },
      { condition: 'high', direction: 'high', limit: 25 },
      { condition: 'gasWarning', direction: 'high', limit: 10 },
    ]);
    expect(rules.deadband).toBe(1);
    expect(rules.onDelayMs).toBe(0);
    expect(rules.offDelayMs).toBe(5_000);
    expect(rules.commLossTimeoutMs).toBe(10_000);
    expect(rules.range).toEqual({ min: 0, max: 100 });
    expect(rules.rateOfChange).toBeUndefined();
  });

  it('resolves a demo O2 sensor with the 0–25 %vol natural span', () => {
    const sensor = demoSensor('O2-SUMP1-1');
    const rules = resolveSensorAlarmRules(sensor, demo, config);
    expect(rules.thresholds.map((t) => [t.condition, t.limit])).toEqual([
      ['high', 23.5],
      // Most severe first within a direction: LL before L.
      ['lowLow', 18],
      ['low', 19.5],
    ]);
    expect(rules.deadband).toBe(0.25);
    expect(rules.range).toBeUndefined();
  });

  it('derives spans: range, natural unit span, largest limit', () => {
    expect(spanOf(demoSensor('GD-B301-T1'), demoSensor('GD-B301-T1').limits)).toBe(3);
    expect(spanOf(demoSensor('LT-T101'), demoSensor('LT-T101').limits)).toBe(100);
    expect(spanOf(demoSensor('TT-T101'), demoSensor('TT-T101').limits)).toBe(50);
    expect(spanOf(demoSensor('PT-T101'), demoSensor('PT-T101').limits)).toBe(1.8);
    expect(resolveSensorAlarmRules(demoSensor('LT-T101'), demo, config).deadband).toBe(5);
    expect(resolveSensorAlarmRules(demoSensor('TT-T101'), demo, config).deadband).toBe(0.5);
  });

  it('takes toxic limits from the substance table when a ppm detector has none', () => {
    const bare = { ...demoSensor('GD-B301-T1'), limits: {} };
    expect(effectiveLimits(bare, demo, config)).toEqual({ high: 0.3, highHigh: 0.6 });
  });

  it('falls back to 5 % / 10 % IDLH for a substance not in the table', () => {
    const propanePpm: Sensor = { ...demoSensor('GD-S201-C1'), unit: 'ppm', limits: {} };
    expect(effectiveLimits(propanePpm, demo, config)).toEqual({ high: 105, highHigh: 210 });
  });

  it('uses GB/T 50493 %LEL levels and O2 defaults only when the scene gives none', () => {
    expect(effectiveLimits({ ...demoSensor('GD-T101-C1'), limits: {} }, demo, config)).toEqual({ high: 25, highHigh: 50 });
    expect(effectiveLimits({ ...demoSensor('GD-T101-C1'), limits: { high: 20 } }, demo, config)).toEqual({ high: 20 });
    expect(effectiveLimits({ ...demoSensor('O2-SUMP1-1'), limits: {} }, demo, config)).toEqual({ lowLow: 18, low: 19.5, high: 23.5 });
  });

  it('drops the %LEL warning when it is not below H or is turned off', () => {
    const lowH = { ...demoSensor('GD-T101-C1'), limits: { high: 10, highHigh: 20 } };
    expect(resolveSensorAlarmRules(lowH, demo, config).thresholds.map((t) => t.condition)).toEqual(['highHigh', 'high']);
    const off = AlarmConfigSchema.parse({ gasLelStepsPercent: null });
    expect(resolveSensorAlarmRules(demoSensor('GD-T101-C1'), demo, off).thresholds.map((t) => t.condition)).toEqual(['highHigh', 'high']);
  });

  it('gives a detector\'s first rising limit as the engine applies it: the %LEL pre-warning, else H, else HH (the permits\' hot-work rule)', () => {
    expect(firstRisingLimit({ ...demoSensor('GD-T101-C1'), limits: {} }, demo, config)).toBe(10);
    expect(firstRisingLimit({ ...demoSensor('GD-T101-C1'), limits: { high: 8, highHigh: 20 } }, demo, config)).toBe(8);
    expect(firstRisingLimit({ ...demoSensor('GD-T101-C1'), limits: {} }, demo, AlarmConfigSchema.parse({ gasLelStepsPercent: 15 }))).toBe(15);
    expect(firstRisingLimit({ ...demoSensor('GD-T101-C1'), limits: {} }, demo, AlarmConfigSchema.parse({ gasLelStepsPercent: null }))).toBe(25);
    expect(firstRisingLimit({ ...demoSensor('GD-T101-C1'), limits: { highHigh: 40 } }, demo, AlarmConfigSchema.parse({ gasLelStepsPercent: null }))).toBe(40);
    expect(firstRisingLimit({ ...demoSensor('O2-SUMP1-1'), limits: { low: 19.5 } }, demo, config)).toBeUndefined();
  });

  it('picks a rate-of-change limit by sensor id over kind', () => {
    const custom = AlarmConfigSchema.parse({ rateOfChangePerMin: { bySensorKind: { temperature: 2 }, bySensorId: { 'TT-T101': 5 } } });
    expect(resolveSensorAlarmRules(demoSensor('TT-T101'), demo, custom).rateOfChange).toEqual({ limitPerMin: 5, windowMs: 60_000 });
    expect(resolveSensorAlarmRules(demoSensor('TT-T102'), demo, custom).rateOfChange).toEqual({ limitPerMin: 2, windowMs: 60_000 });
  });

  it('applies hysteresis relative to the current state', () => {
    const high = { condition: 'high', direction: 'high', limit: 80 } as const;
    expect(thresholdWanted(high, 79.9, 2, false)).toBe(false);
    expect(thresholdWanted(high, 80, 2, false)).toBe(true);
    expect(thresholdWanted(high, 78, 2, true)).toBe(true);
    expect(thresholdWanted(high, 77.99, 2, true)).toBe(false);
    const low = { condition: 'low', direction: 'low', limit: 10 } as const;
    expect(thresholdWanted(low, 10, 2, false)).toBe(true);
    expect(thresholdWanted(low, 12, 2, true)).toBe(true);
    expect(thresholdWanted(low, 12.01, 2, true)).toBe(false);
  });
});
