import { useCallback, useEffect, useMemo, useRef, useState, type PointerEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { landmarksOf, polygonCentroid, signedPolygonAreaM2, type ClientScene, type Point2 } from '@contracts';
import { useCoreClient } from '../../connection/CoreClientContext.js';
import { localized } from '../../i18n/i18n.js';
import { placeText } from '../../people/personText.js';
import { mapFrame, placeLabels, plantBounds, zoomedBounds, type DraftPlace, type MapFrame } from './reportModel.js';

/** Zoom steps of the small map: the whole plant, then 2×, 4×, 8× around the pin (a few metres per tap at 8×). */
const ZOOMS = [1, 2, 4, 8] as const;
/** The map is as tall as three quarters of its width: most of a phone's screen width, room below for the rest. */
const MAP_ASPECT = 0.75;
/** The worker's badge id, kept on the phone for the next report and round (a badge is worn for months). */
export const BADGE_KEY = 'safetwin.reportBadge';
/** A badge fix older than this is not where the reporter stands now. */
const BADGE_FRESH_MS = 2 * 60_000;

/** An area name's box: 12 px text with room around it. */
const LABEL_HEIGHT_PX = 16;
const LABEL_PAD_PX = 6;

/** Light map colours for a phone outdoors: grey plant (ISA-101), the pin the one dark mark. */
const COLOURS = { ground: '#eef0f2', area: '#dfe3e7', areaEdge: '#9aa3ab', equipment: '#b8bfc6', equipmentEdge: '#6c757d', label: '#2b3136', labelHalo: 'rgba(238, 240, 242, 0.85)', pin: '#111417', pinRing: '#ffffff', badge: '#0b57d0' };

function draw(canvas: HTMLCanvasElement, scene: ClientScene, frame: MapFrame, pin: Point2 | null, language: string, badge: Point2 | null = null): void {
  const g = canvas.getContext('2d');
  if (!g) return;
  const ratio = canvas.width / canvas.clientWidth || 1;
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.fillStyle = COLOURS.ground;
  g.fillRect(0, 0, canvas.clientWidth, canvas.clientHeight);
  const path = (points: readonly Point2[]) => {
    g.beginPath();
    points.forEach((p, i) => {
      const [x, y] = frame.toPx(p);
      if (i === 0) g.moveTo(x, y);
      else g.lineTo(x, y);
    });
    g.closePath();
  };
  g.lineWidth = 1;
  for (const area of scene.areas) {
    path(area.polygon);
    g.fillStyle = COLOURS.area;
    g.strokeStyle = COLOURS.areaEdge;
    g.fill();
    g.stroke();
  }
  for (const landmark of landmarksOf(scene)) {
    if (landmark.kind !== 'equipment') continue;
    g.fillStyle = COLOURS.equipment;
    g.strokeStyle = COLOURS.equipmentEdge;
    if (landmark.shape === 'circle') {
      const [x, y] = frame.toPx([landmark.x, landmark.y]);
      g.beginPath();
      g.arc(x, y, Math.max(1.5, landmark.radiusM * frame.pixelsPerMetre), 0, 2 * Math.PI);
    } else {
      // Length axis east–west at 0°, turned clockwise in plan (scene.ts), as landmarks.edgeDistanceM reads it.
      const theta = (landmark.rotationDeg * Math.PI) / 180;
      const along: Point2 = [Math.cos(theta), -Math.sin(theta)];
      const across: Point2 = [Math.sin(theta), Math.cos(theta)];
      const corner = (a: number, b: number): Point2 => [landmark.x + (a * landmark.lengthM * along[0] + b * landmark.widthM * across[0]) / 2, landmark.y + (a * landmark.lengthM * along[1] + b * landmark.widthM * across[1]) / 2];
      path([corner(-1, -1), corner(1, -1), corner(1, 1), corner(-1, 1)]);
    }
    g.fill();
    g.stroke();
  }
  // Area names over the drawing, so the reporter finds their unit without reading ids: the larger areas' first,
  // none written over another, each on a light halo over the outlines.
  // The page's own CJK-capable font: a canvas does not read CSS variables.
  g.font = `600 12px ${getComputedStyle(canvas).fontFamily}`;
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  const areas = [...scene.areas].sort((a, b) => Math.abs(signedPolygonAreaM2(b.polygon)) - Math.abs(signedPolygonAreaM2(a.polygon)));
  const names = areas.map((area) => localized(area.name, language));
  const boxes = placeLabels(
    areas.map((area, i) => {
      const [x, y] = frame.toPx(polygonCentroid(area.polygon));
      return { x, y, widthPx: g.measureText(names[i]!).width + LABEL_PAD_PX, heightPx: LABEL_HEIGHT_PX };
    }),
    canvas.clientWidth,
    canvas.clientHeight,
  );
  boxes.forEach((box, i) => {
    if (!box) return;
    g.fillStyle = COLOURS.labelHalo;
    g.fillRect(box.x - box.widthPx / 2, box.y - box.heightPx / 2, box.widthPx, box.heightPx);
    g.fillStyle = COLOURS.label;
    g.fillText(names[i]!, box.x, box.y);
  });
  if (pin) {
    const [x, y] = frame.toPx(pin);
    // A map pin: its tip at the point, drawn over a white ring so it shows on any part of the plant.
    g.beginPath();
    g.moveTo(x, y);
    g.arc(x, y - 18, 9, Math.PI * 0.8, Math.PI * 0.2);
    g.closePath();
    g.lineWidth = 3;
    g.strokeStyle = COLOURS.pinRing;
    g.stroke();
    g.fillStyle = COLOURS.pin;
    g.fill();
    g.beginPath();
    g.arc(x, y - 18, 3.5, 0, 2 * Math.PI);
    g.fillStyle = COLOURS.pinRing;
    g.fill();
  }
  if (badge) {
    // The worker's badge: a filled dot in a white ring, "you are here" as phone maps draw it.
    const [x, y] = frame.toPx(badge);
    g.beginPath();
    g.arc(x, y, 7, 0, 2 * Math.PI);
    g.fillStyle = COLOURS.badge;
    g.fill();
    g.lineWidth = 3;
    g.strokeStyle = COLOURS.pinRing;
    g.stroke();
  }
}

/** The map canvas's width as laid out (it fills its column), and the drawing redone whenever what it shows changes. */
function useMapCanvas(scene: ClientScene, frameFor: (widthPx: number, heightPx: number) => MapFrame | null, pin: Point2 | null, badge: Point2 | null) {
  const { i18n } = useTranslation();
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [widthPx, setWidthPx] = useState(0);
  const heightPx = Math.round(widthPx * MAP_ASPECT);
  const frame = useMemo(() => (widthPx > 0 ? frameFor(widthPx, heightPx) : null), [frameFor, widthPx, heightPx]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const observer = new ResizeObserver(() => setWidthPx(canvas.clientWidth));
    observer.observe(canvas);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas || !frame) return;
    // Drawn at the screen's pixel density: a phone's 3× screen would blur a 1× canvas.
    canvas.width = Math.round(widthPx * devicePixelRatio);
    canvas.height = Math.round(heightPx * devicePixelRatio);
    draw(canvas, scene, frame, pin, i18n.language, badge);
  }, [scene, frame, pin, badge, widthPx, heightPx, i18n.language]);
  return { canvasRef, frame, heightPx };
}

