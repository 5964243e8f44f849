import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AlarmCommandSchema, AlarmSchema, SceneSchema, type AlarmTransition, type Scene } from '../contracts/index.js';
import { AlarmConfigSchema } from './alarmConfig.js';
import { AlarmEngine } from './AlarmEngine.js';
import { AlarmKpiTracker } from './AlarmKpiTracker.js';

const demo: Scene = SceneSchema.parse(JSON.parse(readFileSync(new URL('../../scenes/demo-plant/scene.json', import.meta.url), 'utf8')));
const engineFor = () => new AlarmEngine(demo, AlarmConfigSchema.parse({}), 0);
const summary = (ts: AlarmTransition[]) => ts.map((t) => `${t.action} ${t.alarm.alarmId} ${t.alarm.state}`);
const indexOf = (engine: AlarmEngine, id: string) => engine.sensorIndexOf(id)!;
/** Tank-farm %LEL detectors (H 25, HH 50, pre-warning 10). */
const TANK_FARM_LEL = ['GD-T101-C1', 'GD-T101-C2', 'GD-T102-C1', 'GD-T102-C2', 'GD-T103-C1', 'GD-T103-C2'];

describe('state-based suppression: a detector HH supersedes its H and %LEL pre-warning', () => {
  it('marks the lower alarms suppressed with a reference to the HH, and they never count as annunciated', () => {
    const engine = engineFor();
    const kpis = new AlarmKpiTracker({ startMs: 0 });
    // A cloud arrives: every detector jumps from clean air to 60 %LEL within one sample.
    const transitions = TANK_FARM_LEL.flatMap((id, i) => engine.ingest(indexOf(engine, id), 60, 'good', 1_000 + i, 1_000 + i));
    for (const t of transitions) kpis.record(t);
    const first = transitions.filter((t) => t.alarm.sourceId === 'GD-T101-C1');
    expect(summary(first)).toEqual(['activate GD-T101-C1:highHigh unacknowledged', 'activate GD-T101-C1:high suppressed', 'activate GD-T101-C1:gasWarning suppressed']);
    expect(engine.alarm('GD-T101-C1:high')).toMatchObject({ suppressed: false, suppressedBy: 'GD-T101-C1:highHigh', active: true, acknowledged: false });
    expect(engine.alarm('GD-T101-C1:gasWarning')!.suppressedBy).toBe('GD-T101-C1:highHigh');
    // One annunciated alarm per detector (plus the area vote), not three: 7 instead of 19.
    const annunciated = engine.alarms().filter((a) => a.state === 'unacknowledged').map((a) => a.alarmId);
    expect(annunciated.sort()).toEqual([...TANK_FARM_LEL.map((id) => `${id}:highHigh`), 'tankFarm:areaVoting'].sort());
    expect(kpis.kpis(2_000, 10 * 60_000).maximumAlarmRatePer10Min).toBe(7);
    expect(() => AlarmSchema.parse(engine.alarm('GD-T101-C1:high'))).not.toThrow();
  });

  it('a rising value is superseded step by step: H over the pre-warning, then HH over both', () => {
    const engine = engineFor();
    const gd = indexOf(engine, 'GD-T101-C1');
    engine.ingest(gd, 12, 'good', 0, 0);
    const high = engine.ingest(gd, 30, 'good', 1_000, 1_000);
    expect(high.at(-1)).toMatchObject({ action: 'suppress', by: 'system', reason: 'superseded by GD-T101-C1:high' });
    const highHigh = engine.ingest(gd, 55, 'good', 2_000, 2_000);
    expect(highHigh.map((t) => [t.alarm.alarmId, t.action, t.reason])).toEqual([
      ['GD-T101-C1:highHigh', 'activate', undefined],
      ['GD-T101-C1:high', 'suppress', 'superseded by GD-T101-C1:highHigh'],
      ['GD-T101-C1:gasWarning', 'suppress', 'superseded by GD-T101-C1:highHigh'],
    ]);
    // The 3D marker blinks for the HH only; once it is acknowledged, nothing of this detector blinks.
    engine.command({ action: 'acknowledge', alarmIds: ['GD-T101-C1:highHigh'] }, 'op', 3_000);
    expect(engine.sensorAlarmSummary(gd)).toMatchObject({ active: true, unacknowledged: false, priority: 'urgent' });
  });

  it('a shelved or out-of-service HH supersedes nothing: the H is annunciated, and superseded again on return', () => {
    const engine = engineFor();
    const gd = indexOf(engine, 'GD-T101-C1');
    engine.ingest(gd, 60, 'good', 0, 0);
    const shelved = engine.command({ action: 'shelve', alarmId: 'GD-T101-C1:highHigh', reason: '维修', durationMin: 15 }, 'op', 1_000);
    expect(shelved.errors).toEqual([]);
    expect(summary(shelved.transitions)).toEqual([
      'shelve GD-T101-C1:highHigh shelved',
      'unsuppress GD-T101-C1:high unacknowledged',
      'suppress GD-T101-C1:gasWarning suppressed',
    ]);
    // Shelving expires after 15 minutes: the HH is back and supersedes again.
    // (Other detectors, never heard, are in comm loss by then.)
    expect(summary(engine.tick(1_000 + 15 * 60_000).filter((t) => t.alarm.sourceId === 'GD-T101-C1' && t.alarm.condition !== 'commLoss'))).toEqual([
      'shelveExpired GD-T101-C1:highHigh unacknowledged',
      'suppress GD-T101-C1:high suppressed',
      'suppress GD-T101-C1:gasWarning suppressed',
    ]);
    const removed = engine.command({ action: 'removeFromService', target: 'GD-T101-C1:highHigh', reason: 'sensor head replaced' }, 'chief', 2_000_000);
    expect(summary(removed.transitions)).toEqual([
      'removeFromService GD-T101-C1:highHigh outOfService',
      'unsuppress GD-T101-C1:high unacknowledged',
      'suppress GD-T101-C1:gasWarning suppressed',
    ]);
  });

  it('acknowledging an HH acknowledges what it supersedes: after its latch reset the H still in alarm stands acknowledged, no second flood', () => {
    const engine = engineFor();
    const gd = indexOf(engine, 'GD-T101-C1');
    engine.ingest(gd, 60, 'good', 0, 0);
    engine.ingest(gd, 30, 'good', 1_000, 1_000);
    expect(engine.tick(7_000)).toEqual([]); // HH latched, H still active under it
    const reset = engine.command({ action: 'acknowledge', alarmIds: ['GD-T101-C1:highHigh'] }, 'op', 8_000);
    expect(summary(reset.transitions)).toEqual([
      'acknowledge GD-T101-C1:high suppressed',
      'acknowledge GD-T101-C1:gasWarning suppressed',
      'acknowledge GD-T101-C1:highHigh acknowledged',
      'clear GD-T101-C1:highHigh normal',
      'unsuppress GD-T101-C1:high acknowledged',
      'suppress GD-T101-C1:gasWarning suppressed',
    ]);
    expect(reset.transitions.slice(0, 3).every((t) => t.by === 'op')).toBe(true);
    expect(reset.transitions[4]).toMatchObject({ by: 'system', reason: 'no longer superseded by GD-T101-C1:highHigh' });
    expect(engine.alarms().filter((a) => a.state === 'unacknowledged' || a.state === 'returnedUnacknowledged').map((a) => a.alarmId).filter((id) => id.startsWith('GD-T101-C1'))).toEqual([]);
  });
});

