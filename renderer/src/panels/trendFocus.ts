import { selectionFocusStore } from '../state/selectionFocus.js';

/**
 * A moment to open a sensor's trend on (the manager view's alarm records, `?alarm=<id>&at=<ms>`): the sensor's trend
 * starts on the hour around it instead of the live window, so the alarm's rise, peak and clearing are in view. It holds
 * while that sensor stays selected and is dropped when the selection moves on (selectionFocusStore).
 */
export const trendFocusStore = selectionFocusStore<{ sensorId: string; atMs: number }>('sensor', (focus) => focus.sensorId);

/** The span shown around a focused moment: the same hour as a chosen alarm mark (SensorTrend's MIN_MARK_SPAN_MS). */
export const FOCUS_SPAN_MS = 3_600_000;
