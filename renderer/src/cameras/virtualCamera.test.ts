import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { projectGroundPoint, type CameraPose } from '@contracts';
import { toWorld, type PlantFrame } from '../twin/plantToWorld.js';
import { applyVirtualCameraPose } from './virtualCamera.js';

const frame: PlantFrame = { centreX: 200, centreY: 150, widthM: 400, depthM: 300, extentM: 400 };

/** Where the three.js camera draws a ground point, in image pixels (u right, v down). */
function drawnAt(pose: CameraPose, x: number, y: number): [number, number] {
  const camera = applyVirtualCameraPose(new THREE.PerspectiveCamera(), frame, pose);
  const ndc = new THREE.Vector3(...toWorld(frame, x, y, 0)).project(camera);
  return [((ndc.x + 1) / 2) * pose.imageWidthPx, ((1 - ndc.y) / 2) * pose.imageHeightPx];
}

describe('virtual view pose', () => {
  const poses: CameraPose[] = [
    { position: { x: 120, y: 80, z: 12 }, headingDeg: 45, pitchDeg: -20, horizontalFovDeg: 70, imageWidthPx: 1920, imageHeightPx: 1080 },
    { position: { x: 300, y: 200, z: 8 }, headingDeg: 250, pitchDeg: -35, horizontalFovDeg: 90, imageWidthPx: 1280, imageHeightPx: 960 },
    { position: { x: 50, y: 250, z: 20 }, headingDeg: 170, pitchDeg: -60, horizontalFovDeg: 50, imageWidthPx: 2560, imageHeightPx: 1440 },
  ];

  it('draws ground points where the pinhole model (cameraModel.ts) projects them', () => {
    for (const pose of poses) {
      for (const [dx, dy] of [
        [5, 30],
        [-10, 20],
        [15, 40],
      ] as const) {
        // A point in front of the camera: along its heading, then offset sideways.
        const h = (pose.headingDeg * Math.PI) / 180;
        const x = pose.position.x + Math.sin(h) * dy + Math.cos(h) * dx;
        const y = pose.position.y + Math.cos(h) * dy - Math.sin(h) * dx;
        const expected = projectGroundPoint(pose, x, y);
        expect(expected).not.toBeNull();
        const [u, v] = drawnAt(pose, x, y);
        expect(u).toBeCloseTo(expected![0], 3);
        expect(v).toBeCloseTo(expected![1], 3);
      }
    }
  });

  it('keeps the horizon level and the vertical field of view from the image aspect', () => {
    const camera = applyVirtualCameraPose(new THREE.PerspectiveCamera(), frame, poses[0]!);
    expect(camera.aspect).toBeCloseTo(16 / 9);
    // tan(vfov/2) = tan(hfov/2) / aspect
    expect(Math.tan(((camera.fov / 2) * Math.PI) / 180)).toBeCloseTo(Math.tan((35 * Math.PI) / 180) / (16 / 9), 6);
    const right = new THREE.Vector3(1, 0, 0).applyQuaternion(camera.quaternion);
    expect(right.y).toBeCloseTo(0, 9);
  });
});
