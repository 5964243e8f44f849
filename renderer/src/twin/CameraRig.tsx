import { useEffect, useRef } from 'react';
import { CameraControls } from '@react-three/drei';
import { useThree } from '@react-three/fiber';
import { PerspectiveCamera, Vector3 } from 'three';
import { polygonCentroid, type ClientScene, type WorkerPosition } from '@contracts';
import { useCoreClient } from '../connection/CoreClientContext.js';
import { uiStore } from '../state/uiStore.js';
import { useStore } from '../state/createStore.js';
import { framingDistanceM, homeDistanceM, homePosition } from './homeView.js';
import { toWorld, type PlantFrame } from './plantToWorld.js';

const ORBIT_STEP_RAD = Math.PI / 24;
const ZOOM_STEP = 0.8;
/** A camera this close to where the home view put it is still at home (a resize re-fits it). */
const HOME_POSE_TOLERANCE_M = 1;

/** A person's size for framing: the icon, not the 2.7 m capsule, so the framing shows who is around them. */
const PERSON_SIZE_M = 2;

/** Where an object sits and how big it is, for the fly-to framing; a person where their badge was last seen. */
export function objectFocus(scene: ClientScene, selection: { kind: string; id: string }, workers: ReadonlyMap<string, WorkerPosition> = new Map()): { x: number; y: number; z: number; sizeM: number } | null {
  if (selection.kind === 'worker') {
    const p = workers.get(selection.id);
    return p ? { x: p.x, y: p.y, z: 1, sizeM: PERSON_SIZE_M } : null;
  }
  if (selection.kind === 'area') {
    const a = scene.areas.find((item) => item.id === selection.id);
    if (!a) return null;
    const [x, y] = polygonCentroid(a.polygon);
    const xs = a.polygon.map((p) => p[0]);
    const ys = a.polygon.map((p) => p[1]);
    // The area's half-extent: framing keeps twice the size around it, so the area's width fits with its neighbours.
    return { x, y, z: 0, sizeM: Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys)) / 2 };
  }
  if (selection.kind === 'equipment') {
    const e = scene.equipment.find((item) => item.id === selection.id);
    return e ? { x: e.position.x, y: e.position.y, z: e.size.heightM / 2, sizeM: Math.max(e.size.lengthM, e.size.widthM, e.size.heightM) } : null;
  }
  if (selection.kind === 'sensor') {
    const s = scene.sensors.find((item) => item.id === selection.id);
    return s ? { x: s.position.x, y: s.position.y, z: s.mountingHeightM, sizeM: 8 } : null;
  }
  const c = scene.cameras.find((item) => item.id === selection.id);
  return c ? { x: c.position.x, y: c.position.y, z: c.position.z, sizeM: 10 } : null;
}

/**
 * Orbit / pan / zoom with the mouse (camera-controls), the same with the keyboard, a home view
 * over the whole site, and a smooth fly-to the selected object.
 */
export function CameraRig({ scene, frame }: { scene: ClientScene; frame: PlantFrame }) {
  const controls = useRef<CameraControls>(null);
  const invalidate = useThree((s) => s.invalidate);
  const flyRequest = useStore(uiStore, (s) => s.flyRequest);
  const homeRequest = useStore(uiStore, (s) => s.homeRequest);

  const size = useThree((s) => s.size);

  const camera = useThree((s) => s.camera);
  const workers = useCoreClient().live.workers;

  /** Where the last home view put the camera: a resize re-fits the home view only while the camera is still there. */
  const homePose = useRef<Vector3 | null>(null);

  /** The whole site from the south, as close as the viewport allows (homeView.ts). */
  const goHome = (animate: boolean) => {
    const fovDeg = camera instanceof PerspectiveCamera ? camera.fov : 45;
    const aspect = size.width / Math.max(size.height, 1);
    const [x, y, z] = homePosition(homeDistanceM(frame, fovDeg, aspect), aspect);
    homePose.current = new Vector3(x, y, z);
    void controls.current?.setLookAt(x, y, z, 0, 0, 0, animate);
  };

  useEffect(() => {
    homePose.current = null;
    goHome(false);
  }, [frame]);
  // The view shrinks when the people strip grows in an incident: a view the operator flew or turned stays
  // where it is (the person they are looking at must not vanish); only the untouched home view is re-fitted.
  useEffect(() => {
    const c = controls.current;
    if (!c || !homePose.current) return;
    if (c.getPosition(new Vector3()).distanceTo(homePose.current) < HOME_POSE_TOLERANCE_M) goHome(false);
  }, [size.width, size.height]);
  useEffect(() => {
    if (homeRequest > 0) goHome(true);
  }, [homeRequest]);
  useEffect(() => {
    const selection = uiStore.get().selection;
    if (flyRequest === 0 || !selection) return;
    const focus = objectFocus(scene, selection, workers);
    if (!focus) return;
    const [tx, ty, tz] = toWorld(frame, focus.x, focus.y, focus.z);
    const fovDeg = camera instanceof PerspectiveCamera ? camera.fov : 45;
    const distance = framingDistanceM(focus.sizeM, fovDeg, size.width / Math.max(size.height, 1));
    // From the south, as the home view, at the home view's elevation: north stays up on the screen after a fly-to.
    const [, up, back] = homePosition(distance);
    void controls.current?.setLookAt(tx, ty + up, tz + back, tx, ty, tz, true);
  }, [flyRequest, scene, frame]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.isContentEditable)) return;
      const c = controls.current;
      if (!c) return;
      const actions: Record<string, () => void> = {
        ArrowLeft: () => void c.rotate(-ORBIT_STEP_RAD, 0, true),
        ArrowRight: () => void c.rotate(ORBIT_STEP_RAD, 0, true),
        ArrowUp: () => void c.rotate(0, -ORBIT_STEP_RAD, true),
        ArrowDown: () => void c.rotate(0, ORBIT_STEP_RAD, true),
        '+': () => void c.dolly(c.distance * (1 - ZOOM_STEP), true),
        '=': () => void c.dolly(c.distance * (1 - ZOOM_STEP), true),
        '-': () => void c.dolly(-c.distance * (1 - ZOOM_STEP), true),
        h: () => goHome(true),
      };
      const action = actions[event.key] ?? actions[event.key.toLowerCase()];
      if (action && !event.ctrlKey && !event.metaKey && !event.altKey) {
        action();
        invalidate();
        event.preventDefault();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [invalidate, frame]);

  return <CameraControls ref={controls} makeDefault minDistance={10} maxDistance={frame.extentM * 3} maxPolarAngle={Math.PI / 2.05} />;
}
