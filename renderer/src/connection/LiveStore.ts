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
  private readonly changeListeners = new Set<() => void>();
  /** Acknowledgements of frames applied but not yet drawn by a 3D view. */
  private waitingForDraw: (() => void)[] = [];
  private drawers = 0;

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
    this.notify();
  }

  /**
   * Called after every applied frame and reset, outside React: the one place a view learns that live
   * data changed (the 3D view's invalidator asks for a render; no layer polls the version).
   */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /**
   * A view that draws live data (the 3D twin) acknowledges frames once it has drawn them: backpressure
   * from the screen to the core (architecture §3). Returns the detach function.
   */
  attachDrawer(): () => void {
    this.drawers++;
    return () => {
      this.drawers--;
      if (this.drawers === 0) this.drawn();
    };
  }

  /** Holds a frame's acknowledgement until a view has drawn it; false when no view draws (the caller acknowledges itself). */
  acknowledgeWhenDrawn(acknowledge: () => void): boolean {
    if (this.drawers === 0) return false;
    this.waitingForDraw.push(acknowledge);
    return true;
  }

  /** A view drew the current values: the frames behind them are acknowledged. */
  drawn(): void {
    if (this.waitingForDraw.length === 0) return;
    const acknowledgements = this.waitingForDraw;
    this.waitingForDraw = [];
    for (const acknowledge of acknowledgements) acknowledge();
  }

  private notify(): void {
    for (const listener of this.changeListeners) listener();
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
    this.notify();
  }
}

type TypedArrayConstructor<T> = { new (buffer: ArrayBuffer): T; BYTES_PER_ELEMENT: number };

/** socket.io delivers binary attachments as ArrayBuffers in the browser, typed arrays in Node. */
function asView<T>(data: ArrayBuffer | T, View: TypedArrayConstructor<T>): T {
  return data instanceof ArrayBuffer ? new View(data) : (data as T);
}
