import type { LiveFrameWire, WorkerPosition } from '@contracts';

/**
 * The live plant values in the renderer: plain typed arrays indexed like scene.sensors, mutated in
 * place by each frame and read by the 3D layers inside useFrame — never React state (architecture §3).
 * `version` increments with every applied frame so readers can skip work when nothing changed.
 */
export class LiveStore {
  values: Float64Array;
  sampleTsMs: Float64Array;
  flags: Uint8Array;
  readonly workers = new Map<string, WorkerPosition>();
  version = 0;
  /**
   * Bumped when positions no longer follow on from the ones before (a seek in a replay, a change of
   * source): movement trails start anew instead of drawing the jump as a walk across buildings.
   */
  continuity = 0;
  framesApplied = 0;
  coalescedFrames = 0;
  lastFrameMs = 0;

  constructor(sensorCount = 0) {
    this.values = new Float64Array(sensorCount).fill(Number.NaN);
    this.sampleTsMs = new Float64Array(sensorCount);
    this.flags = new Uint8Array(sensorCount);
  }

  /** Grows the arrays, keeping what they hold: the first frame can arrive before the scene does. */
  ensureCapacity(sensorCount: number): void {
    if (this.values.length >= sensorCount) return;
    const values = new Float64Array(sensorCount).fill(Number.NaN);
    values.set(this.values);
    const sampleTsMs = new Float64Array(sensorCount);
    sampleTsMs.set(this.sampleTsMs);
    const flags = new Uint8Array(sensorCount);
    flags.set(this.flags);
    this.values = values;
    this.sampleTsMs = sampleTsMs;
    this.flags = flags;
  }

  /** Forget every value and badge (switching between live and a replay); readers see a new version. */
  reset(): void {
    this.values.fill(Number.NaN);
    this.sampleTsMs.fill(0);
    this.flags.fill(0);
    this.workers.clear();
    this.breakContinuity();
  }

  /** The next positions do not follow on from these (see `continuity`). */
  breakContinuity(): void {
    this.continuity++;
    this.version++;
  }

  apply(frame: LiveFrameWire): void {
    const indices = asView(frame.indices, Uint32Array);
    const values = asView(frame.values, Float64Array);
    const sampleTsMs = asView(frame.sampleTsMs, Float64Array);
    const flags = asView(frame.flags, Uint8Array);
    let maxIndex = -1;
    for (let n = 0; n < indices.length; n++) maxIndex = Math.max(maxIndex, indices[n]!);
    this.ensureCapacity(maxIndex + 1);
    for (let n = 0; n < indices.length; n++) {
      const i = indices[n]!;
      this.values[i] = values[n]!;
      this.sampleTsMs[i] = sampleTsMs[n]!;
      this.flags[i] = flags[n]!;
    }
    for (const worker of frame.workers) this.workers.set(worker.badgeId, worker);
    this.coalescedFrames += frame.coalesced;
    this.framesApplied++;
    this.lastFrameMs = frame.tsMs;
    this.version++;
  }
}

type TypedArrayConstructor<T> = { new (buffer: ArrayBuffer): T; BYTES_PER_ELEMENT: number };

/** socket.io delivers binary attachments as ArrayBuffers in the browser, typed arrays in Node. */
function asView<T>(data: ArrayBuffer | T, View: TypedArrayConstructor<T>): T {
  return data instanceof ArrayBuffer ? new View(data) : (data as T);
}
