/** A bounded latency recorder: keeps every k-th value (reservoir by stride) up to a cap. */
export class LatencyRecorder {
  private readonly values: number[] = [];
  private seen = 0;

  constructor(
    private readonly stride = 10,
    private readonly cap = 200_000,
  ) {}

  record(ms: number): void {
    if (this.seen++ % this.stride === 0 && this.values.length < this.cap) this.values.push(ms);
  }

  percentile(p: number): number {
    if (this.values.length === 0) return Number.NaN;
    const sorted = [...this.values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
  }

  get count(): number {
    return this.seen;
  }
}
