import { EventEmitter } from 'node:events';
import {
  comparePriority,
  PLAYER_MAX_SPEED,
  PLAYER_MIN_SPEED,
  isSampleStale,
  sensorFlagByte,
  summarizeSensorAlarms,
  type Alarm,
  type AlarmEventMessage,
  type AlarmPriority,
  type AlarmSnapshot,
  type Bookmark,
  type DispersionZones,
  type EvacuationBoard,
  type LiveFrame,
  type NewBookmark,
  type SourcePlayerState,
  type Problem,
  type ReplayCommand,
  type ReplaySnapshot,
  type Result,
  type TimelineIndex,
  type TimelineMarker,
  type WorkerPosition,
} from '../contracts/index.js';
import { PlantState, QUALITY_NONE } from './PlantState.js';
import { RecordingError } from './recordingErrors.js';
import { RecordingNotes } from './RecordingNotes.js';
import { applyToState, RecordingSet, STATE_KINDS, type OpenRecordingsInput, type ReplayMessage } from './RecordingSet.js';

export type ReplaySessionEvents = {
  /** Player state: after every command, and about once a second while playing. */
  state: [SourcePlayerState];
  /** After a seek or step: the plant at that instant (backfill), before playing on. */
  snapshot: [ReplaySnapshot];
  /** After a seek: the alarm list as of that instant, shaped as the live alarm snapshot. */
  alarmSnapshot: [AlarmSnapshot];
  /** Changed sensors and workers, shaped as the live frame (after a seek: every reported sensor). */
  frame: [LiveFrame];
  /** Each alarm transition played, shaped as the live sequenced alarm event. */
  alarm: [AlarmEventMessage];
  /** Other recorded events as they play: detections, markers, simulation runs, problems, broker link. */
  event: [ReplayMessage];
  /** The leak-study zones standing at the playhead (after a seek, and as recorded pictures play); null: no cloud. */
  dispersion: [DispersionZones | null];
  /** A drill's own cloud standing at the playhead, likewise; null: none. */
  drillDispersion: [DispersionZones | null];
  /** The evacuation boards standing at the playhead (after a seek, and as recorded boards play); empty: no run going on. */
  evacuationBoards: [EvacuationBoard[]];
  problem: [Problem];
};

/**
 * What a replay plays from (architecture §2: a recorded source behind an interface): the MCAP recordings
 * (RecordingSet) today; the historian can be another. Backfill is `stateAt` (the plant at an instant),
 * playing is `messagesBetween`, and the timeline is `index`.
 */
export type RecordedSource = Pick<RecordingSet, 'sensorIds' | 'startMs' | 'endMs' | 'skipped' | 'files' | 'index' | 'checkInRange' | 'stateAt' | 'messagesBetween' | 'close'>;

export type ReplaySessionOptions = {
  /** The scene's sensor ids, so frames use the live scene's indices (default: the recording's). */
  sensorIds?: string[];
  /**
   * How long each sensor (by index) may stay silent before it shows stale: the live hub's comm-loss
   * timeout, so a replayed sensor greys out exactly when it did live. Default: never stale.
   */
  staleAfterMs?: (sensorIndex: number) => number;
  /** Playback tick (default 50 ms: 20 frames/s, like the live frame cadence). */
  tickMs?: number;
  /** Wall clock and sleep, injectable for tests. */
  nowMs?: () => number;
  sleep?: (ms: number) => Promise<void>;
};

const STATE_EMIT_MS = 1000;

/**
 * A replay player over a recording set: the same kinds of messages the live UI consumes (frames,
 * sequenced alarm events, alarm snapshots), a playback clock (play/pause, 0.1–20x, step, seek,
 * next/previous alarm) and the trainer's bookmarks. One session per client replaying; live
 * ingestion is untouched (the session only reads files).
 *
 * State machine: initializing → present (paused) ⇄ playing; a seek passes through buffering; an
 * unreadable file puts it in error with a problem. Reads and seeks run one at a time.
 */
export class ReplaySession extends EventEmitter<ReplaySessionEvents> {
  private readonly state: PlantState;
  private readonly sensorIndexById: Map<string, number>;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly tickMs: number;
  private readonly staleAfterMs: (sensorIndex: number) => number;
  /** Staleness last sent per sensor (1 stale), so a sensor that goes quiet is re-sent when it turns stale. */
  private readonly staleSent: Uint8Array;
  private player: SourcePlayerState;
  private operations: Promise<unknown> = Promise.resolve();
  private playLoop: Promise<void> | null = null;
  private frameSeq = 0;
  private alarmSeq = 0;
  private disposed = false;