describe('out of service and designed suppression as commands (ISA-18.2: authorised, recorded, with a reason)', () => {
  it('removes every alarm of a detector from service with who and why, and returns it', () => {
    const engine = engineFor();
    const removed = engine.command({ action: 'removeFromService', target: 'GD-T101-C1', reason: '标定' }, 'chief', 1_000);
    expect(removed.errors).toEqual([]);
    expect(removed.transitions.length).toBeGreaterThanOrEqual(3);
    for (const t of removed.transitions) {
      expect(t).toMatchObject({ action: 'removeFromService', by: 'chief', reason: '标定' });
      expect(t.alarm).toMatchObject({ outOfService: true, outOfServiceBy: 'chief', outOfServiceReason: '标定', state: 'outOfService' });
    }
    // An out-of-service detector in gas is tracked but not annunciated.
    expect(engine.ingest(indexOf(engine, 'GD-T101-C1'), 60, 'good', 2_000, 2_000).every((t) => t.alarm.state === 'outOfService')).toBe(true);
    const back = engine.command({ action: 'returnToService', target: 'GD-T101-C1', reason: 'calibrated' }, 'chief', 3_000);
    expect(back.transitions.filter((t) => t.action === 'returnToService').every((t) => t.alarm.outOfServiceBy === undefined && t.alarm.outOfServiceReason === undefined)).toBe(true);
    expect(engine.alarm('GD-T101-C1:highHigh')!.state).toBe('unacknowledged');
    expect(engine.alarm('GD-T101-C1:high')!.state).toBe('suppressed');
  });

  it('suppresses and unsuppresses by design on command, and answers coded errors', () => {
    const engine = engineFor();
    expect(summary(engine.command({ action: 'suppress', target: 'LT-T101:high', reason: 'tank out of operation' }, 'admin', 0).transitions)).toEqual(['suppress LT-T101:high suppressed']);
    expect(engine.command({ action: 'suppress', target: 'LT-T101:high', reason: 'again' }, 'admin', 1).errors[0]).toMatch(/^ST_ERR_ALARM_STATE: /);
    expect(engine.command({ action: 'unsuppress', target: 'LT-T101:high', reason: 'in operation' }, 'admin', 2).transitions[0]).toMatchObject({ action: 'unsuppress', by: 'admin', reason: 'in operation' });
    expect(engine.command({ action: 'removeFromService', target: 'NO-SUCH', reason: 'test' }, 'admin', 3).errors[0]).toMatch(/^ST_ERR_ALARM_UNKNOWN: /);
  });
});

