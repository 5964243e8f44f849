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

/**
 * Time-axis labels for any span, by the tick step (seconds since the epoch in): clock times under a
 * day's step (with the date on ticks at local midnight when the window spans days), dates for day
 * steps, months and years for steps of about a month or more. Local time, 24-hour, in the UI language.
 */
export function formatAxisTimes(splitsS: readonly number[], language: string, spanS: number): string[] {
  const stepS = splitsS.length > 1 ? splitsS[1]! - splitsS[0]! : spanS;
  // hourCycle h23, not hour12: false, which some engines render as "24:00" at midnight.
  const format = (s: number, options: Intl.DateTimeFormatOptions) => new Date(s * 1000).toLocaleString(language, { hourCycle: 'h23', ...options });
  if (stepS >= 28 * 86_400) return splitsS.map((s) => format(s, { year: 'numeric', month: 'short' }));
  if (stepS >= 86_400) return splitsS.map((s) => format(s, { month: 'numeric', day: 'numeric' }));
  return splitsS.map((s) => {
    const at = new Date(s * 1000);
    const midnight = at.getHours() === 0 && at.getMinutes() === 0 && at.getSeconds() === 0;
    if (spanS > 86_400 && midnight) return format(s, { month: 'numeric', day: 'numeric' });
    return format(s, { hour: '2-digit', minute: '2-digit', ...(stepS < 60 ? { second: '2-digit' } : {}) });
  });
}

/** A full local date and time (the pointer's readout, an alarm mark's title). */
export function formatDateTime(ms: number, language: string): string {
  return new Date(ms).toLocaleString(language, { year: 'numeric', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
}

/** ISA-101 on a trend line: grey where the value is normal, a limit's priority colour beyond it. */
export type LimitColours = { normal: string; high: string; highHigh: string; low: string; lowLow: string };

/**
 * Colour stops along a value axis from its top (offset 0, `scaleMax`) to its bottom (offset 1,
 * `scaleMin`), two at each limit inside the range so the colour changes sharply at the limit: used
 * as a vertical canvas gradient on the line, so a segment beyond a limit takes that limit's colour
 * and the rest stays grey.
 */
export function limitColourStops(limits: readonly TrendLimit[], scaleMin: number, scaleMax: number, colours: LimitColours): { offset: number; colour: string }[] {
  const span = scaleMax - scaleMin;
  if (!(span > 0)) return [{ offset: 0, colour: colours.normal }, { offset: 1, colour: colours.normal }];
  const valueOf = (kind: TrendLimit['kind']) => limits.find((l) => l.kind === kind)?.value;
  // The colour of a value: the outermost limit it has reached.
  const colourAt = (v: number) => {
    const [hh, h, l, ll] = [valueOf('highHigh'), valueOf('high'), valueOf('low'), valueOf('lowLow')];
    if (hh !== undefined && v >= hh) return colours.highHigh;
    if (h !== undefined && v >= h) return colours.high;
    if (ll !== undefined && v <= ll) return colours.lowLow;
    if (l !== undefined && v <= l) return colours.low;
    return colours.normal;
  };
  const offsetOf = (v: number) => (scaleMax - v) / span;
  const edges = limits.map((l) => l.value).filter((v) => v > scaleMin && v < scaleMax).sort((a, b) => b - a);
  const stops = [{ offset: 0, colour: colourAt(scaleMax) }];
  for (const v of edges) {
    // Just above the edge and at it: a high limit colours from the limit up, a low one from it down.
    const above = colourAt(v + span * 1e-9);
    const below = colourAt(v - span * 1e-9);
    stops.push({ offset: offsetOf(v), colour: above }, { offset: offsetOf(v), colour: below });
  }
  stops.push({ offset: 1, colour: colourAt(scaleMin) });
  return stops;
}
