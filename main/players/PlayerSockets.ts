import path from 'node:path';
import { z } from 'zod';
import { PlayerCommandSchema, playerCommandPermission, problem, SOCKET_EVENTS, type Bookmark, type OpenReplayCommand, type PlayerCommand, type PlayerState, type Scene, type SessionUser, type TimelineIndex } from '../contracts/index.js';
import type { Logger } from '../log/index.js';
import type { CoreMetrics } from '../metrics/index.js';
import type { PersonalData } from '../privacy/index.js';
import type { CoreSocket, FeatureConnection, SocketFeature } from '../realtime/index.js';
import { RecordingError, ReplaySession, type ReplaySessionOptions } from '../recording/index.js';
import { PlayerCommandError, type CorePlayer } from './CorePlayer.js';
import { DrillPlayer, type DrillControl } from './DrillPlayer.js';
import type { LivePlayer } from './LivePlayer.js';
import { PlayerHost, type ScreenLink } from './PlayerHost.js';
import { ReplayPlayer } from './ReplayPlayer.js';

/** Frames at 10 Hz: faster than an operator reads, slow enough for a video-wall PC. */
const FRAME_INTERVAL_MS = 100;
const OpenFilesSchema = z.array(z.string().regex(/^[A-Za-z0-9_.-]+\.mcap$/, 'a recording file name from the list')).min(1).max(1000);

/** Answer to "open": the timeline to draw (with the trainers' bookmarks on it) and the player's first state. */
export type ReplayOpened = { index: TimelineIndex; state: PlayerState; bookmarks: Bookmark[] };

export type PlayerSocketsOptions = {
  live: LivePlayer;
  scene: Scene;
  recordingsDir: string;
  metrics: CoreMetrics;
  logger: Logger;
  /** Alarms and detections carry badge links and evidence only for roles that may see them. */
  personalData: PersonalData;
  /**
   * Writes what the recorder has queued (its last half second) to the file being recorded, which a
   * range replay reads up to its last flushed chunk; opening a replay never rotates the recorder.
   */
  flushCurrentFile?: () => Promise<void>;
  /** The live comm-loss timeout per sensor index, so replayed sensors turn stale when they did live. */
  staleAfterMs?: (sensorIndex: number) => number;
  /** The drill running now, if any (the evacuation capability, which may still be starting). */
  drill?: () => DrillControl | null;
};

/**
 * Every screen's player over socket.io (issue 15): one PlayerHost per connection, one event family
 * (player:state, player:frame, player:alarms, player:detections, player:command) whatever the
 * player, the frame cadence for all of them. Opening a recording swaps a replay player in on that
 * screen only; live ingestion and alarm processing never pause (architecture §2).
 */
