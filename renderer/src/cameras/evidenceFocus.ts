import { createStore } from '../state/createStore.js';

/**
 * A camera event a record link named (the manager view's drill-down, `?cameraEvent=<id>&camera=<id>`): the camera's
 * details show that event's snapshot, however old, beside the live tile (whose event list holds only recent events).
 */
export const evidenceFocusStore = createStore<{ focus: { cameraId: string; eventId: string } | null }>({ focus: null });
