import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import * as THREE from 'three';
import { useFrame, useThree, type ThreeEvent } from '@react-three/fiber';
import type { AlarmPriority, ClientScene } from '@contracts';
import { useCoreClient } from '../connection/CoreClientContext.js';
import { metresPerPixel, minScreenScale } from '../people/screenSize.js';
import { THEME } from '../theme.js';
import { toWorld, type PlantFrame } from './plantToWorld.js';

/** A person icon: a tapered body and a head, 2.7 m tall (1.5× a person, so it reads from the site view). */
const BODY_RADIUS_M = 0.7;
const BODY_HEIGHT_M = 2;
const HEAD_RADIUS_M = 0.45;
export const AVATAR_HEIGHT_M = BODY_HEIGHT_M + 2 * HEAD_RADIUS_M - 0.2;
/**
 * Never shorter than this on screen, at any zoom (issue 12: workers were 2–4 px dots at the home view):
 * about the height of a line of alarm text, so a person is found without hunting pixel by pixel.
 */
export const MIN_ICON_HEIGHT_PX = 22;
/** The SOS pulse of a man-down badge: a ring on the ground growing from the icon's width to this many times it, once a second. */
const SOS_RING_GROWTH = 3;
const SOS_PERIOD_MS = 1000;
/** Short trails: the last positions, one every few seconds, to show where someone is heading. */
export const TRAIL_POINTS = 8;
const TRAIL_MIN_STEP_M = 2;
/** After the plant, clouds and markers: people are drawn on top. */
const PEOPLE_RENDER_ORDER = 10;
/** Where a label anchor of a badge without a position goes: below the ground, off every screen. */
const NOWHERE = new THREE.Vector3(0, -1e7, 0);

/** Each badge's icon as drawn in the last frame: on-screen height and centre in world metres (diagnostics: e2e checks size and colour). */
export const drawnIcons = new Map<string, { heightPx: number; centre: [number, number, number] }>();
/** The badges whose SOS pulse was drawn in the last frame (diagnostics). */
export const drawnSosBadges = new Set<string>();

/**
 * Every badge as person icons in instanced meshes (one draw call per part whatever the head count),
 * scaled each frame by their camera distance so that none is smaller than MIN_ICON_HEIGHT_PX; coloured
 * by role in muted hues, or by the priority of a worker alarm (man-down, restricted entry) while one is
 * active; a pulsing ring under a man-down badge (SOS); trails as one line-segments geometry. The label
 * anchors (one per badge, in scene.personnel order) follow the icons' heads.
 */
