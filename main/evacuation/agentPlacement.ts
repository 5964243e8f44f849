import { isPointInPolygon, type Polygon } from '../contracts/index.js';
import type { Rng } from '../simulator/index.js';
import { boundsOf } from './planeGeometry.js';
import type { WalkableDomain } from './WalkableDomain.js';

type Body = { x: number; y: number; radiusM: number };

/**
 * Moves agents that start overlapping each other or a wall apart by repeated pairwise projection
 * (as in the engine's contact step). Returns how many pairs overlapped and the largest move.
 */
export function separateStartingAgents(agents: Body[], domain: WalkableDomain): { overlappingPairs: number; touchingWalls: number; maxMoveM: number } {
  const startX = agents.map((a) => a.x);
  const startY = agents.map((a) => a.y);
  const cell = 1;
  let overlappingPairs = 0;
  let touchingWalls = 0;
  // Numeric bucket keys (no string building): this runs once per run, for up to 10,000+ agents.
  const key = (bi: number, bj: number) => (bi + 50_000) * 100_003 + (bj + 50_000);
  for (let iteration = 0; iteration < 100; iteration++) {
    const buckets = new Map<number, number[]>();
    agents.forEach((a, i) => {
      const k = key(Math.floor(a.x / cell), Math.floor(a.y / cell));
      const list = buckets.get(k);
      if (list) list.push(i);
      else buckets.set(k, [i]);
    });
    let moved = false;
    agents.forEach((a, i) => {
      const bi = Math.floor(a.x / cell);
      const bj = Math.floor(a.y / cell);
      for (let dj = -1; dj <= 1; dj++) {
        for (let di = -1; di <= 1; di++) {
          for (const j of buckets.get(key(bi + di, bj + dj)) ?? []) {
            if (j <= i) continue;
            const b = agents[j]!;
            const dx = b.x - a.x;
            const dy = b.y - a.y;
            const l = a.radiusM + b.radiusM;
            const d = Math.hypot(dx, dy);
            if (d >= l - 1e-9) continue;
            if (iteration === 0) overlappingPairs++;
            // Coincident agents separate along an index-dependent direction (deterministic).
            const ux = d > 1e-9 ? dx / d : Math.cos(i + j);
            const uy = d > 1e-9 ? dy / d : Math.sin(i + j);
            const push = (l - d) / 2 + 1e-4;
            a.x -= push * ux;
            a.y -= push * uy;
            b.x += push * ux;
            b.y += push * uy;
            moved = true;
          }
        }
      }
      const wallD = domain.nearestWallDistanceM(a.x, a.y);
      if (wallD < a.radiusM) {
        if (iteration === 0) touchingWalls++;
        moved = pushOffWalls(a, domain) || moved;
      }
    });
    if (!moved) break;
  }
  let maxMoveM = 0;
  agents.forEach((a, i) => (maxMoveM = Math.max(maxMoveM, Math.hypot(a.x - startX[i]!, a.y - startY[i]!))));
  return { overlappingPairs, touchingWalls, maxMoveM };
}

function pushOffWalls(a: Body, domain: WalkableDomain): boolean {
  const w = domain.walls;
  let moved = false;
  domain.forEachWallNear(a.x, a.y, (o) => {
    const dx0 = w[o + 2]! - w[o]!;
    const dy0 = w[o + 3]! - w[o + 1]!;
    const len2 = dx0 * dx0 + dy0 * dy0;
    const t = Math.max(0, Math.min(1, ((a.x - w[o]!) * dx0 + (a.y - w[o + 1]!) * dy0) / len2));
    const dx = a.x - (w[o]! + t * dx0);
    const dy = a.y - (w[o + 1]! + t * dy0);
    const d = Math.hypot(dx, dy);
    if (d >= a.radiusM || d < 1e-12) return;
    a.x += ((a.radiusM - d + 1e-4) * dx) / d;
    a.y += ((a.radiusM - d + 1e-4) * dy) / d;
    moved = true;
  });
  return moved;
}

/**
 * `count` positions drawn uniformly in `area` ∩ walkable, each at least a body width from the others
 * and a radius from walls (rejection sampling, bounded tries). Returns fewer when the area is full.
 */
export function placeInArea(area: Polygon, count: number, radiusM: number, domain: WalkableDomain, rng: Rng, occupied: Body[]): Body[] {
  const b = boundsOf([area]);
  const placed: Body[] = [];
  const cell = 2 * radiusM;
  const grid = new Map<string, Body[]>();
  const add = (p: Body) => {
    const key = `${Math.floor(p.x / cell)},${Math.floor(p.y / cell)}`;
    (grid.get(key) ?? grid.set(key, []).get(key)!).push(p);
  };
  occupied.forEach(add);
  const clear = (x: number, y: number) => {
    const bi = Math.floor(x / cell);
    const bj = Math.floor(y / cell);
    for (let dj = -1; dj <= 1; dj++) {
      for (let di = -1; di <= 1; di++) {
        for (const p of grid.get(`${bi + di},${bj + dj}`) ?? []) if (Math.hypot(p.x - x, p.y - y) < p.radiusM + radiusM) return false;
      }
    }
    return true;
  };
  const maxTries = 200 * count + 1000;
  for (let tries = 0; tries < maxTries && placed.length < count; tries++) {
    const x = rng.range(b.minX, b.maxX);
    const y = rng.range(b.minY, b.maxY);
    if (!isPointInPolygon([x, y], area) || !domain.containsPoint([x, y])) continue;
    if (domain.nearestWallDistanceM(x, y) < radiusM || !clear(x, y)) continue;
    const p = { x, y, radiusM };
    placed.push(p);
    add(p);
  }
  return placed;
}