  private constructor(
    readonly recordings: RecordedSource,
    readonly index: TimelineIndex,
    options: ReplaySessionOptions,
  ) {
    super();
    this.state = new PlantState(recordings.sensorIds.length);
    this.sensorIndexById = new Map(recordings.sensorIds.map((id, i) => [id, i]));
    this.now = options.nowMs ?? (() => performance.now());
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.tickMs = options.tickMs ?? 50;
    this.staleAfterMs = options.staleAfterMs ?? (() => Number.POSITIVE_INFINITY);
    this.staleSent = new Uint8Array(recordings.sensorIds.length);
    this.player = {
      mode: 'replay',
      presence: 'initializing',
      playing: false,
      speed: 1,
      currentMs: recordings.startMs,
      startMs: recordings.startMs,
      endMs: recordings.endMs,
      ended: false,
      capabilities: { play: true, seek: true, speed: true, acknowledge: false, inject: false, annotate: true },
      problems: [...recordings.skipped],
    };
  }

  /** Opens the recordings, builds the timeline index and shows the first instant. Throws RecordingError. */
  static async open(input: OpenRecordingsInput, options: ReplaySessionOptions = {}): Promise<ReplaySession> {
    return ReplaySession.fromSource(await RecordingSet.open(options.sensorIds ? { ...input, sensorIds: options.sensorIds } : input), options);
  }

  /** A session over any recorded source, showing its first instant; the source is closed if that fails, and with the session. */
  static async fromSource(source: RecordedSource, options: ReplaySessionOptions = {}): Promise<ReplaySession> {
    try {
      const session = new ReplaySession(source, await source.index(), options);
      await session.seek(source.startMs);
      return session;
    } catch (error) {
      await source.close();
      throw error;
    }
  }

  getState(): SourcePlayerState {
    return { ...this.player, problems: [...this.player.problems] };
  }

  /** Shows the plant at t: snapshot, alarm snapshot and a full frame. Past either end: RecordingError. */
  seek(tMs: number): Promise<ReplaySnapshot> {
    return this.exclusive(async () => {
      this.recordings.checkInRange(tMs);
      this.update({ presence: 'buffering' });
      await this.recordings.stateAt(tMs, this.state);
      this.update({ presence: 'present', currentMs: tMs, ended: tMs >= this.player.endMs });
      return this.emitBackfill(tMs);
    });
  }

  play(speed?: number): void {
    if (speed !== undefined) this.setSpeed(speed);
    if (this.player.playing || this.disposed) return;
    if (this.player.ended) {
      // Playing from the end starts over, as media players do.
      void this.seek(this.player.startMs).then(() => this.play());
      return;
    }
    this.update({ playing: true });
    this.playLoop = this.runPlayLoop();
  }

  pause(): void {
    if (this.player.playing) this.update({ playing: false });
  }

  setSpeed(speed: number): void {
    if (!(speed >= PLAYER_MIN_SPEED && speed <= PLAYER_MAX_SPEED)) throw new RangeError(`speed must be ${PLAYER_MIN_SPEED}–${PLAYER_MAX_SPEED}, got ${speed}`);
    this.update({ speed });
  }

  /** Pauses and moves the playhead by deltaMs (clamped to the recording), showing that instant. */
  async step(deltaMs: number): Promise<ReplaySnapshot> {
    this.pause();
    await this.playLoop;
    const target = Math.min(this.player.endMs, Math.max(this.player.startMs, this.player.currentMs + deltaMs));
    return this.seek(target);
  }

  /** Seeks to the next alarm activation after the playhead (at or above minPriority); null when none. */
  async nextAlarm(minPriority?: AlarmPriority): Promise<TimelineMarker | null> {
    const marker = this.alarmMarkers(minPriority).find((m) => m.tsMs > this.player.currentMs + 1e-3) ?? null;
    if (marker) await this.seek(marker.tsMs);
    return marker;
  }

  /** Seeks to the previous alarm activation (more than half a second back, so repeated presses walk back). */
  async previousAlarm(minPriority?: AlarmPriority): Promise<TimelineMarker | null> {
    const markers = this.alarmMarkers(minPriority).filter((m) => m.tsMs < this.player.currentMs - 500);
    const marker = markers.at(-1) ?? null;
    if (marker) await this.seek(marker.tsMs);
    return marker;
  }

