import { PerspectiveCamera, Vector3 } from 'three';
import type { PlantFrame } from './plantToWorld.js';

/** The home view looks at the site centre from the south, this far above the horizon (desk screens). */
export const HOME_ELEVATION_RAD = (50 * Math.PI) / 180;
/** The flattest home view, for a wall of three screens: the site still reads as a plan, not a horizon. */
const WALL_ELEVATION_RAD = (30 * Math.PI) / 180;
/** Viewports up to this wide get the desk elevation; from WALL_ASPECT on, the wall's. */
const DESK_ASPECT = 2;
const WALL_ASPECT = 4.5;

/**
 * Elevation of the home view for a viewport shape. On a wall's very wide viewport (3840×1080, 5760×1080)
 * the 50° view fits the site's depth to the height and leaves the plant in the middle third (issue 12.4):
 * a flatter view shortens the depth on screen, so the site comes closer and fills more of the width.
 * Between DESK_ASPECT and WALL_ASPECT it goes linearly from 50° to 30°.
 */
export function homeElevationRad(aspect: number): number {
  const t = Math.min(1, Math.max(0, (aspect - DESK_ASPECT) / (WALL_ASPECT - DESK_ASPECT)));
  return HOME_ELEVATION_RAD + (WALL_ELEVATION_RAD - HOME_ELEVATION_RAD) * t;
}
/** Largest |NDC| a site corner may have: keeps the fence off the screen edge. */
const FRAME_FILL = 0.92;

/**
 * The smallest camera distance at which all four corners of the site (and the tallest equipment
 * above them) are in view, found by bisection on the real projection, so perspective is exact
 * for any viewport aspect.
 */
export function homeDistanceM(frame: PlantFrame, fovDeg: number, aspect: number, heightM = 30): number {
  const camera = new PerspectiveCamera(fovDeg, aspect, 1, 1e6);
  const elevation = homeElevationRad(aspect);
  const direction = new Vector3(0, Math.sin(elevation), Math.cos(elevation));
  const corners: Vector3[] = [];
  for (const x of [-frame.widthM / 2, frame.widthM / 2]) for (const z of [-frame.depthM / 2, frame.depthM / 2]) for (const y of [0, heightM]) corners.push(new Vector3(x, y, z));
  const fits = (distance: number) => {
    camera.position.copy(direction).multiplyScalar(distance);
    camera.lookAt(0, 0, 0);
    camera.updateMatrixWorld();
    return corners.every((corner) => {
      const p = corner.clone().project(camera);
      return p.z < 1 && Math.abs(p.x) <= FRAME_FILL && Math.abs(p.y) <= FRAME_FILL;
    });
  };
  let near = 1;
  let far = frame.extentM * 20;
  for (let i = 0; i < 40; i++) {
    const mid = (near + far) / 2;
    if (fits(mid)) far = mid;
    else near = mid;
  }
  return far;
}

/** The home camera position at a distance; `aspect` picks the elevation (homeElevationRad), the desk's by default. */
export function homePosition(distanceM: number, aspect = DESK_ASPECT): [number, number, number] {
  const elevation = homeElevationRad(aspect);
  return [0, distanceM * Math.sin(elevation), distanceM * Math.cos(elevation)];
}

/**
 * Fly-to frames the target with its surroundings (issue 12: "go to source" flew so close that one sphere
 * filled the view): a circle of CONTEXT_FACTOR × the object's size, and at least MIN_CONTEXT_RADIUS_M
 * (a person, a detector) around it fits the narrower of the two fields of view.
 */
export const CONTEXT_FACTOR = 2;
export const MIN_CONTEXT_RADIUS_M = 30;
export function framingDistanceM(sizeM: number, fovDeg: number, aspect: number): number {
  const radiusM = Math.max(sizeM * CONTEXT_FACTOR, MIN_CONTEXT_RADIUS_M);
  const verticalRad = (fovDeg * Math.PI) / 180;
  const horizontalRad = 2 * Math.atan(Math.tan(verticalRad / 2) * aspect);
  return radiusM / Math.sin(Math.min(verticalRad, horizontalRad) / 2);
}
