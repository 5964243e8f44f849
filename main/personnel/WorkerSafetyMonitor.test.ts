import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SceneSchema, type AlarmTransition, type Scene, type WorkerPosition } from '../contracts/index.js';
import { AlarmConfigSchema, AlarmEngine } from '../alarms/index.js';
import { defaultWorkerSafetyConfig, WorkerSafetyConfigSchema, type WorkerSafetyConfigInput } from './workerSafetyConfig.js';
import { WorkerSafetyMonitor, type WorkerSafetyCondition, type WorkerSafetyConditions } from './WorkerSafetyMonitor.js';

/*
 * Demo plant geometry used here (plant metres): admin 15–110 × 15–70 (not watched for gathering);
 * unit2 (process) 120–200 × 165–275; tankFarm 215–390 × 165–290 holding lpgZone (hazardous)
 * 220–300 × 235–285, chlorineYard (restricted) 330–385 × 170–205 and valvePit (confined space)
 * 300–308 × 168–174; the site is 0–400 × 0–300.
 */
const demo: Scene = SceneSchema.parse(JSON.parse(readFileSync(new URL('../../scenes/demo-plant/scene.json', import.meta.url), 'utf8')));
/** The rule tests use a 60 s man-down time (the default is 300 s, see workerSafetyConfig.ts). */
const monitorFor = (config: WorkerSafetyConfigInput = {}, startMs = 0) => new WorkerSafetyMonitor(demo, WorkerSafetyConfigSchema.parse({ manDownAfterS: 60, ...config }), startMs);
const at = (badgeId: string, x: number, y: number, tsMs: number, floor = 0): WorkerPosition => ({ badgeId, x, y, floor, tsMs });
const find = (conditions: WorkerSafetyConditions, sourceId: string, condition: WorkerSafetyCondition['condition']) =>
  conditions.find((c) => c.sourceId === sourceId && c.condition === condition);
const activeIds = (conditions: WorkerSafetyConditions) => conditions.filter((c) => c.active).map((c) => `${c.sourceId}:${c.condition}`);

/**
 * Badges report every stepMs from fromMs to toMs inclusive, where `where` says (undefined: no
 * report), each step followed by an evaluate as the live hub's 1 s tick would. Returns the last.
 */
function run(monitor: WorkerSafetyMonitor, badgeIds: readonly string[], fromMs: number, toMs: number, where: (badgeId: string, tMs: number) => [number, number] | undefined, stepMs = 1_000): WorkerSafetyConditions {
  let last: WorkerSafetyConditions = [];
  for (let t = fromMs; t <= toMs; t += stepMs) {
    for (const badgeId of badgeIds) {
      const xy = where(badgeId, t);
      if (xy) monitor.update(at(badgeId, xy[0], xy[1], t), t);
    }
    last = monitor.evaluate(t);
  }
  return last;
}

const OPERATOR = 'BDG-1001';
const MAINTENANCE = 'BDG-1027';
const CONTRACTOR = 'BDG-1045';

describe('configuration', () => {
  it('has the documented defaults and refuses unknown keys and groups of one', () => {
    expect(defaultWorkerSafetyConfig()).toEqual({
      staleAfterMs: 30_000,
      manDownRadiusM: 1,
      manDownAfterS: 300,
      restrictedAreaKinds: ['restricted', 'confinedSpace'],
      restrictedAreaAuthorizedRoles: {},
      gatheringAreaKinds: ['hazardous', 'tankFarm', 'process'],
      gatheringRadiusM: 15,
      gatheringMinPersons: 3,
      gatheringMinPersonsByArea: {},
      gatheringAfterS: 60,
    });
    expect(WorkerSafetyConfigSchema.safeParse({ manDownAfterSeconds: 30 }).success).toBe(false);
    expect(WorkerSafetyConfigSchema.safeParse({ gatheringMinPersons: 1 }).success).toBe(false);
    expect(WorkerSafetyConfigSchema.safeParse({ restrictedAreaAuthorizedRoles: { chlorineYard: ['boss'] } }).success).toBe(false);
  });

  it('warns about per-area entries that name no suitable area', () => {
    const monitor = monitorFor({ restrictedAreaAuthorizedRoles: { chlorineYard: ['maintenance'], unit1: ['operator'] }, gatheringMinPersonsByArea: { lpgZone: 4, nowhere: 5 } });
    expect(monitor.configWarnings).toEqual([
      'restrictedAreaAuthorizedRoles names "unit1", which is not an area of kind restricted/confinedSpace',
      'gatheringMinPersonsByArea names "nowhere", which is not an area of kind hazardous/tankFarm/process',
    ]);
    expect(monitorFor().configWarnings).toEqual([]);
  });
});