  async bookmarks(): Promise<Bookmark[]> {
    const all: Bookmark[] = [];
    for (const file of this.recordings.files) all.push(...(await RecordingNotes.load(file.path)));
    return all.sort((a, b) => a.tsMs - b.tsMs);
  }

  /** Saves a bookmark in the sidecar of the file that holds its instant. */
  async addBookmark(input: NewBookmark, by: string): Promise<Bookmark> {
    this.recordings.checkInRange(input.tsMs);
    const files = this.recordings.files;
    const file = [...files].reverse().find((f) => f.startMs <= input.tsMs) ?? files[0]!;
    return RecordingNotes.add(file.path, input, by, Date.now());
  }

  /** One entry point for socket commands: a coded problem instead of an exception. */
  async command(command: ReplayCommand, user: string): Promise<Result<unknown>> {
    try {
      switch (command.action) {
        case 'play':
          this.play(command.speed);
          return { ok: true, value: this.getState() };
        case 'pause':
          this.pause();
          return { ok: true, value: this.getState() };
        case 'setSpeed':
          this.setSpeed(command.speed);
          return { ok: true, value: this.getState() };
        case 'seek':
          return { ok: true, value: await this.seekKeepingPlayback(command.tsMs) };
        case 'step':
          return { ok: true, value: await this.step(command.deltaMs) };
        case 'nextAlarm':
          return { ok: true, value: await this.nextAlarm(command.minPriority) };
        case 'previousAlarm':
          return { ok: true, value: await this.previousAlarm(command.minPriority) };
        case 'addBookmark':
          return { ok: true, value: await this.addBookmark(command.bookmark, user) };
      }
    } catch (error) {
      if (error instanceof RecordingError) return { ok: false, problem: error.toProblem() };
      if (error instanceof RangeError) return { ok: false, problem: { code: 'ST_ERR_SOCKET_PAYLOAD', severity: 'warning', message: error.message } };
      throw error;
    }
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.pause();
    await this.playLoop;
    await this.operations.catch(() => undefined);
    await this.recordings.close();
    this.removeAllListeners();
  }

  /** A click on the timeline while playing: show that instant, then keep playing from there. */
  private async seekKeepingPlayback(tMs: number): Promise<ReplaySnapshot> {
    const wasPlaying = this.player.playing;
    this.pause();
    await this.playLoop;
    const snapshot = await this.seek(tMs);
    if (wasPlaying) this.play();
    return snapshot;
  }

  private alarmMarkers(minPriority?: AlarmPriority): TimelineMarker[] {
    return this.index.markers.filter((m) => m.kind === 'alarm' && (!minPriority || (m.priority !== undefined && comparePriority(m.priority, minPriority) <= 0)));
  }

  private async runPlayLoop(): Promise<void> {
    let lastWall = this.now();
    let lastStateEmit = lastWall;
    while (this.player.playing && !this.disposed) {
      await this.sleep(this.tickMs);
      const wall = this.now();
      const elapsedMs = wall - lastWall;
      lastWall = wall;
      let target = this.player.currentMs;
      try {
        // The target is taken inside the exclusive section: a seek queued before this tick moves the playhead first.
        await this.exclusive(() => {
          target = Math.min(this.player.endMs, this.player.currentMs + elapsedMs * this.player.speed);
          return this.advanceTo(target);
        });
      } catch (error) {
        this.fail(error);
        return;
      }
      if (!this.player.playing) return;
      if (target >= this.player.endMs) {
        this.update({ playing: false, ended: true });
        return;
      }
      if (wall - lastStateEmit >= STATE_EMIT_MS) {
        lastStateEmit = wall;
        this.emit('state', this.getState());
      }
    }
  }

