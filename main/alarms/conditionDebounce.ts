/**
 * On/off delay of one alarm condition (ISA-18.2-2016 clause 10; EEMUA 191): a change of the
 * wanted state takes effect only after it has been wanted continuously for the delay. A return
 * to the current state before then cancels the pending change, so an excursion shorter than
 * the on-delay never alarms and a dip shorter than the off-delay never clears.
 */
export type DebounceState = {
  /** The debounced condition. */
  active: boolean;
  /** When the opposite state started being wanted; undefined when nothing is pending. */
  pendingSinceMs: number | undefined;
};

export function newDebounceState(): DebounceState {
  return { active: false, pendingSinceMs: undefined };
}

/** Feeds the wanted state at nowMs; returns true when the debounced state flipped. */
export function stepDebounce(state: DebounceState, wanted: boolean, nowMs: number, onDelayMs: number, offDelayMs: number): boolean {
  if (wanted === state.active) {
    state.pendingSinceMs = undefined;
    return false;
  }
  state.pendingSinceMs ??= nowMs;
  return fireDueDebounce(state, nowMs, onDelayMs, offDelayMs);
}

/** Completes a pending change whose delay has elapsed by nowMs; returns true when it flipped. */
export function fireDueDebounce(state: DebounceState, nowMs: number, onDelayMs: number, offDelayMs: number): boolean {
  if (state.pendingSinceMs === undefined) return false;
  const delayMs = state.active ? offDelayMs : onDelayMs;
  if (nowMs - state.pendingSinceMs < delayMs) return false;
  state.active = !state.active;
  state.pendingSinceMs = undefined;
  return true;
}

/** Drops a pending change (the value can no longer be trusted); the debounced state is kept. */
export function cancelPendingDebounce(state: DebounceState): void {
  state.pendingSinceMs = undefined;
}
