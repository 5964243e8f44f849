import { useCallback, useEffect, useMemo, useRef } from 'react';
import { Canvas, useFrame, useThree } from '@react-three/fiber';
import * as THREE from 'three';
import { polygonCentroid, type ClientScene } from '@contracts';
import { useCoreClient, useCoreState } from '../connection/CoreClientContext.js';
import { areaAlarmPriorities, workerAlarmPriorities } from './areaAlarms.js';
import { drawnIcons, drawnSosBadges, WorkerAvatars } from './WorkerAvatars.js';
import { LiveInvalidator } from './LiveInvalidator.js';
import { usePersonLabelTags } from '../people/PersonLabels.js';
import { DetectionMarkers } from './DetectionMarkers.js';
import { cameraProbe } from './valueTagLod.js';
import { select, uiStore } from '../state/uiStore.js';
import { useStore } from '../state/createStore.js';
import { THEME } from '../theme.js';
import { CameraMarkers } from './CameraMarkers.js';
import { CameraRig } from './CameraRig.js';
import { installDiagnostics } from './diagnostics.js';
import { useEquipmentLabelTags } from './EquipmentLabels.js';
import { EquipmentModel } from './EquipmentModel.js';
import { plantFrame, toWorld, type PlantFrame } from './plantToWorld.js';
import { SensorMarkers } from './SensorMarkers.js';
import { useSensorValueTags } from './SensorValueLabels.js';
import { LabelDeclutter, ScreenTagLayer, ScreenTagProjector, useDeclutterAfterTagChange, type ScreenTag } from './ScreenTags.js';
import { useAreaAlarmTags } from './AreaAlarmLabels.js';
import { SiteGround } from './SiteGround.js';
import { PlumeLayer } from '../leak/PlumeLayer.js';
import { EvacuationLayer } from '../evacuation/EvacuationLayer.js';
import { PermitCamerasCard, usePermitZones } from '../permits/PermitZoneParts.js';
import { permitTagAnchors, permitZoneTags, PermitZones3D } from '../permits/PermitZones3D.js';
import { useHazardPins } from '../hazards/HazardPins3D.js';
import { useCheckpointMarkers } from '../hazards/CheckpointMarkers3D.js';

/** Counts rendered frames and exposes diagnostics; lives inside the Canvas to reach the renderer. */
function Diagnostics({ frame }: { frame: PlantFrame }) {
  const { scene, camera, gl, controls, invalidate } = useThree();
  const live = useCoreClient().live;
  const frames = useRef(0);
  useFrame(() => {
    frames.current++;
    cameraProbe.x = camera.position.x;
    cameraProbe.y = camera.position.y;
    cameraProbe.z = camera.position.z;
  });
  useEffect(
    () =>
      installDiagnostics({
        scene,
        camera,
        gl,
        framesRendered: () => frames.current,
        invalidate,
        live,
        isCameraAtRest: () => {
          const c = controls as { active?: boolean } | null;
          return !c?.active;
        },
        cameraTarget: () => {
          const c = controls as { getTarget?: (out: THREE.Vector3) => THREE.Vector3 } | null;
          return (c?.getTarget?.(new THREE.Vector3()) ?? new THREE.Vector3()).toArray() as [number, number, number];
        },
        workerWorldPosition: (badgeId) => {
          const p = live.workers.get(badgeId);
          return p ? toWorld(frame, p.x, p.y, 0) : null;
        },
        workerIconHeightPx: (badgeId) => drawnIcons.get(badgeId)?.heightPx ?? null,
        workerIconCentre: (badgeId) => drawnIcons.get(badgeId)?.centre ?? null,
        workerSosPulse: (badgeId) => drawnSosBadges.has(badgeId),
      }),
    [scene, camera, gl, controls, live, invalidate, frame],
  );
  return null;
}

