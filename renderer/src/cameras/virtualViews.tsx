import { useEffect, useMemo, type RefObject } from 'react';
import { createRoot, extend, useThree, type ReconcilerRoot } from '@react-three/fiber';
import * as THREE from 'three';
import type { ClientCamera, ClientScene } from '@contracts';
import type { CoreClient } from '../connection/CoreClient.js';
import { CoreClientContext, useCoreClient, useCoreState } from '../connection/CoreClientContext.js';
import { PlumeLayer } from '../leak/PlumeLayer.js';
import { workerAlarmPriorities } from '../twin/areaAlarms.js';
import { EquipmentModel } from '../twin/EquipmentModel.js';
import { plantFrame } from '../twin/plantToWorld.js';
import { SiteGround } from '../twin/SiteGround.js';
import { THEME } from '../theme.js';
import { applyVirtualCameraPose } from './virtualCamera.js';
import { VirtualPeople } from './virtualPeople.js';

/**
 * Virtual views of cameras without video (issue 12.8): ONE offscreen WebGL renderer holds the twin's
 * ground, equipment and leak cloud (the same R3F components as the 3D view) and the people (virtualPeople.ts) and renders the tiles'
 * camera poses one at a time, round-robin, copying each picture into its tile's 2D canvas. A 12-tile
 * wall thus costs one WebGL context and a small render every few hundred milliseconds, not twelve
 * live canvases.
 */
/** Each view is refreshed about once a second when renders are cheap… */
export const VIRTUAL_VIEW_FPS = 1;
/**
 * …but rendering never takes more than this share of the main thread: on a software-GL wall PC a render
 * can take 100 ms or more, and twelve a second would leave the page no time to answer clicks.
 */
const MAX_RENDER_SHARE = 0.2;
/** Render size of one virtual view: enough for a wall tile, cheap on a software-GL wall PC. */
const RENDER_WIDTH_PX = 480;

type Target = { camera: ClientCamera; canvas: HTMLCanvasElement };
const targets = new Map<string, Target>();
let nextTargetId = 0;
let host: { root: ReconcilerRoot<HTMLCanvasElement>; scene: ClientScene; client: CoreClient } | null = null;

/** Renders every registered camera once; the copy follows each render at once (no preserveDrawingBuffer needed). */
function VirtualRenderer({ scene }: { scene: ClientScene }) {
  const { gl, scene: world } = useThree();
  const client = useCoreClient();
  const frame = useMemo(() => plantFrame(scene), [scene]);
  useEffect(() => {
    const camera = new THREE.PerspectiveCamera(50, 16 / 9, 1, frame.extentM * 6);
    const people = new VirtualPeople(frame, scene.personnel);
    world.add(people.group);
    let next = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const renderNext = () => {
      const all = [...targets.values()];
      const startedMs = performance.now();
      // A tile just shown gets its first picture at once; then every view in turn.
      const target = all.find((t) => t.canvas.dataset['renders'] === undefined) ?? all[next++ % Math.max(all.length, 1)];
      if (target) {
        const { camera: pose, canvas } = target;
        const heightPx = Math.round((RENDER_WIDTH_PX * pose.imageHeightPx) / pose.imageWidthPx);
        const size = gl.getSize(new THREE.Vector2());
        if (size.x !== RENDER_WIDTH_PX || size.y !== heightPx) gl.setSize(RENDER_WIDTH_PX, heightPx, false);
        applyVirtualCameraPose(camera, frame, pose);
        const peopleInView = people.update(client.live.workers, workerAlarmPriorities(client.store.get().alarms.values()), camera, heightPx);
        gl.render(world, camera);
        if (canvas.width !== RENDER_WIDTH_PX || canvas.height !== heightPx) [canvas.width, canvas.height] = [RENDER_WIDTH_PX, heightPx];
        // Copied in the same task as the render: the drawing buffer is still there (no preserveDrawingBuffer).
        canvas.getContext('2d')?.drawImage(gl.domElement, 0, 0);
        canvas.dataset['renders'] = String(Number(canvas.dataset['renders'] ?? 0) + 1);
        canvas.dataset['peopleInView'] = String(peopleInView);
      }
      const renderMs = performance.now() - startedMs;
      const slotMs = 1000 / VIRTUAL_VIEW_FPS / Math.max(all.length, 1);
      timer = setTimeout(renderNext, Math.max(slotMs, renderMs / MAX_RENDER_SHARE));
    };
    renderNext();
    return () => {
      clearTimeout(timer);
      world.remove(people.group);
      people.dispose();
    };
  }, [gl, world, frame, scene, client]);
  return null;
}

function VirtualScene({ scene }: { scene: ClientScene }) {
  const frame = useMemo(() => plantFrame(scene), [scene]);
  const noAlarms = useMemo(() => new Map(), []);
  return (
    <>
      <color attach="background" args={[THEME.background]} />
      <hemisphereLight args={['#dfe4ea', '#2a2d31', 1.2]} />
      <directionalLight position={[frame.extentM * 0.4, frame.extentM, frame.extentM * 0.3]} intensity={1.6} />
      <SiteGround scene={scene} frame={frame} areaAlarms={noAlarms} />
      {scene.equipment.map((e) => (
        <EquipmentModel key={e.id} equipment={e} frame={frame} selected={false} onSelect={() => undefined} />
      ))}
      <PlumeLayer scene={scene} frame={frame} />
      <VirtualRenderer scene={scene} />
    </>
  );
}

function startHost(scene: ClientScene, client: CoreClient): void {
  if (host && host.scene === scene && host.client === client) return;
  stopHost();
  // <Canvas> registers three's classes as JSX elements; a bare root must do it itself.
  extend(THREE as unknown as Parameters<typeof extend>[0]);
  const canvas = document.createElement('canvas');
  const root = createRoot(canvas);
  root.configure({ frameloop: 'never', size: { width: RENDER_WIDTH_PX, height: 360, top: 0, left: 0 }, dpr: 1, gl: { antialias: true } });
  root.render(
    <CoreClientContext.Provider value={client}>
      <VirtualScene scene={scene} />
    </CoreClientContext.Provider>,
  );
  host = { root, scene, client };
}

function stopHost(): void {
  host?.root.unmount();
  host = null;
}

/**
 * Draws the camera's virtual view into the canvas while `enabled` (the camera has no live picture);
 * the shared renderer starts with the first such tile and stops with the last.
 */
export function useVirtualView(camera: ClientCamera, canvas: RefObject<HTMLCanvasElement | null>, enabled: boolean): void {
  const client = useCoreClient();
  const scene = useCoreState((s) => s.scene);
  useEffect(() => {
    const element = canvas.current;
    if (!enabled || !element || !scene) return;
    const key = `${camera.id}#${nextTargetId++}`;
    targets.set(key, { camera, canvas: element });
    startHost(scene, client);
    return () => {
      targets.delete(key);
      if (targets.size === 0) stopHost();
    };
  }, [camera, canvas, enabled, scene, client]);
}
