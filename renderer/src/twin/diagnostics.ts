import * as THREE from 'three';

/**
 * Read-only facts about what the 3D view actually drew, for end-to-end tests and support
 * ("what GPU is this video wall using?"). Exposed as window.safetwinDiagnostics; changes nothing.
 */
export type TwinDiagnostics = {
  webglRenderer: string;
  countObjects(kind: string): number;
  equipmentIds(): string[];
  /** Screen position (CSS pixels, page coordinates) of an equipment item's centre, or null if off screen. */
  projectEquipment(id: string): { x: number; y: number } | null;
  /** True once the camera has stopped moving (fly-to finished). */
  cameraAtRest(): boolean;
  framesRendered(): number;
  /** The live frame flags and value of a sensor, as the 3D view draws them. */
  sensorLive(index: number): { value: number; flags: number };
  /** Draw calls and triangles of the last rendered frame (three.js renderer.info). */
  renderInfo(): { drawCalls: number; triangles: number };
  /** Renders `count` frames back to back and returns their intervals in ms (frame time under load). */
  measureFrames(count: number): Promise<number[]>;
  /** React commits since the page loaded (a Profiler around the app counts them). */
  reactCommits(): number;
  /** Camera position in world metres, to check that orbiting moved it. */
  cameraPosition(): [number, number, number];
  /** The point the camera looks at (orbit centre), world metres: where a fly-to went. */
  cameraTarget(): [number, number, number];
  /** A badge's last position in world metres as the 3D view draws it, or null when it has none. */
  workerWorldPosition(badgeId: string): [number, number, number] | null;
  /** Height in CSS pixels of a badge's person icon as drawn (screen-space minimum size), or null when not drawn. */
  workerIconHeightPx(badgeId: string): number | null;
  /** Screen position (CSS pixels, page coordinates) of the middle of a badge's icon body, or null when not drawn or off screen. */
  projectWorker(badgeId: string): { x: number; y: number } | null;
  /** Whether a badge's SOS pulse (man-down) was drawn in the last frame. */
  workerSosPulse(badgeId: string): boolean;
};

/** Incremented by the Profiler in main.tsx on every React commit. */
export const reactCommitCount = { value: 0 };

declare global {
  interface Window {
    safetwinDiagnostics?: TwinDiagnostics;
  }
}

export function installDiagnostics(args: {
  scene: THREE.Scene;
  camera: THREE.Camera;
  gl: THREE.WebGLRenderer;
  isCameraAtRest: () => boolean;
  framesRendered: () => number;
  invalidate: () => void;
  live: { values: Float64Array; flags: Uint8Array };
  cameraTarget: () => [number, number, number];
  workerWorldPosition: (badgeId: string) => [number, number, number] | null;
  workerIconHeightPx: (badgeId: string) => number | null;
  workerIconCentre: (badgeId: string) => [number, number, number] | null;
  workerSosPulse: (badgeId: string) => boolean;
}): () => void {
  const { scene, camera, gl } = args;
  const context = gl.getContext();
  const debugInfo = context.getExtension('WEBGL_debug_renderer_info');
  const webglRenderer = String(debugInfo ? context.getParameter(debugInfo.UNMASKED_RENDERER_WEBGL) : context.getParameter(context.RENDERER));
  const collect = (kind: string) => {
    const found: THREE.Object3D[] = [];
    scene.traverse((object) => {
      if (object.userData.kind === kind) found.push(object);
    });
    return found;
  };
  const toPage = (world: THREE.Vector3) => {
    const p = world.clone().project(camera);
    if (Math.abs(p.x) > 1 || Math.abs(p.y) > 1 || p.z > 1) return null;
    const rect = gl.domElement.getBoundingClientRect();
    return { x: rect.left + ((p.x + 1) / 2) * rect.width, y: rect.top + ((1 - p.y) / 2) * rect.height };
  };
  window.safetwinDiagnostics = {
    webglRenderer,
    countObjects: (kind) => collect(kind).length,
    equipmentIds: () => collect('equipment').map((o) => String(o.userData.equipmentId)),
    projectEquipment(id) {
      const object = collect('equipment').find((o) => o.userData.equipmentId === id);
      return object ? toPage(new THREE.Box3().setFromObject(object).getCenter(new THREE.Vector3())) : null;
    },
    projectWorker(badgeId) {
      const centre = args.workerIconCentre(badgeId);
      return centre ? toPage(new THREE.Vector3(...centre)) : null;
    },
    cameraAtRest: args.isCameraAtRest,
    framesRendered: args.framesRendered,
    measureFrames: (count) =>
      new Promise((resolve) => {
        const intervals: number[] = [];
        let last = performance.now();
        const step = () => {
          const now = performance.now();
          intervals.push(now - last);
          last = now;
          if (intervals.length >= count) return resolve(intervals.slice(1));
          args.invalidate();
          requestAnimationFrame(step);
        };
        args.invalidate();
        requestAnimationFrame(step);
      }),
    renderInfo: () => ({ drawCalls: gl.info.render.calls, triangles: gl.info.render.triangles }),
    reactCommits: () => reactCommitCount.value,
    sensorLive: (index) => ({ value: args.live.values[index] ?? Number.NaN, flags: args.live.flags[index] ?? 0 }),
    cameraPosition: () => camera.position.toArray() as [number, number, number],
    cameraTarget: args.cameraTarget,
    workerWorldPosition: args.workerWorldPosition,
    workerIconHeightPx: args.workerIconHeightPx,
    workerSosPulse: args.workerSosPulse,
  };
  return () => {
    delete window.safetwinDiagnostics;
  };
}
