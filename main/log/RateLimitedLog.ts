import type { Logger } from './logger.js';

/** Keys remembered at most (callers key by reason, event or route: a bounded set, but never trusted to be). */
const MAX_KEYS = 1_000;

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
    this.write('warn', key, fields, message);
  }

  error(key: string, fields: Record<string, unknown>, message: string): void {
    this.write('error', key, fields, message);
  }

  private write(level: 'warn' | 'error', key: string, fields: Record<string, unknown>, message: string): void {
    const now = this.now();
    const entry = this.last.get(key);
    if (entry && now - entry.atMs < this.intervalMs) {
      entry.suppressed++;
      return;
    }
    this.logger[level]({ ...fields, suppressedSinceLast: entry?.suppressed ?? 0 }, message);
    this.last.delete(key); // re-insert: the map's order is the order of the latest line
    this.last.set(key, { atMs: now, suppressed: 0 });
    if (this.last.size > MAX_KEYS) this.last.delete(this.last.keys().next().value!);
  }
}
