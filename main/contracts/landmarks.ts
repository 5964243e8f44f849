import { z } from 'zod';
import { isPointInPolygon, type Polygon } from './geometry.js';
import { CYLINDRICAL_EQUIPMENT, LocalizedTextSchema, type Equipment, type LocalizedText, type Scene } from './scene.js';

/** Eight compass points, clockwise from north: how an operator says where something is ("east of T-101"). */
export const COMPASS_POINTS = ['N', 'NE', 'E', 'SE', 'S', 'SW', 'W', 'NW'] as const;
export type CompassPoint = (typeof COMPASS_POINTS)[number];

/** Closer than this to a landmark's edge a person is "at" it: a direction would be noise (badge accuracy is a few metres). */
export const AT_LANDMARK_M = 3;

/** A named thing on the plant, its centre and footprint: a circle (tanks, spheres, muster points, gates) or a rotated rectangle. */
export type Landmark = { kind: 'equipment' | 'musterPoint' | 'exit'; id: string; name: LocalizedText; x: number; y: number } & (
  | { shape: 'circle'; radiusM: number }
  | { shape: 'rectangle'; lengthM: number; widthM: number; rotationDeg: number }
);

/** Where a person is, in words: the area, and the nearest landmark with distance and direction from it. */
export const PositionDescriptionSchema = z.object({
  areaId: z.string().nullable(),
  landmark: z.object({ kind: z.enum(['equipment', 'musterPoint', 'exit']), id: z.string(), name: LocalizedTextSchema }).nullable(),
  /** From the landmark's edge, whole metres. */
  distanceM: z.number(),
  /** Direction from the landmark to the person; null when at the landmark. */
  direction: z.enum(COMPASS_POINTS).nullable(),
});
export type PositionDescription = z.infer<typeof PositionDescriptionSchema>;

/** What a position is described from: a scene, or the client's copy of it. */
export type LandmarkScene = Pick<Scene, 'areas' | 'equipment' | 'musterPoints' | 'exits'> & { site: Pick<Scene['site'], 'geoReference'> };

/** Equipment, muster points and gates: the named things on the plant a person can be described from. */
export function landmarksOf(scene: LandmarkScene): Landmark[] {
  return [
    // Pipe racks are left out: hundreds of metres long and walked under, "2 m north of PR-1" says nothing.
    ...scene.equipment.filter((e) => e.type !== 'pipeRack').map(equipmentLandmark),
    ...scene.musterPoints.map((m): Landmark => ({ kind: 'musterPoint', id: m.id, name: m.name, x: m.position[0], y: m.position[1], shape: 'circle', radiusM: m.radiusM })),
    ...scene.exits.map((g): Landmark => ({ kind: 'exit', id: g.id, name: g.name, x: (g.opening[0][0] + g.opening[1][0]) / 2, y: (g.opening[0][1] + g.opening[1][1]) / 2, shape: 'circle', radiusM: Math.hypot(g.opening[1][0] - g.opening[0][0], g.opening[1][1] - g.opening[0][1]) / 2 })),
  ];
}

function equipmentLandmark(e: Equipment): Landmark {
  const base = { kind: 'equipment' as const, id: e.id, name: e.name, x: e.position.x, y: e.position.y };
  return CYLINDRICAL_EQUIPMENT.has(e.type) || e.type === 'sphere' ? { ...base, shape: 'circle', radiusM: e.size.lengthM / 2 } : { ...base, shape: 'rectangle', lengthM: e.size.lengthM, widthM: e.size.widthM, rotationDeg: e.rotationDeg };
}

