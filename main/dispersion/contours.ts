/**
 * Marching squares (Lorensen & Cline 1987, in its 2-D form) on a regular grid: closed rings where
 * the field crosses a threshold. The grid is padded with "below" values so every ring closes at
 * the grid edge; saddle cells are resolved by the cell-centre mean. Rings are in plant metres.
 */
export type Ring = [number, number][];
export type GridGeometry = { x0: number; y0: number; dxM: number; dyM: number; nx: number; ny: number };

// Segments per case as pairs of edges: 0 bottom, 1 right, 2 top, 3 left (corners bl=1, br=2, tr=4, tl=8).
const CASES: readonly (readonly [number, number][])[] = [
  [], [[3, 0]], [[0, 1]], [[3, 1]], [[1, 2]], [], [[0, 2]], [[3, 2]],
  [[3, 2]], [[0, 2]], [], [[1, 2]], [[3, 1]], [[0, 1]], [[3, 0]], [],
];

export function contourRings(values: ArrayLike<number>, grid: GridGeometry, threshold: number): Ring[] {
  const { nx, ny } = grid;
  const value = (i: number, j: number) => (i < 0 || j < 0 || i >= nx || j >= ny ? Number.NEGATIVE_INFINITY : values[j * nx + i]!);
  // Edge ids on the padded lattice of nodes i ∈ [−1, nx], j ∈ [−1, ny].
  const w = nx + 2;
  const node = (i: number, j: number) => (j + 1) * w + (i + 1);
  const points = new Map<number, [number, number]>();
  const links = new Map<number, number[]>();
  const segments: [number, number][] = [];
  const pointOnEdge = (i0: number, j0: number, i1: number, j1: number): number => {
    const id = node(i0, j0) * 2 + (i1 === i0 ? 1 : 0);
    if (!points.has(id)) {
      const v0 = value(i0, j0);
      const v1 = value(i1, j1);
      // Interpolate linearly; against the padding the crossing sits on the inside node.
      let t = Number.isFinite(v0) && Number.isFinite(v1) ? (threshold - v0) / (v1 - v0) : Number.isFinite(v0) ? 0 : 1;
      t = Math.min(1, Math.max(0, t));
      const x = grid.x0 + (i0 + t * (i1 - i0)) * grid.dxM;
      const y = grid.y0 + (j0 + t * (j1 - j0)) * grid.dyM;
      points.set(id, [x, y]);
    }
    return id;
  };
  const edgePoint = (edge: number, i: number, j: number): number => {
    switch (edge) {
      case 0:
        return pointOnEdge(i, j, i + 1, j);
      case 1:
        return pointOnEdge(i + 1, j, i + 1, j + 1);
      case 2:
        return pointOnEdge(i, j + 1, i + 1, j + 1);
      default:
        return pointOnEdge(i, j, i, j + 1);
    }
  };
  const addSegment = (a: number, b: number) => {
    const index = segments.length;
    segments.push([a, b]);
    for (const p of [a, b]) {
      const list = links.get(p);
      if (list) list.push(index);
      else links.set(p, [index]);
    }
  };
  for (let j = -1; j < ny; j++) {
    for (let i = -1; i < nx; i++) {
      const bl = value(i, j);
      const br = value(i + 1, j);
      const tr = value(i + 1, j + 1);
      const tl = value(i, j + 1);
      const code = (bl >= threshold ? 1 : 0) | (br >= threshold ? 2 : 0) | (tr >= threshold ? 4 : 0) | (tl >= threshold ? 8 : 0);
      if (code === 0 || code === 15) continue;
      if (code === 5 || code === 10) {
        const finite = [bl, br, tr, tl].filter(Number.isFinite);
        const centreAbove = finite.length === 4 && (bl + br + tr + tl) / 4 >= threshold;
        // Saddles: when the centre is above, the "above" corners connect through it.
        const pairs: [number, number][] =
          code === 5 ? (centreAbove ? [[0, 1], [3, 2]] : [[3, 0], [1, 2]]) : centreAbove ? [[3, 0], [1, 2]] : [[0, 1], [3, 2]];
        for (const [a, b] of pairs) addSegment(edgePoint(a, i, j), edgePoint(b, i, j));
        continue;
      }
      for (const [a, b] of CASES[code]!) addSegment(edgePoint(a, i, j), edgePoint(b, i, j));
    }
  }
  // Link segments into rings.
  const used = new Uint8Array(segments.length);
  const rings: Ring[] = [];
  for (let s = 0; s < segments.length; s++) {
    if (used[s]) continue;
    used[s] = 1;
    const [start, next0] = segments[s]!;
    const ring: Ring = [points.get(start)!];
    let current = next0;
    let guard = segments.length + 1;
    while (current !== start && guard-- > 0) {
      ring.push(points.get(current)!);
      const candidates = links.get(current) ?? [];
      const nextSegment = candidates.find((c) => !used[c]);
      if (nextSegment === undefined) break;
      used[nextSegment] = 1;
      const [a, b] = segments[nextSegment]!;
      current = a === current ? b : a;
    }
    if (ring.length >= 3) rings.push(ring);
  }
  return rings;
}

/** Shoelace area of a ring, m² (absolute). */
export function ringAreaM2(ring: Ring): number {
  let twice = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) twice += ring[j]![0] * ring[i]![1] - ring[i]![0] * ring[j]![1];
  return Math.abs(twice) / 2;
}

/**
 * Douglas–Peucker simplification (Douglas & Peucker 1973) of a closed ring to a tolerance, so the
 * snapshot sent to the UI stays small.
 */
export function simplifyRing(ring: Ring, toleranceM: number): Ring {
  if (ring.length <= 8 || toleranceM <= 0) return ring;
  const keep = new Uint8Array(ring.length);
  keep[0] = 1;
  keep[ring.length - 1] = 1;
  const stack: [number, number][] = [[0, ring.length - 1]];
  while (stack.length > 0) {
    const [a, b] = stack.pop()!;
    const [ax, ay] = ring[a]!;
    const [bx, by] = ring[b]!;
    const len = Math.hypot(bx - ax, by - ay) || 1e-12;
    let worst = -1;
    let worstDistance = toleranceM;
    for (let k = a + 1; k < b; k++) {
      const [px, py] = ring[k]!;
      const distance = Math.abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / len;
      if (distance > worstDistance) {
        worstDistance = distance;
        worst = k;
      }
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push([a, worst], [worst, b]);
    }
  }
  return ring.filter((_, k) => keep[k] === 1);
}
