import { CYLINDRICAL_EQUIPMENT, type Polygon, type Scene } from '../contracts/index.js';
import { EvacuationInputError } from './errors.js';
import { polylineSegments } from './buildScenario.js';
import { circlePolygon, rectanglePolygon, type Segment } from './planeGeometry.js';
import type { TargetSpec } from './types.js';

/** A muster point closed for a while (run seconds); toS null or omitted: to the end of the run. */
export type MusterClosure = { musterPointId: string; fromS: number; toS?: number | null };
import { WalkableDomain } from './WalkableDomain.js';

/**
 * The walkable plane of a scene (docs/scene-format.md): the walkable boundary (or the site
 * boundary), minus walkable.obstacles and — when equipmentBlocksWalking — every equipment footprint
 * except pipe racks (people walk under them); fences are thin walls. Targets are the muster points;
 * with gatesAsExits the gates (scene.exits) are openings in the boundary and targets too.
 */
export function sceneDomain(scene: Scene, options: { gatesAsExits: boolean; cellSizeM?: number; closures?: readonly MusterClosure[] }, warnings: string[]) {
  const obstacles: Polygon[] = [...scene.walkable.obstacles];
  if (scene.walkable.equipmentBlocksWalking) {
    for (const e of scene.equipment) {
      if (e.type === 'pipeRack') continue;
      const round = CYLINDRICAL_EQUIPMENT.has(e.type) || e.type === 'sphere';
      obstacles.push(round ? circlePolygon(e.position.x, e.position.y, e.size.lengthM / 2) : rectanglePolygon(e.position.x, e.position.y, e.size.lengthM, e.size.widthM, e.rotationDeg));
    }
  }
  const thinWalls: Segment[] = scene.site.fences.flatMap((f) => polylineSegments(f.path));
  const boundary = scene.walkable.boundary ?? scene.site.boundary;
  const gates = options.gatesAsExits ? scene.exits : [];
  const openings = gates.map((g, i) => ({ id: g.id, line: [...g.opening[0], ...g.opening[1]] as Segment, path: `exits[${i}]` }));
  let domain: WalkableDomain;
  try {
    domain = new WalkableDomain({ walkable: [{ exterior: boundary, holes: [] }], obstacles, thinWalls, openings, cellSizeM: options.cellSizeM });
  } catch (error) {
    if (!(error instanceof EvacuationInputError) || openings.length === 0) throw error;
    // A gate off the boundary should not stop a live evacuation: run without gates and say so.
    warnings.push(`gates are not usable as exits (${error.message}); running with muster points only`);
    domain = new WalkableDomain({ walkable: [{ exterior: boundary, holes: [] }], obstacles, thinWalls, openings: [], cellSizeM: options.cellSizeM });
  }
  const targets: TargetSpec[] = scene.musterPoints.map((m) => ({
    id: m.id,
    kind: 'muster',
    x: m.position[0],
    y: m.position[1],
    radiusM: m.radiusM,
    capacityPersons: m.capacityPersons,
    closed: (options.closures ?? []).filter((c) => c.musterPointId === m.id).map((c) => ({ fromS: c.fromS, toS: c.toS ?? Infinity })),
  }));
  domain.openings.forEach((o, openingIndex) => targets.push({ id: o.id, kind: 'exit', openingIndex, closed: [] }));
  if (targets.length === 0) throw new EvacuationInputError('musterPoints', 'the scene has no muster points (and gates are not used as exits)');
  const gateLines = scene.exits.map((g) => ({ id: g.id, line: [...g.opening[0], ...g.opening[1]] as Segment }));
  return { domain, targets, gateLines };
}
