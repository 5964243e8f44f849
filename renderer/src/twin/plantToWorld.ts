import type { Polygon, ClientScene } from '@contracts';

/**
 * Plant coordinates (x east, y north, z up, metres) to three.js world coordinates (y up).
 * The world origin is the centre of the site boundary's bounding box, so orbiting starts there.
 */
export type PlantFrame = { centreX: number; centreY: number; widthM: number; depthM: number; extentM: number };

export function plantFrame(scene: ClientScene): PlantFrame {
  const xs = scene.site.boundary.map((p) => p[0]);
  const ys = scene.site.boundary.map((p) => p[1]);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  return { centreX: (minX + maxX) / 2, centreY: (minY + maxY) / 2, widthM: maxX - minX, depthM: maxY - minY, extentM: Math.max(maxX - minX, maxY - minY) };
}

export function toWorld(frame: PlantFrame, x: number, y: number, z = 0): [number, number, number] {
  return [x - frame.centreX, z, -(y - frame.centreY)];
}

/** Plant clockwise-in-plan rotation (degrees) to a rotation about the world y axis (radians). */
export function toWorldYaw(rotationDeg: number): number {
  return (-rotationDeg * Math.PI) / 180;
}

/** A polygon in the ground plane as 2D shape points (shape x = world x, shape y = world −z). */
export function toShapePoints(frame: PlantFrame, polygon: Polygon): [number, number][] {
  return polygon.map(([x, y]) => [x - frame.centreX, y - frame.centreY]);
}
