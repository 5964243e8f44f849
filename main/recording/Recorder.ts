import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';
import type { Problem, Scene } from '../contracts/index.js';
import type { CoreTopics } from '../bus/coreTopics.js';
import type { MessageBus } from '../bus/MessageBus.js';
import type { SampleBatch } from '../live/LiveHub.js';
import { PACKAGE_VERSION } from '../platform/packageInfo.js';
import { sha256File, type AuditJournal } from './AuditJournal.js';
import { McapFileWriter } from './McapFileWriter.js';
import { encodeJson, encodeKeyframe, encodeSampleBatch, type ChannelPayloads } from './messageCodec.js';
import { PlantState } from './PlantState.js';
import { recordingChannels, recordingFileName } from './recordingFiles.js';
import { CHANNEL_KINDS, encodeRecordingMetadata, INDEX_METADATA_NAME, PARTIAL_EXTENSION, RECORDING_EXTENSION, RECORDING_FORMAT_VERSION, RECORDING_METADATA_NAME, RECORDING_PROFILE, msToNs, type ChannelKind, type MarkerMessage, type SimulationRunMessage } from './recordingFormat.js';
import { recoverPartialRecordings } from './recoverRecording.js';
import { applyRetention, type RetentionPolicy } from './retention.js';
import { TimelineMarkers } from './TimelineMarkers.js';

export type RecorderOptions = {
  bus: MessageBus<CoreTopics>;
  /** Folder of the recordings (e.g. <data-dir>/recordings). */
  dir: string;
  scene: Scene;
  /** Recorder clock (log time of every message); injectable for tests. */
  nowMs?: () => number;
  /** Operator actions are journaled by the journal itself (attachToBus); the recorder adds file digests. */
  journal?: AuditJournal;
  /** Rotate when a file reaches this size (default 256 MiB: Foxglove loads whole files in the browser). */
  maxFileBytes?: number;
  /** Start a new file at every UTC hour (default true). */
  rotateHourly?: boolean;
  /** Queued records are written, and the open chunk closed, this often (default 500 ms; SIGKILL loses at most about this). */
  flushIntervalMs?: number;
  /** A full plant-state keyframe this often, so seeks read at most this much data (default 10 s). */
  keyframeIntervalMs?: number;
  /** Bound of the in-memory queue; beyond it records are dropped and counted (default 64 MiB). */
  maxQueueBytes?: number;
  /** A chunk is closed early when it grows past this (default 4 MiB). */
  maxChunkBytes?: number;
  retention?: RetentionPolicy;
  /** Where problems go (default: the bus's problem topic). */
  onProblem?: (problem: Problem) => void;
  /** false: no flush timer; the owner calls flush() (tests with a fake clock). Default true. */
  autoFlush?: boolean;
};

export type RecorderStats = {
  /** Records written to files. */
  recordsWritten: number;
  /** Records dropped because the queue was full or the disk failed. */
  recordsDropped: number;
  queuedRecords: number;
  queuedBytes: number;
  filesClosed: number;
  currentFile: string | null;
  bytesWrittenCurrentFile: number;
};

type QueueItem =
  | { type: 'message'; kind: ChannelKind; logMs: number; payload: unknown; bytes: number }
  | { type: 'attachment'; logMs: number; name: string; mediaType: string; data: Uint8Array; bytes: number }
  | { type: 'metadata'; logMs: number; name: string; metadata: Map<string, string>; bytes: number };

type OpenFile = { writer: McapFileWriter; partPath: string; finalPath: string; startMs: number; hour: number; markers: TimelineMarkers; sequence: number };

const HOUR_MS = 3_600_000;
const PROBLEM_REPEAT_MS = 60_000;
/** After a write failure, how long before the recorder tries a new file. */
const REOPEN_DELAY_MS = 10_000;

/**
 * Records everything that crosses the core's bus into rotating MCAP files (docs/recording.md).
 *
 * Bus handlers only enqueue (O(1), no I/O): recording never blocks ingestion. A timer drains the
 * queue every flushIntervalMs into the open chunk and closes the chunk, so a hard kill loses at
 * most about that much. The queue is bounded in bytes; what does not fit is dropped and counted,
 * with a problem raised. Files rotate by size and by UTC hour; each starts with a keyframe (the
 * whole plant state) so it replays on its own; closed files are renamed from .mcap.part to .mcap,
 * digested into the audit journal, and retention runs. On start, .part files left by a crash are
 * recovered up to their last complete chunk.
 */