export function WorkerAvatars({
  scene,
  frame,
  workerAlarms,
  manDown,
  selectedId,
  labelAnchors,
  onSelect,
}: {
  scene: ClientScene;
  frame: PlantFrame;
  workerAlarms: ReadonlyMap<string, AlarmPriority>;
  manDown: ReadonlySet<string>;
  selectedId: string | null;
  labelAnchors: THREE.Vector3[];
  onSelect: (badgeId: string) => void;
}) {
  const live = useCoreClient().live;
  const invalidate = useThree((s) => s.invalidate);
  const body = useRef<THREE.InstancedMesh>(null);
  const head = useRef<THREE.InstancedMesh>(null);
  const sos = useRef<THREE.InstancedMesh>(null);
  const sosMaterial = useRef<THREE.MeshBasicMaterial>(null);
  const roleOf = useMemo(() => new Map(scene.personnel.map((p) => [p.badgeId, p.role])), [scene]);
  const badges = useMemo(() => scene.personnel.map((p) => p.badgeId), [scene]);
  const trails = useRef(new Map<string, THREE.Vector3[]>());
  const trailGeometry = useMemo(() => new THREE.BufferGeometry(), []);
  const trailPositions = useMemo(() => new Float32Array(badges.length * (TRAIL_POINTS - 1) * 2 * 3), [badges]);
  const trailVersion = useRef(-1);
  const trailContinuity = useRef(-1);
  const colourKey = useRef('');
  const scratch = useMemo(
    () => ({ matrix: new THREE.Matrix4(), colour: new THREE.Color(), hidden: new THREE.Matrix4().makeScale(0, 0, 0), position: new THREE.Vector3(), scale: new THREE.Vector3(), flat: new THREE.Quaternion().setFromEuler(new THREE.Euler(-Math.PI / 2, 0, 0)), upright: new THREE.Quaternion() }),
    [],
  );

  useEffect(() => {
    trailGeometry.setAttribute('position', new THREE.BufferAttribute(trailPositions, 3));
  }, [trailGeometry, trailPositions]);
  // Per-instance colours must exist before the first render: three.js compiles the material with or
  // without instance colours once, and colours added later (no badge had a position yet) were ignored.
  useLayoutEffect(() => {
    for (const mesh of [body.current, head.current]) {
      if (mesh) mesh.instanceColor = new THREE.InstancedBufferAttribute(new Float32Array(mesh.count * 3).fill(1), 3);
    }
    colourKey.current = '';
  }, [badges]);
  // A changed alarm map or selection must repaint colours even without new positions.
  useEffect(() => {
    colourKey.current = '';
    invalidate();
  }, [workerAlarms, selectedId, manDown, invalidate]);

  useFrame(({ camera, size }) => {
    const [bodyMesh, headMesh, sosMesh] = [body.current, head.current, sos.current];
    if (!bodyMesh || !headMesh || !sosMesh) return;
    const fovDeg = camera instanceof THREE.PerspectiveCamera ? camera.fov : 45;
    const pulse = (performance.now() % SOS_PERIOD_MS) / SOS_PERIOD_MS;
    const recolour = colourKey.current !== `${live.version}`;
    const moved = trailVersion.current !== live.version;
    // A seek or a change of source: the old trails lead nowhere the person walked.
    if (trailContinuity.current !== live.continuity) {
      trailContinuity.current = live.continuity;
      trails.current.clear();
    }
    trailVersion.current = live.version;
    drawnIcons.clear();
    drawnSosBadges.clear();
    let segment = 0;
    badges.forEach((badgeId, i) => {
      const position = live.workers.get(badgeId);
      if (!position) {
        bodyMesh.setMatrixAt(i, scratch.hidden);
        headMesh.setMatrixAt(i, scratch.hidden);
        sosMesh.setMatrixAt(i, scratch.hidden);
        labelAnchors[i]?.copy(NOWHERE);
        return;
      }
      const [x, , z] = toWorld(frame, position.x, position.y, 0);
      scratch.position.set(x, AVATAR_HEIGHT_M / 2, z);
      // Screen-space minimum: the same pinhole projection three.js draws with (people/screenSize.ts).
      const distanceM = camera.position.distanceTo(scratch.position);
      const scale = minScreenScale(AVATAR_HEIGHT_M, distanceM, fovDeg, size.height, MIN_ICON_HEIGHT_PX);
      drawnIcons.set(badgeId, { heightPx: (AVATAR_HEIGHT_M * scale) / metresPerPixel(distanceM, fovDeg, size.height), centre: [x, (BODY_HEIGHT_M / 2) * scale, z] });
      scratch.scale.setScalar(scale);
      scratch.matrix.compose(scratch.position.set(x, (BODY_HEIGHT_M / 2) * scale, z), scratch.upright, scratch.scale);
      bodyMesh.setMatrixAt(i, scratch.matrix);
      scratch.matrix.compose(scratch.position.set(x, (BODY_HEIGHT_M + HEAD_RADIUS_M - 0.2) * scale, z), scratch.upright, scratch.scale);
      headMesh.setMatrixAt(i, scratch.matrix);
      labelAnchors[i]?.set(x, AVATAR_HEIGHT_M * scale + 0.5, z);
      if (manDown.has(badgeId)) {
        scratch.scale.setScalar(scale * (1 + (SOS_RING_GROWTH - 1) * pulse));
        scratch.matrix.compose(scratch.position.set(x, 0.15, z), scratch.flat, scratch.scale);
        sosMesh.setMatrixAt(i, scratch.matrix);
        drawnSosBadges.add(badgeId);
      } else sosMesh.setMatrixAt(i, scratch.hidden);
      if (recolour) {
        const alarm = workerAlarms.get(badgeId);
        // An alarm colour wins over the selection's white: the selected person's tag shows the selection.
        scratch.colour.set(alarm ? THEME.alarm[alarm] : badgeId === selectedId ? THEME.selection : THEME.role[roleOf.get(badgeId) ?? 'visitor']);
        bodyMesh.setColorAt(i, scratch.colour);
        headMesh.setColorAt(i, scratch.colour);
      }
      if (!moved) return;
      const trail = trails.current.get(badgeId) ?? [];
      const here = new THREE.Vector3(x, 0.3, z);
      if (trail.length === 0 || trail[trail.length - 1]!.distanceTo(here) >= TRAIL_MIN_STEP_M) trail.push(here);
      if (trail.length > TRAIL_POINTS) trail.shift();
      trails.current.set(badgeId, trail);
    });
    if (moved) {
      for (const trail of trails.current.values()) {
        for (let k = 1; k < trail.length; k++) {
          trail[k - 1]!.toArray(trailPositions, segment * 6);
          trail[k]!.toArray(trailPositions, segment * 6 + 3);
          segment++;
        }
      }
      trailPositions.fill(0, segment * 6);
      trailGeometry.setDrawRange(0, segment * 2);
      const trailAttribute = trailGeometry.getAttribute('position') as THREE.BufferAttribute | undefined;
      if (trailAttribute) trailAttribute.needsUpdate = true;
    }
    colourKey.current = `${live.version}`;
    for (const mesh of [bodyMesh, headMesh, sosMesh]) {
      mesh.instanceMatrix.needsUpdate = true;
      if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
      mesh.computeBoundingSphere();
    }
    if (sosMaterial.current) sosMaterial.current.opacity = 0.9 * (1 - pulse);
    // The pulse animates only while someone is down (the view otherwise renders on demand).
    if (manDown.size > 0) invalidate();
  });

  const click = (event: ThreeEvent<MouseEvent>) => {
    if (event.instanceId === undefined || !live.workers.has(badges[event.instanceId]!)) return;
    event.stopPropagation();
    onSelect(badges[event.instanceId]!);
  };
  const count = Math.max(badges.length, 1);
  return (
    <group name="workers">
      {/* Drawn last and through buildings and equipment (no depth test): a person inside a building or behind a tank is still seen. */}
      <instancedMesh ref={body} args={[undefined, undefined, count]} userData={{ kind: 'workers' }} onClick={click} renderOrder={PEOPLE_RENDER_ORDER}>
        {/* A tapered eight-sided body (~32 triangles): cheap enough for thousands of badges, and unlike a sensor's octahedron. */}
        <cylinderGeometry args={[BODY_RADIUS_M * 0.55, BODY_RADIUS_M, BODY_HEIGHT_M, 8]} />
        <meshStandardMaterial depthTest={false} />
      </instancedMesh>
      <instancedMesh ref={head} args={[undefined, undefined, count]} onClick={click} renderOrder={PEOPLE_RENDER_ORDER}>
        <sphereGeometry args={[HEAD_RADIUS_M, 10, 8]} />
        <meshStandardMaterial depthTest={false} />
      </instancedMesh>
      <instancedMesh ref={sos} args={[undefined, undefined, count]} userData={{ kind: 'sosPulse' }} renderOrder={PEOPLE_RENDER_ORDER}>
        <ringGeometry args={[BODY_RADIUS_M * 1.6, BODY_RADIUS_M * 2.1, 32]} />
        <meshBasicMaterial ref={sosMaterial} color={THEME.alarm.urgent} transparent depthTest={false} depthWrite={false} side={THREE.DoubleSide} />
      </instancedMesh>
      <lineSegments geometry={trailGeometry}>
        <lineBasicMaterial color={THEME.trail} transparent opacity={0.5} />
      </lineSegments>
    </group>
  );
}
