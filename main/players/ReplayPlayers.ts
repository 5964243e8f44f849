import path from 'node:path';
import { z } from 'zod';
import { ReplayCommandSchema, SOCKET_EVENTS, type Bookmark, type PlayerState, type Problem, type RecordingListEntry, type ReplayCommand, type Result, type Scene, type SessionUser, type TimelineIndex } from '../contracts/index.js';
import type { Logger } from '../log/logger.js';
import { listRecordings } from '../recording/listRecordings.js';
import { RecordingError } from '../recording/recordingErrors.js';
import { ReplaySession, type ReplaySessionOptions } from '../recording/ReplaySession.js';
import { RecordingSet } from '../recording/RecordingSet.js';
import { renderIncidentReport } from '../recording/incidentReport.js';
import { exportRange, type ExportResult } from '../recording/exportRange.js';
import { compactUtc } from '../recording/recordingFiles.js';
import type { AuditJournal } from '../recording/AuditJournal.js';
import { REPORT_LOCALES } from '../recording/reportStrings.js';
import type { CoreSocket, FeatureConnection, SocketFeature } from '../realtime/SocketGateway.js';
import { mayViewPersonalData, type PersonalData } from '../privacy/PersonalData.js';
import { ensurePrivateDir, writePrivateFileAtomic } from '../platform/privateFiles.js';

/** What the replay tab lists: the recordings folder's files with their ranges and health. */
export type RecordingListing = { recordings: RecordingListEntry[] };
/** Answer to "open": the timeline to draw (with the trainers' bookmarks on it) and the player's first state. */
export type ReplayOpened = { index: TimelineIndex; state: PlayerState; bookmarks: Bookmark[] };

