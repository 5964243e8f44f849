import type { CoreTopics, MessageBus } from '../bus/index.js';
import type { Problem } from '../contracts/index.js';
import { alarmTransitionRow, batchRowCount, boundedJson, emptyBatch, EVENT_ROW_BYTES, markerRow, SAMPLE_ROW_BYTES, SampleColumnBuffer, simulationRunRow, type HistorianBatch } from './historianBatch.js';
import { HISTORIAN_PROBLEM_CODES, type HistorianProblemCode } from './historianErrors.js';
import type { HistorianSpool } from './HistorianSpool.js';
import type { HistorianDb } from './openHistorianDb.js';
import { SensorKeys, writeBatch } from './writeBatch.js';

export interface HistorianWriterOptions {
  historian: HistorianDb;
  bus: MessageBus<CoreTopics>;
  /** Scene sensor index → sensor id (the samples topic carries indices). */
  sensorIds: readonly string[];
  spool: HistorianSpool;
  /** How often queued rows are written (one transaction each). */
  flushIntervalMs?: number;
  /** Rows waiting in memory beyond this go to the disk spool instead (bounded queue, in bytes). */
  maxQueueBytes?: number;
  /** A write in flight longer than this raises ST_ERR_HISTORIAN_SLOW. */
  slowWriteMs?: number;
  /** At most one stored position per badge per interval (personal data: the least necessary). */
  positionIntervalMs?: number;
  /** Longest wait between retries while the database is lost (doubling from flushIntervalMs). */
  maxRetryMs?: number;
  nowMs?: () => number;
  /** Writes one batch in one transaction (the embedded engine's worker thread, SqliteBatchWriter); writeBatch on `historian` in this thread when absent. */
  write?: (batch: HistorianBatch) => Promise<unknown>;
  /**
   * While it writes a backlog back from the spool, the writer works at most this share of the time (0–1]:
   * after each spooled batch it pauses for as long again as the batch took, times (1 − share) / share. The
   * live ingest comes first (issue 16.4): on two cores a writer going flat out after a flood — on its thread
   * or, for PostgreSQL, building statements on the event loop — took a fifth to a third of the ingest's
   * throughput (docs/historian.md §9). Not applied to flush() (tests, shutdown).
   */
  backlogDutyCycle?: number;
}

export interface HistorianWriterStats {
  samplesQueued: number;
  samplesWritten: number;
  /** Not finite (NaN, ±Infinity): a number column cannot hold them; counted, never stored. */
  samplesRejected: number;
  /** Lost because the spool was full. */
  rowsDropped: number;
  batchesWritten: number;
  batchesSpooled: number;
  writeFailures: number;
}

const MAX_DETECTIONS_KEPT = 20;
/** A quarter of the time: a flood's backlog of a few million samples is written back within a minute (§9). */
const DEFAULT_BACKLOG_DUTY_CYCLE = 0.25;
const CAMERA_EVENT_INTERVAL_MS = 1000;

/**
 * Writes what the core bus carries into the historian, off the ingest path (issue 16.4): bus
 * handlers only append to an in-memory batch (samples into reused typed-array columns: no object per
 * sample); a timer writes it in one transaction, one write at a time. When the database is slow, rows that overflow the memory budget go to the disk spool; when it
 * is lost, the failed batch goes there too and the writer retries with backoff, writing the spool
 * back before new rows. Problems are raised and cleared on the bus ('problem' / 'problemCleared').
 */
export class HistorianWriter {
  readonly stats: HistorianWriterStats = { samplesQueued: 0, samplesWritten: 0, samplesRejected: 0, rowsDropped: 0, batchesWritten: 0, batchesSpooled: 0, writeFailures: 0 };
  /** Queued events; queued samples are in `samples`. */
  private pending = emptyBatch();
  private readonly samples: SampleColumnBuffer;
  private pendingBytes = 0;
  private writing: Promise<boolean> | null = null;
  private writeStartedAtMs = 0;
  private spilling: Promise<void> = Promise.resolve();
  private retryAtMs = 0;
  /** Set by dispose(): no more pauses. */
  private closing = false;
  private retryDelayMs: number;
  private readonly raised = new Set<HistorianProblemCode>();
  private readonly sensorKeys = new SensorKeys();
  private readonly lastPositionMs = new Map<string, number>();
  private readonly lastCameraEventMs = new Map<string, number>();
  private readonly unsubscribe: (() => void)[];
  private readonly timer: NodeJS.Timeout;
  private readonly nowMs: () => number;
  private readonly flushIntervalMs: number;
  private readonly maxQueueBytes: number;
  private readonly slowWriteMs: number;
  private readonly positionIntervalMs: number;
  private readonly maxRetryMs: number;
  private readonly write: (batch: HistorianBatch) => Promise<unknown>;
  private readonly backlogDutyCycle: number;
  /** Ends a backlog pause early (dispose). */
  private endPause: (() => void) | null = null;

