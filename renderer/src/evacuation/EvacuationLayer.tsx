import { useEffect, useMemo, useRef } from 'react';
import { useFrame, useThree } from '@react-three/fiber';
import * as THREE from 'three';
import { EVACUATION_AGENT_STATES, type ClientScene, type EvacuationThreat } from '@contracts';
import { useCoreState } from '../connection/CoreClientContext.js';
import { PlumeLayer } from '../leak/PlumeLayer.js';
import { useStore } from '../state/createStore.js';
import { THEME } from '../theme.js';
import { toWorld, type PlantFrame } from '../twin/plantToWorld.js';
import { drillLeakStore, evacuationStore, onRunPicturesChange, runPictures, shownThreats, type RunPicture } from './evacuationFeed.js';

/** Enough instances for a large site's shift; more agents than this are not drawn (the board still counts them). */
const MAX_AGENTS = 4096;
const MAX_ROUTE_SEGMENTS = 60_000;
/** Larger than a person (0.25 m body radius) so a whole-site view on a video wall still shows each one. */
const AGENT_RADIUS_M = 1.6;
const AGENT_HEIGHT_M = 3;
const ROUTE_Y_M = 0.25;
const DENSITY_Y_M = 0.12;
/** Displayed positions close this fraction of the gap to the latest frame per second (frames come at 4 Hz). */
const FOLLOW_RATE_PER_S = 6;
/**
 * ISA-101: normal is grey; colour is for the abnormal. People walking or waiting are grey; cut off
 * (no route) and injured waiting for help are coloured like urgent and high alarms.
 */
const STATE_COLOUR: Record<(typeof EVACUATION_AGENT_STATES)[number], string> = {
  waiting: '#9aa3ab',
  moving: '#d5dade',
  arrived: '#5d646b',
  awaitingHelp: THEME.alarm.high,
  noRoute: THEME.alarm.urgent,
};
/**
 * Density heat (people/m²): below 2 nothing is drawn (free walking, Weidmann's diagram barely slows
 * people); 2–4 amber (slowed, a queue at a gate); above 4 red (jammed, where crowd accidents begin).
 */
const DENSITY_BANDS: { fromPerM2: number; rgba: [number, number, number, number] }[] = [
  { fromPerM2: 4, rgba: [229, 50, 45, 200] },
  { fromPerM2: 2, rgba: [242, 140, 40, 170] },
];

/**
 * The evacuation on the twin (issue 6 "Visual layer"): every agent as an instanced marker that
 * glides between the core's frames, the predicted routes, the density heat where people crowd,
 * and, during a drill, the drill's own gas cloud. Frames are read in useFrame, never React state.
 * A replaying screen draws the gassed muster points of the boards recorded at the replayed instant and
 * never the live runs' people or flags (issue 12.6: the replayed picture is the past, whole).
 */
export function EvacuationLayer({ scene, frame }: { scene: ClientScene; frame: PlantFrame }) {
  const drilling = useStore(evacuationStore, (s) => s.status?.drill != null && s.status.drill.phase !== 'ended');
  const replaying = useCoreState((s) => s.player.mode === 'replay');
  const liveThreatened = useStore(evacuationStore, (s) => musterIdsKey(shownThreats(null, s)));
  const replayedThreatened = useCoreState((s) => musterIdsKey(shownThreats(s.replayEvacuationBoards)));
  const threatened = replaying ? replayedThreatened : liveThreatened;
  return (
    <group userData={{ kind: 'evacuation' }}>
      {!replaying && <RunAgents frame={frame} />}
      <ThreatenedMusterPoints scene={scene} frame={frame} ids={threatened ? threatened.split(ID_SEPARATOR) : []} />
      {drilling && <PlumeLayer scene={scene} frame={frame} store={drillLeakStore} drill />}
    </group>
  );
}

