import { Worker } from 'node:worker_threads';
import type { ActiveLeak, DispersionSnapshot, LeakStartRequest, Scene } from '../contracts/index.js';
import { LeakRequestError } from './equipmentRelease.js';
import type { LeakServiceOptions, WindUpdate, WorkerLocation } from './LeakService.js';
import type { WorkerRequest, WorkerResponse } from './leakService.worker.js';

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void; timer: NodeJS.Timeout };
type RequestBody = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/**
 * LeakService in a worker thread, so a recompute never blocks the core's event loop. Same
 * operations, as promises; every call takes the owner's time (atMs, default Date.now()). Every
 * request has a timeout; dispose() ends the worker and rejects what is pending.
 */
export class LeakServiceWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private disposed = false;

  private constructor(
    workerUrl: URL,
    private readonly timeoutMs: number,
  ) {
    this.worker = new Worker(workerUrl);
    this.worker.on('message', (response: WorkerResponse) => this.settle(response));
    this.worker.on('error', (error) => this.failAll(error));
    this.worker.on('exit', (code) => this.failAll(new Error(`dispersion worker exited with code ${code}`)));
  }

  /** Starts the worker and the service in it. workerUrl defaults to the compiled leakService.worker.js beside this module. */
  static async start(scene: Scene, options: Omit<LeakServiceOptions, 'clock'> = {}, config: { workerUrl?: URL; timeoutMs?: number; atMs?: number } = {}): Promise<LeakServiceWorker> {
    const instance = new LeakServiceWorker(config.workerUrl ?? new URL('./leakService.worker.js', import.meta.url), config.timeoutMs ?? 10_000);
    await instance.call({ op: 'init', scene, options, atMs: config.atMs ?? Date.now() });
    return instance;
  }

  startLeak(request: LeakStartRequest, atMs = Date.now(), leakId?: string): Promise<ActiveLeak> {
    return this.call({ op: 'startLeak', request, atMs, ...(leakId !== undefined ? { leakId } : {}) }) as Promise<ActiveLeak>;
  }

  stopLeak(leakId: string, atMs = Date.now()): Promise<boolean> {
    return this.call({ op: 'stopLeak', leakId, atMs }) as Promise<boolean>;
  }

  /** Applies a wind sample and answers with the recomputed snapshot. */
  updateWind(sample: WindUpdate): Promise<DispersionSnapshot> {
    return this.call({ op: 'updateWind', sample, atMs: sample.atMs }) as Promise<DispersionSnapshot>;
  }

  setWorkerPositions(workers: readonly WorkerLocation[], atMs = Date.now()): Promise<void> {
    return this.call({ op: 'workers', workers: [...workers], atMs }) as Promise<void>;
  }

  recompute(atMs = Date.now()): Promise<DispersionSnapshot> {
    return this.call({ op: 'recompute', atMs }) as Promise<DispersionSnapshot>;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.worker.terminate();
    this.failAll(new Error('LeakServiceWorker disposed'));
  }

  private call(body: RequestBody): Promise<unknown> {
    if (this.disposed) return Promise.reject(new Error('LeakServiceWorker disposed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`dispersion worker did not answer "${body.op}" within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.worker.postMessage({ ...body, id } as WorkerRequest);
    });
  }

  private settle(response: WorkerResponse): void {
    const pending = this.pending.get(response.id);
    if (!pending) return;
    this.pending.delete(response.id);
    clearTimeout(pending.timer);
    if (response.ok) pending.resolve(response.result);
    else pending.reject(response.error.code ? new LeakRequestError(response.error.code as LeakRequestError['code'], response.error.message) : new Error(response.error.message));
  }

  private failAll(error: Error): void {
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(error);
      this.pending.delete(id);
    }
  }
}
