import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SceneSchema, type AlarmTransition, type Scene } from '../contracts/index.js';
import { AlarmConfigSchema, defaultAlarmConfig, type AlarmConfigInput } from './alarmConfig.js';
import { AlarmEngine } from './AlarmEngine.js';

const demo: Scene = SceneSchema.parse(JSON.parse(readFileSync(new URL('../../scenes/demo-plant/scene.json', import.meta.url), 'utf8')));
const engineFor = (scene: Scene = demo, config: AlarmConfigInput = {}) => new AlarmEngine(scene, AlarmConfigSchema.parse(config), 0);
const indexOf = (engine: AlarmEngine, id: string): number => {
  const index = engine.sensorIndexOf(id);
  if (index === undefined) throw new Error(`no sensor ${id}`);
  return index;
};
const summary = (ts: AlarmTransition[]) => ts.map((t) => `${t.action} ${t.alarm.alarmId} ${t.alarm.state}`);

describe('the demo plant', () => {
  it('knows its 172 sensors and configures voting for every area with two or more gas detectors', () => {
    const engine = engineFor();
    expect(engine.sensorCount).toBe(172);
    expect(engine.configWarnings).toEqual([]);
    for (const area of ['tankFarm', 'unit1', 'unit2', 'loading', 'chlorineYard', 'unit1Zone1']) expect(engine.alarm(`${area}:areaVoting`)).toMatchObject({ state: 'normal', limit: 2 });
    // sumpPit1 has one gas detector: no 2ooN.
    expect(engine.alarm('sumpPit1:areaVoting')).toBeUndefined();
    expect(engine.alarms()).toEqual([]);
  });
});

describe('combustible gas in %LEL (GD-T101-C1, benzene, H 25, HH 50, range 0–100)', () => {
  it('steps through 10 %LEL warning, H and HH, each with its priority', () => {
    const engine = engineFor();
    const gd = indexOf(engine, 'GD-T101-C1');
    expect(engine.ingest(gd, 5, 'good', 0, 0)).toEqual([]);
    const warning = engine.ingest(gd, 12, 'good', 1_000, 1_000);
    expect(summary(warning)).toEqual(['activate GD-T101-C1:gasWarning unacknowledged']);
    expect(warning[0]!.alarm).toMatchObject({ priority: 'medium', limit: 10, unit: '%LEL', areaId: 'tankFarm', latched: false });
    const high = engine.ingest(gd, 30, 'good', 2_000, 2_000);
    expect(summary(high)).toEqual(['activate GD-T101-C1:high unacknowledged', 'suppress GD-T101-C1:gasWarning suppressed']);
    expect(high[0]!.alarm).toMatchObject({ priority: 'high', limit: 25 });
    const highHigh = engine.ingest(gd, 55, 'good', 3_000, 3_000);
    expect(summary(highHigh)).toEqual(['activate GD-T101-C1:highHigh unacknowledged', 'suppress GD-T101-C1:high suppressed', 'suppress GD-T101-C1:gasWarning suppressed']);
    expect(highHigh[0]!.alarm).toMatchObject({ priority: 'urgent', limit: 50, latched: true });
    expect(engine.sensorAlarmSummary(gd)).toEqual({ active: true, unacknowledged: true, priority: 'urgent' });
  });

  it('latches HH after the gas clears until the operator acknowledges (GB/T 50493 manual reset)', () => {
    const engine = engineFor();
    const gd = indexOf(engine, 'GD-T101-C1');
    engine.ingest(gd, 55, 'good', 0, 0);
    // 49.5 is inside the 1 %LEL deadband of HH; 20 clears HH and H after the 5-s off-delay.
    expect(engine.ingest(gd, 49.5, 'good', 1_000, 1_000)).toEqual([]);
    engine.ingest(gd, 8, 'good', 2_000, 2_000);
    const afterDelay = engine.tick(7_000);
    // H and the pre-warning were superseded by HH from the start: they clear without asking for acknowledgement.
    expect(summary(afterDelay)).toEqual(['clear GD-T101-C1:high normal', 'clear GD-T101-C1:gasWarning normal']);
    expect(engine.alarm('GD-T101-C1:highHigh')).toMatchObject({ active: true, state: 'unacknowledged' });
    const reset = engine.command({ action: 'acknowledge', alarmIds: ['GD-T101-C1:highHigh'] }, 'zhang.wei', 8_000);
    expect(reset.errors).toEqual([]);
    expect(reset.transitions.map((t) => [t.action, t.previousState, t.alarm.state, t.by, t.reason])).toEqual([
      ['acknowledge', 'unacknowledged', 'acknowledged', 'zhang.wei', undefined],
      ['clear', 'acknowledged', 'normal', 'zhang.wei', 'latch reset by acknowledgement'],
    ]);
    expect(engine.alarm('GD-T101-C1:highHigh')).toMatchObject({ active: false, clearedAtMs: 8_000, acknowledgedBy: 'zhang.wei' });
  });

  it('clears a latched HH on return to normal when it was acknowledged during the event', () => {
    const engine = engineFor();
    const gd = indexOf(engine, 'GD-T101-C1');
    engine.ingest(gd, 55, 'good', 0, 0);
    engine.command({ action: 'acknowledge', alarmIds: ['GD-T101-C1:highHigh'] }, 'op', 500);
    engine.ingest(gd, 40, 'good', 1_000, 1_000);
    // 40 %LEL is still above H: with HH gone, H stands as it is, acknowledged with its HH (it was shown
    // under it), and now supersedes the pre-warning.
    expect(summary(engine.tick(6_000))).toEqual(['clear GD-T101-C1:highHigh normal', 'unsuppress GD-T101-C1:high acknowledged', 'suppress GD-T101-C1:gasWarning suppressed']);
    expect(engine.alarm('GD-T101-C1:gasWarning')!.suppressedBy).toBe('GD-T101-C1:high');
  });

  it('raises a high-priority commLoss after 10 s of silence', () => {
    const engine = engineFor();
    const gd = indexOf(engine, 'GD-T101-C1');
    const lost = engine.tick(10_000).filter((t) => t.alarm.sourceId === 'GD-T101-C1');
    expect(lost.map((t) => [t.alarm.alarmId, t.alarm.priority])).toEqual([['GD-T101-C1:commLoss', 'high']]);
    expect(engine.sensorAlarmSummary(gd)).toEqual({ active: true, unacknowledged: true, priority: 'high' });
  });
});