function RunAgents({ frame }: { frame: PlantFrame }) {
  const invalidate = useThree((s) => s.invalidate);
  const agents = useRef<THREE.InstancedMesh>(null);
  const routes = useRef<THREE.LineSegments>(null);
  const heat = useRef<THREE.Mesh>(null);
  const state = useMemo(
    () => ({
      version: -1,
      shownX: new Float32Array(MAX_AGENTS),
      shownZ: new Float32Array(MAX_AGENTS),
      targetX: new Float32Array(MAX_AGENTS),
      targetZ: new Float32Array(MAX_AGENTS),
      ids: [] as string[],
      count: 0,
      settled: true,
      matrix: new THREE.Matrix4(),
      colour: new THREE.Color(),
      routePositions: new Float32Array(MAX_ROUTE_SEGMENTS * 6),
      routeGeometry: new THREE.BufferGeometry(),
      texture: null as THREE.DataTexture | null,
      heatKey: '',
    }),
    [],
  );
  useEffect(() => {
    state.routeGeometry.setAttribute('position', new THREE.BufferAttribute(state.routePositions, 3));
    return () => {
      state.routeGeometry.dispose();
      state.texture?.dispose();
    };
  }, [state]);
  // Frames arrive outside React: each one, and a run's end, asks for a render (the canvas renders on demand).
  useEffect(() => onRunPicturesChange(() => invalidate()), [invalidate]);

  useFrame((_, deltaS) => {
    const mesh = agents.current;
    if (!mesh) return;
    const picture = latestPicture();
    if (!picture) {
      if (state.count > 0) {
        state.count = 0;
        state.version = -1;
        mesh.count = 0;
        mesh.userData.drawn = 0;
        if (routes.current) routes.current.visible = false;
        if (heat.current) heat.current.visible = false;
      }
      return;
    }
    const snapshot = picture.snapshot;
    if (picture.version !== state.version) {
      const restart = state.ids !== snapshot.agentIds && (state.ids.length !== snapshot.agentIds.length || state.ids[0] !== snapshot.agentIds[0]);
      state.version = picture.version;
      state.ids = snapshot.agentIds;
      state.count = Math.min(snapshot.agentIds.length, MAX_AGENTS);
      for (let i = 0; i < state.count; i++) {
        const [x, , z] = toWorld(frame, snapshot.positionsM[2 * i]!, snapshot.positionsM[2 * i + 1]!);
        state.targetX[i] = x;
        state.targetZ[i] = z;
        if (restart) {
          state.shownX[i] = x;
          state.shownZ[i] = z;
        }
        state.colour.set(STATE_COLOUR[EVACUATION_AGENT_STATES[snapshot.states[i]!] ?? 'moving']);
        mesh.setColorAt(i, state.colour);
      }
      if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
      drawRoutes(picture, frame, state.routePositions, state.routeGeometry);
      if (routes.current) routes.current.visible = true;
      if (heat.current) drawHeat(picture, frame, heat.current, state);
      state.settled = false;
    }
    if (state.settled) return;
    const follow = 1 - Math.exp(-FOLLOW_RATE_PER_S * Math.min(deltaS, 0.5));
    let moving = false;
    for (let i = 0; i < state.count; i++) {
      const dx = state.targetX[i]! - state.shownX[i]!;
      const dz = state.targetZ[i]! - state.shownZ[i]!;
      if (Math.abs(dx) + Math.abs(dz) > 0.02) moving = true;
      state.shownX[i]! += dx * follow;
      state.shownZ[i]! += dz * follow;
      state.matrix.makeTranslation(state.shownX[i]!, AGENT_HEIGHT_M / 2, state.shownZ[i]!);
      mesh.setMatrixAt(i, state.matrix);
    }
    mesh.count = state.count;
    mesh.userData.drawn = state.count;
    mesh.instanceMatrix.needsUpdate = true;
    mesh.computeBoundingSphere();
    state.settled = !moving;
    if (moving) invalidate();
  });

  return (
    <>
      <instancedMesh ref={agents} args={[undefined, undefined, MAX_AGENTS]} count={0} userData={{ kind: 'evacAgents', drawn: 0 }} frustumCulled={false}>
        <cylinderGeometry args={[AGENT_RADIUS_M, AGENT_RADIUS_M, AGENT_HEIGHT_M, 8]} />
        <meshBasicMaterial />
      </instancedMesh>
      <lineSegments ref={routes} geometry={state.routeGeometry} visible={false} userData={{ kind: 'evacRoutes' }} frustumCulled={false}>
        <lineBasicMaterial color="#b8c4ce" transparent opacity={0.6} />
      </lineSegments>
      <mesh ref={heat} rotation={[-Math.PI / 2, 0, 0]} visible={false} userData={{ kind: 'evacDensity' }} renderOrder={1}>
        <planeGeometry args={[1, 1]} />
        <meshBasicMaterial transparent depthWrite={false} />
      </mesh>
    </>
  );
}

/** Rings drawn this far above the ground: over the density heat and the routes. */
const THREAT_RING_Y_M = 0.3;
const THREAT_RING_WIDTH_M = 2;

