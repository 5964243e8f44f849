import { isPointInPolygon, type Point2, type Polygon } from '../contracts/index.js';
import { EvacuationInputError } from './errors.js';
import { EVACUATION_MODEL_DEFAULTS } from './modelDefaults.js';
import {
  boundsOf,
  closestParameter,
  distanceToSegmentM,
  rasterizeSegment,
  ringEdges,
  scanlineFill,
  segmentLengthM,
  segmentTouchesBox,
  type GridFrame,
  type Segment,
} from './planeGeometry.js';

/** A walkable polygon: its exterior ring, then any holes. */
export type WalkablePolygon = { exterior: Polygon; holes: Polygon[] };

export type DomainInput = {
  walkable: WalkablePolygon[];
  obstacles: Polygon[];
  /** Thin walls such as fences (open polylines, already split into segments). */
  thinWalls: Segment[];
  /** Openings in the boundary (exits, gates). Width = segment length. */
  openings: { id: string; line: Segment; path: string }[];
  cellSizeM?: number;
};

export type Opening = {
  id: string;
  line: Segment;
  widthM: number;
  outwardX: number;
  outwardY: number;
  /** The far end of the door frame: an agent has gone through when it crosses this line. */
  outerLine: Segment;
};

/**
 * Depth of the door frame or gate passage that every opening gets: two short walls from the posts
 * outwards. Without it an agent would count as out the moment its centre touched the opening line,
 * and a 1 m exit would pass ~2.2 persons/s — above the 1.2–2.0 persons/m/s measured for short
 * bottlenecks (Seyfried et al. 2009, Transp. Sci. 43(3); Kretz et al. 2006, J. Stat. Mech. P10014).
 */
export const DOOR_DEPTH_M = EVACUATION_MODEL_DEFAULTS.doorDepthM;

/** Distance within which a wall segment is listed in a wall-hash bucket: the largest body radius (1 m) + repulsion reach. */
const WALL_REACH_M = 1.2;
const WALL_BUCKET_M = 1;
/** How far off the boundary an opening may lie and still count as on it. */
const ON_BOUNDARY_TOLERANCE_M = 0.05;

/**
 * The walkable plane of one run: a cell grid for navigation (fast marching) and the exact wall
 * segments for the operational model (wall repulsion and the no-penetration constraint).
 */
export class WalkableDomain {
  readonly frame: GridFrame;
  /** 1 where a cell centre is walkable. */
  readonly walkable: Uint8Array;
  /** Cost per metre without hazards: Infinity on blocked cells, raised near walls. */
  readonly baseCost: Float32Array;
  readonly walls: Float64Array;
  /**
   * Lower bound of the distance (m) from any point of a cell to the nearest wall: lets the agents in
   * open ground skip the wall loops (most of a plant's area is open).
   */
  readonly wallClearanceM: Float32Array;
  readonly openings: Opening[];
  readonly walkableAreaM2: number;
  private readonly bucketNx: number;
  private readonly bucketNy: number;
  /** Wall hash (CSR): the segments of bucket b are wallItems[wallStart[b] … wallStart[b+1]) (×4 = offset in walls). */
  readonly wallStart: Int32Array;
  readonly wallItems: Int32Array;

