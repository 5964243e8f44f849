import { RECORDED_HAZE_MAX_CELLS, recordedHazeLevel, type DispersionSnapshot, type RecordedHaze } from '../contracts/index.js';

/**
 * The recorded haze reaches down to this fraction of a leak's least severe threat level: where the live
 * cloud layer fades its grey haze out (renderer/src/leak/plumeRaster.ts, HAZE_FLOOR_FRACTION, two
 * decades on a log scale), so a replay draws as far out as live did.
 */
export const HAZE_FLOOR_FRACTION = 0.01;

type Values = ArrayLike<number>;

/**
 * A snapshot's concentration fields as a coarse, quantised raster (the contract's RecordedHaze): the
 * grid pooled into k × k blocks, k the smallest that fits RECORDED_HAZE_MAX_CELLS, each block the
 * highest value of its cells (a coarse picture never shows less than was there), then one byte per
 * block on each leak's log scale. Leaks without threat zones are left out, as the live layer draws
 * no haze for them either. Null when there is no grid or nothing to draw.
 */
export function recordedHaze(snapshot: Pick<DispersionSnapshot, 'grid' | 'fields' | 'zones'>, maxCells = RECORDED_HAZE_MAX_CELLS): RecordedHaze | null {
  const grid = snapshot.grid;
  if (!grid) return null;
  const k = Math.max(1, Math.ceil(Math.sqrt((grid.nx * grid.ny) / maxCells)));
  let nx = Math.ceil(grid.nx / k);
  let ny = Math.ceil(grid.ny / k);
  // The square root's ceiling can still leave one row too many of partial blocks: widen until it fits.
  let block = k;
  while (nx * ny > maxCells) {
    block++;
    nx = Math.ceil(grid.nx / block);
    ny = Math.ceil(grid.ny / block);
  }
  const fields: RecordedHaze['fields'] = [];
  for (const field of snapshot.fields) {
    const thresholds = snapshot.zones.filter((z) => z.leakId === field.leakId).map((z) => z.thresholdMgM3);
    if (thresholds.length === 0) continue;
    const floorMgM3 = Math.min(...thresholds) * HAZE_FLOOR_FRACTION;
    const pooled = poolMax(field.valuesMgM3 as Values, grid.nx, grid.ny, block, nx, ny);
    let maxMgM3 = 0;
    for (const v of pooled) if (v > maxMgM3) maxMgM3 = v;
    if (!(maxMgM3 >= floorMgM3)) continue;
    const bytes = new Uint8Array(nx * ny);
    for (let c = 0; c < bytes.length; c++) bytes[c] = recordedHazeLevel(pooled[c]!, floorMgM3, maxMgM3);
    fields.push({ leakId: field.leakId, floorMgM3, maxMgM3, levels: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') });
  }
  if (fields.length === 0) return null;
  // A block's centre: the middle of the cells it pools (cell centres are x0 + i·dxM).
  return { x0: grid.x0 + ((block - 1) * grid.dxM) / 2, y0: grid.y0 + ((block - 1) * grid.dyM) / 2, dxM: grid.dxM * block, dyM: grid.dyM * block, nx, ny, fields };
}

function poolMax(values: Values, nx: number, ny: number, block: number, outNx: number, outNy: number): Float32Array {
  const out = new Float32Array(outNx * outNy);
  for (let j = 0; j < ny; j++) {
    const row = Math.floor(j / block) * outNx;
    for (let i = 0; i < nx; i++) {
      const v = values[j * nx + i]!;
      const c = row + Math.floor(i / block);
      if (v > out[c]!) out[c] = v;
    }
  }
  return out;
}

/** About how many bytes a recorded haze takes as JSON (for the recorder's bounded queue). */
export function recordedHazeBytes(haze: RecordedHaze | undefined): number {
  return haze ? 200 + haze.fields.reduce((n, f) => n + 120 + f.levels.length, 0) : 0;
}
