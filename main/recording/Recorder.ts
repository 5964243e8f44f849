// eslint-disable-next-line no-restricted-syntax -- start-up: does the compiled writer thread exist (else the writer runs inline).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DispersionSnapshot, Problem, Scene } from '../contracts/index.js';
import type { CoreTopics, MessageBus, ProblemSink, SampleBatch } from '../bus/index.js';
import { PACKAGE_VERSION } from '../platform/index.js';
import type { ChainedJournalSink } from '../audit/index.js';
import type { ChunkCompressionSetting } from './McapFileWriter.js';
import { DispersionRecordThrottle, dispersionZones, dispersionZonesBytes } from './dispersionZones.js';
import { EvacuationBoardRecordThrottle, evacuationBoardBytes } from './evacuationBoardRecord.js';
import { estimateRecordingBudget, type RecordingBudget } from './recordingBudget.js';
import { InlineTransport, WorkerTransport, type WriterTransport } from './recorderTransport.js';
import type { MarkerMessage, SimulationRunMessage } from './recordingFormat.js';
import type { RecordingWriterOptions, RecordingWriterStats, RecordItem } from './RecordingWriter.js';
import type { RetentionPolicy } from './retention.js';

export type RecorderOptions = {
  bus: MessageBus<CoreTopics>;
  /** Folder of the recordings (recordingsDirOf(dataDir) = <data-dir>/recordings). */
  dir: string;
  scene: Scene;
  /** Recorder clock (log time of every message); injectable for tests. */
  nowMs?: () => number;
  /** Receives file digests, recoveries and retention deletions (operator actions: journal.attachToBus); its head goes into every file. */
  journal?: ChainedJournalSink;
  /** Rotate when a file reaches this size (default 256 MiB: Foxglove loads whole files in the browser). */
  maxFileBytes?: number;
  /** Start a new file at every UTC hour (default true). */
  rotateHourly?: boolean;
  /** Queued records go to disk, and the open chunk is closed, this often (default 500 ms: SIGKILL loses at most about this). */
  flushIntervalMs?: number;
  /** A full plant-state keyframe this often, so seeks read at most this much data (default 10 s). */
  keyframeIntervalMs?: number;
  /** Bound of queued plus in-flight records; beyond it records are dropped and counted (default 64 MiB). */
  maxQueueBytes?: number;
  /** A chunk is closed early when it grows past this (default 4 MiB). */
  maxChunkBytes?: number;
  retention?: RetentionPolicy;
  /** Chunk compression (default zstd). */
  chunkCompression?: ChunkCompressionSetting;
  /** Where problems are raised and cleared (default: the bus's problem and problemCleared topics). */
  problems?: ProblemSink;
  /** The disk budget at the current data rate: the first estimate, and each time it turns short or sufficient. */
  onBudget?: (budget: RecordingBudget) => void;
  /** false: no flush timer; the owner calls flush() (tests with a simulated clock). Default true. */
  autoFlush?: boolean;
  /**
   * 'worker' (default where the compiled worker exists): encoding and disk I/O in a worker thread,
   * off the ingest thread. 'inline': same thread (TypeScript sources under test, tiny deployments).
   */
  thread?: 'worker' | 'inline';
  /** Niceness of the worker thread on Linux (default 10: the core's own threads go first under load; 0 = normal). */
  workerNice?: number;
};

export type RecorderStats = RecordingWriterStats & {
  /** Records not recorded: queue full, or the disk failing. */
  recordsDropped: number;
  queuedRecords: number;
  /** Queued plus handed to the writer and not yet on disk. */
  pendingBytes: number;
  /** Time the recorder has taken on the caller's (the core's) thread: queueing and handing over. */
  callerThreadBusyMs: number;
};

const PROBLEM_REPEAT_MS = 60_000;
/** A dropping problem clears after this long without a drop. */
const DROP_CLEAR_MS = 60_000;
/** The disk budget is re-estimated this often, and once a minute after start when there was no data yet. */
const BUDGET_CHECK_MS = 10 * 60_000;
const FIRST_BUDGET_RETRY_MS = 60_000;
const WORKER_URL = new URL('./recorder.worker.js', import.meta.url);

/**
 * Records everything that crosses the core's bus into rotating MCAP files (docs/recording.md):
 *
 *     const recorder = new Recorder({ bus, dir: recordingsDirOf(dataDir), scene, journal });
 *     await recorder.start();            // recovers files a crash left, subscribes
 *     recorder.mark({ kind: 'drill', phase: 'start', id, label, by });
 *     await recorder.stop();             // writes what is queued and closes the file
 *
 * Bus handlers only append to a queue (no encoding, no I/O), so recording never blocks ingestion;
 * the queue is bounded in bytes (queued + in flight) and what does not fit is dropped, counted and
 * raised as a problem. Every flushIntervalMs the queue goes to the writer — in a worker thread by
 * default — which writes it and closes the chunk, so a hard kill loses at most about that much.
 */
