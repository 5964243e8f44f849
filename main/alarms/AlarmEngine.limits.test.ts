import { describe, expect, it } from 'vitest';
import { SceneSchema, type AlarmTransition, type Scene } from '../contracts/index.js';
import { AlarmConfigSchema, type AlarmConfigInput } from './alarmConfig.js';
import { AlarmEngine } from './AlarmEngine.js';

/**
 * One temperature transmitter, range −20…180 °C (span 200 → 1 % deadband = 2 °C), limits
 * LL 0, L 10, H 80, HH 90; index 0.
 */
const scene: Scene = SceneSchema.parse({
  format: 'safetwin-scene',
  version: 1,
  site: { id: 'lab', name: { en: 'Lab' }, geoReference: { latitudeDeg: 31, longitudeDeg: 121 }, boundary: [[0, 0], [10, 0], [10, 10], [0, 10]] },
  sensors: [
    {
      id: 'TT-1',
      kind: 'temperature',
      unit: 'degC',
      position: { x: 1, y: 1 },
      mountingHeightM: 1,
      mqttTopic: 'lab/TT-1',
      limits: { lowLow: 0, low: 10, high: 80, highHigh: 90 },
      rangeMin: -20,
      rangeMax: 180,
    },
  ],
});
const TT = 0;

const engineWith = (config: AlarmConfigInput = {}, startMs = 0) => new AlarmEngine(scene, AlarmConfigSchema.parse(config), startMs);
/** No delays: every sample acts at once. */
const immediate = () => engineWith({ onDelayMs: { temperature: 0 }, offDelayMs: { temperature: 0 } });
const summary = (ts: AlarmTransition[]) => ts.map((t) => `${t.action} ${t.alarm.alarmId} ${t.alarm.state}`);

describe('high/low limits with deadband', () => {
  it('activates H with the documented transition shape', () => {
    const engine = immediate();
    const [transition, ...rest] = engine.ingest(TT, 85, 'good', 1_000, 1_000);
    expect(rest).toEqual([]);
    expect(transition).toEqual({
      action: 'activate',
      previousState: 'normal',
      atMs: 1_000,
      by: 'system',
      alarm: {
        alarmId: 'TT-1:high',
        sourceId: 'TT-1',
        sourceKind: 'sensor',
        condition: 'high',
        priority: 'high',
        state: 'unacknowledged',
        active: true,
        acknowledged: false,
        suppressed: false,
        outOfService: false,
        latched: false,
        firstOut: false,
        value: 85,
        unit: 'degC',
        limit: 80,
        raisedAtMs: 1_000,
        changedAtMs: 1_000,
      },
    });
  });

  it('activates HH above H, holds inside the deadband and clears past it', () => {
    const engine = immediate();
    expect(summary(engine.ingest(TT, 80, 'good', 0, 0))).toEqual(['activate TT-1:high unacknowledged']);
    // HH supersedes H (state-based suppression): H is no longer annunciated while HH is active.
    expect(summary(engine.ingest(TT, 95, 'good', 1, 1))).toEqual(['activate TT-1:highHigh unacknowledged', 'suppress TT-1:high suppressed']);
    // HH clears below 90 − 2 = 88: 88 itself is still inside the deadband.
    expect(engine.ingest(TT, 89, 'good', 2, 2)).toEqual([]);
    expect(engine.ingest(TT, 88, 'good', 3, 3)).toEqual([]);
    // HH gone, H still in alarm and never acknowledged: annunciated again.
    expect(summary(engine.ingest(TT, 87.9, 'good', 4, 4))).toEqual(['clear TT-1:highHigh returnedUnacknowledged', 'unsuppress TT-1:high unacknowledged']);
    // H clears below 78.
    expect(engine.ingest(TT, 78.5, 'good', 5, 5)).toEqual([]);
    const cleared = engine.ingest(TT, 77.9, 'good', 6, 6);
    expect(summary(cleared)).toEqual(['clear TT-1:high returnedUnacknowledged']);
    expect(cleared[0]!.alarm).toMatchObject({ active: false, value: 77.9, clearedAtMs: 6, raisedAtMs: 0 });
  });

  it('activates L and LL and clears LL only above 0 + 2', () => {
    const engine = immediate();
    expect(summary(engine.ingest(TT, 10, 'good', 0, 0))).toEqual(['activate TT-1:low unacknowledged']);
    const lowLow = engine.ingest(TT, -1, 'good', 1, 1);
    expect(summary(lowLow)).toEqual(['activate TT-1:lowLow unacknowledged', 'suppress TT-1:low suppressed']);
    expect(lowLow[0]!.alarm.priority).toBe('urgent');
    expect(engine.ingest(TT, 2, 'good', 2, 2)).toEqual([]);
    expect(summary(engine.ingest(TT, 2.1, 'good', 3, 3))).toEqual(['clear TT-1:lowLow returnedUnacknowledged', 'unsuppress TT-1:low unacknowledged']);
    expect(engine.ingest(TT, 12, 'good', 4, 4)).toEqual([]);
    expect(summary(engine.ingest(TT, 12.5, 'good', 5, 5))).toEqual(['clear TT-1:low returnedUnacknowledged']);
  });

  it('re-activation of a returned-unacknowledged alarm is a new activation', () => {
    const engine = immediate();
    engine.ingest(TT, 85, 'good', 0, 0);
    engine.ingest(TT, 70, 'good', 1_000, 1_000);
    const again = engine.ingest(TT, 85, 'good', 2_000, 2_000);
    expect(again.map((t) => [t.action, t.previousState, t.alarm.raisedAtMs])).toEqual([['activate', 'returnedUnacknowledged', 2_000]]);
  });
});

