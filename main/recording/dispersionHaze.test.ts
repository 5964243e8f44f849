import { describe, expect, it } from 'vitest';
import { DispersionZonesSchema, MAX_LIVE_LEAKS, RECORDED_HAZE_MAX_CELLS, recordedHazeValues, type ActiveLeak, type DispersionSnapshot, type DispersionZones, type ThreatZone } from '../contracts/index.js';
import { makeTempDir } from '../../tests/support/tempDir.js';
import { recordMinute } from '../../tests/integration/recordingFixtures.js';
import { recordingsDirOf } from './dataLayout.js';
import { HAZE_FLOOR_FRACTION, recordedHaze } from './dispersionHaze.js';
import { dispersionZones } from './dispersionZones.js';
import { RecordingSet } from './RecordingSet.js';
import { ReplaySession } from './ReplaySession.js';

const leak = (leakId: string) => ({ leakId, equipmentId: 'B-301', substanceId: 'chlorine', substanceName: 'Chlorine', molecularWeightGPerMol: 70.9, model: 'britter-mcquaid-plume', rateKgS: 1, dischargeRateKgS: 1, regime: 'direct', startedAtMs: 0, endsAtMs: 1e12, releasedKg: 0, inventoryLimited: false, richardsonNumber: 0 }) as ActiveLeak;
const zone = (leakId: string, level: string, thresholdMgM3: number): ThreatZone =>
  ({ leakId, level, thresholdPpm: thresholdMgM3 / 2.9, thresholdMgM3, rings: [[[0, 0], [10, 0], [10, 10]]], areaM2: 50, downwindDistanceM: 10, widthM: 10, reachesEdge: false, workerIds: [], buildingIds: [] }) as ThreatZone;

/** A plume-like field: a Gaussian along x from the source at (0, 0), decaying over five decades. */
function plume(nx: number, ny: number, dxM: number, peakMgM3: number): Float32Array {
  const values = new Float32Array(nx * ny);
  for (let j = 0; j < ny; j++)
    for (let i = 0; i < nx; i++) {
      const x = i * dxM;
      const y = (j - ny / 2) * dxM;
      values[j * nx + i] = peakMgM3 * Math.exp(-x / (nx * dxM * 0.1)) * Math.exp(-(y * y) / (2 * (5 + 0.2 * x) ** 2));
    }
  return values;
}

function snapshot(atMs: number, grid: { nx: number; ny: number; dxM: number } | null, leakIds: string[] = ['L1']): DispersionSnapshot {
  const fields = grid ? leakIds.map((leakId, k) => ({ leakId, valuesMgM3: plume(grid.nx, grid.ny, grid.dxM, 1e4 * (k + 1)), maxMgM3: 1e4 * (k + 1) })) : [];
  return {
    seq: 1,
    atMs,
    wind: { speedMps: 3, fromDeg: 270, stabilityClass: 'D', sampleAtMs: atMs },
    leaks: leakIds.map(leak),
    grid: grid ? { x0: -100, y0: -50, dxM: grid.dxM, dyM: grid.dxM, nx: grid.nx, ny: grid.ny, zM: 0 } : null,
    fields,
    zones: leakIds.flatMap((id) => [zone(id, 'AEGL-3', 60), zone(id, 'AEGL-2', 8), zone(id, 'AEGL-1', 1.5)]),
    detectors: [],
    buildings: [],
    directionUncertainty: null,
    warnings: [],
    computeMs: 1,
  };
}

