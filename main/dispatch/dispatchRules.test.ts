import { describe, expect, it } from 'vitest';
import { DispatchConfigSchema, defaultDispatchConfig } from './dispatchConfig.js';
import { autoDisposition } from './autoDisposition.js';
import { dispositionStats, type DispositionRow } from './dispositionStats.js';
import { evacuationAreaOf } from './evacuationRules.js';

const MINUTE_MS = 60_000;
const T0 = Date.parse('2026-12-01T00:00:00Z');
const at = (min: number) => T0 + min * MINUTE_MS;

describe('evacuation rules (defaults)', () => {
  const rules = defaultDispatchConfig().evacuationRules;

  it('evacuate an O2 detector’s area on low and low-low (below 19.5 %vol), not on high', () => {
    expect(evacuationAreaOf(rules, { sourceKind: 'sensor', condition: 'lowLow', areaId: 'sumpPit1', sensorKind: 'o2', unit: '%vol' })).toBe('sumpPit1');
    expect(evacuationAreaOf(rules, { sourceKind: 'sensor', condition: 'low', areaId: 'sumpPit1', sensorKind: 'o2' })).toBe('sumpPit1');
    expect(evacuationAreaOf(rules, { sourceKind: 'sensor', condition: 'high', areaId: 'sumpPit1', sensorKind: 'o2' })).toBeNull();
  });

  it('evacuate on a toxic (ppm) detector’s high-high only, not on a combustible (%LEL) one’s nor on high', () => {
    expect(evacuationAreaOf(rules, { sourceKind: 'sensor', condition: 'highHigh', areaId: 'chlorineYard', sensorKind: 'gas', unit: 'ppm' })).toBe('chlorineYard');
    expect(evacuationAreaOf(rules, { sourceKind: 'sensor', condition: 'high', areaId: 'chlorineYard', sensorKind: 'gas', unit: 'ppm' })).toBeNull();
    expect(evacuationAreaOf(rules, { sourceKind: 'sensor', condition: 'highHigh', areaId: 'unit2', sensorKind: 'gas', unit: '%LEL' })).toBeNull();
    expect(evacuationAreaOf(rules, { sourceKind: 'sensor', condition: 'highHigh', areaId: 'unit2', sensorKind: 'gas' })).toBeNull();
  });

  it('evacuate the voting area; nothing without an area; other sources not', () => {
    expect(evacuationAreaOf(rules, { sourceKind: 'area', condition: 'areaVoting', areaId: 'tankFarm' })).toBe('tankFarm');
    expect(evacuationAreaOf(rules, { sourceKind: 'sensor', condition: 'lowLow', sensorKind: 'o2' })).toBeNull();
    expect(evacuationAreaOf(rules, { sourceKind: 'camera', condition: 'lowLow', areaId: 'unit1' })).toBeNull();
    expect(evacuationAreaOf(rules, { sourceKind: 'area', condition: 'gathering', areaId: 'unit1' })).toBeNull();
  });

  it('follow the config: a site’s own rule, none at all', () => {
    const site = DispatchConfigSchema.parse({ evacuationRules: [{ sourceKinds: ['area'], conditions: ['releaseReported'] }] }).evacuationRules;
    expect(evacuationAreaOf(site, { sourceKind: 'area', condition: 'releaseReported', areaId: 'loading' })).toBe('loading');
    expect(evacuationAreaOf(site, { sourceKind: 'sensor', condition: 'lowLow', areaId: 'sumpPit1', sensorKind: 'o2' })).toBeNull();
    expect(evacuationAreaOf([], { sourceKind: 'area', condition: 'areaVoting', areaId: 'tankFarm' })).toBeNull();
  });
});

describe('the config schema', () => {
  it('defaults as documented and refuses unknown keys, a post twice in the chain, a deadline of zero', () => {
    const c = defaultDispatchConfig();
    expect(c).toMatchObject({ defaultPostId: 'shiftLead', ownerRules: [], escalationChain: ['shiftLead', 'safetyManager', 'plantLeader'] });
    expect(c.deadlines).toEqual({ urgent: { ackWithinMin: 2, resolveWithinMin: 30 }, high: { ackWithinMin: 5, resolveWithinMin: 60 }, medium: { ackWithinMin: 15, resolveWithinMin: 240 }, low: { ackWithinMin: 60, resolveWithinMin: 1440 } });
    expect(DispatchConfigSchema.parse({ deadlines: { urgent: { ackWithinMin: 1, resolveWithinMin: 10 } } }).deadlines.high).toEqual({ ackWithinMin: 5, resolveWithinMin: 60 });
    expect(DispatchConfigSchema.safeParse({ surprise: 1 }).success).toBe(false);
    expect(DispatchConfigSchema.safeParse({ escalationChain: ['a', 'b', 'a'] }).success).toBe(false);
    expect(DispatchConfigSchema.safeParse({ deadlines: { low: { ackWithinMin: 0, resolveWithinMin: 10 } } }).success).toBe(false);
  });
});

