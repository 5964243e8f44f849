import { describe, expect, it } from 'vitest';
import { DispersionSnapshotSchema } from '../contracts/index.js';
import { loadDemoScene } from '../../tests/support/demoScene.js';
import { LeakRequestError } from './equipmentRelease.js';
import { LeakService } from './LeakService.js';

const scene = loadDemoScene();

function service(startMs = Date.UTC(2025, 6, 1, 2, 0, 0)) {
  let now = startMs;
  const leaks = new LeakService(scene, { clock: () => now, cellSizeM: 2 });
  return { leaks, advance: (s: number) => (now += s * 1000), now: () => now };
}

describe('LeakService', () => {
  it('starts a chlorine leak at a bullet, picks the dense model, and predicts the detectors downwind', () => {
    const { leaks, advance, now } = service();
    leaks.updateWind({ speedMps: 2, fromDeg: 0, atMs: now(), stabilityClass: 'D' });
    const leak = leaks.startLeak({ equipmentId: 'B-301', holeDiameterM: 0.01 });
    expect(leak.model).toBe('britter-mcquaid-plume');
    expect(leak.rateKgS).toBeGreaterThan(0.1);
    advance(120);
    const snapshot = leaks.recompute();
    expect(DispersionSnapshotSchema.safeParse(snapshot).success).toBe(true);
    expect(snapshot.fields).toHaveLength(1);
    expect(snapshot.fields[0]!.maxMgM3).toBeGreaterThan(0);
    expect(snapshot.zones.map((z) => z.level)).toEqual(expect.arrayContaining(['AEGL-3', 'AEGL-2', 'AEGL-1']));
    // Wind from the north: the detector south of B-301 (GD-B301-T2 at y 170.3) alarms, the one north of B-302 does not.
    const alarmed = snapshot.detectors.filter((d) => d.limit !== null).map((d) => d.sensorId);
    expect(alarmed).toContain('GD-B301-T2');
    expect(alarmed).not.toContain('GD-B302-T1');
  });

  it('bends the cloud of a passive leak with the wind, lists workers inside zones, and stops the emission', () => {
    const { leaks, advance, now } = service();
    leaks.updateWind({ speedMps: 3, fromDeg: 270, atMs: now(), stabilityClass: 'D' });
    const leak = leaks.startLeak({ equipmentId: 'T-101', rateKgS: 0.05, model: 'gaussian' });
    expect(leak.model).toBe('gaussian-puff-train');
    advance(60);
    leaks.updateWind({ speedMps: 3, fromDeg: 180, atMs: now(), stabilityClass: 'D' });
    advance(30);
    // A worker 60 m north of the tank (where the wind now carries the gas) and one far west (upwind).
    leaks.setWorkerPositions([{ id: 'north', x: 235, y: 255 }, { id: 'west', x: 100, y: 195 }]);
    const snapshot = leaks.recompute();
    const outer = snapshot.zones.find((z) => z.level === 'AEGL-1')!;
    expect(outer.workerIds).toContain('north');
    expect(outer.workerIds).not.toContain('west');
    // Gas released in the first minute went east: still there, east of the tank.
    const field = snapshot.fields[0]!.valuesMgM3 as Float32Array;
    const grid = snapshot.grid!;
    const at = (x: number, y: number) => field[Math.round((y - grid.y0) / grid.dyM) * grid.nx + Math.round((x - grid.x0) / grid.dxM)]!;
    expect(at(235 + 150, 195 + 80)).toBeGreaterThan(0);
    expect(at(235 - 60, 195)).toBe(0);
    expect(leaks.stopLeak(leak.leakId)).toBe(true);
    advance(600);
    expect(leaks.recompute().fields[0]!.maxMgM3).toBeLessThan(snapshot.fields[0]!.maxMgM3 / 100);
  });

  it('gives its warnings by code for the UI and in English for logs (issue 12.7)', () => {
    const { leaks, advance, now } = service();
    leaks.updateWind({ speedMps: 0.3, fromDeg: 0, atMs: now(), stabilityClass: 'F' });
    const leak = leaks.startLeak({ equipmentId: 'S-201', rateKgS: 5 });
    advance(10);
    const snapshot = leaks.recompute();
    expect(DispersionSnapshotSchema.safeParse(snapshot).success).toBe(true);
    expect(snapshot.notices).toEqual([
      { code: 'durationAssumed', params: { durationS: 3600 }, leakId: leak.leakId },
      { code: 'calmWind', params: { speedMps: 1 } },
    ]);
    expect(snapshot.warnings).toEqual([`${leak.leakId}: release.durationS not given: 3600 s assumed`, 'calm wind: transport speed floored at 1 m/s']);
  });

  it('refuses unknown equipment and a hole larger than the vessel with coded errors', () => {
    const { leaks } = service();
    expect(() => leaks.startLeak({ equipmentId: 'NOPE', holeDiameterM: 0.01 })).toThrow(LeakRequestError);
    try {
      leaks.startLeak({ equipmentId: 'B-301', holeDiameterM: 4 });
    } catch (error) {
      expect((error as LeakRequestError).code).toBe('ST_ERR_DISPERSION_BAD_HOLE');
    }
  });

  it('recomputes the demo site after a wind change on a bounded grid (the time budget is the plume benchmark’s to measure)', () => {
    const { leaks, advance, now } = service();
    leaks.updateWind({ speedMps: 2.5, fromDeg: 135, atMs: now() });
    leaks.startLeak({ equipmentId: 'S-203', holeDiameterM: 0.02 });
    leaks.startLeak({ equipmentId: 'T-103', holeDiameterM: 0.05 });
    advance(300);
    leaks.updateWind({ speedMps: 2.5, fromDeg: 160, atMs: now() });
    const snapshot = leaks.recompute();
    // No wall-clock assertion here (a shared, loaded machine): the work is bounded by the cells, and
    // npm run bench:plume measures the p95 against the 250 ms live budget.
    expect(snapshot.grid!.nx * snapshot.grid!.ny).toBeLessThanOrEqual(120_000);
    expect(snapshot.computeMs).toBeGreaterThan(0);
    expect(snapshot.leaks).toHaveLength(2);
    expect(snapshot.directionUncertainty?.halfAngleDeg).toBeGreaterThan(0);
  });
});

