import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { comparePriority, type AlarmPriority, type ClientCamera } from '@contracts';
import { useCoreState } from '../connection/CoreClientContext.js';
import { localized } from '../i18n/i18n.js';
import { select, uiStore } from '../state/uiStore.js';
import { CameraFrameImage, EventBoxes, useCameraFrame, ZoneOutlines } from '../cameras/CameraOverlays.js';
import { CameraEventList, CameraHealthLine, SimulatedTag } from '../cameras/CameraStatus.js';
import { detectionLabelText } from '../cameras/detectionLabel.js';
import { openEvents, visionStore } from '../cameras/visionFeed.js';
import { useVirtualView } from '../cameras/virtualViews.js';
import { minimumBox, minimumFontPx } from '../sitemap/mapGraphics.js';
import { useStore } from '../state/createStore.js';
import { PRIORITY_SYMBOL } from './prioritySymbols.js';
import '../cameras/cameraWall.css';

/** Detections older than this are no longer drawn: the picture has moved on. */
export const DETECTION_FRESH_MS = 10_000;
/**
 * Boxes and their labels never smaller than this on screen (issue 12: a detection was a 4×8 px box on a
 * wall tile): a box about the height of a line of text, labels at a readable 13 px.
 */
export const MIN_BOX_SCREEN_PX = 24;
export const MIN_LABEL_SCREEN_PX = 13;
const DETECTION_LABEL_IMAGE_PX = 48;

/** The drawn width of an element in CSS pixels, followed as the layout changes (wall and desk sizes differ). */
function useRenderedWidth<T extends Element>(): [React.RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => setWidth(entry?.contentRect.width ?? 0));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

/** The worst priority of the camera's active alarms, null when none (the tile's ISA-101 alarm frame). */
function useCameraAlarmPriority(cameraId: string): AlarmPriority | null {
  return useCoreState((s) => {
    let worst: AlarmPriority | null = null;
    for (const alarm of s.alarms.values()) {
      if (alarm.sourceKind !== 'camera' || alarm.sourceId !== cameraId || !alarm.active) continue;
      if (!worst || comparePriority(alarm.priority, worst) < 0) worst = alarm.priority;
    }
    return worst;
  });
}

/**
 * One camera: its picture area at the camera's aspect ratio with the latest detection boxes drawn
 * in image pixels (labels and scores as text, so colour is never the only cue), over the live frames
 * of the camera AI when the core analyses this camera, or else over the camera's VIRTUAL VIEW (the
 * twin from its pose, labelled as such, never passing for video); its zones, open events (SIMULATED
 * for the demo's stand-in analytics) and health; framed in its alarm priority colour while it has an
 * active alarm. Boxes and labels keep a minimum size on screen. The full tile lists recent events
 * with their snapshots and clips.
 */
