import type { LiveFrame } from '../contracts/index.js';
import { ChangeLog, type FrameSource, type SensorReading } from './FrameSource.js';

/**
 * A frame source holding what a player computed elsewhere (a replay's recorded plant, a drill's
 * model): frames written in, change numbers kept, so every screen's channel reads it as it reads live.
 */
export class FrameTable implements FrameSource {
  readonly changes: ChangeLog;
  private readonly values: Float64Array;
  private readonly sampleTsMs: Float64Array;
  private readonly flags: Uint8Array;
  private readonly reading: SensorReading = { value: 0, sampleTsMs: 0, flags: 0 };
  private pictureAtMs = 0;

  constructor(readonly sensorCount: number) {
    this.changes = new ChangeLog(sensorCount);
    this.values = new Float64Array(sensorCount).fill(Number.NaN);
    this.sampleTsMs = new Float64Array(sensorCount);
    this.flags = new Uint8Array(sensorCount);
  }

  /** Writes a frame's sensors and badges; indices beyond the scene are ignored. */
  write(frame: LiveFrame): void {
    for (let k = 0; k < frame.indices.length; k++) {
      const index = frame.indices[k]!;
      if (index >= this.sensorCount) continue;
      this.values[index] = frame.values[k]!;
      this.sampleTsMs[index] = frame.sampleTsMs[k]!;
      this.flags[index] = frame.flags[k]!;
      this.changes.touchSensor(index);
    }
    for (const position of frame.workers) this.changes.touchWorker(position);
    this.pictureAtMs = frame.tsMs;
  }

  /** Forgets every value and badge (a seek: the instant's backfill follows); screens are sent the empty picture. */
  clear(atMs: number): void {
    this.values.fill(Number.NaN);
    this.sampleTsMs.fill(0);
    this.flags.fill(0);
    this.changes.clearWorkers();
    this.changes.touchAllSensors();
    this.pictureAtMs = atMs;
  }

  readSensor(index: number): SensorReading {
    this.reading.value = this.values[index]!;
    this.reading.sampleTsMs = this.sampleTsMs[index]!;
    this.reading.flags = this.flags[index]!;
    return this.reading;
  }

  pictureMs(): number {
    return this.pictureAtMs;
  }
}
