/**
 * A time given on the command line or in a request, resolved against a recording's start:
 * an ISO 8601 date-time ("2026-05-03T14:02:10Z"; without a zone it is local time), epoch
 * milliseconds ("1777816930000"), or an offset from the start ("+90s", "+15m", "+1h", "+00:12:30",
 * "+12:30"). Returns NaN when the text is none of these.
 */
export function parseTimeArgument(text: string, recordingStartMs: number): number {
  const value = text.trim();
  const offset = /^\+(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(value);
  if (offset) return recordingStartMs + Number(offset[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[offset[2] as 'ms' | 's' | 'm' | 'h'];
  const clock = /^\+(?:(\d+):)?(\d{1,2}):(\d{2}(?:\.\d+)?)$/.exec(value);
  if (clock) return recordingStartMs + ((Number(clock[1] ?? 0) * 60 + Number(clock[2])) * 60 + Number(clock[3])) * 1000;
  if (/^\d{10,}$/.test(value)) return Number(value);
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) return Date.parse(value);
  return Number.NaN;
}
