import { EventEmitter } from 'node:events';
import type { AlarmConfig } from '../../alarms/index.js';
import type { AlarmCommand, AlarmTransition, DispersionSnapshot, DrillAlarm, DrillCommand, DrillScenario, DrillStatus, EvacuationFrame, Scene } from '../../contracts/index.js';
import { DrillAlarms } from './drillAlarms.js';
import type { LeakEngine } from '../LiveLeakStudies.js';
import { dispersionHazards } from './dispersionHazards.js';
import { drillPopulation } from './drillPopulation.js';
import { scoreDrill } from './drillScoring.js';
import type { EvacuationRunHost } from './EvacuationRunWorker.js';

/** The drill's cloud is recomputed every 2 drill-seconds: it moves metres in that time, not tens. */
const DISPERSION_EVERY_S = 2;
/** Navigation fields are rebuilt (≈ 0.2 s of worker time) at most this often in wall time, whatever the speed. */
const HAZARDS_EVERY_WALL_MS = 2_000;
/** The drill clock is told to its player's screens this often in wall time while it runs. */
const CLOCK_CHANGE_EVERY_WALL_MS = 1_000;
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
  /** The plant's alarm settings: the drill's own engine applies the same rules. */
  alarmConfig: AlarmConfig;
  onFrame(frame: EvacuationFrame): void;
  onDispersion(snapshot: DispersionSnapshot): void;
};

/** What a drill tells its player (main/players/DrillPlayer): its alarm transitions, and that its clock or phase changed. */
export type DrillSessionEvents = { alarm: [AlarmTransition]; change: [] };

/**
 * One drill (issue 6 "drill" mode): its own clock (play, pause, speed), its own gas cloud and its
 * own alarm engine (drillAlarms.ts: the plant's ISA-18.2 rules on the drill model's readings) — drill
 * alarms never reach the plant's alarm engine, alarm board, recorder or simulator. The evacuation run
 * is created at the start (people are seen standing where they work) and starts moving when the team
 * orders the evacuation. The team's actions (acknowledge, order, confirm the head count) are timed and
 * scored against the scenario.
 */
export class DrillSession extends EventEmitter<DrillSessionEvents> {
  private tS = 0;
  private playing = true;
  private speed: DrillStatus['speed'] = 1;
  private phase: DrillStatus['phase'] = 'alarm';
  private readonly alarmEngine: DrillAlarms;
  /** Every drill alarm raised, in order, with when it was first acknowledged (the score and report). */
  private readonly alarms: DrillAlarm[] = [];
  private releaseReported = false;
  private acknowledgedAtS: number | null = null;
  private evacuationOrderedAtS: number | null = null;
  private headcountConfirmedAtS: number | null = null;
  private missingAtConfirm: number | null = null;
  private lastDispersionS = Number.NEGATIVE_INFINITY;
  private lastHazardsWallMs = Number.NEGATIVE_INFINITY;
  private lastRoutesWallMs = Number.NEGATIVE_INFINITY;
  private lastClockChangeWallMs = Number.NEGATIVE_INFINITY;
  private latestFrame: EvacuationFrame | null = null;
  private pendingDtS = 0;
  private readonly warnings: string[] = [];

  private constructor(private readonly options: DrillSessionOptions) {
    super();
    this.alarmEngine = new DrillAlarms(options.scene, options.alarmConfig, options.epochMs);
  }

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

  /** The drill clock as the plant's epoch ms (the drill pretends it is at its scenario's time of day). */
  get clockMs(): number {
    return this.options.epochMs + this.tS * 1000;
  }

  /** Every drill alarm not back to normal, as the drill's alarm engine holds it. */
  activeAlarms() {
    return this.alarmEngine.alarms();
  }

  /** An operator's action on drill alarms (acknowledge, shelve, …) through the drill's own engine, with its lifecycle. */
  alarmCommand(command: AlarmCommand, user: string): { applied: number; errors: string[] } {
    if (this.phase === 'ended') throw new Error('the drill has ended');
    const { transitions, errors } = this.alarmEngine.command(command, user, this.clockMs);
    this.publish(transitions);
    return { applied: transitions.length, errors };
  }

