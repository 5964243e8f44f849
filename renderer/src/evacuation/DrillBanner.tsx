import { useTranslation } from 'react-i18next';
import { localized } from '../i18n/i18n.js';
import { useStore } from '../state/createStore.js';
import { formatDuration } from './durations.js';
import { evacuationStore } from './evacuationFeed.js';

/**
 * DRILL throughout a drill, on every screen (architecture §2: a drill is labelled end to end), and
 * EVACUATION while a live evacuation is ordered. Nothing is shown otherwise.
 */
export function DrillBanner() {
  const { t, i18n } = useTranslation();
  const drill = useStore(evacuationStore, (s) => (s.status?.drill && s.status.drill.phase !== 'ended' ? s.status.drill : null));
  const live = useStore(evacuationStore, (s) => (s.status?.live && !s.status.live.ended ? s.status.live : null));
  return (
    <>
      {drill && (
        <span className="drill-banner" role="status" data-testid="drill-banner">
          {t('evacuation.banner.drill')} · {localized(drill.name, i18n.language)} · {t('evacuation.banner.drillElapsed', { duration: formatDuration(t, drill.tS) })}
        </span>
      )}
      {live && (
        <span className="evacuation-banner" role="status" data-testid="evacuation-banner">
          {t('evacuation.banner.live')} · {t('evacuation.banner.sinceOrder', { duration: formatDuration(t, live.tS) })}
        </span>
      )}
    </>
  );
}
