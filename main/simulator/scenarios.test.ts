import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isPointInPolygon, SceneSchema } from '../contracts/index.js';
import { PlantSimulation, type SimulationFrame } from './PlantSimulation.js';
import { parseSimulatorCommand } from './scenarioCommands.js';

const scene = SceneSchema.parse(JSON.parse(readFileSync(new URL('../../scenes/demo-plant/scene.json', import.meta.url), 'utf8')));
const START = Date.UTC(2025, 6, 15, 2, 0, 0); // 10:00 local
const value = (frame: SimulationFrame, id: string) => frame.sensors.find((s) => s.sensorId === id)?.value;
const position = (frame: SimulationFrame, badgeId: string) => frame.workers.find((w) => w.badgeId === badgeId);

function steps(sim: PlantSimulation, fromMs: number, toMs: number, stepMs: number): SimulationFrame[] {
  const frames: SimulationFrame[] = [];
  for (let t = fromMs; t <= toMs; t += stepMs) frames.push(sim.step(t));
  return frames;
}

describe('instrument faults', () => {
  it('sensorStuck freezes the last value with good quality until cleared', () => {
    const sim = new PlantSimulation(scene, 1, START);
    const before = sim.step(START);
    expect(sim.applyCommand({ scenario: 'sensorStuck', sensorId: 'TT-R101' }, START)).toEqual({ ok: true, summary: 'sensorStuck: TT-R101' });
    const frames = steps(sim, START + 10_000, START + 600_000, 10_000);
    for (const f of frames) expect(f.sensors.find((s) => s.sensorId === 'TT-R101')).toMatchObject({ value: value(before, 'TT-R101'), quality: 'good' });
    // Its neighbours keep moving.
    expect(new Set(frames.map((f) => value(f, 'PT-R101'))).size).toBeGreaterThan(10);
    sim.applyCommand({ scenario: 'clear' }, START + 600_000);
    const after = steps(sim, START + 610_000, START + 700_000, 10_000);
    expect(new Set(after.map((f) => value(f, 'TT-R101'))).size).toBeGreaterThan(3);
  });

  it('sensorOffline stops a sensor reporting (weather fields too) and clear brings it back', () => {
    const sim = new PlantSimulation(scene, 1, START);
    sim.step(START);
    sim.applyCommand({ scenario: 'sensorOffline', sensorId: 'GD-T101-C1' }, START);
    sim.applyCommand({ scenario: 'sensorOffline', sensorId: 'WS-WX2' }, START);
    const offline = sim.step(START + 1_000);
    expect(value(offline, 'GD-T101-C1')).toBeUndefined();
    expect(offline.sensors).toHaveLength(scene.sensors.length - 8 - 1);
    const wx2 = offline.weather.find((w) => w.stationId === 'WX2')!;
    expect(wx2.windSpeedMps).toBeUndefined();
    expect(wx2.windDirectionDeg).toBeGreaterThanOrEqual(0);
    sim.applyCommand({ scenario: 'clear' }, START + 2_000);
    const back = sim.step(START + 3_000);
    expect(value(back, 'GD-T101-C1')).toBeGreaterThanOrEqual(0);
    expect(back.weather.find((w) => w.stationId === 'WX2')!.windSpeedMps).toBeGreaterThanOrEqual(0);
  });

  it('calibrationDrift adds driftPerHour × elapsed hours', () => {
    const sim = new PlantSimulation(scene, 1, START, { measurementNoise: false });
    const base = value(sim.step(START), 'TT-R101')!;
    expect(base).toBe(430); // mid-range of L 390 / H 470 without noise
    sim.applyCommand({ scenario: 'calibrationDrift', sensorId: 'TT-R101', driftPerHour: 12 }, START);
    expect(value(sim.step(START + 1_800_000), 'TT-R101')).toBeCloseTo(436, 6);
    expect(value(sim.step(START + 7_200_000), 'TT-R101')).toBeCloseTo(454, 6);
    // A drifting detector can end in alarm: the drift is applied after the normal-operation guard.
    sim.applyCommand({ scenario: 'calibrationDrift', sensorId: 'GD-T101-C1', driftPerHour: 30 }, START + 7_200_000);
    expect(value(sim.step(START + 10_800_000), 'GD-T101-C1')).toBeCloseTo(30, 6);
    expect(sim.activeScenarios().faults.map((f) => f.sensorId)).toEqual(['GD-T101-C1', 'TT-R101']);
  });

  it('refuses unknown sensors', () => {
    const sim = new PlantSimulation(scene, 1, START);
    expect(sim.applyCommand({ scenario: 'sensorStuck', sensorId: 'XX-1' }, START)).toEqual({ ok: false, reason: 'no sensor "XX-1" in the scene' });
  });
});

