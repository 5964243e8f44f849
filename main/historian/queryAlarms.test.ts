import { afterAll, describe, expect, it } from 'vitest';
import { historianTestEngines } from '../../tests/support/historianEngines.js';
import { AlarmConfigSchema } from '../alarms/alarmConfig.js';
import { AlarmKpiTracker, DAY_MS, STANDING_ALARM_AFTER_MS } from '../alarms/AlarmKpiTracker.js';
import { ALARM_PRIORITIES, deriveAlarmState, type Alarm, type AlarmAction, type AlarmPriority, type AlarmTransition } from '../contracts/index.js';
import { emptyBatch, type AlarmTransitionRow } from './historianBatch.js';
import { migrateHistorian } from './migrations.js';
import { shiftAt, shiftCalendar } from './plantShifts.js';
import { alarmHistoryCsv, queryAlarmHistory } from './queryAlarms.js';
import { CORE_START_ACTION, queryAlarmKpis } from './queryKpis.js';
import { SensorKeys, writeBatch } from './writeBatch.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
/** 2026-11-30 00:00 UTC: 08:00 in Shanghai (longitude 121.5° → UTC+8, the simulator's civil time). */
const T0 = Date.UTC(2026, 10, 30, 0, 0, 0);
const SHANGHAI_LONGITUDE_DEG = 121.5;
const shifts = shiftCalendar(AlarmConfigSchema.parse({}).shifts, SHANGHAI_LONGITUDE_DEG);

type Spec = { alarmId: string; sourceKind: Alarm['sourceKind']; areaId?: string; priority: AlarmPriority };
const SPECS: Spec[] = [
  { alarmId: 'GD-T101-C1:high', sourceKind: 'sensor', areaId: 'tank-farm', priority: 'high' },
  { alarmId: 'GD-T101-C2:highHigh', sourceKind: 'sensor', areaId: 'tank-farm', priority: 'urgent' },
  { alarmId: 'PT-201:low', sourceKind: 'sensor', areaId: 'process', priority: 'medium' },
  { alarmId: 'TT-301:high', sourceKind: 'sensor', areaId: 'process', priority: 'low' },
  // A worker's alarm names the badge, never the person (personal data rule).
  { alarmId: 'B-0042:manDown', sourceKind: 'worker', priority: 'high' },
];

/**
 * A day and a half of alarm life, through a small ISA-18.2 state machine written for the test: a
 * regular cycle per alarm (activate, acknowledge, clear), a chattering burst, a flood, an activation
 * while shelved (recorded, not annunciated) and one alarm left standing for over 24 hours.
 */
