/**
 * A token bucket: bursts up to `capacity`, then one action per `refillIntervalMs` on average.
 * For client actions that are legitimate now and then but must not be repeatable at wire speed.
 */
export class TokenBucket {
  private tokens: number;
  private lastRefillMs: number;

  constructor(
    private readonly capacity: number,
    private readonly refillIntervalMs: number,
    private readonly nowMs: () => number = Date.now,
  ) {
    this.tokens = capacity;
    this.lastRefillMs = nowMs();
  }

  /** Takes one token; false (and nothing taken) when the bucket is empty. */
  take(): boolean {
    const now = this.nowMs();
    const refilled = Math.floor((now - this.lastRefillMs) / this.refillIntervalMs);
    if (refilled > 0) {
      this.tokens = Math.min(this.capacity, this.tokens + refilled);
      this.lastRefillMs = this.tokens === this.capacity ? now : this.lastRefillMs + refilled * this.refillIntervalMs;
    }
    if (this.tokens === 0) return false;
    this.tokens--;
    return true;
  }
}
