import {
  DrillCommandSchema,
  DrillStartRequestSchema,
  LiveEvacuationStopSchema,
  SOCKET_EVENTS,
  type AlarmCommand,
  type DispersionSnapshot,
  type DrillScenario,
  type DrillScenarioSummary,
  type DrillStatus,
  type EvacuationFrame,
  type EvacuationReportLink,
  type EvacuationRunReport,
  type EvacuationRunsStatus,
  type LiveEvacuationStatus,
  type Scene,
  type SimulatorCommand,
  type WorkerPosition,
} from '../../contracts/index.js';
import type { AlarmConfig } from '../../alarms/index.js';
import type { CoreTopics, MessageBus, SimulatorCommandOrigin } from '../../bus/index.js';
import type { Logger } from '../../log/index.js';
import type { JournalSink } from '../../audit/index.js';
import type { FeatureConnection, SocketFeature } from '../../realtime/index.js';
import type { LeakEngine, LeakSimulatorLink } from '../LiveLeakStudies.js';
import { DrillSession } from './DrillSession.js';
import { EvacuationBoardPublisher, type BoardRunLabel } from './evacuationBoardOnBus.js';
import { drillPopulation, shiftAt } from './drillPopulation.js';
import type { EvacuationRunHost } from './EvacuationRunWorker.js';
import { LiveEvacuation } from './LiveEvacuation.js';

/** 4 frames a second: people walk about 0.3 m between frames, which the twin interpolates. */
const TICK_MS = 250;
/** Finished runs whose reports stay available (memory-bounded; the recording keeps the rest). */
const MAX_ARCHIVED_REPORTS = 20;

export type EvacuationRunsOptions = {
  scene: Scene;
  bus: MessageBus<CoreTopics>;
  host: EvacuationRunHost;
  scenarios: readonly DrillScenario[];
  /** The plant's alarm settings, which a drill's own alarm engine applies to the drill's readings. */
  alarmConfig: AlarmConfig;
  /** A fresh dispersion model for a drill, its clock at atMs (the drill's own, never the live one). */
  startDrillLeakEngine(atMs: number): Promise<LeakEngine>;
  simulator?: LeakSimulatorLink;
  /** The audit journal: ordering and standing down an evacuation, and every drill command, are on the record. */
  journal?: JournalSink;
  logger: Logger;
  emit: {
    status(status: EvacuationRunsStatus): void;
    frame(frame: EvacuationFrame): void;
    drillDispersion(snapshot: DispersionSnapshot): void;
  };
  tickMs?: number;
  nowMs?: () => number;
};

/**
 * Live evacuations and drills in the core (issue 6): socket commands with role checks, one live run
 * and one drill at a time (a drill on one screen never stops the live picture), a fixed tick that
 * steps them in the evacuation worker and pushes frames, and the after-action reports.
 */
export class EvacuationRuns implements SocketFeature {
  private readonly now: () => number;
  private live: LiveEvacuation | null = null;
  private liveStarting: Promise<LiveEvacuation> | null = null;
  private drill: DrillSession | null = null;
  private endedDrillStatus: DrillStatus | null = null;
  private endedLiveStatus: LiveEvacuationStatus | null = null;
  private readonly archive = new Map<string, { link: EvacuationReportLink; report: EvacuationRunReport }>();
  private readonly latestFixes = new Map<string, WorkerPosition>();
  private latestDispersion: DispersionSnapshot | null = null;
  private readonly latestFrames = new Map<string, EvacuationFrame>();
  private readonly boards: EvacuationBoardPublisher;
  private ticking = false;
  private lastTickMs: number;
  private readonly timer: NodeJS.Timeout;
  private readonly unsubscribe: () => void;

  constructor(private readonly options: EvacuationRunsOptions) {
    this.now = options.nowMs ?? Date.now;
    this.lastTickMs = this.now();
    this.boards = new EvacuationBoardPublisher(options.bus, this.now);
    const offWorker = options.bus.subscribe('worker', (fix) => {
      this.latestFixes.set(fix.badgeId, fix);
      this.live?.observe(fix);
    });
    const offDispersion = options.bus.subscribe('dispersion', (snapshot) => {
      this.latestDispersion = snapshot;
      this.live?.setDispersion(snapshot);
    });
    const offSimulator = options.bus.subscribe('simulatorApplied', ({ command, origin }) => this.onSimulatorCommand(command, origin));
    this.unsubscribe = () => {
      offWorker();
      offDispersion();
      offSimulator();
    };
    this.timer = setInterval(() => void this.tick(), options.tickMs ?? TICK_MS);
    this.timer.unref();
  }

