import type { Point2 } from '../contracts/index.js';

/**
 * The site's roads as a graph for walking routes: polyline vertices, crossings and T-junctions
 * become nodes; a route leaves a point for the nearest road, follows the shortest road path
 * (Dijkstra 1959) and leaves the road at the point nearest its destination.
 */
type Edge = { a: number; b: number };
type Projection = { point: Point2; edge: number; distanceM: number };

/** Roads joined within this much further than the nearest one are worth considering (m). */
const ACCESS_SLACK_M = 60;
const MAX_ACCESS_CANDIDATES = 6;

const distance = (p: Point2, q: Point2) => Math.hypot(p[0] - q[0], p[1] - q[1]);

/** Closest point of segment [a, b] to p, as the parameter t in [0, 1]. */
function projectionParameter(p: Point2, a: Point2, b: Point2): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const lengthSq = dx * dx + dy * dy;
  if (lengthSq === 0) return 0;
  return Math.min(1, Math.max(0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / lengthSq));
}

const lerp = (a: Point2, b: Point2, t: number): Point2 => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];

/** Parameters (t on [p1,p2], u on [q1,q2]) where two segments cross, if they do and are not parallel. */
function crossing(p1: Point2, p2: Point2, q1: Point2, q2: Point2): [number, number] | undefined {
  const r: Point2 = [p2[0] - p1[0], p2[1] - p1[1]];
  const s: Point2 = [q2[0] - q1[0], q2[1] - q1[1]];
  const denominator = r[0] * s[1] - r[1] * s[0];
  if (Math.abs(denominator) < 1e-12) return undefined;
  const qp: Point2 = [q1[0] - p1[0], q1[1] - p1[1]];
  const t = (qp[0] * s[1] - qp[1] * s[0]) / denominator;
  const u = (qp[0] * r[1] - qp[1] * r[0]) / denominator;
  return t >= 0 && t <= 1 && u >= 0 && u <= 1 ? [t, u] : undefined;
}

export class RoadNetwork {
  private readonly nodes: Point2[] = [];
  private readonly edges: Edge[] = [];
  private readonly adjacency: { to: number; lengthM: number }[][] = [];

  /** Points nearer than toleranceM are one junction (a road drawn to end on another joins it). */
  constructor(polylines: readonly (readonly Point2[])[], private readonly toleranceM = 0.5) {
    const segments: [Point2, Point2][] = [];
    for (const line of polylines) for (let i = 1; i < line.length; i++) segments.push([line[i - 1]!, line[i]!]);
    const cuts = segments.map(() => [0, 1]);
    for (let i = 0; i < segments.length; i++) {
      const [p1, p2] = segments[i]!;
      for (let j = 0; j < segments.length; j++) {
        if (i === j) continue;
        const [q1, q2] = segments[j]!;
        const crossed = crossing(p1, p2, q1, q2);
        if (crossed) cuts[i]!.push(crossed[0]);
        for (const end of [q1, q2]) {
          const t = projectionParameter(end, p1, p2);
          if (distance(lerp(p1, p2, t), end) <= toleranceM) cuts[i]!.push(t);
        }
      }
    }
    segments.forEach(([a, b], i) => {
      const ids = [...new Set(cuts[i]!)].sort((x, y) => x - y).map((t) => this.nodeAt(lerp(a, b, t)));
      for (let k = 1; k < ids.length; k++) this.addEdge(ids[k - 1]!, ids[k]!);
    });
  }

  private nodeAt(point: Point2): number {
    const existing = this.nodes.findIndex((n) => distance(n, point) <= this.toleranceM);
    if (existing >= 0) return existing;
    this.nodes.push(point);
    this.adjacency.push([]);
    return this.nodes.length - 1;
  }

  private addEdge(a: number, b: number): void {
    if (a === b || this.adjacency[a]!.some((e) => e.to === b)) return;
    const lengthM = distance(this.nodes[a]!, this.nodes[b]!);
    this.edges.push({ a, b });
    this.adjacency[a]!.push({ to: b, lengthM });
    this.adjacency[b]!.push({ to: a, lengthM });
  }

  get isEmpty(): boolean {
    return this.edges.length === 0;
  }

  /** Junctions and road ends (security patrol stops). */
  junctions(): readonly Point2[] {
    return this.nodes;
  }

