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
/** Half of the twin's 1 s blink (hazards.css): the map redraws at this period while a pin is overdue. */
export const HAZARD_BLINK_HALF_PERIOD_MS = 500;
const PICK_RADIUS_PX = 4;
const CLICK_SLOP_PX = 5;

/** Whether the user asked for less motion: an overdue pin then stays lit (its heaviest ring says overdue). */
export function reducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/** Whether any pin blinks now (overdue with its clock running): the map redraws at the blink's pace only then. */
export function anyBlinking(tickets: readonly HazardTicketView[], nowMs: number): boolean {
  return tickets.some((v) => pinLook(v, nowMs).blink);
}

/**
 * The open hidden dangers on the site map (issue 18 item 3): a dark dot ringed in its grade's colour, the ring
 * heavier with age; an overdue one blinks — its ring off every other half second — unless reduced motion is asked for.
 */
export function hazardMapLayer(tickets: readonly HazardTicketView[], nowMs: number): ScatterplotLayer<HazardTicketView> {
  const blinkOff = !reducedMotion() && Math.floor(nowMs / HAZARD_BLINK_HALF_PERIOD_MS) % 2 === 1;
  const looks = new Map(tickets.map((v) => [v.ticket.number, pinLook(v, nowMs)]));
  const look = (v: HazardTicketView) => looks.get(v.ticket.number)!;
  const key = tickets.map((v) => `${v.ticket.number}:${v.revision}:${look(v).ageStep}:${look(v).blink && blinkOff}`).join();
  return new ScatterplotLayer<HazardTicketView>({
    id: 'hazards',
    data: [...tickets],
    getPosition: (v) => v.ticket.location.point,
    radiusUnits: 'pixels',
    getRadius: PIN_RADIUS_PX,
    filled: true,
    stroked: true,
    getFillColor: [...rgb(THEME.background), 230],
    getLineColor: (v) => [...rgb(THEME.alarm[look(v).colour]), look(v).blink && blinkOff ? 0 : 255],
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
