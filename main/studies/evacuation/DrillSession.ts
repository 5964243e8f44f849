import type { DispersionSnapshot, DrillAlarm, DrillCommand, DrillScenario, DrillStatus, EvacuationFrame, Scene } from '../../contracts/index.js';
import type { LeakEngine } from '../LiveLeakStudies.js';
import { dispersionHazards } from './dispersionHazards.js';
import { drillPopulation } from './drillPopulation.js';
import { scoreDrill } from './drillScoring.js';
import type { EvacuationRunHost } from './EvacuationRunWorker.js';

/** The drill's cloud is recomputed every 2 drill-seconds: it moves metres in that time, not tens. */
const DISPERSION_EVERY_S = 2;
/** Navigation fields are rebuilt (≈ 0.2 s of worker time) at most this often in wall time, whatever the speed. */
const HAZARDS_EVERY_WALL_MS = 2_000;
/** Routes travel every 2 s of wall time: they change slowly and are the bulkiest part of a frame. */
const ROUTES_EVERY_WALL_MS = 2_000;

export type DrillSessionOptions = {
  scene: Scene;
  scenario: DrillScenario;
  runId: string;
  startedBy: string;
  host: EvacuationRunHost;
  /** The drill's own dispersion model (a second LeakServiceWorker), never the live one. */
  leakEngine: LeakEngine;
  /** Epoch ms the drill pretends it is at its start (its time of day). */
  epochMs: number;
  nowMs: () => number;
  onFrame(frame: EvacuationFrame): void;
  onDispersion(snapshot: DispersionSnapshot): void;
};

/**
 * One drill (issue 6 "drill" mode): its own clock (play, pause, speed), its own gas cloud and its
 * own alarms — drill alarms are raised here, shown only in DrillStatus and never reach the plant's
 * alarm engine, alarm board or simulator. The evacuation run is created at the start (people are
 * seen standing where they work) and starts moving when the team orders the evacuation. The team's
 * actions (acknowledge, order, confirm the head count) are timed and scored against the scenario.
 */
export class DrillSession {
  private tS = 0;
  private playing = true;
  private speed: DrillStatus['speed'] = 1;
  private phase: DrillStatus['phase'] = 'alarm';
  private readonly alarms: DrillAlarm[] = [];
  private acknowledgedAtS: number | null = null;
  private evacuationOrderedAtS: number | null = null;
  private headcountConfirmedAtS: number | null = null;
  private missingAtConfirm: number | null = null;
  private lastDispersionS = Number.NEGATIVE_INFINITY;
  private lastHazardsWallMs = Number.NEGATIVE_INFINITY;
  private lastRoutesWallMs = Number.NEGATIVE_INFINITY;
  private latestFrame: EvacuationFrame | null = null;
  private pendingDtS = 0;
  private readonly warnings: string[] = [];

  private constructor(private readonly options: DrillSessionOptions) {}

  /** Places the population, starts the drill leak in the drill's own model and creates the run. */
  static async start(options: DrillSessionOptions): Promise<DrillSession> {
    const session = new DrillSession(options);
    const { scenario, leakEngine, host, runId, scene, epochMs } = options;
    await leakEngine.updateWind({ speedMps: scenario.wind.speedMps, fromDeg: scenario.wind.fromDeg, atMs: epochMs, ...(scenario.wind.stabilityClass ? { stabilityClass: scenario.wind.stabilityClass } : {}) });
    await leakEngine.startLeak(scenario.leak, epochMs);
    const { workers, profiles } = drillPopulation(scene, scenario);
    const created = await host.create(runId, { mode: 'drill', label: scenario.name.en, labelNames: scenario.name, closures: scenario.closures, seed: scenario.seed, profiles, densityCellM: 4 }, workers);
    session.warnings.push(...created.warnings);
    session.latestFrame = created.frame;
    options.onFrame(created.frame);
    await session.advance(0);
    return session;
  }

  get runId(): string {
    return this.options.runId;
  }

  get ended(): boolean {
    return this.phase === 'ended';
  }

  /** Advances the drill clock by wall seconds × speed (nothing while paused). One advance at a time: the caller serializes. */
  async tick(wallDtS: number): Promise<void> {
    if (this.phase === 'ended' || !this.playing) return;
    await this.advance(wallDtS * this.speed);
  }

