import { createStore } from './createStore.js';

export type Selection = { kind: 'equipment' | 'sensor' | 'camera' | 'worker' | 'area'; id: string } | null;

export type UiState = {
  selection: Selection;
  /** Incremented to ask the 3D view to fly to the selection even when it did not change. */
  flyRequest: number;
  homeRequest: number;
  labelsVisible: boolean;
  /** The control room's centre panel: the 3D twin or the 2D site map with the risk heatmap. */
  centreView: 'twin' | 'map';
  /** What the control room's right-hand panel shows: details of the selection, or a capability's panel. */
  sidePanel: SidePanelId;
};

export const SIDE_PANELS = ['details', 'leak', 'replay', 'evacuation', 'permits', 'contractors', 'hazards', 'warnings'] as const;
export type SidePanelId = (typeof SIDE_PANELS)[number];

export const uiStore = createStore<UiState>({ selection: null, flyRequest: 0, homeRequest: 0, labelsVisible: false, centreView: 'twin', sidePanel: 'details' });

/** Selecting something shows its details. */
export function select(selection: Selection, flyTo = false): void {
  uiStore.set((s) => ({ selection, flyRequest: flyTo ? s.flyRequest + 1 : s.flyRequest, sidePanel: selection ? 'details' : s.sidePanel }));
}
