import type { LeakPicture } from './leakFeed.js';
import { threatZoneColour, threatZoneRank } from './threatZoneColours.js';

/** Below the least severe level the cloud is drawn as a grey haze down to this fraction of it (two decades on a log scale). */
const HAZE_FLOOR_FRACTION = 0.01;
const ZONE_ALPHA = 150;
const HAZE_MAX_ALPHA = 90;
const HAZE_GREY = 200;

type Band = { thresholdMgM3: number; rgb: [number, number, number]; rank: number };

function rgbOf(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/**
 * The ground-level picture as RGBA pixels, one per grid cell (row 0 = southernmost row, as the
 * grid): each cell takes the colour of the most severe threat level any leak reaches there;
 * below every level, a grey haze fading on a log scale, so the cloud's extent is visible without
 * colour claiming an abnormal state it has not reached. Returns null without a grid.
 */
export function rasterizePlume(picture: LeakPicture, out?: Uint8Array): Uint8Array | null {
  const grid = picture.grid;
  if (!grid) return null;
  const cells = grid.nx * grid.ny;
  const pixels = out && out.length === cells * 4 ? out : new Uint8Array(cells * 4);
  pixels.fill(0);
  const bestRank = new Uint8Array(cells).fill(255);
  for (const field of picture.fields) {
    const bands: Band[] = picture.zones
      .filter((z) => z.leakId === field.leakId)
      .map((z) => ({ thresholdMgM3: z.thresholdMgM3, rgb: rgbOf(threatZoneColour(z.level)), rank: threatZoneRank(z.level) }))
      .sort((a, b) => b.thresholdMgM3 - a.thresholdMgM3);
    if (bands.length === 0) continue;
    const lowest = bands[bands.length - 1]!.thresholdMgM3;
    const hazeFloor = lowest * HAZE_FLOOR_FRACTION;
    const logSpan = Math.log(lowest / hazeFloor);
    const values = field.valuesMgM3;
    for (let c = 0; c < cells; c++) {
      const v = values[c]!;
      if (!(v > hazeFloor)) continue;
      const band = bands.find((b) => v >= b.thresholdMgM3);
      const p = c * 4;
      if (band) {
        if (band.rank >= bestRank[c]!) continue;
        bestRank[c] = band.rank;
        pixels[p] = band.rgb[0];
        pixels[p + 1] = band.rgb[1];
        pixels[p + 2] = band.rgb[2];
        pixels[p + 3] = ZONE_ALPHA;
      } else if (bestRank[c] === 255) {
        const alpha = Math.round(HAZE_MAX_ALPHA * (Math.log(v / hazeFloor) / logSpan));
        if (alpha <= pixels[p + 3]!) continue;
        pixels[p] = HAZE_GREY;
        pixels[p + 1] = HAZE_GREY;
        pixels[p + 2] = HAZE_GREY;
        pixels[p + 3] = alpha;
      }
    }
  }
  return pixels;
}
