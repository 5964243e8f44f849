import { Worker } from 'node:worker_threads';

/** What a worker answers to a request: its result, or an error (with an optional problem code). */
export type WorkerRpcResponse = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: { message: string; code?: string } };

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void; timer: NodeJS.Timeout };

/**
 * Request/response to a worker thread that runs a pure engine off the core's event loop (dispersion,
 * evacuation): numbered requests, one answer each, a timeout per request, and every pending request
 * rejected when the worker fails, exits or is disposed — a stuck engine never hangs its caller.
 */
export class WorkerRpc<Request extends { op: string }> {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private disposed = false;

  constructor(
    workerUrl: URL,
    private readonly name: string,
    private readonly timeoutMs: number,
    /** Turns a worker's error answer into the error the caller sees (e.g. a coded request error). */
    private readonly toError: (error: { message: string; code?: string }) => Error = (error) => new Error(error.message),
  ) {
    this.worker = new Worker(workerUrl);
    this.worker.on('message', (response: WorkerRpcResponse) => this.settle(response));
    this.worker.on('error', (error) => this.failAll(error));
    this.worker.on('exit', (code) => this.failAll(new Error(`${name} worker exited with code ${code}`)));
  }

  call(body: Request): Promise<unknown> {
    if (this.disposed) return Promise.reject(new Error(`${this.name} worker disposed`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.name} worker did not answer "${body.op}" within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.worker.postMessage({ ...body, id });
    });
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.worker.terminate();
    this.failAll(new Error(`${this.name} worker disposed`));
  }

  private settle(response: WorkerRpcResponse): void {
    const pending = this.pending.get(response.id);
    if (!pending) return;
    this.pending.delete(response.id);
    clearTimeout(pending.timer);
    if (response.ok) pending.resolve(response.result);
    else pending.reject(this.toError(response.error));
  }

  private failAll(error: Error): void {
    for (const [id, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(error);
      this.pending.delete(id);
    }
  }
}