describe('people scenarios', () => {
  it('restrictedEntry walks a worker into the restricted area, where they stay', () => {
    const sim = new PlantSimulation(scene, 1, START);
    const first = sim.step(START);
    const badgeId = first.workers[0]!.badgeId;
    const yard = scene.areas.find((a) => a.id === 'chlorineYard')!;
    expect(sim.applyCommand({ scenario: 'restrictedEntry', badgeId, areaId: 'chlorineYard' }, START)).toEqual({ ok: true, summary: `restricted entry: ${badgeId} walks into chlorineYard` });
    let entered: number | undefined;
    for (const f of steps(sim, START + 1_000, START + 30 * 60_000, 1_000)) {
      const p = position(f, badgeId)!;
      const inside = isPointInPolygon([p.x, p.y], yard.polygon);
      if (inside && entered === undefined) entered = f.tsMs;
      if (entered !== undefined) expect(inside, `left the area at ${f.tsMs}`).toBe(true);
    }
    expect(entered).toBeDefined();
    // Past the end of their shift they are still there: the scenario holds them.
    const late = sim.step(START + 12 * 3_600_000);
    const p = position(late, badgeId)!;
    expect(isPointInPolygon([p.x, p.y], yard.polygon)).toBe(true);
  });

  it('restrictedEntry without a badge sends the nearest person on site', () => {
    const sim = new PlantSimulation(scene, 4, START);
    sim.step(START);
    const outcome = sim.applyCommand({ scenario: 'restrictedEntry', areaId: 'chlorineYard' }, START);
    expect(outcome.ok).toBe(true);
    expect(sim.applyCommand({ scenario: 'restrictedEntry', areaId: 'nowhere' }, START)).toEqual({ ok: false, reason: 'no area "nowhere" in the scene' });
  });

  it('manDown stops a worker dead, including mid-walk, until cleared', () => {
    const sim = new PlantSimulation(scene, 2, START);
    const frames = steps(sim, START, START + 60_000, 1_000);
    // Pick someone walking right now.
    const [a, b] = frames.slice(-2);
    const walker = b!.workers.find((w) => {
      const prev = position(a!, w.badgeId);
      return prev && Math.hypot(w.x - prev.x, w.y - prev.y) > 1;
    })!;
    expect(walker).toBeDefined();
    sim.applyCommand({ scenario: 'manDown', badgeId: walker.badgeId }, START + 60_000);
    const still = steps(sim, START + 61_000, START + 1_800_000, 1_000).map((f) => position(f, walker.badgeId));
    for (const p of still) expect([p!.x, p!.y]).toEqual([walker.x, walker.y]);
    sim.applyCommand({ scenario: 'clear' }, START + 1_800_000);
    const moving = steps(sim, START + 1_801_000, START + 1_900_000, 1_000).map((f) => position(f, walker.badgeId));
    expect(moving.some((p) => !p || p.x !== walker.x || p.y !== walker.y)).toBe(true);
  });

  it('picks the same person for an unnamed manDown with the same seed', () => {
    const pick = (seed: number) => {
      const sim = new PlantSimulation(scene, seed, START);
      sim.step(START);
      return sim.applyCommand({ scenario: 'manDown' }, START);
    };
    expect(pick(9)).toEqual(pick(9));
    expect(pick(9).ok).toBe(true);
  });

  it('refuses badges that do not exist or are off shift', () => {
    const sim = new PlantSimulation(scene, 1, START);
    const frame = sim.step(START);
    const onSite = new Set(frame.workers.map((w) => w.badgeId));
    const offShift = scene.personnel.find((p) => !onSite.has(p.badgeId))!.badgeId;
    expect(sim.applyCommand({ scenario: 'manDown', badgeId: 'BDG-0000' }, START)).toEqual({ ok: false, reason: 'no badge "BDG-0000" in the scene' });
    expect(sim.applyCommand({ scenario: 'manDown', badgeId: offShift }, START)).toEqual({ ok: false, reason: `badge "${offShift}" is not on site now (off shift)` });
  });
});

describe('evacuation', () => {
  it('sends everyone on site to the nearest muster point after a pre-movement time, where they stay', () => {
    const sim = new PlantSimulation(scene, 3, START);
    const before = sim.step(START);
    expect(before.workers.length).toBeGreaterThan(5);
    const outcome = sim.applyCommand({ scenario: 'evacuate' }, START);
    expect(outcome.ok).toBe(true);
    // Nobody moves during the first 30 s (the shortest pre-movement time).
    const early = sim.step(START + 29_000);
    for (const w of before.workers) expect(position(early, w.badgeId)).toMatchObject({ x: w.x, y: w.y });
    const frames = steps(sim, START + 30_000, START + 1_200_000, 1_000);
    const last = frames.at(-1)!;
    const nearestMusterDistanceM = (x: number, y: number) => Math.min(...scene.musterPoints.map((m) => Math.hypot(m.position[0] - x, m.position[1] - y)));
    for (const w of last.workers) expect(nearestMusterDistanceM(w.x, w.y)).toBeLessThan(Math.max(...scene.musterPoints.map((m) => m.radiusM)) + 1);
    expect(last.workers.map((w) => w.badgeId).sort()).toEqual(before.workers.map((w) => w.badgeId).sort());
  });

  it('refuses a scene without muster points', () => {
    const sim = new PlantSimulation({ ...scene, musterPoints: [] }, 3, START);
    sim.step(START);
    expect(sim.applyCommand({ scenario: 'evacuate' }, START)).toEqual({ ok: false, reason: 'the scene has no muster points to evacuate to' });
  });
});

describe('command parsing', () => {
  it('accepts schema-valid JSON with defaults and explains what is wrong otherwise', () => {
    expect(parseSimulatorCommand('{"scenario":"gasLeak","equipmentId":"T-101"}')).toEqual({ ok: true, command: { scenario: 'gasLeak', equipmentId: 'T-101', releaseRateKgPerS: 1 } });
    const badJson = parseSimulatorCommand('{scenario');
    expect(badJson.ok).toBe(false);
    if (!badJson.ok) expect(badJson.reason).toMatch(/^invalid JSON: /);
    const badField = parseSimulatorCommand('{"scenario":"calibrationDrift","sensorId":"TT-R101"}');
    expect(badField.ok).toBe(false);
    if (!badField.ok) expect(badField.reason).toMatch(/^invalid command: driftPerHour: /);
  });
});