describe('on-delay and off-delay (temperature default 5 s each)', () => {
  it('ignores an excursion shorter than the on-delay', () => {
    const engine = engineWith();
    expect(engine.ingest(TT, 85, 'good', 0, 0)).toEqual([]);
    expect(engine.ingest(TT, 79, 'good', 3_000, 3_000)).toEqual([]);
    expect(engine.tick(10_000)).toEqual([]);
    expect(engine.alarm('TT-1:high')!.state).toBe('normal');
  });

  it('activates a sustained excursion from tick exactly when the delay has elapsed', () => {
    const engine = engineWith();
    engine.ingest(TT, 85, 'good', 4_000, 4_000);
    expect(engine.tick(8_999)).toEqual([]);
    const fired = engine.tick(9_000);
    expect(summary(fired)).toEqual(['activate TT-1:high unacknowledged']);
    expect(fired[0]!.atMs).toBe(9_000);
    expect(fired[0]!.alarm.value).toBe(85);
  });

  it('activates on a later sample once the delay has elapsed', () => {
    const engine = engineWith();
    engine.ingest(TT, 85, 'good', 20_000, 20_000);
    expect(summary(engine.ingest(TT, 86, 'good', 25_000, 25_000))).toEqual(['activate TT-1:high unacknowledged']);
  });

  it('completes a delay that fell due before a late sample (sample-and-hold), then judges the sample', () => {
    const engine = engineWith();
    engine.ingest(TT, 85, 'good', 0, 0);
    // 85 stood from 0 to 6 s: the alarm was due at 5 s; 70 then starts the off-delay.
    expect(summary(engine.ingest(TT, 70, 'good', 6_000, 6_000))).toEqual(['activate TT-1:high unacknowledged']);
    expect(engine.tick(10_999)).toEqual([]);
    expect(summary(engine.tick(11_000))).toEqual(['clear TT-1:high returnedUnacknowledged']);
  });

  it('clears only after the off-delay, and a return into the deadband restarts it', () => {
    const engine = engineWith({ onDelayMs: { temperature: 0 } });
    engine.ingest(TT, 85, 'good', 0, 0);
    expect(engine.ingest(TT, 77, 'good', 1_000, 1_000)).toEqual([]);
    // 79 is inside the deadband (≥ 78): the alarm is wanted again, the pending clear is dropped.
    expect(engine.ingest(TT, 79, 'good', 3_000, 3_000)).toEqual([]);
    expect(engine.tick(6_000)).toEqual([]);
    engine.ingest(TT, 77, 'good', 4_000, 4_000);
    expect(engine.tick(8_999)).toEqual([]);
    expect(summary(engine.tick(9_000))).toEqual(['clear TT-1:high returnedUnacknowledged']);
  });
});