/** Distance from a landmark's footprint edge (0 inside it). A rectangle's length axis runs east–west at 0° and turns clockwise (scene.ts). */
export function edgeDistanceM(landmark: Landmark, x: number, y: number): number {
  const dx = x - landmark.x;
  const dy = y - landmark.y;
  if (landmark.shape === 'circle') return Math.max(0, Math.hypot(dx, dy) - landmark.radiusM);
  const theta = (landmark.rotationDeg * Math.PI) / 180;
  const along = dx * Math.cos(theta) - dy * Math.sin(theta);
  const across = dx * Math.sin(theta) + dy * Math.cos(theta);
  return Math.hypot(Math.max(0, Math.abs(along) - landmark.lengthM / 2), Math.max(0, Math.abs(across) - landmark.widthM / 2));
}

const polygonSpan = (p: Polygon) => Math.max(...p.map(([x]) => x)) - Math.min(...p.map(([x]) => x)) + Math.max(...p.map(([, y]) => y)) - Math.min(...p.map(([, y]) => y));

/** The area a point is in; the smallest when areas nest (a restricted yard inside the tank farm is where the person is). */
export function areaAt(scene: { readonly areas: readonly Pick<Scene['areas'][number], 'id' | 'polygon'>[] }, x: number, y: number): string | null {
  const containing = scene.areas.filter((a) => isPointInPolygon([x, y], a.polygon));
  containing.sort((a, b) => polygonSpan(a.polygon) - polygonSpan(b.polygon));
  return containing[0]?.id ?? null;
}

/**
 * Compass point of a plan bearing. Plant y is grid north; the scene's gridNorthBearingDeg (the bearing of
 * grid north from true north) turns it into a true bearing, so "east" means east on any site.
 */
export function compassPoint(dxM: number, dyM: number, gridNorthBearingDeg = 0): CompassPoint {
  const bearingDeg = (((Math.atan2(dxM, dyM) * 180) / Math.PI + gridNorthBearingDeg) % 360 + 360) % 360;
  return COMPASS_POINTS[Math.round(bearingDeg / 45) % 8]!;
}

/** The area and the nearest landmark (by distance from its edge) of a plant position. */
export function describePosition(scene: LandmarkScene, x: number, y: number, landmarks: readonly Landmark[] = landmarksOf(scene)): PositionDescription {
  let best: { landmark: Landmark; edgeM: number } | null = null;
  for (const landmark of landmarks) {
    const edgeM = edgeDistanceM(landmark, x, y);
    if (!best || edgeM < best.edgeM) best = { landmark, edgeM };
  }
  const areaId = areaAt(scene, x, y);
  if (!best) return { areaId, landmark: null, distanceM: 0, direction: null };
  const { landmark, edgeM } = best;
  const at = edgeM < AT_LANDMARK_M;
  return {
    areaId,
    landmark: { kind: landmark.kind, id: landmark.id, name: landmark.name },
    distanceM: Math.round(edgeM),
    direction: at ? null : compassPoint(x - landmark.x, y - landmark.y, scene.site.geoReference.gridNorthBearingDeg),
  };
}

/** How a language says a place: a scene name in it, a point outside every named area, "at T-101", "12 m south of T-101". */
export type PlaceWords = {
  name: (text: LocalizedText) => string;
  outsideAreas: string;
  at: (landmark: string) => string;
  from: (landmark: string, distanceM: number, direction: CompassPoint) => string;
};

/**
 * "罐区 · T-101 南侧 12 米" / "Tank farm · 12 m south of T-101": a described position in words, the one
 * way every screen and report says where someone is (issue 12.2: never raw coordinates).
 */
export function positionWords(description: PositionDescription, areaName: LocalizedText | undefined, words: PlaceWords): string {
  const area = description.areaId !== null && areaName ? words.name(areaName) : words.outsideAreas;
  if (!description.landmark) return area;
  // Equipment by its tag (short, the same in both languages); muster points and gates by name.
  const landmark = description.landmark.kind === 'equipment' ? description.landmark.id : words.name(description.landmark.name);
  // At a muster point whose area is named the same: the name once.
  if (description.direction === null && landmark === area) return area;
  const where = description.direction === null ? words.at(landmark) : words.from(landmark, description.distanceM, description.direction);
  return `${area} · ${where}`;
}
