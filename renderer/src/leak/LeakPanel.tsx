import { useTranslation } from 'react-i18next';
import { roleMay, type ClientScene } from '@contracts';
import { useCoreClient, useCoreState } from '../connection/CoreClientContext.js';
import { localized } from '../i18n/i18n.js';
import { useStore } from '../state/createStore.js';
import { select } from '../state/uiStore.js';
import { leakStore, type LeakPicture } from './leakFeed.js';
import { threatZoneColour } from './threatZoneColours.js';
import { personLabel } from '../people/personText.js';
import { dispersionWarningWords, leakSubstanceName } from './leakText.js';

const fmt = (value: number, language: string, digits = 0) => value.toLocaleString(language, { maximumFractionDigits: digits });

/**
 * The commander's leak picture (issue 5): each modelled leak with its source term, the threat zones
 * with how far they reach, who and which buildings are inside, the detectors the model expects to
 * alarm, and the shelter-in-place estimate for buildings.
 */
export function LeakPanel({ scene }: { scene: ClientScene }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const picture = useStore(leakStore, (s) => s.picture);
  const user = useCoreState((s) => s.user);
  const client = useCoreClient();
  const mayRun = user !== null && roleMay(user.role, 'simulation:run');
  const equipmentName = (id: string) => localized(scene.equipment.find((e) => e.id === id)?.name, language) || id;
  const leakName = (leakId: string) => {
    const leak = picture?.leaks.find((l) => l.leakId === leakId);
    return leak ? equipmentName(leak.equipmentId) : leakId;
  };

  if (!picture || picture.leaks.length === 0) {
    return (
      <section className="leak-panel" data-testid="leak-panel">
        <p className="empty">{t('leak.none')}</p>
      </section>
    );
  }
  const { wind } = picture;
  return (
    <section className="leak-panel" data-testid="leak-panel" aria-live="polite">
      <p className="leak-wind" data-testid="leak-wind">
        {t('leak.wind', { speed: fmt(wind.speedMps, language, 1), from: fmt(wind.fromDeg, language), stability: wind.stabilityClass })}
      </p>
      {(picture.notices ?? []).map((w) => {
        const text = dispersionWarningWords(w, t, language, leakName, equipmentName);
        return (
          <p key={text} className="leak-warning" data-testid="leak-notice">
            {text}
          </p>
        );
      })}
      {picture.leaks.map((leak) => (
        <article key={leak.leakId} className="leak-card" data-testid={`leak-${leak.leakId}`}>
          <h4>
            <button type="button" className="link" onClick={() => select({ kind: 'equipment', id: leak.equipmentId }, true)}>
              {equipmentName(leak.equipmentId)}
            </button>{' '}
            · {leakSubstanceName(scene, leak, language)}{' '}
            {leak.simulated ? (
              <span className="drill-tag" data-testid="leak-kind-simulated">
                {t('leak.kind.simulated')}
              </span>
            ) : (
              <span className="mode-badge" data-testid="leak-kind-study">
                {t('leak.kind.study')}
              </span>
            )}
          </h4>
          <dl>
            <dt>{t('leak.model')}</dt>
            <dd>{t(`leak.models.${leak.model}`)}</dd>
            <dt>{t('leak.rate')}</dt>
            <dd>{t('leak.kgPerS', { value: fmt(leak.rateKgS, language, 3) })}</dd>
            <dt>{t('leak.released')}</dt>
            <dd>{t('leak.kg', { value: fmt(leak.releasedKg, language) })}</dd>
            <dt>{t('leak.ends')}</dt>
            <dd>
              {leak.endsAtMs > picture.atMs ? t('leak.endsIn', { minutes: fmt((leak.endsAtMs - picture.atMs) / 60_000, language, 1) }) : t('leak.ended')}
              {leak.inventoryLimited && ` (${t('leak.inventoryLimited')})`}
            </dd>
          </dl>
          <ZoneTable picture={picture} leakId={leak.leakId} language={language} workerName={(id) => personLabel(scene, user?.role ?? null, id, t)} equipmentName={equipmentName} />
          {mayRun && leak.endsAtMs > picture.atMs && (
            <button type="button" onClick={() => void client.request('leak:stop', { leakId: leak.leakId })} data-testid={`leak-stop-${leak.leakId}`}>
              {t('leak.stop')}
            </button>
          )}
        </article>
      ))}
      <PredictedDetectors picture={picture} language={language} />
      <ShelterTable picture={picture} language={language} equipmentName={equipmentName} />
    </section>
  );
}

