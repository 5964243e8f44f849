import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Detection, DetectTimings } from './detect.js';
import type { WorkerReply, WorkerRequest } from './inferenceProtocol.js';
import type { ModelManifest } from './modelManifest.js';
import type { SessionConfig } from './OnnxDetector.js';
import { VisionError } from './visionError.js';
import { workerEntry } from './workerEntry.js';

export type PoolConfig = {
  /** Worker threads, each with its own session. Default: one per core minus one for the core's event loop and ffmpeg. */
  workers: number;
  session: SessionConfig;
  /** A worker that has not answered in this long is replaced (a hung native call must not stall a camera forever). */
  jobTimeoutMs: number;
};

/** Pool size for this machine: cores − 1 (at least 1), one onnxruntime thread each, so the pool never oversubscribes. */
export function defaultPoolConfig(cores = os.availableParallelism()): PoolConfig {
  return { workers: Math.max(1, cores - 1), session: { executionProviders: ['cpu'], intraOpNumThreads: 1 }, jobTimeoutMs: 30_000 };
}

export type DetectResult = { detections: Detection[]; timings: DetectTimings; rgb: Uint8Array };

type Job =
  | { kind: 'detect'; rgb: Uint8Array; widthPx: number; heightPx: number; resolve: (r: DetectResult) => void; reject: (e: Error) => void }
  | { kind: 'bare'; resolve: (runMs: number) => void; reject: (e: Error) => void };

type Slot = { worker: Worker; busy: { id: number; job: Job; timer: NodeJS.Timeout } | null; ready: boolean; closing?: boolean };

/**
 * A pool of inference workers for one model. Jobs wait in a FIFO that the caller keeps bounded (the vision
 * service submits at most one frame per camera at a time), so the pool never holds an unbounded queue.
 * A worker that dies is replaced; its job fails with a coded error and the next jobs run on the new one.
 */
export class InferencePool {
  readonly manifest: ModelManifest;
  readonly config: PoolConfig;
  private slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private readonly entry = workerEntry(import.meta.url, 'inference.worker');

  private constructor(manifest: ModelManifest, config: PoolConfig) {
    this.manifest = manifest;
    this.config = config;
  }

  /** Starts every worker and resolves when all sessions loaded; a bad model rejects with its VisionError. */
  static async start(manifest: ModelManifest, config: Partial<PoolConfig> = {}): Promise<InferencePool> {
    const pool = new InferencePool(manifest, { ...defaultPoolConfig(), ...config });
    try {
      await Promise.all(Array.from({ length: pool.config.workers }, () => pool.spawn()));
    } catch (error) {
      await pool.close();
      throw error;
    }
    return pool;
  }

  get size(): number {
    return this.slots.length;
  }

  get queued(): number {
    return this.queue.length;
  }

  /** Runs one RGB frame through pre-processing, session.run and post-processing on a worker. The buffer is transferred and handed back. */
  detect(rgb: Uint8Array, widthPx: number, heightPx: number): Promise<DetectResult> {
    return new Promise((resolve, reject) => this.enqueue({ kind: 'detect', rgb, widthPx, heightPx, resolve, reject }));
  }

  /** One bare session.run on a worker (no pre/post), for the benchmark's ceiling. */
  bareRun(): Promise<number> {
    return new Promise((resolve, reject) => this.enqueue({ kind: 'bare', resolve, reject }));
  }