  scenarioSummaries(): DrillScenarioSummary[] {
    return this.options.scenarios.map((s) => ({
      id: s.id,
      name: s.name,
      ...(s.description ? { description: s.description } : {}),
      timeOfDay: s.timeOfDay,
      targets: s.targets,
      equipmentId: s.leak.equipmentId,
      people: s.population[shiftAt(s.timeOfDay)],
    }));
  }

  status(): EvacuationRunsStatus {
    const links = [...this.archive.values()].map((a) => a.link);
    const active: EvacuationReportLink[] = [];
    if (this.drill) active.push({ runId: this.drill.runId, mode: 'drill', label: this.drill.status().name.en, name: this.drill.status().name, endedAtMs: null });
    if (this.live && !this.live.ended) active.push({ runId: this.live.runId, mode: 'live', label: null, endedAtMs: null });
    return { live: this.live?.status() ?? this.endedLiveStatus, drill: this.drill?.status() ?? this.endedDrillStatus, reports: [...active, ...links.reverse()] };
  }

  async startDrill(scenarioId: string, by: string): Promise<DrillStatus> {
    if (this.drill) throw new Error(`a drill is running (${this.drill.status().name.en}); end it first`);
    const scenario = this.options.scenarios.find((s) => s.id === scenarioId);
    if (!scenario) throw new Error(`no drill scenario "${scenarioId}"`);
    const runId = `drill-${scenario.id}-${this.now().toString(36)}`;
    const epochMs = drillEpochMs(this.options.scene, scenario.timeOfDay, this.now());
    const leakEngine = await this.options.startDrillLeakEngine(epochMs);
    try {
      this.drill = await DrillSession.start({
        scene: this.options.scene,
        scenario,
        runId,
        startedBy: by,
        host: this.options.host,
        leakEngine,
        epochMs,
        nowMs: this.now,
        alarmConfig: this.options.alarmConfig,
        onFrame: (frame) => this.pushFrame(frame),
        onDispersion: (snapshot) => this.options.emit.drillDispersion(snapshot),
      });
    } catch (error) {
      await leakEngine.dispose();
      throw error;
    }
    this.endedDrillStatus = null;
    await this.journal(by, { action: 'drillStarted', runId, scenarioId: scenario.id });
    this.options.bus.publish('marker', { kind: 'drill', phase: 'start', id: runId, label: `DRILL · ${scenario.name.en}`, what: { code: 'drillStarted', scenario: scenario.name }, by });
    this.options.logger.info({ runId, scenario: scenario.id, by, people: drillPopulation(this.options.scene, scenario).workers.length }, 'drill started');
    this.emitStatus();
    return this.drill.status();
  }

  async commandDrill(command: DrillCommandInput, by: string): Promise<DrillStatus> {
    const drill = this.drill;
    if (!drill || drill.runId !== command.runId) throw new Error(`no running drill "${command.runId}"`);
    drill.command(command, by);
    const after = drill.status();
    // The playback as it now is (a command may change only one of the two).
    await this.journal(by, { action: `drill.${command.action}`, runId: drill.runId, drillS: Math.round(after.tS), ...(command.action === 'playback' ? { playing: after.playing, speed: after.speed } : {}) });
    this.options.logger.info({ runId: drill.runId, action: command.action, by, drillS: Math.round(drill.status().tS) }, 'drill command');
    if (drill.ended) await this.finishDrill(by);
    this.emitStatus();
    return this.drill?.status() ?? this.endedDrillStatus!;
  }

  /** The drill running now, for the screens' drill player; null when none runs. */
  currentDrill(): DrillSession | null {
    return this.drill;
  }

  /**
   * An operator's action on the drill's alarms, from a screen showing the drill (its player): carried out
   * by the drill's own alarm engine, journaled as a drill action (never as an action on a real alarm).
   */
  async drillAlarmCommand(command: AlarmCommand, by: string): Promise<{ applied: number; errors: string[] }> {
    const drill = this.drill;
    if (!drill) throw new Error('no drill is running');
    const result = drill.alarmCommand(command, by);
    await this.journal(by, { action: `drill.alarm.${command.action}`, runId: drill.runId, drillS: Math.round(drill.status().tS), command, applied: result.applied });
    this.emitStatus();
    return result;
  }

