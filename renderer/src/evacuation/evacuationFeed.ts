import type { EvacuationBoard, EvacuationFrameWire, EvacuationRunsStatus, EvacuationSnapshot, EvacuationThreat } from '@contracts';
import type { CoreClient } from '../connection/CoreClient.js';
import { decodeLeakSnapshot, type LeakPicture } from '../leak/leakFeed.js';
import { createStore } from '../state/createStore.js';

/** A run's latest frame with its typed arrays restored (socket.io delivers ArrayBuffers). */
export type RunPicture = {
  snapshot: EvacuationSnapshot;
  routes: { agentOffsets: Uint32Array; pointsM: Float32Array } | null;
  /** Bumped on every frame: the 3D layer redraws when it changes. */
  version: number;
};

/** The muster board is React state: refreshed at most this often, not at the frame rate. */
const BOARD_REFRESH_MS = 1_000;

/**
 * High-rate run frames, outside React (architecture §3): the 3D layer reads them in useFrame.
 * Only runs still active are kept, so the twin returns to normal when a run ends.
 */
export const runPictures = new Map<string, RunPicture>();
const runPictureListeners = new Set<() => void>();

/** Called whenever a run's picture arrives or a run's picture goes: the 3D layer asks for a render then, instead of polling. */
export function onRunPicturesChange(listener: () => void): () => void {
  runPictureListeners.add(listener);
  return () => runPictureListeners.delete(listener);
}
const runPicturesChanged = () => runPictureListeners.forEach((listener) => listener());

/** Low-rate state for panels and the banner: run status (on every change) and the board (≤ 1 Hz). */
export const evacuationStore = createStore<{ status: EvacuationRunsStatus | null; boards: Map<string, EvacuationSnapshot> }>({ status: null, boards: new Map() });

/** The drill's own cloud, drawn by a second plume layer; the live leak picture never includes it. */
export const drillLeakStore = createStore<{ picture: LeakPicture | null }>({ picture: null });

type Typed = Float32Array | Uint8Array | Int16Array | Uint32Array;
/** A typed-array view again; in the browser socket.io hands over plain ArrayBuffers (never shared ones). */
const view = <T extends Typed>(value: Typed | ArrayBuffer, Type: { new (buffer: ArrayBuffer): T }): T => (value instanceof ArrayBuffer ? new Type(value) : (value as T));

export function decodeEvacuationFrame(wire: EvacuationFrameWire, version: number): RunPicture {
  const s = wire.snapshot;
  const snapshot: EvacuationSnapshot = {
    ...s,
    positionsM: view(s.positionsM, Float32Array),
    states: view(s.states, Uint8Array),
    targetIndex: view(s.targetIndex, Int16Array),
    predictedArrivalS: view(s.predictedArrivalS, Float32Array),
    accounted: view(s.accounted, Uint8Array),
    registeredAt: view(s.registeredAt, Int16Array),
    density: { ...s.density, peoplePerM2: view(s.density.peoplePerM2, Float32Array) },
  };
  const routes = wire.routes ? { agentOffsets: view(wire.routes.agentOffsets, Uint32Array), pointsM: view(wire.routes.pointsM, Float32Array) } : null;
  return { snapshot, routes, version };
}

/** Runs whose frames the twin should draw: the live evacuation until stood down, the drill until it ends. */
export function activeRunIds(status: EvacuationRunsStatus | null): Set<string> {
  const ids = new Set<string>();
  if (status?.live && !status.live.ended) ids.add(status.live.runId);
  if (status?.drill && status.drill.phase !== 'ended') ids.add(status.drill.runId);
  return ids;
}

/**
 * The threat zone's reach the twin and the site map flag: the board of the run on screen (the drill's when
 * one is on, else the live evacuation's); while replaying (replayedBoards given), the boards recorded at
 * the replayed instant and never the live runs' (issue 12.6: the replayed picture is the past, whole).
 */
export function shownThreats(replayedBoards: readonly EvacuationBoard[] | null, live: { status: EvacuationRunsStatus | null; boards: Map<string, EvacuationSnapshot> } = evacuationStore.get()): EvacuationThreat[] {
  if (replayedBoards) return replayedBoards.map((b) => b.threat);
  const status = live.status;
  const runId = status?.drill && status.drill.phase !== 'ended' ? status.drill.runId : status?.live && !status.live.ended ? status.live.runId : null;
  const threat = runId ? live.boards.get(runId)?.threat : undefined;
  return threat ? [threat] : [];
}

/** Feeds the stores from the core; returns the unsubscribe function. */
export function connectEvacuationFeed(client: CoreClient): () => void {
  let version = 0;
  let lastBoardMs = 0;
  const publishBoards = () => {
    lastBoardMs = performance.now();
    evacuationStore.set({ boards: new Map([...runPictures].map(([id, p]) => [id, p.snapshot])) });
  };
  const offFrame = client.on('evac:frame', (wire) => {
    const previous = runPictures.get(wire.snapshot.runId);
    const picture = decodeEvacuationFrame(wire, ++version);
    // Routes come every few seconds; keep drawing the last ones in between.
    if (!picture.routes && previous) picture.routes = previous.routes;
    runPictures.set(wire.snapshot.runId, picture);
    runPicturesChanged();
    if (performance.now() - lastBoardMs >= BOARD_REFRESH_MS) publishBoards();
  });
  const offStatus = client.on('evac:status', (status) => {
    const active = activeRunIds(status);
    const before = runPictures.size;
    for (const runId of runPictures.keys()) if (!active.has(runId)) runPictures.delete(runId);
    if (runPictures.size !== before) runPicturesChanged();
    if (!status.drill || status.drill.phase === 'ended') drillLeakStore.set({ picture: null });
    evacuationStore.set({ status });
    publishBoards();
  });
  const offCloud = client.on('evac:drillDispersion', (snapshot) => drillLeakStore.set({ picture: decodeLeakSnapshot(snapshot) }));
  return () => {
    offFrame();
    offStatus();
    offCloud();
  };
}
