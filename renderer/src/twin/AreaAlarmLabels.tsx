import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { AlarmPriority, ClientScene } from '@contracts';
import { localized } from '../i18n/i18n.js';
import { PRIORITY_SYMBOL } from '../panels/prioritySymbols.js';
import type { ScreenTag } from './ScreenTags.js';

/**
 * A tag at the centre of each area in alarm: its most urgent priority (symbol and colour, as in the
 * alarm list) and its name in the UI language. The outline (SiteGround) says where; this says how bad.
 * Anchors are scene.areas in order.
 */
export function useAreaAlarmTags(scene: ClientScene, areaAlarms: ReadonlyMap<string, AlarmPriority>): ScreenTag[] {
  const { t, i18n } = useTranslation();
  return useMemo(
    () =>
      scene.areas.flatMap((area, anchor) => {
        const priority = areaAlarms.get(area.id);
        if (!priority) return [];
        return [
          {
            key: area.id,
            anchor,
            priority: 'alarming' as const,
            className: `area-alarm-tag priority-${priority}`,
            content: (
              <>
                <span className="priority" aria-label={t(`alarms.priority.${priority}`)}>
                  {PRIORITY_SYMBOL[priority]}
                </span>{' '}
                {localized(area.name, i18n.language)}
              </>
            ),
          },
        ];
      }),
    [scene, areaAlarms, t, i18n.language],
  );
}
