import { useLayoutEffect, useRef } from 'react';
import * as THREE from 'three';
import type { ThreeEvent } from '@react-three/fiber';
import type { Scene } from '@contracts';
import { THEME } from '../theme.js';
import { toWorld, type PlantFrame } from './plantToWorld.js';

const MARKER_RADIUS_M = 0.9;

/**
 * All sensors as one instanced mesh (one draw call for hundreds of markers). Instance i is
 * scene.sensors[i]: the stable index the live path will use to recolour markers in place.
 */
export function SensorMarkers({ scene, frame, selectedId, onSelect }: { scene: Scene; frame: PlantFrame; selectedId: string | null; onSelect: (id: string) => void }) {
  const mesh = useRef<THREE.InstancedMesh>(null);

  useLayoutEffect(() => {
    const target = mesh.current;
    if (!target) return;
    const matrix = new THREE.Matrix4();
    const normal = new THREE.Color(THEME.sensor);
    const selected = new THREE.Color(THEME.selection);
    scene.sensors.forEach((sensor, i) => {
      matrix.makeTranslation(...toWorld(frame, sensor.position.x, sensor.position.y, sensor.mountingHeightM + MARKER_RADIUS_M));
      target.setMatrixAt(i, matrix);
      target.setColorAt(i, sensor.id === selectedId ? selected : normal);
    });
    target.instanceMatrix.needsUpdate = true;
    if (target.instanceColor) target.instanceColor.needsUpdate = true;
    target.computeBoundingSphere();
  }, [scene, frame, selectedId]);

  const onClick = (event: ThreeEvent<MouseEvent>) => {
    if (event.instanceId === undefined) return;
    event.stopPropagation();
    onSelect(scene.sensors[event.instanceId]!.id);
  };

  return (
    <instancedMesh ref={mesh} args={[undefined, undefined, scene.sensors.length]} onClick={onClick} userData={{ kind: 'sensors' }}>
      <sphereGeometry args={[MARKER_RADIUS_M, 12, 8]} />
      <meshStandardMaterial />
    </instancedMesh>
  );
}
