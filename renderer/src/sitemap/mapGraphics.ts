import type { ClientScene } from '@contracts';

/**
 * Pure geometry of the site map's fixed furniture (scale bar, wind arrow) and of the camera wall's
 * detection boxes, kept apart from deck.gl and React so it is unit-tested.
 */

/** Scale bar lengths follow the 1–2–5 series of map practice, so the bar always reads as a round number. */
const SCALE_STEPS = [1, 2, 5] as const;

/**
 * The longest round length (1, 2 or 5 × 10ⁿ metres) whose bar fits within `maxWidthPx` at `pixelsPerMetre`,
 * and the bar's width in pixels. Orthographic map: one scale over the whole view.
 */
export function scaleBarStep(pixelsPerMetre: number, maxWidthPx: number): { lengthM: number; widthPx: number } {
  const maxM = maxWidthPx / pixelsPerMetre;
  // One decade up as well: log10 of an exact power of ten may come out just below the integer.
  const decade = 10 ** Math.floor(Math.log10(maxM));
  let lengthM = decade / 10;
  for (const d of [decade, decade * 10]) for (const step of SCALE_STEPS) if (Number((step * d).toPrecision(6)) <= maxM) lengthM = Number((step * d).toPrecision(6));
  return { lengthM, widthPx: lengthM * pixelsPerMetre };
}

/** A scale length as text: metres below a kilometre, kilometres above (the unit names are i18n keys). */
export function scaleLabel(lengthM: number): { value: number; unit: 'm' | 'km' } {
  return lengthM >= 1000 ? { value: lengthM / 1000, unit: 'km' } : { value: lengthM, unit: 'm' };
}

/**
 * The wind arrow: meteorological direction is where the wind blows FROM (WMO No. 8, §5.1), the arrow
 * points where it blows TO — the way a cloud drifts. `rotationDeg` turns an arrow drawn pointing north
 * (screen up) clockwise, on a north-up map. Null without both readings.
 */
export function windArrow(fromDeg: number, speedMps: number): { rotationDeg: number; speedMps: number; calm: boolean } | null {
  if (!Number.isFinite(fromDeg) || !Number.isFinite(speedMps) || speedMps < 0) return null;
  const towardsDeg = (((fromDeg + 180) % 360) + 360) % 360;
  // WMO: below 0.5 m/s (Beaufort 0) the direction is not defined; the arrow is drawn as calm.
  return { rotationDeg: towardsDeg, speedMps, calm: speedMps < 0.5 };
}

/** The weather station's latest wind (sensors of kind windSpeed and windDirection, live values indexed like scene.sensors). */
export function stationWind(scene: Pick<ClientScene, 'sensors'>, values: ArrayLike<number>): { fromDeg: number; speedMps: number } | null {
  const speedIndex = scene.sensors.findIndex((s, i) => s.kind === 'windSpeed' && Number.isFinite(values[i]));
  const directionIndex = scene.sensors.findIndex((s, i) => s.kind === 'windDirection' && Number.isFinite(values[i]));
  if (speedIndex < 0 || directionIndex < 0) return null;
  return { speedMps: values[speedIndex]!, fromDeg: values[directionIndex]! };
}

/**
 * A box in image pixels grown about its centre so that it is at least `minScreenPx` on screen when the
 * image is drawn `renderedWidthPx` wide (issue 12: a detection was a 4×8 px box), kept inside the image.
 */
export function minimumBox(
  box: readonly [number, number, number, number],
  imageWidthPx: number,
  imageHeightPx: number,
  renderedWidthPx: number,
  minScreenPx: number,
): [number, number, number, number] {
  const minImagePx = renderedWidthPx > 0 ? (minScreenPx * imageWidthPx) / renderedWidthPx : minScreenPx;
  const grow = (start: number, size: number, limit: number): [number, number] => {
    const wanted = Math.min(Math.max(size, minImagePx), limit);
    const from = Math.min(Math.max(start + size / 2 - wanted / 2, 0), limit - wanted);
    return [from, wanted];
  };
  const [x, w] = grow(box[0], box[2], imageWidthPx);
  const [y, h] = grow(box[1], box[3], imageHeightPx);
  return [x, y, w, h];
}

/** Image-pixel font size whose text is at least `minScreenPx` tall on screen at the rendered width. */
export function minimumFontPx(baseImagePx: number, imageWidthPx: number, renderedWidthPx: number, minScreenPx: number): number {
  if (renderedWidthPx <= 0) return baseImagePx;
  return Math.max(baseImagePx, (minScreenPx * imageWidthPx) / renderedWidthPx);
}
