import { describe, expect, it } from 'vitest';
import { SceneSchema, type AlarmPriority, type AlarmState, type AlarmTransition } from '../contracts/index.js';
import { AlarmConfigSchema } from './alarmConfig.js';
import { AlarmEngine } from './AlarmEngine.js';
import { AlarmKpiTracker, DAY_MS } from './AlarmKpiTracker.js';
import { floodPeriods, maximumCountInWindow } from './alarmFloods.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

/** An annunciated activation (resulting state 'unacknowledged') unless another state is given. */
function activation(alarmId: string, atMs: number, priority: AlarmPriority = 'high', state: AlarmState = 'unacknowledged'): AlarmTransition {
  return {
    action: 'activate',
    previousState: 'normal',
    atMs,
    by: 'system',
    alarm: {
      alarmId,
      sourceId: alarmId.split(':')[0]!,
      sourceKind: 'sensor',
      condition: 'high',
      priority,
      state,
      active: true,
      acknowledged: false,
      suppressed: state === 'suppressed',
      outOfService: state === 'outOfService',
      latched: false,
      firstOut: false,
      raisedAtMs: atMs,
      changedAtMs: atMs,
      ...(state === 'shelved' ? { shelvedUntilMs: atMs + HOUR } : {}),
    },
  };
}
const trackerWith = (...transitions: AlarmTransition[]) => {
  const tracker = new AlarmKpiTracker({ startMs: 0 });
  for (const t of transitions) tracker.record(t);
  return tracker;
};

describe('alarm rate', () => {
  it('counts activations per 10 minutes per operator over the measured time', () => {
    // 12 activations, one every 5 minutes during the first hour.
    const events = Array.from({ length: 12 }, (_, i) => activation(`A${i}:high`, i * 5 * MIN));
    const kpis = trackerWith(...events).kpis(HOUR, HOUR);
    expect(kpis.windowMs).toBe(HOUR);
    expect(kpis.alarmRatePer10Min).toBe(2);
    expect(kpis.maximumAlarmRatePer10Min).toBe(2);
    expect(kpis.floodPeriods).toEqual([]);
    expect(kpis.percentTimeInFlood).toBe(0);
    // A 24-h window over one hour of history measures the hour, not the day.
    expect(trackerWith(...events).kpis(HOUR).alarmRatePer10Min).toBe(2);
    const twoOperators = new AlarmKpiTracker({ startMs: 0, operatorPositions: 2 });
    events.forEach((e) => twoOperators.record(e));
    expect(twoOperators.kpis(HOUR, HOUR).alarmRatePer10Min).toBe(1);
  });

  it('is zero with no activations or no elapsed time', () => {
    const kpis = trackerWith().kpis(0);
    expect(kpis.alarmRatePer10Min).toBe(0);
    expect(kpis.maximumAlarmRatePer10Min).toBe(0);
    expect(kpis.priorityMix).toEqual({ urgent: 0, high: 0, medium: 0, low: 0 });
    expect(kpis.topBadActors).toEqual([]);
  });
});

describe('floods (more than 10 alarms in 10 minutes)', () => {
  const burst = (count: number) => Array.from({ length: count }, (_, i) => activation(`B${i}:high`, i * 10_000));

  it('starts at the 11th activation within 10 minutes and ends when the first leaves the window', () => {
    const kpis = trackerWith(...burst(11)).kpis(HOUR, HOUR);
    expect(kpis.floodPeriods).toEqual([{ startMs: 100_000, endMs: 600_000, alarms: 11 }]);
    expect(kpis.percentTimeInFlood).toBeCloseTo(500_000 / HOUR, 12);
    expect(kpis.maximumAlarmRatePer10Min).toBe(11);
  });

  it('is not a flood at exactly 10', () => {
    const kpis = trackerWith(...burst(10)).kpis(HOUR, HOUR);
    expect(kpis.floodPeriods).toEqual([]);
    expect(kpis.maximumAlarmRatePer10Min).toBe(10);
  });

  it('scales with the operator positions sharing the load: 11 in 10 minutes is no flood for two positions, 21 is', () => {
    const twoPositions = (count: number) => {
      const tracker = new AlarmKpiTracker({ startMs: 0, operatorPositions: 2 });
      for (const t of burst(count)) tracker.record(t);
      return tracker.kpis(HOUR, HOUR).floodPeriods;
    };
    expect(twoPositions(11)).toEqual([]);
    expect(twoPositions(21)).toEqual([{ startMs: 200_000, endMs: 600_000, alarms: 21 }]);
  });

  it('reports a flood still going on with endMs null', () => {
    const kpis = trackerWith(...burst(11)).kpis(300_000, HOUR);
    expect(kpis.floodPeriods).toEqual([{ startMs: 100_000, endMs: null, alarms: 11 }]);
    expect(kpis.percentTimeInFlood).toBeCloseTo(200_000 / 300_000, 12);
  });

  it('counts the activations of a flood, including those that arrive during it', () => {
    // 11 in the first 100 s, then one more at 200 s: the count falls to 10 at 610 s (the 10-s
    // activation leaves; the one at 0 left at 600 s with the one at 200 s still in).
    const times = [...burst(11).map((e) => e.atMs), 200_000];
    expect(floodPeriods(times, HOUR, 10 * MIN, 10)).toEqual([{ startMs: 100_000, endMs: 610_000, alarms: 12 }]);
    expect(maximumCountInWindow(times, HOUR, 10 * MIN)).toBe(12);
  });
});

