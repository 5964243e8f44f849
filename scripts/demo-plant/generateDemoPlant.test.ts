import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { applyHomography, SceneSchema, signedPolygonAreaM2, type Scene } from '../../main/contracts/index.js';
import { DEMO_SCENE_PATH } from '../../main/platform/packageInfo.js';
import { generateDemoPlant } from './generateDemoPlant.js';

const committed = JSON.parse(readFileSync(DEMO_SCENE_PATH, 'utf8')) as unknown;
const scene: Scene = SceneSchema.parse(committed);

describe('demo plant', () => {
  it('is exactly what the generator produces (run `npm run scene:demo` after changing it)', () => {
    expect(JSON.parse(JSON.stringify(generateDemoPlant()))).toEqual(committed);
  });

  it('is a site of about 400 m × 300 m with fences, roads, two gates and an emergency gate', () => {
    expect(Math.abs(signedPolygonAreaM2(scene.site.boundary))).toBe(400 * 300);
    expect(scene.site.fences.length).toBeGreaterThan(0);
    expect(scene.site.roads.length).toBeGreaterThanOrEqual(6);
    expect(scene.exits.filter((e) => e.kind === 'gate')).toHaveLength(2);
  });

  it('has a tank farm of 8+ vessels holding ammonia, chlorine, LPG and benzene, with inventories within capacity', () => {
    const storage = scene.equipment.filter((e) => ['tank', 'sphere', 'bullet'].includes(e.type));
    expect(storage.length).toBeGreaterThanOrEqual(8);
    expect(new Set(storage.map((e) => e.substanceId))).toEqual(new Set(['ammonia', 'chlorine', 'propane', 'benzene', 'methanol']));
    for (const e of storage) expect(e.inventoryKg!).toBeLessThanOrEqual(e.capacityKg!);
  });

  it('sizes capacities from geometry: an LPG sphere of 15 m holds 1767 m³ × 500 kg/m³ × 0.85', () => {
    const sphere = scene.equipment.find((e) => e.id === 'S-201')!;
    expect(sphere.capacityKg).toBe(Math.round((Math.PI / 6) * 15 ** 3 * 500 * 0.85));
  });

  it('has two process units with reactors and columns, pipe racks, a loading bay, warehouse, control building and workshop', () => {
    for (const unit of ['unit1', 'unit2']) {
      const items = scene.equipment.filter((e) => e.areaId === unit);
      expect(items.some((e) => e.type === 'reactor')).toBe(true);
      expect(items.some((e) => e.type === 'column')).toBe(true);
    }
    const types = new Set(scene.equipment.map((e) => e.type));
    for (const type of ['pipeRack', 'loadingBay', 'building', 'flare']) expect(types.has(type as never)).toBe(true);
    for (const id of ['B-CTRL', 'B-WH', 'B-WS']) expect(scene.equipment.some((e) => e.id === id)).toBe(true);
  });

  it('has three muster points inside muster areas, restricted, hazardous and confined-space zones', () => {
    expect(scene.musterPoints).toHaveLength(3);
    const kinds = new Set(scene.areas.map((a) => a.kind));
    for (const kind of ['restricted', 'hazardous', 'confinedSpace', 'muster', 'tankFarm', 'process']) expect(kinds.has(kind as never)).toBe(true);
  });

  it('has 150+ sensors of every kind a plant places, gas detectors with GB/T 50493 set points', () => {
    expect(scene.sensors.length).toBeGreaterThanOrEqual(150);
    const kinds = new Set(scene.sensors.map((s) => s.kind));
    for (const kind of ['gas', 'o2', 'temperature', 'pressure', 'level', 'windSpeed', 'windDirection']) expect(kinds.has(kind as never)).toBe(true);
    for (const s of scene.sensors.filter((x) => x.unit === '%LEL')) expect(s.limits).toMatchObject({ high: 25, highHigh: 50 });
    for (const s of scene.sensors.filter((x) => x.kind === 'o2')) expect(s.limits.low).toBe(19.5);
    // every confined space is monitored for oxygen
    for (const area of scene.areas.filter((a) => a.kind === 'confinedSpace')) expect(scene.sensors.some((s) => s.kind === 'o2' && s.areaId === area.id)).toBe(true);
  });

  it('has 10+ cameras whose homography maps the image centre onto the ground point they are aimed at', () => {
    expect(scene.cameras.length).toBeGreaterThanOrEqual(10);
    for (const camera of scene.cameras) {
      const [x, y] = applyHomography(camera.imageToGroundHomography!, camera.imageWidthPx / 2, camera.imageHeightPx / 2)!;
      const distance = Math.hypot(x - camera.position.x, y - camera.position.y);
      // the optical axis meets the ground at height / tan(depression)
      expect(distance).toBeCloseTo(camera.position.z / Math.tan((-camera.pitchDeg * Math.PI) / 180), 0);
    }
  });

  it('has 60+ badges for operators, maintenance staff and contractors', () => {
    expect(scene.personnel.length).toBeGreaterThanOrEqual(60);
    const roles = new Set(scene.personnel.map((p) => p.role));
    for (const role of ['operator', 'maintenance', 'contractor']) expect(roles.has(role as never)).toBe(true);
  });

  it('is deterministic for a seed and differs for another', () => {
    expect(generateDemoPlant(7).personnel).toEqual(generateDemoPlant(7).personnel);
    expect(generateDemoPlant(7).personnel).not.toEqual(generateDemoPlant(8).personnel);
  });
});
