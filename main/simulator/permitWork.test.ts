import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isPointInPolygon, SceneSchema, type Point2 } from '../contracts/index.js';
import { PermitZone } from '../permits/index.js';
import { PlantSimulation } from './PlantSimulation.js';
import type { PermitWorkSite } from './WorkerSimulation.js';

const scene = SceneSchema.parse(JSON.parse(readFileSync(new URL('../../scenes/demo-plant/scene.json', import.meta.url), 'utf8')));
/** 02:00 local (UTC+8) on 16 July 2025: the contractors and maintenance crews are off shift. */
const NIGHT = Date.UTC(2025, 6, 15, 18, 0, 0);
const HOUR_MS = 3_600_000;
const pit = scene.areas.find((a) => a.id === 'sumpPit1')!;

const window = { startMs: NIGHT - HOUR_MS, endMs: NIGHT + 2 * HOUR_MS };
const hotWork: PermitWorkSite = { number: 'DH-1', location: { kind: 'point', point: [212, 189], zoneRadiusM: 5 }, window, entrantBadgeIds: ['BDG-1047', 'BDG-1053'], watcher: { badgeId: 'BDG-1030', name: '朱芳' } };
const sumpPit: PermitWorkSite = { number: 'SX-1', location: { kind: 'polygon', polygon: pit.polygon }, window, entrantBadgeIds: ['BDG-1049', 'BDG-1050'], watcher: { badgeId: 'BDG-1031', name: '林伟' } };

function positionsAt(sim: PlantSimulation, tMs: number): Map<string, Point2> {
  return new Map(sim.step(tMs).workers.map((w) => [w.badgeId, [w.x, w.y] as Point2]));
}
const zoneOf = (site: PermitWorkSite) => new PermitZone({ ...site, type: 'hotWork' } as never);

describe("a permit's people in the simulated plant", () => {
  it('come through the gate, off shift too, and work in the zone while the watcher stands within reach outside a confined space', () => {
    const sim = new PlantSimulation(scene, 7, NIGHT);
    expect(sim.step(NIGHT).workers.map((w) => w.badgeId)).not.toContain('BDG-1047');
    sim.setPermitWork([hotWork, sumpPit], NIGHT);
    // The walk from the gate is under 600 m at 1.2 m/s or more.
    let at = positionsAt(sim, NIGHT);
    for (let t = NIGHT; t <= NIGHT + 10 * 60_000; t += 1_000) at = positionsAt(sim, t);
    for (const badgeId of hotWork.entrantBadgeIds) expect(zoneOf(hotWork).contains(at.get(badgeId)!)).toBe(true);
    for (const badgeId of sumpPit.entrantBadgeIds) expect(isPointInPolygon(at.get(badgeId)!, pit.polygon)).toBe(true);
    const hotWatcher = at.get('BDG-1030')!;
    expect(zoneOf(hotWork).distanceToWorkM(hotWatcher)).toBeLessThanOrEqual(10);
    const pitWatcher = at.get('BDG-1031')!;
    expect(isPointInPolygon(pitWatcher, pit.polygon)).toBe(false);
    expect(zoneOf(sumpPit).distanceToWorkM(pitWatcher)).toBeLessThanOrEqual(3.5);
    expect(sim.permitWorkers()).toEqual(
      new Map([
        ['DH-1', ['BDG-1030', 'BDG-1047', 'BDG-1053']],
        ['SX-1', ['BDG-1031', 'BDG-1049', 'BDG-1050']],
      ]),
    );
    // They stay: an hour later, shuffling about the job, still inside (and the watcher still outside the pit).
    for (let t = NIGHT + 10 * 60_000; t <= NIGHT + 70 * 60_000; t += 5_000) {
      at = positionsAt(sim, t);
      for (const badgeId of sumpPit.entrantBadgeIds) expect(isPointInPolygon(at.get(badgeId)!, pit.polygon)).toBe(true);
      expect(isPointInPolygon(at.get('BDG-1031')!, pit.polygon)).toBe(false);
      for (const badgeId of hotWork.entrantBadgeIds) expect(zoneOf(hotWork).contains(at.get(badgeId)!)).toBe(true);
    }
  });

  it('are put at the work at once for work under way when the simulation starts, and leave it when the permit stops', () => {
    const sim = new PlantSimulation(scene, 7, NIGHT);
    sim.setPermitWork([sumpPit], NIGHT, true);
    const at = positionsAt(sim, NIGHT);
    for (const badgeId of sumpPit.entrantBadgeIds) expect(isPointInPolygon(at.get(badgeId)!, pit.polygon)).toBe(true);
    // Suspended (no longer in work): they climb out and, being off shift, go home through the gate.
    sim.setPermitWork([], NIGHT + 1_000);
    expect(isPointInPolygon(positionsAt(sim, NIGHT + 60_000).get('BDG-1049')!, pit.polygon)).toBe(false);
    let later = at;
    for (let t = NIGHT + 60_000; t <= NIGHT + 15 * 60_000; t += 1_000) later = positionsAt(sim, t);
    for (const badgeId of [...sumpPit.entrantBadgeIds, sumpPit.watcher.badgeId]) expect(later.has(badgeId)).toBe(false);
  });

  it('go back to their own day when the window closes', () => {
    const sim = new PlantSimulation(scene, 7, NIGHT);
    sim.setPermitWork([{ ...hotWork, window: { startMs: NIGHT - HOUR_MS, endMs: NIGHT + 60_000 } }], NIGHT, true);
    expect(sim.permitWorkers().get('DH-1')).toHaveLength(3);
    for (let t = NIGHT; t <= NIGHT + 2 * 60_000; t += 1_000) sim.step(t);
    expect(sim.permitWorkers().get('DH-1')).toBeUndefined();
  });
});
