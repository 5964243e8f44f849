import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AlarmSchema, SceneSchema, type AlarmTransition, type Scene } from '../contracts/index.js';
import { AlarmConfigSchema, type AlarmConfigInput } from './alarmConfig.js';
import { AlarmEngine } from './AlarmEngine.js';
import { AlarmKpiTracker } from './AlarmKpiTracker.js';
import { defaultAlarmPriority } from './alarmPriority.js';
import type { ExternalConditionInput } from './externalAlarms.js';

const demo: Scene = SceneSchema.parse(JSON.parse(readFileSync(new URL('../../scenes/demo-plant/scene.json', import.meta.url), 'utf8')));
const engineFor = (config: AlarmConfigInput = {}) => new AlarmEngine(demo, AlarmConfigSchema.parse(config), 0);
const summary = (ts: AlarmTransition[]) => ts.map((t) => `${t.action} ${t.alarm.alarmId} ${t.alarm.state}`);

const manDown = (active: boolean, nowMs: number, extra: Partial<ExternalConditionInput> = {}): ExternalConditionInput => ({
  sourceId: 'BDG-1001',
  sourceKind: 'worker',
  condition: 'manDown',
  areaId: 'unit2',
  active,
  nowMs,
  ...extra,
});
const gathering = (active: boolean, nowMs: number, value: number): ExternalConditionInput => ({ sourceId: 'lpgZone', sourceKind: 'area', condition: 'gathering', areaId: 'lpgZone', active, value, nowMs });

describe('permit conditions (issue 17)', () => {
  const gasNearHotWork = (active: boolean, nowMs: number): ExternalConditionInput => ({
    sourceId: 'DH-0042',
    sourceKind: 'permit',
    permitType: 'hotWork',
    condition: 'combustibleGasNearby',
    areaId: 'tankFarm',
    location: { x: 12, y: 30 },
    active,
    value: 14,
    unit: '%LEL',
    nowMs,
    reasonCode: { code: 'combustibleGasNearby', params: { permit: 'DH-0042', sensorId: 'GD-1', distanceM: 6, valueLelPct: 14, preWarningLelPct: 10 } },
  });

  it('raises a located alarm named by the permit number, with the permit type and the rule\'s coded reason, urgent by default', () => {
    const engine = engineFor();
    const [raised] = engine.setExternalCondition(gasNearHotWork(true, 1_000));
    expect(raised!.alarm).toMatchObject({ alarmId: 'DH-0042:combustibleGasNearby', sourceId: 'DH-0042', sourceKind: 'permit', permitType: 'hotWork', priority: 'urgent', areaId: 'tankFarm', location: { x: 12, y: 30 }, value: 14, unit: '%LEL' });
    expect(raised!.reasonCode).toEqual(gasNearHotWork(true, 1_000).reasonCode);
    expect(() => AlarmSchema.parse(raised!.alarm)).not.toThrow();
    expect(summary(engine.setExternalCondition(gasNearHotWork(false, 2_000)))).toEqual(['clear DH-0042:combustibleGasNearby returnedUnacknowledged']);
  });

  it('may be named in the configuration before the alarm exists (priority override, suppression by design), without a warning', () => {
    const engine = engineFor({ priorityOverrides: { 'DH-0042:watcherAway': 'medium' }, suppressedByDesign: ['DH-0042:outsideWorkWindow'] });
    expect(engine.configWarnings).toEqual([]);
    const base = { sourceId: 'DH-0042', sourceKind: 'permit' as const, permitType: 'hotWork' as const, active: true, nowMs: 1_000 };
    expect(engine.setExternalCondition({ ...base, condition: 'watcherAway' })[0]!.alarm.priority).toBe('medium');
    expect(engine.setExternalCondition({ ...base, condition: 'outsideWorkWindow' })[0]!.alarm.state).toBe('suppressed');
  });
});