  constructor(private readonly input: DomainInput) {
    const rings = input.walkable.map((p) => p.exterior);
    if (rings.length === 0) throw new EvacuationInputError('geometry', 'no walkable polygon');
    const b = boundsOf(rings);
    const areaM2 = (b.maxX - b.minX) * (b.maxY - b.minY);
    const d = EVACUATION_MODEL_DEFAULTS.navigation;
    const cellSizeM = input.cellSizeM ?? d.cellSizesM.find((h) => areaM2 / (h * h) <= d.maxCells) ?? Math.sqrt(areaM2 / d.maxCells);
    // Margin: room for the door frames outside the boundary, and a blocked rim for the field.
    const margin = Math.ceil((DOOR_DEPTH_M + 1.5) / cellSizeM) * cellSizeM;
    const x0 = b.minX - margin;
    const y0 = b.minY - margin;
    const nx = Math.ceil((b.maxX - b.minX + 2 * margin) / cellSizeM);
    const ny = Math.ceil((b.maxY - b.minY + 2 * margin) / cellSizeM);
    if (nx * ny > 8_000_000) throw new EvacuationInputError('geometry', `the walkable area needs ${nx}×${ny} cells at ${cellSizeM} m; give a larger run.cellSizeM`);
    this.frame = { x0, y0, cellSizeM, nx, ny };
    const n = nx * ny;

    this.walkable = new Uint8Array(n);
    for (const polygon of input.walkable) {
      const parity = new Uint8Array(n);
      scanlineFill([polygon.exterior, ...polygon.holes], this.frame, (c) => (parity[c] = 1));
      for (let c = 0; c < n; c++) if (parity[c]) this.walkable[c] = 1;
    }
    for (const obstacle of input.obstacles) scanlineFill([obstacle], this.frame, (c) => (this.walkable[c] = 0));
    for (const wall of input.thinWalls) rasterizeSegment(wall, this.frame, (c) => (this.walkable[c] = 0));

    const segments: Segment[] = [
      ...input.walkable.flatMap((p) => [p.exterior, ...p.holes].flatMap(ringEdges)),
      ...input.obstacles.flatMap(ringEdges),
      ...input.thinWalls,
    ];
    this.openings = input.openings.map((o) => this.validateOpening(o, segments));
    // Openings re-open the cells a thin wall closed (a gate between two fence posts) — except a cell
    // that a wall across the opening's line touches: where a room's wall meets the post of an exit,
    // re-opening it made a hole through that wall, and the exit's field led the room's people into
    // the corner. (The fence the gate is cut into lies along the line and does not count.)
    for (const o of this.openings) {
      const across = input.thinWalls.filter((w) => distanceToLine(w[0], w[1], o.line) > ON_BOUNDARY_TOLERANCE_M || distanceToLine(w[2], w[3], o.line) > ON_BOUNDARY_TOLERANCE_M);
      rasterizeSegment(o.line, this.frame, (c) => this.reopenIfInside(c, across));
    }
    const walls = this.subtractOpenings(segments);
    for (const o of this.openings) {
      walls.push([o.line[0], o.line[1], o.outerLine[0], o.outerLine[1]], [o.line[2], o.line[3], o.outerLine[2], o.outerLine[3]]);
    }
    this.walls = new Float64Array(walls.flat());

    let walkableCells = 0;
    for (let c = 0; c < n; c++) walkableCells += this.walkable[c]!;
    this.walkableAreaM2 = walkableCells * cellSizeM * cellSizeM;

    this.wallClearanceM = new Float32Array(n);
    this.baseCost = this.buildBaseCost();
    this.bucketNx = Math.ceil((nx * cellSizeM) / WALL_BUCKET_M);
    this.bucketNy = Math.ceil((ny * cellSizeM) / WALL_BUCKET_M);
    [this.wallStart, this.wallItems] = this.buildWallHash(walls);
  }

  cellOf(x: number, y: number): number {
    const { x0, y0, cellSizeM: h, nx, ny } = this.frame;
    const i = Math.floor((x - x0) / h);
    const j = Math.floor((y - y0) / h);
    if (i < 0 || j < 0 || i >= nx || j >= ny) return -1;
    return j * nx + i;
  }

  /** Exact test against the polygons (not the cells): inside a walkable polygon and no obstacle. */
  containsPoint(p: Point2): boolean {
    const inWalkable = this.input.walkable.some((w) => isPointInPolygon(p, w.exterior) && !w.holes.some((h) => isPointInPolygon(p, h)));
    return inWalkable && !this.input.obstacles.some((o) => isPointInPolygon(p, o));
  }