export class Recorder {
  private readonly now: () => number;
  private readonly state: PlantState;
  private readonly unsubscribers: (() => void)[] = [];
  private queue: QueueItem[] = [];
  private queueBytes = 0;
  private file: OpenFile | null = null;
  private drainChain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private lastKeyframeMs = Number.NEGATIVE_INFINITY;
  private lastProblemMs = new Map<string, number>();
  private reopenAfterMs = 0;
  private started = false;
  private stopped = false;
  private readonly stats = { recordsWritten: 0, recordsDropped: 0, filesClosed: 0 };
  private readonly opts: Required<Omit<RecorderOptions, 'journal' | 'retention' | 'onProblem' | 'nowMs'>> & Pick<RecorderOptions, 'journal' | 'retention'>;

  constructor(options: RecorderOptions) {
    this.now = options.nowMs ?? Date.now;
    this.opts = {
      bus: options.bus,
      dir: options.dir,
      scene: options.scene,
      journal: options.journal,
      retention: options.retention,
      maxFileBytes: options.maxFileBytes ?? 256 * 2 ** 20,
      rotateHourly: options.rotateHourly ?? true,
      flushIntervalMs: options.flushIntervalMs ?? 500,
      keyframeIntervalMs: options.keyframeIntervalMs ?? 10_000,
      maxQueueBytes: options.maxQueueBytes ?? 64 * 2 ** 20,
      maxChunkBytes: options.maxChunkBytes ?? 4 * 2 ** 20,
      autoFlush: options.autoFlush ?? true,
    };
    this.onProblem = options.onProblem ?? ((problem) => options.bus.publish('problem', problem));
    this.state = new PlantState(options.scene.sensors.length);
  }

  private readonly onProblem: (problem: Problem) => void;

  /** Recovers crashed files, applies retention, opens a file and subscribes to the bus. */
  async start(): Promise<{ recovered: string[] }> {
    if (this.started) throw new Error('Recorder: start() called twice');
    this.started = true;
    await mkdir(this.opts.dir, { recursive: true });
    const recovered = await recoverPartialRecordings(this.opts.dir, this.opts.journal);
    await this.runRetention();
    await this.openFile(this.now());
    const { bus } = this.opts;
    this.unsubscribers.push(
      bus.subscribe('samples', (batch) => this.enqueueSamples(batch)),
      bus.subscribe('alarmTransition', (t) => this.enqueue('alarmTransition', t, 1500)),
      bus.subscribe('worker', (w) => this.enqueue('worker', w, 120)),
      bus.subscribe('detections', (d) => this.enqueue('detections', d, 200 + 120 * d.detections.length)),
      bus.subscribe('mqttLink', (state) => this.enqueue('mqttLink', { state }, 40)),
      bus.subscribe('problem', (p) => this.enqueue('problem', p, 300)),
    );
    if (this.opts.autoFlush) {
      this.timer = setInterval(() => void this.flush(), this.opts.flushIntervalMs);
      this.timer.unref();
    }
    return { recovered: recovered.map((r) => r.path) };
  }

  /** A drill, simulation or incident span (start/end) or a note, for the replay timeline. */
  mark(marker: MarkerMessage): void {
    this.enqueue('marker', marker, 200);
  }

  /** A simulation the commander ran (dispersion, evacuation): input and output summary. */
  recordSimulationRun(run: SimulationRunMessage): void {
    this.enqueue('simulationRun', run, JSON.stringify(run).length);
  }

  /** A camera snapshot (or a clip reference) as an MCAP attachment; returns the attachment name to cite in a detection. */
  addSnapshot(input: { cameraId: string; tsMs: number; mediaType: string; data: Uint8Array; name?: string }): string {
    const name = input.name ?? `snapshots/${input.cameraId}/${input.tsMs}${input.mediaType === 'image/png' ? '.png' : '.jpg'}`;
    this.push({ type: 'attachment', logMs: this.now(), name, mediaType: input.mediaType, data: input.data, bytes: input.data.byteLength + 200 });
    return name;
  }