  constructor(private readonly options: HistorianWriterOptions) {
    this.nowMs = options.nowMs ?? Date.now;
    this.flushIntervalMs = options.flushIntervalMs ?? 1000;
    this.maxQueueBytes = options.maxQueueBytes ?? 16 * 1024 * 1024;
    this.slowWriteMs = options.slowWriteMs ?? 5000;
    this.positionIntervalMs = options.positionIntervalMs ?? 5000;
    this.maxRetryMs = options.maxRetryMs ?? 30_000;
    this.retryDelayMs = this.flushIntervalMs;
    this.write = options.write ?? ((batch) => writeBatch(options.historian.db, batch, this.sensorKeys));
    this.backlogDutyCycle = Math.min(1, Math.max(0.01, options.backlogDutyCycle ?? DEFAULT_BACKLOG_DUTY_CYCLE));
    this.samples = new SampleColumnBuffer(options.sensorIds);
    const { bus } = options;
    this.unsubscribe = [
      bus.subscribe('samples', (batch) => this.onSamples(batch)),
      bus.subscribe('alarmTransition', (t) => this.queueEvent('alarms', alarmTransitionRow(t))),
      bus.subscribe('worker', (p) => {
        const lastMs = this.lastPositionMs.get(p.badgeId);
        if (lastMs !== undefined && p.tsMs - lastMs < this.positionIntervalMs && p.tsMs >= lastMs) return;
        this.lastPositionMs.set(p.badgeId, p.tsMs);
        this.queueEvent('positions', { badgeId: p.badgeId, tsMs: p.tsMs, x: p.x, y: p.y, floor: p.floor });
      }),
      bus.subscribe('detections', (d) => {
        if (d.detections.length === 0) return;
        const lastMs = this.lastCameraEventMs.get(d.cameraId);
        if (lastMs !== undefined && d.tsMs - lastMs < CAMERA_EVENT_INTERVAL_MS && d.tsMs >= lastMs) return;
        this.lastCameraEventMs.set(d.cameraId, d.tsMs);
        const kept = d.detections.slice(0, MAX_DETECTIONS_KEPT).map(({ label, score, ground }) => ({ label, score, ground }));
        this.queueEvent('cameraEvents', { atMs: d.tsMs, cameraId: d.cameraId, kind: 'detections', detailJson: boundedJson({ count: d.detections.length, detections: kept }) });
      }),
      bus.subscribe('marker', (m) => this.queueEvent('markers', markerRow(m, this.nowMs()))),
      bus.subscribe('simulationRun', (run) => this.queueEvent('actions', simulationRunRow(run, this.nowMs()))),
    ];
    this.timer = setInterval(() => this.tick(), this.flushIntervalMs);
    this.timer.unref();
  }

  /** Rows waiting in memory (bytes, estimated) and batches waiting on disk. */
  get backlog(): { queuedBytes: number; spooledBatches: number; spooledBytes: number } {
    return { queuedBytes: this.pendingBytes, spooledBatches: this.options.spool.batchCount, spooledBytes: this.options.spool.sizeBytes };
  }

  /**
   * Writes everything queued and spooled now (tests, shutdown). Resolves true when all of it is in
   * the database, false when the database refused (the rows are then in the spool, or counted lost
   * when the spool is full).
   */
  async flush(): Promise<boolean> {
    this.endPause?.();
    await this.writing;
    this.retryAtMs = 0;
    const written = await this.pump(false);
    return written && this.queuedRows() === 0 && this.options.spool.batchCount === 0;
  }

  /** Stops listening, writes what it can, spools the rest; the database itself is the caller's to close. */
  async dispose(): Promise<void> {
    for (const off of this.unsubscribe) off();
    clearInterval(this.timer);
    this.closing = true;
    await this.flush();
    if (this.queuedRows() > 0) this.spill();
    await this.spilling;
  }

  private onSamples(batch: CoreTopics['samples']): void {
    const queuedBefore = this.samples.count;
    this.stats.samplesRejected += this.samples.appendBusBatch(batch);
    const accepted = this.samples.count - queuedBefore;
    this.stats.samplesQueued += accepted;
    this.pendingBytes += accepted * SAMPLE_ROW_BYTES;
    this.spillIfOverBudget();
  }

  private queueEvent<K extends Exclude<keyof HistorianBatch, 'samples'>>(kind: K, row: HistorianBatch[K][number]): void {
    (this.pending[kind] as HistorianBatch[K][number][]).push(row);
    this.pendingBytes += EVENT_ROW_BYTES;
    this.spillIfOverBudget();
  }

  /** Over the memory budget (the database is slow or lost): the queued rows go to disk, not lost. */
  private spillIfOverBudget(): void {
    if (this.pendingBytes > this.maxQueueBytes) this.spill();
  }

  private queuedRows(): number {
    return this.samples.count + batchRowCount(this.pending);
  }

