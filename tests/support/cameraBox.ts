import { applyHomography, invertHomography, type Camera } from '../../main/contracts/index.js';

/**
 * A detection box of the given pixel size standing on a ground point (x, y) as the camera sees it: its
 * foot, the middle of the bottom edge, is where the camera's image-to-ground homography maps back to
 * that point. Tests that publish camera events for a place build their boxes here, so a camera's pose
 * can change without their people landing somewhere else on the plant.
 */
export function boxStandingAt(camera: Camera, x: number, y: number, widthPx: number, heightPx: number): [number, number, number, number] {
  const foot = applyHomography(invertHomography(camera.imageToGroundHomography!), x, y);
  if (!foot) throw new Error(`camera ${camera.id} does not see the ground at (${x}, ${y})`);
  const [u, v] = foot;
  return [u - widthPx / 2, v - heightPx, u + widthPx / 2, v];
}
