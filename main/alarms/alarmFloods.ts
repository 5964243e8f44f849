/**
 * Sliding-window counts over activation times, for the flood KPIs (ISA-18.2-2016 clause 16;
 * EEMUA 191: a flood is "more than 10 alarms in 10 minutes").
 *
 * The trailing count at instant x is the number of activations t with x − window < t ≤ x: an
 * activation enters the count at t and leaves it at t + window. A flood starts at the instant the
 * count first exceeds the threshold (the 11th activation within 10 minutes) and ends at the first
 * instant it falls back to the threshold or below (when the oldest activation of the burst
 * leaves the window). At equal instants leaving is applied before entering.
 */
export type FloodPeriod = { startMs: number; endMs: number | null; alarms: number };

type Step = { atMs: number; delta: 1 | -1 };

function steps(sortedTimesMs: readonly number[], windowMs: number): Step[] {
  const entering: Step[] = sortedTimesMs.map((atMs) => ({ atMs, delta: 1 }));
  const leaving: Step[] = sortedTimesMs.map((atMs) => ({ atMs: atMs + windowMs, delta: -1 }));
  return [...entering, ...leaving].sort((a, b) => a.atMs - b.atMs || a.delta - b.delta);
}

/** The highest trailing count reached up to nowMs (OPC UA MaximumAlarmRate over the window). */
export function maximumCountInWindow(sortedTimesMs: readonly number[], nowMs: number, windowMs: number): number {
  let count = 0;
  let maximum = 0;
  for (const step of steps(sortedTimesMs, windowMs)) {
    if (step.atMs > nowMs) break;
    count += step.delta;
    maximum = Math.max(maximum, count);
  }
  return maximum;
}

/**
 * Flood periods up to nowMs; endMs is null for a flood still going on at nowMs. `alarms` counts
 * the activations of the flood including the burst that started it: those after
 * startMs − window and before endMs (up to nowMs when ongoing).
 */
export function floodPeriods(sortedTimesMs: readonly number[], nowMs: number, windowMs: number, threshold: number): FloodPeriod[] {
  const spans: { startMs: number; endMs: number | null }[] = [];
  let count = 0;
  let startMs: number | undefined;
  for (const step of steps(sortedTimesMs, windowMs)) {
    if (step.atMs > nowMs) break;
    count += step.delta;
    if (startMs === undefined && count > threshold) startMs = step.atMs;
    else if (startMs !== undefined && count <= threshold) {
      spans.push({ startMs, endMs: step.atMs });
      startMs = undefined;
    }
  }
  if (startMs !== undefined) spans.push({ startMs, endMs: null });
  return spans.map((span) => {
    const fromMs = span.startMs - windowMs;
    const alarms = sortedTimesMs.filter((t) => t > fromMs && (span.endMs === null ? t <= nowMs : t < span.endMs)).length;
    return { ...span, alarms };
  });
}