  async startLive(by: string): Promise<LiveEvacuationStatus> {
    if (this.live && !this.live.ended) return this.live.status();
    if (this.liveStarting) return (await this.liveStarting).status();
    const runId = `live-${this.now().toString(36)}`;
    this.liveStarting = LiveEvacuation.start(
      { scene: this.options.scene, runId, orderedBy: by, host: this.options.host, nowMs: this.now, onFrame: (frame) => this.pushFrame(frame) },
      this.latestFixes.values(),
      this.latestDispersion,
    );
    try {
      const previous = this.live;
      this.live = await this.liveStarting;
      if (previous) await previous.dispose();
    } finally {
      this.liveStarting = null;
    }
    this.endedLiveStatus = null;
    const ordered = this.live.status();
    await this.journal(by, { action: 'evacuationOrdered', runId, people: ordered.total });
    this.options.bus.publish('marker', { kind: 'incident', phase: 'start', id: runId, label: 'evacuation ordered', what: { code: 'evacuationOrdered' }, by });
    this.options.bus.publish('evacuation', { liveRunId: runId });
    this.options.logger.warn({ runId, by }, 'evacuation ordered');
    // The demo plant's simulated people walk to the muster points as real ones would.
    // Sent as ours: the simulator's echo on the bus does not order a second evacuation.
    if (by !== 'simulator' && this.options.simulator) this.options.simulator.apply({ scenario: 'evacuate' }, 'evacuation');
    this.emitStatus();
    return this.live.status();
  }

  async stopLive(runId: string, by: string): Promise<LiveEvacuationStatus> {
    const live = this.live;
    if (!live || live.runId !== runId || live.ended) throw new Error(`no live evacuation "${runId}"`);
    live.stop();
    const { accounted, total } = live.status();
    await this.journal(by, { action: 'evacuationStoodDown', runId, accounted, total });
    const report = await live.report();
    this.publishEndedBoard(runId, { by: live.status().orderedBy });
    this.store({ runId, mode: 'live', label: null, endedAtMs: this.now() }, report);
    this.endedLiveStatus = live.status();
    this.live = null;
    await live.dispose();
    this.options.bus.publish('marker', { kind: 'incident', phase: 'end', id: runId, label: 'evacuation stood down', what: { code: 'evacuationStoodDown' }, by });
    this.options.bus.publish('evacuation', { liveRunId: null });
    this.emitStatus();
    return this.endedLiveStatus;
  }

  /** The simulator evacuated its people (`safetwin simulate inject`): predict and count as for a real order. */
  onSimulatorCommand(command: SimulatorCommand, origin: SimulatorCommandOrigin): void {
    if (origin === 'evacuation' || command.scenario !== 'evacuate') return;
    this.startLive('simulator').catch((error: unknown) => this.options.logger.warn({ err: (error as Error).message }, 'simulator evacuation has no prediction'));
  }

  /** The report of a running or finished run (null when unknown). */
  async reportFor(runId: string): Promise<EvacuationRunReport | null> {
    if (this.drill?.runId === runId) return this.drill.report();
    if (this.live?.runId === runId) return this.live.report();
    return this.archive.get(runId)?.report ?? null;
  }

  onConnection({ socket, user, handle }: FeatureConnection): void {
    socket.emit(SOCKET_EVENTS.evacStatus, this.status());
    for (const frame of this.latestFrames.values()) socket.emit(SOCKET_EVENTS.evacFrame, frame);
    handle(SOCKET_EVENTS.evacScenarios, () => 'scene:read', null, () => this.scenarioSummaries());
    handle(SOCKET_EVENTS.evacDrillStart, () => 'drill:control', DrillStartRequestSchema, ({ scenarioId }) => this.startDrill(scenarioId, user.name));
    handle(SOCKET_EVENTS.evacDrillCommand, () => 'drill:control', DrillCommandSchema, (command) => this.commandDrill(command, user.name));
    handle(SOCKET_EVENTS.evacLiveStart, () => 'simulation:run', null, () => this.startLive(user.name));
    handle(SOCKET_EVENTS.evacLiveStop, () => 'simulation:run', LiveEvacuationStopSchema, ({ runId }) => this.stopLive(runId, user.name));
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.unsubscribe();
    while (this.ticking) await new Promise((resolve) => setTimeout(resolve, 10));
    await this.drill?.dispose().catch(() => undefined);
    await this.live?.dispose().catch(() => undefined);
    await this.options.host.dispose();
  }