/**
 * Muster points the threat zone has reached, ringed in the urgent alarm colour on the twin while the
 * run lasts (issue 12.3: a gassed muster point is flagged at once; the board says what to do).
 */
/** Muster point ids joined into one string: a store selector's value compares equal while the set stays the same. */
const ID_SEPARATOR = '\u0000';
const musterIdsKey = (threats: EvacuationThreat[]) => threats.flatMap((t) => t.musterIds).join(ID_SEPARATOR);

function ThreatenedMusterPoints({ scene, frame, ids }: { scene: ClientScene; frame: PlantFrame; ids: string[] }) {
  return (
    <>
      {scene.musterPoints
        .filter((m) => ids.includes(m.id))
        .map((m) => (
          <mesh key={m.id} position={toWorld(frame, m.position[0], m.position[1], THREAT_RING_Y_M)} rotation={[-Math.PI / 2, 0, 0]} userData={{ kind: 'evacThreatenedMuster', id: m.id }} renderOrder={2}>
            <ringGeometry args={[m.radiusM, m.radiusM + THREAT_RING_WIDTH_M, 48]} />
            <meshBasicMaterial color={THEME.alarm.urgent} side={THREE.DoubleSide} depthWrite={false} />
          </mesh>
        ))}
    </>
  );
}

/** The drill's run when one is on, else the live evacuation's. */
function latestPicture(): RunPicture | null {
  const status = evacuationStore.get().status;
  const drill = status?.drill && status.drill.phase !== 'ended' ? runPictures.get(status.drill.runId) : undefined;
  const live = status?.live && !status.live.ended ? runPictures.get(status.live.runId) : undefined;
  return drill ?? live ?? null;
}

function drawRoutes(picture: RunPicture, frame: PlantFrame, positions: Float32Array, geometry: THREE.BufferGeometry): void {
  let segment = 0;
  const routes = picture.routes;
  if (routes) {
    const { agentOffsets, pointsM } = routes;
    for (let i = 0; i + 1 < agentOffsets.length && segment < MAX_ROUTE_SEGMENTS; i++) {
      for (let p = agentOffsets[i]!; p + 1 < agentOffsets[i + 1]! && segment < MAX_ROUTE_SEGMENTS; p++, segment++) {
        const a = toWorld(frame, pointsM[2 * p]!, pointsM[2 * p + 1]!, ROUTE_Y_M);
        const b = toWorld(frame, pointsM[2 * p + 2]!, pointsM[2 * p + 3]!, ROUTE_Y_M);
        positions.set(a, segment * 6);
        positions.set(b, segment * 6 + 3);
      }
    }
  }
  geometry.setDrawRange(0, segment * 2);
  const attribute = geometry.getAttribute('position') as THREE.BufferAttribute | undefined;
  if (attribute) attribute.needsUpdate = true;
}

function drawHeat(picture: RunPicture, frame: PlantFrame, mesh: THREE.Mesh, state: { texture: THREE.DataTexture | null; heatKey: string }): void {
  const d = picture.snapshot.density;
  const key = `${d.nx}x${d.ny}@${d.x0},${d.y0},${d.cellSizeM}`;
  if (!state.texture || state.heatKey !== key) {
    state.texture?.dispose();
    state.texture = new THREE.DataTexture(new Uint8Array(d.nx * d.ny * 4), d.nx, d.ny, THREE.RGBAFormat);
    state.texture.magFilter = THREE.NearestFilter;
    state.heatKey = key;
    (mesh.material as THREE.MeshBasicMaterial).map = state.texture;
    (mesh.material as THREE.MeshBasicMaterial).needsUpdate = true;
    const [cx, , cz] = toWorld(frame, d.x0 + (d.nx * d.cellSizeM) / 2, d.y0 + (d.ny * d.cellSizeM) / 2, DENSITY_Y_M);
    mesh.position.set(cx, DENSITY_Y_M, cz);
    mesh.scale.set(d.nx * d.cellSizeM, d.ny * d.cellSizeM, 1);
  }
  const pixels = state.texture.image.data as Uint8Array;
  let crowded = false;
  for (let c = 0; c < d.nx * d.ny; c++) {
    const band = DENSITY_BANDS.find((b) => d.peoplePerM2[c]! >= b.fromPerM2);
    pixels.set(band ? band.rgba : [0, 0, 0, 0], c * 4);
    crowded ||= band !== undefined;
  }
  state.texture.needsUpdate = true;
  mesh.visible = crowded;
}
