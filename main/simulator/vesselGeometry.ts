import type { Equipment } from '../contracts/index.js';

/**
 * Liquid inventory ↔ level for the storage vessels of a scene, from their dimensions. The level
 * transmitter's span is the liquid's possible height: the shell height of a vertical tank, the
 * diameter of a sphere or of a horizontal bullet. The level moves at dh/dt = (dV/dt) / A(h), with
 * A(h) the liquid surface area at height h — constant in a vertical cylinder, not in the others.
 */
export type VesselShape =
  | { kind: 'verticalCylinder'; diameterM: number; heightM: number }
  | { kind: 'sphere'; diameterM: number }
  | { kind: 'horizontalCylinder'; diameterM: number; lengthM: number };

/** Storage types of the scene format; other equipment holds no inventory the simulator tracks. */
export function vesselShapeOf(equipment: Equipment): VesselShape | undefined {
  const { lengthM, widthM, heightM } = equipment.size;
  switch (equipment.type) {
    case 'tank':
      return { kind: 'verticalCylinder', diameterM: lengthM, heightM };
    case 'sphere':
      // heightM includes the legs (the demo's spheres stand ~2 m above grade); the shell is lengthM across.
      return { kind: 'sphere', diameterM: Math.min(lengthM, widthM) };
    case 'bullet':
      return { kind: 'horizontalCylinder', diameterM: Math.min(lengthM, widthM), lengthM: Math.max(lengthM, widthM) };
    default:
      return undefined;
  }
}

export function levelSpanM(shape: VesselShape): number {
  return shape.kind === 'verticalCylinder' ? shape.heightM : shape.diameterM;
}

export function totalVolumeM3(shape: VesselShape): number {
  switch (shape.kind) {
    case 'verticalCylinder':
      return (Math.PI / 4) * shape.diameterM ** 2 * shape.heightM;
    case 'sphere':
      return (Math.PI / 6) * shape.diameterM ** 3;
    case 'horizontalCylinder':
      return (Math.PI / 4) * shape.diameterM ** 2 * shape.lengthM;
  }
}

/** Liquid volume at height h: spherical cap πh²(3r − h)/3; circular segment r²·acos((r−h)/r) − (r−h)·√(2rh − h²) times length. */
export function liquidVolumeM3(shape: VesselShape, heightM: number): number {
  const h = Math.min(Math.max(heightM, 0), levelSpanM(shape));
  switch (shape.kind) {
    case 'verticalCylinder':
      return (Math.PI / 4) * shape.diameterM ** 2 * h;
    case 'sphere': {
      const r = shape.diameterM / 2;
      return (Math.PI * h * h * (3 * r - h)) / 3;
    }
    case 'horizontalCylinder': {
      const r = shape.diameterM / 2;
      const segment = r * r * Math.acos((r - h) / r) - (r - h) * Math.sqrt(Math.max(0, 2 * r * h - h * h));
      return segment * shape.lengthM;
    }
  }
}

/** Liquid surface area at height h: what turns a volume flow into a level rate. */
export function liquidSurfaceAreaM2(shape: VesselShape, heightM: number): number {
  const h = Math.min(Math.max(heightM, 0), levelSpanM(shape));
  switch (shape.kind) {
    case 'verticalCylinder':
      return (Math.PI / 4) * shape.diameterM ** 2;
    case 'sphere':
      return Math.PI * h * (shape.diameterM - h);
    case 'horizontalCylinder':
      return shape.lengthM * 2 * Math.sqrt(Math.max(0, h * (shape.diameterM - h)));
  }
}

/** Inverse of liquidVolumeM3 by bisection (volume is monotone in height); 50 halvings reach double precision. */
export function liquidHeightM(shape: VesselShape, volumeM3: number): number {
  const span = levelSpanM(shape);
  if (volumeM3 <= 0) return 0;
  if (volumeM3 >= totalVolumeM3(shape)) return span;
  if (shape.kind === 'verticalCylinder') return volumeM3 / ((Math.PI / 4) * shape.diameterM ** 2);
  let low = 0;
  let high = span;
  for (let i = 0; i < 50; i++) {
    const mid = (low + high) / 2;
    if (liquidVolumeM3(shape, mid) < volumeM3) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

/**
 * Fraction of the geometric volume that the scene's capacityKg stands for: storage is sized to a
 * maximum fill of 85 % (the demo generator's convention, within the 85–90 % fill limits of common
 * design practice for liquefied gases and atmospheric tanks).
 */
export const MAX_FILL_FRACTION = 0.85;

/** Liquid density implied by the scene: capacity over the volume at maximum fill; a hydrocarbon-like 800 kg/m³ otherwise. */
export function impliedDensityKgPerM3(equipment: Equipment, shape: VesselShape): number {
  if (equipment.capacityKg === undefined) return 800;
  return equipment.capacityKg / (totalVolumeM3(shape) * MAX_FILL_FRACTION);
}