  /** Incident, shift or operator information as an MCAP metadata record (string → string). */
  addMetadata(name: 'incident' | 'shift' | 'operator' | (string & {}), metadata: Record<string, string>): void {
    const map = new Map(Object.entries(metadata));
    this.push({ type: 'metadata', logMs: this.now(), name, metadata: map, bytes: JSON.stringify(metadata).length + 100 });
  }

  getStats(): RecorderStats {
    return { ...this.stats, queuedRecords: this.queue.length, queuedBytes: this.queueBytes, currentFile: this.file ? path.basename(this.file.finalPath) : null, bytesWrittenCurrentFile: this.file?.writer.bytesWritten ?? 0 };
  }

  /** Writes everything queued so far and closes the open chunk (resolves when it is on disk). */
  flush(): Promise<void> {
    this.drainChain = this.drainChain.then(() => this.drain());
    return this.drainChain;
  }

  /** Starts a new file now (e.g. at a shift change). */
  rotate(): Promise<void> {
    this.drainChain = this.drainChain.then(async () => {
      await this.drain();
      await this.closeFile();
      await this.openFile(this.now());
    });
    return this.drainChain;
  }

  /** Unsubscribes, writes what is queued and closes the file properly. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
    if (this.timer) clearInterval(this.timer);
    await this.flush();
    this.drainChain = this.drainChain.then(() => this.closeFile());
    await this.drainChain;
  }

  private enqueueSamples(batch: SampleBatch): void {
    // The batch's typed arrays are fresh per flush (LiveHub.flushSamples), so keeping them is safe.
    this.push({ type: 'message', kind: 'samples', logMs: this.now(), payload: batch, bytes: 64 + batch.indices.length * 40 });
  }

  private enqueue<K extends ChannelKind>(kind: K, payload: ChannelPayloads[K], bytes: number): void {
    this.push({ type: 'message', kind, logMs: this.now(), payload, bytes });
  }

  private push(item: QueueItem): void {
    if (this.stopped) return;
    if (this.queueBytes + item.bytes > this.opts.maxQueueBytes) {
      this.stats.recordsDropped++;
      this.raise('ST_ERR_RECORDING_DROPPED', `the write queue is full (${Math.round(this.opts.maxQueueBytes / 2 ** 20)} MiB); ${this.stats.recordsDropped} records dropped so far`, 'The disk cannot keep up: use a faster disk or record fewer sensors.');
      return;
    }
    this.queue.push(item);
    this.queueBytes += item.bytes;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const items = this.queue;
        this.queue = [];
        this.queueBytes = 0;
        for (const item of items) await this.write(item);
      }
      const file = this.file;
      if (file && this.opts.rotateHourly && Math.floor(this.now() / HOUR_MS) !== file.hour) await this.rotateTo(this.now());
      await this.file?.writer.flushChunk();
    } catch (error) {
      await this.failWrites(error);
    }
  }

  private async write(item: QueueItem): Promise<void> {
    if (!this.file) {
      if (this.now() < this.reopenAfterMs) return void this.stats.recordsDropped++;
      await this.openFile(this.now());
    }
    let file = this.file!;
    const hourChanged = this.opts.rotateHourly && Math.floor(item.logMs / HOUR_MS) !== file.hour;
    if (hourChanged || file.writer.bytesWritten + file.writer.pendingChunkBytes >= this.opts.maxFileBytes) file = await this.rotateTo(item.logMs);
    if (item.type === 'attachment') {
      await file.writer.addAttachment({ name: item.name, logTime: msToNs(item.logMs), createTime: msToNs(item.logMs), mediaType: item.mediaType, data: item.data });
    } else if (item.type === 'metadata') {
      await file.writer.addMetadata(item.name, item.metadata);
    } else {
      if (item.logMs - this.lastKeyframeMs >= this.opts.keyframeIntervalMs) await this.writeKeyframe(file, item.logMs);
      this.writeMessage(file, item.kind, item.logMs, item.payload);
      if (file.writer.pendingChunkBytes >= this.opts.maxChunkBytes) await file.writer.flushChunk();
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
    file.markers.add(kind, logMs, payload as never);
  }

  /** A keyframe starts its own chunk, so a seek reads from the keyframe's chunk on. */
  private async writeKeyframe(file: OpenFile, logMs: number): Promise<void> {
    await file.writer.flushChunk();
    file.writer.addMessage(CHANNEL_KINDS.indexOf('keyframe'), file.sequence++, msToNs(logMs), encodeKeyframe(this.state.toKeyframe()));
    this.lastKeyframeMs = logMs;
  }

