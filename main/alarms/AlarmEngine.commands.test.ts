import { describe, expect, it } from 'vitest';
import { AlarmSchema, SceneSchema, type AlarmCommand, type AlarmTransition, type Scene } from '../contracts/index.js';
import { AlarmConfigSchema, type AlarmConfigInput } from './alarmConfig.js';
import { AlarmEngine } from './AlarmEngine.js';

const transmitter = (id: string, kind: 'temperature' | 'pressure', unit: string) => ({
  id,
  kind,
  unit,
  position: { x: 1, y: 1 },
  mountingHeightM: 1,
  mqttTopic: `lab/${id}`,
  limits: { high: 80, highHigh: 90 },
});
/** TT-1 (index 0) and PT-1 (index 1), both H 80 / HH 90, no ranges. */
const scene: Scene = SceneSchema.parse({
  format: 'safetwin-scene',
  version: 1,
  site: { id: 'lab', name: { en: 'Lab' }, geoReference: { latitudeDeg: 31, longitudeDeg: 121 }, boundary: [[0, 0], [10, 0], [10, 10], [0, 10]] },
  sensors: [transmitter('TT-1', 'temperature', 'degC'), transmitter('PT-1', 'pressure', 'kPa')],
});
const [TT, PT] = [0, 1];
const noDelays = { onDelayMs: { temperature: 0, pressure: 0 }, offDelayMs: { temperature: 0, pressure: 0 } };
const engineWith = (config: AlarmConfigInput = {}) => new AlarmEngine(scene, AlarmConfigSchema.parse({ ...noDelays, ...config }), 0);
const ack = (...alarmIds: string[]): AlarmCommand => ({ action: 'acknowledge', alarmIds });
const shelve = (alarmId: string, durationMin: number): AlarmCommand => ({ action: 'shelve', alarmId, reason: 'instrument fault, WO-4711', durationMin });
const summary = (ts: AlarmTransition[]) => ts.map((t) => `${t.action} ${t.alarm.alarmId} ${t.alarm.state}`);

