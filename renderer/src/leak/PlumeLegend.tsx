import { useTranslation } from 'react-i18next';
import { useCoreState } from '../connection/CoreClientContext.js';
import { drillLeakStore } from '../evacuation/evacuationFeed.js';
import { useStore } from '../state/createStore.js';
import { leakStore, type LeakPicture } from './leakFeed.js';
import { threatZoneColour, threatZoneRank } from './threatZoneColours.js';

/**
 * The keys to the clouds on the twin: the live leak studies' and, during a drill, the drill's own
 * cloud, each in its own box. The drill's is titled DRILL and its swatches are hatched like the drill
 * cloud itself (PlumeLayer), so a drill cloud is never read as a real release (issue 12.6).
 */
export function PlumeLegend() {
  // The live clouds are not part of a replayed instant.
  const live = useCoreState((s) => s.player.mode === 'live');
  const picture = useStore(leakStore, (s) => (live ? s.picture : null));
  const drillPicture = useStore(drillLeakStore, (s) => (live ? s.picture : null));
  return (
    <div className="plume-legends">
      {picture && <CloudLegend picture={picture} drill={false} />}
      {drillPicture && <CloudLegend picture={drillPicture} drill />}
    </div>
  );
}

/** One cloud's key: each threat level drawn, its threshold, and the wind it follows. */
function CloudLegend({ picture, drill }: { picture: LeakPicture; drill: boolean }) {
  const { t, i18n } = useTranslation();
  if (picture.zones.length === 0) return null;
  const levels = new Map<string, number>();
  for (const zone of picture.zones) if (!levels.has(zone.level)) levels.set(zone.level, zone.thresholdPpm);
  const ordered = [...levels].sort(([a], [b]) => threatZoneRank(a) - threatZoneRank(b));
  const title = drill ? t('modeMarks.drillCloudLegend') : t('leak.legend');
  return (
    <aside className={`plume-legend${drill ? ' drill-legend' : ''}`} data-testid={drill ? 'drill-cloud-legend' : 'plume-legend'} aria-label={title}>
      <h3>{drill && <span className="drill-tag">{t('modeMarks.drill')}</span>} {title}</h3>
      <ul>
        {ordered.map(([level, ppm]) => (
          <li key={level}>
            <span className={`zone-swatch${drill ? ' hatched' : ''}`} style={{ backgroundColor: threatZoneColour(level) }} aria-hidden="true" /> {level} ≥ {t('leak.ppm', { value: ppm.toLocaleString(i18n.language, { maximumFractionDigits: 1 }) })}
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