const ReportRequestSchema = z.object({ locale: z.enum(REPORT_LOCALES), fromMs: z.number().optional(), toMs: z.number().optional() });
const ExportRequestSchema = z.object({ fromMs: z.number(), toMs: z.number() });
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
      /**
       * Writes what the recorder has queued (its last half second) to the file being recorded, which a
       * range replay reads up to its last flushed chunk; opening a replay never rotates the recorder.
       */
      flushCurrentFile?: () => Promise<void>;
      /** The live comm-loss timeout per sensor index, so replayed sensors turn stale when they did live. */
      staleAfterMs?: (sensorIndex: number) => number;
      /** Where exported training packages and copies of incident reports go (not the recordings folder: ranges there must not overlap). */
      exportsDir: string;
      /** Replayed camera alarms' badge links and evidence, and report snapshots, only for roles that may see them. */
      personalData: PersonalData;
      /** Exports and reports are on the record. */
      journal?: AuditJournal;
    },
  ) {}

  onConnection({ socket, user, handle }: FeatureConnection): void {
    handle(SOCKET_EVENTS.replayList, () => 'replay:control', null, async (): Promise<RecordingListing> => ({ recordings: await listRecordings(this.options.recordingsDir) }));
    handle(SOCKET_EVENTS.replayCommand, () => 'replay:control', ReplayCommandSchema, (command) => this.command(socket, user.name, command));
    handle(SOCKET_EVENTS.replayReport, () => 'replay:control', ReportRequestSchema, (request) => this.report(socket.id, socket.data.user, request));
    handle(SOCKET_EVENTS.replayExport, () => 'replay:control', ExportRequestSchema, (request) => this.export(socket.id, user.name, request));
  }

  /**
   * The incident report of the open recording (or a range of it), as self-contained HTML to save and
   * print; a copy is kept beside the exported packages (issue 12.6: reports are kept on the server too).
   */
  private async report(socketId: string, user: SessionUser, request: z.infer<typeof ReportRequestSchema>): Promise<{ fileName: string; html: string }> {
    const session = this.openSession(socketId);
    const withholdSnapshots = !mayViewPersonalData(user);
    const html = await this.withOwnReader(session, async (set) =>
      renderIncidentReport(set, { locale: request.locale, siteName: this.options.scene.site.name, areaNames: Object.fromEntries(this.options.scene.areas.map((a) => [a.id, a.name])), bookmarks: await session.bookmarks(), withholdSnapshots, ...(request.fromMs !== undefined ? { fromMs: request.fromMs } : {}), ...(request.toMs !== undefined ? { toMs: request.toMs } : {}) }),
    );
    const fromMs = request.fromMs ?? session.index.startMs;
    const files = session.index.files.map((f) => f.name);
    const fileName = `${this.options.scene.site.id}-incident-${compactUtc(fromMs)}-${request.locale}.html`;
    await ensurePrivateDir(this.options.exportsDir);
    await writePrivateFileAtomic(path.join(this.options.exportsDir, fileName), html);
    const kept = path.join(path.basename(this.options.exportsDir), fileName);
    await this.options.journal?.append({ kind: 'note', by: user.name, data: { action: 'incidentReport', files, fromMs, toMs: request.toMs ?? session.index.endMs, snapshots: withholdSnapshots ? 'withheld' : 'included', path: kept } });
    if (!withholdSnapshots) this.options.personalData.viewed(user, { what: 'incidentReportSnapshots', files }, 'socket');
    return { fileName, html };
  }

  /** A time range of the open recording as a new, self-contained recording (a training package). */
  private async export(socketId: string, by: string, request: z.infer<typeof ExportRequestSchema>): Promise<ExportResult> {
    const session = this.openSession(socketId);
    const outPath = path.join(this.options.exportsDir, `${this.options.scene.site.id}-export-${compactUtc(request.fromMs)}-${compactUtc(request.toMs)}.mcap`);
    await ensurePrivateDir(this.options.exportsDir);
    const result = await this.withOwnReader(session, (set) => exportRange(set, request.fromMs, request.toMs, outPath));
    await this.options.journal?.append({ kind: 'note', by, data: { action: 'export', files: session.index.files.map((f) => f.name), fromMs: result.fromMs, toMs: result.toMs, path: result.path, bytes: result.bytes } });
    // The screen learns where the package is inside the data directory, not the server's folder layout.
    return { ...result, path: path.join(path.basename(this.options.exportsDir), path.basename(result.path)) };
  }

  private openSession(socketId: string): ReplaySession {
    const session = this.sessions.get(socketId);
    if (!session) throw new Error('no recording is open on this screen');
    return session;
  }

  /** Reports and exports read the same files through their own reader, so playback is never disturbed. */
  private async withOwnReader<T>(session: ReplaySession, work: (set: RecordingSet) => Promise<T>): Promise<T> {
    const set = await RecordingSet.open({ files: session.recordings.files.map((f) => f.path), sensorIds: session.recordings.sensorIds });
    try {
      return await work(set);
    } catch (error) {
      if (error instanceof RecordingError) throw new ReplayCommandError(error.toProblem());
      throw error;
    } finally {
      await set.close();
    }
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

  private sessionOptions(sensorIds: string[]): ReplaySessionOptions {
    return this.options.staleAfterMs ? { sensorIds, staleAfterMs: this.options.staleAfterMs } : { sensorIds };
  }

  private async open(socket: CoreSocket, command: Extract<ReplayCommand, { action: 'open' }>): Promise<ReplayOpened> {
    await this.close(socket.id);
    const sensorIds = this.options.scene.sensors.map((s) => s.id);
    let session: ReplaySession;
    try {
      if (command.files) {
        const files = OpenFilesSchema.parse(command.files).map((name) => path.join(this.options.recordingsDir, name));
        session = await ReplaySession.open({ files, sensorIds }, this.sessionOptions(sensorIds));
      } else {
        await this.options.flushCurrentFile?.();
        session = await ReplaySession.open({ dir: this.options.recordingsDir, fromMs: command.fromMs ?? 0, toMs: command.toMs ?? Date.now(), sensorIds }, this.sessionOptions(sensorIds));
      }
    } catch (error) {
      if (error instanceof RecordingError) throw new ReplayCommandError(error.toProblem());
      throw error;
    }
    this.sessions.set(socket.id, session);
    session.on('state', (state) => socket.emit(SOCKET_EVENTS.replayState, state));
    session.on('frame', (frame) => socket.emit(SOCKET_EVENTS.replayFrame, frame));
    session.on('alarmSnapshot', (snapshot) => socket.emit(SOCKET_EVENTS.replayAlarmSnapshot, this.options.personalData.alarmSnapshotFor(socket.data.user, snapshot)));
    session.on('alarm', (message) => socket.emit(SOCKET_EVENTS.replayAlarm, this.options.personalData.alarmMessageFor(socket.data.user, message)));
    session.on('event', (message) => {
      if (message.kind === 'detections') socket.emit(SOCKET_EVENTS.replayDetections, message.payload);
    });
    session.on('dispersion', (zones) => socket.emit(SOCKET_EVENTS.replayDispersion, zones));
    session.on('drillDispersion', (zones) => socket.emit(SOCKET_EVENTS.replayDrillDispersion, zones));
    session.on('evacuationBoards', (boards) => socket.emit(SOCKET_EVENTS.replayEvacuationBoards, boards));
    session.on('problem', (problem) => this.options.logger.warn({ problem }, 'replay problem'));
    this.options.logger.info({ socket: socket.id, files: session.index.files.map((f) => f.name) }, 'replay opened');
    // The first instant's state, as the seek in open() produced it, for a screen that just subscribed.
    const state = session.getState();
    await session.seek(state.currentMs);
    return { index: session.index, state: session.getState(), bookmarks: await session.bookmarks() };
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
