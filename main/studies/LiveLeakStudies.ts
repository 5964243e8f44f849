import type { ActiveLeak, DispersionSnapshot, LeakStartRequest, Scene, SimulatorCommand } from '../contracts/index.js';
import { LeakStartRequestSchema, LeakStopRequestSchema, SOCKET_EVENTS, WEATHER_SENSOR_PREFIX } from '../contracts/index.js';
import type { CoreTopics } from '../bus/coreTopics.js';
import type { MessageBus } from '../bus/MessageBus.js';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LeakService, LeakServiceWorker, type LeakServiceOptions, type WindUpdate, type WorkerLocation } from '../dispersion/index.js';
import { QUALITY_CODE } from '../ingest/TagTable.js';
import type { Logger } from '../log/logger.js';
import type { FeatureConnection, SocketFeature } from '../realtime/SocketGateway.js';

/** The dispersion service as the live coupling uses it: LeakServiceWorker (a worker thread) or an in-process adapter. */
export type LeakEngine = {
  startLeak(request: LeakStartRequest, atMs?: number): Promise<ActiveLeak>;
  stopLeak(leakId: string, atMs?: number): Promise<boolean>;
  updateWind(sample: WindUpdate): Promise<DispersionSnapshot>;
  setWorkerPositions(workers: readonly WorkerLocation[], atMs?: number): Promise<void>;
  recompute(atMs?: number): Promise<DispersionSnapshot>;
  dispose(): Promise<void>;
};

/**
 * The dispersion service for a clock of the caller's (live wall time, or a drill's own time): in a
 * worker thread where the compiled worker exists (the built core), else in this thread behind the
 * same promises (the TypeScript sources under test). Either way each call carries its time (atMs).
 */
export async function startLeakEngine(scene: Scene, atMs = Date.now(), options: Omit<LeakServiceOptions, 'clock'> = {}): Promise<LeakEngine> {
  if (existsSync(fileURLToPath(LEAK_WORKER_URL))) return LeakServiceWorker.start(scene, options, { workerUrl: LEAK_WORKER_URL, atMs });
  return inProcessLeakEngine(scene, atMs, options);
}
const LEAK_WORKER_URL = new URL('../dispersion/leakService.worker.js', import.meta.url);

/** The service in this thread, clocked like the worker: by the time each call carries. */
export function inProcessLeakEngine(scene: Scene, atMs = Date.now(), options: Omit<LeakServiceOptions, 'clock'> = {}): LeakEngine {
  let clockMs = atMs;
  const service = new LeakService(scene, { ...options, clock: () => clockMs });
  const at = (ms: number | undefined) => (clockMs = ms ?? Date.now());
  return {
    startLeak: async (request, ms) => (at(ms), service.startLeak(request)),
    stopLeak: async (leakId, ms) => (at(ms), service.stopLeak(leakId)),
    updateWind: async (sample) => {
      at(sample.atMs);
      service.updateWind(sample);
      return service.recompute(clockMs);
    },
    setWorkerPositions: async (workers, ms) => (at(ms), service.setWorkerPositions(workers)),
    recompute: async (ms) => (at(ms), service.recompute(clockMs)),
    dispose: async () => service.dispose(),
  };
}

/** The embedded plant simulator, when the demo runs one: a leak started here also leaks there, so its detectors respond. */
export type LeakSimulatorLink = { apply(command: SimulatorCommand): void };

export type LiveLeakStudiesOptions = {
  scene: Scene;
  bus: MessageBus<CoreTopics>;
  engine: LeakEngine;
  logger: Logger;
  simulator?: LeakSimulatorLink;
  /** Pushes a snapshot to every connected screen. */
  broadcast(snapshot: DispersionSnapshot): void;
  /** While a leak is active the cloud moves even in a steady wind: recompute this often (default 1 s). */
  refreshIntervalMs?: number;
  nowMs?: () => number;
};

/** A leak's cloud keeps drifting after the release ends: keep refreshing this long after the last leak ended. */
const DRIFT_AFTER_END_MS = 15 * 60_000;

/**
 * The live coupling of the dispersion engine (issue 5): leaks started from the UI, from the
 * simulator's gas-leak scenario or by a study request; the plume recomputed on every new wind sample
 * from the site's weather station (well within 250 ms: the engine's p95 is tens of ms) and every
 * second while a cloud is on site; snapshots to the screens and to the bus (recorder, evacuation).
 * One computation at a time: requests arriving meanwhile collapse into one follow-up run.
 */
