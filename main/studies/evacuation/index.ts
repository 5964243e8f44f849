/** Evacuation in the control room: live evacuations and drills over socket.io, after-action reports over HTTP. */
// eslint-disable-next-line no-restricted-syntax -- start-up: does the compiled evacuation worker exist (else the runs step in this thread).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SOCKET_EVENTS, type DispersionSnapshot, type Scene } from '../../contracts/index.js';
import type { AlarmConfig } from '../../alarms/index.js';
import type { CoreTopics, MessageBus } from '../../bus/index.js';
import type { Logger } from '../../log/index.js';
import type { JournalSink } from '../../audit/index.js';
import { type Capability, whenReady } from '../../realtime/index.js';
import { startLeakEngine, type LeakSimulatorLink } from '../LiveLeakStudies.js';
import { registerEvacuationRoutes } from './evacuationRoutes.js';
import { EvacuationRunTable } from './EvacuationRunTable.js';
import { EvacuationRunWorker, type EvacuationRunHost } from './EvacuationRunWorker.js';
import { EvacuationRuns } from './EvacuationRuns.js';
import { loadDrillScenarios } from './loadDrillScenarios.js';

export { EvacuationRuns, drillEpochMs } from './EvacuationRuns.js';
export { EvacuationRunTable } from './EvacuationRunTable.js';
export type { EvacuationRunHost } from './EvacuationRunWorker.js';

const RUN_WORKER_URL = new URL('./evacuationRuns.worker.js', import.meta.url);

/**
 * The composition of the capability: drill scenarios from the `drills` folder beside the scene
 * file, the runs in a worker thread (in this thread when running from the TypeScript sources, as
 * under unit tests, where no compiled worker exists), and broadcasts through the gateway.
 */
export async function startEvacuationRuns(args: {
  scene: Scene;
  scenePath: string;
  bus: MessageBus<CoreTopics>;
  logger: Logger;
  simulator?: LeakSimulatorLink;
  journal?: JournalSink;
  /** The plant's alarm settings, applied by each drill's own alarm engine. */
  alarmConfig: AlarmConfig;
}): Promise<EvacuationRuns> {
  const { scene, logger, bus } = args;
  const { scenarios, problems } = await loadDrillScenarios(path.join(path.dirname(args.scenePath), 'drills'), scene);
  for (const p of problems) logger.warn({ problem: p }, 'drill scenario skipped');
  const drillCloud = drillCloudOnBus(args.bus);
  return new EvacuationRuns({
    scene,
    bus: args.bus,
    host: await startRunHost(scene),
    scenarios,
    alarmConfig: args.alarmConfig,
    startDrillLeakEngine: (atMs) => startLeakEngine(scene, atMs),
    ...(args.simulator ? { simulator: args.simulator } : {}),
    ...(args.journal ? { journal: args.journal } : {}),
    logger,
    emit: {
      status: (status) => bus.publish('toScreens', { event: SOCKET_EVENTS.evacStatus, payload: status }),
      frame: (frame) => bus.publish('toScreens', { event: SOCKET_EVENTS.evacFrame, payload: frame }),
      drillDispersion: (snapshot) => {
        bus.publish('toScreens', { event: SOCKET_EVENTS.evacDrillDispersion, payload: snapshot });
        drillCloud(snapshot);
      },
    },
  });
}

/**
 * The evacuation runs as the root registers them while they boot (after the core listens): their socket
 * handlers once ready, and the after-action report route at once (a report is looked up once they are).
 */
export function evacuationCapability(starting: Promise<EvacuationRuns>): Capability {
  return {
    ...whenReady(starting),
    routes: (server, guards) => registerEvacuationRoutes(server, { ...guards, report: async (runId) => (await starting.catch(() => undefined))?.reportFor(runId) ?? null }),
  };
}

/**
 * The drill's own cloud on the core bus (topic drillDispersion), so the recorder keeps it on a channel of
 * its own and a replay draws it as a drill's (issue 12.6). When the drill ends (its end marker, published
 * however it ends and after its leak model is gone) an empty picture follows its last one: the screens
 * drop the drill cloud then (renderer evacuationFeed), and the recording must say so too. Subscribed for
 * the core's lifetime, as the runs are.
 */
export function drillCloudOnBus(bus: MessageBus<CoreTopics>): (snapshot: DispersionSnapshot) => void {
  let last: DispersionSnapshot | null = null;
  bus.subscribe('marker', (marker) => {
    if (!last || marker.kind !== 'drill' || marker.phase !== 'end') return;
    const gone: DispersionSnapshot = { ...last, leaks: [], fields: [], zones: [], detectors: [], buildings: [], directionUncertainty: null, warnings: [], notices: [] };
    last = null;
    bus.publish('drillDispersion', gone);
  });
  return (snapshot) => {
    last = snapshot;
    bus.publish('drillDispersion', snapshot);
  };
}

async function startRunHost(scene: Scene): Promise<EvacuationRunHost> {
  if (existsSync(fileURLToPath(RUN_WORKER_URL))) return EvacuationRunWorker.start(scene, { workerUrl: RUN_WORKER_URL });
  return inProcessRunHost(new EvacuationRunTable(scene));
}

/** The run table in this thread, behind the worker's promise interface. */
export function inProcessRunHost(table: EvacuationRunTable): EvacuationRunHost {
  return {
    create: async (runId, options, workers) => table.create(runId, options, workers),
    step: async (runId, dtS, withRoutes) => table.step(runId, dtS, withRoutes),
    setHazards: async (runId, hazards) => table.setHazards(runId, hazards),
    observe: async (runId, observations) => table.observe(runId, observations),
    report: async (runId) => table.report(runId),
    release: async (runId) => table.release(runId),
    dispose: async () => undefined,
  };
}