export class Recorder {
  private readonly now: () => number;
  private readonly unsubscribers: (() => void)[] = [];
  private readonly dispersionThrottle = new DispersionRecordThrottle();
  private readonly drillDispersionThrottle = new DispersionRecordThrottle();
  private readonly evacuationBoardThrottle = new EvacuationBoardRecordThrottle();
  private readonly transport: WriterTransport;
  private readonly problems: ProblemSink;
  private readonly maxQueueBytes: number;
  private readonly flushIntervalMs: number;
  private readonly autoFlush: boolean;
  private queue: RecordItem[] = [];
  private queueBytes = 0;
  private inFlightBytes = 0;
  private chain: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private budgetTimer: NodeJS.Timeout | null = null;
  private budget: RecordingBudget | null = null;
  private lastProblemMs = new Map<string, number>();
  private lastDropMs: number | null = null;
  private stopping: Promise<void> | null = null;
  private writerStats: RecordingWriterStats = { recordsWritten: 0, recordsDropped: 0, filesClosed: 0, currentFile: null, bytesWrittenCurrentFile: 0 };
  private droppedHere = 0;
  private busyMs = 0;
  private started = false;
  private stopped = false;

  constructor(private readonly options: RecorderOptions) {
    this.now = options.nowMs ?? Date.now;
    this.problems = options.problems ?? { raise: (problem) => options.bus.publish('problem', problem), clear: (key) => options.bus.publish('problemCleared', key) };
    this.maxQueueBytes = options.maxQueueBytes ?? 64 * 2 ** 20;
    this.flushIntervalMs = options.flushIntervalMs ?? 500;
    this.autoFlush = options.autoFlush ?? true;
    const writerOptions: RecordingWriterOptions = {
      dir: options.dir,
      siteId: options.scene.site.id,
      sceneVersion: String(options.scene.version),
      sensorIds: options.scene.sensors.map((s) => s.id),
      recorderName: `safetwin ${PACKAGE_VERSION}`,
      maxFileBytes: options.maxFileBytes ?? 256 * 2 ** 20,
      rotateHourly: options.rotateHourly ?? true,
      keyframeIntervalMs: options.keyframeIntervalMs ?? 10_000,
      maxChunkBytes: options.maxChunkBytes ?? 4 * 2 ** 20,
      retention: options.retention,
      chunkCompression: options.chunkCompression ?? 'zstd',
    };
    const thread = options.thread ?? (existsSync(fileURLToPath(WORKER_URL)) ? 'worker' : 'inline');
    this.transport = thread === 'worker' ? new WorkerTransport(writerOptions, options.journal, this.problems, WORKER_URL, options.workerNice ?? 10) : new InlineTransport(writerOptions, options.journal, this.problems);
  }

  /** Recovers crashed files, applies retention, opens a file and subscribes to the bus. */
  async start(): Promise<{ recovered: string[] }> {
    if (this.started) throw new Error('Recorder: start() called twice');
    this.started = true;
    const startMs = this.now();
    const { bus } = this.options;
    // Subscribed before the writer has booted (a worker thread, a few hundred ms on a busy machine): what
    // is published meanwhile waits in the queue, so the core starts its plant while the recorder boots
    // and the first samples are still recorded (issue 14 item 13). Writes queue behind the start.
    this.unsubscribers.push(
      // The batch's typed arrays are fresh per flush (LiveHub.flushSamples): kept by reference until posted.
      bus.subscribe('samples', (batch: SampleBatch) => this.push({ type: 'message', kind: 'samples', logMs: this.now(), payload: batch }, 64 + batch.indices.length * 21)),
      bus.subscribe('alarmTransition', (t) => this.push({ type: 'message', kind: 'alarmTransition', logMs: this.now(), payload: t }, 1500)),
      bus.subscribe('worker', (w) => this.push({ type: 'message', kind: 'worker', logMs: this.now(), payload: w }, 120)),
      bus.subscribe('detections', (d) => this.push({ type: 'message', kind: 'detections', logMs: this.now(), payload: d }, 200 + 120 * d.detections.length)),
      bus.subscribe('mqttLink', (state) => this.push({ type: 'message', kind: 'mqttLink', logMs: this.now(), payload: { state } }, 40)),
      bus.subscribe('problem', (p) => this.push({ type: 'message', kind: 'problem', logMs: this.now(), payload: p }, 300)),
      // The leak studies' zones and haze, and a drill's own cloud on a channel of its own, bounded
      // (dispersionZones.ts): what a replay draws as the clouds that were on screen.
      bus.subscribe('dispersion', (snapshot) => this.recordPicture('dispersion', this.dispersionThrottle, snapshot)),
      bus.subscribe('drillDispersion', (snapshot) => this.recordPicture('drillDispersion', this.drillDispersionThrottle, snapshot)),
      // Each run's evacuation board as on screen, bounded and throttled (evacuationBoardRecord.ts).
      bus.subscribe('evacuationBoard', (board) => {
        const logMs = this.now();
        if (this.evacuationBoardThrottle.take(board, logMs)) this.push({ type: 'message', kind: 'evacuationBoard', logMs, payload: board }, evacuationBoardBytes(board));
      }),
    );
    const started = await this.serial(() => this.transport.start(startMs)).catch(async (error: unknown) => {
      // No writer: nothing queued can be written, and a later stop() has nothing to close.
      for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
      this.queue = [];
      this.queueBytes = 0;
      this.stopped = true;
      this.stopping = this.transport.dispose();
      await this.stopping;
      throw error;
    });
    if (this.autoFlush) {
      this.timer = setInterval(() => void this.flush().catch(() => undefined), this.flushIntervalMs);
      this.timer.unref();
      await this.checkBudget();
      this.budgetTimer = setTimeout(() => void this.checkBudgetPeriodically(), this.budget ? BUDGET_CHECK_MS : FIRST_BUDGET_RETRY_MS);
      this.budgetTimer.unref();
    }
    return started;
  }

