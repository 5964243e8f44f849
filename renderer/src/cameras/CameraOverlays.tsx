import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientCamera } from '@contracts';
import { useStore } from '../state/createStore.js';
import { zoneInImage } from './cameraOverlay.js';
import { frameStore, openEvents, visionStore, watchCamera } from './visionFeed.js';
import './cameras.css';

/** An event not updated for this long is no longer drawn as current (its end may have been missed). */
export const EVENT_FRESH_MS = 30_000;

/** The latest live-view picture of a camera while this component is shown (the core sends frames only to watchers). */
export function useCameraFrame(cameraId: string): { url: string; tsMs: number } | undefined {
  useEffect(() => watchCamera(cameraId), [cameraId]);
  return useStore(frameStore, (s) => s.frames.get(cameraId));
}

/** The live frame under everything else, stretched to the camera's image pixels (the boxes' space). */
export function CameraFrameImage({ camera, url }: { camera: ClientCamera; url: string }) {
  return <image href={url} x={0} y={0} width={camera.imageWidthPx} height={camera.imageHeightPx} preserveAspectRatio="none" data-testid="camera-frame" />;
}

/** The zones the camera's rules watch: neutral dashed outlines (not an abnormal condition, so no colour). */
export function ZoneOutlines({ camera }: { camera: ClientCamera }) {
  const zones = useStore(visionStore, (s) => s.zones.get(camera.id));
  return (
    <>
      {zones?.map((zone) => {
        const points = zoneInImage(camera, zone);
        if (!points) return null;
        return (
          <g key={zone.id} className="vision-zone" data-testid="vision-zone">
            <polygon points={points.map(([u, v]) => `${u},${v}`).join(' ')} />
            <text x={points[0]![0] + 8} y={points[0]![1] + 40}>
              {zone.id}
            </text>
          </g>
        );
      })}
    </>
  );
}

/** Boxes of the camera's open safety events (NVR and simulated analytics send events, not per-frame detections). */
export function EventBoxes({ camera }: { camera: ClientCamera }) {
  const { t } = useTranslation();
  const events = useStore(visionStore, (s) => s.events);
  const open = openEvents(events.values(), camera.id, Date.now(), EVENT_FRESH_MS).filter((e) => e.box);
  return (
    <>
      {open.map((e) => {
        const [x1, y1, x2, y2] = e.box!;
        return (
          <g key={e.id} className={`vision-event-box source-${e.source}`} data-testid="vision-event-box">
            <rect x={x1} y={y1} width={x2 - x1} height={y2 - y1} />
            <text x={x1} y={Math.max(y1 - 12, 40)}>
              {t(`vision.rules.${e.rule}`)}
              {e.source === 'simulated' ? ` · ${t('vision.simulated')}` : ''}
            </text>
          </g>
        );
      })}
    </>
  );
}
