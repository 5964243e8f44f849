import { rename } from 'node:fs/promises';
import path from 'node:path';
import type { ProblemSink, SampleBatch } from '../bus/index.js';
import { ensurePrivateDir } from '../platform/index.js';
import { AUDIT_HEAD_METADATA_NAME, encodeAuditHead, sha256File, type ChainedJournalSink } from '../audit/index.js';
import { McapFileWriter, type ChunkCompressionSetting } from './McapFileWriter.js';
import { encodeJson, encodeKeyframe, encodeSampleBatch, type ChannelPayloads } from './messageCodec.js';
import { PlantState } from './PlantState.js';
import { recordingChannels, recordingFileName } from './recordingFiles.js';
import { CHANNEL_KINDS, encodeRecordingMetadata, INDEX_METADATA_NAME, PARTIAL_EXTENSION, RECORDING_EXTENSION, RECORDING_FORMAT_VERSION, RECORDING_METADATA_NAME, RECORDING_PROFILE, msToNs, type ChannelKind } from './recordingFormat.js';
import { recoverPartialRecordings } from './recoverRecording.js';
import { applyRetention, type RetentionPolicy } from './retention.js';
import { TimelineMarkers } from './TimelineMarkers.js';

/** What the recorder hands the writer, in bus order. Sample payloads are the bus's SampleBatch. */
export type RecordItem =
  | { type: 'message'; kind: ChannelKind; logMs: number; payload: unknown }
  | { type: 'attachment'; logMs: number; name: string; mediaType: string; data: Uint8Array }
  | { type: 'metadata'; logMs: number; name: string; metadata: Map<string, string> };

export type RecordingWriterOptions = {
  dir: string;
  siteId: string;
  sceneVersion: string;
  sensorIds: string[];
  recorderName: string;
  maxFileBytes: number;
  rotateHourly: boolean;
  keyframeIntervalMs: number;
  maxChunkBytes: number;
  retention?: RetentionPolicy;
  /** Chunk compression (default zstd). */
  chunkCompression?: ChunkCompressionSetting;
};

export type RecordingWriterStats = { recordsWritten: number; recordsDropped: number; filesClosed: number; currentFile: string | null; bytesWrittenCurrentFile: number };

type OpenFile = { writer: McapFileWriter; partPath: string; finalPath: string; startMs: number; hour: number; markers: TimelineMarkers; sequence: number };

const HOUR_MS = 3_600_000;
/** After a write failure, how long before the writer tries a new file. */
const REOPEN_DELAY_MS = 10_000;

/**
 * The recorder's file side: turns recorded items into rotating MCAP files (docs/recording.md).
 * Each write() call ends with the open chunk closed, so what a write() resolved is on disk. Files
 * rotate by size and by UTC hour and each starts with a keyframe (the whole plant state, kept here
 * in a PlantState) so it replays on its own; another keyframe follows every keyframeIntervalMs,
 * each at the start of its own chunk. Closed files go from .mcap.part to .mcap, their SHA-256 goes
 * to the journal, and retention runs. Runs in the recorder's worker thread, or inline.
 */
export class RecordingWriter {
  private readonly state: PlantState;
  private file: OpenFile | null = null;
  private lastKeyframeMs = Number.NEGATIVE_INFINITY;
  private reopenAfterMs = 0;
  /** A write failed and no file has been written since: ST_ERR_RECORDING_WRITE is standing. */
  private writeFailing = false;
  private readonly stats = { recordsWritten: 0, recordsDropped: 0, filesClosed: 0 };

  constructor(
    private readonly options: RecordingWriterOptions,
    private readonly journal: ChainedJournalSink | undefined,
    private readonly problems: ProblemSink,
  ) {
    this.state = new PlantState(options.sensorIds.length);
  }

  /** Recovers files left by a crash, applies retention and opens the first file. */
  async start(nowMs: number): Promise<{ recovered: string[] }> {
    await ensurePrivateDir(this.options.dir);
    const recovered = await recoverPartialRecordings(this.options.dir, this.journal);
    await this.runRetention(nowMs);
    await this.openFile(nowMs);
    return { recovered: recovered.map((r) => r.path) };
  }

