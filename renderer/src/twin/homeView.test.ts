import { PerspectiveCamera, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { homeDistanceM, homePosition } from './homeView.js';

const frame = { centreX: 200, centreY: 150, widthM: 400, depthM: 300, extentM: 400 };

function cornersInView(distance: number, aspect: number): number {
  const camera = new PerspectiveCamera(45, aspect, 1, 1e5);
  camera.position.set(...homePosition(distance));
  camera.lookAt(0, 0, 0);
  camera.updateMatrixWorld();
  return [[-200, -150], [200, -150], [-200, 150], [200, 150]].map(([x, z]) => new Vector3(x, 0, z).project(camera)).filter((p) => Math.abs(p.x) <= 1 && Math.abs(p.y) <= 1).length;
}

describe('home view', () => {
  it('keeps all four site corners in view, for wide and tall viewports', () => {
    for (const aspect of [0.6, 1, 1.6, 3.5]) {
      const distance = homeDistanceM(frame, 45, aspect);
      expect(cornersInView(distance, aspect)).toBe(4);
      // and is tight: 20 % closer loses a corner
      expect(cornersInView(distance * 0.8, aspect)).toBeLessThan(4);
    }
  });

  it('needs to be farther back on a narrower screen', () => {
    expect(homeDistanceM(frame, 45, 1)).toBeGreaterThan(homeDistanceM(frame, 45, 2));
  });
});
