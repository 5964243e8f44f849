import type { DispersionSnapshot, DispersionSnapshotWire } from '@contracts';
import type { CoreClient } from '../connection/CoreClient.js';
import { createStore } from '../state/createStore.js';

/** A dispersion snapshot with its fields as Float32Arrays again (socket.io delivers ArrayBuffers). */
export type LeakPicture = Omit<DispersionSnapshot, 'fields'> & { fields: { leakId: string; valuesMgM3: Float32Array; maxMgM3: number }[] };

/** The latest leak picture; the 3D layer reads the arrays, React reads the lists (about once a second). */
export const leakStore = createStore<{ picture: LeakPicture | null }>({ picture: null });

export function decodeLeakSnapshot(wire: DispersionSnapshotWire): LeakPicture {
  return { ...wire, fields: wire.fields.map((f) => ({ ...f, valuesMgM3: f.valuesMgM3 instanceof Float32Array ? f.valuesMgM3 : new Float32Array(f.valuesMgM3) })) };
}

/**
 * Legends (keys) of leak studies the operator closed on the twin's legend rail (PlumeLegend), by leak id.
 * Closing a key hides only the key; the study itself is closed in the leak panel.
 */
export const closedLegendStore = createStore<{ closed: ReadonlySet<string> }>({ closed: new Set() });

/** Closes a study's key; ids of leaks no longer in the picture are dropped, so the set stays small. */
export function closeLegend(leakId: string): void {
  const present = new Set(leakStore.get().picture?.leaks.map((l) => l.leakId) ?? []);
  closedLegendStore.set((s) => ({ closed: new Set([...s.closed, leakId].filter((id) => present.has(id) || id === leakId)) }));
}

export function reopenLegends(): void {
  closedLegendStore.set({ closed: new Set() });
}

/** Feeds leakStore from the core; returns the unsubscribe function. */
export function connectLeakFeed(client: CoreClient): () => void {
  return client.on('leak:snapshot', (snapshot) => leakStore.set({ picture: decodeLeakSnapshot(snapshot) }));
}

/** Leaks whose release has not ended (the cloud may linger after). */
export function releasingLeaks(picture: LeakPicture | null): LeakPicture['leaks'] {
  return picture ? picture.leaks.filter((l) => l.endsAtMs > picture.atMs) : [];
}
