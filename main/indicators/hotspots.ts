import type { HotspotCell, HotspotMonth } from '../contracts/index.js';

/**
 * Hot spots over time (issue 20 item 4, docs/risk-heatmap.md §hot spots over time): events placed in plant metres
 * summed into square cells, two periods compared per day, and the months of the year averaged over the years the
 * history covers. Pure: the instants and the site's offset are parameters.
 */

/** One weighted event where it happened (plant metres). */
export type HotspotPoint = { atMs: number; x: number; y: number; weight: number };

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** The cell index of a coordinate: cells are [i × cellM, (i + 1) × cellM), so a point on an edge belongs to the cell above it. */
const cellIndex = (metres: number, cellM: number) => Math.floor(metres / cellM);
const cellKey = (ix: number, iy: number) => `${ix},${iy}`;

type Sums = Map<string, { ix: number; iy: number; value: number }>;

function sumCells(points: Iterable<HotspotPoint>, cellM: number): Sums {
  const sums: Sums = new Map();
  for (const p of points) {
    if (!Number.isFinite(p.x) || !Number.isFinite(p.y) || !Number.isFinite(p.weight) || p.weight === 0) continue;
    const ix = cellIndex(p.x, cellM);
    const iy = cellIndex(p.y, cellM);
    const key = cellKey(ix, iy);
    const cell = sums.get(key);
    if (cell) cell.value += p.weight;
    else sums.set(key, { ix, iy, value: p.weight });
  }
  return sums;
}

/** A cell's centre in plant metres. */
const centre = (ix: number, iy: number, cellM: number) => ({ x: (ix + 0.5) * cellM, y: (iy + 0.5) * cellM });

/** Cells in a stable order (south to north, west to east) so that answers and tests compare as lists. */
const byPlace = (a: HotspotCell, b: HotspotCell) => a.y - b.y || a.x - b.x;

/** The period's events summed per cell of `cellM` metres (cells with nothing are left out) and the largest sum. */
export function hotspotCells(points: Iterable<HotspotPoint>, cellM: number): { cells: HotspotCell[]; max: number } {
  const cells = [...sumCells(points, cellM).values()].map(({ ix, iy, value }) => ({ ...centre(ix, iy, cellM), value }));
  cells.sort(byPlace);
  return { cells, max: cells.reduce((max, c) => Math.max(max, c.value), 0) };
}

/**
 * Two periods per cell: `value` and `compareValue` their sums, `delta` = value / days − compareValue / compareDays
 * (per day, so a 31-day month compares fairly with a 30-day one). Every cell where either period has something.
 */
export function compareHotspots(
  current: { points: Iterable<HotspotPoint>; days: number },
  previous: { points: Iterable<HotspotPoint>; days: number },
  cellM: number,
): { cells: HotspotCell[]; max: number; maxAbsDelta: number } {
  if (!(current.days > 0) || !(previous.days > 0)) throw new RangeError('a compared period lasts at least one day');
  const now = sumCells(current.points, cellM);
  const before = sumCells(previous.points, cellM);
  const cells: HotspotCell[] = [];
  for (const key of new Set([...now.keys(), ...before.keys()])) {
    const a = now.get(key);
    const b = before.get(key);
    const { ix, iy } = (a ?? b)!;
    const value = a?.value ?? 0;
    const compareValue = b?.value ?? 0;
    cells.push({ ...centre(ix, iy, cellM), value, compareValue, delta: value / current.days - compareValue / previous.days });
  }
  cells.sort(byPlace);
  return {
    cells,
    max: cells.reduce((max, c) => Math.max(max, c.value), 0),
    maxAbsDelta: cells.reduce((max, c) => Math.max(max, Math.abs(c.delta!)), 0),
  };
}

/** The plant-local calendar month of an instant: its year and month (1–12). */
function plantMonth(tMs: number, utcOffsetMin: number): { year: number; month: number } {
  const local = new Date(tMs + utcOffsetMin * MINUTE_MS);
  return { year: local.getUTCFullYear(), month: local.getUTCMonth() + 1 };
}

/** [start, end) of a plant-local calendar month. */
function monthRangeMs(year: number, month: number, utcOffsetMin: number): { startMs: number; endMs: number } {
  const offsetMs = utcOffsetMin * MINUTE_MS;
  return { startMs: Date.UTC(year, month - 1, 1) - offsetMs, endMs: Date.UTC(year, month, 1) - offsetMs };
}

/**
 * The seasonal view: for each month of the year (1–12), the events of that month in every year of `coverage`
 * summed per cell and divided by the years the history covers that month. A month partly covered counts as the
 * share of its days covered (history from 16 January covers that January as 16/31 of a year), so a partial first
 * or last month is neither lost nor overweighted. A month never covered has `years` 0 and no cells.
 */
export function seasonalHotspots(points: Iterable<HotspotPoint>, coverage: { fromMs: number; toMs: number }, cellM: number, utcOffsetMin: number): HotspotMonth[] {
  const years = new Array<number>(13).fill(0);
  if (coverage.toMs > coverage.fromMs) {
    let { year, month } = plantMonth(coverage.fromMs, utcOffsetMin);
    for (;;) {
      const { startMs, endMs } = monthRangeMs(year, month, utcOffsetMin);
      if (startMs >= coverage.toMs) break;
      const coveredMs = Math.min(endMs, coverage.toMs) - Math.max(startMs, coverage.fromMs);
      years[month]! += coveredMs / (endMs - startMs);
      month += 1;
      if (month > 12) {
        month = 1;
        year += 1;
      }
    }
  }
  const perMonth: HotspotPoint[][] = Array.from({ length: 13 }, () => []);
  for (const p of points) {
    if (p.atMs < coverage.fromMs || p.atMs >= coverage.toMs) continue;
    perMonth[plantMonth(p.atMs, utcOffsetMin).month]!.push(p);
  }
  const months: HotspotMonth[] = [];
  for (let month = 1; month <= 12; month += 1) {
    const covered = years[month]!;
    if (covered <= 0) {
      months.push({ month, years: 0, cells: [], max: 0 });
      continue;
    }
    const { cells, max } = hotspotCells(perMonth[month]!, cellM);
    months.push({ month, years: covered, cells: cells.map((c) => ({ ...c, value: c.value / covered })), max: max / covered });
  }
  return months;
}

/** Whole plant-local days in [fromMs, toMs) (a period's length for the per-day comparison). */
export const periodDays = (fromMs: number, toMs: number) => Math.max(0, Math.round((toMs - fromMs) / DAY_MS));