describe('toxic gas in ppm', () => {
  it('uses the scene limits of a demo chlorine detector (H 0.3, HH 0.6 ppm; deadband 0.03 ppm)', () => {
    const engine = engineFor();
    const gd = indexOf(engine, 'GD-B301-T1');
    expect(engine.ingest(gd, 0.29, 'good', 0, 0)).toEqual([]);
    expect(summary(engine.ingest(gd, 0.3, 'good', 1_000, 1_000))).toEqual(['activate GD-B301-T1:high unacknowledged']);
    expect(summary(engine.ingest(gd, 0.61, 'good', 2_000, 2_000))).toEqual(['activate GD-B301-T1:highHigh unacknowledged', 'suppress GD-B301-T1:high suppressed']);
    // No %LEL warning on a ppm detector.
    expect(engine.alarm('GD-B301-T1:gasWarning')).toBeUndefined();
  });

  it('takes the GB/T 50493 substance defaults when the detector has no limits', () => {
    const scene: Scene = { ...demo, sensors: demo.sensors.map((s) => (s.id === 'GD-B301-T1' ? { ...s, limits: {} } : s)) };
    const engine = engineFor(scene);
    const gd = indexOf(engine, 'GD-B301-T1');
    const high = engine.ingest(gd, 0.35, 'good', 0, 0);
    expect(summary(high)).toEqual(['activate GD-B301-T1:high unacknowledged']);
    expect(high[0]!.alarm.limit).toBe(0.3);
    expect(engine.alarm('GD-B301-T1:highHigh')!.limit).toBe(0.6);
  });
});

describe('oxygen (O2-SUMP1-1: LL 18, L 19.5, H 23.5 %vol; deadband 0.25 %vol)', () => {
  it('alarms 欠氧 low as high priority, lowLow as urgent, 过氧 high as high', () => {
    const engine = engineFor();
    const o2 = indexOf(engine, 'O2-SUMP1-1');
    expect(engine.ingest(o2, 20.9, 'good', 0, 0)).toEqual([]);
    const low = engine.ingest(o2, 19.4, 'good', 1_000, 1_000);
    expect(low.map((t) => [t.alarm.alarmId, t.alarm.priority])).toEqual([['O2-SUMP1-1:low', 'high']]);
    const lowLow = engine.ingest(o2, 17.9, 'good', 2_000, 2_000);
    expect(lowLow.map((t) => [t.alarm.alarmId, t.alarm.priority, t.alarm.state])).toEqual([
      ['O2-SUMP1-1:lowLow', 'urgent', 'unacknowledged'],
      ['O2-SUMP1-1:low', 'high', 'suppressed'],
    ]);
    // 18.2 is inside the deadband (clears above 18.25); 18.3 clears after the 5-s off-delay.
    expect(engine.ingest(o2, 18.2, 'good', 3_000, 3_000)).toEqual([]);
    engine.ingest(o2, 18.3, 'good', 4_000, 4_000);
    expect(engine.tick(8_999)).toEqual([]);
    expect(summary(engine.tick(9_000))).toEqual(['clear O2-SUMP1-1:lowLow returnedUnacknowledged', 'unsuppress O2-SUMP1-1:low unacknowledged']);
    const enriched = engine.ingest(o2, 23.6, 'good', 10_000, 10_000);
    expect(enriched.map((t) => [t.alarm.alarmId, t.alarm.priority])).toEqual([['O2-SUMP1-1:high', 'high']]);
  });

  it('uses the configured O2 defaults for an O2 sensor without limits', () => {
    const scene: Scene = { ...demo, sensors: demo.sensors.map((s) => (s.id === 'O2-SUMP1-1' ? { ...s, limits: {} } : s)) };
    const engine = engineFor(scene, { o2: { low: 20 } });
    const o2 = indexOf(engine, 'O2-SUMP1-1');
    expect(summary(engine.ingest(o2, 19.9, 'good', 0, 0))).toEqual(['activate O2-SUMP1-1:low unacknowledged']);
    expect(engine.alarm('O2-SUMP1-1:lowLow')!.limit).toBe(18);
  });
});