  /** Distance from a point to the nearest wall segment listed in its bucket (Infinity if none within reach). */
  nearestWallDistanceM(x: number, y: number): number {
    let best = Infinity;
    this.forEachWallNear(x, y, (k) => {
      const w = this.walls;
      const t = closestParameter(x, y, w[k]!, w[k + 1]!, w[k + 2]!, w[k + 3]!);
      const dist = Math.hypot(x - (w[k]! + t * (w[k + 2]! - w[k]!)), y - (w[k + 1]! + t * (w[k + 3]! - w[k + 1]!)));
      if (dist < best) best = dist;
    });
    return best;
  }

  /** Whether every wall is farther than marginM from the point (cheap grid test; false when unsure). */
  clearOfWalls(x: number, y: number, marginM: number): boolean {
    const c = this.cellOf(x, y);
    return c >= 0 && this.wallClearanceM[c]! > marginM;
  }

  /** The wall-hash bucket of a point, −1 outside the frame (no walls listed). */
  wallBucket(x: number, y: number): number {
    const bi = Math.floor((x - this.frame.x0) / WALL_BUCKET_M);
    const bj = Math.floor((y - this.frame.y0) / WALL_BUCKET_M);
    if (bi < 0 || bj < 0 || bi >= this.bucketNx || bj >= this.bucketNy) return -1;
    return bj * this.bucketNx + bi;
  }

  /** Calls visit(offset) with the offset into `walls` of each segment within reach of the point's bucket. */
  forEachWallNear(x: number, y: number, visit: (offset: number) => void): void {
    const bucket = this.wallBucket(x, y);
    if (bucket < 0) return;
    for (let k = this.wallStart[bucket]!; k < this.wallStart[bucket + 1]!; k++) visit(this.wallItems[k]! * 4);
  }

  /** Nearest walkable cell centre to a point (breadth-first over rings of cells), or null. */
  nearestWalkablePoint(x: number, y: number, maxRadiusM = 50): Point2 | null {
    const { x0, y0, cellSizeM: h, nx, ny } = this.frame;
    const ci = Math.floor((x - x0) / h);
    const cj = Math.floor((y - y0) / h);
    const maxRing = Math.ceil(maxRadiusM / h);
    for (let ring = 0; ring <= maxRing; ring++) {
      let best: Point2 | null = null;
      let bestD = Infinity;
      for (let j = cj - ring; j <= cj + ring; j++) {
        for (let i = ci - ring; i <= ci + ring; i++) {
          if (Math.max(Math.abs(i - ci), Math.abs(j - cj)) !== ring || i < 0 || j < 0 || i >= nx || j >= ny) continue;
          if (!this.walkable[j * nx + i]) continue;
          const px = x0 + (i + 0.5) * h;
          const py = y0 + (j + 0.5) * h;
          const dd = Math.hypot(px - x, py - y);
          if (dd < bestD) {
            bestD = dd;
            best = [px, py];
          }
        }
      }
      if (best) return best;
    }
    return null;
  }

  private reopenIfInside(cell: number, thinWalls: readonly Segment[]): void {
    if (this.walkable[cell]) return;
    const { x0, y0, cellSizeM: h, nx } = this.frame;
    const i = cell % nx;
    const j = (cell - i) / nx;
    const [minX, minY] = [x0 + i * h, y0 + j * h];
    const p: Point2 = [minX + 0.5 * h, minY + 0.5 * h];
    if (!this.containsPoint(p) || thinWalls.some((w) => segmentTouchesBox(w, minX, minY, minX + h, minY + h))) return;
    this.walkable[cell] = 1;
  }