describe('LeakService: computed area, edge and instrument range (issue 12.5)', () => {
  it('extends the computed area kilometres beyond the fence for a toxic gas, bounded in cells', () => {
    const { leaks, advance, now } = service(Date.UTC(2025, 6, 1, 16, 0, 0));
    // Clear night, light wind: Turner class F, the long toxic reach ALOHA would show.
    leaks.updateWind({ speedMps: 1.5, fromDeg: 0, atMs: now(), stabilityClass: 'F' });
    leaks.startLeak({ equipmentId: 'B-301', rateKgS: 5, model: 'gaussian' });
    advance(1800);
    const snapshot = leaks.recompute();
    const grid = snapshot.grid!;
    expect(grid.nx * grid.ny).toBeLessThanOrEqual(120_000);
    // The demo site is 400 m × 300 m; the area now spans kilometres downwind (south: the wind is from the north).
    expect(grid.ny * grid.dyM).toBeGreaterThan(4000);
    expect(grid.y0).toBeLessThan(-4000);
    // Cells stay fine enough for the plant: tens of metres, not hundreds.
    expect(grid.dxM).toBeLessThan(40);
    const aegl1 = snapshot.zones.find((z) => z.level === 'AEGL-1')!;
    // Before, every zone stopped at the fence (the site-sized grid): the AEGL-1 reach now goes on past it.
    expect(aegl1.downwindDistanceM).toBeGreaterThan(1000);
    expect(aegl1.reachesEdge).toBe(false);
  });

  it('says when a zone reaches the edge of the computed area', () => {
    let now = Date.UTC(2025, 6, 1, 16, 0, 0);
    // The computed area kept to the site (maxReachM 0): a chlorine cloud that goes past the fence must say so.
    const siteOnly = new LeakService(scene, { clock: () => now, cellSizeM: 4, maxReachM: 0 });
    siteOnly.updateWind({ speedMps: 1.5, fromDeg: 0, atMs: now, stabilityClass: 'F' });
    siteOnly.startLeak({ equipmentId: 'B-301', rateKgS: 5, model: 'gaussian' });
    now += 1800_000;
    const snapshot = siteOnly.recompute();
    expect(snapshot.grid!.nx * snapshot.grid!.dxM).toBeLessThanOrEqual(404);
    const byLevel = new Map(snapshot.zones.map((z) => [z.level, z]));
    expect(byLevel.get('AEGL-1')!.reachesEdge).toBe(true);
    // The same leak on the widened area: its AEGL-1 zone ends inside it.
    const { leaks, advance, now: clock } = service(Date.UTC(2025, 6, 1, 16, 0, 0));
    leaks.updateWind({ speedMps: 1.5, fromDeg: 0, atMs: clock(), stabilityClass: 'F' });
    leaks.startLeak({ equipmentId: 'B-301', rateKgS: 5, model: 'gaussian' });
    advance(1800);
    expect(leaks.recompute().zones.find((z) => z.level === 'AEGL-1')!.reachesEdge).toBe(false);
  });

  it('stops a predicted detector reading at the instrument range and says over range', () => {
    const { leaks, advance, now } = service();
    leaks.updateWind({ speedMps: 2, fromDeg: 0, atMs: now(), stabilityClass: 'D' });
    leaks.startLeak({ equipmentId: 'B-301', holeDiameterM: 0.05 });
    advance(300);
    const snapshot = leaks.recompute();
    const ranges = new Map(scene.sensors.map((s) => [s.id, s.rangeMax]));
    const over = snapshot.detectors.filter((d) => d.overRange);
    expect(over.length).toBeGreaterThan(0);
    for (const d of snapshot.detectors) {
      const rangeMax = ranges.get(d.sensorId);
      if (rangeMax === undefined) continue;
      expect(d.reading).toBeLessThanOrEqual(rangeMax);
      expect(d.overRange).toBe(d.value > rangeMax);
      if (d.overRange) expect(d.reading).toBe(rangeMax);
      else expect(d.reading).toBe(d.value);
    }
  });
});
