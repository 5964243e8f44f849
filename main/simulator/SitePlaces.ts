import { distanceToSegmentM, isPointInPolygon, polygonCentroid, type Area, type Equipment, type Point2, type Polygon, type Scene } from '../contracts/index.js';
import { blocksWalking, isInsideFootprint, pointInFootprint } from './equipmentFootprint.js';
import type { Rng } from './random.js';

/**
 * Where people can be on a site and the places their work takes them, found from any scene by
 * kind and name: gates, the control room, an office or canteen, the workshop, the field areas.
 * People may stand inside buildings (that is where the control room is) but not inside tanks,
 * vessels or pumps, nor in restricted or confined-space areas without a scenario sending them there.
 */
export const FIELD_AREA_KINDS: ReadonlySet<Area['kind']> = new Set(['process', 'tankFarm', 'loading', 'utility']);
const NO_ENTRY_AREA_KINDS: ReadonlySet<Area['kind']> = new Set(['restricted', 'confinedSpace']);

/** Clearance kept from equipment (m): a person working at a pump stands beside it, not in it. */
const EQUIPMENT_CLEARANCE_M = 1;
/** How far inside the fence a gate's entry point lies (m). */
const GATE_INSET_M = 2;
const SAMPLING_TRIES = 200;
/** Nobody stands on the fence line itself (a point on an edge is neither clearly in nor out). */
const BOUNDARY_CLEARANCE_M = 0.5;

function distanceToEdgesM(point: Point2, polygon: Polygon): number {
  let best = Infinity;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) best = Math.min(best, distanceToSegmentM(point, polygon[j]!, polygon[i]!));
  return best;
}

export type SpotRules = {
  /** A building the spot must be inside (people work indoors). */
  indoorIn?: Equipment | undefined;
  /** An area the spot must be inside, even a no-entry one (scenarios). */
  insideArea?: Area | undefined;
};

export class SitePlaces {
  readonly boundary: Polygon;
  readonly fieldAreas: Area[];
  readonly adminAreas: Area[];
  readonly entryPoints: Point2[];
  readonly controlRoom: Equipment | undefined;
  readonly office: Equipment | undefined;
  readonly workshop: Equipment | undefined;
  readonly gatehouse: Equipment | undefined;
  private readonly blocking: Equipment[];
  private readonly noEntryAreas: Area[];
  private readonly obstacles: Polygon[];

  constructor(private readonly scene: Scene) {
    this.boundary = scene.walkable.boundary ?? scene.site.boundary;
    this.obstacles = scene.walkable.obstacles;
    this.blocking = scene.walkable.equipmentBlocksWalking ? scene.equipment.filter(blocksWalking) : [];
    this.noEntryAreas = scene.areas.filter((a) => NO_ENTRY_AREA_KINDS.has(a.kind));
    this.fieldAreas = scene.areas.filter((a) => FIELD_AREA_KINDS.has(a.kind));
    this.adminAreas = scene.areas.filter((a) => a.kind === 'admin');
    this.entryPoints = this.findEntryPoints();
    const buildings = scene.equipment.filter((e) => e.type === 'building');
    const named = (pattern: RegExp) => buildings.find((b) => pattern.test(b.name.en) || pattern.test(b.id));
    const inAreaOfKind = (kind: Area['kind'], except?: Equipment) =>
      buildings.find((b) => b !== except && scene.areas.some((a) => a.kind === kind && isPointInPolygon([b.position.x, b.position.y], a.polygon)));
    this.controlRoom = named(/control/i) ?? inAreaOfKind('admin');
    this.office = named(/office|admin|canteen/i) ?? inAreaOfKind('admin', this.controlRoom) ?? this.controlRoom;
    this.workshop = named(/workshop|maintenance/i) ?? inAreaOfKind('utility') ?? this.controlRoom;
    this.gatehouse = named(/gatehouse|gate house|security/i);
  }

