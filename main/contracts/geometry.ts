import { z } from 'zod';

/**
 * Plant-local coordinates in metres: x east, y north, z up from the site datum.
 * The renderer maps them to three.js (y up) in one place (renderer/src/twin/plantToWorld.ts).
 */
export const Point2Schema = z.tuple([z.number().finite(), z.number().finite()]);
export type Point2 = z.infer<typeof Point2Schema>;

export const Point3Schema = z.object({
  x: z.number().finite(),
  y: z.number().finite(),
  z: z.number().finite().default(0),
});
export type Point3 = z.infer<typeof Point3Schema>;

/** A closed polygon given as its vertices (the closing edge is implicit). */
export const PolygonSchema = z.array(Point2Schema).min(3, 'a polygon needs at least 3 vertices');
export type Polygon = z.infer<typeof PolygonSchema>;

export const PolylineSchema = z.array(Point2Schema).min(2, 'a polyline needs at least 2 points');
export type Polyline = z.infer<typeof PolylineSchema>;

/** Ray casting point-in-polygon test (Jordan curve theorem); points on an edge may go either way. */
export function isPointInPolygon([px, py]: Point2, polygon: Polygon): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    const crossesRay = yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi;
    if (crossesRay) inside = !inside;
  }
  return inside;
}

/** Shoelace formula; positive for counter-clockwise vertex order. */
export function signedPolygonAreaM2(polygon: Polygon): number {
  let twiceArea = 0;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    twiceArea += polygon[j]![0] * polygon[i]![1] - polygon[i]![0] * polygon[j]![1];
  }
  return twiceArea / 2;
}

export function polygonCentroid(polygon: Polygon): Point2 {
  let sx = 0;
  let sy = 0;
  for (const [x, y] of polygon) {
    sx += x;
    sy += y;
  }
  return [sx / polygon.length, sy / polygon.length];
}
