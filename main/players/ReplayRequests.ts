import path from 'node:path';
import { z } from 'zod';
import { problem, SOCKET_EVENTS, type RecordingListEntry, type Scene, type SessionUser } from '../contracts/index.js';
import { compactUtc, exportRange, type ExportResult, listRecordings, RecordingError, RecordingSet, renderIncidentReport, type ReplaySession, REPORT_LOCALES } from '../recording/index.js';
import type { AuditJournal } from '../audit/index.js';
import type { HttpRoutes } from '../http/index.js';
import type { Capability, FeatureConnection } from '../realtime/index.js';
import { registerReplayExportRoutes } from './replayExportRoutes.js';
import { PlayerCommandError } from './CorePlayer.js';
import { mayViewPersonalData, type PersonalData } from '../privacy/index.js';
import { ensurePrivateDir, writePrivateFileAtomic } from '../platform/index.js';

/** What the replay tab lists: the recordings folder's files with their ranges and health. */
export type RecordingListing = { recordings: RecordingListEntry[] };
const ReportRequestSchema = z.object({ locale: z.enum(REPORT_LOCALES), fromMs: z.number().optional(), toMs: z.number().optional() });
const ExportRequestSchema = z.object({ fromMs: z.number(), toMs: z.number() });

/**
 * What a trainer asks of the recordings besides playing them: the list, and the incident report or a
 * training package of the recording open on this screen (its replay player, PlayerSockets). Reports
 * and exports read the files through their own reader, so playback is never disturbed. Only names
 * from the recordings folder are accepted, never paths.
 */
export class ReplayRequests implements Capability {
  /** The exported training packages, downloaded over HTTP to the trainer's machine. */
  readonly routes: HttpRoutes = (server, guards) => registerReplayExportRoutes(server, { ...guards, exportsDir: this.options.exportsDir });
  constructor(
    private readonly options: {
      recordingsDir: string;
      scene: Scene;
      /** The replay open on a screen (by socket id), or null. */
      replayOf: (socketId: string) => ReplaySession | null;
      /** Where exported training packages and copies of incident reports go (not the recordings folder: ranges there must not overlap). */
      exportsDir: string;
      /** Report snapshots only for roles that may see them. */
      personalData: PersonalData;
      /** Exports and reports are on the record. */
      journal?: AuditJournal;
    },
  ) {}

  onConnection({ socket, user, handle }: FeatureConnection): void {
    handle(SOCKET_EVENTS.replayList, () => 'replay:control', null, async (): Promise<RecordingListing> => ({ recordings: await listRecordings(this.options.recordingsDir) }));
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
      renderIncidentReport(set, { locale: request.locale, siteName: this.options.scene.site.name, areaNames: Object.fromEntries(this.options.scene.areas.map((a) => [a.id, a.name])), cameraNames: Object.fromEntries(this.options.scene.cameras.map((c) => [c.id, c.name])), departmentNames: Object.fromEntries((this.options.scene.organisation?.departments ?? []).map((d) => [d.id, d.name])), bookmarks: await session.bookmarks(), withholdSnapshots, ...(request.fromMs !== undefined ? { fromMs: request.fromMs } : {}), ...(request.toMs !== undefined ? { toMs: request.toMs } : {}) }),
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
    const session = this.options.replayOf(socketId);
    if (!session) throw new PlayerCommandError(problem('ST_ERR_PLAYER_NONE_OPEN', 'warning'));
    return session;
  }

  /** Reports and exports read the same files through their own reader, so playback is never disturbed. */
  private async withOwnReader<T>(session: ReplaySession, work: (set: RecordingSet) => Promise<T>): Promise<T> {
    const set = await RecordingSet.open({ files: session.recordings.files.map((f) => f.path), sensorIds: session.recordings.sensorIds });
    try {
      return await work(set);
    } catch (error) {
      if (error instanceof RecordingError) throw new PlayerCommandError(error.toProblem());
      throw error;
    } finally {
      await set.close();
    }
  }
}