  /** One step of every run (the timer calls it; tests call it with their own clock). */
  async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    const now = this.now();
    const wallDtS = (now - this.lastTickMs) / 1000;
    this.lastTickMs = now;
    try {
      if (this.drill) {
        await this.drill.tick(wallDtS);
        if (this.drill.ended) await this.finishDrill('drill clock');
      }
      await this.live?.tick();
      if (this.drill || this.live) this.emitStatus();
    } catch (error) {
      this.options.logger.error({ err: error }, 'evacuation tick failed');
    } finally {
      this.ticking = false;
    }
  }

  private async finishDrill(by: string): Promise<void> {
    const drill = this.drill;
    if (!drill) return;
    this.drill = null;
    // The ended status is there before the report is awaited: a command that ended the drill while the clock's
    // tick was finishing it answers with it (it read neither a running nor an ended drill, and answered null).
    const status = drill.status();
    this.endedDrillStatus = { ...status, phase: 'ended', playing: false };
    const report = await drill.report();
    this.publishEndedBoard(drill.runId, { name: status.name, by: status.startedBy });
    this.store({ runId: drill.runId, mode: 'drill', label: status.name.en, name: status.name, endedAtMs: this.now() }, report);
    await drill.dispose();
    this.options.bus.publish('marker', { kind: 'drill', phase: 'end', id: drill.runId, label: `DRILL · ${status.name.en} ended`, what: { code: 'drillEnded', scenario: status.name }, by });
    this.options.logger.info({ runId: drill.runId, score: `${status.score.met}/${status.score.of}` }, 'drill ended');
  }

  /** An audit-journal note; a failing journal is logged, never a reason to refuse an evacuation order. */
  private async journal(by: string, data: Record<string, unknown>): Promise<void> {
    await this.options.journal?.append({ kind: 'note', by, data }).catch((error: unknown) => this.options.logger.error({ err: error, ...data }, 'audit journal: evacuation action not recorded'));
  }

  private store(link: EvacuationReportLink, report: EvacuationRunReport): void {
    this.archive.set(link.runId, { link, report });
    this.latestFrames.delete(link.runId);
    for (const runId of this.archive.keys()) {
      if (this.archive.size <= MAX_ARCHIVED_REPORTS) break;
      this.archive.delete(runId);
    }
  }

  private pushFrame(frame: EvacuationFrame): void {
    const previous = this.latestFrames.get(frame.snapshot.runId);
    // A late joiner needs routes too: keep the last ones with frames that carry none.
    this.latestFrames.set(frame.snapshot.runId, { snapshot: frame.snapshot, routes: frame.routes ?? previous?.routes ?? null });
    this.options.emit.frame(frame);
    this.boards.frame(frame.snapshot, this.boardLabel(frame.snapshot.runId));
  }

  /** The label of a run's board (null while the run is being created: its first tick publishes it). */
  private boardLabel(runId: string): BoardRunLabel | null {
    if (this.drill?.runId === runId) {
      const { phase, name, startedBy } = this.drill.status();
      return { phase, name, by: startedBy };
    }
    if (this.live?.runId === runId) return { phase: this.live.ended ? 'ended' : 'evacuating', by: this.live.status().orderedBy };
    return null;
  }

  /** A run's last board, from its last frame (none when it never had one). */
  private publishEndedBoard(runId: string, label: Omit<BoardRunLabel, 'phase'>): void {
    const last = this.latestFrames.get(runId);
    if (last) this.boards.ended(last.snapshot, label);
  }

  private emitStatus(): void {
    this.options.emit.status(this.status());
  }
}

type DrillCommandInput = Parameters<DrillSession['command']>[0];

/**
 * The epoch a drill pretends to run at: today at the scenario's time of day in the site's local
 * solar time (longitude / 15 hours from UTC), which is what the dispersion model's stability class
 * follows (day-time insolation vs night).
 */
export function drillEpochMs(scene: Scene, timeOfDay: string, nowMs: number): number {
  const today = new Date(nowMs);
  const [hours, minutes] = timeOfDay.split(':').map(Number) as [number, number];
  const solarOffsetMs = (scene.site.geoReference.longitudeDeg / 15) * 3600_000;
  return Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), hours, minutes) - solarOffsetMs;
}
