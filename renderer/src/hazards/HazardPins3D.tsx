import { useEffect, useMemo, useState } from 'react';
import * as THREE from 'three';
import { useTranslation } from 'react-i18next';
import type { HazardTicketView } from '@contracts';
import type { TFunction } from 'i18next';
import { useStore } from '../state/createStore.js';
import { toWorld, type PlantFrame } from '../twin/plantToWorld.js';
import type { ScreenTag } from '../twin/ScreenTags.js';
import { hazardFeedStore, openHazard } from './hazardFeed.js';
import { nextLookChangeMs, pinLook } from './hazardText.js';
import './hazards.css';

/** A pin stands this high over its point: above a person's head (about 2 m), under most equipment tags. */
const PIN_HEIGHT_M = 3;
/** A timer's longest wait (setTimeout's limit is about 24.8 days); a longer one is re-armed. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The open hidden dangers as pins over the 3D view (issue 18 item 3): a screen-tag layer (ScreenTags.tsx), so the
 * de-clutter pass places them with the other tags; each its grade's colour, heavier with age, blinking when
 * overdue (hazards.css); a click opens the ticket in the tab. Returns the tags and their anchors, in one order.
 */
export function useHazardPins(frame: PlantFrame): { tags: ScreenTag[]; anchors: THREE.Vector3[] } {
  const { t } = useTranslation();
  const tickets = useStore(hazardFeedStore, (s) => s.tickets);
  // Looks turn with the clock (age steps, overdue): the pins re-render at the next turn, not on a ticking clock.
  const [nowMs, setNowMs] = useState(() => Date.now());
  useEffect(() => {
    const next = nextLookChangeMs(tickets, nowMs);
    if (next === null) return;
    const timer = setTimeout(() => setNowMs(Date.now()), Math.min(MAX_TIMER_MS, next - Date.now() + 1));
    return () => clearTimeout(timer);
  }, [tickets, nowMs]);
  const anchors = useMemo(() => tickets.map((v) => new THREE.Vector3(...toWorld(frame, v.ticket.location.point[0], v.ticket.location.point[1], PIN_HEIGHT_M))), [tickets, frame]);
  const tags = useMemo(() => tickets.map((view, anchor) => pinTag(view, anchor, nowMs, t)), [tickets, nowMs, t]);
  return { tags, anchors };
}

function pinTag(view: HazardTicketView, anchor: number, nowMs: number, t: TFunction): ScreenTag {
  const { ticket } = view;
  const look = pinLook(view, nowMs);
  const label = t('hazards.room.pin', { number: ticket.number, grade: t(`hazards.grade.${ticket.grade}`), state: t(`hazards.state.${ticket.state}`) });
  return {
    key: ticket.number,
    anchor,
    // An overdue danger keeps its place first where tags collide, as an alarm's does.
    priority: look.blink ? 'alarming' : 'rest',
    className: `hazard-pin colour-${look.colour} age-${look.ageStep}${look.blink ? ' blink' : ''}`,
    content: (
      <button type="button" onClick={() => openHazard(ticket.number)} aria-label={label} title={label} data-testid={`hazard-pin-${ticket.number}`} data-grade={ticket.grade} data-overdue={look.blink ? 'true' : 'false'}>
        <span className="hazard-pin-mark" aria-hidden="true">
          {ticket.grade === 'major' ? '▲' : '△'}
        </span>
        {t('hazards.ticket')}
      </button>
    ),
  };
}
