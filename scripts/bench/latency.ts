/**
 * Latency percentiles in fixed memory: a uniform reservoir sample (Vitter 1985, algorithm R) in a
 * preallocated array, so recording millions of values does not itself grow the heap being measured.
 */
export class LatencyRecorder {
  private readonly reservoir: Float64Array;
  private seen = 0;
  private state = 0x9e3779b9;

  constructor(capacity = 20_000) {
    this.reservoir = new Float64Array(capacity);
  }

  record(ms: number): void {
    if (this.seen < this.reservoir.length) this.reservoir[this.seen] = ms;
    else {
      const slot = Math.floor(this.random() * (this.seen + 1));
      if (slot < this.reservoir.length) this.reservoir[slot] = ms;
    }
    this.seen++;
  }

  percentile(p: number): number {
    const n = Math.min(this.seen, this.reservoir.length);
    if (n === 0) return Number.NaN;
    const sorted = this.reservoir.slice(0, n).sort();
    return sorted[Math.min(n - 1, Math.floor((p / 100) * n))]!;
  }

  get count(): number {
    return this.seen;
  }

  /** xorshift32: deterministic, allocation-free. */
  private random(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state / 4294967296;
  }
}
