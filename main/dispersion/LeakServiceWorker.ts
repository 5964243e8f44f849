import type { ActiveLeak, DispersionSnapshot, LeakStartRequest, Scene } from '../contracts/index.js';
import { LeakRequestError } from './equipmentRelease.js';
import type { LeakServiceOptions, WindUpdate, WorkerLocation } from './LeakService.js';
import type { WorkerRequest } from './leakService.worker.js';
import { WorkerRpc } from '../platform/index.js';

type RequestBody = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/**
 * LeakService in a worker thread, so a recompute never blocks the core's event loop. Same
 * operations, as promises; every call takes the owner's time (atMs, default Date.now()). Every
 * request has a timeout; dispose() ends the worker and rejects what is pending.
 */
export class LeakServiceWorker {
  private readonly rpc: WorkerRpc<RequestBody>;

  private constructor(workerUrl: URL, timeoutMs: number) {
    this.rpc = new WorkerRpc(workerUrl, 'dispersion', timeoutMs, (error) => (error.code ? new LeakRequestError(error.code as LeakRequestError['code'], error.message) : new Error(error.message)));
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

  /** Forgets a leak entirely (its cloud leaves the snapshot); false for an unknown id. */
  removeLeak(leakId: string, atMs = Date.now()): Promise<boolean> {
    return this.call({ op: 'removeLeak', leakId, atMs }) as Promise<boolean>;
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

  dispose(): Promise<void> {
    return this.rpc.dispose();
  }

  private call(body: RequestBody): Promise<unknown> {
    return this.rpc.call(body);
  }
}
