import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { roleMay, type ClientScene, type VisionEventView } from '@contracts';
import { useCoreState } from '../connection/CoreClientContext.js';
import { useStore } from '../state/createStore.js';
import { select } from '../state/uiStore.js';
import { useEvidence } from './useEvidence.js';
import { visionStore } from './visionFeed.js';
import { detectionLabelText } from './detectionLabel.js';
import { problemText } from '../i18n/coreWords.js';
import { localized } from '../i18n/i18n.js';
import { placeText } from '../people/personText.js';
import { ReportHazardButton } from '../hazards/ReportHazard.js';
import { cameraEventReportPrefill } from '../hazards/reportPrefill.js';

const time = (ms: number, language: string) => new Date(ms).toLocaleTimeString(language, { hour12: false });

/** Label of events and alarms from the demo's stand-in analytics: they must never pass for inference. */
export function SimulatedTag() {
  const { t } = useTranslation();
  return (
    <span className="simulated-tag" data-testid="simulated-tag" title={t('vision.simulatedHint')}>
      {t('vision.simulated')}
    </span>
  );
}

/** Decoder and inference health of a camera the core analyses: state, fps in/out, last frame, errors. */
export function CameraHealthLine({ cameraId }: { cameraId: string }) {
  const { t, i18n } = useTranslation();
  const health = useStore(visionStore, (s) => s.health.get(cameraId));
  if (!health) return null;
  return (
    <p className="camera-health" data-testid={`camera-health-${cameraId}`}>
      <span className={`camera-state-${health.state}`}>{t(`vision.state.${health.state}`)}</span>
      {health.source === 'safetwin' && <span>{t('vision.fps', { fpsIn: health.fpsIn.toFixed(1), fpsOut: health.fpsOut.toFixed(1) })}</span>}
      {health.lastFrameTsMs !== null && <span>{t('vision.lastFrame', { time: time(health.lastFrameTsMs, i18n.language) })}</span>}
      {health.framesDropped > 0 && <span>{t('vision.dropped', { percent: Math.round(health.dropRate * 100) })}</span>}
      {health.lastError && (
        <span title={i18n.language === 'en' ? (health.lastError.tip ?? health.lastError.message) : problemText(health.lastError)}>
          {t('vision.errors', { count: health.errors })} · {health.lastError.code}
        </span>
      )}
    </p>
  );
}

/** Who an event was linked to: the name and badge for roles that may see names (privacy), otherwise "Badge BDG-1001", never a bare id. */
export function useBadgeLabel(scene: ClientScene | null): (badgeId: string) => string {
  const { t } = useTranslation();
  const user = useCoreState((s) => s.user);
  const mayViewNames = user !== null && roleMay(user.role, 'personnel:viewNames');
  return (badgeId) => {
    const person = mayViewNames ? scene?.personnel.find((p) => p.badgeId === badgeId) : undefined;
    return person?.displayName ? `${person.displayName} (${badgeId})` : t('people.badge', { id: badgeId });
  };
}

/** One event: snapshot thumbnail (fetched when shown), time, rule, label, score or SIMULATED, where it was seen (area and nearest landmark), linked badge. */
export function VisionEventItem({ event, showCamera = false }: { event: VisionEventView; showCamera?: boolean }) {
  const { t, i18n } = useTranslation();
  const scene = useCoreState((s) => s.scene);
  const badgeLabel = useBadgeLabel(scene);
  // The camera by its name in the screen's language (its id only where the scene gives no name).
  const cameraName = localized(scene?.cameras.find((c) => c.id === event.cameraId)?.name, i18n.language) || event.cameraId;
  const hasSnapshot = event.snapshotHref?.startsWith('/api/') ?? false;
  const hasClip = event.clipHref?.startsWith('/api/') ?? false;
  const snapshot = useEvidence(event.id, 'snapshot', hasSnapshot);
  const [clipOpen, setClipOpen] = useState(false);
  const clip = useEvidence(event.id, 'clip', clipOpen && hasClip);
  return (
    <li className={hasSnapshot ? undefined : 'no-snapshot'} data-testid="vision-event" data-event-id={event.id}>
      {hasSnapshot && (snapshot ? <img className="vision-thumb" src={snapshot} alt={t('vision.snapshotOf', { camera: cameraName })} data-testid="vision-snapshot" /> : <span className="vision-thumb" />)}
      <span>
        {time(event.startedAtMs, i18n.language)} · {t(`vision.rules.${event.rule}`)} · {detectionLabelText(t, event.label)}
        {event.source === 'simulated' ? (
          <>
            {' '}
            <SimulatedTag />
          </>
        ) : (
          ` ${Math.round(event.score * 100)}%`
        )}
        {showCamera && (
          <>
            {' · '}
            <button type="button" className="link" onClick={() => select({ kind: 'camera', id: event.cameraId }, true)}>
              {cameraName}
            </button>
          </>
        )}
        {event.ground && scene && (
          <>
            {' · '}
            <span data-testid="vision-event-where">{placeText(scene, event.ground, i18n.language, t)}</span>
          </>
        )}
        {event.phase === 'end' && ` · ${t('vision.ended')}`}
        {scene && (
          <>
            {' '}
            <ReportHazardButton prefill={() => cameraEventReportPrefill(event, scene, t)} testId={`report-hazard-event-${event.id}`} />
          </>
        )}
        {hasClip && (
          <>
            {' · '}
            <button type="button" className="link" onClick={() => setClipOpen(!clipOpen)} data-testid="vision-clip-toggle">
              {clipOpen ? t('vision.hideClip') : t('vision.showClip')}
            </button>
          </>
        )}
        {clipOpen && clip && <video className="vision-clip" src={clip} controls aria-label={t('vision.clipOf', { camera: cameraName })} data-testid="vision-clip" />}
        {event.badgeId !== undefined && (
          <>
            <br />
            {t('vision.badge', { badge: badgeLabel(event.badgeId), distance: event.badgeDistanceM?.toFixed(1) })}
          </>
        )}
      </span>
    </li>
  );
}

/** The camera's recent events, newest first. */
export function CameraEventList({ cameraId, limit = 8 }: { cameraId: string; limit?: number }) {
  const { t } = useTranslation();
  const events = useStore(visionStore, (s) => s.events);
  const list = [...events.values()].filter((e) => e.cameraId === cameraId).reverse().slice(0, limit);
  return (
    <>
      <h4>{t('vision.events')}</h4>
      {list.length === 0 ? (
        <p className="empty">{t('vision.noEvents')}</p>
      ) : (
        <ul className="vision-events" data-testid={`vision-events-${cameraId}`}>
          {list.map((e) => (
            <VisionEventItem key={e.id} event={e} />
          ))}
        </ul>
      )}
    </>
  );
}

/** Fusion on the worker's card: camera events linked to this badge (who entered the zone, who had no hard hat). */
export function WorkerVisionEvents({ badgeId }: { badgeId: string }) {
  const { t } = useTranslation();
  const events = useStore(visionStore, (s) => s.events);
  const list = [...events.values()].filter((e) => e.badgeId === badgeId).reverse().slice(0, 5);
  if (list.length === 0) return null;
  return (
    <>
      <h4>{t('vision.workerEvents')}</h4>
      <ul className="vision-events" data-testid="worker-vision-events">
        {list.map((e) => (
          <VisionEventItem key={e.id} event={e} showCamera />
        ))}
      </ul>
    </>
  );
}
