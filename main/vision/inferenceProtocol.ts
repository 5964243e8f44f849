import type { Detection, DetectTimings } from './detect.js';

/** Messages between InferencePool and inference.worker (structured clone; frame buffers are transferred). */
export type WorkerRequest =
  | { type: 'detect'; id: number; rgb: ArrayBuffer; widthPx: number; heightPx: number }
  /** One bare session.run on the worker's current input tensor: the benchmark's ceiling. */
  | { type: 'bare'; id: number }
  | { type: 'close' };

export type PlainVisionError = { code: string; message: string; tip?: string };

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'initError'; error: PlainVisionError }
  | { type: 'detected'; id: number; detections: Detection[]; timings: DetectTimings; rgb: ArrayBuffer }
  | { type: 'bareDone'; id: number; runMs: number }
  | { type: 'failed'; id: number; error: PlainVisionError; rgb?: ArrayBuffer };
