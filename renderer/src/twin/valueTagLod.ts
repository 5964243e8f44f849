import { SENSOR_FLAGS } from '@contracts';

/** Values of normal sensors appear when the camera is closer than this (about a unit's size). */
export const VALUE_TAG_LOD_DISTANCE_M = 90;
/** At most this many normal-value tags at once, nearest first: a wall of numbers helps nobody. */
export const MAX_NEAR_VALUE_TAGS = 40;

/**
 * Level of detail for value tags: sensors in alarm or out of service, the selected and the hovered one always show
 * their value; other sensors only when the camera is near, nearest first, up to a cap.
 */
export function selectValueTags(args: {
  anchors: readonly { x: number; y: number; z: number }[];
  flags: ArrayLike<number>;
  selectedIndex: number;
  hoveredIndex?: number;
  camera: { x: number; y: number; z: number };
  lodDistanceM?: number;
  maxNear?: number;
}): number[] {
  const { anchors, flags, selectedIndex, camera } = args;
  const lod = args.lodDistanceM ?? VALUE_TAG_LOD_DISTANCE_M;
  const always: number[] = [];
  const near: { index: number; distance: number }[] = [];
  anchors.forEach((a, i) => {
    if (i === selectedIndex || i === args.hoveredIndex || (flags[i] ?? 0) & (SENSOR_FLAGS.alarmActive | SENSOR_FLAGS.outOfService)) {
      always.push(i);
      return;
    }
    const distance = Math.hypot(a.x - camera.x, a.y - camera.y, a.z - camera.z);
    if (distance <= lod) near.push({ index: i, distance });
  });
  near.sort((p, q) => p.distance - q.distance);
  return [...always, ...near.slice(0, args.maxNear ?? MAX_NEAR_VALUE_TAGS).map((n) => n.index)].sort((p, q) => p - q);
}

/** The 3D camera position, written every frame by the view, read by React-rate code. */
export const cameraProbe = { x: 0, y: 1e6, z: 0 };
