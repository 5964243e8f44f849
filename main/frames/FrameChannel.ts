import type { PlayerFrame } from '../contracts/index.js';
import type { CoreMetrics } from '../metrics/index.js';
import type { FrameSource } from './FrameSource.js';

/** A frame not acknowledged by then is counted lost, and the screen gets the next one. */
export const FRAME_ACK_TIMEOUT_MS = 5_000;

type FrameMetrics = Pick<CoreMetrics, 'liveFrames' | 'liveFramesCoalesced' | 'liveFramesExpired'>;

/**
 * One screen's frames, whatever its player (architecture §3): at most one frame in flight; what
 * changes meanwhile merges into the next frame, read from the source when it is built (latest value
 * wins). The channel holds one number per screen — the last change it sent — so a slow screen costs
 * the core no memory: it gets fewer, fuller frames, counted as coalesced.
 */
export class FrameChannel {
  private source: FrameSource | null = null;
  private seekSeq = 0;
  /** The source's change number the last frame carried everything up to. */
  private sentSeq = 0;
  private inFlight: { frameSeq: number; sinceMs: number } | null = null;
  private mergedWhileInFlight = 0;
  private frameSeq = 0;
  /** The changed sensors of the frame being built: one scan of the source, no allocation per frame but the frame's own arrays. */
  private changed = new Uint32Array(0);

  constructor(
    private readonly send: (frame: PlayerFrame, acknowledge: () => void) => void,
    private readonly metrics: FrameMetrics,
  ) {}

  /**
   * A new source, or a discontinuity in this one (a seek): the next frame carries every sensor and
   * badge the source holds, stamped with the new seekSeq. A frame still in flight belongs to the old
   * picture: its late acknowledgement is ignored.
   */
  attach(source: FrameSource, seekSeq: number): void {
    this.source = source;
    this.seekSeq = seekSeq;
    this.sentSeq = 0;
    this.inFlight = null;
    this.mergedWhileInFlight = 0;
  }

  get busy(): boolean {
    return this.inFlight !== null;
  }

  /** Sends the next frame if none is in flight and something changed; called on the frame cadence. */
  pump(nowMs: number): void {
    const source = this.source;
    if (!source) return;
    if (this.inFlight) {
      if (nowMs - this.inFlight.sinceMs < FRAME_ACK_TIMEOUT_MS) {
        if (source.changes.latest > this.sentSeq) {
          this.mergedWhileInFlight++;
          this.metrics.liveFramesCoalesced.inc();
        }
        return;
      }
      this.inFlight = null;
      this.metrics.liveFramesExpired.inc();
    }
    const latest = source.changes.latest;
    if (latest <= this.sentSeq) return;
    const frame = this.build(source);
    this.sentSeq = latest;
    const frameSeq = frame.seq;
    this.inFlight = { frameSeq, sinceMs: nowMs };
    this.mergedWhileInFlight = 0;
    this.metrics.liveFrames.inc();
    this.send(frame, () => {
      if (this.inFlight?.frameSeq === frameSeq) this.inFlight = null;
    });
  }

  private build(source: FrameSource): PlayerFrame {
    const { changes } = source;
    if (this.changed.length < source.sensorCount) this.changed = new Uint32Array(source.sensorCount);
    const n = changes.sensorsSince(this.sentSeq, this.changed);
    const frame: PlayerFrame = {
      seq: ++this.frameSeq,
      seekSeq: this.seekSeq,
      tsMs: source.pictureMs(),
      indices: new Uint32Array(n),
      values: new Float64Array(n),
      sampleTsMs: new Float64Array(n),
      flags: new Uint8Array(n),
      workers: changes.workersSince(this.sentSeq),
      coalesced: this.mergedWhileInFlight,
    };
    for (let k = 0; k < n; k++) {
      const index = this.changed[k]!;
      const reading = source.readSensor(index);
      frame.indices[k] = index;
      frame.values[k] = reading.value;
      frame.sampleTsMs[k] = reading.sampleTsMs;
      frame.flags[k] = reading.flags;
    }
    return frame;
  }
}