describe('auto disposition', () => {
  it('maintenance for a source out of service, test for the simulator’s injected release, otherwise the operator', () => {
    expect(autoDisposition({ outOfService: true, injectedBySimulator: true })).toEqual({ kind: 'maintenance', why: 'sourceOutOfService' });
    expect(autoDisposition({ outOfService: false, injectedBySimulator: true })).toEqual({ kind: 'test', why: 'simulatorInjected' });
    expect(autoDisposition({ outOfService: false, injectedBySimulator: false })).toBeNull();
  });
});

describe('disposition statistics', () => {
  const row = (id: string, over: Partial<DispositionRow>): DispositionRow => ({ warningId: `${id}@${over.raisedAtMs ?? at(0)}`, alarmId: id, sourceId: id.split(':')[0]!, sourceKind: 'sensor', condition: 'high', raisedAtMs: at(0), ...over });
  const rows: DispositionRow[] = [
    row('GD-1:high', { raisedAtMs: at(0), acknowledgedAtMs: at(2), clearedAtMs: at(10), disposition: 'real' }),
    row('GD-1:high', { raisedAtMs: at(60), acknowledgedAtMs: at(64), clearedAtMs: at(90), disposition: 'false' }),
    row('GD-1:high', { raisedAtMs: at(120), acknowledgedAtMs: at(126), disposition: 'false' }),
    row('GD-2:high', { raisedAtMs: at(30), acknowledgedAtMs: at(31), clearedAtMs: at(50), disposition: 'nuisance' }),
    row('GD-2:high', { raisedAtMs: at(40), disposition: 'maintenance' }),
    row('CAM-01:ppeViolation', { sourceKind: 'camera', condition: 'ppeViolation', raisedAtMs: at(5), acknowledgedAtMs: at(8), clearedAtMs: at(9), disposition: 'false', cameraRuleId: 'ppe-hardhat', modelId: 'yolo-ppe' }),
    row('CAM-01:ppeViolation', { sourceKind: 'camera', condition: 'ppeViolation', raisedAtMs: at(15), disposition: 'real', cameraRuleId: 'ppe-hardhat', modelId: 'yolo-ppe' }),
    row('CAM-02:loitering', { sourceKind: 'camera', condition: 'loitering', raisedAtMs: at(25), disposition: 'test', cameraRuleId: 'loiter', modelId: 'yolo-ppe' }),
    row('CAM-02:loitering', { sourceKind: 'camera', condition: 'loitering', raisedAtMs: at(26), cameraRuleId: 'loiter', modelId: 'yolo-ppe' }),
    // Outside the window: not counted.
    row('GD-1:high', { raisedAtMs: at(2_000), disposition: 'false' }),
  ];

  it('match the hand-computed numbers', () => {
    const s = dispositionStats(rows, at(0), at(1_440));
    // 9 warnings, 1 undisposed; plant events (real+nuisance+false) = 2 real + 1 nuisance + 3 false = 6 → 3/6.
    expect(s).toMatchObject({ fromMs: at(0), toMs: at(1_440), warnings: 9, undisposed: 1, falseAlarmRate: 0.5 });
    // MTTA over the 5 acknowledged: 2, 4, 6, 1, 3 → 16 / 5 = 3.2 min.
    expect(s.mttaMs).toBeCloseTo(3.2 * MINUTE_MS);
    // MTTR over the 4 cleared: 10, 30, 20, 4 → 64 / 4 = 16 min.
    expect(s.mttrMs).toBe(16 * MINUTE_MS);
    expect(s.byDetector).toEqual([
      { key: 'GD-1', warnings: 3, disposed: 3, real: 1, nuisance: 0, false: 2, test: 0, maintenance: 0, falseAlarmRate: 2 / 3, nuisanceRate: 0 },
      { key: 'GD-2', warnings: 2, disposed: 2, real: 0, nuisance: 1, false: 0, test: 0, maintenance: 1, falseAlarmRate: 0, nuisanceRate: 1 },
    ]);
    expect(s.byCameraRule).toEqual([
      { key: 'ppe-hardhat', warnings: 2, disposed: 2, real: 1, nuisance: 0, false: 1, test: 0, maintenance: 0, falseAlarmRate: 0.5, nuisanceRate: 0 },
      { key: 'loiter', warnings: 2, disposed: 1, real: 0, nuisance: 0, false: 0, test: 1, maintenance: 0, falseAlarmRate: null, nuisanceRate: null },
    ]);
    expect(s.byModel).toEqual([{ key: 'yolo-ppe', warnings: 4, disposed: 3, real: 1, nuisance: 0, false: 1, test: 1, maintenance: 0, falseAlarmRate: 0.5, nuisanceRate: 0 }]);
  });

  it('are null where nothing was acknowledged, cleared or disposed', () => {
    expect(dispositionStats([row('GD-9:high', { raisedAtMs: at(1) })], at(0), at(10))).toEqual({
      fromMs: at(0),
      toMs: at(10),
      warnings: 1,
      undisposed: 1,
      mttaMs: null,
      mttrMs: null,
      falseAlarmRate: null,
      byDetector: [{ key: 'GD-9', warnings: 1, disposed: 0, real: 0, nuisance: 0, false: 0, test: 0, maintenance: 0, falseAlarmRate: null, nuisanceRate: null }],
      byCameraRule: [],
      byModel: [],
    });
  });
});
