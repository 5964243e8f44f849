import { describe, expect, it } from 'vitest';
import { applyHomography, CameraSchema, imageToGroundHomography } from '@contracts';
import { zoneInImage } from './cameraOverlay.js';

const camera = CameraSchema.parse({ id: 'C', name: { en: 'C' }, position: { x: 0, y: 0, z: 8 }, headingDeg: 0, pitchDeg: -30, horizontalFovDeg: 70, imageWidthPx: 1920, imageHeightPx: 1080, stream: { url: 'rtsp://c.invalid/' } });

describe('zones on the camera picture', () => {
  it('keeps image zones, and projects plant zones so that they map back onto the same ground points', () => {
    expect(zoneInImage(camera, { id: 'a', space: 'image', polygon: [[0, 0], [10, 0], [10, 10]] })).toEqual([[0, 0], [10, 0], [10, 10]]);
    const corners: [number, number][] = [[-2, 10], [2, 10], [2, 14], [-2, 14]];
    const inImage = zoneInImage(camera, { id: 'b', space: 'plant', polygon: corners })!;
    const back = inImage.map(([u, v]) => applyHomography(imageToGroundHomography(camera), u, v)!);
    back.forEach(([x, y], i) => {
      expect(x).toBeCloseTo(corners[i]![0], 6);
      expect(y).toBeCloseTo(corners[i]![1], 6);
    });
    // Farther corners are higher in the picture.
    expect(inImage[2]![1]).toBeLessThan(inImage[1]![1]);
  });

  it('refuses a plant zone with a corner behind the camera', () => {
    expect(zoneInImage(camera, { id: 'c', space: 'plant', polygon: [[-2, 10], [2, 10], [0, -5]] })).toBeNull();
  });
});
