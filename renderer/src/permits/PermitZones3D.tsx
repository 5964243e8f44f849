import { useMemo } from 'react';
import * as THREE from 'three';
import { Line } from '@react-three/drei';
import type { ThreeEvent } from '@react-three/fiber';
import { THEME } from '../theme.js';
import { toShapePoints, toWorld, type PlantFrame } from '../twin/plantToWorld.js';
import type { ScreenTag } from '../twin/ScreenTags.js';
import { openPermitZone, PermitZoneTagContent, type DrawnZone } from './PermitZoneParts.js';

/** Above the area alarm outline (0.5 m) and the cloud (0.3 m): a permit's edge is never hidden by them. */
const ZONE_Y_M = 0.6;
/** The tag stands this high over the zone's centre: above a person, below most equipment tags. */
export const PERMIT_TAG_HEIGHT_M = 4;
/** Outline width on screen: a fat line in px, so it stays readable from a whole-site view on a wall; +1 px per grade step. */
const OUTLINE_PX = 3;
/** A dark casing under the outline keeps it readable over the ground, the cloud and the area outlines. */
const CASING_EXTRA_PX = 4;
/** The fill only hints at the zone's extent: the cloud and people under it stay visible. */
const FILL_OPACITY = 0.16;

/** One permit's zone on the ground: a translucent fill and an outline in its look's colour; a click opens its cameras. */
function PermitZoneMesh({ zone, frame }: { zone: DrawnZone; frame: PlantFrame }) {
  const { permit } = zone.record;
  const { ring } = zone.outline;
  const fill = useMemo(() => new THREE.ShapeGeometry(new THREE.Shape(toShapePoints(frame, ring).map(([x, y]) => new THREE.Vector2(x, y)))), [frame, ring]);
  const loop = useMemo(() => [...ring, ring[0]!].map(([x, y]) => toWorld(frame, x, y, ZONE_Y_M)), [frame, ring]);
  const widthPx = OUTLINE_PX + zone.look.gradeRank;
  // An approved permit not yet started is drawn dashed: the zone is reserved, nobody should be working yet.
  const waiting = permit.state === 'approved';
  const open = (event: ThreeEvent<MouseEvent>) => {
    event.stopPropagation();
    openPermitZone(permit.number);
  };
  return (
    <group userData={{ kind: 'permitZone', number: permit.number, abnormal: zone.look.abnormal, colour: zone.look.colour }}>
      <mesh geometry={fill} rotation={[-Math.PI / 2, 0, 0]} position={[0, ZONE_Y_M - 0.05, 0]} renderOrder={5} onClick={open}>
        <meshBasicMaterial color={zone.look.colour} transparent opacity={FILL_OPACITY} depthWrite={false} side={THREE.DoubleSide} />
      </mesh>
      <Line points={loop} color={THEME.background} lineWidth={widthPx + CASING_EXTRA_PX} renderOrder={5} position={[0, -0.02, 0]} />
      <Line points={loop} color={zone.look.colour} lineWidth={widthPx} dashed={waiting} dashSize={3} gapSize={2} renderOrder={6} onClick={open} />
    </group>
  );
}

/** Every drawn permit zone (TwinView): ground fill and outline; their tags are a screen-tag layer (usePermitZoneTags). */
export function PermitZones3D({ zones, frame }: { zones: DrawnZone[]; frame: PlantFrame }) {
  return (
    <group userData={{ kind: 'permitZones' }}>
      {zones.map((zone) => (
        <PermitZoneMesh key={zone.record.permit.number} zone={zone} frame={frame} />
      ))}
    </group>
  );
}

/** Each zone's tag anchor in the world, in the zones' order (ScreenTagProjector). */
export function permitTagAnchors(zones: DrawnZone[], frame: PlantFrame): THREE.Vector3[] {
  return zones.map((z) => new THREE.Vector3(...toWorld(frame, z.outline.centre[0], z.outline.centre[1], PERMIT_TAG_HEIGHT_M)));
}

/** The zones' tags: an abnormal zone's keeps its place first where tags collide (labelPlacement.ts). */
export function permitZoneTags(zones: DrawnZone[]): ScreenTag[] {
  return zones.map((zone, anchor) => ({
    key: zone.record.permit.number,
    anchor,
    priority: zone.look.abnormal ? 'alarming' : 'rest',
    className: `permit-zone-tag${zone.look.abnormal ? ` abnormal-${zone.look.abnormal}` : ''}`,
    content: <PermitZoneTagContent zone={zone} />,
  }));
}
