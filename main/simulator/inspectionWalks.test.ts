import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SceneSchema, type Point2 } from '../contracts/index.js';
import { PlantSimulation } from './PlantSimulation.js';

const scene = SceneSchema.parse(JSON.parse(readFileSync(new URL('../../scenes/demo-plant/scene.json', import.meta.url), 'utf8')));
/** The demo's inspection plans and who walks each (scenes/demo-plant/demo-hazards.json): the checkpoints are the real ones. */
type DemoPlan = { inspector: { badgeId: string }; plan: { id: string; checkpoints: { point: Point2 }[] } };
const demoPlans = (JSON.parse(readFileSync(new URL('../../scenes/demo-plant/demo-hazards.json', import.meta.url), 'utf8')) as { inspectionPlans: DemoPlan[] }).inspectionPlans;
const planOf = (id: string) => demoPlans.find((p) => p.plan.id === id)!;

const MINUTE_MS = 60_000;
/** A badge check-in counts within 5 m of the checkpoint (main/hazards hazardsConfig checkInRadiusM). */
const CHECK_IN_RADIUS_M = 5;
/** 09:00 local (UTC+8) on 2 March 2026: 张平 (BDG-1008) works the morning shift, 高洋 (BDG-1029) the day, 黄军 (BDG-1009) comes at 16:00. */
const MARCH_2_9AM = Date.UTC(2026, 2, 2, 1, 0, 0);
/** 09:00 local on 8 March 2026: 黄军 on the morning shift. */
const MARCH_8_9AM = Date.UTC(2026, 2, 8, 1, 0, 0);
/** 02:00 local on 2 March 2026: the day workers (高洋) are at home. */
const MARCH_2_2AM = Date.UTC(2026, 2, 1, 18, 0, 0);

type Visit = { checkpoint: number; fromMs: number; toMs: number };

/** Steps the simulation a second at a time and records each stay of the badge within the check-in radius of a checkpoint. */
function walkAndWatch(sim: PlantSimulation, badgeId: string, checkpoints: readonly Point2[], fromMs: number, toMs: number) {
  const visits: Visit[] = [];
  let maxStepM = 0;
  let previous: Point2 | undefined;
  let doneAtMs: number | undefined;
  for (let t = fromMs; t <= toMs; t += 1_000) {
    const me = sim.step(t).workers.find((w) => w.badgeId === badgeId);
    if (!me) throw new Error(`${badgeId} left the site at ${new Date(t).toISOString()}`);
    const at: Point2 = [me.x, me.y];
    if (previous) maxStepM = Math.max(maxStepM, Math.hypot(at[0] - previous[0], at[1] - previous[1]));
    previous = at;
    checkpoints.forEach((point, checkpoint) => {
      if (Math.hypot(at[0] - point[0], at[1] - point[1]) > CHECK_IN_RADIUS_M) return;
      const last = visits.at(-1);
      if (last?.checkpoint === checkpoint && last.toMs === t - 1_000) last.toMs = t;
      else visits.push({ checkpoint, fromMs: t, toMs: t });
    });
    if (doneAtMs === undefined && sim.inspectionWalks().some((w) => w.badgeId === badgeId && w.state === 'done')) doneAtMs = t;
  }
  return { visits, maxStepM, doneAtMs, lastPosition: previous! };
}

