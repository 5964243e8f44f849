import { useTranslation } from 'react-i18next';
import { useCoreState } from '../connection/CoreClientContext.js';
import { useStore } from '../state/createStore.js';
import { leakStore } from './leakFeed.js';
import { threatZoneColour, threatZoneRank } from './threatZoneColours.js';

/** The key to the cloud on the twin: each threat level drawn, its threshold, and the wind it follows. */
export function PlumeLegend() {
  const { t, i18n } = useTranslation();
  // The live cloud is not part of a replayed instant.
  const live = useCoreState((s) => s.player.mode === 'live');
  const picture = useStore(leakStore, (s) => (live ? s.picture : null));
  if (!picture || picture.zones.length === 0) return null;
  const levels = new Map<string, number>();
  for (const zone of picture.zones) if (!levels.has(zone.level)) levels.set(zone.level, zone.thresholdPpm);
  const ordered = [...levels].sort(([a], [b]) => threatZoneRank(a) - threatZoneRank(b));
  return (
    <aside className="plume-legend" data-testid="plume-legend" aria-label={t('leak.legend')}>
      <h3>{t('leak.legend')}</h3>
      <ul>
        {ordered.map(([level, ppm]) => (
          <li key={level}>
            <span className="zone-swatch" style={{ background: threatZoneColour(level) }} aria-hidden="true" /> {level} ≥ {t('leak.ppm', { value: ppm.toLocaleString(i18n.language, { maximumFractionDigits: 1 }) })}
          </li>
        ))}
        <li>
          <span className="zone-swatch haze" aria-hidden="true" /> {t('leak.haze')}
        </li>
      </ul>
      <p>{t('leak.wind', { speed: picture.wind.speedMps.toFixed(1), from: Math.round(picture.wind.fromDeg), stability: picture.wind.stabilityClass })}</p>
    </aside>
  );
}
