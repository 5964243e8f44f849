import { parentPort } from 'node:worker_threads';
import type { Scene } from '../../contracts/index.js';
import type { HazardInputRaw, WorkerStart } from '../../evacuation/index.js';
import { EvacuationRunTable, type RunCreateOptions, type RunObservations } from './EvacuationRunTable.js';
import type { WorkerRpcResponse } from '../../platform/index.js';

/**
 * Worker-thread entry for the evacuation runs (see EvacuationRunWorker). Measured on the demo plant
 * (docs/bench/evac.json): a run's set-up takes 0.5–0.9 s and a field rebuild after a hazard change
 * about 180 ms — long enough to hold up alarms on the core's event loop, so runs live here.
 */
export type RunWorkerRequest =
  | { id: number; op: 'init'; scene: Scene }
  | { id: number; op: 'create'; runId: string; options: RunCreateOptions; workers: WorkerStart[] }
  | { id: number; op: 'step'; runId: string; dtS: number; withRoutes: boolean }
  | { id: number; op: 'setHazards'; runId: string; hazards: HazardInputRaw[] }
  | { id: number; op: 'observe'; runId: string; observations: RunObservations }
  | { id: number; op: 'report'; runId: string }
  | { id: number; op: 'release'; runId: string };
export type RunWorkerResponse = WorkerRpcResponse;

const port = parentPort;
if (!port) throw new Error('evacuationRuns.worker must run in a worker thread');

let table: EvacuationRunTable | undefined;

port.on('message', (message: RunWorkerRequest) => {
  try {
    if (message.op === 'init') {
      table = new EvacuationRunTable(message.scene);
      port.postMessage({ id: message.id, ok: true, result: null } satisfies RunWorkerResponse);
      return;
    }
    if (!table) throw new Error('evacuation worker used before init');
    switch (message.op) {
      case 'create':
        return reply(message.id, table.create(message.runId, message.options, message.workers));
      case 'step':
        return reply(message.id, table.step(message.runId, message.dtS, message.withRoutes));
      case 'setHazards':
        return reply(message.id, table.setHazards(message.runId, message.hazards));
      case 'observe':
        return reply(message.id, table.observe(message.runId, message.observations) ?? null);
      case 'report':
        return reply(message.id, table.report(message.runId));
      case 'release':
        return reply(message.id, table.release(message.runId) ?? null);
    }
  } catch (error) {
    port.postMessage({ id: message.id, ok: false, error: { message: (error as Error).message } } satisfies RunWorkerResponse);
  }
});

function reply(id: number, result: unknown): void {
  port!.postMessage({ id, ok: true, result } satisfies RunWorkerResponse);
}