  /** Entry points just inside each gate (gates first; emergency gates and doors only if a site has no gate). */
  private findEntryPoints(): Point2[] {
    const exits = this.scene.exits.filter((e) => e.kind === 'gate');
    const usable = exits.length > 0 ? exits : this.scene.exits;
    const points: Point2[] = [];
    for (const exit of usable) {
      const [[x1, y1], [x2, y2]] = exit.opening;
      const mid: Point2 = [(x1 + x2) / 2, (y1 + y2) / 2];
      const length = Math.hypot(x2 - x1, y2 - y1) || 1;
      const normal: Point2 = [-(y2 - y1) / length, (x2 - x1) / length];
      for (const side of [1, -1]) {
        const candidate: Point2 = [mid[0] + side * GATE_INSET_M * normal[0], mid[1] + side * GATE_INSET_M * normal[1]];
        if (isPointInPolygon(candidate, this.boundary)) {
          points.push(candidate);
          break;
        }
      }
    }
    if (points.length === 0) points.push(polygonCentroid(this.boundary));
    return points;
  }

  /** Whether a person may stand here under the given rules. */
  isStandable(point: Point2, rules: SpotRules = {}): boolean {
    if (!isPointInPolygon(point, this.boundary) || distanceToEdgesM(point, this.boundary) < BOUNDARY_CLEARANCE_M) return false;
    if (this.obstacles.some((o) => isPointInPolygon(point, o))) return false;
    if (rules.insideArea && !isPointInPolygon(point, rules.insideArea.polygon)) return false;
    if (rules.indoorIn && !isInsideFootprint(point, rules.indoorIn, -EQUIPMENT_CLEARANCE_M)) return false;
    for (const equipment of this.blocking) {
      if (equipment === rules.indoorIn) continue;
      if (isInsideFootprint(point, equipment, EQUIPMENT_CLEARANCE_M)) return false;
    }
    return !this.noEntryAreas.some((a) => a !== rules.insideArea && isPointInPolygon(point, a.polygon));
  }

  /** A random standable point of an area (rejection sampling in its bounding box). */
  spotInArea(area: Area, rng: Rng, rules: SpotRules = {}): Point2 {
    const xs = area.polygon.map((p) => p[0]);
    const ys = area.polygon.map((p) => p[1]);
    const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    const allRules = { ...rules, insideArea: area };
    for (let i = 0; i < SAMPLING_TRIES; i++) {
      const candidate: Point2 = [rng.range(minX, maxX), rng.range(minY, maxY)];
      if (this.isStandable(candidate, allRules)) return candidate;
    }
    return this.fallback(polygonCentroid(area.polygon));
  }

  /** A random standable point inside a building. */
  spotInBuilding(building: Equipment, rng: Rng): Point2 {
    for (let i = 0; i < SAMPLING_TRIES; i++) {
      const candidate = pointInFootprint(building, rng.uniform(), rng.uniform(), EQUIPMENT_CLEARANCE_M + 0.5);
      if (this.isStandable(candidate, { indoorIn: building })) return candidate;
    }
    return this.fallback([building.position.x, building.position.y]);
  }

  /** A standable point within radiusM of an anchor (a worker shifting around a job), else the anchor. */
  spotNear(anchor: Point2, radiusM: number, rng: Rng, rules: SpotRules): Point2 {
    for (let i = 0; i < 20; i++) {
      const r = radiusM * Math.sqrt(rng.uniform());
      const a = 2 * Math.PI * rng.uniform();
      const candidate: Point2 = [anchor[0] + r * Math.cos(a), anchor[1] + r * Math.sin(a)];
      if (this.isStandable(candidate, rules)) return candidate;
    }
    return anchor;
  }