  /** The last disk budget estimate (null: not enough recorded yet to tell the rate). */
  getBudget(): RecordingBudget | null {
    return this.budget;
  }

  /**
   * Estimates how many days the disk budget holds at the current data rate (from the newest
   * recordings); raises ST_ERR_RECORDING_BUDGET when that is less than the retention period and
   * clears it (and a standing ST_ERR_RECORDING_RETENTION) when it is not.
   */
  async checkBudget(): Promise<RecordingBudget | null> {
    const maxTotalBytes = this.options.retention?.maxTotalBytes;
    if (maxTotalBytes === undefined) return null;
    const maxAgeDays = this.options.retention?.maxAgeDays;
    const budget = await estimateRecordingBudget(this.options.dir, maxAgeDays === undefined ? { maxTotalBytes } : { maxTotalBytes, maxAgeDays });
    if (!budget) return null;
    const previous = this.budget;
    this.budget = budget;
    if (budget.short) {
      this.problems.raise({
        code: 'ST_ERR_RECORDING_BUDGET',
        severity: 'warning',
        message: `the recordings disk budget (${(maxTotalBytes / 1e9).toFixed(1)} GB) holds about ${budget.daysHeld.toFixed(0)} days at the current ${(budget.bytesPerDay / 1e9).toFixed(2)} GB per day, less than the ${budget.retentionDays} days records must be kept`,
        tip: `Raise recordingMaxGb to at least ${Math.ceil((budget.bytesPerDay * budget.retentionDays!) / 1e9)} and make sure the disk has that much space, or older recordings are deleted before their retention age.`,
      });
    } else {
      this.problems.clear({ code: 'ST_ERR_RECORDING_BUDGET' });
      this.problems.clear({ code: 'ST_ERR_RECORDING_RETENTION' });
    }
    if (!previous || previous.short !== budget.short) this.options.onBudget?.(budget);
    return budget;
  }

  private async checkBudgetPeriodically(): Promise<void> {
    await this.checkBudget().catch(() => undefined);
    if (this.stopped || this.stopping) return;
    this.budgetTimer = setTimeout(() => void this.checkBudgetPeriodically(), this.budget ? BUDGET_CHECK_MS : FIRST_BUDGET_RETRY_MS);
    this.budgetTimer.unref();
  }

  private recordPicture(kind: 'dispersion' | 'drillDispersion', throttle: DispersionRecordThrottle, snapshot: DispersionSnapshot): void {
    const logMs = this.now();
    if (!throttle.take(snapshot, logMs)) return;
    const zones = dispersionZones(snapshot);
    this.push({ type: 'message', kind, logMs, payload: zones }, dispersionZonesBytes(zones));
  }

  /** A drill, simulation or incident span (start/end) or a note, for the replay timeline. */
  mark(marker: MarkerMessage): void {
    this.push({ type: 'message', kind: 'marker', logMs: this.now(), payload: marker }, 200);
  }

  /** A simulation the commander ran (dispersion, evacuation): its input and output summary. */
  recordSimulationRun(run: SimulationRunMessage): void {
    this.push({ type: 'message', kind: 'simulationRun', logMs: this.now(), payload: run }, JSON.stringify(run).length);
  }

