import { PerspectiveCamera, Vector3 } from 'three';
import { describe, expect, it } from 'vitest';
import { HOME_ELEVATION_RAD, homeDistanceM, homeElevationRad, homePosition } from './homeView.js';

const frame = { centreX: 200, centreY: 150, widthM: 400, depthM: 300, extentM: 400 };

function cornersInView(distance: number, aspect: number): number {
  const camera = new PerspectiveCamera(45, aspect, 1, 1e5);
  camera.position.set(...homePosition(distance, aspect));
  camera.lookAt(0, 0, 0);
  camera.updateMatrixWorld();
  return [[-200, -150], [200, -150], [-200, 150], [200, 150]].map(([x, z]) => new Vector3(x, 0, z).project(camera)).filter((p) => Math.abs(p.x) <= 1 && Math.abs(p.y) <= 1).length;
}

describe('home view', () => {
  it('keeps all four site corners in view, for wide and tall viewports', () => {
    for (const aspect of [0.6, 1, 1.6, 3.5, 4.4, 6]) {
      const distance = homeDistanceM(frame, 45, aspect);
      expect(cornersInView(distance, aspect)).toBe(4);
      // and is tight: 20 % closer loses a corner
      expect(cornersInView(distance * 0.8, aspect)).toBeLessThan(4);
    }
  });

  it('needs to be farther back on a narrower screen', () => {
    expect(homeDistanceM(frame, 45, 1)).toBeGreaterThan(homeDistanceM(frame, 45, 2));
  });

  it('looks down at 50° on desk screens and flatter, down to 30°, on a wall of two or three screens', () => {
    expect(homeElevationRad(1.78)).toBe(HOME_ELEVATION_RAD);
    expect((homeElevationRad(6) * 180) / Math.PI).toBeCloseTo(30, 9);
    expect(homeElevationRad(3.5)).toBeLessThan(HOME_ELEVATION_RAD);
    expect(homeElevationRad(3.5)).toBeGreaterThan(homeElevationRad(4.4));
  });

  it('fills more of a wall viewport with the plant than the desk elevation would', () => {
    const aspect = 4.3; // the 3D view of the 5760×1080 control room
    const widthShare = (position: [number, number, number]) => {
      const camera = new PerspectiveCamera(45, aspect, 1, 1e5);
      camera.position.set(...position);
      camera.lookAt(0, 0, 0);
      camera.updateMatrixWorld();
      const xs = [[-200, -150], [200, -150], [-200, 150], [200, 150]].map(([x, z]) => new Vector3(x, 0, z).project(camera).x);
      return (Math.max(...xs) - Math.min(...xs)) / 2;
    };
    const wall = widthShare(homePosition(homeDistanceM(frame, 45, aspect), aspect));
    // The 50° view at the distance where the site's corners fit it (bisection as in homeDistanceM).
    let near = 1;
    let far = 1e4;
    const fits50 = (d: number) => {
      const camera = new PerspectiveCamera(45, aspect, 1, 1e5);
      camera.position.set(0, d * Math.sin(HOME_ELEVATION_RAD), d * Math.cos(HOME_ELEVATION_RAD));
      camera.lookAt(0, 0, 0);
      camera.updateMatrixWorld();
      return [[-200, 0, -150], [200, 0, -150], [-200, 0, 150], [200, 0, 150], [-200, 30, -150], [200, 30, -150], [-200, 30, 150], [200, 30, 150]].every(([x, y, z]) => {
        const p = new Vector3(x, y, z).project(camera);
        return Math.abs(p.x) <= 0.92 && Math.abs(p.y) <= 0.92;
      });
    };
    for (let i = 0; i < 40; i++) {
      const mid = (near + far) / 2;
      if (fits50(mid)) far = mid;
      else near = mid;
    }
    const desk = widthShare([0, far * Math.sin(HOME_ELEVATION_RAD), far * Math.cos(HOME_ELEVATION_RAD)]);
    expect(wall).toBeGreaterThan(desk * 1.3);
  });
});