  /** Plays (current, target]: applies state, emits one frame of what changed and each alarm event. */
  private async advanceTo(targetMs: number): Promise<void> {
    const dirty = new Uint8Array(this.state.sensorCount);
    const dirtyList: number[] = [];
    const markDirty = (i: number) => {
      if (dirty[i] === 0) {
        dirty[i] = 1;
        dirtyList.push(i);
      }
    };
    const workers = new Map<string, WorkerPosition>();
    for await (const message of this.recordings.messagesBetween(this.player.currentMs, targetMs)) {
      if (STATE_KINDS.has(message.kind)) applyToState(this.state, message, markDirty);
      if (message.kind === 'keyframe') this.state.reportedSensors().sensorIndex.forEach(markDirty);
      else if (message.kind === 'worker') workers.set(message.payload.badgeId, message.payload);
      else if (message.kind === 'alarmTransition') {
        const sensorIndex = message.payload.alarm.sourceKind === 'sensor' ? this.sensorIndexById.get(message.payload.alarm.sourceId) : undefined;
        if (sensorIndex !== undefined) markDirty(sensorIndex);
        this.emit('alarm', { seq: ++this.alarmSeq, alarm: message.payload.alarm });
      } else if (message.kind === 'dispersion') this.emit('dispersion', this.state.dispersion);
      else if (message.kind === 'drillDispersion') this.emit('drillDispersion', this.state.drillDispersion);
      else if (message.kind === 'evacuationBoard') this.emit('evacuationBoards', this.state.standingEvacuationBoards());
      else if (message.kind !== 'samples') this.emit('event', message);
    }
    this.player.currentMs = targetMs;
    for (let i = 0; i < this.state.sensorCount; i++) if (this.state.quality[i] !== QUALITY_NONE && this.isStale(i, targetMs) !== (this.staleSent[i] === 1)) markDirty(i);
    if (dirtyList.length > 0 || workers.size > 0) this.emit('frame', this.frame(targetMs, dirtyList, [...workers.values()]));
  }

  private emitBackfill(tMs: number): ReplaySnapshot {
    const snapshot = this.state.toSnapshot(tMs);
    this.emit('snapshot', snapshot);
    this.emit('alarmSnapshot', { seq: this.alarmSeq, alarms: snapshot.alarms });
    this.emit('dispersion', this.state.dispersion);
    this.emit('drillDispersion', this.state.drillDispersion);
    this.emit('evacuationBoards', this.state.standingEvacuationBoards());
    this.emit('frame', this.frame(tMs, snapshot.sensors.indices, snapshot.workers));
    return snapshot;
  }

  private frame(tMs: number, indices: number[], workers: WorkerPosition[]): LiveFrame {
    const alarmsBySensor = this.alarmsBySensor();
    const n = indices.length;
    const frame: LiveFrame = { seq: ++this.frameSeq, tsMs: tMs, indices: new Uint32Array(n), values: new Float64Array(n), sampleTsMs: new Float64Array(n), flags: new Uint8Array(n), workers, coalesced: 0 };
    indices.forEach((index, k) => {
      const stale = this.isStale(index, tMs);
      this.staleSent[index] = stale ? 1 : 0;
      frame.indices[k] = index;
      frame.values[k] = this.state.values[index]!;
      frame.sampleTsMs[k] = this.state.sampleTsMs[index]!;
      frame.flags[k] = sensorFlagByte(this.state.quality[index]!, stale, summarizeSensorAlarms(alarmsBySensor.get(index) ?? []));
    });
    return frame;
  }

  /**
   * Live staleness counts from the arrival of the last sample; the record keeps the sample's own time.
   * The ingest accepts a sample only within maxFutureSkewMs of its arrival (checkTimestamp), so replayed
   * staleness can differ from live by that skew plus the source's delay, a few seconds against comm-loss
   * timeouts of a minute and more.
   */
  private isStale(sensorIndex: number, tMs: number): boolean {
    return this.state.quality[sensorIndex] !== QUALITY_NONE && isSampleStale(tMs, this.state.sampleTsMs[sensorIndex]!, this.staleAfterMs(sensorIndex));
  }

  private alarmsBySensor(): Map<number, Alarm[]> {
    const bySensor = new Map<number, Alarm[]>();
    for (const alarm of this.state.alarms.values()) {
      const index = alarm.sourceKind === 'sensor' ? this.sensorIndexById.get(alarm.sourceId) : undefined;
      if (index === undefined) continue;
      const list = bySensor.get(index);
      if (list) list.push(alarm);
      else bySensor.set(index, [alarm]);
    }
    return bySensor;
  }

  private exclusive<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.operations.then(operation, operation);
    this.operations = result.catch(() => undefined);
    return result;
  }

  private update(patch: Partial<SourcePlayerState>): void {
    this.player = { ...this.player, ...patch };
    this.emit('state', this.getState());
  }

  private fail(error: unknown): void {
    const problem: Problem = error instanceof RecordingError ? error.toProblem() : { code: 'ST_ERR_RECORDING_CORRUPT', severity: 'error', message: (error as Error).message };
    this.update({ playing: false, presence: 'error', problems: [...this.player.problems, problem] });
    this.emit('problem', problem);
  }
}
