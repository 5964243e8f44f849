import { useTranslation } from 'react-i18next';
import type { ClientCamera } from '@contracts';
import { useCoreState } from '../connection/CoreClientContext.js';
import { localized } from '../i18n/i18n.js';
import { select } from '../state/uiStore.js';
import { CameraFrameImage, EventBoxes, useCameraFrame, ZoneOutlines } from '../cameras/CameraOverlays.js';
import { CameraEventList, CameraHealthLine, SimulatedTag } from '../cameras/CameraStatus.js';
import { openEvents, visionStore } from '../cameras/visionFeed.js';
import { useStore } from '../state/createStore.js';

/** Detections older than this are no longer drawn: the picture has moved on. */
export const DETECTION_FRESH_MS = 10_000;

/**
 * One camera: its picture area at the camera's aspect ratio with the latest detection boxes drawn
 * in image pixels (labels and scores as text, so colour is never the only cue), over the live frames
 * of the camera AI when the core analyses this camera, with its zones, open events (SIMULATED for the
 * demo's stand-in analytics) and health; the full tile lists recent events with their snapshots.
 */
export function CameraTile({ camera, compact = false }: { camera: ClientCamera; compact?: boolean }) {
  const { t, i18n } = useTranslation();
  const event = useCoreState((s) => s.detections.get(camera.id));
  const fresh = event && Date.now() - event.tsMs < DETECTION_FRESH_MS ? event : undefined;
  const { imageWidthPx: width, imageHeightPx: height } = camera;
  const frame = useCameraFrame(camera.id);
  const simulated = useStore(visionStore, (s) => openEvents(s.events.values(), camera.id, Date.now(), 60_000).some((e) => e.source === 'simulated'));
  return (
    <figure className={compact ? 'camera-tile compact' : 'camera-tile'} data-testid={`camera-tile-${camera.id}`}>
      <svg viewBox={`0 0 ${width} ${height}`} className="camera-picture" role="img" aria-label={localized(camera.name, i18n.language)}>
        <rect width={width} height={height} className="camera-background" />
        {frame && <CameraFrameImage camera={camera} url={frame.url} />}
        <ZoneOutlines camera={camera} />
        {!fresh && !frame && (
          <text x={width / 2} y={height / 2} className="camera-no-video">
            {t('cameras.noVideo')}
          </text>
        )}
        {fresh?.detections.map((d, i) => (
          <g key={i} className={`detection detection-${d.label}`} data-testid="detection-box">
            <rect x={d.box[0]} y={d.box[1]} width={d.box[2]} height={d.box[3]} />
            <text x={d.box[0]} y={Math.max(d.box[1] - 12, 40)}>
              {t(`cameras.labels.${d.label}`, { defaultValue: d.label })} {Math.round(d.score * 100)}%
            </text>
          </g>
        ))}
        <EventBoxes camera={camera} />
      </svg>
      <figcaption>
        <button type="button" className="link" onClick={() => select({ kind: 'camera', id: camera.id }, true)}>
          {camera.id}
        </button>{' '}
        {localized(camera.name, i18n.language)}
        {simulated && <SimulatedTag />}
        {fresh && <span className="detection-count">{t('cameras.detections', { count: fresh.detections.length })}</span>}
      </figcaption>
      <CameraHealthLine cameraId={camera.id} />
      {!compact && <CameraEventList cameraId={camera.id} />}
    </figure>
  );
}

/** The camera wall: every camera of the scene as a tile in a grid. */
export function CameraWall({ cameras }: { cameras: ClientCamera[] }) {
  const { t } = useTranslation();
  return (
    <section className="camera-wall" aria-labelledby="camera-wall-title" data-testid="camera-wall">
      <h2 id="camera-wall-title">{t('cameras.wall')}</h2>
      <div className="camera-grid">
        {cameras.map((c) => (
          <CameraTile key={c.id} camera={c} compact />
        ))}
      </div>
    </section>
  );
}
