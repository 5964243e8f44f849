import { describe, expect, it } from 'vitest';
import { cancelPendingDebounce, fireDueDebounce, newDebounceState, stepDebounce } from './conditionDebounce.js';

describe('on/off delay', () => {
  it('activates only after the on-delay of continuous demand', () => {
    const state = newDebounceState();
    expect(stepDebounce(state, true, 1_000, 5_000, 3_000)).toBe(false);
    expect(state.pendingSinceMs).toBe(1_000);
    expect(fireDueDebounce(state, 5_999, 5_000, 3_000)).toBe(false);
    expect(fireDueDebounce(state, 6_000, 5_000, 3_000)).toBe(true);
    expect(state).toEqual({ active: true, pendingSinceMs: undefined });
  });

  it('cancels a pending activation when demand stops before the delay', () => {
    const state = newDebounceState();
    stepDebounce(state, true, 0, 5_000, 3_000);
    expect(stepDebounce(state, false, 4_000, 5_000, 3_000)).toBe(false);
    expect(state.pendingSinceMs).toBeUndefined();
    expect(fireDueDebounce(state, 10_000, 5_000, 3_000)).toBe(false);
    expect(state.active).toBe(false);
  });

  it('keeps the first pending time across repeated demand and flips on a later step', () => {
    const state = newDebounceState();
    stepDebounce(state, true, 0, 5_000, 3_000);
    stepDebounce(state, true, 2_000, 5_000, 3_000);
    expect(state.pendingSinceMs).toBe(0);
    expect(stepDebounce(state, true, 5_000, 5_000, 3_000)).toBe(true);
  });

  it('clears only after the off-delay, zero delays act at once', () => {
    const state = newDebounceState();
    expect(stepDebounce(state, true, 0, 0, 3_000)).toBe(true);
    expect(stepDebounce(state, false, 1_000, 0, 3_000)).toBe(false);
    expect(fireDueDebounce(state, 3_999, 0, 3_000)).toBe(false);
    expect(fireDueDebounce(state, 4_000, 0, 3_000)).toBe(true);
    expect(state.active).toBe(false);
  });

  it('can drop a pending change and keep the state', () => {
    const state = newDebounceState();
    stepDebounce(state, true, 0, 0, 0);
    stepDebounce(state, false, 1, 0, 5_000);
    cancelPendingDebounce(state);
    expect(state).toEqual({ active: true, pendingSinceMs: undefined });
  });
});