describe('man-down (静止报警)', () => {
  it('raises after 60 s within 1 m, not at 59 s, with the time and the innermost area', () => {
    const monitor = monitorFor();
    const before = run(monitor, [OPERATOR], 0, 59_000, () => [160, 200]);
    expect(find(before, OPERATOR, 'manDown')).toMatchObject({ active: false, areaId: 'unit2' });
    const after = run(monitor, [OPERATOR], 60_000, 60_000, () => [160, 200]);
    expect(find(after, OPERATOR, 'manDown')).toEqual({
      sourceId: OPERATOR,
      sourceKind: 'worker',
      condition: 'manDown',
      areaId: 'unit2',
      active: true,
      value: 60,
      unit: 's',
      reason: 'no movement beyond 1 m for 60 s',
      reasonCode: { code: 'manDownStill', params: { radiusM: 1, stillS: 60 } },
    });
  });

  it('ignores jitter within the radius', () => {
    const monitor = monitorFor();
    // ±0.35 m of positioning noise around a worker lying at (160, 200): at most 0.79 m from the first fix.
    const jitter = (t: number): [number, number] => [160 + 0.35 * Math.sin(t / 700), 200 + 0.35 * Math.cos(t / 1_300)];
    expect(find(run(monitor, [OPERATOR], 0, 60_000, (_, t) => jitter(t)), OPERATOR, 'manDown')!.active).toBe(true);
  });

  it('counts someone moving about as moving, even slowly, and a floor change as movement', () => {
    const walking = monitorFor();
    // 0.5 m every 20 s: at 60 s the badge is 1.5 m from where it stood, so the clock restarted at 60 s.
    expect(find(run(walking, [OPERATOR], 0, 100_000, (_, t) => [160 + 0.5 * Math.floor(t / 20_000), 200]), OPERATOR, 'manDown')!.active).toBe(false);

    const climbing = monitorFor();
    for (let t = 0; t <= 40_000; t += 5_000) climbing.update(at(OPERATOR, 160, 200, t, 0), t);
    for (let t = 45_000; t <= 70_000; t += 5_000) climbing.update(at(OPERATOR, 160, 200, t, 1), t);
    expect(find(climbing.evaluate(70_000), OPERATOR, 'manDown')!.active).toBe(false);
    for (let t = 75_000; t <= 105_000; t += 5_000) climbing.update(at(OPERATOR, 160, 200, t, 1), t);
    expect(find(climbing.evaluate(104_000), OPERATOR, 'manDown')!.active).toBe(false);
    expect(find(climbing.evaluate(105_000), OPERATOR, 'manDown')!.active).toBe(true);
  });

  it('clears when the badge moves beyond the radius, and needs another 60 s still to raise again', () => {
    const monitor = monitorFor();
    expect(activeIds(run(monitor, [OPERATOR], 0, 60_000, () => [160, 200]))).toEqual([`${OPERATOR}:manDown`]);
    const moved = run(monitor, [OPERATOR], 61_000, 61_000, () => [161.2, 200]);
    expect(find(moved, OPERATOR, 'manDown')).toMatchObject({ active: false });
    expect(find(moved, OPERATOR, 'manDown')!.value).toBeUndefined();
    expect(find(run(monitor, [OPERATOR], 62_000, 120_000, () => [161.2, 200]), OPERATOR, 'manDown')!.active).toBe(false);
    expect(find(run(monitor, [OPERATOR], 121_000, 121_000, () => [161.2, 200]), OPERATOR, 'manDown')!.active).toBe(true);
  });

  it('applies a configured radius and time', () => {
    const monitor = monitorFor({ manDownRadiusM: 3, manDownAfterS: 30 });
    expect(find(run(monitor, [OPERATOR], 0, 30_000, (_, t) => [160 + (t % 2_000 === 0 ? 2.5 : 0), 200]), OPERATOR, 'manDown')!.active).toBe(true);
  });

  it('does not judge a badge outside the site boundary', () => {
    const monitor = monitorFor();
    const outside = run(monitor, [OPERATOR], 0, 120_000, () => [-20, 150]);
    expect(find(outside, OPERATOR, 'manDown')!.active).toBe(false);
    expect(monitor.onSite()).toBe(0);
  });

  it('ignores out-of-order positions', () => {
    const monitor = monitorFor();
    run(monitor, [OPERATOR], 0, 60_000, () => [160, 200]);
    // A late report from 10 s ago, from where the badge was before: not a movement.
    monitor.update(at(OPERATOR, 150, 200, 50_000), 60_500);
    expect(find(monitor.evaluate(61_000), OPERATOR, 'manDown')!.active).toBe(true);
  });
});