export function CameraTile({ camera, compact = false, onOpen }: { camera: ClientCamera; compact?: boolean; onOpen?: () => void }) {
  const { t, i18n } = useTranslation();
  const event = useCoreState((s) => s.detections.get(camera.id));
  const fresh = event && Date.now() - event.tsMs < DETECTION_FRESH_MS ? event : undefined;
  const { imageWidthPx: width, imageHeightPx: height } = camera;
  const frame = useCameraFrame(camera.id);
  const simulated = useStore(visionStore, (s) => openEvents(s.events.values(), camera.id, Date.now(), 60_000).some((e) => e.source === 'simulated'));
  const alarmPriority = useCameraAlarmPriority(camera.id);
  const [pictureRef, renderedWidthPx] = useRenderedWidth<HTMLDivElement>();
  const virtualCanvas = useRef<HTMLCanvasElement>(null);
  useVirtualView(camera, virtualCanvas, !frame);
  const labelPx = minimumFontPx(DETECTION_LABEL_IMAGE_PX, width, renderedWidthPx, MIN_LABEL_SCREEN_PX);
  const open = onOpen ?? (() => select({ kind: 'camera', id: camera.id }, true));
  const classes = ['camera-tile', compact ? 'compact' : '', alarmPriority ? `in-alarm alarm-frame-${alarmPriority}` : ''].filter(Boolean).join(' ');
  return (
    <figure className={classes} data-testid={`camera-tile-${camera.id}`} data-alarm-priority={alarmPriority ?? undefined}>
      <div
        ref={pictureRef}
        className="camera-picture-area"
        role={compact ? 'button' : undefined}
        tabIndex={compact ? 0 : undefined}
        onClick={compact ? open : undefined}
        onKeyDown={compact ? (e) => (e.key === 'Enter' || e.key === ' ') && open() : undefined}
        data-testid={`camera-open-${camera.id}`}
      >
        {!frame && <canvas ref={virtualCanvas} className="camera-virtual-view" data-testid={`camera-virtual-${camera.id}`} aria-hidden="true" />}
        <svg viewBox={`0 0 ${width} ${height}`} className={frame ? 'camera-picture' : 'camera-picture over-virtual'} role="img" aria-label={localized(camera.name, i18n.language)}>
          {frame ? <CameraFrameImage camera={camera} url={frame.url} /> : null}
          <ZoneOutlines camera={camera} />
          {fresh?.detections.map((d, i) => {
            const [x, y, w, h] = minimumBox(d.box, width, height, renderedWidthPx, MIN_BOX_SCREEN_PX);
            return (
              <g key={i} className={`detection detection-${d.label}`} data-testid="detection-box">
                <rect x={x} y={y} width={w} height={h} />
                <text x={x} y={Math.max(y - labelPx / 4, labelPx)} style={{ fontSize: labelPx }}>
                  {detectionLabelText(t, d.label)} {Math.round(d.score * 100)}%
                </text>
              </g>
            );
          })}
          <EventBoxes camera={camera} renderedWidthPx={renderedWidthPx} />
        </svg>
        {!frame && (
          <span className="camera-virtual-label" data-testid="camera-virtual-label">
            {t('cameraWall.virtualView')}
          </span>
        )}
        {alarmPriority && (
          <span className={`camera-alarm-tag alarm-frame-${alarmPriority}`} data-testid="camera-alarm-tag">
            {PRIORITY_SYMBOL[alarmPriority]} {t('cameraWall.inAlarm')} · {t(`alarms.priority.${alarmPriority}`)}
          </span>
        )}
      </div>
      <figcaption>
        <button type="button" className="link" onClick={open}>
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

/**
 * The camera wall: every camera of the scene as a tile in a grid, in scene order (tiles do not move
 * under the operator's eyes; a camera in alarm is framed instead); a click on a tile opens that camera's panel beside the grid: the full tile with its event
 * timeline, snapshots and clips (the selection is shared, so the twin follows).
 */
export function CameraWall({ cameras }: { cameras: ClientCamera[] }) {
  const { t } = useTranslation();
  const selection = useStore(uiStore, (s) => s.selection);
  const [panelOpen, setPanelOpen] = useState(false);
  const opened = panelOpen && selection?.kind === 'camera' ? cameras.find((c) => c.id === selection.id) : undefined;
  return (
    <section className={opened ? 'camera-wall with-panel' : 'camera-wall'} aria-labelledby="camera-wall-title" data-testid="camera-wall">
      <h2 id="camera-wall-title">{t('cameras.wall')}</h2>
      <div className="camera-wall-body">
        <div className="camera-grid">
          {cameras.map((c) => (
            <CameraTile
              key={c.id}
              camera={c}
              compact
              onOpen={() => {
                select({ kind: 'camera', id: c.id });
                setPanelOpen(true);
              }}
            />
          ))}
        </div>
        {opened && (
          <aside className="panel camera-wall-panel" aria-label={t('cameraWall.panelTitle', { id: opened.id })} data-testid="camera-wall-panel">
            <header>
              <h3>{t('cameraWall.panelTitle', { id: opened.id })}</h3>
              <button type="button" onClick={() => setPanelOpen(false)} data-testid="camera-wall-panel-close">
                {t('cameraWall.close')}
              </button>
            </header>
            <CameraTile key={opened.id} camera={opened} />
          </aside>
        )}
      </div>
    </section>
  );
}
