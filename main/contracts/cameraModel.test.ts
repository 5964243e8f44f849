import { describe, expect, it } from 'vitest';
import { applyHomography, focalLengthPx, imageToGroundHomography, projectGroundPoint, type CameraPose } from './cameraModel.js';

const pose = (overrides: Partial<CameraPose>): CameraPose => ({
  position: { x: 100, y: 50, z: 10 },
  headingDeg: 0,
  pitchDeg: -45,
  horizontalFovDeg: 90,
  imageWidthPx: 1920,
  imageHeightPx: 1080,
  ...overrides,
});

describe('pinhole camera model', () => {
  it('has the focal length of the field of view', () => {
    // 90° horizontal FOV: f = (W/2) / tan(45°) = W/2
    expect(focalLengthPx(pose({}))).toBeCloseTo(960, 9);
  });

  it('maps the image centre to the ground point on the optical axis', () => {
    // Looking north, 45° down from 10 m: the axis meets the ground 10 m north of the pole.
    const ground = applyHomography(imageToGroundHomography(pose({})), 960, 540)!;
    expect(ground[0]).toBeCloseTo(100, 6);
    expect(ground[1]).toBeCloseTo(60, 6);
  });

  it('maps the centre straight below a camera looking straight down', () => {
    const ground = applyHomography(imageToGroundHomography(pose({ pitchDeg: -90 + 1e-9, headingDeg: 30 })), 960, 540)!;
    expect(ground[0]).toBeCloseTo(100, 4);
    expect(ground[1]).toBeCloseTo(50, 4);
  });

  it('puts points to the right of the axis on the right of the image, for any heading', () => {
    // Facing east (heading 90°), "right" is south.
    const [u] = projectGroundPoint(pose({ headingDeg: 90 }), 110, 45)!;
    expect(u).toBeGreaterThan(960);
  });

  it('round-trips ground → image → ground', () => {
    const p = pose({ headingDeg: 237, pitchDeg: -30, horizontalFovDeg: 70 });
    const h = imageToGroundHomography(p);
    for (const [x, y] of [[90, 40], [85, 30], [95, 35]] as const) {
      const pixel = projectGroundPoint(p, x, y)!;
      const back = applyHomography(h, pixel[0], pixel[1])!;
      expect(back[0]).toBeCloseTo(x, 6);
      expect(back[1]).toBeCloseTo(y, 6);
    }
  });

  it('returns null for ground behind the camera', () => {
    expect(projectGroundPoint(pose({}), 100, 20)).toBeNull();
  });
});
