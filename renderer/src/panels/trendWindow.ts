/**
 * The time window of the sensor trend (issue 16.7): from 1 minute to 10 years, either following the
 * present (its end is "now" and moves with it) or fixed in the past after a pan or a zoom away from now.
 * Pure arithmetic in epoch milliseconds, so the component only maps gestures and keys onto it.
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** The preset spans of the trend's buttons (the issue: 10 minutes to years). */
export const TREND_PRESETS = [
  { id: '10m', spanMs: 10 * MINUTE_MS },
  { id: '1h', spanMs: HOUR_MS },
  { id: '1d', spanMs: DAY_MS },
  { id: '7d', spanMs: 7 * DAY_MS },
  { id: '30d', spanMs: 30 * DAY_MS },
  { id: '1y', spanMs: 365 * DAY_MS },
] as const;
export type TrendPresetId = (typeof TREND_PRESETS)[number]['id'];

/** The narrowest view: a minute of 1 Hz samples, each still visible as a step. */
export const MIN_SPAN_MS = MINUTE_MS;
/** The widest view: what one history call may span (main/http/historyRoutes.ts, 10 years of 366 days). */
export const MAX_SPAN_MS = 10 * 365 * DAY_MS;
/** How far back the core keeps the in-memory trend (GET /api/sensors/:id/trend?minutes=10). */
export const LIVE_SPAN_MS = 10 * MINUTE_MS;

/** A window that ends "now" follows the present; a number fixes its end. */
export type TrendWindow = { spanMs: number; endMs: number | 'now' };
export type TimeRange = { fromMs: number; toMs: number };

export const DEFAULT_WINDOW: TrendWindow = { spanMs: 10 * MINUTE_MS, endMs: 'now' };

const clampSpan = (spanMs: number) => Math.min(MAX_SPAN_MS, Math.max(MIN_SPAN_MS, spanMs));

/** A window ending within a second of now, or later, follows the present (the future holds no data). */
function withEnd(spanMs: number, endMs: number, nowMs: number): TrendWindow {
  return { spanMs, endMs: endMs >= nowMs - 1000 ? 'now' : endMs };
}

export function resolveWindow(window: TrendWindow, nowMs: number): TimeRange {
  const toMs = window.endMs === 'now' ? nowMs : window.endMs;
  return { fromMs: toMs - window.spanMs, toMs };
}

/** A preset button: the span, ending now. */
export function presetWindow(id: TrendPresetId): TrendWindow {
  return { spanMs: TREND_PRESETS.find((p) => p.id === id)!.spanMs, endMs: 'now' };
}

/** The preset the window shows, if it shows one (for the pressed state of its button). */
export function activePreset(window: TrendWindow): TrendPresetId | null {
  return window.endMs === 'now' ? (TREND_PRESETS.find((p) => p.spanMs === window.spanMs)?.id ?? null) : null;
}

/**
 * Zoom by `factor` (< 1 in, > 1 out) about the time at `anchorFraction` of the width (0 left edge,
 * 1 right edge: the pointer's place for the wheel, the middle for keys), so the time under the
 * pointer stays under it. A window following now stays pinned to now.
 */
export function zoomWindow(window: TrendWindow, factor: number, anchorFraction: number, nowMs: number): TrendWindow {
  const spanMs = clampSpan(window.spanMs * factor);
  if (window.endMs === 'now') return { spanMs, endMs: 'now' };
  const { fromMs } = resolveWindow(window, nowMs);
  const anchorMs = fromMs + anchorFraction * window.spanMs;
  return withEnd(spanMs, anchorMs + (1 - anchorFraction) * spanMs, nowMs);
}

/** Move the window by deltaMs (negative: back in time); moving past now follows the present again. */
export function panWindow(window: TrendWindow, deltaMs: number, nowMs: number): TrendWindow {
  return withEnd(window.spanMs, resolveWindow(window, nowMs).toMs + deltaMs, nowMs);
}

/** Centre the window on an instant (an alarm mark chosen), at a span that shows it with context. */
export function windowAround(centreMs: number, spanMs: number, nowMs: number): TrendWindow {
  const span = clampSpan(spanMs);
  return withEnd(span, centreMs + span / 2, nowMs);
}

/**
 * The number of points to ask the history for: one bucket per pixel of the plot, as the server's
 * limit allows (10 to 10,000; the API's default is 2,000: issue 16.5), so a spike narrower than a
 * pixel still widens its bucket's min–max band.
 */
export function maxPointsFor(plotWidthPx: number): number {
  return Math.min(10_000, Math.max(10, Math.round(plotWidthPx)));
}

/**
 * How often a window that follows now re-reads its history: about one bucket's worth of the range at
 * 200 points, at least every 10 s and at most every 10 minutes (a year's view gains nothing visible
 * from re-reading more often; the live in-memory trend keeps the last minutes current meanwhile).
 */
export function historyRefreshMs(spanMs: number): number {
  return Math.min(10 * MINUTE_MS, Math.max(10_000, Math.round(spanMs / 200)));
}

/** Keyboard steps (the chart has focus): arrows pan a tenth of the window, +/− zoom by 2, End follows now. */
export function windowForKey(window: TrendWindow, key: string, nowMs: number): TrendWindow | null {
  switch (key) {
    case 'ArrowLeft':
      return panWindow(window, -window.spanMs / 10, nowMs);
    case 'ArrowRight':
      return panWindow(window, window.spanMs / 10, nowMs);
    case 'PageUp':
      return panWindow(window, -window.spanMs, nowMs);
    case 'PageDown':
      return panWindow(window, window.spanMs, nowMs);
    case '+':
    case '=':
      return zoomWindow(window, 0.5, 0.5, nowMs);
    case '-':
    case '_':
      return zoomWindow(window, 2, 0.5, nowMs);
    case 'End':
      return { spanMs: window.spanMs, endMs: 'now' };
    default:
      return null;
  }
}
