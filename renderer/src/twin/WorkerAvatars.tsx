import { useEffect, useMemo, useRef } from 'react';
import * as THREE from 'three';
import { useFrame, useThree, type ThreeEvent } from '@react-three/fiber';
import type { AlarmPriority, ClientScene } from '@contracts';
import { useCoreClient } from '../connection/CoreClientContext.js';
import { THEME } from '../theme.js';
import { toWorld, type PlantFrame } from './plantToWorld.js';

/** Avatar size: a person-sized capsule, exaggerated 1.5× so it reads from the site view. */
const AVATAR_RADIUS_M = 0.6;
const AVATAR_HEIGHT_M = 2.7;
/** Short trails: the last positions, one every few seconds, to show where someone is heading. */
export const TRAIL_POINTS = 8;
const TRAIL_MIN_STEP_M = 2;
const REFRESH_MS = 250;

/**
 * Every badge as one instanced mesh (one draw call whatever the head count), coloured by role in
 * muted hues, or by the priority of a worker alarm (man-down, restricted entry) while one is active;
 * trails as one line-segments geometry.
 */
export function WorkerAvatars({ scene, frame, workerAlarms, onSelect }: { scene: ClientScene; frame: PlantFrame; workerAlarms: ReadonlyMap<string, AlarmPriority>; onSelect: (badgeId: string) => void }) {
  const live = useCoreClient().live;
  const invalidate = useThree((s) => s.invalidate);
  const mesh = useRef<THREE.InstancedMesh>(null);
  const roleOf = useMemo(() => new Map(scene.personnel.map((p) => [p.badgeId, p.role])), [scene]);
  const badges = useMemo(() => scene.personnel.map((p) => p.badgeId), [scene]);
  const trails = useRef(new Map<string, THREE.Vector3[]>());
  const trailGeometry = useMemo(() => new THREE.BufferGeometry(), []);
  const trailPositions = useMemo(() => new Float32Array(badges.length * (TRAIL_POINTS - 1) * 2 * 3), [badges]);
  const drawnVersion = useRef(-1);
  const scratch = useMemo(() => ({ matrix: new THREE.Matrix4(), colour: new THREE.Color(), hidden: new THREE.Matrix4().makeScale(0, 0, 0) }), []);

  useEffect(() => {
    trailGeometry.setAttribute('position', new THREE.BufferAttribute(trailPositions, 3));
  }, [trailGeometry, trailPositions]);
  // A changed alarm map must repaint colours even without new positions.
  useEffect(() => {
    drawnVersion.current = -1;
    invalidate();
  }, [workerAlarms, invalidate]);
  useEffect(() => {
    let seen = live.version;
    const timer = setInterval(() => {
      if (live.version !== seen) invalidate();
      seen = live.version;
    }, REFRESH_MS);
    return () => clearInterval(timer);
  }, [live, invalidate]);

  useFrame(() => {
    const target = mesh.current;
    if (!target || drawnVersion.current === live.version) return;
    drawnVersion.current = live.version;
    let segment = 0;
    badges.forEach((badgeId, i) => {
      const position = live.workers.get(badgeId);
      if (!position) {
        target.setMatrixAt(i, scratch.hidden);
        return;
      }
      const [x, , z] = toWorld(frame, position.x, position.y, 0);
      scratch.matrix.makeTranslation(x, AVATAR_HEIGHT_M / 2, z);
      target.setMatrixAt(i, scratch.matrix);
      const alarm = workerAlarms.get(badgeId);
      scratch.colour.set(alarm ? THEME.alarm[alarm] : THEME.role[roleOf.get(badgeId) ?? 'visitor']);
      target.setColorAt(i, scratch.colour);
      const trail = trails.current.get(badgeId) ?? [];
      const here = new THREE.Vector3(x, 0.3, z);
      if (trail.length === 0 || trail[trail.length - 1]!.distanceTo(here) >= TRAIL_MIN_STEP_M) trail.push(here);
      if (trail.length > TRAIL_POINTS) trail.shift();
      trails.current.set(badgeId, trail);
      for (let k = 1; k < trail.length; k++) {
        trail[k - 1]!.toArray(trailPositions, segment * 6);
        trail[k]!.toArray(trailPositions, segment * 6 + 3);
        segment++;
      }
    });
    trailPositions.fill(0, segment * 6);
    trailGeometry.setDrawRange(0, segment * 2);
    const trailAttribute = trailGeometry.getAttribute('position') as THREE.BufferAttribute | undefined;
    if (trailAttribute) trailAttribute.needsUpdate = true;
    target.instanceMatrix.needsUpdate = true;
    if (target.instanceColor) target.instanceColor.needsUpdate = true;
    target.computeBoundingSphere();
  });

  return (
    <group name="workers">
      <instancedMesh
        ref={mesh}
        args={[undefined, undefined, Math.max(badges.length, 1)]}
        userData={{ kind: 'workers' }}
        onClick={(event: ThreeEvent<MouseEvent>) => {
          if (event.instanceId === undefined || !live.workers.has(badges[event.instanceId]!)) return;
          event.stopPropagation();
          onSelect(badges[event.instanceId]!);
        }}
      >
        {/* A six-sided prism (~24 triangles): cheap enough for thousands of badges. */}
        <cylinderGeometry args={[AVATAR_RADIUS_M, AVATAR_RADIUS_M, AVATAR_HEIGHT_M, 6]} />
        <meshStandardMaterial />
      </instancedMesh>
      <lineSegments geometry={trailGeometry}>
        <lineBasicMaterial color={THEME.trail} transparent opacity={0.5} />
      </lineSegments>
    </group>
  );
}
