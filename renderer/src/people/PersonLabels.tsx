import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlarmPriority, ClientScene } from '@contracts';
import { useCoreState } from '../connection/CoreClientContext.js';
import type { ScreenTag } from '../twin/ScreenTags.js';
import { personLabel } from './personText.js';

/**
 * Name tags over person icons (anchors in scene.personnel order): a person in alarm and the selected
 * person always, everyone while labels are on. A name only for roles allowed to see names (personText.ts).
 */
export function usePersonLabelTags(scene: ClientScene, workerAlarms: ReadonlyMap<string, AlarmPriority>, manDown: ReadonlySet<string>, selectedId: string | null, labelsVisible: boolean): ScreenTag[] {
  const { t } = useTranslation();
  const role = useCoreState((s) => s.user?.role ?? null);
  return useMemo(
    () =>
      scene.personnel.flatMap((person, anchor) => {
        const alarm = workerAlarms.get(person.badgeId);
        const selected = person.badgeId === selectedId;
        if (!alarm && !selected && !labelsVisible) return [];
        const label = personLabel(scene, role, person.badgeId, t);
        return [
          {
            key: `${person.badgeId}|${label}|${alarm ?? ''}|${selected}|${manDown.has(person.badgeId)}`,
            anchor,
            className: `person-tag${alarm ? ' person-alarm' : ''}${selected ? ' person-selected' : ''}`,
            content: manDown.has(person.badgeId) ? `${label} · ${t('alarms.condition.manDown')}` : label,
          },
        ];
      }),
    [scene, workerAlarms, manDown, selectedId, labelsVisible, role, t],
  );
}