describe('external conditions: creation and idempotence', () => {
  it('creates the alarm on its first activation, not before, and not for an inactive report', () => {
    const engine = engineFor();
    expect(engine.alarm('BDG-1001:manDown')).toBeUndefined();
    expect(engine.setExternalCondition(manDown(false, 1_000))).toEqual([]);
    expect(engine.alarm('BDG-1001:manDown')).toBeUndefined();

    const raised = engine.setExternalCondition(manDown(true, 2_000, { value: 64, unit: 's', reason: 'no movement beyond 1 m for 64 s' }));
    expect(summary(raised)).toEqual(['activate BDG-1001:manDown unacknowledged']);
    expect(raised[0]).toMatchObject({ action: 'activate', previousState: 'normal', atMs: 2_000, by: 'system', reason: 'no movement beyond 1 m for 64 s' });
    expect(raised[0]!.alarm).toMatchObject({ sourceId: 'BDG-1001', sourceKind: 'worker', condition: 'manDown', areaId: 'unit2', priority: 'urgent', value: 64, unit: 's', raisedAtMs: 2_000, latched: false, firstOut: false });
    expect(() => AlarmSchema.parse(raised[0]!.alarm)).not.toThrow();
    expect(engine.alarms().map((a) => a.alarmId)).toEqual(['BDG-1001:manDown']);
  });

  it('emits nothing when the same state is set again, whatever the value', () => {
    const engine = engineFor();
    expect(engine.setExternalCondition(gathering(true, 0, 3))).toHaveLength(1);
    expect(engine.setExternalCondition(gathering(true, 1_000, 3))).toEqual([]);
    expect(engine.setExternalCondition(gathering(true, 2_000, 5))).toEqual([]);
    // The value is the one at activation, as for sensor alarms.
    expect(engine.alarm('lpgZone:gathering')).toMatchObject({ value: 3, changedAtMs: 0 });
    expect(summary(engine.setExternalCondition(gathering(false, 3_000, 2)))).toEqual(['clear lpgZone:gathering returnedUnacknowledged']);
    expect(engine.setExternalCondition(gathering(false, 4_000, 1))).toEqual([]);
    expect(engine.alarm('lpgZone:gathering')).toMatchObject({ active: false, value: 2, clearedAtMs: 3_000 });
  });

  it('takes the area of each new activation (a worker moves between alarms)', () => {
    const engine = engineFor();
    engine.setExternalCondition({ sourceId: 'BDG-1045', sourceKind: 'worker', condition: 'restrictedEntry', areaId: 'chlorineYard', active: true, nowMs: 0 });
    engine.setExternalCondition({ sourceId: 'BDG-1045', sourceKind: 'worker', condition: 'restrictedEntry', active: false, nowMs: 1_000 });
    const again = engine.setExternalCondition({ sourceId: 'BDG-1045', sourceKind: 'worker', condition: 'restrictedEntry', areaId: 'valvePit', active: true, nowMs: 2_000 });
    expect(again[0]!.alarm).toMatchObject({ areaId: 'valvePit', priority: 'high', raisedAtMs: 2_000 });
  });

  it('takes a camera alarm\'s location and evidence per activation, and drops them when a new one has none', () => {
    const engine = engineFor();
    const evidence = { eventId: 'CAM-06:bund:7', ruleId: 'bund', label: 'person', source: 'safetwin' as const, snapshotHref: '/api/vision/events/CAM-06%3Abund%3A7/snapshot.jpg' };
    const camera = { sourceId: 'CAM-06', sourceKind: 'camera' as const, condition: 'restrictedEntry' as const };
    const raised = engine.setExternalCondition({ ...camera, active: true, nowMs: 0, location: { x: 350, y: 190 }, evidence });
    expect(raised[0]!.alarm).toMatchObject({ alarmId: 'CAM-06:restrictedEntry', priority: 'high', location: { x: 350, y: 190 }, evidence });
    expect(() => AlarmSchema.parse(raised[0]!.alarm)).not.toThrow();
    // While active, a later event does not rewrite what the operator was shown.
    engine.setExternalCondition({ ...camera, active: true, nowMs: 500, location: { x: 1, y: 1 } });
    expect(engine.alarm('CAM-06:restrictedEntry')).toMatchObject({ location: { x: 350, y: 190 } });
    engine.setExternalCondition({ ...camera, active: false, nowMs: 1_000 });
    const again = engine.setExternalCondition({ ...camera, active: true, nowMs: 2_000 });
    expect(again[0]!.alarm.location).toBeUndefined();
    expect(again[0]!.alarm.evidence).toBeUndefined();
    expect(engine.setExternalCondition({ sourceId: 'CAM-06', sourceKind: 'camera', condition: 'cameraOffline', active: true, nowMs: 3_000 })[0]!.alarm.priority).toBe('medium');
  });

  it('refuses to drive an alarm of the engine\'s own rules, or one source id as two kinds', () => {
    const engine = engineFor();
    expect(() => engine.setExternalCondition({ sourceId: 'GD-T101-C1', sourceKind: 'camera', condition: 'high', active: true, nowMs: 0 })).toThrow(/engine's own rules/);
    expect(() => engine.setExternalCondition({ sourceId: 'tankFarm', sourceKind: 'area', condition: 'areaVoting', active: true, nowMs: 0 })).toThrow(/engine's own rules/);
    engine.setExternalCondition(manDown(true, 0));
    expect(() => engine.setExternalCondition({ ...manDown(false, 1_000), sourceKind: 'camera' })).toThrow(/source kind worker/);
  });
});

describe('external conditions: the ISA-18.2 lifecycle', () => {
  it('is acknowledged by the operator, then returns to normal when the condition clears', () => {
    const engine = engineFor();
    engine.setExternalCondition(manDown(true, 0));
    const ack = engine.command({ action: 'acknowledge', alarmIds: ['BDG-1001:manDown'] }, 'li.na', 5_000);
    expect(ack.errors).toEqual([]);
    expect(ack.transitions.map((t) => [t.action, t.previousState, t.alarm.state, t.by])).toEqual([['acknowledge', 'unacknowledged', 'acknowledged', 'li.na']]);
    expect(summary(engine.setExternalCondition(manDown(false, 9_000)))).toEqual(['clear BDG-1001:manDown normal']);
    expect(engine.alarms()).toEqual([]);
  });

  it('is shelved with an expiry: activations are tracked silently and annunciated when it expires', () => {
    const engine = engineFor();
    engine.setExternalCondition(gathering(true, 0, 4));
    engine.setExternalCondition(gathering(false, 1_000, 2));
    engine.command({ action: 'acknowledge', alarmIds: ['lpgZone:gathering'] }, 'op', 2_000);
    const shelved = engine.command({ action: 'shelve', alarmId: 'lpgZone:gathering', reason: 'turnaround crew, permit 2024-117', durationMin: 30 }, 'op', 3_000);
    expect(shelved.transitions.map((t) => [t.action, t.alarm.state, t.alarm.shelvedUntilMs, t.by])).toEqual([['shelve', 'shelved', 1_803_000, 'op']]);
    const hidden = engine.setExternalCondition(gathering(true, 60_000, 6));
    expect(hidden.map((t) => [t.action, t.alarm.state, t.alarm.active])).toEqual([['activate', 'shelved', true]]);
    // The demo's sensors have no samples here: their commLoss alarms are not what this test is about.
    const gatheringOnly = (ts: AlarmTransition[]) => ts.filter((t) => t.alarm.alarmId === 'lpgZone:gathering');
    expect(gatheringOnly(engine.tick(1_802_999))).toEqual([]);
    const expired = gatheringOnly(engine.tick(1_803_000));
    expect(expired.map((t) => [t.action, t.previousState, t.alarm.state, t.by])).toEqual([['shelveExpired', 'shelved', 'unacknowledged', 'system']]);
  });

  it('honours suppression by design from the configuration, naming the alarm or its source, without start-up warnings', () => {
    const engine = engineFor({ suppressedByDesign: ['BDG-1066', 'unit1:gathering'] });
    expect(engine.configWarnings).toEqual([]);
    const visitor = engine.setExternalCondition({ sourceId: 'BDG-1066', sourceKind: 'worker', condition: 'restrictedEntry', areaId: 'chlorineYard', active: true, nowMs: 0 });
    expect(visitor.map((t) => [t.action, t.previousState, t.alarm.state])).toEqual([['activate', 'suppressed', 'suppressed']]);
    const unit1 = engine.setExternalCondition({ sourceId: 'unit1', sourceKind: 'area', condition: 'gathering', areaId: 'unit1', active: true, value: 3, nowMs: 0 });
    expect(unit1[0]!.alarm.state).toBe('suppressed');
    // The area's voting alarm is not named: it stays annunciated.
    expect(engine.alarm('unit1:areaVoting')!.suppressed).toBe(false);
    // A hidden alarm that clears was never annunciated: nothing to acknowledge.
    engine.setExternalCondition({ sourceId: 'BDG-1066', sourceKind: 'worker', condition: 'restrictedEntry', active: false, nowMs: 1_000 });
    expect(engine.alarm('BDG-1066:restrictedEntry')).toMatchObject({ active: false, acknowledged: true, state: 'suppressed' });
  });

  it('is suppressed, or taken out of service, at run time by alarm id or by source id', () => {
    const engine = engineFor();
    engine.setExternalCondition(manDown(true, 0));
    const oos = engine.setOutOfService('BDG-1001', false, 'wang.lei', 'badge under repair', 1_000);
    expect(oos.errors).toEqual([]);
    expect(oos.transitions.map((t) => [t.action, t.alarm.state, t.by, t.reason])).toEqual([['removeFromService', 'outOfService', 'wang.lei', 'badge under repair']]);
    expect(engine.alarms().map((a) => a.state)).toEqual(['outOfService']);
    engine.setOutOfService('BDG-1001:manDown', true, 'wang.lei', 'repaired', 2_000);
    const suppressed = engine.setDesignSuppression('BDG-1001:manDown', true, 3_000, 'shutdown');
    expect(suppressed.transitions.map((t) => [t.action, t.alarm.state, t.by])).toEqual([['suppress', 'suppressed', 'system']]);
  });

  it('latches when configured: stays active after clearing until acknowledged', () => {
    const engine = engineFor({ latching: { conditions: [{ condition: 'manDown' }] } });
    expect(engine.setExternalCondition(manDown(true, 0))[0]!.alarm.latched).toBe(true);
    expect(engine.setExternalCondition(manDown(false, 1_000))).toEqual([]);
    expect(engine.alarm('BDG-1001:manDown')).toMatchObject({ active: true, state: 'unacknowledged' });
    // Set active again while held by the latch: no new activation.
    expect(engine.setExternalCondition(manDown(true, 1_500))).toEqual([]);
    engine.setExternalCondition(manDown(false, 1_800));
    const reset = engine.command({ action: 'acknowledge', alarmIds: ['BDG-1001:manDown'] }, 'op', 2_000);
    expect(reset.transitions.map((t) => [t.action, t.alarm.state, t.reason])).toEqual([
      ['acknowledge', 'acknowledged', undefined],
      ['clear', 'normal', 'latch reset by acknowledgement'],
    ]);
  });

  it('counts in the KPIs like any annunciated alarm', () => {
    const engine = engineFor();
    const kpis = new AlarmKpiTracker({ startMs: 0 });
    const feed = (ts: AlarmTransition[]) => ts.forEach((t) => kpis.record(t));
    feed(engine.setExternalCondition(manDown(true, 1_000)));
    feed(engine.setExternalCondition(gathering(true, 2_000, 3)));
    feed(engine.setExternalCondition(manDown(true, 3_000)));
    const result = kpis.kpis(10_000, 600_000);
    expect(result).toMatchObject({ activeAlarms: 2, unacknowledgedAlarms: 2 });
    expect(result.topBadActors.map((b) => b.alarmId).sort()).toEqual(['BDG-1001:manDown', 'lpgZone:gathering']);
    expect(result.priorityMix).toMatchObject({ urgent: 0.5, high: 0.5 });
  });

  it('leaves the sensor markers alone', () => {
    const engine = engineFor();
    const gd = engine.sensorIndexOf('GD-T101-C1')!;
    engine.setExternalCondition(gathering(true, 0, 3));
    engine.setExternalCondition({ sourceId: 'BDG-1002', sourceKind: 'worker', condition: 'manDown', areaId: 'tankFarm', active: true, nowMs: 0 });
    expect(engine.sensorAlarmSummary(gd)).toEqual({ active: false, unacknowledged: false });
  });
});

describe('external conditions: priorities', () => {
  it('maps man-down to urgent, restricted entry and gathering to high', () => {
    expect(defaultAlarmPriority('manDown', undefined)).toBe('urgent');
    expect(defaultAlarmPriority('restrictedEntry', undefined)).toBe('high');
    expect(defaultAlarmPriority('gathering', undefined)).toBe('high');
  });

  it('lets priorityOverrides name an external alarm before it exists, without a warning', () => {
    const engine = engineFor({ priorityOverrides: { 'lpgZone:gathering': 'urgent', 'XX-9:high': 'low' }, latching: { alarmIds: ['BDG-1003:manDown'] } });
    expect(engine.configWarnings).toEqual(['priorityOverrides names unknown alarm "XX-9:high"']);
    expect(engine.setExternalCondition(gathering(true, 0, 3))[0]!.alarm.priority).toBe('urgent');
    expect(engine.setExternalCondition({ ...manDown(true, 0), sourceId: 'BDG-1003' })[0]!.alarm.latched).toBe(true);
  });
});
