import { useMemo } from 'react';
import * as THREE from 'three';
import type { ThreeEvent } from '@react-three/fiber';
import type { ClientScene } from '@contracts';
import { THEME } from '../theme.js';
import { useStore } from '../state/createStore.js';
import { hoverHandlers, hoverStore } from './hoverStore.js';
import { toWorld, type PlantFrame } from './plantToWorld.js';

/** Drawn frustum length: far enough to read the view direction, short enough not to clutter. */
const FRUSTUM_LENGTH_M = 18;

/**
 * Each camera as a small body on its pole; the outline of its field of view only while the pointer is
 * over the camera or it is selected (issue 12.4: a dozen always-on cones were the brightest lines on screen).
 */
export function CameraMarkers({ scene, frame, selectedId, onSelect }: { scene: ClientScene; frame: PlantFrame; selectedId: string | null; onSelect: (cameraId: string) => void }) {
  const hoveredId = useStore(hoverStore, (s) => (s.hovered?.kind === 'camera' ? s.hovered.id : null));
  const cameras = useMemo(
    () =>
      scene.cameras.map((camera) => {
        const origin = new THREE.Vector3(...toWorld(frame, camera.position.x, camera.position.y, camera.position.z));
        const heading = (camera.headingDeg * Math.PI) / 180;
        const pitch = (camera.pitchDeg * Math.PI) / 180;
        const halfH = (camera.horizontalFovDeg * Math.PI) / 360;
        const halfV = Math.atan(Math.tan(halfH) * (camera.imageHeightPx / camera.imageWidthPx));
        // Plant-frame camera axes (x east, y north, z up), then mapped to world (x, z, −y).
        const forward = new THREE.Vector3(Math.sin(heading) * Math.cos(pitch), Math.sin(pitch), -Math.cos(heading) * Math.cos(pitch));
        const right = new THREE.Vector3(Math.cos(heading), 0, Math.sin(heading));
        const up = new THREE.Vector3().crossVectors(right, forward);
        const corners = [
          [-1, -1],
          [1, -1],
          [1, 1],
          [-1, 1],
        ].map(([sx, sy]) =>
          origin
            .clone()
            .addScaledVector(forward, FRUSTUM_LENGTH_M)
            .addScaledVector(right, sx! * Math.tan(halfH) * FRUSTUM_LENGTH_M)
            .addScaledVector(up, sy! * Math.tan(halfV) * FRUSTUM_LENGTH_M),
        );
        const points: THREE.Vector3[] = [];
        for (const corner of corners) points.push(origin, corner);
        corners.forEach((corner, i) => points.push(corner, corners[(i + 1) % 4]!));
        const frustum = new THREE.LineSegments(new THREE.BufferGeometry().setFromPoints(points), new THREE.LineBasicMaterial({ color: THEME.camera, transparent: true, opacity: 0.6 }));
        return { id: camera.id, origin, frustum };
      }),
    [scene, frame],
  );
  return (
    <group name="cameras">
      {cameras.map((c) => (
        <group key={c.id} userData={{ kind: 'camera', cameraId: c.id }}>
          <mesh
            position={c.origin}
            {...hoverHandlers('camera', c.id)}
            onClick={(event: ThreeEvent<MouseEvent>) => {
              event.stopPropagation();
              onSelect(c.id);
            }}
          >
            <boxGeometry args={[2, 1.4, 1.4]} />
            <meshStandardMaterial color={THEME.camera} />
          </mesh>
          {(c.id === hoveredId || c.id === selectedId) && <primitive object={c.frustum} userData={{ kind: 'cameraCone', cameraId: c.id }} />}
        </group>
      ))}
    </group>
  );
}