/** The small site map, read-only: the plant within `bounds` with a pin (a checkpoint) and the worker's badge. */
export function SiteMapView({ scene, bounds, pin, badge, label, testId }: { scene: ClientScene; bounds: { minX: number; minY: number; maxX: number; maxY: number }; pin: Point2 | null; badge: Point2 | null; label: string; testId: string }) {
  const frameFor = useCallback((widthPx: number, heightPx: number) => mapFrame(bounds, widthPx, heightPx), [bounds]);
  const { canvasRef, heightPx } = useMapCanvas(scene, frameFor, pin, badge);
  return (
    <div className="report-map">
      <canvas ref={canvasRef} style={{ height: heightPx }} data-testid={testId} role="img" aria-label={label} />
    </div>
  );
}

/** The small site map: the scene's areas and equipment outlines, tap to place the pin, zoom around it. */
function SiteMapPin({ scene, pin, onPin }: { scene: ClientScene; pin: Point2 | null; onPin: (point: Point2) => void }) {
  const { t } = useTranslation();
  const [zoom, setZoom] = useState<(typeof ZOOMS)[number]>(1);
  const bounds = useMemo(() => plantBounds(scene.areas.map((a) => a.polygon)), [scene]);
  const frameFor = useCallback((widthPx: number, heightPx: number) => (bounds ? mapFrame(zoomedBounds(bounds, zoom, pin), widthPx, heightPx) : null), [bounds, zoom, pin]);
  const { canvasRef, frame, heightPx } = useMapCanvas(scene, frameFor, pin, null);

  const tap = (event: PointerEvent<HTMLCanvasElement>) => {
    if (!frame) return;
    const rect = event.currentTarget.getBoundingClientRect();
    const [x, y] = frame.toPlant([event.clientX - rect.left, event.clientY - rect.top]);
    // Centimetres are below any phone's tap: the point is kept to a decimetre.
    onPin([Math.round(x * 10) / 10, Math.round(y * 10) / 10]);
  };
  const step = (direction: 1 | -1) => setZoom((z) => ZOOMS[Math.min(ZOOMS.length - 1, Math.max(0, ZOOMS.indexOf(z) + direction))]!);

  return (
    <div className="report-map">
      <canvas ref={canvasRef} style={{ height: heightPx }} onPointerUp={tap} data-testid="report-map" data-zoom={zoom} data-pin={pin ? pin.join(',') : undefined} role="img" aria-label={t('hazards.phone.place.mapLabel')} />
      <div className="report-map-zoom" role="group" aria-label={t('hazards.phone.place.zoom')}>
        <button type="button" onClick={() => step(1)} disabled={zoom === ZOOMS.at(-1)} aria-label={t('hazards.phone.place.zoomIn')} data-testid="report-map-zoom-in">
          +
        </button>
        <button type="button" onClick={() => step(-1)} disabled={zoom === 1} aria-label={t('hazards.phone.place.zoomOut')} data-testid="report-map-zoom-out">
          −
        </button>
      </div>
    </div>
  );
}

