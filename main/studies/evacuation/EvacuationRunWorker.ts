import { Worker } from 'node:worker_threads';
import type { EvacuationFrame, EvacuationReport, Scene } from '../../contracts/index.js';
import type { HazardInputRaw, WorkerStart } from '../../evacuation/index.js';
import type { RunCreateOptions, RunObservations } from './EvacuationRunTable.js';
import type { RunWorkerRequest, RunWorkerResponse } from './evacuationRuns.worker.js';

/** The evacuation runs as the core drives them: EvacuationRunWorker, or EvacuationRunTable behind promises in tests. */
export type EvacuationRunHost = {
  create(runId: string, options: RunCreateOptions, workers: WorkerStart[]): Promise<{ warnings: string[]; frame: EvacuationFrame }>;
  step(runId: string, dtS: number, withRoutes: boolean): Promise<EvacuationFrame>;
  setHazards(runId: string, hazards: HazardInputRaw[]): Promise<number>;
  observe(runId: string, observations: RunObservations): Promise<void>;
  report(runId: string): Promise<EvacuationReport>;
  release(runId: string): Promise<void>;
  dispose(): Promise<void>;
};

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void; timer: NodeJS.Timeout };
type RequestBody = RunWorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/**
 * The evacuation runs in a worker thread (the pattern of LeakServiceWorker): every request has a
 * timeout, dispose() ends the worker and rejects what is pending.
 */
export class EvacuationRunWorker implements EvacuationRunHost {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private disposed = false;

  private constructor(
    workerUrl: URL,
    private readonly timeoutMs: number,
  ) {
    this.worker = new Worker(workerUrl);
    this.worker.on('message', (response: RunWorkerResponse) => this.settle(response));
    this.worker.on('error', (error) => this.failAll(error));
    this.worker.on('exit', (code) => this.failAll(new Error(`evacuation worker exited with code ${code}`)));
  }

  /** workerUrl defaults to the compiled evacuationRuns.worker.js beside this module. */
  static async start(scene: Scene, config: { workerUrl?: URL; timeoutMs?: number } = {}): Promise<EvacuationRunWorker> {
    const instance = new EvacuationRunWorker(config.workerUrl ?? new URL('./evacuationRuns.worker.js', import.meta.url), config.timeoutMs ?? 20_000);
    await instance.call({ op: 'init', scene });
    return instance;
  }

  create(runId: string, options: RunCreateOptions, workers: WorkerStart[]) {
    return this.call({ op: 'create', runId, options, workers }) as Promise<{ warnings: string[]; frame: EvacuationFrame }>;
  }

  step(runId: string, dtS: number, withRoutes: boolean) {
    return this.call({ op: 'step', runId, dtS, withRoutes }) as Promise<EvacuationFrame>;
  }

  setHazards(runId: string, hazards: HazardInputRaw[]) {
    return this.call({ op: 'setHazards', runId, hazards }) as Promise<number>;
  }

  async observe(runId: string, observations: RunObservations): Promise<void> {
    await this.call({ op: 'observe', runId, observations });
  }

  report(runId: string) {
    return this.call({ op: 'report', runId }) as Promise<EvacuationReport>;
  }

  async release(runId: string): Promise<void> {
    await this.call({ op: 'release', runId });
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.worker.terminate();
    this.failAll(new Error('EvacuationRunWorker disposed'));
  }

  private call(body: RequestBody): Promise<unknown> {
    if (this.disposed) return Promise.reject(new Error('EvacuationRunWorker disposed'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`evacuation worker did not answer "${body.op}" within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.worker.postMessage({ ...body, id } as RunWorkerRequest);
    });
  }

  private settle(response: RunWorkerResponse): void {
    const pending = this.pending.get(response.id);
    if (!pending) return;
    this.pending.delete(response.id);
    clearTimeout(pending.timer);
    if (response.ok) pending.resolve(response.result);
    else pending.reject(new Error(response.error.message));
  }

  private failAll(error: Error): void {
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(error);
      this.pending.delete(id);
    }
  }
}