function alarmLife(): AlarmTransition[] {
  const alarms = new Map<string, Alarm>();
  const out: AlarmTransition[] = [];
  const change = (id: string, atMs: number, action: AlarmAction, flags: Partial<Alarm>, by = 'system') => {
    const spec = SPECS.find((s) => id.startsWith(s.alarmId))!;
    const before = alarms.get(id) ?? { alarmId: id, sourceId: id.split(':')[0]!, sourceKind: spec.sourceKind, ...(spec.areaId ? { areaId: spec.areaId } : {}), condition: spec.alarmId.split(':')[1] as Alarm['condition'], priority: spec.priority, state: 'normal', active: false, acknowledged: true, suppressed: false, outOfService: false, latched: false, firstOut: false, raisedAtMs: atMs, changedAtMs: atMs };
    const alarm: Alarm = { ...before, ...flags, changedAtMs: atMs };
    alarm.state = deriveAlarmState(alarm);
    alarms.set(id, alarm);
    out.push({ alarm: { ...alarm }, action, previousState: before.state, atMs, by });
  };
  const activate = (id: string, atMs: number) => change(id, atMs, 'activate', { active: true, acknowledged: false, raisedAtMs: atMs });
  const cycle = (id: string, atMs: number) => {
    activate(id, atMs);
    change(id, atMs + 2 * MIN, 'acknowledge', { acknowledged: true }, 'operator-li');
    change(id, atMs + 5 * MIN, 'clear', { active: false });
  };
  // Each alarm every 47 + 13·i minutes for 36 hours (crossing every shift boundary at varied minutes).
  SPECS.forEach((spec, i) => {
    if (spec.alarmId === 'GD-T101-C2:highHigh') return;
    for (let t = T0 + (3 + i) * MIN; t < T0 + 36 * HOUR; t += (47 + 13 * i) * MIN) cycle(spec.alarmId, t);
  });
  // Chattering: three activations of one alarm within 50 s.
  for (const s of [0, 20, 50]) activate('PT-201:low#chatter', T0 + 10 * HOUR + s * 1000);
  // A flood: 12 activations of the detector's high-high within 6 minutes.
  for (let k = 0; k < 12; k++) cycle(`GD-T101-C2:highHigh#${k}`, T0 + 20 * HOUR + k * 30_000);
  // Shelved: its activation is recorded but not annunciated, so not counted.
  change('TT-301:high#shelved', T0 + 12 * HOUR, 'shelve', { shelvedUntilMs: T0 + 20 * HOUR, shelvedBy: 'operator-li' }, 'operator-li');
  change('TT-301:high#shelved', T0 + 12 * HOUR + MIN, 'activate', { active: true, acknowledged: false, raisedAtMs: T0 + 12 * HOUR + MIN });
  // Standing: active (acknowledged) from hour 1, never cleared.
  activate('GD-T101-C1:high#standing', T0 + HOUR);
  change('GD-T101-C1:high#standing', T0 + HOUR + MIN, 'acknowledge', { acknowledged: true }, 'operator-li');
  // Latching: acknowledging resets it, 'acknowledge' and then 'clear' at the same millisecond.
  activate('TT-301:high#latched', T0 + 25 * HOUR);
  change('TT-301:high#latched', T0 + 26 * HOUR, 'acknowledge', { acknowledged: true }, 'operator-li');
  change('TT-301:high#latched', T0 + 26 * HOUR, 'clear', { active: false });
  return out.sort((a, b) => a.atMs - b.atMs);
}

const rowOf = (t: AlarmTransition): AlarmTransitionRow => ({ atMs: t.atMs, alarmId: t.alarm.alarmId, sourceId: t.alarm.sourceId, sourceKind: t.alarm.sourceKind, areaId: t.alarm.areaId ?? null, condition: t.alarm.condition, priority: t.alarm.priority, action: t.action, previousState: t.previousState, state: t.alarm.state, by: t.by, reason: t.reason ?? null });
const annunciated = (t: AlarmTransition) => t.action === 'activate' && t.alarm.state === 'unacknowledged';

/** The shift by the clock in Shanghai, read with Date (independent of plantShifts' arithmetic). */
function shanghaiShift(tMs: number): { shift: string; startMs: number } {
  const local = new Date(tMs + 8 * HOUR);
  const hour = local.getUTCHours();
  const startHour = hour >= 16 ? 16 : hour >= 8 ? 8 : 0;
  return { shift: `${String(startHour).padStart(2, '0')}:00`, startMs: Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate(), startHour) - 8 * HOUR };
}

describe('plant shifts', () => {
  it('places instants in the configured shifts in plant time, the night shift across midnight', () => {
    for (let t = T0 - DAY_MS; t < T0 + 2 * DAY_MS; t += 7 * MIN + 13_000) expect(shiftAt(t, shifts)).toEqual(shanghaiShift(t));
    // Two 12-hour shifts from 06:30 in India (UTC+5:30, configured).
    const india = shiftCalendar({ startsLocal: ['18:30', '06:30'], utcOffsetMinutes: 330 }, 0);
    expect(shiftAt(Date.UTC(2026, 0, 1, 1, 0), india)).toEqual({ shift: '06:30', startMs: Date.UTC(2026, 0, 1, 1, 0) });
    expect(shiftAt(Date.UTC(2026, 0, 1, 0, 59), india)).toEqual({ shift: '18:30', startMs: Date.UTC(2025, 11, 31, 13, 0) });
    // The alarm config refuses a start that is not HH:MM, and the same start twice.
    expect(AlarmConfigSchema.safeParse({ shifts: { startsLocal: ['8:00'] } }).success).toBe(false);
    expect(AlarmConfigSchema.safeParse({ shifts: { startsLocal: ['08:00', '08:00'] } }).success).toBe(false);
    expect(AlarmConfigSchema.parse({ shifts: { startsLocal: ['06:30', '18:30'] } }).shifts.startsLocal).toEqual(['06:30', '18:30']);
  });
});

