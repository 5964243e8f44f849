import { WorkerRpc } from '../../platform/index.js';
import type { EvacuationFrame, EvacuationReport, Scene } from '../../contracts/index.js';
import type { HazardInputRaw, WorkerStart } from '../../evacuation/index.js';
import type { RunCreateOptions, RunObservations } from './EvacuationRunTable.js';
import type { RunWorkerRequest } from './evacuationRuns.worker.js';

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

type RequestBody = RunWorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/**
 * The evacuation runs in a worker thread (the pattern of LeakServiceWorker): every request has a
 * timeout, dispose() ends the worker and rejects what is pending.
 */
export class EvacuationRunWorker implements EvacuationRunHost {
  private readonly rpc: WorkerRpc<RequestBody>;

  private constructor(workerUrl: URL, timeoutMs: number) {
    this.rpc = new WorkerRpc(workerUrl, 'evacuation', timeoutMs);
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

  dispose(): Promise<void> {
    return this.rpc.dispose();
  }

  private call(body: RequestBody): Promise<unknown> {
    return this.rpc.call(body);
  }
}
