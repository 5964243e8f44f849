import type { WorkerPosition } from '../contracts/index.js';

/** What a frame reads of one sensor: its value, the sample's own time and the flag byte (contracts/sensorFlags). */
export type SensorReading = { value: number; sampleTsMs: number; flags: number };

/**
 * A player's plant picture as the frame channel reads it: every change numbered by one counter, so a
 * screen's channel needs only the number it last sent to find what changed since (architecture §3).
 * The source does no work per screen: ten screens cost what one does until frames are built.
 */
export interface FrameSource {
  readonly sensorCount: number;
  readonly changes: ChangeLog;
  readSensor(index: number): SensorReading;
  /** The instant the picture shows (live: now; replay: the playhead), stamped on each frame. */
  pictureMs(): number;
}

/**
 * Change numbers per sensor and per badge. Float64Array: exact to 2^53 changes, where a Uint32Array
 * would wrap after four billion (a day at 50,000 samples per second).
 */
export class ChangeLog {
  private counter = 0;
  private readonly sensorSeq: Float64Array;
  private readonly workers = new Map<string, { position: WorkerPosition; seq: number }>();

  constructor(readonly sensorCount: number) {
    this.sensorSeq = new Float64Array(sensorCount);
  }

  /** The number of the latest change (0: none yet). */
  get latest(): number {
    return this.counter;
  }

  touchSensor(index: number): void {
    this.sensorSeq[index] = ++this.counter;
  }

  /** Every sensor changed (a new source, a seek): the next frame of every screen carries them all. */
  touchAllSensors(): void {
    this.sensorSeq.fill(++this.counter);
  }

  touchWorker(position: WorkerPosition): void {
    this.workers.set(position.badgeId, { position, seq: ++this.counter });
  }

  /** Badges are forgotten with their source's reset (a seek back to before they were seen). */
  clearWorkers(): void {
    this.workers.clear();
    this.counter++;
  }

  /** The sensors changed after sinceSeq, in index order, written into `into` (a scratch array reused by the caller); returns how many. */
  sensorsSince(sinceSeq: number, into: Uint32Array): number {
    let n = 0;
    for (let i = 0; i < this.sensorCount; i++) if (this.sensorSeq[i]! > sinceSeq) into[n++] = i;
    return n;
  }

  workersSince(sinceSeq: number): WorkerPosition[] {
    const changed: WorkerPosition[] = [];
    for (const entry of this.workers.values()) if (entry.seq > sinceSeq) changed.push(entry.position);
    return changed;
  }
}