export class LiveLeakStudies implements SocketFeature {
  private readonly now: () => number;
  private readonly windIndices: { speed: number; direction: number } | null;
  private wind: { speedMps: number; fromDeg: number; atMs: number } | null = null;
  private readonly workers = new Map<string, WorkerLocation>();
  private workersChanged = false;
  private latest: DispersionSnapshot | null = null;
  private running: Promise<void> | null = null;
  private rerun: { windChanged: boolean } | null = null;
  private windPending = false;
  private lastLeakEndMs = Number.NEGATIVE_INFINITY;
  private readonly leaks = new Map<string, ActiveLeak>();
  /** Set while this class itself drives the simulator, so the simulator's echo does not start a second study. */
  private drivingSimulator = false;
  private readonly unsubscribe: () => void;
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly options: LiveLeakStudiesOptions) {
    this.now = options.nowMs ?? Date.now;
    this.windIndices = windStationIndices(options.scene);
    const offSamples = options.bus.subscribe('samples', (batch) => {
      if (!this.windIndices) return;
      let changed = false;
      for (let n = 0; n < batch.indices.length; n++) {
        const i = batch.indices[n]!;
        if (i !== this.windIndices.speed && i !== this.windIndices.direction) continue;
        const value = batch.values[n]!;
        if (!Number.isFinite(value) || batch.qualities[n] !== QUALITY_CODE.good) continue;
        const current = this.wind ?? { speedMps: 0, fromDeg: 0, atMs: 0 };
        this.wind = i === this.windIndices.speed ? { ...current, speedMps: Math.max(0, value), atMs: batch.tsMs[n]! } : { ...current, fromDeg: value, atMs: batch.tsMs[n]! };
        changed = true;
      }
      if (changed) this.request(true);
    });
    const offWorkers = options.bus.subscribe('worker', (worker) => {
      this.workers.set(worker.badgeId, { id: worker.badgeId, x: worker.x, y: worker.y });
      this.workersChanged = true;
    });
    this.unsubscribe = () => {
      offSamples();
      offWorkers();
    };
    this.timer = setInterval(() => {
      if (this.cloudOnSite()) this.request(false);
    }, options.refreshIntervalMs ?? 1_000);
    this.timer.unref();
  }

  /** The latest snapshot (null before the first leak). */
  get snapshot(): DispersionSnapshot | null {
    return this.latest;
  }

  /** Starts a leak study; `by` is the user (or "simulator") for the record. */
  async startLeak(request: LeakStartRequest, origin: 'operator' | 'simulator', by: string = origin): Promise<ActiveLeak> {
    const parsed = LeakStartRequestSchema.parse(request);
    const leak = await this.options.engine.startLeak(parsed, this.now());
    this.leaks.set(leak.leakId, leak);
    const { bus } = this.options;
    bus.publish('marker', { kind: 'simulation', phase: 'start', id: leak.leakId, label: `leak at ${leak.equipmentId}: ${leak.substanceName}`, by });
    bus.publish('simulationRun', { runId: leak.leakId, kind: 'dispersion', by, input: parsed, output: leak });
    this.lastLeakEndMs = Math.max(this.lastLeakEndMs, leak.endsAtMs);
    this.options.logger.info({ leak: leak.leakId, equipment: leak.equipmentId, substance: leak.substanceId, rateKgS: leak.rateKgS, model: leak.model, origin }, 'leak study started');
    if (origin === 'operator' && this.options.simulator) {
      // The demo plant's detectors should see the leak the commander modelled: same place, same airborne rate.
      this.drivingSimulator = true;
      try {
        this.options.simulator.apply({ scenario: 'gasLeak', equipmentId: leak.equipmentId, releaseRateKgPerS: Math.min(1000, Math.max(1e-6, leak.rateKgS)), durationS: Math.max(1, (leak.endsAtMs - leak.startedAtMs) / 1000) });
      } finally {
        this.drivingSimulator = false;
      }
    }
    this.request(false);
    return leak;
  }

  async stopLeak(leakId: string, by = 'simulator'): Promise<boolean> {
    const stopped = await this.options.engine.stopLeak(leakId, this.now());
    if (stopped) {
      this.options.logger.info({ leak: leakId, by }, 'leak study stopped');
      this.options.bus.publish('marker', { kind: 'simulation', phase: 'end', id: leakId, label: `leak ${leakId} stopped`, by });
    }
    this.request(false);
    return stopped;
  }

  /** The simulator applied a scenario (from `safetwin simulate inject`, or from us): mirror its leaks as studies. */
  onSimulatorCommand(command: SimulatorCommand): void {
    if (this.drivingSimulator) return;
    if (command.scenario === 'gasLeak') {
      this.startLeak({ equipmentId: command.equipmentId, rateKgS: command.releaseRateKgPerS, ...(command.durationS !== undefined ? { durationS: command.durationS } : {}) }, 'simulator').catch((error: unknown) =>
        this.options.logger.warn({ err: (error as Error).message, equipment: command.equipmentId }, 'simulator leak has no study'),
      );
    } else if (command.scenario === 'clear') {
      for (const leakId of this.leaks.keys()) void this.stopLeak(leakId).catch(() => undefined);
    }
  }

  onConnection({ socket, user, handle }: FeatureConnection): void {
    if (this.latest) socket.emit(SOCKET_EVENTS.leakSnapshot, this.latest);
    handle(SOCKET_EVENTS.leakStart, () => 'simulation:run', LeakStartRequestSchema, (request) => this.startLeak(request, 'operator', user.name));
    handle(SOCKET_EVENTS.leakStop, () => 'simulation:run', LeakStopRequestSchema, ({ leakId }) => this.stopLeak(leakId, user.name));
  }

  private cloudOnSite(): boolean {
    return this.leaks.size > 0 && this.now() <= this.lastLeakEndMs + DRIFT_AFTER_END_MS;
  }

  /** Ask for a recompute; while one runs, further requests collapse into a single follow-up. */
  private request(windChanged: boolean): void {
    if (this.closed) return;
    if (windChanged) this.windPending = true;
    if (this.running) {
      this.rerun = { windChanged: (this.rerun?.windChanged ?? false) || windChanged };
      return;
    }
    if (this.leaks.size === 0 && !this.windPending) return;
    this.running = this.compute()
      .catch((error: unknown) => this.options.logger.error({ err: error }, 'dispersion recompute failed'))
      .finally(() => {
        this.running = null;
        const again = this.rerun;
        this.rerun = null;
        if (again) this.request(again.windChanged);
      });
  }

  private async compute(): Promise<void> {
    const { engine } = this.options;
    const atMs = this.now();
    if (this.workersChanged) {
      this.workersChanged = false;
      await engine.setWorkerPositions([...this.workers.values()], atMs);
    }
    let snapshot: DispersionSnapshot;
    if (this.windPending && this.wind) {
      this.windPending = false;
      snapshot = await engine.updateWind({ speedMps: this.wind.speedMps, fromDeg: this.wind.fromDeg, atMs: Math.min(atMs, this.wind.atMs || atMs) });
    } else {
      this.windPending = false;
      if (this.leaks.size === 0) return;
      snapshot = await engine.recompute(atMs);
    }
    if (this.leaks.size === 0) return;
    this.latest = snapshot;
    this.options.bus.publish('dispersion', snapshot);
    this.options.broadcast(snapshot);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    this.unsubscribe();
    await this.running;
    await this.options.engine.dispose();
  }
}

/**
 * The weather station the plume follows: the first station in the scene with both a wind-speed and a
 * wind-direction sensor (WS-<station> / WD-<station>, the simulator's and the MQTT weather topic's naming).
 */
export function windStationIndices(scene: Scene): { speed: number; direction: number } | null {
  const index = new Map(scene.sensors.map((s, i) => [s.id, i]));
  for (const [i, sensor] of scene.sensors.entries()) {
    if (sensor.kind !== 'windSpeed' || !sensor.id.startsWith(`${WEATHER_SENSOR_PREFIX.windSpeedMps}-`)) continue;
    const station = sensor.id.slice(WEATHER_SENSOR_PREFIX.windSpeedMps.length + 1);
    const direction = index.get(`${WEATHER_SENSOR_PREFIX.windDirectionDeg}-${station}`);
    if (direction !== undefined) return { speed: i, direction };
  }
  return null;
}
