import type { DispersionGrid } from '@contracts';
import type { LeakPicture } from '../leak/leakFeed.js';
import { rasterizePlume } from '../leak/plumeRaster.js';
import { threatZoneRank } from '../leak/threatZoneColours.js';

/**
 * The leak picture on the 2D map: the same raster as the 3D cloud (plumeRaster.ts), turned into an
 * image the right way up, and the threat test for muster points and gates.
 */

/** A drill cloud is hatched like the 3D one (PlumeLayer.tsx): diagonal bands this wide, every other one faint. */
export const HATCH_PERIOD_M = 8;
const HATCH_FAINT = 0.18;

/** The raster's extent in plant metres as deck.gl BitmapLayer bounds [west, south, east, north] (grid values are cell centres). */
export function gridBounds(grid: DispersionGrid): [number, number, number, number] {
  return [grid.x0 - grid.dxM / 2, grid.y0 - grid.dyM / 2, grid.x0 + (grid.nx - 0.5) * grid.dxM, grid.y0 + (grid.ny - 0.5) * grid.dyM];
}

/**
 * The cloud as image pixels, top row north (the grid's row 0 is its southernmost), hatched for a drill.
 * Null without a grid.
 */
export function cloudImagePixels(picture: LeakPicture, drill: boolean): Uint8ClampedArray<ArrayBuffer> | null {
  const grid = picture.grid;
  const raster = rasterizePlume(picture);
  if (!grid || !raster) return null;
  const rowBytes = grid.nx * 4;
  const out = new Uint8ClampedArray(new ArrayBuffer(raster.length));
  for (let row = 0; row < grid.ny; row++) out.set(raster.subarray(row * rowBytes, (row + 1) * rowBytes), (grid.ny - 1 - row) * rowBytes);
  if (drill) {
    for (let row = 0; row < grid.ny; row++) {
      const y = grid.y0 + row * grid.dyM;
      for (let col = 0; col < grid.nx; col++) {
        const x = grid.x0 + col * grid.dxM;
        const band = ((x + y) / HATCH_PERIOD_M) % 1;
        if ((band + 1) % 1 < 0.5) {
          const p = ((grid.ny - 1 - row) * grid.nx + col) * 4 + 3;
          out[p] = out[p]! * HATCH_FAINT;
        }
      }
    }
  }
  return out;
}

/**
 * Whether a plant point lies where any leak's cloud reaches a disabling or life-threatening level
 * (threat ranks 0 and 1: AEGL-3/-2, ERPG-3/-2, IDLH, 60 % LEL) — the levels evacuation routes avoid
 * (docs/evacuation.md), so a muster point the board would flag is flagged on the map too, even
 * before an evacuation is ordered.
 */
export function inThreatZone(picture: LeakPicture | null, x: number, y: number): boolean {
  const grid = picture?.grid;
  if (!picture || !grid) return false;
  const col = Math.round((x - grid.x0) / grid.dxM);
  const row = Math.round((y - grid.y0) / grid.dyM);
  if (col < 0 || row < 0 || col >= grid.nx || row >= grid.ny) return false;
  const cell = row * grid.nx + col;
  return picture.fields.some((field) =>
    picture.zones.some((z) => z.leakId === field.leakId && threatZoneRank(z.level) <= 1 && field.valuesMgM3[cell]! >= z.thresholdMgM3),
  );
}
