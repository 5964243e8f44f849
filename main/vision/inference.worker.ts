// Worker thread entry: one onnxruntime session per worker. session.run blocks its thread for the whole
// inference (measured: the event loop stalls ~19 ms per run), so it never runs on the core's main thread.
import { parentPort, workerData } from 'node:worker_threads';
import type { ModelManifest } from './modelManifest.js';
import { OnnxDetector, type SessionConfig } from './OnnxDetector.js';
import type { WorkerReply, WorkerRequest } from './inferenceProtocol.js';
import { asVisionError } from './visionError.js';

const port = parentPort!;
const { manifest, session } = workerData as { manifest: ModelManifest; session: SessionConfig };

const plainError = (error: unknown) => {
  const e = asVisionError(error, 'ST_ERR_VISION_INFERENCE');
  return e.tip === undefined ? { code: e.code, message: e.message } : { code: e.code, message: e.message, tip: e.tip };
};

let detector: OnnxDetector;
try {
  detector = await OnnxDetector.create(manifest, session);
  port.postMessage({ type: 'ready' } satisfies WorkerReply);
} catch (error) {
  port.postMessage({ type: 'initError', error: plainError(error) } satisfies WorkerReply);
  process.exit(0);
}

/** One request; every failure is answered (detect, bare) or ends the thread (close), never an unhandled rejection. */
async function answer(request: WorkerRequest): Promise<void> {
  if (request.type === 'detect') {
    const rgb = new Uint8Array(request.rgb);
    try {
      const { detections, timings } = await detector.detect(rgb, request.widthPx, request.heightPx);
      // The frame buffer goes back to the caller (transferred, not copied) for snapshots and the clip ring.
      port.postMessage({ type: 'detected', id: request.id, detections, timings, rgb: request.rgb } satisfies WorkerReply, [request.rgb]);
    } catch (error) {
      port.postMessage({ type: 'failed', id: request.id, error: plainError(error), rgb: request.rgb } satisfies WorkerReply, [request.rgb]);
    }
  } else if (request.type === 'bare') {
    const t0 = performance.now();
    try {
      const outputs = await detector.runBare();
      for (const value of Object.values(outputs)) value.dispose();
      port.postMessage({ type: 'bareDone', id: request.id, runMs: performance.now() - t0 } satisfies WorkerReply);
    } catch (error) {
      port.postMessage({ type: 'failed', id: request.id, error: plainError(error) } satisfies WorkerReply);
    }
  } else if (request.type === 'close') {
    try {
      await detector.dispose();
    } finally {
      // Closing the port empties the thread's event loop: the worker exits on its own, no terminate().
      port.close();
    }
  }
}

port.on('message', (request: WorkerRequest) => void answer(request));