describe('recorded concentration haze (coarse, quantised, bounded)', () => {
  it('round trip: every coarse cell reads back the highest concentration of the cells it pools, within half a log step', () => {
    const snap = snapshot(0, { nx: 400, ny: 300, dxM: 1 });
    const haze = recordedHaze(snap)!;
    // 120,000 cells pool 3 × 3 into 134 × 100 (the smallest block that fits 16,384 cells).
    expect([haze.nx, haze.ny, haze.dxM]).toEqual([134, 100, 3]);
    // A block's centre is the middle of its cells: cells 0..2 centred at −100, −99, −98 m.
    expect([haze.x0, haze.y0]).toEqual([-99, -49]);
    const field = haze.fields[0]!;
    expect(field.floorMgM3).toBeCloseTo(1.5 * HAZE_FLOOR_FRACTION, 12);
    const decoded = recordedHazeValues(haze, field);
    const original = snap.fields[0]!.valuesMgM3 as Float32Array;
    // Half a step of 254 on the log scale from the floor to the maximum (an independent reckoning of the precision).
    const halfStep = Math.exp(Math.log(field.maxMgM3 / field.floorMgM3) / 508) - 1;
    let checked = 0;
    for (let bj = 0; bj < haze.ny; bj++)
      for (let bi = 0; bi < haze.nx; bi++) {
        let max = 0;
        for (let j = bj * 3; j < Math.min(300, bj * 3 + 3); j++) for (let i = bi * 3; i < Math.min(400, bi * 3 + 3); i++) max = Math.max(max, original[j * 400 + i]!);
        const got = decoded[bj * haze.nx + bi]!;
        if (max < field.floorMgM3) {
          expect(got).toBe(0);
        } else {
          expect(Math.abs(got / max - 1)).toBeLessThanOrEqual(halfStep * 1.0001);
          checked++;
        }
      }
    expect(checked).toBeGreaterThan(1000);
    expect(field.maxMgM3).toBeCloseTo(Math.max(...original), 0);
  });

  it('stays within its bounds however large the grid and however many leaks: at most 16,384 one-byte cells per leak', () => {
    const leakIds = Array.from({ length: MAX_LIVE_LEAKS }, (_, k) => `L${k}`);
    const recorded = dispersionZones(snapshot(0, { nx: 2000, ny: 1500, dxM: 2 }, leakIds));
    const haze = recorded.haze!;
    expect(haze.nx * haze.ny).toBeLessThanOrEqual(RECORDED_HAZE_MAX_CELLS);
    expect(haze.fields).toHaveLength(MAX_LIVE_LEAKS);
    // Base64 of 16,384 bytes per leak, plus the outlines and names: well under a quarter MiB per picture.
    expect(JSON.stringify(recorded).length).toBeLessThan(MAX_LIVE_LEAKS * 22_000 + 10_000);
    // The contract reads it back, and refuses a raster over the bound or with a short field.
    expect(DispersionZonesSchema.safeParse(JSON.parse(JSON.stringify(recorded))).success).toBe(true);
    expect(DispersionZonesSchema.safeParse({ ...recorded, haze: { ...haze, nx: 200, ny: 200 } }).success).toBe(false);
    expect(DispersionZonesSchema.safeParse({ ...recorded, haze: { ...haze, fields: [{ ...haze.fields[0]!, levels: 'AAAA' }] } }).success).toBe(false);
  });

  it('keeps no haze where the live layer draws none: no grid, a leak without zones, a field below the floor', () => {
    expect(recordedHaze(snapshot(0, null))).toBeNull();
    const withoutZones = { ...snapshot(0, { nx: 50, ny: 50, dxM: 1 }), zones: [] };
    expect(recordedHaze(withoutZones)).toBeNull();
    const faint = snapshot(0, { nx: 50, ny: 50, dxM: 1 });
    faint.fields[0]!.valuesMgM3 = new Float32Array(2500).fill(0.001);
    expect(recordedHaze(faint)).toBeNull();
    // A picture with no zones (the cloud gone) is recorded without a haze.
    expect(dispersionZones({ ...snapshot(0, { nx: 50, ny: 50, dxM: 1 }), zones: [] })).not.toHaveProperty('haze');
  });

  it('an old recording (zones only, no haze) still reads: the haze is simply absent', () => {
    const old: unknown = { atMs: 1, wind: { speedMps: 3, fromDeg: 270, stabilityClass: 'D', sampleAtMs: 1 }, leaks: [{ leakId: 'L1', equipmentId: 'B-301', substanceId: 'chlorine' }], zones: [{ leakId: 'L1', level: 'AEGL-2', thresholdPpm: 2.8, rings: [[[0, 0], [1, 0], [1, 1]]] }] };
    const parsed = DispersionZonesSchema.parse(old);
    expect(parsed.haze).toBeUndefined();
    expect(parsed.zones).toHaveLength(1);
  });

  it("records the studies' haze and a drill's own cloud on its own channel; a replay gives each back at any instant, and the drill cloud goes when the drill ends", async () => {
    const dataDir = makeTempDir('dispersion-haze-replay');
    const { startMs, endMs: now } = await recordMinute(dataDir, (bus, now, second) => {
      // A study from 5 s on; a drill's cloud from 20 s to 40 s (then the empty picture the drill's end publishes).
      if (second >= 5) bus.publish('dispersion', snapshot(now, { nx: 200, ny: 100, dxM: 2 }, ['study']));
      if (second >= 20 && second < 40) bus.publish('drillDispersion', snapshot(now, { nx: 300, ny: 300, dxM: 1 }, ['drill-leak']));
      if (second === 40) bus.publish('drillDispersion', { ...snapshot(now, null, []), leaks: [], zones: [] });
    });

    const set = await RecordingSet.open({ dir: recordingsDirOf(dataDir), fromMs: startMs, toMs: now });
    const drillPictures: DispersionZones[] = [];
    const keyframes: { logMs: number; drill: DispersionZones | null | undefined; study: DispersionZones | null | undefined }[] = [];
    for await (const message of set.messagesBetween(startMs, now)) {
      if (message.kind === 'drillDispersion') drillPictures.push(message.payload);
      if (message.kind === 'keyframe') keyframes.push({ logMs: message.logMs, drill: message.payload.drillDispersion, study: message.payload.dispersion });
    }
    await set.close();
    // 20, 25, 30, 35 s, and the empty picture at 40 s: throttled as the studies are.
    expect(drillPictures.map((p) => p.zones.length)).toEqual([3, 3, 3, 3, 0]);
    expect(drillPictures[0]!.haze!.fields.map((f) => f.leakId)).toEqual(['drill-leak']);
    // A keyframe carries both pictures standing, haze included, so a seek shows them without the pictures before it.
    const at40 = keyframes.find((k) => k.logMs === startMs + 40_000)!;
    expect(at40.drill!.haze!.fields[0]!.leakId).toBe('drill-leak');
    expect(at40.study!.haze!.fields[0]!.leakId).toBe('study');
    expect(keyframes.find((k) => k.logMs === startMs + 50_000)!.drill ?? null).toBeNull();

    let wallMs = 0;
    const replay = await ReplaySession.open({ dir: recordingsDirOf(dataDir), fromMs: startMs, toMs: now }, { nowMs: () => wallMs, sleep: async (ms) => void (wallMs += ms) });
    const studies: (DispersionZones | null)[] = [];
    const drills: (DispersionZones | null)[] = [];
    replay.on('dispersion', (zones) => studies.push(zones));
    replay.on('drillDispersion', (zones) => drills.push(zones));
    await replay.seek(startMs + 33_000);
    expect(studies.at(-1)!.haze!.fields.map((f) => f.leakId)).toEqual(['study']);
    expect(drills.at(-1)!.haze!.fields.map((f) => f.leakId)).toEqual(['drill-leak']);
    // The drill's cloud never mixes into the studies' picture.
    expect(studies.at(-1)!.leaks.map((l) => l.leakId)).toEqual(['study']);
    const decoded = recordedHazeValues(drills.at(-1)!.haze!, drills.at(-1)!.haze!.fields[0]!);
    expect(Math.max(...decoded)).toBeGreaterThan(1e3);
    await replay.seek(startMs + 45_000);
    expect(drills.at(-1)).toBeNull();
    expect(studies.at(-1)!.zones).toHaveLength(3);
    await replay.seek(startMs + 10_000);
    expect(drills.at(-1)).toBeNull();
    await replay.dispose();
  });
});