describe('stale positions', () => {
  it('reports a badge silent for more than 30 s inactive once, then forgets it', () => {
    const monitor = monitorFor();
    run(monitor, [OPERATOR], 0, 60_000, () => [350, 190]);
    expect(activeIds(monitor.evaluate(90_000))).toEqual([`${OPERATOR}:manDown`, `${OPERATOR}:restrictedEntry`]);
    const gone = monitor.evaluate(90_001);
    expect(gone.filter((c) => c.sourceId === OPERATOR)).toEqual([
      { sourceId: OPERATOR, sourceKind: 'worker', condition: 'manDown', active: false },
      { sourceId: OPERATOR, sourceKind: 'worker', condition: 'restrictedEntry', active: false },
    ]);
    expect(monitor.evaluate(91_000).filter((c) => c.sourceId === OPERATOR)).toEqual([]);
    expect(monitor.onSite()).toBe(0);
  });

  it('ignores a position already stale when it arrives, and restarts the stillness clock after a gap', () => {
    const monitor = monitorFor();
    monitor.update(at(OPERATOR, 160, 200, 0), 31_000);
    expect(monitor.evaluate(31_000)).not.toContainEqual(expect.objectContaining({ sourceId: OPERATOR }));
    monitor.update(at(OPERATOR, 160, 200, 40_000), 40_000);
    // 45 s silent: nothing is known about the time between, so the badge counts as still only from 85 s.
    for (let t = 85_000; t <= 145_000; t += 5_000) monitor.update(at(OPERATOR, 160, 200, t), t);
    expect(find(monitor.evaluate(144_999), OPERATOR, 'manDown')!.active).toBe(false);
    expect(find(monitor.evaluate(145_000), OPERATOR, 'manDown')!.active).toBe(true);
  });
});

