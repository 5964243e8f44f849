import { createStore } from '../state/createStore.js';

/**
 * The range the trainer marked on the playhead (from / to) for an export or a report: shared by the
 * trainer's tools, which set it, and the timeline, which draws it. Cleared when a replay opens.
 */
export const markedRangeStore = createStore<{ fromMs: number | null; toMs: number | null }>({ fromMs: null, toMs: null });

/** The marked range when both ends are set and in order, else null. */
export function markedRange(state: { fromMs: number | null; toMs: number | null }): { fromMs: number; toMs: number } | null {
  return state.fromMs !== null && state.toMs !== null && state.fromMs < state.toMs ? { fromMs: state.fromMs, toMs: state.toMs } : null;
}