  command(command: DrillCommand, user: string): void {
    if (this.phase === 'ended') throw new Error('the drill has ended');
    switch (command.action) {
      case 'acknowledge': {
        // The console's one button: every drill alarm awaiting acknowledgement, through the engine as from the alarm list.
        const waiting = this.alarmEngine.alarms().filter((a) => !a.acknowledged).map((a) => a.alarmId);
        if (waiting.length > 0) this.alarmCommand({ action: 'acknowledge', alarmIds: waiting }, user);
        return;
      }
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
        this.emit('change');
        return;
      case 'end':
        this.phase = 'ended';
        this.playing = false;
        this.emit('change');
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
    this.emit('change');
    this.removeAllListeners();
    await this.options.leakEngine.dispose();
    await this.options.host.release(this.options.runId);
  }

  private async advance(dtS: number): Promise<void> {
    const { scenario, host, runId, leakEngine, epochMs, nowMs } = this.options;
    this.tS += dtS;
    if (this.tS >= scenario.alarmAtS && !this.releaseReported) {
      this.releaseReported = true;
      const areaId = this.options.scene.equipment.find((e) => e.id === scenario.leak.equipmentId)?.areaId;
      if (areaId) this.publish(this.alarmEngine.reportRelease(areaId, this.clockMs));
    }
    const wallMs = nowMs();
    if (this.tS - this.lastDispersionS >= DISPERSION_EVERY_S) {
      this.lastDispersionS = this.tS;
      const snapshot = await leakEngine.recompute(epochMs + this.tS * 1000);
      this.options.onDispersion(snapshot);
      this.publish(this.alarmEngine.readings(snapshot, this.clockMs));
      if (wallMs - this.lastHazardsWallMs >= HAZARDS_EVERY_WALL_MS) {
        this.lastHazardsWallMs = wallMs;
        await host.setHazards(runId, dispersionHazards(snapshot));
      }
    }
    // Before the order the people stand where they work; time only counts for them after it.
    this.pendingDtS = this.phase === 'evacuating' ? this.pendingDtS + dtS : 0;
    // The drill's player sends its clock to the screens about once a second while it runs (contracts/player.ts).
    if (wallMs - this.lastClockChangeWallMs >= CLOCK_CHANGE_EVERY_WALL_MS) {
      this.lastClockChangeWallMs = wallMs;
      this.emit('change');
    }
    const withRoutes = wallMs - this.lastRoutesWallMs >= ROUTES_EVERY_WALL_MS;
    if (withRoutes) this.lastRoutesWallMs = wallMs;
    const frame = await host.step(runId, this.pendingDtS, withRoutes);
    this.pendingDtS = 0;
    this.latestFrame = frame;
    this.options.onFrame(frame);
    if (this.evacuationOrderedAtS !== null && this.tS - this.evacuationOrderedAtS >= scenario.tMaxS) this.phase = 'ended';
  }

  private sourceName(alarm: Pick<AlarmTransition['alarm'], 'sourceKind' | 'sourceId'>): DrillAlarm['sourceName'] {
    const area = alarm.sourceKind === 'area' ? this.options.scene.areas.find((a) => a.id === alarm.sourceId) : undefined;
    return area ? area.name : { en: alarm.sourceId };
  }

  /** The drill's alarm transitions: kept for the score and report, and told to the drill's player. */
  private publish(transitions: AlarmTransition[]): void {
    for (const transition of transitions) {
      const { alarm } = transition;
      const kept = this.alarms.find((a) => a.alarmId === alarm.alarmId);
      if (transition.action === 'activate' && !kept) this.alarms.push({ alarmId: alarm.alarmId, sourceId: alarm.sourceId, sourceName: this.sourceName(alarm), condition: alarm.condition, priority: alarm.priority, raisedAtS: this.tS, acknowledgedAtS: null });
      if (transition.action === 'acknowledge' && kept) {
        kept.acknowledgedAtS ??= this.tS;
        this.acknowledgedAtS ??= this.tS;
      }
      this.emit('alarm', transition);
    }
  }
}