describe('restricted entry (闯入禁入区)', () => {
  it('raises for a badge inside the restricted area and clears when it leaves', () => {
    const monitor = monitorFor();
    monitor.update(at(CONTRACTOR, 325, 190, 0), 0);
    expect(find(monitor.evaluate(0), CONTRACTOR, 'restrictedEntry')).toEqual({ sourceId: CONTRACTOR, sourceKind: 'worker', condition: 'restrictedEntry', active: false });
    monitor.update(at(CONTRACTOR, 335, 190, 1_000), 1_000);
    expect(find(monitor.evaluate(1_000), CONTRACTOR, 'restrictedEntry')).toEqual({
      sourceId: CONTRACTOR,
      sourceKind: 'worker',
      condition: 'restrictedEntry',
      areaId: 'chlorineYard',
      active: true,
      reason: 'contractor not authorized in restricted area chlorineYard',
      reasonCode: { code: 'restrictedEntry', params: { role: 'contractor', areaId: 'chlorineYard' } },
    });
    monitor.update(at(CONTRACTOR, 325, 190, 2_000), 2_000);
    expect(find(monitor.evaluate(2_000), CONTRACTOR, 'restrictedEntry')!.active).toBe(false);
  });

  it('covers confined spaces and badges missing from the personnel list', () => {
    const monitor = monitorFor();
    monitor.update(at(OPERATOR, 304, 171, 0), 0);
    monitor.update(at('BDG-9999', 360, 200, 0), 0);
    const conditions = monitor.evaluate(0);
    expect(find(conditions, OPERATOR, 'restrictedEntry')).toMatchObject({ active: true, areaId: 'valvePit' });
    expect(find(conditions, 'BDG-9999', 'restrictedEntry')).toMatchObject({ active: true, areaId: 'chlorineYard', reason: 'unregistered badge not authorized in restricted area chlorineYard' });
  });

  it('exempts the roles authorized for that area only', () => {
    const monitor = monitorFor({ restrictedAreaAuthorizedRoles: { chlorineYard: ['maintenance', 'security'] } });
    for (const badge of [OPERATOR, MAINTENANCE]) monitor.update(at(badge, 350, 190, 0), 0);
    monitor.update(at('BDG-1028', 304, 171, 0), 0);
    const conditions = monitor.evaluate(0);
    expect(find(conditions, MAINTENANCE, 'restrictedEntry')!.active).toBe(false);
    expect(find(conditions, OPERATOR, 'restrictedEntry')!.active).toBe(true);
    // Maintenance is not authorized in the valve pit.
    expect(find(conditions, 'BDG-1028', 'restrictedEntry')).toMatchObject({ active: true, areaId: 'valvePit' });
  });
});