describe('chattering, standing, bad actors, priority mix', () => {
  it('flags three activations of one alarm within 60 s as chattering, not three spread over 60 s', () => {
    const kpis = trackerWith(
      activation('X:high', 0),
      activation('X:high', 20_000),
      activation('X:high', 40_000),
      activation('Y:high', 0),
      activation('Y:high', 30_000),
      activation('Y:high', 60_000),
    ).kpis(HOUR, HOUR);
    expect(kpis.chatteringAlarms).toEqual(['X:high']);
  });

  it('counts alarms active for more than 24 h as standing', () => {
    const tracker = trackerWith(activation('S:high', 0));
    expect(tracker.kpis(DAY_MS).standingAlarms).toBe(0);
    expect(tracker.kpis(DAY_MS + 1).standingAlarms).toBe(1);
  });

  it('ranks the top 10 bad actors by activations, ties by id', () => {
    const events: AlarmTransition[] = [];
    for (let i = 0; i < 12; i++) for (let k = 0; k <= i % 4; k++) events.push(activation(`N${String(i).padStart(2, '0')}:high`, i * MIN + k * 1_000));
    const top = trackerWith(...events).kpis(HOUR, HOUR).topBadActors;
    expect(top).toEqual([
      { alarmId: 'N03:high', activations: 4 },
      { alarmId: 'N07:high', activations: 4 },
      { alarmId: 'N11:high', activations: 4 },
      { alarmId: 'N02:high', activations: 3 },
      { alarmId: 'N06:high', activations: 3 },
      { alarmId: 'N10:high', activations: 3 },
      { alarmId: 'N01:high', activations: 2 },
      { alarmId: 'N05:high', activations: 2 },
      { alarmId: 'N09:high', activations: 2 },
      { alarmId: 'N00:high', activations: 1 },
    ]);
  });

  it('gives the share of each priority', () => {
    const kpis = trackerWith(activation('A:hh', 0, 'urgent'), activation('B:hh', 1, 'urgent'), activation('C:h', 2, 'high'), activation('D:x', 3, 'low')).kpis(HOUR, HOUR);
    expect(kpis.priorityMix).toEqual({ urgent: 0.5, high: 0.25, medium: 0, low: 0.25 });
  });
});

describe('what is counted and remembered', () => {
  it('counts only annunciated activations, and the current active, unacknowledged and shelved alarms', () => {
    const acked: AlarmTransition = { ...activation('A:high', 10), action: 'acknowledge', previousState: 'unacknowledged' };
    acked.alarm = { ...acked.alarm, acknowledged: true, state: 'acknowledged' };
    const kpis = trackerWith(
      activation('A:high', 0),
      acked,
      activation('B:high', 20),
      activation('C:high', 30, 'high', 'shelved'),
      activation('D:high', 40, 'high', 'suppressed'),
    ).kpis(HOUR, HOUR);
    expect(kpis.topBadActors.map((b) => b.alarmId)).toEqual(['A:high', 'B:high']);
    expect(kpis.activeAlarms).toBe(2);
    expect(kpis.unacknowledgedAlarms).toBe(1);
    expect(kpis.shelvedAlarms).toBe(1);
  });

  it('forgets alarms that return to normal and activations older than the retention', () => {
    const tracker = new AlarmKpiTracker({ startMs: 0, maxActivations: 5 });
    const normal: AlarmTransition = { ...activation('A:high', 5), action: 'acknowledge' };
    normal.alarm = { ...normal.alarm, active: false, acknowledged: true, state: 'normal' };
    tracker.record(activation('A:high', 0));
    tracker.record(normal);
    expect(tracker.kpis(10).activeAlarms).toBe(0);
    for (let i = 1; i <= 8; i++) tracker.record(activation(`C${i}:high`, i * HOUR));
    expect(tracker.activationCount).toBe(5);
    tracker.kpis(40 * HOUR);
    expect(tracker.activationCount).toBe(0);
  });

  it('measures a real chattering alarm coming out of the engine', () => {
    const scene = SceneSchema.parse({
      format: 'safetwin-scene',
      version: 1,
      site: { id: 'lab', name: { en: 'Lab' }, geoReference: { latitudeDeg: 31, longitudeDeg: 121 }, boundary: [[0, 0], [10, 0], [10, 10], [0, 10]] },
      sensors: [{ id: 'FT-1', kind: 'flow', unit: 'm3/h', position: { x: 1, y: 1 }, mountingHeightM: 1, mqttTopic: 'lab/FT-1', limits: { high: 90 }, rangeMin: 0, rangeMax: 100 }],
    });
    // No delays and no deadband: the engine measures chattering, it does not suppress it.
    const engine = new AlarmEngine(scene, AlarmConfigSchema.parse({ onDelayMs: { flow: 0 }, offDelayMs: { flow: 0 }, deadbandPercentOfRange: { flow: 0 } }), 0);
    const tracker = new AlarmKpiTracker({ startMs: 0 });
    for (let t = 0; t < 60_000; t += 5_000) for (const transition of engine.ingest(0, t % 10_000 === 0 ? 91 : 89, 'good', t, t)) tracker.record(transition);
    const kpis = tracker.kpis(60_000, HOUR);
    expect(kpis.topBadActors).toEqual([{ alarmId: 'FT-1:high', activations: 6 }]);
    expect(kpis.chatteringAlarms).toEqual(['FT-1:high']);
    expect(kpis.unacknowledgedAlarms).toBe(1);
  });
});
