import { describe, expect, it } from 'vitest';
import type { Alarm } from '@contracts';
import { FloodMonitor, groupIncidents, INCIDENT_GAP_MS, nestSuperseded } from './alarmIncidents.js';
import { sortAlarms } from './alarmOrdering.js';

const MIN = 60_000;
const alarm = (alarmId: string, over: Partial<Alarm> = {}): Alarm => ({
  alarmId, sourceId: alarmId.split(':')[0]!, sourceKind: 'sensor', condition: (alarmId.split(':')[1] ?? 'high') as Alarm['condition'], priority: 'high', state: 'unacknowledged',
  active: true, acknowledged: false, suppressed: false, outOfService: false, latched: false, firstOut: false, raisedAtMs: 0, changedAtMs: 0, ...over,
});
const hh = (id: string, area: string, raisedAtMs: number) => alarm(`${id}:highHigh`, { priority: 'urgent', areaId: area, raisedAtMs });
const lower = (id: string, condition: 'high' | 'gasWarning', area: string, raisedAtMs: number) => alarm(`${id}:${condition}`, { condition, priority: condition === 'high' ? 'high' : 'medium', state: 'suppressed', suppressedBy: `${id}:highHigh`, areaId: area, raisedAtMs });

describe('superseded alarms nest under their high-high', () => {
  it('folds a detector H and pre-warning under its HH, and keeps an orphan (superseder filtered out) as its own row', () => {
    const alarms = [hh('GD-1', 'tankFarm', 3), lower('GD-1', 'high', 'tankFarm', 2), lower('GD-1', 'gasWarning', 'tankFarm', 1), lower('GD-2', 'high', 'tankFarm', 1)];
    const rows = nestSuperseded(sortAlarms(alarms, 'standard'));
    expect(rows.map((r) => [r.alarm.alarmId, r.superseded.map((a) => a.alarmId)])).toEqual([
      ['GD-1:highHigh', ['GD-1:high', 'GD-1:gasWarning']],
      ['GD-2:high', []],
    ]);
  });
});

describe('incidents: alarms grouped by area and time, people first', () => {
  const areaOf = (a: Alarm) => a.areaId;

  it('groups one area within the incident gap, splits after a quiet gap, and counts rows with the worst priority', () => {
    const alarms = [
      hh('GD-1', 'tankFarm', 0), lower('GD-1', 'high', 'tankFarm', 0), hh('GD-2', 'tankFarm', 2 * MIN), alarm('tankFarm:areaVoting', { sourceKind: 'area', condition: 'areaVoting', priority: 'urgent', areaId: 'tankFarm', raisedAtMs: 3 * MIN }),
      alarm('TT-9:high', { areaId: 'unit1', raisedAtMs: MIN, state: 'acknowledged', acknowledged: true }),
      // The same area again after a long quiet spell: a new incident.
      alarm('GD-7:high', { areaId: 'tankFarm', raisedAtMs: 3 * MIN + INCIDENT_GAP_MS + 1 }),
    ];
    const groups = groupIncidents(nestSuperseded(sortAlarms(alarms, 'standard')), areaOf);
    expect(groups.map((g) => [g.key, g.count, g.unacknowledged, g.worstPriority])).toEqual([
      ['tankFarm@0', 3, 3, 'urgent'],
      ['tankFarm@' + (3 * MIN + INCIDENT_GAP_MS + 1), 1, 1, 'high'],
      ['unit1@60000', 1, 0, 'high'],
    ]);
    // The HH keeps its superseded H inside the group's row.
    expect(groups[0]!.rows.find((r) => r.alarm.alarmId === 'GD-1:highHigh')!.superseded.map((a) => a.alarmId)).toEqual(['GD-1:high']);
  });

  it('pins alarms about people above any number of gas alarms, whatever their area', () => {
    const gas = Array.from({ length: 50 }, (_, i) => hh(`GD-${i}`, 'tankFarm', i * 1_000));
    const people = [
      alarm('B-17:restrictedEntry', { sourceKind: 'worker', condition: 'restrictedEntry', areaId: 'chlorineYard', raisedAtMs: 60_000 }),
      alarm('B-03:manDown', { sourceKind: 'worker', condition: 'manDown', priority: 'urgent', areaId: 'unit1', raisedAtMs: 1_000 }),
    ];
    const groups = groupIncidents(nestSuperseded(sortAlarms([...gas, ...people], 'standard')), areaOf);
    expect(groups[0]).toMatchObject({ key: 'people', kind: 'people', count: 2, worstPriority: 'urgent' });
    expect(groups[0]!.rows.map((r) => r.alarm.alarmId)).toEqual(['B-03:manDown', 'B-17:restrictedEntry']);
    expect(groups[1]).toMatchObject({ kind: 'incident', areaId: 'tankFarm', count: 50 });
  });
});

describe('flood indicator (EEMUA 191: more than 10 alarms in 10 minutes per operator position)', () => {
  it('counts presented activations over the trailing 10 minutes, each once, also after they left the list', () => {
    const monitor = new FloodMonitor();
    const ten = Array.from({ length: 10 }, (_, i) => hh(`GD-${i}`, 'tankFarm', i * 1_000));
    monitor.observe(ten);
    monitor.observe(ten); // the same activations again: no double count
    expect(monitor.count(20_000)).toBe(10);
    expect(monitor.inFlood(20_000)).toBe(false);
    // Superseded, shelved and out-of-service activations were never presented.
    monitor.observe([lower('GD-0', 'high', 'tankFarm', 11_000), alarm('X:high', { state: 'shelved', shelvedUntilMs: 1e9, raisedAtMs: 11_000 }), alarm('Y:high', { state: 'outOfService', outOfService: true, raisedAtMs: 11_000 })]);
    expect(monitor.inFlood(20_000)).toBe(false);
    monitor.observe([hh('GD-10', 'tankFarm', 12_000)]);
    expect(monitor.inFlood(20_000)).toBe(true);
    // A re-activation of the same alarm is a new activation.
    monitor.observe([hh('GD-10', 'tankFarm', 13_000)]);
    expect(monitor.count(20_000)).toBe(12);
    // Ten minutes after the first ones the window has moved on.
    expect(monitor.count(10 * MIN + 5_500)).toBe(6);
    expect(monitor.inFlood(10 * MIN + 5_500)).toBe(false);
  });

  it('on a replay seeked back, counts only the activations raised by the replayed instant', () => {
    const monitor = new FloodMonitor();
    monitor.observe(Array.from({ length: 12 }, (_, i) => hh(`GD-${i}`, 'tankFarm', 60_000 + i * 1_000)));
    expect(monitor.inFlood(80_000)).toBe(true);
    expect(monitor.count(30_000)).toBe(0);
    expect(monitor.count(65_000)).toBe(6);
  });

  it('scales with the operator positions sharing the plant', () => {
    const monitor = new FloodMonitor(2);
    monitor.observe(Array.from({ length: 15 }, (_, i) => hh(`GD-${i}`, 'tankFarm', 0)));
    expect(monitor.inFlood(1_000)).toBe(false);
  });
});