describe('gathering (人员聚集预警)', () => {
  const TRIO = ['BDG-1001', 'BDG-1002', 'BDG-1003'];
  /** Three people on a line in unit2, `spacingM` apart. */
  const line = (spacingM: number) => (badgeId: string): [number, number] => [140 + TRIO.indexOf(badgeId) * spacingM, 200];

  it('raises for 3 people chained 14 m apart (28 m end to end) after 60 s, on the area', () => {
    const monitor = monitorFor();
    expect(find(run(monitor, TRIO, 0, 59_000, line(14)), 'unit2', 'gathering')).toEqual({ sourceId: 'unit2', sourceKind: 'area', condition: 'gathering', areaId: 'unit2', active: false, value: 3 });
    expect(find(run(monitor, TRIO, 60_000, 60_000, line(14)), 'unit2', 'gathering')).toEqual({
      sourceId: 'unit2',
      sourceKind: 'area',
      condition: 'gathering',
      areaId: 'unit2',
      active: true,
      value: 3,
      reason: '3 people within 15 m of each other for 60 s (limit 3)',
      reasonCode: { code: 'gathering', params: { persons: 3, radiusM: 15, forS: 60, limit: 3 } },
    });
  });

  it('does not group people 16 m apart', () => {
    const monitor = monitorFor();
    expect(find(run(monitor, TRIO, 0, 120_000, line(16)), 'unit2', 'gathering')).toMatchObject({ active: false, value: 1 });
  });

  it('does not count 2 people as a gathering, however close and long', () => {
    const monitor = monitorFor();
    expect(find(run(monitor, TRIO.slice(0, 2), 0, 300_000, line(1)), 'unit2', 'gathering')).toMatchObject({ active: false, value: 2 });
  });

  it('needs the group to persist without interruption; it clears when the group breaks up', () => {
    const monitor = monitorFor();
    // The third person steps 30 m away from 30 s to 39 s: the clock restarts when they are back at 40 s.
    const away = (badgeId: string, t: number): [number, number] => (badgeId === 'BDG-1003' && t >= 30_000 && t < 40_000 ? [190, 260] : line(5)(badgeId));
    expect(find(run(monitor, TRIO, 0, 99_000, away), 'unit2', 'gathering')!.active).toBe(false);
    expect(find(run(monitor, TRIO, 100_000, 100_000, away), 'unit2', 'gathering')!.active).toBe(true);
    const apart = run(monitor, TRIO, 101_000, 101_000, line(20));
    expect(find(apart, 'unit2', 'gathering')).toMatchObject({ active: false, value: 1 });
  });

  it('ignores areas not watched for gathering', () => {
    const monitor = monitorFor();
    const conditions = run(monitor, TRIO, 0, 120_000, (badgeId) => [50 + TRIO.indexOf(badgeId), 40]);
    const gatherings = conditions.filter((c) => c.condition === 'gathering');
    expect(gatherings.map((c) => c.sourceId).sort()).toEqual(['lpgZone', 'tankFarm', 'unit1', 'unit1Zone1', 'unit2']);
    expect(activeIds(gatherings)).toEqual([]);
    expect(monitor.headCount().admin).toBe(3);
  });

  it('judges a hazardous zone and the tank farm around it each on its own', () => {
    const monitor = monitorFor();
    const conditions = run(monitor, TRIO, 0, 60_000, (badgeId) => [250 + 3 * TRIO.indexOf(badgeId), 250]);
    expect(activeIds(conditions).filter((id) => id.endsWith(':gathering'))).toEqual(['tankFarm:gathering', 'lpgZone:gathering']);
  });

  it('takes the per-area person limit and the configured radius', () => {
    const monitor = monitorFor({ gatheringMinPersonsByArea: { unit2: 4 }, gatheringRadiusM: 20 });
    const four = [...TRIO, 'BDG-1004'];
    const conditions = run(monitor, four, 0, 60_000, (badgeId) => (badgeId === 'BDG-1004' ? [140, 230] : line(18)(badgeId)));
    // BDG-1004 is 30 m from the nearest: a group of 3 at 18 m spacing, under unit2's limit of 4.
    expect(find(conditions, 'unit2', 'gathering')).toMatchObject({ active: false, value: 3 });
    const joined = run(monitor, four, 61_000, 121_000, (badgeId) => (badgeId === 'BDG-1004' ? [140, 215] : line(18)(badgeId)));
    expect(find(joined, 'unit2', 'gathering')).toMatchObject({ active: true, value: 4, reason: '4 people within 20 m of each other for 60 s (limit 4)' });
  });

  it('does not count stale badges', () => {
    const monitor = monitorFor();
    // The third badge's last report is at 0 s.
    const conditions = run(monitor, TRIO, 0, 90_000, (badgeId, t) => (badgeId === 'BDG-1003' && t > 0 ? undefined : line(5)(badgeId)));
    expect(find(conditions, 'unit2', 'gathering')).toMatchObject({ active: false, value: 2 });
  });
});

