import { applyHomography, imageToGroundHomography, invertHomography, projectGroundPoint, type ClientCamera, type VisionZone } from '@contracts';

/**
 * A zone as a polygon in the camera's image pixels: image zones as they are, plant zones through the
 * inverse of the camera's image→ground homography. Null when a corner is behind the camera (the
 * outline would be meaningless).
 */
export function zoneInImage(camera: ClientCamera, zone: VisionZone): [number, number][] | null {
  if (zone.space === 'image') return zone.polygon;
  const groundToImage = invertHomography(camera.imageToGroundHomography ?? imageToGroundHomography(camera));
  const points: [number, number][] = [];
  for (const [x, y] of zone.polygon) {
    const p = projectGroundPoint(camera, x, y) && applyHomography(groundToImage, x, y);
    if (!p) return null;
    points.push(p);
  }
  return points;
}
