import type { LiveFrame, WorkerPosition } from '../contracts/index.js';

/**
 * One client's pending changes. At most one frame is in flight; changes that arrive meanwhile
 * merge into the pending set (latest value wins), so a slow client gets coalesced frames, never
 * a growing queue (architecture §3).
 */
export class ClientFrameQueue {
  private readonly dirty: Uint8Array;
  private dirtyCount = 0;
  private readonly workers = new Map<string, WorkerPosition>();
  private inFlightSinceMs: number | null = null;
  private mergedWhileInFlight = 0;
  private seq = 0;
  framesSent = 0;
  framesCoalesced = 0;

  constructor(sensorCount: number) {
    this.dirty = new Uint8Array(sensorCount);
  }

  markSensor(index: number): void {
    if (this.dirty[index] === 0) {
      this.dirty[index] = 1;
      this.dirtyCount++;
    }
  }

  markAllSensors(): void {
    this.dirty.fill(1);
    this.dirtyCount = this.dirty.length;
  }

  markWorker(position: WorkerPosition): void {
    this.workers.set(position.badgeId, position);
  }

  get busy(): boolean {
    return this.inFlightSinceMs !== null;
  }

  /** A frame's acknowledgement did not come back in time: count it lost and send the next. */
  expireInFlight(nowMs: number, timeoutMs: number): boolean {
    if (this.inFlightSinceMs === null || nowMs - this.inFlightSinceMs < timeoutMs) return false;
    this.inFlightSinceMs = null;
    return true;
  }

  acknowledge(): void {
    this.inFlightSinceMs = null;
  }

  /** The next frame, or null when nothing changed or one is still in flight. */
  take(nowMs: number, read: (index: number) => { value: number; sampleTsMs: number; flags: number }): LiveFrame | null {
    if (this.inFlightSinceMs !== null) {
      if (this.dirtyCount > 0 || this.workers.size > 0) this.mergedWhileInFlight++;
      return null;
    }
    if (this.dirtyCount === 0 && this.workers.size === 0) return null;
    const indices = new Uint32Array(this.dirtyCount);
    const values = new Float64Array(this.dirtyCount);
    const sampleTsMs = new Float64Array(this.dirtyCount);
    const flags = new Uint8Array(this.dirtyCount);
    let n = 0;
    for (let i = 0; i < this.dirty.length && n < this.dirtyCount; i++) {
      if (this.dirty[i] === 0) continue;
      this.dirty[i] = 0;
      const tag = read(i);
      indices[n] = i;
      values[n] = tag.value;
      sampleTsMs[n] = tag.sampleTsMs;
      flags[n] = tag.flags;
      n++;
    }
    this.dirtyCount = 0;
    const frame: LiveFrame = { seq: ++this.seq, tsMs: nowMs, indices, values, sampleTsMs, flags, workers: [...this.workers.values()], coalesced: this.mergedWhileInFlight };
    this.workers.clear();
    this.framesCoalesced += this.mergedWhileInFlight;
    this.mergedWhileInFlight = 0;
    this.inFlightSinceMs = nowMs;
    this.framesSent++;
    return frame;
  }
}