describe('area voting 2ooN (chlorine yard, six detectors)', () => {
  it('needs two detectors in alarm, and clears when back to one', () => {
    const engine = engineFor();
    const [a, b] = [indexOf(engine, 'GD-B301-T1'), indexOf(engine, 'GD-B302-T2')];
    expect(summary(engine.ingest(a, 0.4, 'good', 0, 0))).toEqual(['activate GD-B301-T1:high unacknowledged']);
    expect(engine.alarm('chlorineYard:areaVoting')!.active).toBe(false);
    const voted = engine.ingest(b, 0.45, 'good', 1_000, 1_000);
    expect(summary(voted)).toEqual(['activate GD-B302-T2:high unacknowledged', 'activate chlorineYard:areaVoting unacknowledged']);
    expect(voted[1]!.alarm).toMatchObject({ sourceKind: 'area', sourceId: 'chlorineYard', areaId: 'chlorineYard', priority: 'urgent', value: 2, limit: 2 });
    engine.ingest(b, 0.1, 'good', 2_000, 2_000);
    expect(summary(engine.tick(7_000))).toEqual(['clear GD-B302-T2:high returnedUnacknowledged', 'clear chlorineYard:areaVoting returnedUnacknowledged']);
  });

  it('does not count an out-of-service detector', () => {
    const engine = engineFor();
    const [a, b] = [indexOf(engine, 'GD-B301-T1'), indexOf(engine, 'GD-B302-T2')];
    engine.setOutOfService('GD-B301-T1', false, 'tech', 'bump test', 0);
    engine.ingest(a, 0.4, 'good', 1_000, 1_000);
    expect(engine.ingest(b, 0.4, 'good', 2_000, 2_000).map((t) => t.alarm.alarmId)).toEqual(['GD-B302-T2:high']);
    const back = engine.setOutOfService('GD-B301-T1', true, 'tech', 'done', 3_000);
    expect(back.transitions.at(-1)!.alarm.alarmId).toBe('chlorineYard:areaVoting');
  });

  it('counts the live condition, not a latch that holds an alarm after the gas has gone', () => {
    const engine = engineFor(demo, { offDelayMs: { gas: 0 }, voting: { rules: [{ areaId: 'unit1Zone1', m: 2, conditions: ['highHigh'] }] } });
    const [a, b] = [indexOf(engine, 'GD-K101-C1'), indexOf(engine, 'GD-K101-C2')];
    engine.ingest(a, 55, 'good', 0, 0);
    expect(engine.ingest(b, 55, 'good', 1_000, 1_000).at(-1)!.alarm.alarmId).toBe('unit1Zone1:areaVoting');
    const gone = engine.ingest(b, 0, 'good', 2_000, 2_000);
    expect(summary(gone)).toEqual([
      'clear GD-K101-C2:high normal',
      'clear GD-K101-C2:gasWarning normal',
      'clear unit1Zone1:areaVoting returnedUnacknowledged',
    ]);
    expect(engine.alarm('GD-K101-C2:highHigh')!.active).toBe(true);
  });

  it('follows explicit rules and can be turned off', () => {
    const threeOfN = engineFor(demo, { voting: { rules: [{ areaId: 'chlorineYard', m: 3 }] } });
    const ids = ['GD-B301-T1', 'GD-B301-T2', 'GD-B301-T3'].map((id) => indexOf(threeOfN, id));
    threeOfN.ingest(ids[0]!, 0.4, 'good', 0, 0);
    expect(threeOfN.ingest(ids[1]!, 0.4, 'good', 0, 0).map((t) => t.alarm.alarmId)).toEqual(['GD-B301-T2:high']);
    expect(threeOfN.ingest(ids[2]!, 0.4, 'good', 0, 0).map((t) => t.alarm.alarmId)).toEqual(['GD-B301-T3:high', 'chlorineYard:areaVoting']);
    const off = engineFor(demo, { voting: { defaultRule: { enabled: false } } });
    expect(off.alarm('tankFarm:areaVoting')).toBeUndefined();
    expect(new AlarmEngine(demo, AlarmConfigSchema.parse({ voting: { rules: [{ areaId: 'nowhere', m: 2 }] } }), 0).configWarnings).toEqual(['voting rule for unknown area "nowhere"']);
  });
});

it('keeps the default configuration free of warnings on the demo plant', () => {
  expect(new AlarmEngine(demo, defaultAlarmConfig(), 0).configWarnings).toEqual([]);
});
