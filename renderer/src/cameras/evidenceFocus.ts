import { selectionFocusStore } from '../state/selectionFocus.js';

/**
 * A camera event a record link named (the manager view's drill-down, `?cameraEvent=<id>&camera=<id>`): the camera's
 * details show that event's snapshot, however old, beside the live tile (whose event list holds only recent events),
 * while that camera stays selected (selectionFocusStore).
 */
export const evidenceFocusStore = selectionFocusStore<{ cameraId: string; eventId: string }>('camera', (focus) => focus.cameraId);
