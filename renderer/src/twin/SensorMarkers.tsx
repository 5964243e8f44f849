import { useEffect, useLayoutEffect, useRef } from 'react';
import * as THREE from 'three';
import { useFrame, useThree, type ThreeEvent } from '@react-three/fiber';
import { SENSOR_FLAGS, type ClientScene } from '@contracts';
import { useCoreClient } from '../connection/CoreClientContext.js';
import { THEME } from '../theme.js';
import { hoverStore } from './hoverStore.js';
import { markerLook } from './liveColours.js';
import { toWorld, type PlantFrame } from './plantToWorld.js';

const MARKER_RADIUS_M = 0.9;
/** ISA-101 / ISA-18.2 practice: unacknowledged alarms flash at about 1 Hz. */
const BLINK_PERIOD_S = 1;

const COLOURS = {
  normal: new THREE.Color(THEME.sensor),
  stale: new THREE.Color(THEME.stale),
  outOfService: new THREE.Color(THEME.outOfService),
  selected: new THREE.Color(THEME.selection),
  urgent: new THREE.Color(THEME.alarm.urgent),
  high: new THREE.Color(THEME.alarm.high),
  medium: new THREE.Color(THEME.alarm.medium),
  low: new THREE.Color(THEME.alarm.low),
};

/**
 * All sensors as one instanced mesh (one draw call). Instance i is scene.sensors[i], the same stable
 * index as the live frames; colours and sizes are rewritten in place when live data changes.
 */
export function SensorMarkers({ scene, frame, selectedId, onSelect }: { scene: ClientScene; frame: PlantFrame; selectedId: string | null; onSelect: (id: string) => void }) {
  const mesh = useRef<THREE.InstancedMesh>(null);
  const live = useCoreClient().live;
  const invalidate = useThree((s) => s.invalidate);
  const drawn = useRef({ version: -1, blinkOn: true, selectedId: null as string | null });
  const positions = useRef<THREE.Vector3[]>([]);

  useLayoutEffect(() => {
    positions.current = scene.sensors.map((sensor) => new THREE.Vector3(...toWorld(frame, sensor.position.x, sensor.position.y, sensor.mountingHeightM + MARKER_RADIUS_M)));
    drawn.current.version = -1;
    invalidate();
  }, [scene, frame, invalidate]);

  // New values are drawn through the twin's LiveInvalidator; only the blink of unacknowledged alarms needs frames of its own.
  useEffect(() => {
    const timer = setInterval(() => {
      if (live.flags.some((f) => (f & SENSOR_FLAGS.alarmUnacknowledged) !== 0)) invalidate();
    }, (BLINK_PERIOD_S / 2) * 1000);
    return () => clearInterval(timer);
  }, [live, invalidate]);

  const scratch = useRef({ matrix: new THREE.Matrix4(), scale: new THREE.Vector3(), quaternion: new THREE.Quaternion() });
  useFrame(({ clock }) => {
    const target = mesh.current;
    if (!target) return;
    const blinkOn = Math.floor(clock.elapsedTime / (BLINK_PERIOD_S / 2)) % 2 === 0;
    const state = drawn.current;
    if (state.version === live.version && state.blinkOn === blinkOn && state.selectedId === selectedId) return;
    const { matrix, scale, quaternion } = scratch.current;
    scene.sensors.forEach((sensor, i) => {
      const look = markerLook(live.flags[i] ?? 0);
      // An active alarm's colour wins; otherwise a sensor out of service shows it (ISA-18.2: never silently unprotected).
      const own = look.outOfService && (look.colour === 'normal' || look.colour === 'stale') ? COLOURS.outOfService : COLOURS[look.colour];
      const colour = sensor.id === selectedId ? COLOURS.selected : look.blink && !blinkOn ? COLOURS.normal : own;
      scale.setScalar(look.scale);
      matrix.compose(positions.current[i]!, quaternion, scale);
      target.setMatrixAt(i, matrix);
      target.setColorAt(i, colour);
    });
    target.instanceMatrix.needsUpdate = true;
    if (target.instanceColor) target.instanceColor.needsUpdate = true;
    target.computeBoundingSphere();
    drawn.current = { version: live.version, blinkOn, selectedId };
  });

  const onClick = (event: ThreeEvent<MouseEvent>) => {
    if (event.instanceId === undefined) return;
    event.stopPropagation();
    onSelect(scene.sensors[event.instanceId]!.id);
  };

  // One hover target per instance: the pointer moving between markers changes the hovered sensor.
  const onPointerMove = (event: ThreeEvent<PointerEvent>) => {
    if (event.instanceId === undefined) return;
    event.stopPropagation();
    const id = scene.sensors[event.instanceId]!.id;
    const current = hoverStore.get().hovered;
    if (current?.kind !== 'sensor' || current.id !== id) hoverStore.set({ hovered: { kind: 'sensor', id } });
  };
  const onPointerOut = () => {
    if (hoverStore.get().hovered?.kind === 'sensor') hoverStore.set({ hovered: null });
  };

  return (
    <instancedMesh ref={mesh} args={[undefined, undefined, scene.sensors.length]} onClick={onClick} onPointerMove={onPointerMove} onPointerOut={onPointerOut} userData={{ kind: 'sensors' }}>
      {/* An octahedron (8 triangles, against 192 for a sphere): at 20,000 markers the triangle count decides the frame time on software GL. */}
      <octahedronGeometry args={[MARKER_RADIUS_M * 1.2, 0]} />
      <meshStandardMaterial />
    </instancedMesh>
  );
}