describe('acknowledge', () => {
  it('acknowledges one active alarm and records who and when', () => {
    const engine = engineWith();
    engine.ingest(TT, 85, 'good', 0, 0);
    const result = engine.command(ack('TT-1:high'), 'li.na', 2_000);
    expect(result.errors).toEqual([]);
    expect(result.transitions).toHaveLength(1);
    expect(result.transitions[0]).toMatchObject({ action: 'acknowledge', previousState: 'unacknowledged', by: 'li.na', atMs: 2_000 });
    expect(result.transitions[0]!.alarm).toMatchObject({ state: 'acknowledged', acknowledged: true, acknowledgedAtMs: 2_000, acknowledgedBy: 'li.na', changedAtMs: 2_000 });
    expect(() => AlarmSchema.parse(result.transitions[0]!.alarm)).not.toThrow();
  });

  it('acknowledges many at once and reports unknown and already-acknowledged ones as errors', () => {
    const engine = engineWith();
    engine.ingest(TT, 95, 'good', 0, 0);
    engine.command(ack('TT-1:high'), 'op', 1_000);
    const result = engine.command(ack('TT-1:highHigh', 'TT-1:high', 'XX-9:high'), 'op', 2_000);
    expect(summary(result.transitions)).toEqual(['acknowledge TT-1:highHigh acknowledged']);
    expect(result.errors).toEqual(['ST_ERR_ALARM_STATE: alarm "TT-1:high" is already acknowledged', 'ST_ERR_ALARM_UNKNOWN: no alarm "XX-9:high"']);
  });

  it('sends a returned-unacknowledged alarm to normal; it leaves the list but stays known', () => {
    const engine = engineWith();
    engine.ingest(TT, 85, 'good', 0, 0);
    engine.ingest(TT, 20, 'good', 1_000, 1_000);
    expect(engine.alarms().map((a) => a.alarmId)).toEqual(['TT-1:high']);
    expect(summary(engine.command(ack('TT-1:high'), 'op', 2_000).transitions)).toEqual(['acknowledge TT-1:high normal']);
    expect(engine.alarms()).toEqual([]);
    expect(engine.alarm('TT-1:high')).toMatchObject({ state: 'normal', raisedAtMs: 0, clearedAtMs: 1_000 });
    // A normal alarm is acknowledged already.
    expect(engine.command(ack('TT-1:high'), 'op', 3_000).errors).toEqual(['ST_ERR_ALARM_STATE: alarm "TT-1:high" is already acknowledged']);
  });

  it('refuses a malformed command without throwing', () => {
    const engine = engineWith();
    const result = engine.command({ action: 'shelve', alarmId: 'TT-1:high', reason: 'x', durationMin: 10 }, 'op', 0);
    expect(result.transitions).toEqual([]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(/^ST_ERR_ALARM_COMMAND_INVALID: reason /);
  });
});

describe('shelving (time-limited)', () => {
  it('shelves, tracks the condition silently and returns the alarm to its state at expiry', () => {
    const engine = engineWith();
    const shelved = engine.command(shelve('TT-1:high', 10), 'op', 1_000);
    expect(shelved.transitions.map((t) => [t.action, t.previousState, t.alarm.state, t.alarm.shelvedUntilMs, t.reason, t.by])).toEqual([
      ['shelve', 'normal', 'shelved', 601_000, 'instrument fault, WO-4711', 'op'],
    ]);
    // The activation is emitted for the audit trail, in state 'shelved': not annunciated.
    const hidden = engine.ingest(TT, 85, 'good', 2_000, 2_000);
    expect(hidden.map((t) => [t.action, t.previousState, t.alarm.state, t.alarm.active])).toEqual([['activate', 'shelved', 'shelved', true]]);
    expect(engine.sensorAlarmSummary(TT)).toEqual({ active: false, unacknowledged: false });
    expect(engine.alarms().map((a) => a.state)).toEqual(['shelved']);
    expect(engine.tick(600_999).filter((t) => t.action === 'shelveExpired')).toEqual([]);
    const expired = engine.tick(601_000).filter((t) => t.alarm.alarmId === 'TT-1:high');
    expect(expired.map((t) => [t.action, t.previousState, t.alarm.state, t.by])).toEqual([['shelveExpired', 'shelved', 'unacknowledged', 'system']]);
    expect(engine.alarm('TT-1:high')!.shelvedUntilMs).toBeUndefined();
    expect(engine.sensorAlarmSummary(TT)).toEqual({ active: true, unacknowledged: true, priority: 'high' });
  });

  it('returns to normal when the condition came and went while shelved', () => {
    const engine = engineWith();
    engine.command(shelve('TT-1:high', 1), 'op', 0);
    engine.ingest(TT, 85, 'good', 1_000, 1_000);
    const cleared = engine.ingest(TT, 20, 'good', 2_000, 2_000);
    expect(cleared.map((t) => [t.action, t.alarm.state, t.alarm.acknowledged])).toEqual([['clear', 'shelved', true]]);
    expect(summary(engine.tick(60_000).filter((t) => t.alarm.sourceId === 'TT-1'))).toEqual(['shelveExpired TT-1:high normal']);
  });

  it('unshelves on request, and refuses to unshelve an alarm that is not shelved', () => {
    const engine = engineWith();
    engine.ingest(TT, 85, 'good', 0, 0);
    engine.command(shelve('TT-1:high', 60), 'op', 1_000);
    const result = engine.command({ action: 'unshelve', alarmId: 'TT-1:high' }, 'op2', 5_000);
    expect(result.transitions.map((t) => [t.action, t.previousState, t.alarm.state, t.by])).toEqual([['unshelve', 'shelved', 'unacknowledged', 'op2']]);
    expect(engine.tick(3_601_000).filter((t) => t.action === 'shelveExpired')).toEqual([]);
    expect(engine.command({ action: 'unshelve', alarmId: 'TT-1:high' }, 'op', 6_000).errors).toEqual(['ST_ERR_ALARM_STATE: alarm "TT-1:high" is not shelved']);
    expect(engine.command(shelve('TT-1:nothing', 5), 'op', 6_000).errors).toEqual(['ST_ERR_ALARM_UNKNOWN: no alarm "TT-1:nothing"']);
  });
});

describe('suppressed by design and out of service', () => {
  it('starts suppressed-by-design alarms suppressed and tracks them silently', () => {
    const engine = engineWith({ suppressedByDesign: ['TT-1:high'] });
    expect(engine.alarm('TT-1:high')!.state).toBe('suppressed');
    expect(engine.alarm('TT-1:highHigh')!.state).toBe('normal');
    expect(engine.ingest(TT, 85, 'good', 0, 0).map((t) => [t.action, t.alarm.state])).toEqual([['activate', 'suppressed']]);
    expect(engine.sensorAlarmSummary(TT).active).toBe(false);
    const released = engine.setDesignSuppression('TT-1:high', false, 1_000, 'pump running');
    expect(released.transitions.map((t) => [t.action, t.previousState, t.alarm.state, t.by, t.reason])).toEqual([['unsuppress', 'suppressed', 'unacknowledged', 'system', 'pump running']]);
  });

  it('suppresses every alarm of a sensor named by id, and warns about unknown names', () => {
    const engine = engineWith({ suppressedByDesign: ['PT-1', 'PX-404'] });
    expect(['PT-1:high', 'PT-1:highHigh', 'PT-1:badQuality', 'PT-1:commLoss'].map((id) => engine.alarm(id)!.state)).toEqual(['suppressed', 'suppressed', 'suppressed', 'suppressed']);
    expect(engine.configWarnings).toEqual(['suppressedByDesign names unknown alarm or source "PX-404"']);
  });

  it('takes a sensor out of service and back, annunciating what is active on return', () => {
    const engine = engineWith();
    const removed = engine.setOutOfService('TT-1', false, 'tech', 'calibration', 0);
    expect(removed.errors).toEqual([]);
    expect(removed.transitions.map((t) => `${t.action} ${t.alarm.alarmId}`)).toEqual([
      'removeFromService TT-1:highHigh',
      'removeFromService TT-1:high',
      'removeFromService TT-1:badQuality',
      'removeFromService TT-1:commLoss',
      // Temperatures have a flat-line rule by default (alarmConfig DEFAULT_FLAT_LINE_TIME_MS).
      'removeFromService TT-1:stuck',
    ]);
    expect(removed.transitions.every((t) => t.by === 'tech' && t.reason === 'calibration' && t.alarm.state === 'outOfService')).toBe(true);
    expect(engine.ingest(TT, 85, 'good', 1_000, 1_000).map((t) => t.alarm.state)).toEqual(['outOfService']);
    expect(engine.setOutOfService('TT-1:high', false, 'tech', 'again', 1_500).errors).toEqual(['ST_ERR_ALARM_STATE: "TT-1:high" is already out of service']);
    expect(engine.command(shelve('TT-1:high', 5), 'op', 1_500).errors).toEqual(['ST_ERR_ALARM_STATE: alarm "TT-1:high" is out of service; return it to service before shelving']);
    const back = engine.setOutOfService('TT-1:high', true, 'tech', 'done', 2_000);
    expect(back.transitions.map((t) => [t.action, t.previousState, t.alarm.state])).toEqual([['returnToService', 'outOfService', 'unacknowledged']]);
    expect(engine.setOutOfService('nope', true, 'tech', 'x', 0).errors).toEqual(['ST_ERR_ALARM_UNKNOWN: no alarm or source "nope"']);
  });
});

describe('latching and first-out', () => {
  it('latches a configured alarm until acknowledged', () => {
    const engine = engineWith({ latching: { alarmIds: ['TT-1:high'] } });
    engine.ingest(TT, 85, 'good', 0, 0);
    expect(engine.ingest(TT, 20, 'good', 1_000, 1_000)).toEqual([]);
    expect(engine.alarm('TT-1:high')).toMatchObject({ active: true, latched: true, state: 'unacknowledged' });
    // The condition comes back while latched: still the same activation.
    expect(engine.ingest(TT, 85, 'good', 2_000, 2_000)).toEqual([]);
    engine.ingest(TT, 20, 'good', 3_000, 3_000);
    expect(summary(engine.command(ack('TT-1:high'), 'op', 4_000).transitions)).toEqual(['acknowledge TT-1:high acknowledged', 'clear TT-1:high normal']);
  });

  it('marks the first alarm of a trip group since it was all clear', () => {
    const engine = engineWith({ tripGroups: { 'K-101 trip': ['TT-1:highHigh', 'PT-1:highHigh'] } });
    expect(engine.ingest(PT, 95, 'good', 0, 0).map((t) => [t.alarm.alarmId, t.alarm.firstOut])).toEqual([
      ['PT-1:highHigh', true],
      ['PT-1:high', false],
    ]);
    expect(engine.ingest(TT, 95, 'good', 1, 1).find((t) => t.alarm.alarmId === 'TT-1:highHigh')!.alarm.firstOut).toBe(false);
    // Reset everything: both clear and are acknowledged.
    engine.ingest(PT, 20, 'good', 2, 2);
    engine.ingest(TT, 20, 'good', 3, 3);
    engine.command(ack('PT-1:highHigh', 'TT-1:highHigh'), 'op', 4);
    expect(engine.ingest(TT, 95, 'good', 5, 5).find((t) => t.alarm.alarmId === 'TT-1:highHigh')!.alarm.firstOut).toBe(true);
  });

  it('keeps the group tripped while an alarm is unacknowledged after returning', () => {
    const engine = engineWith({ tripGroups: { trip: ['TT-1:highHigh', 'PT-1:highHigh'] } });
    engine.ingest(PT, 95, 'good', 0, 0);
    engine.ingest(PT, 20, 'good', 1, 1);
    expect(engine.ingest(TT, 95, 'good', 2, 2).find((t) => t.alarm.alarmId === 'TT-1:highHigh')!.alarm.firstOut).toBe(false);
  });
});

it('warns about configuration entries that name nothing in the scene', () => {
  const engine = engineWith({
    tripGroups: { trip: ['TT-1:highHigh', 'TT-9:highHigh'] },
    latching: { alarmIds: ['TT-1:low'] },
    priorityOverrides: { 'PT-1:lowLow': 'low' },
    rateOfChangePerMin: { bySensorId: { 'XT-1': 3 } },
  });
  expect(engine.configWarnings).toEqual([
    'trip group "trip" names unknown alarm "TT-9:highHigh"',
    'latching names unknown alarm "TT-1:low"',
    'priorityOverrides names unknown alarm "PT-1:lowLow"',
    'rateOfChangePerMin names unknown sensor "XT-1"',
  ]);
});

describe('the alarm list and marker summary', () => {
  it('lists most urgent first, then newest, and applies priority overrides', () => {
    const engine = engineWith({ priorityOverrides: { 'PT-1:high': 'low' } });
    engine.ingest(TT, 85, 'good', 0, 0);
    engine.ingest(PT, 95, 'good', 1_000, 1_000);
    expect(engine.alarms().map((a) => `${a.alarmId} ${a.priority}`)).toEqual(['PT-1:highHigh urgent', 'TT-1:high high', 'PT-1:high low']);
  });

  it('summarizes a sensor for its 3D marker', () => {
    const engine = engineWith();
    expect(engine.sensorAlarmSummary(TT)).toEqual({ active: false, unacknowledged: false });
    engine.ingest(TT, 95, 'good', 0, 0);
    engine.command(ack('TT-1:high', 'TT-1:highHigh'), 'op', 1);
    expect(engine.sensorAlarmSummary(TT)).toEqual({ active: true, unacknowledged: false, priority: 'urgent' });
    engine.ingest(TT, 85, 'good', 2, 2);
    expect(engine.sensorAlarmSummary(TT)).toEqual({ active: true, unacknowledged: false, priority: 'high' });
    engine.ingest(TT, 20, 'good', 3, 3);
    expect(engine.sensorAlarmSummary(TT)).toEqual({ active: false, unacknowledged: false });
  });

  it('hands out snapshots that later changes do not alter', () => {
    const engine = engineWith();
    const [activated] = engine.ingest(TT, 85, 'good', 0, 0);
    engine.command(ack('TT-1:high'), 'op', 1);
    expect(activated!.alarm.state).toBe('unacknowledged');
    const listed = engine.alarms()[0]!;
    listed.state = 'normal';
    expect(engine.alarm('TT-1:high')!.state).toBe('acknowledged');
  });
});