  /**
   * Closes the workers gracefully: running jobs finish, then each worker releases its session and exits
   * by itself. Terminating a thread in the middle of a native onnxruntime call aborts the whole process
   * ("terminate called after throwing Napi::Error"), so terminate() is only the fallback after a timeout.
   */
  async close(timeoutMs = 10_000): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new VisionError('ST_ERR_VISION_INFERENCE', 'the inference pool was closed'));
    const slots = this.slots;
    this.slots = [];
    await Promise.all(slots.map((slot) => this.closeSlot(slot, timeoutMs)));
  }

  private async closeSlot(slot: Slot, timeoutMs: number): Promise<void> {
    const exited = new Promise<void>((resolve) => slot.worker.once('exit', () => resolve()));
    const deadline = Date.now() + timeoutMs;
    while (slot.busy && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    slot.closing = true;
    slot.worker.postMessage({ type: 'close' } satisfies WorkerRequest);
    const timer = setTimeout(() => void slot.worker.terminate(), Math.max(0, deadline - Date.now()));
    await exited;
    clearTimeout(timer);
  }

  private enqueue(job: Job): void {
    if (this.closed) return job.reject(new VisionError('ST_ERR_VISION_INFERENCE', 'the inference pool is closed'));
    this.queue.push(job);
    this.pump();
  }

  private spawn(): Promise<void> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(this.entry.url, { workerData: { manifest: this.manifest, session: this.config.session }, execArgv: this.entry.execArgv });
      const slot: Slot = { worker, busy: null, ready: false };
      this.slots.push(slot);
      worker.on('message', (reply: WorkerReply) => {
        if (reply.type === 'ready') {
          slot.ready = true;
          resolve();
          this.pump();
        } else if (reply.type === 'initError') {
          this.remove(slot);
          reject(VisionError.fromPlain(reply.error));
        } else this.finish(slot, reply);
      });
      worker.on('error', (error) => {
        if (!slot.ready) {
          this.remove(slot);
          reject(new VisionError('ST_ERR_VISION_MODEL_LOAD', `inference worker failed to start: ${error.message}`, { location: this.manifest.modelPath }));
          return;
        }
        this.failSlot(slot, `inference worker crashed: ${error.message}`);
      });
      worker.on('exit', (code) => {
        if (slot.ready && !slot.closing && this.slots.includes(slot)) this.failSlot(slot, `inference worker exited with status ${code}`);
      });
    });
  }

  /** A worker died mid-job: fail its job, replace it (the model loaded before, so it will load again). */
  private failSlot(slot: Slot, message: string): void {
    if (slot.busy) {
      clearTimeout(slot.busy.timer);
      slot.busy.job.reject(new VisionError('ST_ERR_VISION_INFERENCE', message));
      slot.busy = null;
    }
    this.remove(slot);
    void slot.worker.terminate();
    if (!this.closed) this.spawn().catch(() => undefined);
  }

  private remove(slot: Slot): void {
    this.slots = this.slots.filter((s) => s !== slot);
  }

  private finish(slot: Slot, reply: Exclude<WorkerReply, { type: 'ready' | 'initError' }>): void {
    const busy = slot.busy;
    if (!busy || busy.id !== reply.id) return;
    clearTimeout(busy.timer);
    slot.busy = null;
    const job = busy.job;
    if (reply.type === 'failed') job.reject(VisionError.fromPlain(reply.error));
    else if (reply.type === 'detected' && job.kind === 'detect') job.resolve({ detections: reply.detections, timings: reply.timings, rgb: new Uint8Array(reply.rgb) });
    else if (reply.type === 'bareDone' && job.kind === 'bare') job.resolve(reply.runMs);
    this.pump();
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (!slot.ready || slot.busy || this.queue.length === 0) continue;
      const job = this.queue.shift()!;
      const id = this.nextId++;
      const timer = setTimeout(() => this.failSlot(slot, `inference timed out after ${this.config.jobTimeoutMs} ms`), this.config.jobTimeoutMs);
      slot.busy = { id, job, timer };
      if (job.kind === 'detect') {
        // Transfer a buffer the frame owns exclusively; copy when the view is a slice of a larger buffer.
        const owned = job.rgb.byteOffset === 0 && job.rgb.byteLength === job.rgb.buffer.byteLength ? job.rgb : job.rgb.slice();
        const buffer = owned.buffer as ArrayBuffer;
        slot.worker.postMessage({ type: 'detect', id, rgb: buffer, widthPx: job.widthPx, heightPx: job.heightPx } satisfies WorkerRequest, [buffer]);
      } else slot.worker.postMessage({ type: 'bare', id } satisfies WorkerRequest);
    }
  }
}
