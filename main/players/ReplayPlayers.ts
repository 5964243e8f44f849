import path from 'node:path';
import { z } from 'zod';
import { ReplayCommandSchema, SOCKET_EVENTS, type PlayerState, type Problem, type RecordingListEntry, type ReplayCommand, type Result, type Scene, type TimelineIndex } from '../contracts/index.js';
import type { Logger } from '../log/logger.js';
import { listRecordings } from '../recording/listRecordings.js';
import { RecordingError } from '../recording/recordingErrors.js';
import { ReplaySession } from '../recording/ReplaySession.js';
import type { CoreSocket, FeatureConnection, SocketFeature } from '../realtime/SocketGateway.js';

/** What the replay tab lists: the recordings folder's files with their ranges and health. */
export type RecordingListing = { recordings: RecordingListEntry[] };
/** Answer to "open": the timeline to draw and the player's first state. */
export type ReplayOpened = { index: TimelineIndex; state: PlayerState };

const OpenFilesSchema = z.array(z.string().regex(/^[A-Za-z0-9_.-]+\.mcap$/, 'a recording file name from the list')).min(1).max(1000);

/**
 * Replay players, one per screen that asks (architecture §2): each socket may open recordings from
 * the data directory and drive its own ReplaySession, which emits the same kinds of messages as the
 * live plant (frames, sequenced alarm events, alarm snapshots) on replay:* events to that socket
 * only. Live ingestion and alarm processing are untouched: the session only reads files.
 * Only names from the recordings folder are accepted, never paths.
 */
export class ReplayPlayers implements SocketFeature {
  private readonly sessions = new Map<string, ReplaySession>();

  constructor(
    private readonly options: {
      recordingsDir: string;
      scene: Scene;
      logger: Logger;
      /** Closes the file being recorded (a rotation), so a replay of a recent range includes the last minutes. */
      closeCurrentFile?: () => Promise<void>;
    },
  ) {}

  onConnection({ socket, user, handle }: FeatureConnection): void {
    handle(SOCKET_EVENTS.replayList, () => 'replay:control', null, async (): Promise<RecordingListing> => ({ recordings: await listRecordings(this.options.recordingsDir) }));
    handle(SOCKET_EVENTS.replayCommand, () => 'replay:control', ReplayCommandSchema, (command) => this.command(socket, user.name, command));
  }

  onDisconnect({ socket }: FeatureConnection): void {
    void this.close(socket.id);
  }

  private async command(socket: CoreSocket, userName: string, command: ReplayCommand): Promise<unknown> {
    if (command.action === 'open') return this.open(socket, command);
    const session = this.sessions.get(socket.id);
    if (!session) throw new Error('no recording is open on this screen');
    if (command.action === 'close') {
      await this.close(socket.id);
      return null;
    }
    const result: Result<unknown> = await session.command(command, userName);
    if (!result.ok) throw new ReplayCommandError(result.problem);
    return result.value;
  }

  private async open(socket: CoreSocket, command: Extract<ReplayCommand, { action: 'open' }>): Promise<ReplayOpened> {
    await this.close(socket.id);
    const sensorIds = this.options.scene.sensors.map((s) => s.id);
    let session: ReplaySession;
    try {
      if (command.files) {
        const files = OpenFilesSchema.parse(command.files).map((name) => path.join(this.options.recordingsDir, name));
        session = await ReplaySession.open({ files, sensorIds }, { sensorIds });
      } else {
        await this.options.closeCurrentFile?.();
        session = await ReplaySession.open({ dir: this.options.recordingsDir, fromMs: command.fromMs ?? 0, toMs: command.toMs ?? Date.now(), sensorIds }, { sensorIds });
      }
    } catch (error) {
      if (error instanceof RecordingError) throw new ReplayCommandError(error.toProblem());
      throw error;
    }
    this.sessions.set(socket.id, session);
    session.on('state', (state) => socket.emit(SOCKET_EVENTS.replayState, state));
    session.on('frame', (frame) => socket.emit(SOCKET_EVENTS.replayFrame, frame));
    session.on('alarmSnapshot', (snapshot) => socket.emit(SOCKET_EVENTS.replayAlarmSnapshot, snapshot));
    session.on('alarm', (message) => socket.emit(SOCKET_EVENTS.replayAlarm, message));
    session.on('event', (message) => {
      if (message.kind === 'detections') socket.emit(SOCKET_EVENTS.replayDetections, message.payload);
    });
    session.on('problem', (problem) => this.options.logger.warn({ problem }, 'replay problem'));
    this.options.logger.info({ socket: socket.id, files: session.index.files.map((f) => f.name) }, 'replay opened');
    // The first instant's state, as the seek in open() produced it, for a screen that just subscribed.
    const state = session.getState();
    await session.seek(state.currentMs);
    return { index: session.index, state: session.getState() };
  }

  private async close(socketId: string): Promise<void> {
    const session = this.sessions.get(socketId);
    if (!session) return;
    this.sessions.delete(socketId);
    await session.dispose();
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.sessions.keys()].map((id) => this.close(id)));
  }
}

/** A replay command refused with the recording's coded problem (shown to the trainer as is). */
export class ReplayCommandError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
    this.name = 'ReplayCommandError';
  }
}
