import { useEffect, useMemo } from 'react';
import { useFrame, useThree } from '@react-three/fiber';
import { Line } from '@react-three/drei';
import * as THREE from 'three';
import type { ClientScene } from '@contracts';
import { useCoreState } from '../connection/CoreClientContext.js';
import { useStore } from '../state/createStore.js';
import { THEME } from '../theme.js';
import { toWorld, type PlantFrame } from '../twin/plantToWorld.js';
import { useReplayedDrillPicture, useReplayedLeakPicture } from '../replay/replayCloud.js';
import { leakStore, type LeakPicture } from './leakFeed.js';
import { rasterizePlume } from './plumeRaster.js';
import { threatZoneColour, threatZoneRank } from './threatZoneColours.js';

/** Heights above grade: the cloud over the area fills, the outlines over the cloud. */
const CLOUD_Y_M = 0.3;
const OUTLINE_Y_M = 0.45;
/** The cloud's texture drifts with the wind at this fraction of the wind speed, in noise units per metre. */
const NOISE_SCALE_PER_M = 0.08;
/** Animation frames per second: enough to read the drift, cheap on a software-GL video-wall PC. */
const ANIMATION_FPS = 10;
const DETECTOR_RING_RADIUS_M = 3;
/**
 * A drill cloud is hatched: diagonal bands this wide (plant metres), every other one faint, so it can
 * never be taken for a real release (issue 12.6) while its threat colours still read as levels.
 */
const HATCH_PERIOD_M = 8;

const VERTEX_SHADER = /* glsl */ `
varying vec2 vUv;
varying vec2 vWorld;
void main() {
  vUv = uv;
  vec4 world = modelMatrix * vec4(position, 1.0);
  vWorld = world.xz;
  gl_Position = projectionMatrix * viewMatrix * world;
}`;

/** The rasterized zones, modulated by two octaves of value noise that drift downwind: a moving cloud, not a static stain. */
const FRAGMENT_SHADER = /* glsl */ `
uniform sampler2D map;
uniform float uTime;
uniform vec2 uDrift;
uniform float uHatch;
varying vec2 vUv;
varying vec2 vWorld;
float hash(vec2 p) { return fract(sin(dot(p, vec2(127.1, 311.7))) * 43758.5453); }
float noise(vec2 p) {
  vec2 i = floor(p);
  vec2 f = fract(p);
  vec2 u = f * f * (3.0 - 2.0 * f);
  return mix(mix(hash(i), hash(i + vec2(1.0, 0.0)), u.x), mix(hash(i + vec2(0.0, 1.0)), hash(i + vec2(1.0, 1.0)), u.x), u.y);
}
void main() {
  vec4 c = texture2D(map, vUv);
  if (c.a < 0.004) discard;
  float n = 0.6 * noise(vWorld * ${NOISE_SCALE_PER_M.toFixed(3)} - uDrift * uTime) + 0.4 * noise(vWorld * ${(NOISE_SCALE_PER_M * 2.6).toFixed(3)} - uDrift * uTime * 1.7);
  float alpha = c.a * (0.7 + 0.45 * n);
  if (uHatch > 0.5) alpha *= mix(0.18, 1.0, step(0.5, fract((vWorld.x + vWorld.y) / ${HATCH_PERIOD_M.toFixed(1)})));
  gl_FragColor = vec4(c.rgb, alpha);
}`;

/**
 * The leak on the twin (issue 5): the ground-level cloud coloured by threat level and drifting with
 * the wind, each zone's outline, the low-wind direction-uncertainty sector, and a ring round every
 * detector the model predicts will alarm.
 * `store` picks the live picture: the leak studies by default, or a drill's own cloud; `drill` draws it
 * as a drill: hatched cloud, dashed zone outlines.
 * Replaying, the default layer draws what was recorded at the replayed instant (issue 12.6): the studies'
 * haze and zones, and a drill's own cloud hatched as it was live, so a replayed drill cloud is never read
 * as a real release. The drill layer (mounted while a live drill runs) draws nothing then: the live drill
 * is not this screen's picture during a replay.
 */
export function PlumeLayer({ scene, frame, store = leakStore, drill = false }: { scene: ClientScene; frame: PlantFrame; store?: typeof leakStore; drill?: boolean }) {
  const live = useCoreState((s) => s.player.mode !== 'replay');
  const livePicture = useStore(store, (s) => s.picture);
  const replayPicture = useReplayedLeakPicture();
  const replayDrillPicture = useReplayedDrillPicture();
  if (live) return <PlumePicture scene={scene} frame={frame} picture={livePicture} drill={drill} kind={drill ? 'drillPlume' : 'plume'} />;
  if (drill) return null;
  return (
    <>
      <PlumePicture scene={scene} frame={frame} picture={replayPicture} drill={false} kind="replayedPlume" />
      <PlumePicture scene={scene} frame={frame} picture={replayDrillPicture} drill kind="replayedDrillPlume" />
    </>
  );
}

