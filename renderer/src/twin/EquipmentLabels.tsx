import { useTranslation } from 'react-i18next';
import type { ClientScene } from '@contracts';
import { localized } from '../i18n/i18n.js';
import type { ScreenTag } from './ScreenTags.js';

/** Name tags above equipment: all of them when labels are on, always the selected one. */
export function useEquipmentLabelTags(scene: ClientScene, showAll: boolean, selectedId: string | null): ScreenTag[] {
  const { i18n } = useTranslation();
  return scene.equipment.flatMap((e, index) =>
    showAll || e.id === selectedId ? [{ key: e.id, anchor: index, className: e.id === selectedId ? 'label label-selected' : 'label', content: localized(e.name, i18n.language) }] : [],
  );
}
