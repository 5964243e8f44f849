import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isPointInPolygon, SceneSchema, type Person, type Point2 } from '../contracts/index.js';
import { blocksWalking, isInsideFootprint } from './equipmentFootprint.js';
import { PlantSimulation } from './PlantSimulation.js';
import { polylineLengthM, RoadNetwork } from './RoadNetwork.js';
import { presenceWindowAt, shiftOnDay } from './workShifts.js';

const scene = SceneSchema.parse(JSON.parse(readFileSync(new URL('../../scenes/demo-plant/scene.json', import.meta.url), 'utf8')));
const CST_MS = 8 * 3_600_000;
/** 15:30 local on 15 July 2025: the evening operators arrive and the day crew leaves within the hour. */
const BEFORE_SHIFT_CHANGE = Date.UTC(2025, 6, 15, 7, 30, 0);

describe('workers on site', () => {
  it('stay inside the site, walk at 1.2–1.4 m/s, keep out of equipment and enter and leave through a gate', () => {
    const sim = new PlantSimulation(scene, 3, BEFORE_SHIFT_CHANGE);
    const gate: Point2 = [56, 2]; // 2 m inside the main gate's opening
    const previous = new Map<string, Point2>();
    const stepSpeeds: number[] = [];
    const problems: string[] = [];
    let arrivals = 0;
    let departures = 0;
    const blockers = scene.equipment.filter((e) => blocksWalking(e) && e.type !== 'building');
    for (let t = BEFORE_SHIFT_CHANGE; t <= BEFORE_SHIFT_CHANGE + 3_600_000; t += 1_000) {
      const frame = sim.step(t);
      const seen = new Set<string>();
      for (const w of frame.workers) {
        const p: Point2 = [w.x, w.y];
        seen.add(w.badgeId);
        if (!isPointInPolygon(p, scene.site.boundary)) problems.push(`${w.badgeId} outside at ${p}`);
        const inside = blockers.find((e) => isInsideFootprint(p, e));
        if (inside) problems.push(`${w.badgeId} inside ${inside.id} at ${p}`);
        const before = previous.get(w.badgeId);
        if (before) stepSpeeds.push(Math.hypot(p[0] - before[0], p[1] - before[1]));
        else if (t > BEFORE_SHIFT_CHANGE) {
          arrivals++;
          if (Math.hypot(p[0] - gate[0], p[1] - gate[1]) > 1.5) problems.push(`${w.badgeId} appeared at ${p}, not at the gate`);
        }
        previous.set(w.badgeId, p);
      }
      for (const [badgeId, p] of previous) {
        if (seen.has(badgeId)) continue;
        departures++;
        if (Math.hypot(p[0] - gate[0], p[1] - gate[1]) > 1.5) problems.push(`${badgeId} vanished at ${p}, not at the gate`);
        previous.delete(badgeId);
      }
    }
    expect(problems).toEqual([]);
    // Rounded positions (cm) allow a hair over the fastest walker's 1.4 m/s.
    expect(stepSpeeds.reduce((a, b) => Math.max(a, b), 0)).toBeLessThanOrEqual(1.41);
    const walking = stepSpeeds.filter((s) => s > 0.5);
    expect(walking.length).toBeGreaterThan(1000);
    const median = walking.sort((a, b) => a - b)[Math.floor(walking.length / 2)]!;
    expect(median).toBeGreaterThan(1.19);
    expect(median).toBeLessThan(1.41);
    expect(arrivals).toBeGreaterThanOrEqual(5); // the evening crew
    expect(departures).toBeGreaterThanOrEqual(5); // the day crew
  });

  it('has fewer people on site at night than in the day', () => {
    const night = new PlantSimulation(scene, 1, Date.UTC(2025, 6, 15, 19, 0, 0)).step(Date.UTC(2025, 6, 15, 19, 0, 0)); // 03:00
    const day = new PlantSimulation(scene, 1, Date.UTC(2025, 6, 15, 2, 0, 0)).step(Date.UTC(2025, 6, 15, 2, 0, 0)); // 10:00
    expect(night.workers.length).toBeGreaterThanOrEqual(5);
    expect(night.workers.length).toBeLessThan(12);
    expect(day.workers.length).toBeGreaterThan(35);
    const roles = (ids: string[]) => new Set(ids.map((id) => scene.personnel.find((p) => p.badgeId === id)!.role));
    expect(roles(night.workers.map((w) => w.badgeId))).toEqual(new Set(['operator', 'security']));
  });
});