  nearest(point: Point2): Projection | undefined {
    return this.projections(point)[0];
  }

  /** Projections onto every road edge, nearest first. */
  private projections(point: Point2): Projection[] {
    return this.edges
      .map((edge, index) => {
        const a = this.nodes[edge.a]!;
        const b = this.nodes[edge.b]!;
        const onRoad = lerp(a, b, projectionParameter(point, a, b));
        return { point: onRoad, edge: index, distanceM: distance(point, onRoad) };
      })
      .sort((p, q) => p.distanceM - q.distanceM);
  }

  /**
   * Where a walk may join or leave the roads: the road points within ACCESS_SLACK_M of the nearest
   * one whose straight leg the caller accepts (the nearest, if none does). Several candidates let a
   * route step onto the road that leads the right way instead of the merely nearest one.
   */
  private accessPoints(point: Point2, legOk: (onRoad: Point2) => boolean): Projection[] {
    const all = this.projections(point);
    const nearest = all[0]!;
    const candidates = all.filter((c) => c.distanceM <= nearest.distanceM + ACCESS_SLACK_M).slice(0, MAX_ACCESS_CANDIDATES);
    const accepted = candidates.filter((c) => legOk(c.point));
    return accepted.length > 0 ? accepted : [nearest];
  }

  /**
   * The shortest walking route from one point to another along the roads; the first and last
   * points are from and to. legOk says whether a straight walk between a point and the road is
   * acceptable (e.g. crosses no equipment).
   */
  route(from: Point2, to: Point2, legOk: (a: Point2, b: Point2) => boolean = () => true): Point2[] {
    if (this.isEmpty) return [from, to];
    const starts = this.accessPoints(from, (p) => legOk(from, p));
    const ends = this.accessPoints(to, (p) => legOk(p, to));
    let best: { lengthM: number; points: Point2[] } | undefined;
    for (const start of starts) {
      const { distances, previous } = this.shortestPathsFrom(start);
      for (const end of ends) {
        let lengthM: number;
        const path: number[] = [];
        if (start.edge === end.edge) lengthM = distance(start.point, end.point);
        else {
          const endEdge = this.edges[end.edge]!;
          const exit = [endEdge.a, endEdge.b].reduce((a, b) => (distances[b]! + distance(this.nodes[b]!, end.point) < distances[a]! + distance(this.nodes[a]!, end.point) ? b : a));
          lengthM = distances[exit]! + distance(this.nodes[exit]!, end.point);
          if (!Number.isFinite(lengthM)) continue; // disconnected road pieces
          for (let n = exit; n >= 0; n = previous[n]!) path.unshift(n);
        }
        const total = start.distanceM + lengthM + end.distanceM;
        if (!best || total < best.lengthM) best = { lengthM: total, points: [from, start.point, ...path.map((n) => this.nodes[n]!), end.point, to] };
      }
    }
    return dedupe(best?.points ?? [from, to]);
  }

  /** Dijkstra from a point on an edge; the graph is small, so a linear scan for the next node is fine. */
  private shortestPathsFrom(start: Projection): { distances: number[]; previous: number[] } {
    const count = this.nodes.length;
    const distances = new Array<number>(count).fill(Infinity);
    const previous = new Array<number>(count).fill(-1);
    const done = new Array<boolean>(count).fill(false);
    const startEdge = this.edges[start.edge]!;
    for (const n of [startEdge.a, startEdge.b]) distances[n] = distance(start.point, this.nodes[n]!);
    for (;;) {
      let current = -1;
      for (let i = 0; i < count; i++) if (!done[i] && distances[i]! < Infinity && (current < 0 || distances[i]! < distances[current]!)) current = i;
      if (current < 0) break;
      done[current] = true;
      for (const { to, lengthM } of this.adjacency[current]!) {
        if (distances[current]! + lengthM < distances[to]!) {
          distances[to] = distances[current]! + lengthM;
          previous[to] = current;
        }
      }
    }
    return { distances, previous };
  }
}

function dedupe(points: Point2[]): Point2[] {
  return points.filter((p, i) => i === 0 || distance(p, points[i - 1]!) > 1e-6);
}

export function polylineLengthM(points: readonly Point2[]): number {
  let total = 0;
  for (let i = 1; i < points.length; i++) total += distance(points[i - 1]!, points[i]!);
  return total;
}
