import { Html } from '@react-three/drei';
import { useTranslation } from 'react-i18next';
import type { Scene } from '@contracts';
import { localized } from '../i18n/i18n.js';
import { toWorld, type PlantFrame } from './plantToWorld.js';

/** Name tags above equipment: all of them when labels are on, always the selected one. */
export function EquipmentLabels({ scene, frame, showAll, selectedId }: { scene: Scene; frame: PlantFrame; showAll: boolean; selectedId: string | null }) {
  const { i18n } = useTranslation();
  const shown = showAll ? scene.equipment : scene.equipment.filter((e) => e.id === selectedId);
  return (
    <>
      {shown.map((e) => (
        <Html key={e.id} position={toWorld(frame, e.position.x, e.position.y, e.size.heightM + 3)} center className={e.id === selectedId ? 'label label-selected' : 'label'} zIndexRange={[10, 0]}>
          {localized(e.name, i18n.language)}
        </Html>
      ))}
    </>
  );
}