  getStats(): RecordingWriterStats {
    return { ...this.stats, currentFile: this.file ? path.basename(this.file.finalPath) : null, bytesWrittenCurrentFile: this.file?.writer.bytesWritten ?? 0 };
  }

  /** Writes the items and closes the open chunk; a disk failure drops the rest and raises a problem. */
  async write(items: RecordItem[], nowMs: number): Promise<void> {
    let done = 0;
    try {
      for (const item of items) {
        await this.writeItem(item, nowMs);
        done++;
      }
      const file = this.file;
      if (file && this.options.rotateHourly && Math.floor(nowMs / HOUR_MS) !== file.hour) await this.rotate(nowMs);
      await this.file?.writer.flushChunk();
      if (this.file && this.writeFailing) {
        // Written to disk again: the condition ended.
        this.writeFailing = false;
        this.problems.clear({ code: 'ST_ERR_RECORDING_WRITE' });
      }
    } catch (error) {
      this.stats.recordsDropped += items.length - done;
      await this.failWrites(error, nowMs);
    }
  }

  async rotate(nowMs: number): Promise<void> {
    await this.closeFile(nowMs);
    await this.openFile(nowMs);
  }

  async close(nowMs: number): Promise<void> {
    await this.closeFile(nowMs);
  }

  private async writeItem(item: RecordItem, nowMs: number): Promise<void> {
    if (!this.file) {
      if (nowMs < this.reopenAfterMs) return void this.stats.recordsDropped++;
      await this.openFile(nowMs);
    }
    let file = this.file!;
    const hourChanged = this.options.rotateHourly && Math.floor(item.logMs / HOUR_MS) !== file.hour;
    if (hourChanged || file.writer.bytesWritten + file.writer.pendingChunkBytes >= this.options.maxFileBytes) {
      await this.rotate(item.logMs);
      file = this.file!;
    }
    if (item.type === 'attachment') {
      await file.writer.addAttachment({ name: item.name, logTime: msToNs(item.logMs), createTime: msToNs(item.logMs), mediaType: item.mediaType, data: item.data });
    } else if (item.type === 'metadata') {
      await file.writer.addMetadata(item.name, item.metadata);
    } else {
      if (item.logMs - this.lastKeyframeMs >= this.options.keyframeIntervalMs) await this.writeKeyframe(file, item.logMs);
      this.writeMessage(file, item.kind, item.logMs, item.payload);
      if (file.writer.pendingChunkBytes >= this.options.maxChunkBytes) await file.writer.flushChunk();
    }
    this.stats.recordsWritten++;
  }

  private writeMessage(file: OpenFile, kind: ChannelKind, logMs: number, payload: unknown): void {
    const channelId = CHANNEL_KINDS.indexOf(kind);
    if (kind === 'samples') {
      const batch = payload as SampleBatch;
      file.writer.addMessage(channelId, file.sequence++, msToNs(logMs), encodeSampleBatch(batch));
      this.state.applySamples({ sensorIndex: batch.indices, value: batch.values, sampleTsMs: batch.tsMs, quality: batch.qualities });
      return;
    }
    file.writer.addMessage(channelId, file.sequence++, msToNs(logMs), encodeJson(payload));
    if (kind === 'alarmTransition') this.state.applyTransition(payload as ChannelPayloads['alarmTransition']);
    else if (kind === 'worker') this.state.applyWorker(payload as ChannelPayloads['worker']);
    else if (kind === 'mqttLink') this.state.mqttLink = (payload as ChannelPayloads['mqttLink']).state;
    else if (kind === 'dispersion') this.state.applyDispersion(payload as ChannelPayloads['dispersion']);
    else if (kind === 'drillDispersion') this.state.applyDrillDispersion(payload as ChannelPayloads['drillDispersion']);
    else if (kind === 'evacuationBoard') this.state.applyEvacuationBoard(payload as ChannelPayloads['evacuationBoard']);
    file.markers.add(kind, logMs, payload as never);
  }