  private validateOpening(o: DomainInput['openings'][number], segments: Segment[]): Opening {
    const widthM = segmentLengthM(o.line);
    if (!(widthM > 1e-6)) throw new EvacuationInputError(`${o.path}.line`, `exit "${o.id}" has zero width (both ends at the same point)`);
    // Covered length: the parts of the opening that lie on boundary or wall segments.
    let covered = 0;
    for (const s of segments) covered += overlapOnSegmentM(o.line, s);
    if (covered < 0.9 * widthM) {
      const nearest = Math.min(...segments.map((s) => Math.max(distanceToSegmentM(o.line[0], o.line[1], s), distanceToSegmentM(o.line[2], o.line[3], s))));
      throw new EvacuationInputError(
        `${o.path}.line`,
        `exit "${o.id}" does not lie on the walkable boundary (${(covered / widthM * 100).toFixed(0)} % of it does; nearest boundary edge ${nearest.toFixed(2)} m away)`,
      );
    }
    const mx = (o.line[0] + o.line[2]) / 2;
    const my = (o.line[1] + o.line[3]) / 2;
    let nxv = -(o.line[3] - o.line[1]) / widthM;
    let nyv = (o.line[2] - o.line[0]) / widthM;
    const probe = Math.max(0.1, this.frame.cellSizeM);
    if (this.containsPoint([mx + probe * nxv, my + probe * nyv])) {
      nxv = -nxv;
      nyv = -nyv;
    }
    const d = DOOR_DEPTH_M;
    const outerLine: Segment = [o.line[0] + d * nxv, o.line[1] + d * nyv, o.line[2] + d * nxv, o.line[3] + d * nyv];
    return { id: o.id, line: o.line, widthM, outwardX: nxv, outwardY: nyv, outerLine };
  }

  /** Wall segments with every opening cut out of the collinear parts they overlap. */
  private subtractOpenings(segments: Segment[]): Segment[] {
    let current = segments;
    for (const o of this.openings) {
      const next: Segment[] = [];
      for (const s of current) next.push(...cutOpening(s, o.line));
      current = next;
    }
    return current.filter((s) => segmentLengthM(s) > 1e-9);
  }

  private buildBaseCost(): Float32Array {
    const { nx, ny, cellSizeM: h } = this.frame;
    const n = nx * ny;
    const cost = new Float32Array(n);
    // Chamfer distance to the nearest blocked cell (Borgefors 1986, 3-4 weights /3 → ≤ 8 % error),
    // used only to make cells next to walls costlier so that routes keep off walls and corners.
    const dist = new Float32Array(n);
    for (let c = 0; c < n; c++) dist[c] = this.walkable[c] ? 1e9 : 0;
    const diag = h * Math.SQRT2;
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const c = j * nx + i;
        let v = dist[c]!;
        if (i > 0) v = Math.min(v, dist[c - 1]! + h);
        if (j > 0) v = Math.min(v, dist[c - nx]! + h);
        if (i > 0 && j > 0) v = Math.min(v, dist[c - nx - 1]! + diag);
        if (i < nx - 1 && j > 0) v = Math.min(v, dist[c - nx + 1]! + diag);
        dist[c] = v;
      }
    }
    for (let j = ny - 1; j >= 0; j--) {
      for (let i = nx - 1; i >= 0; i--) {
        const c = j * nx + i;
        let v = dist[c]!;
        if (i < nx - 1) v = Math.min(v, dist[c + 1]! + h);
        if (j < ny - 1) v = Math.min(v, dist[c + nx]! + h);
        if (i < nx - 1 && j < ny - 1) v = Math.min(v, dist[c + nx + 1]! + diag);
        if (i > 0 && j < ny - 1) v = Math.min(v, dist[c + nx - 1]! + diag);
        dist[c] = v;
      }
    }
    const { wallPenaltyRangeM: range, wallPenaltyFactor: factor } = EVACUATION_MODEL_DEFAULTS.navigation;
    for (let c = 0; c < n; c++) {
      if (!this.walkable[c]) {
        cost[c] = Infinity;
        continue;
      }
      // The cell centre is half a cell from the blocked cell's centre boundary.
      const clearanceM = dist[c]! - h / 2;
      // Chamfer distances overestimate by up to 8 %; any point of the cell is ≤ h/√2 from its centre.
      this.wallClearanceM[c] = Math.max(0, clearanceM / 1.08 - h * Math.SQRT1_2);
      cost[c] = clearanceM < range ? 1 + (factor - 1) * (1 - Math.max(0, clearanceM) / range) : 1;
    }
    return cost;
  }

  private buildWallHash(walls: Segment[]): [Int32Array, Int32Array] {
    const { x0, y0 } = this.frame;
    const buckets = this.bucketNx * this.bucketNy;
    const lists: number[][] = Array.from({ length: buckets }, () => []);
    walls.forEach((s, index) => {
      const iMin = Math.max(0, Math.floor((Math.min(s[0], s[2]) - WALL_REACH_M - x0) / WALL_BUCKET_M));
      const iMax = Math.min(this.bucketNx - 1, Math.floor((Math.max(s[0], s[2]) + WALL_REACH_M - x0) / WALL_BUCKET_M));
      const jMin = Math.max(0, Math.floor((Math.min(s[1], s[3]) - WALL_REACH_M - y0) / WALL_BUCKET_M));
      const jMax = Math.min(this.bucketNy - 1, Math.floor((Math.max(s[1], s[3]) + WALL_REACH_M - y0) / WALL_BUCKET_M));
      for (let j = jMin; j <= jMax; j++) {
        for (let i = iMin; i <= iMax; i++) {
          // Keep only buckets whose centre is within reach + half a diagonal of the segment.
          const cx = x0 + (i + 0.5) * WALL_BUCKET_M;
          const cy = y0 + (j + 0.5) * WALL_BUCKET_M;
          if (distanceToSegmentM(cx, cy, s) <= WALL_REACH_M + WALL_BUCKET_M * Math.SQRT1_2) lists[j * this.bucketNx + i]!.push(index);
        }
      }
    });
    const start = new Int32Array(buckets + 1);
    for (let k = 0; k < buckets; k++) start[k + 1] = start[k]! + lists[k]!.length;
    const items = new Int32Array(start[buckets]!);
    for (let k = 0; k < buckets; k++) items.set(lists[k]!, start[k]!);
    return [start, items];
  }
}

