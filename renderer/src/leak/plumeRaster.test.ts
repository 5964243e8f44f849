import { describe, expect, it } from 'vitest';
import { THEME } from '../theme.js';
import type { LeakPicture } from './leakFeed.js';
import { rasterizePlume } from './plumeRaster.js';

const zone = (leakId: string, level: string, thresholdMgM3: number) => ({ leakId, level, thresholdPpm: 1, thresholdMgM3, rings: [], areaM2: 0, downwindDistanceM: 0, widthM: 0, reachesEdge: false, workerIds: [], buildingIds: [] });

function picture(values: number[][], zones: ReturnType<typeof zone>[]): LeakPicture {
  return {
    seq: 1,
    atMs: 0,
    wind: { speedMps: 2, fromDeg: 0, stabilityClass: 'D', sampleAtMs: 0 },
    leaks: [],
    grid: { x0: 0, y0: 0, dxM: 1, dyM: 1, nx: 4, ny: 1, zM: 0 },
    fields: values.map((v, i) => ({ leakId: `L${i}`, valuesMgM3: Float32Array.from(v), maxMgM3: Math.max(...v) })),
    zones,
    detectors: [],
    buildings: [],
    directionUncertainty: null,
    warnings: [],
    computeMs: 0,
  };
}

const rgba = (pixels: Uint8Array, cell: number) => Array.from(pixels.slice(cell * 4, cell * 4 + 4));
const hex = (colour: string) => {
  const n = Number.parseInt(colour.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
};

describe('plume raster', () => {
  it('colours each cell by the most severe level reached, hazes below, and leaves clean air clear', () => {
    const pixels = rasterizePlume(picture([[100, 20, 0.5, 0.001]], [zone('L0', 'AEGL-3', 50), zone('L0', 'AEGL-2', 10), zone('L0', 'AEGL-1', 1)]))!;
    expect(rgba(pixels, 0).slice(0, 3)).toEqual(hex(THEME.alarm.urgent));
    expect(rgba(pixels, 1).slice(0, 3)).toEqual(hex(THEME.alarm.high));
    const haze = rgba(pixels, 2);
    expect(haze[0]).toBe(haze[1]);
    expect(haze[3]).toBeGreaterThan(0);
    expect(rgba(pixels, 3)).toEqual([0, 0, 0, 0]);
  });

  it('takes the worse of two leaks in a cell', () => {
    const pixels = rasterizePlume(picture([[5, 0, 0, 0], [100, 0, 0, 0]], [zone('L0', 'AEGL-1', 1), zone('L1', 'AEGL-3', 50)]))!;
    expect(rgba(pixels, 0).slice(0, 3)).toEqual(hex(THEME.alarm.urgent));
  });
});
