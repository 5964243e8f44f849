import { isPointInPolygon, type DrillScenario, type Polygon, type Scene } from '../../contracts/index.js';
import type { AgentProfile, WorkerStart } from '../../evacuation/index.js';
import { Rng } from '../../simulator/index.js';

/** The day shift's hours (local time), the usual 12-hour pattern of a continuously manned plant. */
const DAY_SHIFT_FROM_H = 7;
const DAY_SHIFT_TO_H = 19;
/** Where people work: muster areas and confined spaces (entry by permit only) hold nobody at the alarm. */
const WORK_AREA_KINDS = new Set(['process', 'tankFarm', 'loading', 'warehouse', 'utility', 'admin', 'restricted', 'hazardous']);
const MAX_TRIES_PER_PERSON = 50;

export function shiftAt(timeOfDay: string): 'day' | 'night' {
  const hour = Number(timeOfDay.slice(0, 2));
  return hour >= DAY_SHIFT_FROM_H && hour < DAY_SHIFT_TO_H ? 'day' : 'night';
}

/**
 * The drill's people: the scenario's head count for the shift its time of day falls in, spread
 * (seeded) over the scene's work areas in proportion to their size; the first `injured` and then
 * `slower` of them get those profiles. Ids are DRILL-nnn so nobody mistakes them for real badges.
 */
export function drillPopulation(scene: Scene, scenario: DrillScenario): { workers: WorkerStart[]; profiles: Record<string, AgentProfile> } {
  const count = scenario.population[shiftAt(scenario.timeOfDay)];
  const areas = scene.areas.filter((a) => WORK_AREA_KINDS.has(a.kind));
  const polygons: Polygon[] = areas.length > 0 ? areas.map((a) => a.polygon) : [scene.site.boundary];
  const weights = polygons.map((p) => boundingArea(p));
  const total = weights.reduce((a, b) => a + b, 0);
  const rng = new Rng(scenario.seed, `drill.${scenario.id}.population`);
  const workers: WorkerStart[] = [];
  const profiles: Record<string, AgentProfile> = {};
  for (let n = 0; n < count; n++) {
    const polygon = pickWeighted(polygons, weights, total, rng);
    const point = pointIn(polygon, rng);
    const badgeId = `DRILL-${String(n + 1).padStart(3, '0')}`;
    workers.push({ badgeId, x: point[0], y: point[1] });
    if (n < scenario.profiles.injured) profiles[badgeId] = 'injured';
    else if (n < scenario.profiles.injured + scenario.profiles.slower) profiles[badgeId] = 'slower';
  }
  return { workers, profiles };
}

function boundingArea(polygon: Polygon): number {
  const xs = polygon.map((p) => p[0]);
  const ys = polygon.map((p) => p[1]);
  return Math.max(1, (Math.max(...xs) - Math.min(...xs)) * (Math.max(...ys) - Math.min(...ys)));
}

function pickWeighted(polygons: Polygon[], weights: number[], total: number, rng: Rng): Polygon {
  let r = rng.uniform() * total;
  for (let i = 0; i < polygons.length; i++) {
    r -= weights[i]!;
    if (r < 0) return polygons[i]!;
  }
  return polygons.at(-1)!;
}

/** Rejection sampling in the bounding box; the centre of the box when the polygon is a sliver. */
function pointIn(polygon: Polygon, rng: Rng): [number, number] {
  const xs = polygon.map((p) => p[0]);
  const ys = polygon.map((p) => p[1]);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  for (let k = 0; k < MAX_TRIES_PER_PERSON; k++) {
    const p: [number, number] = [rng.range(minX, maxX), rng.range(minY, maxY)];
    if (isPointInPolygon(p, polygon)) return p;
  }
  return [(minX + maxX) / 2, (minY + maxY) / 2];
}