/** Length of the part of `opening` that lies on segment `s` (collinear within tolerance). */
function overlapOnSegmentM(opening: Segment, s: Segment): number {
  const len = segmentLengthM(s);
  if (len === 0) return 0;
  if (distanceToLine(opening[0], opening[1], s) > ON_BOUNDARY_TOLERANCE_M || distanceToLine(opening[2], opening[3], s) > ON_BOUNDARY_TOLERANCE_M) return 0;
  const [ta, tb] = projectedRange(opening, s);
  return Math.max(0, Math.min(1, tb) - Math.max(0, ta)) * len;
}

function distanceToLine(px: number, py: number, s: Segment): number {
  const len = segmentLengthM(s);
  return Math.abs((s[2] - s[0]) * (py - s[1]) - (s[3] - s[1]) * (px - s[0])) / len;
}

/** Parameters along s of the opening's two ends, ordered. */
function projectedRange(opening: Segment, s: Segment): [number, number] {
  const dx = s[2] - s[0];
  const dy = s[3] - s[1];
  const lengthSq = dx * dx + dy * dy;
  const t1 = ((opening[0] - s[0]) * dx + (opening[1] - s[1]) * dy) / lengthSq;
  const t2 = ((opening[2] - s[0]) * dx + (opening[3] - s[1]) * dy) / lengthSq;
  return t1 < t2 ? [t1, t2] : [t2, t1];
}

/** The segment with the opening cut out where they are collinear and overlap. */
function cutOpening(s: Segment, opening: Segment): Segment[] {
  if (overlapOnSegmentM(opening, s) <= 0) return [s];
  const [ta, tb] = projectedRange(opening, s);
  const at = (t: number): [number, number] => [s[0] + t * (s[2] - s[0]), s[1] + t * (s[3] - s[1])];
  const pieces: Segment[] = [];
  if (ta > 0) pieces.push([s[0], s[1], ...at(ta)]);
  if (tb < 1) pieces.push([...at(tb), s[2], s[3]]);
  return pieces;
}
