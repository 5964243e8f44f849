import type { Deck, Layer } from '@deck.gl/core';
import { IconLayer, PolygonLayer, type TextLayer } from '@deck.gl/layers';
import type { Point2 } from '@contracts';
import type { TFunction } from 'i18next';
import { openPermitZone, gradeAndState, permitTitle, type DrawnZone } from './PermitZoneParts.js';
import { permitSymbolAtlas } from './permitSymbols.js';
import { countdownText } from './permitText.js';
import { takePermitPoint } from './permitPanelStore.js';

type Rgb = [number, number, number];
/** The site map's own label factory (SiteMapView: its font, halo and language trigger), with a colour per label. */
export type MapTextLayer = <T>(id: string, data: T[], position: (d: T) => Point2, text: (d: T) => string, sizePx: number, offsetPx: [number, number], colour: Rgb | ((d: T) => Rgb)) => TextLayer<T>;

/** The symbol drawn at this size (px) in the atlas; shown at SYMBOL_PX on the map, at least as large as a person icon. */
const ATLAS_SYMBOL_PX = 64;
const SYMBOL_PX = 30;
const LABEL_PX = 15;
/** Fill alpha of a zone (0–255): a hint of its extent, the heatmap and cloud still readable under it. */
const FILL_ALPHA = 50;
const OUTLINE_PX = 3;
const GREY_LABEL: Rgb = [216, 221, 226];

const rgb = (hex: string): Rgb => [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)];

let atlas: ReturnType<typeof permitSymbolAtlas> | null = null;
/** One atlas for the page: the symbols never change. */
const symbolAtlas = () => (atlas ??= permitSymbolAtlas(ATLAS_SYMBOL_PX));

const PICKED_LAYERS = ['permit-zones', 'permit-symbols', 'permit-labels'];
/** A press that moved farther than this (CSS px) before its release was a pan of the map, not a click. */
const CLICK_SLOP_PX = 5;
/** Picking radius (CSS px) around the pointer: a zone a few metres wide is a few pixels on a whole-site map. */
const PICK_RADIUS_PX = 4;

/**
 * A click on a zone, its symbol or its label opens the permit's covering cameras (PermitCamerasCard). Taken
 * from the browser's own click, not deck.gl's tap gesture: the gesture times the press on the main thread,
 * so on a busy wall PC a late pointer-up reads as a long press and the click is lost. Returns the detach.
 */
export function onPermitClick(deck: Pick<Deck, 'pickObject' | 'getViewports'>, element: HTMLElement): () => void {
  let down: { x: number; y: number } | null = null;
  const onDown = (event: PointerEvent) => (down = { x: event.clientX, y: event.clientY });
  const onClick = (event: MouseEvent) => {
    if (!down || Math.hypot(event.clientX - down.x, event.clientY - down.y) > CLICK_SLOP_PX) return;
    const box = element.getBoundingClientRect();
    const [x, y] = [event.clientX - box.left, event.clientY - box.top];
    // A permit draft asking for its point takes the click, wherever it falls (zones included).
    if (takePermitPoint(() => deck.getViewports()[0]?.unproject([x, y]))) return;
    const picked = deck.pickObject({ x, y, radius: PICK_RADIUS_PX, layerIds: PICKED_LAYERS });
    const zone = picked?.object as DrawnZone | undefined;
    if (zone) openPermitZone(zone.record.permit.number);
  };
  element.addEventListener('pointerdown', onDown);
  element.addEventListener('click', onClick);
  return () => {
    element.removeEventListener('pointerdown', onDown);
    element.removeEventListener('click', onClick);
  };
}

/**
 * The permit zones on the site map, as on the twin: the zone's outline and a light fill in its look's
 * colour (grey when normal), the type's symbol at the centre and under it the permit, grade and state,
 * the countdown and, when abnormal, why. The map rebuilds its layers each second, which moves the countdown.
 */
export function permitMapLayers(zones: DrawnZone[], nowMs: number, t: TFunction, textLayer: MapTextLayer): Layer[] {
  if (zones.length === 0) return [];
  const { canvas, mapping } = symbolAtlas();
  const key = zones.map((z) => `${z.record.permit.number}:${z.record.revision}:${z.look.colour}`).join('|');
  const label = (z: DrawnZone) => {
    const lines = [permitTitle(z.record.permit, t), `${gradeAndState(z.record.permit, t)} · ${countdownText(z.record.permit.window, nowMs, t)}`];
    if (z.look.abnormal) lines.push(t(`permitMap.abnormal.${z.look.abnormal}`));
    return lines.join('\n');
  };
  return [
    new PolygonLayer<DrawnZone>({
      id: 'permit-zones',
      data: zones,
      getPolygon: (z) => z.outline.ring,
      getFillColor: (z) => [...rgb(z.look.colour), FILL_ALPHA],
      getLineColor: (z) => rgb(z.look.colour),
      getLineWidth: (z) => OUTLINE_PX + z.look.gradeRank,
      lineWidthUnits: 'pixels',
      pickable: true,
      updateTriggers: { getFillColor: key, getLineColor: key, getLineWidth: key },
    }),
    new IconLayer<DrawnZone>({
      id: 'permit-symbols',
      data: zones,
      getPosition: (z) => z.outline.centre,
      // An 'image' prop, as for the people's icons (SiteMapView): any texture source is uploaded.
      iconAtlas: canvas as unknown as string,
      iconMapping: mapping,
      getIcon: (z) => z.record.permit.type,
      getSize: SYMBOL_PX,
      sizeUnits: 'pixels',
      getColor: (z) => (z.look.abnormal ? rgb(z.look.colour) : GREY_LABEL),
      pickable: true,
      updateTriggers: { getColor: key },
    }),
    textLayer('permit-labels', zones, (z) => z.outline.centre, label, LABEL_PX, [0, SYMBOL_PX / 2 + 4], (z) => (z.look.abnormal ? rgb(z.look.colour) : GREY_LABEL)).clone({
      // Lines hang below the symbol, however many there are.
      getAlignmentBaseline: 'top',
      pickable: true,
      updateTriggers: { getText: [nowMs, t], getColor: key },
    }),
  ];
}
