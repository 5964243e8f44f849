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
export const permitPanelStore = createStore<{ view: PermitsView; focusRequest: number; stateFilter: StateFilter; typeFilter: PermitType | 'any'; draftFields: Readonly<Record<string, string>> | null }>({
  view: { kind: 'list' },
  focusRequest: 0,
  stateFilter: 'current',
  typeFilter: 'any',
  draftFields: null,
});

/** Opens the permits panel of the control room, on one permit when given (the suspension strip, a filed draft). */
export function openPermits(number?: string): void {
  permitPanelStore.set((s) => ({ view: number === undefined ? { kind: 'list' } : { kind: 'detail', number }, focusRequest: s.focusRequest + 1 }));
  uiStore.set({ sidePanel: 'permits' });
}
