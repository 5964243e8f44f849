/** ISO-8601 with a zone, or epoch milliseconds, to epoch milliseconds. */
export function toEpochMs(ts: number | string | undefined, receivedMs: number): number {
  if (ts === undefined) return receivedMs;
  return typeof ts === 'number' ? ts : Date.parse(ts);
}

/** Rules for sample timestamps, shared by every payload convention. */
export type TimestampRules = { maxFutureSkewMs: number; maxPastAgeMs: number };

export function checkTimestamp(tsMs: number, receivedMs: number, rules: TimestampRules): 'futureTimestamp' | 'staleTimestamp' | null {
  if (tsMs > receivedMs + rules.maxFutureSkewMs) return 'futureTimestamp';
  if (tsMs < receivedMs - rules.maxPastAgeMs) return 'staleTimestamp';
  return null;
}
