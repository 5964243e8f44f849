import { describe, expect, it } from 'vitest';
import type { Camera } from '../contracts/index.js';
import { cameraViewCentre } from './hotspotMap.js';

const camera = (pose: Partial<Camera>): Camera => ({
  id: 'CAM-01',
  name: { 'zh-CN': '一号摄像机', en: 'Camera 1' },
  position: { x: 100, y: 50, z: 10 },
  headingDeg: 90,
  pitchDeg: -45,
  horizontalFovDeg: 90,
  imageWidthPx: 1920,
  imageHeightPx: 1080,
  stream: { url: 'rtsp://camera/1' },
  ...pose,
});

describe('cameraViewCentre', () => {
  it('is where the optical axis meets the ground: 10 m up, looking east 45° down → 10 m east of the mast', () => {
    const centre = cameraViewCentre(camera({}));
    expect(centre.x).toBeCloseTo(110, 9);
    expect(centre.y).toBeCloseTo(50, 9);
  });

  it('is the mast for a level camera (the axis never meets the ground) or one whose axis lands beyond 150 m', () => {
    expect(cameraViewCentre(camera({ pitchDeg: 0 }))).toEqual({ x: 100, y: 50 });
    // tan(2°) ≈ 0.0349: the axis lands 10 / 0.0349 ≈ 286 m away.
    expect(cameraViewCentre(camera({ pitchDeg: -2 }))).toEqual({ x: 100, y: 50 });
  });
});
