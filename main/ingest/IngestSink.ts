import type { CameraDetections, SampleQuality, WorkerPosition } from '../contracts/index.js';
import type { RejectionReason } from './rejections.js';

/**
 * Where decoders put what they find: samples by scene sensor index, worker positions and
 * rejections. Decoders call it directly, so nothing is allocated per sample on the hot path.
 */
export interface IngestSink {
  sample(sensorIndex: number, value: number, quality: SampleQuality, tsMs: number, receivedMs: number): void;
  worker(position: WorkerPosition, receivedMs: number): void;
  reject(reason: RejectionReason, topic: string, detail?: string): void;
  detections(event: CameraDetections, receivedMs: number): void;
  /** Sensors whose source is known to be gone (Sparkplug DEATH): stale now, not after a timeout. */
  sourceOffline(sensorIndices: number[], receivedMs: number): void;
}