  /** What is queued, as one batch; the queue is empty afterwards. */
  private takeQueued(): HistorianBatch {
    const batch = { ...this.pending, samples: this.samples.take() };
    this.pending = emptyBatch();
    this.pendingBytes = 0;
    return batch;
  }

  private spill(): void {
    const batch = this.takeQueued();
    this.spilling = this.spilling.then(() => this.spool(batch));
  }

  private async spool(batch: HistorianBatch): Promise<void> {
    if (await this.options.spool.append(batch).catch(() => false)) {
      this.stats.batchesSpooled += 1;
      return;
    }
    this.stats.rowsDropped += batchRowCount(batch);
    this.raise('ST_ERR_HISTORIAN_SPOOL_FULL', 'error', `${this.stats.rowsDropped} rows lost so far; spool ${this.options.spool.sizeBytes} of ${this.options.spool.maxBytes} bytes`);
  }

  private tick(): void {
    if (this.writing !== null) {
      if (this.nowMs() - this.writeStartedAtMs > this.slowWriteMs) this.raise('ST_ERR_HISTORIAN_SLOW', 'warning');
      return;
    }
    if (this.nowMs() < this.retryAtMs) {
      // Lost: rows do not wait in memory for the next try, they go to the spool (bounded) now.
      if (this.queuedRows() > 0) this.spill();
      return;
    }
    void this.pump(true);
  }

  /** One write cycle: the spool first (older rows), then what is queued. Never throws; true when it all committed. */
  private pump(paced: boolean): Promise<boolean> {
    if (this.writing !== null) return this.writing;
    this.writeStartedAtMs = this.nowMs();
    this.writing = this.writeAll(paced).finally(() => {
      this.writing = null;
    });
    return this.writing;
  }

  private async writeAll(paced: boolean): Promise<boolean> {
    const { spool } = this.options;
    let current: HistorianBatch | null = null;
    let fromSpool = false;
    try {
      await this.spilling;
      for (let batch = await spool.peekOldest(); batch !== null; batch = await spool.peekOldest()) {
        current = batch;
        fromSpool = true;
        const tookMs = await this.timedWrite(batch);
        this.counted(batch);
        await spool.removeOldest();
        if (paced && spool.batchCount > 0) await this.pause((tookMs * (1 - this.backlogDutyCycle)) / this.backlogDutyCycle);
      }
      fromSpool = false;
      if (this.queuedRows() > 0) {
        current = this.takeQueued();
        await this.timedWrite(current);
        this.counted(current);
      }
      this.retryDelayMs = this.flushIntervalMs;
      this.retryAtMs = 0;
      this.clear('ST_ERR_HISTORIAN_LOST');
      if (spool.batchCount === 0) this.clear('ST_ERR_HISTORIAN_SLOW');
      if (spool.batchCount === 0 && spool.sizeBytes < spool.maxBytes / 2) this.clear('ST_ERR_HISTORIAN_SPOOL_FULL');
      return true;
    } catch (error) {
      this.stats.writeFailures += 1;
      // The batch in hand was not committed (one transaction): keep it for the next try.
      if (current !== null && !fromSpool) await this.spool(current);
      // Lost: what is queued goes to disk now instead of waiting in memory for the retry.
      if (this.queuedRows() > 0) this.spill();
      await this.spilling;
      this.retryAtMs = this.nowMs() + this.retryDelayMs;
      this.retryDelayMs = Math.min(this.retryDelayMs * 2, this.maxRetryMs);
      this.raise('ST_ERR_HISTORIAN_LOST', 'error', (error as Error).message.slice(0, 200));
      return false;
    }
  }

  /** One batch in one transaction; its time is what ST_ERR_HISTORIAN_SLOW watches. Resolves how long it took. */
  private async timedWrite(batch: HistorianBatch): Promise<number> {
    this.writeStartedAtMs = this.nowMs();
    await this.write(batch);
    return this.nowMs() - this.writeStartedAtMs;
  }

  /** Waits `ms`, or less when the writer is being disposed. */
  private pause(ms: number): Promise<void> {
    if (this.closing || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.endPause = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.endPause = done;
    });
  }

  private counted(batch: HistorianBatch): void {
    this.stats.batchesWritten += 1;
    this.stats.samplesWritten += batch.samples.count;
  }

  /** Raised once per episode (the bus's problem board keeps it until cleared), not on every retry. */
  private raise(code: HistorianProblemCode, severity: Problem['severity'], detail?: string): void {
    if (this.raised.has(code)) return;
    this.raised.add(code);
    const problem: Problem = { code, severity, message: HISTORIAN_PROBLEM_CODES[code] };
    if (detail !== undefined) problem.tip = detail;
    this.options.bus.publish('problem', problem);
  }

  private clear(code: HistorianProblemCode): void {
    if (!this.raised.delete(code)) return;
    this.options.bus.publish('problemCleared', { code });
  }
}
