import type { CameraFrameWire, CameraHealth, VisionEventView, VisionZone } from '@contracts';
import type { CoreClient } from '../connection/CoreClient.js';
import { createStore, type Store } from '../state/createStore.js';

/** Recent events kept on this screen (the core keeps as many for screens opened later). */
const MAX_EVENTS = 200;

export type VisionPicture = {
  /** By event id, in the order of their latest change (oldest first). */
  events: Map<string, VisionEventView>;
  health: Map<string, CameraHealth>;
  zones: Map<string, VisionZone[]>;
  /** The demo's stand-in analytics are on (their events are labelled SIMULATED). */
  simulatedAnalytics: boolean;
};

/** Events, health and zones of the camera AI: low rate, read by React. */
export const visionStore: Store<VisionPicture> = createStore<VisionPicture>({ events: new Map(), health: new Map(), zones: new Map(), simulatedAnalytics: false });

/** The latest live-view picture of each watched camera, as an object URL (revoked when replaced). */
export const frameStore: Store<{ frames: Map<string, { url: string; tsMs: number }> }> = createStore({ frames: new Map() });

const watchers = new Map<string, number>();
let activeClient: CoreClient | null = null;

function applyEvent(event: VisionEventView): void {
  visionStore.set((s) => {
    const events = new Map(s.events);
    events.delete(event.id);
    events.set(event.id, event);
    if (events.size > MAX_EVENTS) events.delete(events.keys().next().value!);
    return { events };
  });
}

function applyFrame(frame: CameraFrameWire): void {
  if (!watchers.has(frame.cameraId)) return;
  const url = URL.createObjectURL(new Blob([frame.jpeg as BlobPart], { type: 'image/jpeg' }));
  frameStore.set((s) => {
    const frames = new Map(s.frames);
    const previous = frames.get(frame.cameraId);
    if (previous) URL.revokeObjectURL(previous.url);
    frames.set(frame.cameraId, { url, tsMs: frame.tsMs });
    return { frames };
  });
}

async function loadState(client: CoreClient): Promise<void> {
  const result = await client.request('vision:state');
  if (!result.ok) return;
  const { events, health, cameras, simulatedAnalytics } = result.value;
  visionStore.set({
    events: new Map(events.map((e) => [e.id, e])),
    health: new Map(health.map((h) => [h.cameraId, h])),
    zones: new Map(cameras.map((c) => [c.cameraId, c.zones])),
    simulatedAnalytics,
  });
}

function sendWatchList(): void {
  void activeClient?.request('vision:watch', { cameraIds: [...watchers.keys()] });
}

/**
 * Feeds the vision stores from the core: the state on each (re)connection (rooms and events are lost
 * with the socket), then pushed events, health and the frames of the cameras this screen shows.
 */
export function connectVisionFeed(client: CoreClient): () => void {
  activeClient = client;
  let wasConnected = false;
  const onConnection = () => {
    const connected = client.store.get().connection === 'connected';
    if (connected && !wasConnected) {
      void loadState(client);
      if (watchers.size > 0) sendWatchList();
    }
    wasConnected = connected;
  };
  onConnection();
  const offs = [
    client.store.subscribe(onConnection),
    client.on('vision:event', applyEvent),
    client.on('vision:health', (health) => visionStore.set((s) => ({ health: new Map(s.health).set(health.cameraId, health) }))),
    client.on('camera:frame', applyFrame),
  ];
  return () => {
    offs.forEach((off) => off());
    if (activeClient === client) activeClient = null;
  };
}

/** A tile shows this camera: ask the core for its frames while at least one tile does. Returns the release. */
export function watchCamera(cameraId: string): () => void {
  const count = watchers.get(cameraId) ?? 0;
  watchers.set(cameraId, count + 1);
  if (count === 0) sendWatchList();
  return () => {
    const left = (watchers.get(cameraId) ?? 1) - 1;
    if (left > 0) {
      watchers.set(cameraId, left);
      return;
    }
    watchers.delete(cameraId);
    sendWatchList();
    frameStore.set((s) => {
      const frames = new Map(s.frames);
      const previous = frames.get(cameraId);
      if (previous) URL.revokeObjectURL(previous.url);
      frames.delete(cameraId);
      return { frames };
    });
  };
}

/** Evidence bytes of an event as an object URL (the caller revokes it), or null when the core has none. */
export async function evidenceUrl(client: CoreClient, eventId: string, kind: 'snapshot' | 'clip'): Promise<string | null> {
  const result = await client.request('vision:evidence', { eventId, kind });
  if (!result.ok) return null;
  return URL.createObjectURL(new Blob([result.value.data as BlobPart], { type: result.value.mediaType }));
}

/** Events still open (no end seen) and changed within maxAgeMs: what a camera currently shows. */
export function openEvents(events: Iterable<VisionEventView>, cameraId: string, nowMs: number, maxAgeMs: number): VisionEventView[] {
  return [...events].filter((e) => e.cameraId === cameraId && e.phase !== 'end' && nowMs - e.tsMs < maxAgeMs);
}
