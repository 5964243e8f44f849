import { useMemo } from 'react';
import * as THREE from 'three';
import { Line } from '@react-three/drei';
import type { AlarmPriority, ClientScene } from '@contracts';
import { THEME } from '../theme.js';
import { AREA_ALARM_OUTLINE } from './areaAlarms.js';
import { toShapePoints, toWorld, type PlantFrame } from './plantToWorld.js';
import { useStore } from '../state/createStore.js';
import { riskAreasStore, shownAreaRisk } from '../hazards/riskAreas.js';

/** Shapes are built in the x/y plane; this turns them to lie on the ground (x/−z). */
const LAY_FLAT: [number, number, number] = [-Math.PI / 2, 0, 0];

function shapeOf(points: [number, number][]): THREE.Shape {
  return new THREE.Shape(points.map(([x, y]) => new THREE.Vector2(x, y)));
}

/** Area alarm outline width on screen (px, fat lines): thicker than the cloud's 3 px zone outlines, never a fill. */
const AREA_ALARM_LINE_PX = 5;
/** A dark casing under the outline keeps it readable over light ground, the cloud and other outlines. */
const AREA_ALARM_CASING_PX = 9;

/** Ground, site boundary, roads, area outlines and fences: static geometry, built once per scene. */
export function SiteGround({ scene, frame, areaAlarms }: { scene: ClientScene; frame: PlantFrame; areaAlarms: ReadonlyMap<string, AlarmPriority> }) {
  const ground = useMemo(() => new THREE.ShapeGeometry(shapeOf(toShapePoints(frame, scene.site.boundary))), [scene, frame]);

  const roads = useMemo(() => {
    const geometries: { key: string; position: [number, number, number]; rotationY: number; length: number; width: number }[] = [];
    for (const road of scene.site.roads) {
      road.path.slice(1).forEach((end, i) => {
        const start = road.path[i]!;
        const dx = end[0] - start[0];
        const dy = end[1] - start[1];
        const mid = toWorld(frame, (start[0] + end[0]) / 2, (start[1] + end[1]) / 2, 0.02);
        geometries.push({ key: `${road.id}-${i}`, position: mid, rotationY: Math.atan2(dy, dx), length: Math.hypot(dx, dy) + road.widthM, width: road.widthM });
      });
    }
    return geometries;
  }, [scene, frame]);

  const areas = useMemo(
    () =>
      scene.areas.map((area) => {
        const points = toShapePoints(frame, area.polygon);
        const outline = new THREE.BufferGeometry().setFromPoints([...points, points[0]!].map(([x, y]) => new THREE.Vector3(x, 0.06, -y)));
        const dashed = area.kind === 'restricted' || area.kind === 'confinedSpace' || area.kind === 'hazardous';
        const outlineColour = THEME.zoneOutline[area.kind as keyof typeof THEME.zoneOutline] ?? THEME.areaOutline;
        const line = new THREE.Line(outline, dashed ? new THREE.LineDashedMaterial({ color: outlineColour, dashSize: 3, gapSize: 2 }) : new THREE.LineBasicMaterial({ color: outlineColour }));
        if (dashed) line.computeLineDistances();
        line.userData = { kind: 'zoneOutline', areaId: area.id };
        // Slightly above the zone outline and the cloud (y 0.3), so the alarm outline is drawn over both.
        const ring = [...points, points[0]!].map(([x, y]) => [x, 0.5, -y] as [number, number, number]);
        return { id: area.id, area, fill: new THREE.ShapeGeometry(shapeOf(points)), line, ring };
      }),
    [scene, frame],
  );

  // The four-colour map from the risk register, live (issue 18 item 1); the scene's static grade where the register has none.
  const register = useStore(riskAreasStore, (s) => s.areas);

  const fences = useMemo(
    () =>
      scene.site.fences.map((fence) => {
        const geometry = new THREE.BufferGeometry().setFromPoints(fence.path.map(([x, y]) => new THREE.Vector3(...toWorld(frame, x, y, fence.heightM))));
        const line = new THREE.Line(geometry, new THREE.LineBasicMaterial({ color: THEME.fence }));
        line.userData = { kind: 'fence', fenceId: fence.id };
        return line;
      }),
    [scene, frame],
  );

  return (
    <group name="site">
      <mesh geometry={ground} rotation={LAY_FLAT} receiveShadow userData={{ kind: 'ground' }}>
        <meshStandardMaterial color={THEME.ground} />
      </mesh>
      {roads.map((r) => (
        <mesh key={r.key} position={r.position} rotation={[-Math.PI / 2, 0, r.rotationY]} userData={{ kind: 'road' }}>
          <planeGeometry args={[r.length, r.width]} />
          <meshStandardMaterial color={THEME.road} />
        </mesh>
      ))}
      {areas.map((a) => {
        const alarm = areaAlarms.get(a.id);
        const risk = shownAreaRisk(a.area, register);
        return (
          <group key={a.id} userData={{ kind: 'area', areaId: a.id, alarmPriority: alarm ?? null, riskGrade: risk.grade, riskFromRegister: risk.fromRegister }}>
            <mesh geometry={a.fill} rotation={LAY_FLAT} position={[0, 0.04, 0]}>
              <meshBasicMaterial color={risk.grade ? THEME.riskZone[risk.grade] : THEME.areaFill} transparent opacity={0.45} depthWrite={false} />
            </mesh>
            {alarm && (
              // An area in alarm is outlined, never filled: a fill hid the gas cloud (issue 12.4). Its priority is on its tag (AreaAlarmLabels).
              <group userData={{ kind: 'areaAlarmOutline', areaId: a.id }}>
                <Line points={a.ring} color={THEME.background} lineWidth={AREA_ALARM_CASING_PX} renderOrder={3} position={[0, -0.05, 0]} />
                <Line points={a.ring} color={AREA_ALARM_OUTLINE} lineWidth={AREA_ALARM_LINE_PX} renderOrder={4} />
              </group>
            )}
            <primitive object={a.line} />
          </group>
        );
      })}
      {fences.map((line) => (
        <primitive key={line.userData.fenceId as string} object={line} />
      ))}
    </group>
  );
}