describe('rate of change', () => {
  const rocEngine = () => engineWith({ onDelayMs: { temperature: 0 }, offDelayMs: { temperature: 0 }, rateOfChangePerMin: { bySensorId: { 'TT-1': 5 } } });

  it('alarms when the value moves faster than the limit over a full minute and clears when it settles', () => {
    const engine = rocEngine();
    for (let t = 0; t <= 60_000; t += 10_000) expect(engine.ingest(TT, 20, 'good', t, t)).toEqual([]);
    // At 70 s the anchor is the 10-s sample: (30 − 20) / 1 min = 10 °C/min > 5.
    const fired = engine.ingest(TT, 30, 'good', 70_000, 70_000);
    expect(summary(fired)).toEqual(['activate TT-1:rateOfChange unacknowledged']);
    expect(fired[0]!.alarm).toMatchObject({ value: 10, limit: 5, unit: 'degC/min', priority: 'medium' });
    for (let t = 80_000; t <= 120_000; t += 10_000) expect(engine.ingest(TT, 30, 'good', t, t)).toEqual([]);
    // At 130 s the anchor is the 70-s sample (30): rate 0.
    expect(summary(engine.ingest(TT, 30, 'good', 130_000, 130_000))).toEqual(['clear TT-1:rateOfChange returnedUnacknowledged']);
  });

  it('does not judge a jump before a full window of history', () => {
    const engine = rocEngine();
    engine.ingest(TT, 20, 'good', 0, 0);
    expect(engine.ingest(TT, 60, 'good', 10_000, 10_000)).toEqual([]);
  });

  it('exists only where configured', () => {
    expect(immediate().alarm('TT-1:rateOfChange')).toBeUndefined();
  });
});

describe('bad quality and out of range', () => {
  it('raises badQuality at once and keeps limit alarms as they were while the value is bad', () => {
    const engine = immediate();
    engine.ingest(TT, 85, 'good', 0, 0);
    const bad = engine.ingest(TT, 20, 'bad', 1_000, 1_000);
    expect(summary(bad)).toEqual(['activate TT-1:badQuality unacknowledged']);
    expect(bad[0]!.alarm.priority).toBe('medium');
    expect(engine.alarm('TT-1:high')!.active).toBe(true);
    expect(summary(engine.ingest(TT, 20, 'good', 2_000, 2_000))).toEqual(['clear TT-1:badQuality returnedUnacknowledged', 'clear TT-1:high returnedUnacknowledged']);
  });

  it('treats a non-finite value as bad and uncertain values as usable', () => {
    const engine = immediate();
    expect(summary(engine.ingest(TT, Number.NaN, 'good', 0, 0))).toEqual(['activate TT-1:badQuality unacknowledged']);
    expect(summary(engine.ingest(TT, 85, 'uncertain', 1, 1))).toEqual(['clear TT-1:badQuality returnedUnacknowledged', 'activate TT-1:high unacknowledged']);
  });

  it('cancels a pending on-delay when the value turns bad', () => {
    const engine = engineWith();
    engine.ingest(TT, 85, 'good', 0, 0);
    engine.ingest(TT, 85, 'bad', 1_000, 1_000);
    expect(engine.tick(10_000).map((t) => t.alarm.alarmId)).not.toContain('TT-1:high');
  });

  it('alarms out of range beyond rangeMin/rangeMax with no deadband', () => {
    const engine = immediate();
    expect(summary(engine.ingest(TT, 181, 'good', 0, 0))).toEqual([
      'activate TT-1:highHigh unacknowledged',
      'activate TT-1:high suppressed',
      'activate TT-1:outOfRange unacknowledged',
    ]);
    expect(summary(engine.ingest(TT, 180, 'good', 1, 1))).toEqual(['clear TT-1:outOfRange returnedUnacknowledged']);
    expect(summary(engine.ingest(TT, -20.5, 'good', 2, 2))).toEqual([
      'clear TT-1:highHigh returnedUnacknowledged',
      // Superseded until it cleared: never annunciated, so nothing to acknowledge.
      'clear TT-1:high normal',
      'activate TT-1:lowLow unacknowledged',
      'activate TT-1:low suppressed',
      'activate TT-1:outOfRange unacknowledged',
    ]);
  });

  it('ignores the value of a sample older than the newest one', () => {
    const engine = immediate();
    engine.ingest(TT, 20, 'good', 5_000, 5_000);
    expect(engine.ingest(TT, 85, 'good', 4_000, 6_000)).toEqual([]);
  });
});

