import { describe, expect, it } from 'vitest';
import { DispersionZonesSchema, type DispersionSnapshot } from '@contracts';
import { dispersionZones } from '../../../main/recording/dispersionZones.js';
import { rasterizePlume } from '../leak/plumeRaster.js';
import type { LeakPicture } from '../leak/leakFeed.js';
import { replayedLeakPicture } from './replayCloud.js';

const NX = 300;
const NY = 200;
const zone = (level: string, thresholdMgM3: number) => ({ leakId: 'L1', level, thresholdPpm: thresholdMgM3 / 2.9, thresholdMgM3, rings: [[[0, 0], [10, 0], [10, 10]] as [number, number][]], areaM2: 1, downwindDistanceM: 1, widthM: 1, reachesEdge: false, workerIds: [], buildingIds: [] });

/** A live picture: a plume from the grid's west edge, over five decades, with three AEGL levels. */
function livePicture(): LeakPicture {
  const values = new Float32Array(NX * NY);
  for (let j = 0; j < NY; j++)
    for (let i = 0; i < NX; i++) {
      const y = j - NY / 2;
      values[j * NX + i] = 2e4 * Math.exp(-i / 25) * Math.exp(-(y * y) / (2 * (4 + 0.25 * i) ** 2));
    }
  return {
    seq: 1,
    atMs: 0,
    wind: { speedMps: 3, fromDeg: 270, stabilityClass: 'D', sampleAtMs: 0 },
    leaks: [{ leakId: 'L1', equipmentId: 'B-301', substanceId: 'chlorine' } as LeakPicture['leaks'][number]],
    grid: { x0: 10, y0: -100, dxM: 1, dyM: 1, nx: NX, ny: NY, zM: 0 },
    fields: [{ leakId: 'L1', valuesMgM3: values, maxMgM3: 2e4 }],
    zones: [zone('AEGL-3', 60), zone('AEGL-2', 8), zone('AEGL-1', 1.5)],
    detectors: [],
    buildings: [],
    directionUncertainty: null,
    warnings: [],
    computeMs: 1,
  };
}

/** What the core records and sends to a replaying screen: the recorded picture, through JSON and the contract. */
function recorded(picture: LeakPicture) {
  return DispersionZonesSchema.parse(JSON.parse(JSON.stringify(dispersionZones(picture as DispersionSnapshot))));
}

const colour = (pixels: Uint8Array, cell: number) => `${pixels[cell * 4]},${pixels[cell * 4 + 1]},${pixels[cell * 4 + 2]}`;

describe('a replayed cloud', () => {
  it('is drawn with the haze it had live: each coarse cell takes the colour the live layer gave the strongest cell it pools', () => {
    const live = livePicture();
    const livePixels = rasterizePlume(live)!;
    const replayed = replayedLeakPicture(recorded(live));
    const grid = replayed.grid!;
    // 60,000 cells pooled 2 × 2 (under 16,384 cells).
    expect([grid.nx, grid.ny, grid.dxM]).toEqual([150, 100, 2]);
    const pixels = rasterizePlume(replayed)!;
    const values = live.fields[0]!.valuesMgM3;
    let coloured = 0;
    let same = 0;
    let hazeCells = 0;
    for (let bj = 0; bj < grid.ny; bj++)
      for (let bi = 0; bi < grid.nx; bi++) {
        let strongest = bj * 2 * NX + bi * 2;
        for (let j = bj * 2; j < bj * 2 + 2; j++) for (let i = bi * 2; i < bi * 2 + 2; i++) if (values[j * NX + i]! > values[strongest]!) strongest = j * NX + i;
        const cell = bj * grid.nx + bi;
        if (livePixels[strongest * 4 + 3] === 0) {
          expect(pixels[cell * 4 + 3]).toBe(0);
          continue;
        }
        coloured++;
        if (colour(pixels, cell) === colour(livePixels, strongest)) same++;
        if (colour(pixels, cell) === '200,200,200') hazeCells++;
      }
    expect(coloured).toBeGreaterThan(2000);
    // Only cells within half a quantisation step of a threshold may take the neighbouring level.
    expect(same / coloured).toBeGreaterThan(0.98);
    // The grey haze beyond the least severe level is there too, not only the threat colours.
    expect(hazeCells).toBeGreaterThan(100);
    // The block sits where its cells were: its centre is the middle of the two cells it pools.
    expect([grid.x0, grid.y0]).toEqual([10.5, -99.5]);
  });

  it('from a recording made before the haze was recorded: zone outlines only, no raster', () => {
    const old = recorded(livePicture());
    delete old.haze;
    const replayed = replayedLeakPicture(old);
    expect(replayed.grid).toBeNull();
    expect(replayed.fields).toEqual([]);
    expect(rasterizePlume(replayed)).toBeNull();
    expect(replayed.zones.map((z) => z.level)).toEqual(['AEGL-3', 'AEGL-2', 'AEGL-1']);
  });
});
