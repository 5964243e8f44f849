import { parentPort } from 'node:worker_threads';
import type { Scene } from '../contracts/index.js';
import { LeakRequestError } from './equipmentRelease.js';
import { LeakService, type LeakServiceOptions } from './LeakService.js';
import type { WorkerRpcResponse } from '../platform/index.js';

/**
 * Worker-thread entry for LeakService (see LeakServiceWorker). Each message may carry atMs, which
 * sets the service's clock for that call: the owner's clock drives the model, so a worker run is
 * as deterministic as an in-process one. Snapshot fields are transferred, not copied.
 */
export type WorkerRequest =
  | { id: number; op: 'init'; scene: Scene; options: Omit<LeakServiceOptions, 'clock'>; atMs?: number }
  | { id: number; op: 'startLeak'; request: Parameters<LeakService['startLeak']>[0]; leakId?: string; atMs?: number }
  | { id: number; op: 'stopLeak'; leakId: string; atMs?: number }
  | { id: number; op: 'removeLeak'; leakId: string; atMs?: number }
  | { id: number; op: 'updateWind'; sample: Parameters<LeakService['updateWind']>[0]; atMs?: number }
  | { id: number; op: 'workers'; workers: Parameters<LeakService['setWorkerPositions']>[0]; atMs?: number }
  | { id: number; op: 'recompute'; atMs?: number }
  | { id: number; op: 'dispose'; atMs?: number };
export type WorkerResponse = WorkerRpcResponse;

const port = parentPort;
if (!port) throw new Error('leakService.worker must run in a worker thread');

let nowMs = Date.now();
let service: LeakService | undefined;

port.on('message', (message: WorkerRequest) => {
  nowMs = message.atMs ?? Date.now();
  try {
    if (message.op === 'init') {
      service?.dispose();
      service = new LeakService(message.scene, { ...message.options, clock: () => nowMs });
      port.postMessage({ id: message.id, ok: true, result: null } satisfies WorkerResponse);
      return;
    }
    if (!service) throw new Error('LeakService worker used before init');
    switch (message.op) {
      case 'startLeak':
        port.postMessage({ id: message.id, ok: true, result: service.startLeak(message.request, message.leakId) } satisfies WorkerResponse);
        return;
      case 'stopLeak':
        port.postMessage({ id: message.id, ok: true, result: service.stopLeak(message.leakId) } satisfies WorkerResponse);
        return;
      case 'removeLeak':
        port.postMessage({ id: message.id, ok: true, result: service.removeLeak(message.leakId) } satisfies WorkerResponse);
        return;
      case 'updateWind':
        service.updateWind(message.sample);
        sendSnapshot(message.id, service.recompute(nowMs));
        return;
      case 'workers':
        service.setWorkerPositions(message.workers);
        port.postMessage({ id: message.id, ok: true, result: null } satisfies WorkerResponse);
        return;
      case 'recompute':
        sendSnapshot(message.id, service.recompute(nowMs));
        return;
      case 'dispose':
        service.dispose();
        service = undefined;
        port.postMessage({ id: message.id, ok: true, result: null } satisfies WorkerResponse);
        return;
    }
  } catch (error) {
    const err = error as Error;
    port.postMessage({ id: message.id, ok: false, error: { message: err.message, ...(error instanceof LeakRequestError ? { code: error.code } : {}) } } satisfies WorkerResponse);
  }
});

function sendSnapshot(id: number, snapshot: ReturnType<LeakService['recompute']>): void {
  const transfer = snapshot.fields.map((f) => (f.valuesMgM3 as Float32Array).buffer as ArrayBuffer);
  port!.postMessage({ id, ok: true, result: snapshot } satisfies WorkerResponse, transfer);
}
