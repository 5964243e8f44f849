import type { AlarmLimits } from '@contracts';

/** The limit kinds drawn on a trend, outermost first. */
export const TREND_LIMIT_KINDS = ['highHigh', 'high', 'low', 'lowLow'] as const;
export type TrendLimit = { kind: (typeof TREND_LIMIT_KINDS)[number]; value: number };

/** The alarm limits a sensor has (scene/alarm configuration), as lines to draw. */
export function trendLimits(limits: AlarmLimits): TrendLimit[] {
  return TREND_LIMIT_KINDS.flatMap((kind) => (limits[kind] === undefined ? [] : [{ kind, value: limits[kind]! }]));
}

/**
 * The value axis range: every point and every limit in view, with 5 % headroom so a line on the edge is
 * not hidden by the frame; a flat series gets a band of ±1 unit (or ±5 % of its value) to stay readable.
 */
export function trendValueRange(values: readonly number[], limits: readonly TrendLimit[]): [number, number] {
  const all = [...values.filter(Number.isFinite), ...limits.map((l) => l.value)];
  if (all.length === 0) return [0, 1];
  const min = Math.min(...all);
  const max = Math.max(...all);
  if (max === min) {
    const half = Math.max(1, Math.abs(min) * 0.05);
    return [min - half, max + half];
  }
  const pad = (max - min) * 0.05;
  return [min - pad, max + pad];
}

/** Time-axis tick labels in the viewer's local time, 24-hour, in the UI language (seconds since the epoch in). */
export function formatTimeTicks(splitsS: readonly number[], language: string, withSeconds: boolean): string[] {
  return splitsS.map((s) => new Date(s * 1000).toLocaleTimeString(language, { hour: '2-digit', minute: '2-digit', ...(withSeconds ? { second: '2-digit' } : {}), hour12: false }));
}

/** Value-axis tick labels with just enough decimals for the tick step (0.5 steps get one decimal, 0.05 two). */
export function formatValueTicks(splits: readonly number[], language: string): string[] {
  const step = splits.length > 1 ? Math.abs(splits[1]! - splits[0]!) : 1;
  const decimals = step > 0 ? Math.min(4, Math.max(0, Math.ceil(-Math.log10(step) - 1e-9))) : 0;
  return splits.map((v) => v.toLocaleString(language, { minimumFractionDigits: decimals, maximumFractionDigits: decimals }));
}

/**
 * Where each limit's name goes: above its line, or below it where it would run into the name of the
 * limit just above (HH 90 and H 85 on a 0–100 scale are a few pixels apart). Input and output in the
 * same order; y grows downwards, as on a canvas.
 */
export function limitLabelSides(linesYPx: readonly number[], labelHeightPx: number, gapPx = 2): ('above' | 'below')[] {
  const sides: ('above' | 'below')[] = new Array<'above' | 'below'>(linesYPx.length);
  let previousBottom = -Infinity;
  for (const index of linesYPx.map((_, i) => i).sort((a, b) => linesYPx[a]! - linesYPx[b]!)) {
    const y = linesYPx[index]!;
    const aboveTop = y - gapPx - labelHeightPx;
    sides[index] = aboveTop >= previousBottom ? 'above' : 'below';
    previousBottom = sides[index] === 'above' ? y - gapPx : y + gapPx + labelHeightPx;
  }
  return sides;
}