describe('communication loss', () => {
  it('raises commLoss after the kind timeout, counting from the engine start for a silent sensor', () => {
    const engine = engineWith({}, 1_000);
    expect(engine.tick(60_999)).toEqual([]);
    const lost = engine.tick(61_000);
    expect(summary(lost)).toEqual(['activate TT-1:commLoss unacknowledged']);
    expect(lost[0]).toMatchObject({ reason: 'no sample for 60000 ms', by: 'system' });
    expect(lost[0]!.alarm.priority).toBe('low');
    expect(engine.tick(70_000)).toEqual([]);
  });

  it('restarts the timeout at every sample and clears commLoss with the next sample', () => {
    const engine = engineWith();
    engine.ingest(TT, 20, 'good', 30_000, 30_000);
    expect(engine.tick(89_999)).toEqual([]);
    expect(summary(engine.tick(90_000))).toEqual(['activate TT-1:commLoss unacknowledged']);
    expect(summary(engine.ingest(TT, 20, 'good', 95_000, 95_000))).toEqual(['clear TT-1:commLoss returnedUnacknowledged']);
  });

  it('raises commLoss at once on sourceOffline and recovers without duplicate activations', () => {
    const engine = immediate();
    engine.ingest(TT, 85, 'good', 0, 0);
    engine.command({ action: 'acknowledge', alarmIds: ['TT-1:high'] }, 'op', 100);
    const offline = engine.sourceOffline([TT], 1_000);
    expect(summary(offline)).toEqual(['activate TT-1:commLoss unacknowledged']);
    expect(offline[0]!.reason).toBe('source offline');
    expect(engine.sourceOffline([TT], 1_500)).toEqual([]);
    expect(engine.tick(200_000)).toEqual([]);
    // Back with the same value: only commLoss clears; H stays acknowledged, no new 'activate'.
    expect(summary(engine.ingest(TT, 85, 'good', 201_000, 201_000))).toEqual(['clear TT-1:commLoss returnedUnacknowledged']);
    expect(engine.alarm('TT-1:high')).toMatchObject({ state: 'acknowledged', raisedAtMs: 0 });
    expect(engine.ingest(TT, 86, 'good', 202_000, 202_000)).toEqual([]);
  });

  it('drops pending delays while the source is offline', () => {
    const engine = engineWith();
    engine.ingest(TT, 85, 'good', 0, 0);
    engine.sourceOffline([TT], 1_000);
    expect(engine.tick(10_000)).toEqual([]);
    expect(engine.alarm('TT-1:high')!.active).toBe(false);
  });

  it('completes a delay that fell due before the comm-loss timeout, then raises commLoss', () => {
    const engine = engineWith();
    engine.ingest(TT, 85, 'good', 0, 0);
    expect(summary(engine.tick(60_000))).toEqual(['activate TT-1:high unacknowledged', 'activate TT-1:commLoss unacknowledged']);
  });

  it('throws on a sensor index outside the scene (a programmer error)', () => {
    expect(() => immediate().ingest(1, 0, 'good', 0, 0)).toThrow(RangeError);
  });
});
