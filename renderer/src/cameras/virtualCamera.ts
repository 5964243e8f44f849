import * as THREE from 'three';
import type { CameraPose } from '@contracts';
import { toWorld, type PlantFrame } from '../twin/plantToWorld.js';

const DEG = Math.PI / 180;

/**
 * A scene camera's pose (main/contracts/cameraModel.ts: heading clockwise from north, pitch negative
 * looking down, horizontal field of view, image size) as a three.js perspective camera in the twin's
 * world, so the virtual view of a camera without video shows what its lens would: a ground point
 * lands on the same image pixel as the pinhole model puts it (tested against projectGroundPoint).
 */
export function applyVirtualCameraPose(camera: THREE.PerspectiveCamera, frame: PlantFrame, pose: CameraPose): THREE.PerspectiveCamera {
  const aspect = pose.imageWidthPx / pose.imageHeightPx;
  const heading = pose.headingDeg * DEG;
  const pitch = pose.pitchDeg * DEG;
  // Optical axis in plant axes (x east, y north, z up), then into the world (x, z up → y, −y north → z).
  const forward = new THREE.Vector3(Math.sin(heading) * Math.cos(pitch), Math.sin(pitch), -Math.cos(heading) * Math.cos(pitch));
  // The camera's right axis stays level (no roll), as in cameraModel.ts: up = right × forward.
  const right = new THREE.Vector3(Math.cos(heading), 0, Math.sin(heading));
  const up = new THREE.Vector3().crossVectors(right, forward).normalize();
  camera.position.set(...toWorld(frame, pose.position.x, pose.position.y, pose.position.z));
  camera.up.copy(up);
  camera.lookAt(camera.position.clone().add(forward));
  camera.aspect = aspect;
  camera.fov = (2 * Math.atan(Math.tan((pose.horizontalFovDeg * DEG) / 2) / aspect)) / DEG;
  camera.updateProjectionMatrix();
  camera.updateMatrixWorld(true);
  return camera;
}