  /** A camera snapshot (or clip reference) as an MCAP attachment; returns its name, to cite in a detection. */
  addSnapshot(input: { cameraId: string; tsMs: number; mediaType: string; data: Uint8Array; name?: string }): string {
    const name = input.name ?? `snapshots/${input.cameraId}/${input.tsMs}${input.mediaType === 'image/png' ? '.png' : '.jpg'}`;
    this.push({ type: 'attachment', logMs: this.now(), name, mediaType: input.mediaType, data: input.data }, input.data.byteLength + 200);
    return name;
  }

  /** Incident, shift or operator information as an MCAP metadata record (string → string). */
  addMetadata(name: 'incident' | 'shift' | 'operator' | (string & {}), metadata: Record<string, string>): void {
    this.push({ type: 'metadata', logMs: this.now(), name, metadata: new Map(Object.entries(metadata)) }, JSON.stringify(metadata).length + 100);
  }

  getStats(): RecorderStats {
    return { ...this.writerStats, recordsDropped: this.writerStats.recordsDropped + this.droppedHere, queuedRecords: this.queue.length, pendingBytes: this.queueBytes + this.inFlightBytes, callerThreadBusyMs: this.busyMs };
  }

  /** Hands everything queued so far to the writer; resolves when it is on disk. */
  flush(): Promise<void> {
    const items = this.queue;
    const bytes = this.queueBytes;
    this.queue = [];
    this.queueBytes = 0;
    this.inFlightBytes += bytes;
    return this.serial(async () => {
      try {
        // The synchronous part is the hand-over (for the worker: the structured clone); the rest runs elsewhere.
        const t0 = performance.now();
        const written = this.transport.write(items, this.now());
        this.busyMs += performance.now() - t0;
        this.writerStats = await written;
        if (this.lastDropMs !== null && this.now() - this.lastDropMs >= DROP_CLEAR_MS) {
          // The queue has kept up for a minute: the dropping condition ended.
          this.lastDropMs = null;
          this.problems.clear({ code: 'ST_ERR_RECORDING_DROPPED' });
        }
      } catch (error) {
        // The writer is gone (its worker died): what it was given is lost, and the operator must know.
        this.droppedHere += items.length;
        this.raise('ST_ERR_RECORDING_WRITE', `the recorder's writer failed: ${(error as Error).message}`, 'Restart the core; recordings resume in a new file (a .part left behind is recovered).');
        throw error;
      } finally {
        this.inFlightBytes -= bytes;
      }
    });
  }

  /** Starts a new file now (e.g. at a shift change). */
  async rotate(): Promise<void> {
    await this.flush();
    await this.serial(async () => void (this.writerStats = await this.transport.rotate(this.now())));
  }

  /** Unsubscribes, writes what is queued, closes the file properly and ends the worker. Idempotent: every call waits for the one stop. */
  stop(): Promise<void> {
    if (!this.started) return Promise.resolve();
    this.stopping ??= this.stopOnce();
    return this.stopping;
  }

  private async stopOnce(): Promise<void> {
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
    if (this.timer) clearInterval(this.timer);
    if (this.budgetTimer) clearTimeout(this.budgetTimer);
    try {
      await this.flush();
      this.stopped = true;
      await this.serial(async () => void (this.writerStats = await this.transport.close(this.now())));
    } finally {
      this.stopped = true;
      await this.transport.dispose();
    }
  }

  private push(item: RecordItem, bytes: number): void {
    if (this.stopped || !this.started) return;
    const t0 = performance.now();
    this.enqueue(item, bytes);
    this.busyMs += performance.now() - t0;
  }

  private enqueue(item: RecordItem, bytes: number): void {
    if (this.queueBytes + this.inFlightBytes + bytes > this.maxQueueBytes) {
      this.droppedHere++;
      this.lastDropMs = this.now();
      this.raise('ST_ERR_RECORDING_DROPPED', `the recorder queue is full (${Math.round(this.maxQueueBytes / 2 ** 20)} MiB); ${this.droppedHere} records dropped so far`, 'The disk cannot keep up: use a faster disk or record fewer sensors.');
      return;
    }
    this.queue.push(item);
    this.queueBytes += bytes;
  }

  private serial<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.chain.then(operation, operation);
    this.chain = result.catch(() => undefined);
    return result;
  }

  private raise(code: Problem['code'], message: string, tip: string): void {
    const now = this.now();
    if (now - (this.lastProblemMs.get(code) ?? Number.NEGATIVE_INFINITY) < PROBLEM_REPEAT_MS) return;
    this.lastProblemMs.set(code, now);
    this.problems.raise({ code, severity: 'warning', message, tip });
  }
}
