import { useTranslation } from 'react-i18next';
import type { ClientScene, PermitRecordView } from '@contracts';
import { localized } from '../i18n/i18n.js';
import { useHeldList } from '../panels/useHoldWhileEngaged.js';
import { permitPanelStore } from './permitPanelStore.js';
import { UNFINISHED_PERMIT_STATES } from './permitFeed.js';
import { countdownText, permitGradeText, permitTypeText, suspensionText } from './permitText.js';
import { useNowMs } from '../state/useNowMs.js';

/** The area a permit lies in, by its scene name in the screen's language (never the area's id). */
export function areaName(scene: ClientScene, areaId: string | null, language: string): string | null {
  const area = areaId === null ? undefined : scene.areas.find((a) => a.id === areaId);
  return area ? localized(area.name, language) : null;
}

/**
 * The permits, one row each: state, type, grade and number, then area and countdown, and why it stands
 * suspended. While the pointer is over the list or keyboard focus is in it, the rows keep their order (a
 * `permit:changed` updates a row where it stands; a permit that left the filter stays until released), so
 * the row about to be clicked does not move.
 */
export function PermitList({ scene, permits }: { scene: ClientScene; permits: PermitRecordView[] }) {
  const { t, i18n } = useTranslation();
  const nowMs = useNowMs();
  const { rows, ref, onFocus, onBlur } = useHeldList<HTMLUListElement, PermitRecordView>(permits, (r) => r.permit.number);

  return (
    <ul className="permit-list" ref={ref} onFocus={onFocus} onBlur={onBlur} data-testid="permit-list">
      {rows.length === 0 && <li className="empty">{t('permits.none')}</li>}
      {rows.map(({ permit, areaId }) => {
        const suspended = suspensionText(permit, t);
        return (
          <li key={permit.number}>
            <button
              type="button"
              className={`permit-row state-${permit.state}`}
              onClick={() => permitPanelStore.set({ view: { kind: 'detail', number: permit.number } })}
              data-testid="permit-row"
              data-permit-number={permit.number}
              data-state={permit.state}
            >
              <span className="permit-row-main">
                <span className="permit-state" data-testid="permit-state">
                  {t(`permits.state.${permit.state}`)}
                </span>
                <span>{permitTypeText(permit.type, t)}</span>
                <span>{permitGradeText(permit, t)}</span>
                <span className="permit-number">{permit.number}</span>
              </span>
              <span className="permit-row-sub">
                <span>{areaName(scene, areaId, i18n.language) ?? t('permits.noArea')}</span>
                <span className="permit-countdown">{UNFINISHED_PERMIT_STATES.includes(permit.state) && countdownText(permit.window, nowMs, t)}</span>
              </span>
              {suspended && <span className="permit-suspension">{suspended}</span>}
            </button>
          </li>
        );
      })}
    </ul>
  );
}