describe('inspection walks in the simulated plant (issue 18 item 6)', () => {
  it.each([
    ['XJ-A-01', MARCH_2_9AM],
    ['XJ-B-01', MARCH_8_9AM],
    ['XJ-C-01', MARCH_2_9AM],
  ])("the inspector of %s walks every checkpoint in order at walking pace, stands within the check-in radius 2–3 min at each, then goes back to their day", (planId, startMs) => {
    const { inspector, plan } = planOf(planId);
    const checkpoints = plan.checkpoints.map((c) => c.point);
    const sim = new PlantSimulation(scene, 11, startMs);
    expect(sim.step(startMs).workers.some((w) => w.badgeId === inspector.badgeId)).toBe(true);
    sim.setInspectionWalks([{ id: `${planId}.walk`, badgeId: inspector.badgeId, checkpoints }], startMs);
    expect(sim.inspectionWalks()).toEqual([{ id: `${planId}.walk`, badgeId: inspector.badgeId, state: 'waiting', checkpointIndex: 0 }]);
    const { visits, maxStepM, doneAtMs } = walkAndWatch(sim, inspector.badgeId, checkpoints, startMs, startMs + 75 * MINUTE_MS);
    // Stays of a minute or more (passing a checkpoint on the road to another is a few seconds): one per checkpoint, in order.
    const stays = visits.filter((v) => v.toMs - v.fromMs >= MINUTE_MS);
    expect(stays.map((v) => v.checkpoint)).toEqual(checkpoints.map((_, i) => i));
    for (const stay of stays) {
      expect(stay.toMs - stay.fromMs).toBeGreaterThanOrEqual(2 * MINUTE_MS - 1_000);
      expect(stay.toMs - stay.fromMs).toBeLessThanOrEqual(3 * MINUTE_MS + 20_000); // the dwell, plus the last metres in and the first out
    }
    // At walking pace (1.2–1.4 m/s), never a jump.
    expect(maxStepM).toBeLessThanOrEqual(1.41);
    expect(doneAtMs).toBeDefined();
    expect(doneAtMs! - stays.at(-1)!.toMs).toBeLessThanOrEqual(10_000);
    expect(sim.inspectionWalks()[0]).toMatchObject({ state: 'done' });
    // Back to the day's work: within half an hour they have left the last checkpoint.
    const after = walkAndWatch(sim, inspector.badgeId, checkpoints, startMs + 75 * MINUTE_MS + 1_000, startMs + 105 * MINUTE_MS);
    const last = checkpoints.at(-1)!;
    expect(Math.hypot(after.lastPosition[0] - last[0], after.lastPosition[1] - last[1])).toBeGreaterThan(CHECK_IN_RADIUS_M);
  });

  it('a walk called off is left where the inspector is: they stand at no further checkpoint and go back to their day', () => {
    const { inspector, plan } = planOf('XJ-A-01');
    const checkpoints = plan.checkpoints.map((c) => c.point);
    const sim = new PlantSimulation(scene, 11, MARCH_2_9AM);
    sim.setInspectionWalks([{ id: 'A.walk', badgeId: inspector.badgeId, checkpoints }], MARCH_2_9AM);
    const first = walkAndWatch(sim, inspector.badgeId, checkpoints, MARCH_2_9AM, MARCH_2_9AM + 15 * MINUTE_MS);
    const reached = new Set(first.visits.filter((v) => v.toMs - v.fromMs >= MINUTE_MS).map((v) => v.checkpoint));
    expect(reached.has(0)).toBe(true);
    expect(reached.size).toBeLessThan(checkpoints.length);
    sim.setInspectionWalks([], MARCH_2_9AM + 15 * MINUTE_MS);
    expect(sim.inspectionWalks()).toEqual([]);
    const later = walkAndWatch(sim, inspector.badgeId, checkpoints, MARCH_2_9AM + 15 * MINUTE_MS + 1_000, MARCH_2_9AM + 45 * MINUTE_MS);
    const stoodAt = later.visits.filter((v) => v.toMs - v.fromMs >= 2 * MINUTE_MS && !reached.has(v.checkpoint)).map((v) => v.checkpoint);
    expect(stoodAt).toEqual([]);
  });

  it('a walk of someone off shift waits for their shift: 高洋 walks it when he comes in at eight', () => {
    const { inspector, plan } = planOf('XJ-C-01');
    const checkpoints = plan.checkpoints.map((c) => c.point);
    const sim = new PlantSimulation(scene, 11, MARCH_2_2AM);
    sim.setInspectionWalks([{ id: 'C.walk', badgeId: inspector.badgeId, checkpoints }], MARCH_2_2AM);
    // 07:40 local, still at home (day work from 08:00, within a quarter of an hour either side).
    const beforeShift = MARCH_2_2AM + 5 * 60 * MINUTE_MS + 40 * MINUTE_MS;
    expect(sim.step(beforeShift).workers.some((w) => w.badgeId === inspector.badgeId)).toBe(false);
    expect(sim.inspectionWalks()[0]).toMatchObject({ state: 'waiting' });
    let arrivedMs: number | undefined;
    for (let t = beforeShift; arrivedMs === undefined && t <= beforeShift + 40 * MINUTE_MS; t += 1_000) if (sim.step(t).workers.some((w) => w.badgeId === inspector.badgeId)) arrivedMs = t;
    expect(arrivedMs).toBeDefined();
    const { visits, doneAtMs } = walkAndWatch(sim, inspector.badgeId, checkpoints, arrivedMs!, arrivedMs! + 60 * MINUTE_MS);
    expect(visits.filter((v) => v.toMs - v.fromMs >= MINUTE_MS).map((v) => v.checkpoint)).toEqual(checkpoints.map((_, i) => i));
    expect(doneAtMs).toBeDefined();
  });
});