describe('head counts', () => {
  it('counts fresh badges per area (nested areas each count), and on site', () => {
    const monitor = monitorFor({}, 1_000);
    monitor.update(at('BDG-1001', 150, 200, 1_000), 1_000);
    monitor.update(at('BDG-1002', 160, 210, 1_000), 1_000);
    monitor.update(at('BDG-1003', 250, 250, 1_000), 1_000);
    monitor.update(at('BDG-1004', 50, 40, 1_000), 1_000);
    monitor.update(at('BDG-1005', 410, 40, 1_000), 1_000);
    monitor.update(at('BDG-1006', 60, 50, 1_000), 1_000);
    const counts = monitor.headCount();
    expect(Object.keys(counts).sort()).toEqual(demo.areas.map((a) => a.id).sort());
    expect(counts).toMatchObject({ unit2: 2, tankFarm: 1, lpgZone: 1, admin: 2, unit1: 0, chlorineYard: 0 });
    expect(monitor.onSite()).toBe(5);
    // BDG-1006 stops reporting; the others report on.
    for (const badge of ['BDG-1001', 'BDG-1002', 'BDG-1003', 'BDG-1004', 'BDG-1005']) monitor.update(at(badge, 150, 200, 20_000), 32_000);
    expect(monitor.headCount()).toMatchObject({ unit2: 5, admin: 0 });
    expect(monitor.onSite()).toBe(5);
    expect(monitor.onSite(31_000)).toBe(6);
    expect(monitor.headCount(61_000)).toMatchObject({ unit2: 0 });
  });
});

describe('with the alarm engine', () => {
  it('feeds the engine every tick without diffing: one activation, one clear', () => {
    const monitor = monitorFor();
    const engine = new AlarmEngine(demo, AlarmConfigSchema.parse({}), 0);
    const transitions: AlarmTransition[] = [];
    for (let t = 0; t <= 120_000; t += 1_000) {
      // Lies still in the chlorine yard for 90 s, then gets up and walks out.
      monitor.update(at(CONTRACTOR, t < 90_000 ? 350 : 320, 190, t), t);
      for (const condition of monitor.evaluate(t)) transitions.push(...engine.setExternalCondition({ ...condition, nowMs: t }));
    }
    expect(transitions.map((t) => [t.action, t.alarm.alarmId, t.alarm.priority, t.atMs, t.alarm.areaId])).toEqual([
      ['activate', `${CONTRACTOR}:restrictedEntry`, 'high', 0, 'chlorineYard'],
      ['activate', `${CONTRACTOR}:manDown`, 'urgent', 60_000, 'chlorineYard'],
      ['clear', `${CONTRACTOR}:manDown`, 'urgent', 90_000, 'chlorineYard'],
      ['clear', `${CONTRACTOR}:restrictedEntry`, 'high', 90_000, 'chlorineYard'],
    ]);
    expect(engine.alarms().map((a) => [a.alarmId, a.state])).toEqual([
      [`${CONTRACTOR}:manDown`, 'returnedUnacknowledged'],
      [`${CONTRACTOR}:restrictedEntry`, 'returnedUnacknowledged'],
    ]);
  });
});

describe('man-down during an evacuation (state-based suppression)', () => {
  it('does not raise man-down for people standing at a muster point while a live evacuation is active, and counts anew after it', () => {
    const monitor = monitorFor({ manDownAfterS: 60 });
    // MP-1 is at (30, 100), radius 12 m: one badge stands at it, one stands still elsewhere.
    const where = (badgeId: string): [number, number] => (badgeId === OPERATOR ? [32, 101] : [160, 200]);
    monitor.setEvacuationActive(true);
    const during = run(monitor, [OPERATOR, MAINTENANCE], 0, 180_000, where);
    expect(find(during, OPERATOR, 'manDown')!.active).toBe(false);
    // Away from the muster points man-down is unchanged: someone lying still in the plant is still found.
    expect(find(during, MAINTENANCE, 'manDown')!.active).toBe(true);
    monitor.setEvacuationActive(false);
    // Stood down: the stillness timer starts now, not when the person reached the muster point.
    expect(find(run(monitor, [OPERATOR], 181_000, 230_000, where), OPERATOR, 'manDown')!.active).toBe(false);
    expect(find(run(monitor, [OPERATOR], 231_000, 245_000, where), OPERATOR, 'manDown')!.active).toBe(true);
  });
});
