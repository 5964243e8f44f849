/**
 * Rate of change of one signal, in units per minute, measured over at least one full window.
 *
 * The rate is (value now − value at the anchor) / (time now − anchor time), where the anchor is
 * the newest kept sample at or before now − window. Measuring over a full window (one minute
 * by default, the unit of the limit) keeps a single noisy sample from looking like a fast ramp;
 * until a full window of history exists there is no rate.
 *
 * Bounded: a sample is kept only when it is at least window / maxKeptSamples after the last kept
 * one, and samples older than the anchor are dropped, so at most maxKeptSamples + 2 are held
 * whatever the sample rate.
 */
export class RateOfChangeWindow {
  private readonly timesMs: number[] = [];
  private readonly values: number[] = [];
  private readonly minSpacingMs: number;

  constructor(
    private readonly windowMs: number,
    maxKeptSamples = 120,
  ) {
    if (!(windowMs > 0) || !(maxKeptSamples >= 1)) throw new RangeError('window and sample bound must be positive');
    this.minSpacingMs = windowMs / maxKeptSamples;
  }

  /** Adds a sample (source timestamps, non-decreasing) and returns the rate per minute, if known. */
  add(tsMs: number, value: number): number | undefined {
    const lastTs = this.timesMs[this.timesMs.length - 1];
    if (lastTs === undefined || tsMs - lastTs >= this.minSpacingMs) {
      this.timesMs.push(tsMs);
      this.values.push(value);
    }
    const anchorLimitMs = tsMs - this.windowMs;
    while (this.timesMs.length >= 2 && this.timesMs[1]! <= anchorLimitMs) {
      this.timesMs.shift();
      this.values.shift();
    }
    const anchorTs = this.timesMs[0];
    if (anchorTs === undefined || anchorTs > anchorLimitMs) return undefined;
    return ((value - this.values[0]!) / (tsMs - anchorTs)) * 60_000;
  }

  /** Forgets the history (after a gap in trustworthy data the rate would be meaningless). */
  reset(): void {
    this.timesMs.length = 0;
    this.values.length = 0;
  }

  get keptSamples(): number {
    return this.timesMs.length;
  }
}
