import type { Deck } from '@deck.gl/core';
import { ScatterplotLayer } from '@deck.gl/layers';
import type { HazardTicketView } from '@contracts';
import { THEME } from '../theme.js';
import { openHazard } from './hazardFeed.js';
import { pinLook } from './hazardText.js';

type Rgb = [number, number, number];
const rgb = (hex: string): Rgb => [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)];

/** A pin's radius on the map, px: as large as a person icon's half height, so a pin is found on a whole-site map. */
const PIN_RADIUS_PX = 9;
/** Ring width by age step (hazardText pinLook): heavier as the deadline nears. */
const RING_PX = [2, 3, 4, 5] as const;
const PICK_RADIUS_PX = 4;
const CLICK_SLOP_PX = 5;

/**
 * The open hidden dangers on the site map (issue 18 item 3): a dark dot ringed in its grade's colour, the ring
 * heavier with age. An overdue one blinks by a ring over the canvas (placeBlinkRings), not by redrawing the map.
 */
export function hazardMapLayer(tickets: readonly HazardTicketView[], nowMs: number): ScatterplotLayer<HazardTicketView> {
  const looks = new Map(tickets.map((v) => [v.ticket.number, pinLook(v, nowMs)]));
  const look = (v: HazardTicketView) => looks.get(v.ticket.number)!;
  const key = tickets.map((v) => `${v.ticket.number}:${v.revision}:${look(v).ageStep}`).join();
  return new ScatterplotLayer<HazardTicketView>({
    id: 'hazards',
    data: [...tickets],
    getPosition: (v) => v.ticket.location.point,
    radiusUnits: 'pixels',
    getRadius: PIN_RADIUS_PX,
    filled: true,
    stroked: true,
    getFillColor: [...rgb(THEME.background), 230],
    getLineColor: (v) => rgb(THEME.alarm[look(v).colour]),
    lineWidthUnits: 'pixels',
    getLineWidth: (v) => RING_PX[look(v).ageStep],
    pickable: true,
    updateTriggers: { getLineColor: key, getLineWidth: key },
  });
}

/**
 * A click on a pin opens its ticket in the tab. The browser's own click, as the permit zones take theirs
 * (permitMapLayers.ts: deck.gl's tap gesture loses clicks on a busy wall PC). Returns the detach.
 */
export function onHazardPinClick(deck: Pick<Deck, 'pickObject'>, element: HTMLElement): () => void {
  let down: { x: number; y: number } | null = null;
  const onDown = (event: PointerEvent) => (down = { x: event.clientX, y: event.clientY });
  const onClick = (event: MouseEvent) => {
    if (!down || Math.hypot(event.clientX - down.x, event.clientY - down.y) > CLICK_SLOP_PX) return;
    const box = element.getBoundingClientRect();
    const picked = deck.pickObject({ x: event.clientX - box.left, y: event.clientY - box.top, radius: PICK_RADIUS_PX, layerIds: ['hazards'] });
    const view = picked?.object as HazardTicketView | undefined;
    if (view) openHazard(view.ticket.number);
  };
  element.addEventListener('pointerdown', onDown);
  element.addEventListener('click', onClick);
  return () => {
    element.removeEventListener('pointerdown', onDown);
    element.removeEventListener('click', onClick);
  };
}

/**
 * The overdue pins' blinking rings: DOM elements over the map canvas at the pins' screen points, blinking by CSS
 * (hazards.css, as the twin's pins; still under prefers-reduced-motion). Redrawing the whole map twice a second to
 * blink a pin kept a software-GL wall PC busy; the compositor blinks these for nothing. Placed again on every map
 * render (a pan or zoom renders). `project` maps plant metres to the canvas's CSS pixels.
 */
export function placeBlinkRings(layer: HTMLElement, tickets: readonly HazardTicketView[], nowMs: number, project: (point: readonly [number, number]) => readonly number[] | undefined): void {
  const overdue = tickets.filter((v) => pinLook(v, nowMs).blink);
  const kept = new Map<string, HTMLElement>();
  for (const ring of [...layer.children] as HTMLElement[]) kept.set(ring.dataset.number ?? '', ring);
  for (const view of overdue) {
    const at = project(view.ticket.location.point);
    let ring = kept.get(view.ticket.number);
    kept.delete(view.ticket.number);
    if (!at) continue;
    if (!ring) {
      ring = document.createElement('span');
      ring.dataset.number = view.ticket.number;
      layer.append(ring);
    }
    ring.className = `hazard-map-blink colour-${pinLook(view, nowMs).colour}`;
    ring.style.transform = `translate(${at[0]}px, ${at[1]}px)`;
  }
  for (const ring of kept.values()) ring.remove();
}
