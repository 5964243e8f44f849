import type { PermitState, PermitType } from '@contracts';
import { createStore } from '../state/createStore.js';
import { uiStore } from '../state/uiStore.js';

/** What the permits panel shows: the list, one permit's document and trace, or the draft form. */
export type PermitsView = { kind: 'list' } | { kind: 'detail'; number: string } | { kind: 'draft' };

/** `focusRequest` counts the times the panel was asked for (the P key, the strip): the panel takes the keyboard focus then. */
/** The list's state filter: the unfinished permits ('current'), every permit ('all'), or one state. */
export type StateFilter = 'current' | 'all' | PermitState;

/**
 * The filters and a draft being entered live here, not in the components: back from a permit's page the list
 * is as it was left, and a half-filled draft survives a look at another tab.
 */
export const permitPanelStore = createStore<{
  view: PermitsView;
  focusRequest: number;
  stateFilter: StateFilter;
  typeFilter: PermitType | 'any';
  draftFields: Readonly<Record<string, string>> | null;
  /** The draft asks for its point: the next click on the site map gives it (takePermitPoint). */
  pickingPoint: boolean;
}>({
  view: { kind: 'list' },
  focusRequest: 0,
  stateFilter: 'current',
  typeFilter: 'any',
  draftFields: null,
  pickingPoint: false,
});

/** Opens the permits panel of the control room, on one permit when given (the suspension strip, a filed draft). */
export function openPermits(number?: string): void {
  permitPanelStore.set((s) => ({ view: number === undefined ? { kind: 'list' } : { kind: 'detail', number }, focusRequest: s.focusRequest + 1 }));
  uiStore.set({ sidePanel: 'permits' });
}

/**
 * A click on the site map while the draft asks for its point: the point (plant metres, from the map's
 * `unproject`) goes into the draft's x and y and the permits tab shows the draft again. False when no draft
 * asks, so the map's own click (a permit zone's cameras) goes on.
 */
export function takePermitPoint(unproject: () => readonly number[] | undefined): boolean {
  const { pickingPoint, draftFields } = permitPanelStore.get();
  if (!pickingPoint) return false;
  const at = unproject();
  if (!at || at.length < 2) return false;
  permitPanelStore.set({ pickingPoint: false, draftFields: { ...draftFields, x: at[0]!.toFixed(1), y: at[1]!.toFixed(1) } });
  uiStore.set({ sidePanel: 'permits' });
  return true;
}