  /**
   * Whether a straight walk is clear: it crosses no equipment (other than one it starts or ends in,
   * or the building it leads into) and no no-entry area other than one the rules allow. Sampled
   * every metre, finer than any equipment the scene format can describe usefully.
   */
  isLegClear(from: Point2, to: Point2, rules: SpotRules = {}): boolean {
    // Only what lies near the leg can block it: a cheap distance test first, then samples against those.
    const nearLeg = (centre: Point2, radiusM: number) => distanceToSegmentM(centre, from, to) <= radiusM;
    const equipment = this.blocking.filter(
      (e) => e !== rules.indoorIn && nearLeg([e.position.x, e.position.y], Math.hypot(e.size.lengthM, e.size.widthM) / 2) && !isInsideFootprint(from, e) && !isInsideFootprint(to, e),
    );
    const areas = this.noEntryAreas.filter((a) => a !== rules.insideArea && !isPointInPolygon(from, a.polygon) && this.areaRadius(a, nearLeg));
    if (equipment.length === 0 && areas.length === 0) return true;
    const steps = Math.max(1, Math.ceil(Math.hypot(to[0] - from[0], to[1] - from[1])));
    for (let i = 0; i <= steps; i++) {
      const p: Point2 = [from[0] + ((to[0] - from[0]) * i) / steps, from[1] + ((to[1] - from[1]) * i) / steps];
      if (equipment.some((e) => isInsideFootprint(p, e))) return false;
      if (areas.some((a) => isPointInPolygon(p, a.polygon))) return false;
    }
    return true;
  }

  /** Whether any part of an area can be near a leg: its bounding circle tested with the leg's distance test. */
  private areaRadius(area: Area, nearLeg: (centre: Point2, radiusM: number) => boolean): boolean {
    const centre = polygonCentroid(area.polygon);
    const radius = Math.max(...area.polygon.map((p) => Math.hypot(p[0] - centre[0], p[1] - centre[1])));
    return nearLeg(centre, radius);
  }

  /** The no-entry area (confined space, restricted) a point lies in: a permit's work there is let in. */
  noEntryAreaAt(point: Point2): Area | undefined {
    return this.noEntryAreas.find((a) => isPointInPolygon(point, a.polygon));
  }

  /** A random standable point inside a polygon (a permit's zone), else its centroid. */
  spotInPolygon(polygon: Polygon, rng: Rng, rules: SpotRules): Point2 {
    const xs = polygon.map((p) => p[0]);
    const ys = polygon.map((p) => p[1]);
    for (let i = 0; i < SAMPLING_TRIES; i++) {
      const candidate: Point2 = [rng.range(Math.min(...xs), Math.max(...xs)), rng.range(Math.min(...ys), Math.max(...ys))];
      if (isPointInPolygon(candidate, polygon) && distanceToEdgesM(candidate, polygon) >= BOUNDARY_CLEARANCE_M && this.isStandable(candidate, rules)) return candidate;
    }
    return this.fallback(polygonCentroid(polygon));
  }

  /** A standable point just outside a polygon's edge, within `maxM` of it (where a watcher stands at a confined space's entry), else the centroid. */
  spotOutside(polygon: Polygon, minM: number, maxM: number, rng: Rng): Point2 {
    const centre = polygonCentroid(polygon);
    for (let i = 0; i < SAMPLING_TRIES; i++) {
      const edge = rng.integer(polygon.length);
      const [a, b] = [polygon[edge]!, polygon[(edge + 1) % polygon.length]!];
      const t = rng.uniform();
      const onEdge: Point2 = [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
      const away = Math.hypot(onEdge[0] - centre[0], onEdge[1] - centre[1]) || 1;
      const d = rng.range(minM, maxM);
      const candidate: Point2 = [onEdge[0] + ((onEdge[0] - centre[0]) / away) * d, onEdge[1] + ((onEdge[1] - centre[1]) / away) * d];
      if (!isPointInPolygon(candidate, polygon) && distanceToEdgesM(candidate, polygon) <= maxM && this.isStandable(candidate)) return candidate;
    }
    return this.fallback(centre);
  }

  areaById(id: string): Area | undefined {
    return this.scene.areas.find((a) => a.id === id);
  }

  /** A point inside the site for degenerate scenes: the given point if inside, else the nearest entry point. */
  private fallback(point: Point2): Point2 {
    return isPointInPolygon(point, this.boundary) ? point : this.entryPoints[0]!;
  }
}
