/**
 * A travel-cost field on a cell grid (from fast marching) and the two queries the agents make of
 * it: the remaining cost at a point, and the direction of steepest descent.
 */
export type ScalarField = { x0: number; y0: number; cellSizeM: number; nx: number; ny: number; values: Float32Array };

/** Bilinear value over the finite corners around the point; Infinity when none is finite. */
export function sampleField(f: ScalarField, x: number, y: number): number {
  const fi = (x - f.x0) / f.cellSizeM - 0.5;
  const fj = (y - f.y0) / f.cellSizeM - 0.5;
  const i0 = Math.floor(fi);
  const j0 = Math.floor(fj);
  const tx = fi - i0;
  const ty = fj - j0;
  let sum = 0;
  let weight = 0;
  for (let dj = 0; dj <= 1; dj++) {
    for (let di = 0; di <= 1; di++) {
      const i = i0 + di;
      const j = j0 + dj;
      if (i < 0 || j < 0 || i >= f.nx || j >= f.ny) continue;
      const v = f.values[j * f.nx + i]!;
      if (!(v < Infinity)) continue;
      const w = (di ? tx : 1 - tx) * (dj ? ty : 1 - ty) + 1e-9;
      sum += w * v;
      weight += w;
    }
  }
  return weight > 0 ? sum / weight : Infinity;
}

/**
 * Unit direction of steepest descent at (x, y) written to out; false when the field is flat or
 * unreached here. Gradients are central differences per cell (one-sided next to blocked cells),
 * blended bilinearly between the four surrounding cell centres so the heading turns smoothly.
 */
export function descentDirection(f: ScalarField, x: number, y: number, out: { x: number; y: number }): boolean {
  const h = f.cellSizeM;
  const fi = (x - f.x0) / h - 0.5;
  const fj = (y - f.y0) / h - 0.5;
  const i0 = Math.floor(fi);
  const j0 = Math.floor(fj);
  const tx = fi - i0;
  const ty = fj - j0;
  const { nx, ny, values } = f;
  let gx = 0;
  let gy = 0;
  let weight = 0;
  for (let dj = 0; dj <= 1; dj++) {
    for (let di = 0; di <= 1; di++) {
      const i = i0 + di;
      const j = j0 + dj;
      if (i < 1 || j < 1 || i >= nx - 1 || j >= ny - 1) continue;
      const c = j * nx + i;
      const tc = values[c]!;
      if (!(tc < Infinity)) continue;
      const w = (di ? tx : 1 - tx) * (dj ? ty : 1 - ty) + 1e-6;
      gx += w * difference(values[c - 1]!, tc, values[c + 1]!, h);
      gy += w * difference(values[c - nx]!, tc, values[c + nx]!, h);
      weight += w;
    }
  }
  const norm = Math.hypot(gx, gy);
  if (weight > 0 && norm > 1e-9) {
    out.x = -gx / norm;
    out.y = -gy / norm;
    return true;
  }
  return towardLowestNeighbour(f, x, y, out);
}

function difference(low: number, centre: number, high: number, h: number): number {
  const lowOk = low < Infinity;
  const highOk = high < Infinity;
  if (lowOk && highOk) {
    // Upwind choice at a ridge or valley keeps the agent from stalling between two equal routes.
    if (low < centre && high < centre) return low < high ? (centre - low) / h : (high - centre) / h;
    return (high - low) / (2 * h);
  }
  if (highOk) return (high - centre) / h;
  if (lowOk) return (centre - low) / h;
  return 0;
}

/** Fallback inside a blocked or flat cell: head for the centre of the lowest of the 3×3 neighbours. */
function towardLowestNeighbour(f: ScalarField, x: number, y: number, out: { x: number; y: number }): boolean {
  const h = f.cellSizeM;
  const ci = Math.floor((x - f.x0) / h);
  const cj = Math.floor((y - f.y0) / h);
  let best = Infinity;
  let bx = 0;
  let by = 0;
  for (let j = cj - 1; j <= cj + 1; j++) {
    for (let i = ci - 1; i <= ci + 1; i++) {
      if (i < 0 || j < 0 || i >= f.nx || j >= f.ny) continue;
      const v = f.values[j * f.nx + i]!;
      if (v < best) {
        best = v;
        bx = f.x0 + (i + 0.5) * h - x;
        by = f.y0 + (j + 0.5) * h - y;
      }
    }
  }
  const norm = Math.hypot(bx, by);
  if (!(best < Infinity) || norm < 1e-9) return false;
  out.x = bx / norm;
  out.y = by / norm;
  return true;
}
