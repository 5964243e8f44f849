import { createStore } from '../state/createStore.js';
import { uiStore } from '../state/uiStore.js';

/**
 * A moment to open a sensor's trend on (the manager view's alarm records, `?alarm=<id>&at=<ms>`): the sensor's trend
 * starts on the hour around it instead of the live window, so the alarm's rise, peak and clearing are in view. It holds
 * while that sensor stays selected (the details may mount more than once) and is dropped when the selection moves on.
 */
export const trendFocusStore = createStore<{ focus: { sensorId: string; atMs: number } | null }>({ focus: null });

uiStore.subscribe(() => {
  const focus = trendFocusStore.get().focus;
  const selection = uiStore.get().selection;
  if (focus && !(selection?.kind === 'sensor' && selection.id === focus.sensorId)) trendFocusStore.set({ focus: null });
});

/** The span shown around a focused moment: the same hour as a chosen alarm mark (SensorTrend's MIN_MARK_SPAN_MS). */
export const FOCUS_SPAN_MS = 3_600_000;
