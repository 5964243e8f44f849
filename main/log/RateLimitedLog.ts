import type { Logger } from '../log/logger.js';

/**
 * Logs a repeating condition at most once per interval per key, with how many were suppressed,
 * so a flood of bad payloads cannot flood the log (or the disk) as well.
 */
export class RateLimitedLog {
  private readonly last = new Map<string, { atMs: number; suppressed: number }>();

  constructor(
    private readonly logger: Logger,
    private readonly intervalMs = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  warn(key: string, fields: Record<string, unknown>, message: string): void {
    const now = this.now();
    const entry = this.last.get(key);
    if (entry && now - entry.atMs < this.intervalMs) {
      entry.suppressed++;
      return;
    }
    this.logger.warn({ ...fields, suppressedSinceLast: entry?.suppressed ?? 0 }, message);
    this.last.set(key, { atMs: now, suppressed: 0 });
  }
}