/**
 * Where the danger is: a pin on the small site map, or the reporter's badge position. No user account names
 * its badge (users.json has none, the scene's personnel has no user), so the reporter types or picks their
 * badge id once — kept on the phone — and its live RTLS position is read from this screen's live frames.
 */
export function PlacePicker({ scene, place, onPlace }: { scene: ClientScene; place: DraftPlace | null; onPlace: (place: DraftPlace) => void }) {
  const { t, i18n } = useTranslation();
  const client = useCoreClient();
  const [mode, setMode] = useState<'pin' | 'badge'>(place?.placedBy ?? 'pin');
  const [badgeId, setBadgeId] = useState(() => localStorage.getItem(BADGE_KEY) ?? '');
  const [badgeProblem, setBadgeProblem] = useState<string | null>(null);

  const useBadge = () => {
    const id = badgeId.trim();
    const fix = client.live.workers.get(id);
    if (!fix) return setBadgeProblem(t('hazards.phone.place.badgeUnknown', { id }));
    if (Date.now() - fix.tsMs > BADGE_FRESH_MS) return setBadgeProblem(t('hazards.phone.place.badgeStale'));
    localStorage.setItem(BADGE_KEY, id);
    setBadgeProblem(null);
    onPlace({ placedBy: 'badge', point: [fix.x, fix.y], floor: fix.floor, badgeId: id });
  };

  return (
    <fieldset className="report-field" data-testid="report-place">
      <legend>{t('hazards.phone.place.title')}</legend>
      <div className="report-choice" role="group">
        <button type="button" aria-pressed={mode === 'pin'} onClick={() => setMode('pin')} data-testid="report-place-pin">
          {t('hazards.phone.place.onMap')}
        </button>
        <button type="button" aria-pressed={mode === 'badge'} onClick={() => setMode('badge')} data-testid="report-place-badge">
          {t('hazards.phone.place.byBadge')}
        </button>
      </div>
      {mode === 'pin' ? (
        <>
          <p className="report-hint">{t('hazards.phone.place.tapHint')}</p>
          <SiteMapPin scene={scene} pin={place?.placedBy === 'pin' ? place.point : null} onPin={(point) => onPlace({ placedBy: 'pin', point })} />
        </>
      ) : (
        <div className="report-badge">
          <label>
            {t('hazards.phone.place.badgeId')}
            <input list="report-badges" value={badgeId} onChange={(e) => setBadgeId(e.target.value)} autoComplete="off" autoCapitalize="characters" data-testid="report-badge-id" />
          </label>
          <datalist id="report-badges">
            {scene.personnel.map((p) => (
              <option key={p.badgeId} value={p.badgeId} />
            ))}
          </datalist>
          <button type="button" onClick={useBadge} disabled={badgeId.trim() === ''} data-testid="report-use-badge">
            {t('hazards.phone.place.useBadge')}
          </button>
          {badgeProblem && (
            <p className="form-error" role="alert">
              {badgeProblem}
            </p>
          )}
        </div>
      )}
      {place && (
        <p className="report-place-words" data-testid="report-place-words">
          {t(place.placedBy === 'pin' ? 'hazards.phone.place.pinAt' : 'hazards.phone.place.badgeAt', { place: placeText(scene, { x: place.point[0], y: place.point[1] }, i18n.language, t) })}
        </p>
      )}
    </fieldset>
  );
}
