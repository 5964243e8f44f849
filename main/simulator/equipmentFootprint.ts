import { CYLINDRICAL_EQUIPMENT, type Equipment, type Point2 } from '../contracts/index.js';

/**
 * Plan-view footprints of equipment, in the scene's conventions (main/contracts/scene.ts): position
 * is the footprint centre; cylinders (and spheres) are circles of diameter lengthM; everything else is
 * a lengthM × widthM rectangle whose length axis runs east–west at rotation 0 and turns clockwise.
 */

function isRound(equipment: Equipment): boolean {
  return CYLINDRICAL_EQUIPMENT.has(equipment.type) || equipment.type === 'sphere';
}

/** Unit vectors (east, north) of the length and width axes after a clockwise rotation. */
function axes(equipment: Equipment): { length: Point2; width: Point2 } {
  const r = (equipment.rotationDeg * Math.PI) / 180;
  return { length: [Math.cos(r), -Math.sin(r)], width: [Math.sin(r), Math.cos(r)] };
}

/** Whether a point lies within the footprint grown by marginM on every side. */
export function isInsideFootprint([px, py]: Point2, equipment: Equipment, marginM = 0): boolean {
  const dx = px - equipment.position.x;
  const dy = py - equipment.position.y;
  if (isRound(equipment)) return Math.hypot(dx, dy) <= equipment.size.lengthM / 2 + marginM;
  const { length, width } = axes(equipment);
  const u = dx * length[0] + dy * length[1];
  const v = dx * width[0] + dy * width[1];
  return Math.abs(u) <= equipment.size.lengthM / 2 + marginM && Math.abs(v) <= equipment.size.widthM / 2 + marginM;
}

/** Pipe racks stand on columns that people walk under (scene.ts WalkableSchema); everything else is in the way. */
export function blocksWalking(equipment: Equipment): boolean {
  return equipment.type !== 'pipeRack';
}

/** A uniformly random point of the footprint's bounding box, pulled inside the footprint shape. */
export function pointInFootprint(equipment: Equipment, u: number, v: number, insetM: number): Point2 {
  const cx = equipment.position.x;
  const cy = equipment.position.y;
  if (isRound(equipment)) {
    const radius = Math.max(0, equipment.size.lengthM / 2 - insetM) * Math.sqrt(u);
    const angle = 2 * Math.PI * v;
    return [cx + radius * Math.cos(angle), cy + radius * Math.sin(angle)];
  }
  const { length, width } = axes(equipment);
  const a = (u - 0.5) * Math.max(0, equipment.size.lengthM - 2 * insetM);
  const b = (v - 0.5) * Math.max(0, equipment.size.widthM - 2 * insetM);
  return [cx + a * length[0] + b * width[0], cy + a * length[1] + b * width[1]];
}
