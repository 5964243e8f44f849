import os from 'node:os';
import type { AlarmKpis, MqttLinkState, Permit, Scene } from '../contracts/index.js';
import { AlarmEngine, AlarmKpiTracker, commLossTimeoutMs } from '../alarms/index.js';
import { EmbeddedBroker } from '../broker/index.js';
import type { CoreTopics, MessageBus } from '../bus/index.js';
import type { ServeConfig } from '../config/index.js';
import { MqttIngest, type MqttIngestOptions } from '../ingest/index.js';
import type { Logger } from '../log/index.js';
import type { CoreMetrics } from '../metrics/index.js';
import { AlarmHistory, LiveHub } from '../live/index.js';
import { WorkerSafetyMonitor } from '../personnel/index.js';
import type { InspectionWalk } from '../simulator/index.js';

/** Time-driven alarm rules (comm loss, delays, shelving expiry) are evaluated this often. */
const ALARM_TICK_MS = 1_000;
/** Accepted samples go to the bus in batches this often. */
const SAMPLE_FLUSH_MS = 100;

export type LivePlant = {
  hub: LiveHub;
  engine: AlarmEngine;
  kpis(windowMs: number): AlarmKpis;
  history: AlarmHistory;
  mqttUrl: string;
  embeddedBroker: boolean;
  linkState(): MqttLinkState;
  /** Whether the embedded demo simulator runs: it applies the capabilities' scenario commands (bus topic simulatorCommand) as `simulate inject` would send them. */
  simulating: boolean;
  /** The permits whose work goes on: the embedded simulator sends their people to the work, or puts them there (`placeNow`); nothing without a simulator. */
  setPermitWork(permits: readonly Permit[], placeNow?: boolean): void;
  /** The inspection rounds people walk (replacing the last list): the embedded simulator walks them; nothing without a simulator. */
  setInspectionWalks(walks: readonly InspectionWalk[]): void;
  close(): Promise<void>;
};

/**
 * The live data path: broker (embedded unless --mqtt-url), optional simulator, the ingest client,
 * the live hub with the alarm engine, and their timers. The same ingest code serves both brokers.
 */
export async function startLivePlant(args: {
  config: ServeConfig;
  scene: Scene;
  bus: MessageBus<CoreTopics>;
  metrics: CoreMetrics;
  logger: Logger;
  /** Topics another capability consumes on the ingest connection (camera analytics from an NVR). */
  mqttPassthrough?: MqttIngestOptions['passthrough'];
  /** Badges outside the scene whose positions the ingest takes (the contractor register's). */
  knownBadge?: MqttIngestOptions['knownBadge'];
}): Promise<LivePlant> {
  const { config, scene, bus, metrics, logger } = args;
  const alarmConfig = config.alarms;
  const startMs = Date.now();
  const engine = new AlarmEngine(scene, alarmConfig, startMs);
  const kpiTracker = new AlarmKpiTracker({ startMs, operatorPositions: alarmConfig.operatorPositions });
  const history = new AlarmHistory();
  const unsubscribeKpis = bus.subscribe('alarmTransition', (transition) => {
    kpiTracker.record(transition);
    history.record(transition);
  });
  const workerSafety = new WorkerSafetyMonitor(scene, config.workers, startMs);
  // State-based suppression (ISA-18.2): no man-down for people standing at a muster point while evacuating.
  const unsubscribeEvacuation = bus.subscribe('evacuation', ({ liveRunId }) => workerSafety.setEvacuationActive(liveRunId !== null));
  for (const warning of [...engine.configWarnings, ...workerSafety.configWarnings]) logger.warn({ warning }, 'configuration names nothing in the scene');
  const hub = new LiveHub({ scene, alarms: engine, workerSafety, bus, metrics, logger, staleAfterMs: (i) => commLossTimeoutMs(alarmConfig, scene.sensors[i]!) });

  const broker = config.mqttUrl
    ? null
    : await EmbeddedBroker.start(config.brokerPort, logger, { maxPacketBytes: config.ingest.embeddedBrokerMaxPacketBytes, onOversizedPacket: () => metrics.brokerOversizedPackets.inc() });
  const mqttUrl = config.mqttUrl ?? broker!.url;
  // Loaded only for the demo: a core on a plant broker never needs the simulator.
  const simulator =
    broker && config.simulate
      ? new (await import('../simulator/SimulatorPublisher.js')).SimulatorPublisher({
          scene,
          mqttUrl,
          seed: config.simulatorSeed,
          // The demo has no camera streams: the cameras' analytics are simulated too, and labelled so.
          cameraAnalytics: true,
          logger: logger.child({ component: 'simulator' }),
          onCommand: (command, outcome) => {
            if (outcome.ok) bus.publish('simulatorApplied', { command, origin: 'external' });
          },
        })
      : null;

  let link: MqttLinkState = 'connecting';
  const ingest = new MqttIngest({
    scene,
    tags: hub.tags,
    config: config.ingest,
    connection: {
      url: mqttUrl,
      clientId: config.mqttClientId ?? `safetwin-core-${scene.site.id}-${os.hostname()}`.slice(0, 64),
      username: config.mqttUsername,
      password: config.mqttPassword,
      caFile: config.mqttCaFile,
      certFile: config.mqttCertFile,
      keyFile: config.mqttKeyFile,
    },
    sink: hub,
    ...(args.mqttPassthrough ? { passthrough: args.mqttPassthrough } : {}),
    ...(args.knownBadge ? { knownBadge: args.knownBadge } : {}),
    logger: logger.child({ component: 'ingest' }),
    metrics,
    onLinkState: (state) => {
      if (state === link) return;
      link = state;
      metrics.mqttConnected.set(state === 'connected' ? 1 : 0);
      bus.publish('mqttLink', state);
    },
  });
  const unsubscribeSimulatorCommands = simulator
    ? bus.subscribe('simulatorCommand', ({ command, origin }) => {
        if (simulator.simulation.applyCommand(command, Date.now()).ok) bus.publish('simulatorApplied', { command, origin });
      })
    : () => undefined;
  const timers = [setInterval(() => hub.tick(), ALARM_TICK_MS), setInterval(() => hub.flushSamples(), SAMPLE_FLUSH_MS)];
  for (const timer of timers) timer.unref();

  return {
    hub,
    engine,
    kpis: (windowMs) => kpiTracker.kpis(Date.now(), windowMs),
    history,
    mqttUrl,
    embeddedBroker: broker !== null,
    linkState: () => link,
    simulating: simulator !== null,
    setPermitWork: (permits, placeNow) => simulator?.simulation.setPermitWork(permits, Date.now(), placeNow),
    setInspectionWalks: (walks) => simulator?.simulation.setInspectionWalks(walks, Date.now()),
    async close() {
      for (const timer of timers) clearInterval(timer);
      unsubscribeKpis();
      unsubscribeSimulatorCommands();
      unsubscribeEvacuation();
      await simulator?.dispose();
      await ingest.close();
      await broker?.close();
    },
  };
}