describe.each(historianTestEngines())('alarm history and KPIs on $name', (engine) => {
  afterAll(() => engine.dispose());
  const life = alarmLife();

  async function filled(extraActions: { atMs: number; action: string }[] = []) {
    const historian = await (await engine.fresh()).open();
    await migrateHistorian(historian.db, historian.engine);
    const actions = extraActions.map((a) => ({ atMs: a.atMs, by: 'system', action: a.action, target: null, detailJson: null }));
    await writeBatch(historian.db, { ...emptyBatch(), alarms: life.map(rowOf), actions }, new SensorKeys());
    return historian;
  }

  it('returns the transitions of a range with filters, and counts of activations by priority, area and shift equal to an independent count', async () => {
    const historian = await filled();
    try {
      const fromMs = T0 + 2 * HOUR;
      const toMs = T0 + 30 * HOUR;
      const inRange = life.filter((t) => t.atMs >= fromMs && t.atMs < toMs);
      const all = await queryAlarmHistory(historian.db, { fromMs, toMs, limit: 100_000 }, shifts);
      expect(all.truncated).toBe(false);
      expect(all.transitions).toEqual(inRange.map(rowOf));

      const activations = inRange.filter(annunciated);
      expect(all.activations.total).toBe(activations.length);
      for (const p of ALARM_PRIORITIES) expect(all.activations.byPriority[p]).toBe(activations.filter((t) => t.alarm.priority === p).length);
      const areas = [...new Set(activations.map((t) => t.alarm.areaId ?? null))];
      expect(new Map(all.activations.byArea.map((a) => [a.areaId, a.activations]))).toEqual(new Map(areas.map((area) => [area, activations.filter((t) => (t.alarm.areaId ?? null) === area).length])));
      expect(all.activations.byArea.map((a) => a.activations)).toEqual([...all.activations.byArea.map((a) => a.activations)].sort((a, b) => b - a));
      for (const { shift, activations: n } of all.activations.byShift) expect(n).toBe(activations.filter((t) => shanghaiShift(t.atMs).shift === shift).length);
      expect(all.activations.byShift.map((s) => s.shift)).toEqual(['00:00', '08:00', '16:00']);
      const occurrences = new Map<number, number>();
      for (const t of activations) occurrences.set(shanghaiShift(t.atMs).startMs, (occurrences.get(shanghaiShift(t.atMs).startMs) ?? 0) + 1);
      expect(all.activations.perShift.map((s) => [s.startMs, s.activations])).toEqual([...occurrences].sort(([a], [b]) => a - b));
      expect(all.shiftUtcOffsetMinutes).toBe(480);

      // Filters: high and urgent alarms of the tank farm; then one worker's badge; then a condition.
      const tankFarm = await queryAlarmHistory(historian.db, { fromMs, toMs, limit: 100_000, priorities: ['high', 'urgent'], areas: ['tank-farm'] }, shifts);
      expect(tankFarm.transitions).toEqual(inRange.filter((t) => ['high', 'urgent'].includes(t.alarm.priority) && t.alarm.areaId === 'tank-farm').map(rowOf));
      expect(tankFarm.activations.total).toBe(activations.filter((t) => ['high', 'urgent'].includes(t.alarm.priority) && t.alarm.areaId === 'tank-farm').length);
      const badge = await queryAlarmHistory(historian.db, { fromMs, toMs, limit: 100_000, sources: ['B-0042'], conditions: ['manDown'] }, shifts);
      expect(badge.transitions.length).toBeGreaterThan(10);
      expect(new Set(badge.transitions.map((t) => `${t.sourceKind}:${t.sourceId}:${t.condition}`))).toEqual(new Set(['worker:B-0042:manDown']));

      // The limit cuts the list, never the counts.
      const first = await queryAlarmHistory(historian.db, { fromMs, toMs, limit: 5 }, shifts);
      expect(first.truncated).toBe(true);
      expect(first.transitions).toEqual(all.transitions.slice(0, 5));
      expect(first.activations).toEqual(all.activations);
    } finally {
      await historian.close();
    }
  });

  it('computes the KPIs of a stored day exactly as the live tracker fed the same transitions', async () => {
    const historian = await filled();
    try {
      const toMs = T0 + 30 * HOUR;
      const tracker = new AlarmKpiTracker({ startMs: T0 });
      for (const t of life) if (t.atMs <= toMs) tracker.record(t);
      const { fromMs, measuredFromMs, toMs: to, ...kpis } = await queryAlarmKpis(historian.db, { fromMs: toMs - DAY_MS, toMs, operatorPositions: 1 });
      expect([fromMs, measuredFromMs, to]).toEqual([toMs - DAY_MS, toMs - DAY_MS, toMs]);
      expect(kpis).toEqual(tracker.kpis(toMs, DAY_MS));
      // And what that day was, counted by hand: the flood, the chattering burst, the standing alarm.
      expect(kpis.floodPeriods.length).toBeGreaterThanOrEqual(1);
      for (const flood of kpis.floodPeriods) expect(flood.startMs >= T0 + 20 * HOUR && flood.endMs! <= T0 + 20 * HOUR + 20 * MIN).toBe(true);
      expect(kpis.floodPeriods[0]!.alarms).toBeGreaterThanOrEqual(11);
      expect(kpis.activeAlarms).toBe(2);
      expect(kpis.chatteringAlarms).toContain('PT-201:low#chatter');
      expect(kpis.standingAlarms).toBe(1);
      expect(toMs - (T0 + HOUR)).toBeGreaterThan(STANDING_ALARM_AFTER_MS);
    } finally {
      await historian.close();
    }
  });

  it('computes the KPIs of a period longer than any the live tracker keeps, counted independently', async () => {
    const historian = await filled();
    try {
      const fromMs = T0 - 10 * DAY_MS;
      const toMs = T0 + 36 * HOUR;
      const kpis = await queryAlarmKpis(historian.db, { fromMs, toMs, operatorPositions: 2 });
      // The history begins at the first stored transition: rates are over what was measured.
      const firstMs = life[0]!.atMs;
      expect(kpis.measuredFromMs).toBe(firstMs);
      expect(kpis.windowMs).toBe(toMs - fromMs);
      const activations = life.filter(annunciated);
      expect(kpis.alarmRatePer10Min).toBeCloseTo(activations.length / ((toMs - firstMs) / (10 * MIN)) / 2, 12);
      for (const p of ALARM_PRIORITIES) expect(kpis.priorityMix[p]).toBeCloseTo(activations.filter((t) => t.alarm.priority === p).length / activations.length, 12);
      // With two operator positions the flood threshold is 20: twelve in six minutes is no flood.
      expect(kpis.floodPeriods).toEqual([]);
      const perAlarm = new Map<string, number>();
      for (const t of activations) perAlarm.set(t.alarm.alarmId, (perAlarm.get(t.alarm.alarmId) ?? 0) + 1);
      const most = Math.max(...perAlarm.values());
      expect(kpis.topBadActors[0]).toEqual({ alarmId: [...perAlarm].find(([, n]) => n === most)![0], activations: most });
    } finally {
      await historian.close();
    }
  });

  it('ends the stored state of alarms left active at a core start (the engine starts with all in normal)', async () => {
    const historian = await filled([{ atMs: T0 + 2 * HOUR, action: CORE_START_ACTION }]);
    try {
      const toMs = T0 + 30 * HOUR;
      const kpis = await queryAlarmKpis(historian.db, { fromMs: toMs - DAY_MS, toMs, operatorPositions: 1 });
      expect(kpis.standingAlarms).toBe(0);
      // Still active: only the chattering alarm, raised after the start (without the start record: 2).
      expect(kpis.activeAlarms).toBe(1);
      // Activations before the start still count where they fall in the range.
      expect(kpis.alarmRatePer10Min).toBeGreaterThan(0);
    } finally {
      await historian.close();
    }
  });

  it('writes the transitions as CSV, free text a spreadsheet will not run as a formula', () => {
    const row = { ...rowOf(life[0]!), by: '=HYPERLINK("x")', reason: 'gauge, re-zeroed' };
    const lines = alarmHistoryCsv([row]).split('\r\n');
    expect(lines[0]).toBe('time_utc,alarm_id,source_id,source_kind,area_id,condition,priority,action,previous_state,state,by,reason');
    expect(lines[1]).toBe(`${new Date(row.atMs).toISOString()},${row.alarmId},${row.sourceId},${row.sourceKind},${row.areaId},${row.condition},${row.priority},${row.action},${row.previousState},${row.state},"'=HYPERLINK(""x"")","gauge, re-zeroed"`);
  });
});