export function TwinView({ scene }: { scene: ClientScene }) {
  const frame = useMemo(() => plantFrame(scene), [scene]);
  const selection = useStore(uiStore, (s) => s.selection);
  const labelsVisible = useStore(uiStore, (s) => s.labelsVisible);
  const selectEquipment = useCallback((id: string) => select({ kind: 'equipment', id }), []);
  const selectSensor = useCallback((id: string) => select({ kind: 'sensor', id }), []);
  const alarms = useCoreState((s) => s.alarms);
  const areaAlarms = useMemo(() => areaAlarmPriorities(scene, alarms.values()), [scene, alarms]);
  const workerAlarms = useMemo(() => workerAlarmPriorities(alarms.values()), [alarms]);
  const manDown = useMemo(() => new Set([...alarms.values()].filter((a) => a.sourceKind === 'worker' && a.condition === 'manDown' && a.active).map((a) => a.sourceId)), [alarms]);
  const selectedWorker = selection?.kind === 'worker' ? selection.id : null;
  const personAnchors = useMemo(() => scene.personnel.map(() => new THREE.Vector3(0, -1e7, 0)), [scene]);
  const personNameTags = usePersonLabelTags(scene, workerAlarms, manDown, selectedWorker, labelsVisible);
  // A person in alarm keeps their tag first where tags collide, then the selected one (labelPlacement.ts).
  const personTags = useMemo(
    () =>
      personNameTags.map((tag): ScreenTag => {
        const badgeId = scene.personnel[tag.anchor]?.badgeId ?? '';
        return { ...tag, priority: workerAlarms.has(badgeId) ? 'alarming' : badgeId === selectedWorker ? 'selected' : 'rest' };
      }),
    [personNameTags, scene, workerAlarms, selectedWorker],
  );
  const personLayer = useRef<HTMLDivElement>(null);
  const selectWorker = useCallback((id: string) => select({ kind: 'worker', id }), []);
  const selectCamera = useCallback((id: string) => select({ kind: 'camera', id }), []);
  const valueLayer = useRef<HTMLDivElement>(null);
  const labelLayer = useRef<HTMLDivElement>(null);
  const sensorAnchors = useMemo(() => scene.sensors.map((s) => new THREE.Vector3(...toWorld(frame, s.position.x, s.position.y, s.mountingHeightM + 3))), [scene, frame]);
  const valueTags = useSensorValueTags(scene, selection?.kind === 'sensor' ? selection.id : null, sensorAnchors);
  const labelTags = useEquipmentLabelTags(scene, labelsVisible, selection?.kind === 'equipment' ? selection.id : null);
  const areaTags = useAreaAlarmTags(scene, areaAlarms);
  const areaLayer = useRef<HTMLDivElement>(null);
  const areaAnchors = useMemo(() => scene.areas.map((a) => new THREE.Vector3(...toWorld(frame, ...polygonCentroid(a.polygon), 2))), [scene, frame]);
  const permitZones = usePermitZones();
  const permitTags = useMemo(() => permitZoneTags(permitZones), [permitZones]);
  const permitLayer = useRef<HTMLDivElement>(null);
  const permitAnchors = useMemo(() => permitTagAnchors(permitZones, frame), [permitZones, frame]);
  const hazardPins = useHazardPins(frame);
  const hazardLayer = useRef<HTMLDivElement>(null);
  const checkpoints = useCheckpointMarkers(frame);
  const checkpointLayer = useRef<HTMLDivElement>(null);
  // Where tags of one priority collide, a person keeps the place first, then a permit zone, a hidden danger's pin, an area's summary, then values, then names, then inspection checkpoints.
  const tagLayers = useMemo(() => [personLayer, permitLayer, hazardLayer, areaLayer, valueLayer, labelLayer, checkpointLayer], []);
  useDeclutterAfterTagChange(tagLayers, [personTags, permitTags, hazardPins.tags, areaTags, valueTags, labelTags, checkpoints.tags]);
  const equipmentAnchors = useMemo(() => scene.equipment.map((e) => new THREE.Vector3(...toWorld(frame, e.position.x, e.position.y, e.size.heightM + 3))), [scene, frame]);

  return (
    <>
    <Canvas
      className="twin-canvas"
      frameloop="demand"
      dpr={[1, 2]}
      camera={{ fov: 45, near: 1, far: frame.extentM * 6, position: [0, frame.extentM, frame.extentM] }}
      gl={{ antialias: true }}
      onPointerMissed={() => select(null)}
    >
      <LiveInvalidator />
      <color attach="background" args={[THEME.background]} />
      <hemisphereLight args={['#dfe4ea', '#2a2d31', 1.2]} />
      <directionalLight position={[frame.extentM * 0.4, frame.extentM, frame.extentM * 0.3]} intensity={1.6} />
      <SiteGround scene={scene} frame={frame} areaAlarms={areaAlarms} />
      {scene.equipment.map((e) => (
        <EquipmentModel key={e.id} equipment={e} frame={frame} selected={selection?.kind === 'equipment' && selection.id === e.id} onSelect={selectEquipment} />
      ))}
      <SensorMarkers scene={scene} frame={frame} selectedId={selection?.kind === 'sensor' ? selection.id : null} onSelect={selectSensor} />
      <ScreenTagProjector anchors={sensorAnchors} layer={valueLayer} changeKey={valueTags.map((t) => t.key).join('|')} />
      <ScreenTagProjector anchors={equipmentAnchors} layer={labelLayer} changeKey={labelTags.map((t) => t.key).join('|')} />
      <ScreenTagProjector anchors={areaAnchors} layer={areaLayer} changeKey={areaTags.map((t) => t.key).join('|')} />
      <CameraMarkers scene={scene} frame={frame} selectedId={selection?.kind === 'camera' ? selection.id : null} onSelect={selectCamera} />
      <DetectionMarkers frame={frame} />
      <PlumeLayer scene={scene} frame={frame} />
      <EvacuationLayer scene={scene} frame={frame} />
      <PermitZones3D zones={permitZones} frame={frame} />
      <ScreenTagProjector anchors={permitAnchors} layer={permitLayer} changeKey={permitTags.map((t) => t.key).join('|')} />
      <ScreenTagProjector anchors={hazardPins.anchors} layer={hazardLayer} changeKey={hazardPins.tags.map((t) => t.key).join('|')} />
      <ScreenTagProjector anchors={checkpoints.anchors} layer={checkpointLayer} changeKey={checkpoints.tags.map((t) => t.key).join('|')} />
      <WorkerAvatars scene={scene} frame={frame} workerAlarms={workerAlarms} manDown={manDown} selectedId={selectedWorker} labelAnchors={personAnchors} onSelect={selectWorker} />
      <ScreenTagProjector anchors={personAnchors} layer={personLayer} changeKey={personTags.map((t) => t.key).join('|')} />
      <LabelDeclutter layers={tagLayers} />
      <CameraRig scene={scene} frame={frame} />
      <Diagnostics frame={frame} />
    </Canvas>
    <ScreenTagLayer tags={checkpoints.tags} layer={checkpointLayer} />
    <ScreenTagLayer tags={labelTags} layer={labelLayer} />
    <ScreenTagLayer tags={valueTags} layer={valueLayer} />
    <ScreenTagLayer tags={personTags} layer={personLayer} />
    <ScreenTagLayer tags={areaTags} layer={areaLayer} />
    <ScreenTagLayer tags={permitTags} layer={permitLayer} />
    <ScreenTagLayer tags={hazardPins.tags} layer={hazardLayer} />
    <PermitCamerasCard scene={scene} />
    </>
  );
}
