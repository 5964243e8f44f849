import { API_PATHS, type HotspotGrid, type HotspotLayer } from '@contracts';
import { dayDate, dayString, type DayRange } from '../manager/managerModel.js';

/**
 * The site map's hot spots over time (issue 20 item 4, docs/risk-heatmap.md §hot spots over time): the time range
 * the manager picks, the period it is compared with, the query, and the diverging colour of a change. Pure.
 */

/** Rolling periods ending today: a week, a month, a season (a quarter, 91 days), or the manager's own days. */
export const HOTSPOT_PRESETS = ['week', 'month', 'season', 'custom'] as const;
export type HotspotPreset = (typeof HOTSPOT_PRESETS)[number];
const PRESET_DAYS: Record<Exclude<HotspotPreset, 'custom'>, number> = { week: 7, month: 30, season: 91 };
/** The seasonal view's history: the last three years (months of the year averaged over those the history covers). */
export const SEASONAL_YEARS = 3;
/** Cell side on the map, metres: a pump skid to a process unit's section (the core accepts 5–100). */
export const HOTSPOT_CELL_M = 20;

export const COMPARE_MODES = ['none', 'previous', 'lastYear'] as const;
export type CompareMode = (typeof COMPARE_MODES)[number];

const addDays = (day: string, days: number) => {
  const d = dayDate(day);
  return dayString(new Date(d.getFullYear(), d.getMonth(), d.getDate() + days));
};

/** Days in a range, both ends included. */
export function rangeDays(range: DayRange): number {
  return Math.round((dayDate(range.toDay).getTime() - dayDate(range.fromDay).getTime()) / 86_400_000) + 1;
}

/** The period a preset means on `today` (custom: the manager's days, as given). */
export function presetRange(today: Date, preset: HotspotPreset, custom: DayRange): DayRange {
  if (preset === 'custom') return custom;
  const toDay = dayString(today);
  return { fromDay: addDays(toDay, -(PRESET_DAYS[preset] - 1)), toDay };
}

/** The same day a year earlier; 29 February falls on the 28th. */
function yearEarlier(day: string): string {
  const d = dayDate(day);
  const lastOfMonth = new Date(d.getFullYear() - 1, d.getMonth() + 1, 0).getDate();
  return dayString(new Date(d.getFullYear() - 1, d.getMonth(), Math.min(d.getDate(), lastOfMonth)));
}

/** The period compared with: as many days just before it, or the same dates a year earlier. */
export function comparisonRange(range: DayRange, mode: CompareMode): DayRange | null {
  if (mode === 'none') return null;
  if (mode === 'lastYear') return { fromDay: yearEarlier(range.fromDay), toDay: yearEarlier(range.toDay) };
  const days = rangeDays(range);
  return { fromDay: addDays(range.fromDay, -days), toDay: addDays(range.fromDay, -1) };
}

/** GET /api/hotspots for a layer, a range and its comparison or seasonal months. */
export function hotspotQuery(layer: HotspotLayer, range: DayRange, compare: DayRange | null, seasonal: boolean): string {
  const params = new URLSearchParams({ layer, from: range.fromDay, to: range.toDay, cellM: String(HOTSPOT_CELL_M) });
  if (compare) {
    params.set('compareFrom', compare.fromDay);
    params.set('compareTo', compare.toDay);
  }
  if (seasonal) params.set('seasonal', '1');
  return `${API_PATHS.hotspots}?${params.toString()}`;
}

/** The seasonal view's range: the last SEASONAL_YEARS years to today. */
export function seasonalRange(today: Date): DayRange {
  const toDay = dayString(today);
  return { fromDay: addDays(dayString(new Date(today.getFullYear() - SEASONAL_YEARS, today.getMonth(), today.getDate())), 1), toDay };
}

/**
 * A change below this share of the largest change is "nothing changed" and gets no colour (ISA-101: colour only
 * where something is abnormal; a per-day difference of a few per cent of the largest is noise on a map).
 */
export const NO_CHANGE_SHARE = 0.05;
/** ColorBrewer PuOr ends (colour-blind safe, unlike the four alarm colours): orange-brown worse, purple better. */
const WORSE: [number, number, number] = [179, 88, 6];
const BETTER: [number, number, number] = [84, 39, 136];

/**
 * A cell's colour for its per-day change: null where nothing changed; else worse (more than before) or better,
 * its opacity growing with |delta| / maxAbsDelta (square root: small changes stay visible).
 */
export function deltaColour(delta: number, maxAbsDelta: number): [number, number, number, number] | null {
  if (!(maxAbsDelta > 0) || !Number.isFinite(delta) || Math.abs(delta) < NO_CHANGE_SHARE * maxAbsDelta) return null;
  const share = Math.min(1, Math.abs(delta) / maxAbsDelta);
  return [...(delta > 0 ? WORSE : BETTER), Math.round(90 + 165 * Math.sqrt(share))];
}

/** The month the seasonal view opens on: the latest month with history, else January. */
export function firstShownMonth(grid: Pick<HotspotGrid, 'months'>, today: Date): number {
  const months = grid.months ?? [];
  for (let back = 0; back < 12; back += 1) {
    const month = ((today.getMonth() - back + 12) % 12) + 1;
    if ((months[month - 1]?.years ?? 0) > 0) return month;
  }
  return 1;
}