  command(command: DrillCommand): void {
    if (this.phase === 'ended') throw new Error('the drill has ended');
    switch (command.action) {
      case 'acknowledge':
        for (const alarm of this.alarms) alarm.acknowledgedAtS ??= this.tS;
        if (this.alarms.length > 0) this.acknowledgedAtS ??= this.tS;
        return;
      case 'orderEvacuation':
        if (this.phase !== 'alarm') throw new Error('the evacuation has already been ordered');
        this.evacuationOrderedAtS = this.tS;
        this.phase = 'evacuating';
        return;
      case 'confirmHeadcount': {
        if (this.phase !== 'evacuating') throw new Error('order the evacuation before confirming the head count');
        const counts = this.latestFrame?.snapshot.counts;
        this.headcountConfirmedAtS = this.tS;
        this.missingAtConfirm = counts ? counts.total - counts.accounted : null;
        return;
      }
      case 'playback':
        this.playing = command.playing ?? this.playing;
        this.speed = command.speed ?? this.speed;
        return;
      case 'end':
        this.phase = 'ended';
        this.playing = false;
        return;
    }
  }

  status(): DrillStatus {
    const { scenario, runId, startedBy } = this.options;
    const firstAlarmAtS = this.alarms[0]?.raisedAtS ?? null;
    return {
      mode: 'drill',
      runId,
      scenarioId: scenario.id,
      name: scenario.name,
      timeOfDay: scenario.timeOfDay,
      phase: this.phase,
      playing: this.playing,
      speed: this.speed,
      tS: this.tS,
      firstAlarmAtS,
      evacuationOrderedAtS: this.evacuationOrderedAtS,
      headcountConfirmedAtS: this.headcountConfirmedAtS,
      alarms: this.alarms.map((a) => ({ ...a })),
      score: scoreDrill(scenario.targets, {
        firstAlarmAtS,
        acknowledgedAtS: this.acknowledgedAtS,
        evacuationOrderedAtS: this.evacuationOrderedAtS,
        headcountConfirmedAtS: this.headcountConfirmedAtS,
        missingAtConfirm: this.missingAtConfirm,
      }),
      startedBy,
      warnings: [...this.warnings],
    };
  }

  async report() {
    const report = await this.options.host.report(this.options.runId);
    const status = this.status();
    return { ...report, drill: { scenarioId: status.scenarioId, name: status.name, score: status.score, alarms: status.alarms } };
  }

  async dispose(): Promise<void> {
    this.phase = 'ended';
    await this.options.leakEngine.dispose();
    await this.options.host.release(this.options.runId);
  }

  private async advance(dtS: number): Promise<void> {
    const { scenario, host, runId, leakEngine, epochMs, nowMs } = this.options;
    this.tS += dtS;
    if (this.tS >= scenario.alarmAtS && !this.alarms.some((a) => a.kind === 'release')) {
      this.raise({ alarmId: `drill-release-${scenario.leak.equipmentId}`, sourceId: scenario.leak.equipmentId, kind: 'release', limit: null });
    }
    const wallMs = nowMs();
    if (this.tS - this.lastDispersionS >= DISPERSION_EVERY_S) {
      this.lastDispersionS = this.tS;
      const snapshot = await leakEngine.recompute(epochMs + this.tS * 1000);
      this.options.onDispersion(snapshot);
      for (const detector of snapshot.detectors) {
        if (detector.limit) this.raise({ alarmId: `drill-${detector.sensorId}-${detector.limit}`, sourceId: detector.sensorId, kind: 'detector', limit: detector.limit });
      }
      if (wallMs - this.lastHazardsWallMs >= HAZARDS_EVERY_WALL_MS) {
        this.lastHazardsWallMs = wallMs;
        await host.setHazards(runId, dispersionHazards(snapshot));
      }
    }
    // Before the order the people stand where they work; time only counts for them after it.
    this.pendingDtS = this.phase === 'evacuating' ? this.pendingDtS + dtS : 0;
    const withRoutes = wallMs - this.lastRoutesWallMs >= ROUTES_EVERY_WALL_MS;
    if (withRoutes) this.lastRoutesWallMs = wallMs;
    const frame = await host.step(runId, this.pendingDtS, withRoutes);
    this.pendingDtS = 0;
    this.latestFrame = frame;
    this.options.onFrame(frame);
    if (this.evacuationOrderedAtS !== null && this.tS - this.evacuationOrderedAtS >= scenario.tMaxS) this.phase = 'ended';
  }

  private raise(alarm: Omit<DrillAlarm, 'raisedAtS' | 'acknowledgedAtS'>): void {
    if (this.alarms.some((a) => a.alarmId === alarm.alarmId)) return;
    this.alarms.push({ ...alarm, raisedAtS: this.tS, acknowledgedAtS: null });
  }
}
