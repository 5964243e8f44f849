import { useTranslation } from 'react-i18next';
import type { ClientScene } from '@contracts';
import { localized } from '../i18n/i18n.js';
import { useStore } from '../state/createStore.js';
import { hoverStore } from './hoverStore.js';
import type { ScreenTag } from './ScreenTags.js';

/** Name tags above equipment: all of them when labels are on, always the selected and the hovered one. */
export function useEquipmentLabelTags(scene: ClientScene, showAll: boolean, selectedId: string | null): ScreenTag[] {
  const { i18n } = useTranslation();
  const hoveredId = useStore(hoverStore, (s) => (s.hovered?.kind === 'equipment' ? s.hovered.id : null));
  return scene.equipment.flatMap((e, index) => {
    const selected = e.id === selectedId;
    const hovered = e.id === hoveredId;
    if (!showAll && !selected && !hovered) return [];
    return [{ key: e.id, anchor: index, priority: selected ? 'selected' : hovered ? 'hovered' : 'rest', className: selected ? 'label label-selected' : 'label', content: localized(e.name, i18n.language) }];
  });
}