describe('shifts', () => {
  const operator = (n: number): Person => ({ badgeId: `OP-${n}`, role: 'operator', displayName: `op ${n}` });
  it('covers every 8-hour operator shift with exactly one of four crews every day', () => {
    for (let day = 0; day < 16; day++) {
      const starts = [0, 1, 2, 3].map((crew) => shiftOnDay(operator(crew), crew, day)?.startH).filter((h) => h !== undefined).sort();
      expect(starts).toEqual([0, 16, 8]);
    }
  });

  it('brings operators in 10–30 min before their shift for the handover', () => {
    const person = operator(0);
    // Crew 0 works the morning shift on days where (day mod 8) is 0 or 1.
    const day = 20_104; // 2025-01-16, day mod 8 = 0
    const eight = day * 86_400_000 - CST_MS + 8 * 3_600_000;
    const window = presenceWindowAt(person, 0, eight, 1, CST_MS)!;
    expect(eight - window.arrivalMs).toBeGreaterThanOrEqual(10 * 60_000);
    expect(eight - window.arrivalMs).toBeLessThanOrEqual(30 * 60_000);
    expect(presenceWindowAt(person, 0, eight - 40 * 60_000, 1, CST_MS)).toBeUndefined();
  });
});

describe('road network', () => {
  const network = new RoadNetwork(scene.site.roads.map((r) => r.path));
  const onSomeRoad = (p: Point2) =>
    scene.site.roads.some((road) =>
      road.path.slice(1).some((b, i) => {
        const a = road.path[i]!;
        const cross = Math.abs((b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0])) / Math.hypot(b[0] - a[0], b[1] - a[1]);
        const within = (p[0] - a[0]) * (b[0] - a[0]) + (p[1] - a[1]) * (b[1] - a[1]) >= -1e-6 && (p[0] - b[0]) * (a[0] - b[0]) + (p[1] - b[1]) * (a[1] - b[1]) >= -1e-6;
        return cross < 1e-6 && within;
      }),
    );

  it('routes along the roads between two points, joining roads at their T-junctions and crossings', () => {
    // From the control building to the LPG spheres: 70 m east to road 1, north 103 m to the central
    // avenue, 93 m east to where road 2 meets it, then 97 m straight across — not 568 m by the roads
    // nearest to each end (the south and north ring roads).
    const route = network.route([45, 45], [240, 240]);
    expect(route[0]).toEqual([45, 45]);
    expect(route.at(-1)).toEqual([240, 240]);
    for (const p of route.slice(1, -1)) expect(onSomeRoad(p), `${p}`).toBe(true);
    expect(polylineLengthM(route)).toBeCloseTo(70 + 103 + 93 + Math.hypot(32, 92), 6);
  });

  it('uses a T-junction where a road ends on another', () => {
    // The central avenue ends on the west road at (8, 148): from the west road to the avenue without a detour.
    const route = network.route([8, 100], [60, 148]);
    expect(polylineLengthM(route)).toBeCloseTo(48 + 52, 6);
  });
});

describe('a bare scene', () => {
  it('still places and moves people inside the boundary without roads, gates or areas', () => {
    const bare = SceneSchema.parse({
      format: 'safetwin-scene',
      version: 1,
      site: { id: 'bare', name: { en: 'Bare' }, geoReference: { latitudeDeg: -33.9, longitudeDeg: 18.4 }, boundary: [[0, 0], [60, 0], [60, 40], [0, 40]] },
      equipment: [{ id: 'T-1', type: 'tank', name: { en: 'Tank' }, position: { x: 30, y: 20 }, size: { lengthM: 10, widthM: 10, heightM: 8 } }],
      personnel: ['operator', 'maintenance', 'contractor', 'security', 'visitor'].map((role, i) => ({ badgeId: `B-${i}`, role, displayName: role })),
    });
    const start = Date.UTC(2025, 0, 15, 8, 0, 0); // 10:00 at UTC+2
    const sim = new PlantSimulation(bare, 1, start);
    for (let t = start; t <= start + 3_600_000; t += 5_000) {
      const frame = sim.step(t);
      expect(frame.weather).toEqual([]);
      for (const w of frame.workers) expect(isPointInPolygon([w.x, w.y], bare.site.boundary), `${w.badgeId} at ${w.x},${w.y}`).toBe(true);
    }
    expect(sim.step(start + 3_605_000).workers.length).toBeGreaterThan(0);
  });
});