  /** A keyframe starts its own chunk, so a seek reads from the keyframe's chunk on. */
  private async writeKeyframe(file: OpenFile, logMs: number): Promise<void> {
    await file.writer.flushChunk();
    file.writer.addMessage(CHANNEL_KINDS.indexOf('keyframe'), file.sequence++, msToNs(logMs), encodeKeyframe(this.state.toKeyframe()));
    this.lastKeyframeMs = logMs;
  }

  private async openFile(startMs: number): Promise<void> {
    const { dir, siteId, sceneVersion, sensorIds, recorderName } = this.options;
    const baseName = await recordingFileName(dir, siteId, startMs);
    const partPath = path.join(dir, baseName + PARTIAL_EXTENSION);
    const writer = await McapFileWriter.create(partPath, { profile: RECORDING_PROFILE, library: recorderName }, recordingChannels(), { compression: this.options.chunkCompression ?? 'zstd' });
    await writer.addMetadata(RECORDING_METADATA_NAME, encodeRecordingMetadata({ formatVersion: RECORDING_FORMAT_VERSION, siteId, sceneVersion, sensorIds, startedAtMs: startMs, recorder: recorderName }));
    const file: OpenFile = { writer, partPath, finalPath: path.join(dir, baseName + RECORDING_EXTENSION), startMs, hour: Math.floor(startMs / HOUR_MS), markers: new TimelineMarkers(), sequence: 0 };
    this.file = file;
    // Every file starts with the whole state, so it replays without its predecessors.
    await this.writeKeyframe(file, startMs);
    await writer.flushChunk();
  }

  private async closeFile(nowMs: number): Promise<void> {
    const file = this.file;
    if (!file) return;
    this.file = null;
    const { writer } = file;
    await writer.addMetadata(INDEX_METADATA_NAME, new Map([['markers', JSON.stringify(file.markers.markers())]]));
    // The journal's chain head as this file closes, inside the file whose digest the journal then
    // lists: cutting entries off the journal's end is caught by the recordings (docs/recording.md).
    if (this.journal) await writer.addMetadata(AUDIT_HEAD_METADATA_NAME, encodeAuditHead(await this.journal.settledHead()));
    await writer.close();
    await rename(file.partPath, file.finalPath);
    this.stats.filesClosed++;
    if (this.journal) {
      const sha256 = await sha256File(file.finalPath);
      const endMs = writer.stats.endNs === null ? file.startMs : Number(writer.stats.endNs / 1_000_000n);
      await this.journal.append({ kind: 'recordingClosed', by: 'system', atMs: nowMs, data: { file: path.basename(file.finalPath), sha256, bytes: writer.bytesWritten, messages: writer.stats.messageCount, startMs: file.startMs, endMs } });
    }
    await this.runRetention(nowMs);
  }

  private async runRetention(nowMs: number): Promise<void> {
    const retention = this.options.retention;
    if (!retention) return;
    for (const entry of await applyRetention(this.options.dir, retention, nowMs)) {
      await this.journal?.append({ kind: 'recordingDeleted', by: 'system', atMs: nowMs, data: { file: entry.name, reason: entry.reason, bytes: entry.bytes } });
      if (entry.reason === 'diskBudget' && entry.ageDays < (retention.maxAgeDays ?? Infinity)) {
        this.problems.raise({
          code: 'ST_ERR_RECORDING_RETENTION',
          severity: 'warning',
          message: `${entry.name} (${entry.ageDays.toFixed(1)} days old) was deleted to stay within the disk budget`,
          tip: 'Raise the recordings disk budget or add disk space: records may have to be kept for years.',
        });
      }
    }
  }

  private async failWrites(error: unknown, nowMs: number): Promise<void> {
    const file = this.file;
    this.file = null;
    this.reopenAfterMs = nowMs + REOPEN_DELAY_MS;
    // The .part file stays: it is recovered on the next start.
    await file?.writer.abandon();
    this.writeFailing = true;
    // Keyed by its code: the retry every 10 s replaces this report instead of adding one (issue 14 item 4).
    this.problems.raise({
      code: 'ST_ERR_RECORDING_WRITE',
      severity: 'error',
      message: `${file ? path.basename(file.partPath) : 'recording'}: ${(error as Error).message}`,
      tip: 'Check free space and permissions of the recordings folder; the recorder retries every 10 s.',
    });
  }
}
