import type { TimeRange } from './trendWindow.js';

/**
 * What GET /api/history/samples answers (main/historian/querySamples.ts, docs/historian.md §5): per
 * sensor the stored tier read and the display bucket chosen by the range, each bucket with the min,
 * max and mean of its samples. Declared here because the renderer builds only against the contracts.
 */
export type HistoryTier = 'raw' | '1m' | '1h';
export type HistoryPoint = { tsMs: number; min: number; max: number; mean: number; count: number; badCount: number };
export type HistorySeries = { sensorId: string; tier: HistoryTier; bucketMs: number; points: HistoryPoint[] };
export type HistorySamplesResponse = { fromMs: number; toMs: number; series: HistorySeries[] };

/** One point of a drawn series: at the middle of its bucket (a live sample: its own time), with its band. */
export type TrendPoint = { tsMs: number; mean: number; min: number; max: number };

/**
 * The drawn series of one sensor: the history's buckets, then the live in-memory samples newer than
 * the last bucket (the historian writes once a second, and a following window re-reads it only every
 * historyRefreshMs, so the newest minutes come from the live trend). Without history, the live samples.
 */
export function mergeHistoryAndLive(history: HistorySeries | undefined, live: readonly (readonly [number, number])[], range: TimeRange): TrendPoint[] {
  const bucketMs = history?.bucketMs ?? 0;
  // The middle of what the bucket holds: a bucket still filling (it ends after the range) holds up to the range's end.
  const points: TrendPoint[] = (history?.points ?? []).map((p) => ({ tsMs: (p.tsMs + Math.min(p.tsMs + bucketMs, Math.max(p.tsMs, range.toMs))) / 2, mean: p.mean, min: p.min, max: p.max }));
  const last = history?.points.at(-1);
  const historyEndMs = last ? last.tsMs + bucketMs : -Infinity;
  for (const [tsMs, value] of live) {
    if (tsMs >= historyEndMs && tsMs >= range.fromMs && tsMs <= range.toMs && Number.isFinite(value)) points.push({ tsMs, mean: value, min: value, max: value });
  }
  return points;
}

/** The bucket of the history shown, in words' parts: "1 s", "5 min", "3 h" (for the caption). */
export function bucketParts(bucketMs: number): { count: number; unit: 'second' | 'minute' | 'hour' | 'day' } {
  if (bucketMs >= 86_400_000 && bucketMs % 86_400_000 === 0) return { count: bucketMs / 86_400_000, unit: 'day' };
  if (bucketMs >= 3_600_000) return { count: Math.round(bucketMs / 3_600_000), unit: 'hour' };
  if (bucketMs >= 60_000) return { count: Math.round(bucketMs / 60_000), unit: 'minute' };
  return { count: Math.max(1, Math.round(bucketMs / 1000)), unit: 'second' };
}

/** "Compare with the same period last week": the range a week earlier, and its points moved onto this week. */
export const WEEK_MS = 7 * 86_400_000;

/**
 * The range a week before. A fixed 7 × 24 h: the plants this serves keep China Standard Time, which has
 * no daylight saving, so the same clock time a week earlier is exactly 604,800 s earlier.
 */
export function weekBefore(range: TimeRange): TimeRange {
  return { fromMs: range.fromMs - WEEK_MS, toMs: range.toMs - WEEK_MS };
}

/** Last week's points drawn over this week's: every time moved forward a week, values untouched. */
export function shiftedAWeekLater(points: readonly TrendPoint[]): TrendPoint[] {
  return points.map((p) => ({ ...p, tsMs: p.tsMs + WEEK_MS }));
}

/**
 * A series as chart columns (times in seconds, as uPlot's time scale counts), with a null row in any
 * gap longer than `maxGapMs` so the line breaks where the plant sent nothing (a core that was down, a
 * lost link) rather than drawing a straight line across it.
 */
export function seriesColumns(points: readonly TrendPoint[], maxGapMs: number): { xs: number[]; mean: (number | null)[]; min: (number | null)[]; max: (number | null)[] } {
  const columns = { xs: [] as number[], mean: [] as (number | null)[], min: [] as (number | null)[], max: [] as (number | null)[] };
  let previousMs: number | null = null;
  for (const p of points) {
    if (previousMs !== null && p.tsMs - previousMs > maxGapMs) {
      columns.xs.push((previousMs + p.tsMs) / 2000);
      columns.mean.push(null);
      columns.min.push(null);
      columns.max.push(null);
    }
    columns.xs.push(p.tsMs / 1000);
    columns.mean.push(p.mean);
    columns.min.push(p.min);
    columns.max.push(p.max);
    previousMs = p.tsMs;
  }
  return columns;
}

/**
 * The longest step a line may span: three display buckets, or five of the series' usual spacing (a
 * sensor recorded once a minute read at 1-second buckets), at least 15 s (a 1 Hz sample late under load).
 */
export function gapThresholdMs(points: readonly TrendPoint[], bucketMs: number): number {
  const steps = points.slice(1).map((p, i) => p.tsMs - points[i]!.tsMs).sort((a, b) => a - b);
  const medianStepMs = steps.length > 0 ? steps[Math.floor(steps.length / 2)]! : 0;
  return Math.max(15_000, 3 * bucketMs, 5 * medianStepMs);
}