function ZoneTable({ picture, leakId, language, workerName, equipmentName }: { picture: LeakPicture; leakId: string; language: string; workerName: (id: string) => string; equipmentName: (id: string) => string }) {
  const { t } = useTranslation();
  const zones = picture.zones.filter((z) => z.leakId === leakId);
  if (zones.length === 0) return <p className="empty">{t('leak.noZones')}</p>;
  return (
    <table className="zone-table" data-testid="zone-table">
      <caption>{t('leak.zones')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('leak.level')}</th>
          <th scope="col">{t('leak.threshold')}</th>
          <th scope="col">{t('leak.reach')}</th>
          <th scope="col">{t('leak.inside')}</th>
        </tr>
      </thead>
      <tbody>
        {zones.map((z) => (
          <tr key={z.level} data-testid={`zone-${z.level}`}>
            <th scope="row">
              <span className="zone-swatch" style={{ background: threatZoneColour(z.level) }} aria-hidden="true" /> {z.level}
            </th>
            <td>{t('leak.ppm', { value: fmt(z.thresholdPpm, language, 1) })}</td>
            <td>
              {t(z.reachesEdge ? 'leak.atLeastMetres' : 'leak.metres', { value: fmt(z.downwindDistanceM, language) })}
              {z.reachesEdge && (
                <span className="leak-warning" data-testid="zone-reaches-edge">
                  {' '}
                  {t('leak.reachesEdge')}
                </span>
              )}
            </td>
            <td>
              {z.workerIds.length === 0 && z.buildingIds.length === 0 ? (
                '—'
              ) : (
                <ul className="zone-occupants">
                  {z.workerIds.map((id) => (
                    <li key={id}>
                      <button type="button" className="link" onClick={() => select({ kind: 'worker', id }, true)} data-testid="zone-worker">
                        {workerName(id)}
                      </button>
                    </li>
                  ))}
                  {z.buildingIds.map((id) => (
                    <li key={id}>{equipmentName(id)}</li>
                  ))}
                </ul>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function PredictedDetectors({ picture, language }: { picture: LeakPicture; language: string }) {
  const { t } = useTranslation();
  const alarming = picture.detectors.filter((d) => d.limit !== null);
  return (
    <section data-testid="predicted-detectors">
      <h4>{t('leak.predictedAlarms')}</h4>
      {alarming.length === 0 ? (
        <p className="empty">{t('leak.noPredictedAlarms')}</p>
      ) : (
        <ul className="instrument-list">
          {alarming.map((d) => (
            <li key={`${d.leakId}-${d.sensorId}`}>
              <button type="button" onClick={() => select({ kind: 'sensor', id: d.sensorId }, true)}>
                <span className="tag">{d.sensorId}</span> {d.overRange ? t('leak.overRange', { value: fmt(d.reading, language, 1), unit: d.unit }) : `${fmt(d.reading, language, 1)} ${d.unit}`} · {t(`leak.limits.${d.limit}`)}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ShelterTable({ picture, language, equipmentName }: { picture: LeakPicture; language: string; equipmentName: (id: string) => string }) {
  const { t } = useTranslation();
  const exposed = picture.buildings.filter((b) => b.outdoorPpm > 0 || b.indoorPpm > 0);
  if (exposed.length === 0) return null;
  return (
    <table className="zone-table" data-testid="shelter-table">
      <caption>{t('leak.shelter')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('leak.building')}</th>
          <th scope="col">{t('leak.outdoor')}</th>
          <th scope="col">{t('leak.indoor')}</th>
        </tr>
      </thead>
      <tbody>
        {exposed.map((b) => (
          <tr key={`${b.leakId}-${b.buildingId}`}>
            <th scope="row">{equipmentName(b.buildingId)}</th>
            <td>{t('leak.ppm', { value: fmt(b.outdoorPpm, language, 1) })}</td>
            <td>{t('leak.ppm', { value: fmt(b.indoorPpm, language, 1) })}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