describe('shelving reasons', () => {
  it('accepts a two-character Chinese reason and refuses one character; the alarm carries reason and user while shelved', () => {
    expect(AlarmCommandSchema.safeParse({ action: 'shelve', alarmId: 'x', reason: '维修', durationMin: 60 }).success).toBe(true);
    expect(AlarmCommandSchema.safeParse({ action: 'shelve', alarmId: 'x', reason: ' 修 ', durationMin: 60 }).success).toBe(false);
    // Counted in characters (code points), not UTF-16 units: one emoji is one character.
    expect(AlarmCommandSchema.safeParse({ action: 'shelve', alarmId: 'x', reason: '🔧', durationMin: 60 }).success).toBe(false);
    const engine = engineFor();
    engine.ingest(indexOf(engine, 'GD-T101-C1'), 30, 'good', 0, 0);
    const shelved = engine.command({ action: 'shelve', alarmId: 'GD-T101-C1:high', reason: '维修', durationMin: 60 }, 'wang.fang', 1_000);
    expect(shelved.transitions[0]!.alarm).toMatchObject({ state: 'shelved', shelvedBy: 'wang.fang', shelveReason: '维修', shelvedUntilMs: 1_000 + 60 * 60_000 });
    const unshelved = engine.command({ action: 'unshelve', alarmId: 'GD-T101-C1:high' }, 'wang.fang', 2_000);
    expect(unshelved.transitions[0]!.alarm.shelvedBy).toBeUndefined();
    expect(unshelved.transitions[0]!.alarm.shelveReason).toBeUndefined();
  });
});
