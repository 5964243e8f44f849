import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { ClientCamera } from '@contracts';
import { useStore } from '../state/createStore.js';
import { minimumBox, minimumFontPx } from '../sitemap/mapGraphics.js';
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

/** Event boxes and labels keep these on-screen minimums (px) whatever the tile size (issue 12.8). */
const MIN_EVENT_BOX_SCREEN_PX = 24;
const MIN_EVENT_LABEL_SCREEN_PX = 13;
const EVENT_LABEL_IMAGE_PX = 38;

/**
 * Boxes of the camera's open safety events (NVR and simulated analytics send events, not per-frame
 * detections), grown to a minimum on-screen size when the picture is drawn `renderedWidthPx` wide.
 */
export function EventBoxes({ camera, renderedWidthPx = 0 }: { camera: ClientCamera; renderedWidthPx?: number }) {
  const { t } = useTranslation();
  const events = useStore(visionStore, (s) => s.events);
  const open = openEvents(events.values(), camera.id, Date.now(), EVENT_FRESH_MS).filter((e) => e.box);
  return (
    <>
      {open.map((e) => {
        const [bx1, by1, bx2, by2] = e.box!;
        const [x1, y1, w, h] = minimumBox([bx1, by1, bx2 - bx1, by2 - by1], camera.imageWidthPx, camera.imageHeightPx, renderedWidthPx, MIN_EVENT_BOX_SCREEN_PX);
        const labelPx = minimumFontPx(EVENT_LABEL_IMAGE_PX, camera.imageWidthPx, renderedWidthPx, MIN_EVENT_LABEL_SCREEN_PX);
        return (
          <g key={e.id} className={`vision-event-box source-${e.source}`} data-testid="vision-event-box">
            <rect x={x1} y={y1} width={w} height={h} />
            <text x={x1} y={Math.max(y1 - labelPx / 4, labelPx)} style={{ fontSize: labelPx }}>
              {t(`vision.rules.${e.rule}`)}
              {e.source === 'simulated' ? ` · ${t('vision.simulated')}` : ''}
            </text>
          </g>
        );
      })}
    </>
  );
}
