import { memo } from 'react';
import type { ThreeEvent } from '@react-three/fiber';
import type { Equipment } from '@contracts';
import { THEME } from '../theme.js';
import { hoverHandlers } from './hoverStore.js';
import { toWorld, toWorldYaw, type PlantFrame } from './plantToWorld.js';

type Props = { equipment: Equipment; frame: PlantFrame; selected: boolean; onSelect: (id: string) => void };

/** Simple, recognisable shapes per equipment type, in ISA-101 greys; selection brightens the item. */
function Body({ equipment, color }: { equipment: Equipment; color: string }) {
  const { lengthM: length, widthM: width, heightM: height } = equipment.size;
  const material = <meshStandardMaterial color={color} roughness={0.8} metalness={0.1} />;
  switch (equipment.type) {
    case 'tank':
      return (
        <>
          <mesh position={[0, height / 2, 0]} castShadow>
            <cylinderGeometry args={[length / 2, length / 2, height, 32]} />
            {material}
          </mesh>
          <mesh position={[0, height + length * 0.05, 0]}>
            <coneGeometry args={[length / 2, length * 0.1, 32]} />
            {material}
          </mesh>
        </>
      );
    case 'sphere': {
      const radius = length / 2;
      return (
        <>
          <mesh position={[0, height - radius, 0]} castShadow>
            <sphereGeometry args={[radius, 32, 16]} />
            {material}
          </mesh>
          {[0, 1, 2, 3, 4, 5].map((i) => (
            <mesh key={i} position={[Math.cos((i * Math.PI) / 3) * radius * 0.95, (height - radius) / 2, Math.sin((i * Math.PI) / 3) * radius * 0.95]}>
              <cylinderGeometry args={[0.3, 0.3, height - radius, 8]} />
              <meshStandardMaterial color={THEME.equipment.dark} />
            </mesh>
          ))}
        </>
      );
    }
    case 'bullet':
    case 'heatExchanger':
      return (
        <mesh position={[0, height - width / 2, 0]} rotation={[0, 0, Math.PI / 2]} castShadow>
          <capsuleGeometry args={[width / 2, Math.max(length - width, 0.1), 8, 24]} />
          {material}
        </mesh>
      );
    case 'reactor':
    case 'column':
    case 'vessel':
      return (
        <mesh position={[0, height / 2, 0]} castShadow>
          <capsuleGeometry args={[length / 2, Math.max(height - length, 0.1), 8, 24]} />
          {material}
        </mesh>
      );
    case 'flare':
      return (
        <mesh position={[0, height / 2, 0]}>
          <cylinderGeometry args={[length / 2, length / 2, height, 12]} />
          {material}
        </mesh>
      );
    case 'pipeRack':
      // A deck on posts every 6 m (typical pipe-rack bent spacing); people walk underneath.
      return (
        <>
          <mesh position={[0, height, 0]}>
            <boxGeometry args={[length, 0.6, width]} />
            {material}
          </mesh>
          {Array.from({ length: Math.floor(length / 6) + 1 }, (_, i) => (
            <mesh key={i} position={[-length / 2 + i * 6, height / 2, 0]}>
              <boxGeometry args={[0.4, height, width]} />
              <meshStandardMaterial color={THEME.equipment.dark} />
            </mesh>
          ))}
        </>
      );
    case 'loadingBay':
      return (
        <>
          <mesh position={[0, height, 0]}>
            <boxGeometry args={[length, 0.5, width]} />
            {material}
          </mesh>
          {[-1, 1].map((sx) =>
            [-1, 1].map((sz) => (
              <mesh key={`${sx}${sz}`} position={[(sx * length) / 2.2, height / 2, (sz * width) / 2.2]}>
                <boxGeometry args={[0.4, height, 0.4]} />
                <meshStandardMaterial color={THEME.equipment.dark} />
              </mesh>
            )),
          )}
        </>
      );
    case 'pump':
    case 'building':
      return (
        <mesh position={[0, height / 2, 0]} castShadow receiveShadow>
          <boxGeometry args={[length, height, width]} />
          {material}
        </mesh>
      );
  }
}

const BASE_COLOR: Record<Equipment['type'], string> = {
  tank: THEME.equipment.light,
  sphere: THEME.equipment.light,
  bullet: THEME.equipment.light,
  reactor: THEME.equipment.mid,
  column: THEME.equipment.mid,
  vessel: THEME.equipment.mid,
  heatExchanger: THEME.equipment.mid,
  pump: THEME.equipment.dark,
  pipeRack: THEME.equipment.dark,
  building: THEME.equipment.building,
  loadingBay: THEME.equipment.dark,
  flare: THEME.equipment.dark,
};

export const EquipmentModel = memo(function EquipmentModel({ equipment, frame, selected, onSelect }: Props) {
  const position = toWorld(frame, equipment.position.x, equipment.position.y, equipment.position.z);
  const onClick = (event: ThreeEvent<MouseEvent>) => {
    event.stopPropagation();
    onSelect(equipment.id);
  };
  return (
    <group name={equipment.id} position={position} rotation={[0, toWorldYaw(equipment.rotationDeg), 0]} userData={{ kind: 'equipment', equipmentId: equipment.id }} onClick={onClick} {...hoverHandlers('equipment', equipment.id)}>
      <Body equipment={equipment} color={selected ? THEME.selection : BASE_COLOR[equipment.type]} />
    </group>
  );
});
