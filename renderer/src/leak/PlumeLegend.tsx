import { useTranslation } from 'react-i18next';
import { useCoreState } from '../connection/CoreClientContext.js';
import { drillLeakStore } from '../evacuation/evacuationFeed.js';
import { localized } from '../i18n/i18n.js';
import { useReplayedDrillPicture, useReplayedLeakPicture } from '../replay/replayCloud.js';
import { useStore } from '../state/createStore.js';
import { closedLegendStore, closeLegend, leakStore, reopenLegends, type LeakPicture } from './leakFeed.js';
import { leakSubstanceName } from './leakText.js';
import { threatZoneColour, threatZoneRank } from './threatZoneColours.js';

/**
 * The keys to the clouds on the twin, docked in a rail beside the 3D view, never over the scene where
 * the cloud drifts (issue 12.4): one key per leak study, each with its own levels (two studies' thresholds
 * never merge), closable; and during a drill the drill's own cloud key, titled DRILL with hatched swatches
 * like the drill cloud itself (PlumeLayer), so a drill cloud is never read as a real release (issue 12.6).
 * Renders nothing when there is no cloud, so the 3D view keeps the full width.
 */
export function PlumeLegend() {
  const { t } = useTranslation();
  // Replaying: the studies and a drill's own cloud as recorded at the replayed instant (keyed as live).
  const live = useCoreState((s) => s.player.mode !== 'replay');
  const livePicture = useStore(leakStore, (s) => s.picture);
  const replayPicture = useReplayedLeakPicture();
  const picture = live ? livePicture : replayPicture;
  const liveDrillPicture = useStore(drillLeakStore, (s) => (live ? s.picture : null));
  const replayDrillPicture = useReplayedDrillPicture();
  const drillPicture = live ? liveDrillPicture : replayDrillPicture;
  const closed = useStore(closedLegendStore, (s) => s.closed);
  const studies = (picture?.leaks ?? []).filter((leak) => picture!.zones.some((z) => z.leakId === leak.leakId));
  const open = studies.filter((leak) => !closed.has(leak.leakId));
  const closedCount = studies.length - open.length;
  const drillShown = drillPicture !== null && drillPicture.zones.length > 0;
  if (open.length === 0 && closedCount === 0 && !drillShown) return null;
  return (
    <aside className="legend-rail plume-legends" aria-label={t('picture.legend.rail')} data-testid="legend-rail">
      {open.map((leak) => (
        <CloudLegend key={leak.leakId} picture={picture!} leakId={leak.leakId} drill={false} />
      ))}
      {drillShown && <CloudLegend picture={drillPicture} leakId={null} drill />}
      {closedCount > 0 && (
        <button type="button" className="legend-reopen" onClick={reopenLegends} data-testid="legend-reopen">
          {t('picture.legend.closed', { count: closedCount })}
        </button>
      )}
    </aside>
  );
}

/** One cloud's key: each threat level drawn, its threshold, and the wind it follows; a study's key names its source and can be closed. */
function CloudLegend({ picture, leakId, drill }: { picture: LeakPicture; leakId: string | null; drill: boolean }) {
  const { t, i18n } = useTranslation();
  const scene = useCoreState((s) => s.scene);
  const zones = leakId === null ? picture.zones : picture.zones.filter((z) => z.leakId === leakId);
  const leak = leakId === null ? null : picture.leaks.find((l) => l.leakId === leakId);
  const levels = new Map<string, number>();
  for (const zone of zones) if (!levels.has(zone.level)) levels.set(zone.level, zone.thresholdPpm);
  const ordered = [...levels].sort(([a], [b]) => threatZoneRank(a) - threatZoneRank(b));
  const source = leak ? `${localized(scene?.equipment.find((e) => e.id === leak.equipmentId)?.name, i18n.language) || leak.equipmentId} · ${leakSubstanceName(scene, leak, i18n.language)}` : null;
  const title = drill ? t('modeMarks.drillCloudLegend') : t('leak.legend');
  return (
    <section className={`plume-legend${drill ? ' drill-legend' : ''}`} data-testid={drill ? 'drill-cloud-legend' : 'plume-legend'} data-leak-id={leakId ?? undefined} aria-label={source ? `${title}: ${source}` : title}>
      <h3>
        {drill && <span className="drill-tag">{t('modeMarks.drill')}</span>} {title}
        {leak && (
          <button type="button" className="legend-close" aria-label={t('picture.legend.close')} title={t('picture.legend.close')} onClick={() => closeLegend(leak.leakId)} data-testid={`legend-close-${leak.leakId}`}>
            ×
          </button>
        )}
      </h3>
      {leak && (
        <p className="legend-source">
          {source} <span className={leak.simulated ? 'drill-tag' : 'mode-badge'}>{t(leak.simulated ? 'leak.kind.simulated' : 'leak.kind.study')}</span>
        </p>
      )}
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
    </section>
  );
}
