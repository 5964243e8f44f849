import type { ActiveLeak, DispersionSnapshot, LeakStartRequest, Problem, Scene, SimulatorCommand } from '../contracts/index.js';
import { LeakStartRequestSchema, LeakStopRequestSchema, MAX_LIVE_LEAKS, SOCKET_EVENTS, WEATHER_SENSOR_PREFIX } from '../contracts/index.js';
import type { CoreTopics, MessageBus, SimulatorCommandOrigin } from '../bus/index.js';
// eslint-disable-next-line no-restricted-syntax -- start-up: does the compiled dispersion worker exist (else the engine runs in this thread).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LeakService, LeakServiceWorker, type LeakServiceOptions, type WindUpdate, type WorkerLocation } from '../dispersion/index.js';
import { QUALITY_CODE } from '../ingest/index.js';
import type { Logger } from '../log/index.js';
import type { JournalSink } from '../audit/index.js';
import type { FeatureConnection, SocketFeature } from '../realtime/index.js';

/** The dispersion service as the live coupling uses it: LeakServiceWorker (a worker thread) or an in-process adapter. */
export type LeakEngine = {
  startLeak(request: LeakStartRequest, atMs?: number): Promise<ActiveLeak>;
  stopLeak(leakId: string, atMs?: number): Promise<boolean>;
  removeLeak(leakId: string, atMs?: number): Promise<boolean>;
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

/**
 * An engine still booting, usable at once: each call waits for the boot. The core boots its study
 * workers only once it listens (a worker is a V8 isolate of its own, competing with the start on a
 * small machine), while the studies' socket handlers exist from the start.
 */
export function engineWhenBooted(booting: Promise<LeakEngine>): LeakEngine {
  return {
    startLeak: async (request, atMs) => (await booting).startLeak(request, atMs),
    stopLeak: async (leakId, atMs) => (await booting).stopLeak(leakId, atMs),
    removeLeak: async (leakId, atMs) => (await booting).removeLeak(leakId, atMs),
    updateWind: async (sample) => (await booting).updateWind(sample),
    setWorkerPositions: async (workers, atMs) => (await booting).setWorkerPositions(workers, atMs),
    recompute: async (atMs) => (await booting).recompute(atMs),
    // An engine that never booted has nothing to dispose of.
    dispose: async () => (await booting.catch(() => null))?.dispose(),
  };
}

/** The service in this thread, clocked like the worker: by the time each call carries. */
export function inProcessLeakEngine(scene: Scene, atMs = Date.now(), options: Omit<LeakServiceOptions, 'clock'> = {}): LeakEngine {
  let clockMs = atMs;
  const service = new LeakService(scene, { ...options, clock: () => clockMs });
  const at = (ms: number | undefined) => (clockMs = ms ?? Date.now());
  return {
    startLeak: async (request, ms) => (at(ms), service.startLeak(request)),
    stopLeak: async (leakId, ms) => (at(ms), service.stopLeak(leakId)),
    removeLeak: async (leakId, ms) => (at(ms), service.removeLeak(leakId)),
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

/** The embedded plant simulator, when the demo runs one: a simulated release (a trainer's explicit act) leaks there, so its detectors respond. */
export type LeakSimulatorLink = { apply(command: SimulatorCommand, origin: SimulatorCommandOrigin): void };

export type LiveLeakStudiesOptions = {
  scene: Scene;
  bus: MessageBus<CoreTopics>;
  engine: LeakEngine;
  logger: Logger;
  simulator?: LeakSimulatorLink;
  /** The audit journal: operators' studies and simulated releases are on the record. */
  journal?: JournalSink;
  /** While a leak is active the cloud moves even in a steady wind: recompute this often (default 1 s). */
  refreshIntervalMs?: number;
  nowMs?: () => number;
};

/**
 * A leak is forgotten (engine and screens) once its release has ended and its cloud reaches no threat
 * level anywhere on the computed area, and at the latest this long after the release ended: the work
 * per wind sample stays bounded by the leaks that still matter (at most MAX_LIVE_LEAKS).
 */
export const FORGET_AFTER_END_MS = 30 * 60_000;

/** A refusal the requester sees with its code (the socket gateway passes `problem` on). */
export class LeakStudyError extends Error {
  readonly problem: Problem;
  constructor(code: 'ST_ERR_DISPERSION_TOO_MANY_LEAKS' | 'ST_ERR_DISPERSION_NO_SIMULATOR', message: string) {
    super(message);
    this.problem = { code, severity: 'warning', message };
  }
}

/**
 * The live coupling of the dispersion engine (issue 5): what-if studies started from the UI (they
 * never touch the plant), simulated releases on the demo plant (a trainer's separate act, and the
 * simulator's own gas-leak scenario), each labelled; the plume recomputed on every new wind sample
 * from the site's weather station and every second while a leak is live; snapshots to the screens and
 * to the bus (recorder, evacuation). At most MAX_LIVE_LEAKS; finished leaks are forgotten
 * (FORGET_AFTER_END_MS). One computation at a time: requests arriving meanwhile collapse into one
 * follow-up run.
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
  private readonly leaks = new Map<string, ActiveLeak>();
  /** Leaks that are simulated releases on the demo plant (labelled so on every screen). */
  private readonly simulated = new Set<string>();
  /** Starts in flight count toward MAX_LIVE_LEAKS too. */
  private starting = 0;
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
    const offSimulator = options.bus.subscribe('simulatorApplied', ({ command, origin }) => this.onSimulatorCommand(command, origin));
    this.unsubscribe = () => {
      offSimulator();
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

  /**
   * Starts a what-if leak study; `by` is the user (or "simulator") for the record. A study never
   * touches the plant or the simulator: a simulated release is simulateRelease, a separate act.
   */
  async startLeak(request: LeakStartRequest, origin: 'operator' | 'simulator', by: string = origin): Promise<ActiveLeak> {
    const parsed = LeakStartRequestSchema.parse(request);
    if (this.leaks.size + this.starting >= MAX_LIVE_LEAKS) {
      throw new LeakStudyError('ST_ERR_DISPERSION_TOO_MANY_LEAKS', `at most ${MAX_LIVE_LEAKS} leaks are modelled at once: stop one, or wait until a finished one's cloud has gone`);
    }
    this.starting++;
    let leak: ActiveLeak;
    try {
      leak = await this.options.engine.startLeak(parsed, this.now());
    } finally {
      this.starting--;
    }
    if (origin === 'simulator') this.simulated.add(leak.leakId);
    this.leaks.set(leak.leakId, this.labelled(leak));
    const { bus } = this.options;
    const kind = origin === 'simulator' ? 'simulated release' : 'leak study';
    const substance = this.options.scene.substances.find((x) => x.id === leak.substanceId)?.name ?? { en: leak.substanceName };
    const what = { code: origin === 'simulator' ? 'simulatedReleaseStarted' : 'leakStudyStarted', equipmentId: leak.equipmentId, substance } as const;
    bus.publish('marker', { kind: 'simulation', phase: 'start', id: leak.leakId, label: `${kind} at ${leak.equipmentId}: ${leak.substanceName}`, what, by });
    bus.publish('simulationRun', { runId: leak.leakId, kind: 'dispersion', by, input: parsed, output: leak });
    this.options.logger.info({ leak: leak.leakId, equipment: leak.equipmentId, substance: leak.substanceId, rateKgS: leak.rateKgS, model: leak.model, origin }, `${kind} started`);
    if (origin === 'operator') this.journal(by, { action: 'leakStudyStarted', leakId: leak.leakId, equipmentId: leak.equipmentId, request: parsed });
    this.request(false);
    return this.labelled(leak);
  }

  /**
   * Simulates a release on the demo plant (trainers; simulator:inject): the embedded simulator leaks at
   * the engine's airborne rate, so the plant's detectors and alarms respond, and the release is modelled
   * as a leak labelled simulated on every screen. Journaled. Refused without an embedded simulator.
   */
  async simulateRelease(request: LeakStartRequest, by: string): Promise<ActiveLeak> {
    const simulator = this.options.simulator;
    if (!simulator) throw new LeakStudyError('ST_ERR_DISPERSION_NO_SIMULATOR', 'this core runs no plant simulator: a release can only be simulated on the demo plant');
    const leak = await this.startLeak(request, 'simulator', by);
    // Sent as ours: the simulator's echo on the bus does not start a second study.
    simulator.apply({ scenario: 'gasLeak', equipmentId: leak.equipmentId, releaseRateKgPerS: Math.min(1000, Math.max(1e-6, leak.rateKgS)), durationS: Math.max(1, (leak.endsAtMs - leak.startedAtMs) / 1000) }, 'leakStudies');
    this.journal(by, { action: 'simulatedRelease', leakId: leak.leakId, equipmentId: leak.equipmentId, rateKgS: leak.rateKgS, durationS: (leak.endsAtMs - leak.startedAtMs) / 1000, request: LeakStartRequestSchema.parse(request) });
    return leak;
  }

  async stopLeak(leakId: string, by = 'simulator'): Promise<boolean> {
    const stopped = await this.options.engine.stopLeak(leakId, this.now());
    if (stopped) {
      this.options.logger.info({ leak: leakId, by }, 'leak study stopped');
      this.options.bus.publish('marker', { kind: 'simulation', phase: 'end', id: leakId, label: `leak ${leakId} stopped`, what: { code: 'leakStopped' }, by });
      if (by !== 'simulator') this.journal(by, { action: 'leakStopped', leakId, simulated: this.simulated.has(leakId) });
    }
    this.request(false);
    return stopped;
  }

  /** The leaks modelled now (ended ones stay until their cloud has gone). */
  get liveLeaks(): ActiveLeak[] {
    return [...this.leaks.values()];
  }

  /** The simulator applied a scenario (from `safetwin simulate inject`, or another capability): mirror its leaks as studies. */
  onSimulatorCommand(command: SimulatorCommand, origin: SimulatorCommandOrigin): void {
    if (origin === 'leakStudies') return;
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
    handle(SOCKET_EVENTS.leakSimulateRelease, () => 'simulator:inject', LeakStartRequestSchema, (request) => this.simulateRelease(request, user.name));
  }

  private labelled(leak: ActiveLeak): ActiveLeak {
    return this.simulated.has(leak.leakId) ? { ...leak, simulated: true } : leak;
  }

  private journal(by: string, data: Record<string, unknown>): void {
    this.options.journal?.append({ kind: 'note', by, data }).catch((error: unknown) => this.options.logger.error({ err: error }, 'journal write failed'));
  }

  /** While any leak is live its puffs drift even in a steady wind; leaks are forgotten when their cloud has gone (FORGET_AFTER_END_MS). */
  private cloudOnSite(): boolean {
    return this.leaks.size > 0;
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
    if (this.leaks.size === 0 && (this.latest === null || this.latest.leaks.length === 0)) return;
    const gone = await this.forgetFinished(snapshot);
    const published = gone.size === 0 ? snapshot : withoutLeaks(snapshot, gone);
    for (const leak of published.leaks) if (this.leaks.has(leak.leakId)) this.leaks.set(leak.leakId, this.labelled(leak));
    published.leaks = published.leaks.map((leak) => this.labelled(leak));
    // The last leak gone: one empty snapshot clears the screens, then nothing more is sent.
    this.latest = published;
    this.options.bus.publish('dispersion', published);
    this.options.bus.publish('toScreens', { event: SOCKET_EVENTS.leakSnapshot, payload: published });
  }

  /** Leaks whose release has ended and whose cloud reaches no threat level any more (or ended FORGET_AFTER_END_MS ago) leave the engine. */
  private async forgetFinished(snapshot: DispersionSnapshot): Promise<Set<string>> {
    const gone = new Set<string>();
    for (const leak of snapshot.leaks) {
      // A leak the engine has but this list not yet (its start is still being answered) is left alone.
      if (!this.leaks.has(leak.leakId) || leak.endsAtMs > snapshot.atMs) continue;
      if (snapshot.atMs >= leak.endsAtMs + FORGET_AFTER_END_MS || !snapshot.zones.some((z) => z.leakId === leak.leakId)) gone.add(leak.leakId);
    }
    for (const leakId of gone) {
      await this.options.engine.removeLeak(leakId, snapshot.atMs);
      this.leaks.delete(leakId);
      this.simulated.delete(leakId);
      this.options.logger.info({ leak: leakId }, 'leak forgotten: its release has ended and its cloud has gone');
    }
    return gone;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    this.unsubscribe();
    await this.running;
    await this.options.engine.dispose();
  }
}

/** The snapshot without the given leaks' fields, zones, detectors and buildings. */
function withoutLeaks(snapshot: DispersionSnapshot, leakIds: ReadonlySet<string>): DispersionSnapshot {
  const keep = <T extends { leakId: string }>(items: T[]) => items.filter((item) => !leakIds.has(item.leakId));
  return { ...snapshot, leaks: snapshot.leaks.filter((l) => !leakIds.has(l.leakId)), fields: keep(snapshot.fields), zones: keep(snapshot.zones), detectors: keep(snapshot.detectors), buildings: keep(snapshot.buildings) };
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