export class PlayerSockets implements SocketFeature {
  private readonly hosts = new Map<string, { host: PlayerHost; socket: CoreSocket }>();
  /** How many screens show each replay: it is disposed when the last one leaves it (linked screens share one). */
  private readonly watchers = new Map<CorePlayer, number>();
  /** The running drill's player, shared by every screen that shows it. */
  private drillPlayer: DrillPlayer | null = null;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly options: PlayerSocketsOptions) {
    this.timer = setInterval(() => this.pumpFrames(), FRAME_INTERVAL_MS);
    this.timer.unref();
  }

  onConnection({ socket, handle }: FeatureConnection): void {
    const host = new PlayerHost(this.options.live, this.screenLink(socket), this.options.metrics, (player) => this.release(player));
    this.hosts.set(socket.id, { host, socket });
    handle(SOCKET_EVENTS.playerCommand, playerCommandPermission, PlayerCommandSchema, (command: PlayerCommand) => this.command(socket, host, command));
  }

  onDisconnect({ socket }: FeatureConnection): void {
    const screen = this.hosts.get(socket.id);
    this.hosts.delete(socket.id);
    screen?.host.dispose();
  }

  /** The replay session open on a screen (reports and exports read its files), or null. */
  replayOf(socketId: string): ReplaySession | null {
    const player = this.hosts.get(socketId)?.host.current;
    return player instanceof ReplayPlayer ? player.session : null;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    for (const { host } of this.hosts.values()) host.dispose();
    this.hosts.clear();
    await this.drillPlayer?.dispose();
  }

  private pumpFrames(): void {
    const nowMs = Date.now();
    for (const { host } of this.hosts.values()) host.pump(nowMs);
  }

  private async command(socket: CoreSocket, host: PlayerHost, command: PlayerCommand): Promise<unknown> {
    switch (command.action) {
      case 'open':
        return this.open(socket, host, command);
      case 'close':
        this.showOnLinkedScreens(socket, host, this.options.live);
        this.options.logger.info({ socket: socket.id }, 'back to live');
        return null;
      case 'alarmSnapshot':
        host.resendAlarms();
        return null;
      case 'joinDrill':
        this.showOnLinkedScreens(socket, host, this.currentDrillPlayer());
        this.options.logger.info({ socket: socket.id, user: socket.data.user.name }, 'screen joined the drill');
        return host.state();
      default: {
        const result = await host.command(command, socket.data.user);
        if (command.action === 'alarm') this.options.logger.info({ user: socket.data.user.name, role: socket.data.user.role, mode: host.current.mode, command: command.command, result }, 'alarm command');
        return result;
      }
    }
  }

  /**
   * Shows a player on this screen and on the same user's screens that follow (linked screens: one wall,
   * one picture; a screen opts in when it connects, `follow` in its handshake). A shared replay is
   * disposed when the last screen leaves it.
   */
  private showOnLinkedScreens(socket: CoreSocket, host: PlayerHost, player: CorePlayer): void {
    const linked = [...this.hosts.values()].filter((s) => s.socket !== socket && s.socket.data.follow === true && s.socket.data.user.name === socket.data.user.name).map((s) => s.host);
    for (const screen of [host, ...linked]) {
      if (screen.current === player) continue;
      if (player.disposeWhenUnwatched) this.watchers.set(player, (this.watchers.get(player) ?? 0) + 1);
      screen.show(player);
    }
  }

  /** A screen stopped showing a player: a replay nobody shows any more is closed. */
  private release(player: CorePlayer): void {
    if (!player.disposeWhenUnwatched) return;
    const left = (this.watchers.get(player) ?? 1) - 1;
    if (left > 0) return void this.watchers.set(player, left);
    this.watchers.delete(player);
    if (player.disposeWhenUnwatched) void player.dispose().catch((error: unknown) => this.options.logger.warn({ err: error }, 'a replay did not close cleanly'));
  }

  /** The player of the drill running now, made once per drill; refused when none runs. */
  private currentDrillPlayer(): DrillPlayer {
    const drill = this.options.drill?.() ?? null;
    if (!drill) throw new PlayerCommandError(problem('ST_ERR_PLAYER_NONE_OPEN', 'warning', { message: 'no drill is running' }));
    if (this.drillPlayer?.session !== drill.session) {
      void this.drillPlayer?.dispose();
      this.drillPlayer = new DrillPlayer(drill, this.options.live);
    }
    return this.drillPlayer;
  }

  private async open(socket: CoreSocket, host: PlayerHost, command: OpenReplayCommand): Promise<ReplayOpened> {
    const sensorIds = this.options.scene.sensors.map((s) => s.id);
    const sessionOptions: ReplaySessionOptions = this.options.staleAfterMs ? { sensorIds, staleAfterMs: this.options.staleAfterMs } : { sensorIds };
    let session: ReplaySession;
    try {
      if (command.files) {
        const files = OpenFilesSchema.parse(command.files).map((name) => path.join(this.options.recordingsDir, name));
        session = await ReplaySession.open({ files, sensorIds }, sessionOptions);
      } else {
        await this.options.flushCurrentFile?.();
        session = await ReplaySession.open({ dir: this.options.recordingsDir, fromMs: command.fromMs ?? 0, toMs: command.toMs ?? Date.now(), sensorIds }, sessionOptions);
      }
    } catch (error) {
      if (error instanceof RecordingError) throw new PlayerCommandError(error.toProblem());
      if (error instanceof z.ZodError) throw new PlayerCommandError(problem('ST_ERR_SOCKET_PAYLOAD', 'warning', { message: error.issues.map((i) => i.message).join('; ') }));
      throw error;
    }
    session.on('problem', (p) => this.options.logger.warn({ problem: p }, 'replay problem'));
    this.options.logger.info({ socket: socket.id, files: session.index.files.map((f) => f.name) }, 'replay opened');
    const player = new ReplayPlayer(session, this.options.scene);
    // The first instant again, now through the player: its picture and alarm list are filled before any screen shows it.
    await session.seek(session.getState().currentMs);
    this.showOnLinkedScreens(socket, host, player);
    return { index: session.index, state: host.state(), bookmarks: await session.bookmarks() };
  }

  /** What one screen is sent, as its user may see it now (the role is read at send time). */
  private screenLink(socket: CoreSocket): ScreenLink {
    const { personalData } = this.options;
    const user = (): SessionUser => socket.data.user;
    return {
      state: (state) => socket.emit(SOCKET_EVENTS.playerState, state),
      frame: (frame, acknowledge) => socket.emit(SOCKET_EVENTS.playerFrame, frame, acknowledge),
      alarms: (message) => socket.emit(SOCKET_EVENTS.playerAlarms, message.kind === 'snapshot' ? { ...personalData.alarmSnapshotFor(user(), message), kind: 'snapshot', seekSeq: message.seekSeq } : { ...personalData.alarmMessageFor(user(), message), kind: 'event', seekSeq: message.seekSeq }),
      detections: (event) => socket.emit(SOCKET_EVENTS.playerDetections, event),
      liveAlarm: (message) => socket.emit(SOCKET_EVENTS.alarmEvent, personalData.alarmMessageFor(user(), message)),
      dispersion: (zones) => socket.emit(SOCKET_EVENTS.replayDispersion, zones),
      drillDispersion: (zones) => socket.emit(SOCKET_EVENTS.replayDrillDispersion, zones),
      evacuationBoards: (boards) => socket.emit(SOCKET_EVENTS.replayEvacuationBoards, boards),
    };
  }
}
