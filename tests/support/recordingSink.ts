import type { CameraDetections, SampleQuality, WorkerPosition } from '../../main/contracts/index.js';
import type { IngestSink } from '../../main/ingest/IngestSink.js';
import type { RejectionReason } from '../../main/ingest/rejections.js';

/** An ingest sink that remembers what it was given: for decoder unit tests. */
export class RecordingSink implements IngestSink {
  samples: { sensorIndex: number; value: number; quality: SampleQuality; tsMs: number }[] = [];
  workers: WorkerPosition[] = [];
  rejections: { reason: RejectionReason; topic: string; detail?: string | undefined }[] = [];
  offline: number[][] = [];
  detectionEvents: CameraDetections[] = [];

  detections(event: CameraDetections): void {
    this.detectionEvents.push(event);
  }

  sample(sensorIndex: number, value: number, quality: SampleQuality, tsMs: number): void {
    this.samples.push({ sensorIndex, value, quality, tsMs });
  }
  worker(position: WorkerPosition): void {
    this.workers.push(position);
  }
  reject(reason: RejectionReason, topic: string, detail?: string): void {
    this.rejections.push({ reason, topic, detail });
  }
  sourceOffline(sensorIndices: number[]): void {
    this.offline.push(sensorIndices);
  }
  reasons(): RejectionReason[] {
    return this.rejections.map((r) => r.reason);
  }
}