  private async openFile(startMs: number): Promise<OpenFile> {
    const { scene, dir } = this.opts;
    const baseName = await recordingFileName(dir, scene.site.id, startMs);
    const partPath = path.join(dir, baseName + PARTIAL_EXTENSION);
    const writer = await McapFileWriter.create(partPath, { profile: RECORDING_PROFILE, library: `safetwin ${PACKAGE_VERSION}` }, recordingChannels());
    await writer.addMetadata(
      RECORDING_METADATA_NAME,
      encodeRecordingMetadata({ formatVersion: RECORDING_FORMAT_VERSION, siteId: scene.site.id, sceneVersion: String(scene.version), sensorIds: scene.sensors.map((s) => s.id), startedAtMs: startMs, recorder: `safetwin ${PACKAGE_VERSION}` }),
    );
    const file: OpenFile = { writer, partPath, finalPath: path.join(dir, baseName + RECORDING_EXTENSION), startMs, hour: Math.floor(startMs / HOUR_MS), markers: new TimelineMarkers(), sequence: 0 };
    this.file = file;
    // Every file starts with the whole state, so it replays without its predecessors.
    await this.writeKeyframe(file, startMs);
    await writer.flushChunk();
    return file;
  }

  private async rotateTo(startMs: number): Promise<OpenFile> {
    await this.closeFile();
    return this.openFile(startMs);
  }

  private async closeFile(): Promise<void> {
    const file = this.file;
    if (!file) return;
    this.file = null;
    const { writer } = file;
    await writer.addMetadata(INDEX_METADATA_NAME, new Map([['markers', JSON.stringify(file.markers.markers())]]));
    await writer.close();
    await rename(file.partPath, file.finalPath);
    this.stats.filesClosed++;
    if (this.opts.journal) {
      const sha256 = await sha256File(file.finalPath);
      await this.opts.journal.append({
        kind: 'recordingClosed',
        by: 'system',
        atMs: this.now(),
        data: { file: path.basename(file.finalPath), sha256, bytes: writer.bytesWritten, messages: writer.stats.messageCount, startMs: file.startMs, endMs: writer.stats.endNs === null ? file.startMs : Number(writer.stats.endNs / 1_000_000n) },
      });
    }
    await this.runRetention();
  }

  private async runRetention(): Promise<void> {
    if (!this.opts.retention) return;
    const deleted = await applyRetention(this.opts.dir, this.opts.retention, this.now());
    for (const entry of deleted) {
      await this.opts.journal?.append({ kind: 'recordingDeleted', by: 'system', atMs: this.now(), data: { file: entry.name, reason: entry.reason, bytes: entry.bytes } });
      if (entry.reason === 'diskBudget' && entry.ageDays < (this.opts.retention.maxAgeDays ?? Infinity)) {
        this.raise('ST_ERR_RECORDING_RETENTION', `${entry.name} (${entry.ageDays.toFixed(1)} days old) was deleted to stay within the disk budget`, 'Raise recording.retention.maxTotalBytes or add disk space: records may have to be kept for years.');
      }
    }
  }

  private async failWrites(error: unknown): Promise<void> {
    const file = this.file;
    this.file = null;
    this.stats.recordsDropped += this.queue.length;
    this.queue = [];
    this.queueBytes = 0;
    this.reopenAfterMs = this.now() + REOPEN_DELAY_MS;
    // The .part file stays: it is recovered on the next start.
    await file?.writer.abandon();
    this.raise('ST_ERR_RECORDING_WRITE', `${file ? path.basename(file.partPath) : 'recording'}: ${(error as Error).message}`, 'Check free space and permissions of the recordings folder; the recorder retries every 10 s.');
  }

  private raise(code: Problem['code'], message: string, tip: string): void {
    const now = this.now();
    if (now - (this.lastProblemMs.get(code) ?? Number.NEGATIVE_INFINITY) < PROBLEM_REPEAT_MS) return;
    this.lastProblemMs.set(code, now);
    this.onProblem({ code, severity: 'warning', message, tip });
  }
}