/** One cloud picture on the twin; `kind` names its group for the diagnostics (tests count them). */
function PlumePicture({ scene, frame, picture, drill, kind }: { scene: ClientScene; frame: PlantFrame; picture: LeakPicture | null; drill: boolean; kind: string }) {
  const invalidate = useThree((s) => s.invalidate);
  const grid = picture?.grid ?? null;
  const gridKey = grid ? `${grid.nx}x${grid.ny}@${grid.x0},${grid.y0},${grid.dxM}` : '';

  const texture = useMemo(() => {
    if (!grid) return null;
    const data = new Uint8Array(grid.nx * grid.ny * 4);
    const t = new THREE.DataTexture(data, grid.nx, grid.ny, THREE.RGBAFormat);
    t.magFilter = THREE.LinearFilter;
    t.minFilter = THREE.LinearFilter;
    return t;
    // The texture is rebuilt only when the grid's geometry changes, not on every snapshot.
  }, [gridKey]);
  useEffect(() => () => texture?.dispose(), [texture]);

  const material = useMemo(
    () =>
      new THREE.ShaderMaterial({
        uniforms: { map: { value: null }, uTime: { value: 0 }, uDrift: { value: new THREE.Vector2() }, uHatch: { value: drill ? 1 : 0 } },
        vertexShader: VERTEX_SHADER,
        fragmentShader: FRAGMENT_SHADER,
        transparent: true,
        depthWrite: false,
      }),
    [drill],
  );
  useEffect(() => () => material.dispose(), [material]);

  useEffect(() => {
    if (!picture || !texture) return;
    rasterizePlume(picture, texture.image.data as Uint8Array);
    texture.needsUpdate = true;
    material.uniforms.map!.value = texture;
    const fromRad = (picture.wind.fromDeg * Math.PI) / 180;
    // Downwind in plant axes is (−sin, −cos) of the FROM bearing; world z runs south, so flip y.
    const speed = Math.max(0.5, picture.wind.speedMps) * NOISE_SCALE_PER_M;
    (material.uniforms.uDrift!.value as THREE.Vector2).set(-Math.sin(fromRad) * speed, Math.cos(fromRad) * speed);
    invalidate();
  }, [picture, texture, material, invalidate]);

  const animating = picture !== null && picture.fields.some((f) => f.maxMgM3 > 0);
  useEffect(() => {
    if (!animating) return;
    const timer = setInterval(() => invalidate(), 1000 / ANIMATION_FPS);
    return () => clearInterval(timer);
  }, [animating, invalidate]);
  useFrame(({ clock }) => {
    material.uniforms.uTime!.value = clock.elapsedTime;
  });

  const outlines = useMemo(() => {
    if (!picture) return [];
    return [...picture.zones]
      .sort((a, b) => threatZoneRank(b.level) - threatZoneRank(a.level))
      .flatMap((zone) =>
        zone.rings
          .filter((ring) => ring.length >= 3)
          .map((ring, i) => ({
            key: `${zone.leakId}-${zone.level}-${i}`,
            colour: threatZoneColour(zone.level),
            points: [...ring, ring[0]!].map(([x, y]) => toWorld(frame, x, y, OUTLINE_Y_M)),
          })),
      );
  }, [picture, frame]);

  const detectorRings = useMemo(() => {
    if (!picture) return [];
    const sensorsById = new Map(scene.sensors.map((s) => [s.id, s]));
    return picture.detectors.flatMap((d) => {
      const sensor = sensorsById.get(d.sensorId);
      if (!sensor || d.limit === null) return [];
      const colour = d.limit === 'highHigh' ? THEME.alarm.urgent : THEME.alarm.high;
      const points = Array.from({ length: 33 }, (_, k) => {
        const a = (k / 32) * 2 * Math.PI;
        return toWorld(frame, sensor.position.x + DETECTOR_RING_RADIUS_M * Math.cos(a), sensor.position.y + DETECTOR_RING_RADIUS_M * Math.sin(a), OUTLINE_Y_M);
      });
      return [{ key: `${d.leakId}-${d.sensorId}`, colour, points }];
    });
  }, [picture, scene, frame]);

  const sector = picture?.directionUncertainty?.sector;
  if (!picture) return null;
  const centre = grid ? toWorld(frame, grid.x0 + ((grid.nx - 1) * grid.dxM) / 2, grid.y0 + ((grid.ny - 1) * grid.dyM) / 2, CLOUD_Y_M) : null;
  return (
    <group userData={{ kind }}>
      {grid && texture && centre && (
        <mesh position={centre} rotation={[-Math.PI / 2, 0, 0]} material={material} renderOrder={2} userData={{ kind: 'plumeCloud' }}>
          <planeGeometry args={[grid.nx * grid.dxM, grid.ny * grid.dyM]} />
        </mesh>
      )}
      {outlines.map((o) => (
        <Line key={o.key} points={o.points} color={o.colour} lineWidth={3} dashed={drill} dashSize={3} gapSize={2} userData={{ kind: 'threatZoneOutline' }} />
      ))}
      {detectorRings.map((r) => (
        <Line key={r.key} points={r.points} color={r.colour} lineWidth={2.5} dashed dashSize={1.5} gapSize={1} userData={{ kind: 'predictedDetectorAlarm' }} />
      ))}
      {sector && sector.length >= 3 && (
        <Line points={[...sector, sector[0]!].map(([x, y]) => toWorld(frame, x, y, OUTLINE_Y_M))} color={THEME.selection} lineWidth={1.5} dashed dashSize={4} gapSize={3} userData={{ kind: 'windUncertaintySector' }} />
      )}
    </group>
  );
}
