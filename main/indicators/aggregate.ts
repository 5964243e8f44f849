import type { IndicatorDay, IndicatorDefinition, IndicatorDimension, IndicatorTrend, IndicatorValue, TrendPeriod } from '../contracts/index.js';

const DAY_MS = 86_400_000;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** 'YYYY-MM-DD' as a count of days since 1970-01-01 (calendar arithmetic only: no time zone is involved). */
export function dayNumber(day: string): number {
  const m = DAY_PATTERN.exec(day);
  const n = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  if (!m || Number.isNaN(n) || new Date(n).toISOString().slice(0, 10) !== day) throw new RangeError(`not a calendar day: ${day}`);
  return n / DAY_MS;
}

export function dayOf(dayNum: number): string {
  return new Date(dayNum * DAY_MS).toISOString().slice(0, 10);
}

/** The first day of the period holding `day`: itself, its ISO week's Monday, its month's 1st. */
export function periodStart(day: string, period: TrendPeriod): string {
  if (period === 'day') return day;
  if (period === 'month') return `${day.slice(0, 7)}-01`;
  const n = dayNumber(day);
  // 1970-01-01 was a Thursday: (n + 3) mod 7 is 0 on Mondays.
  return dayOf(n - ((((n + 3) % 7) + 7) % 7));
}

/** The first day of the period after the one starting at `start`. */
function nextPeriod(start: string, period: TrendPeriod): string {
  if (period === 'day') return dayOf(dayNumber(start) + 1);
  if (period === 'week') return dayOf(dayNumber(start) + 7);
  const year = Number(start.slice(0, 4));
  const month = Number(start.slice(5, 7));
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
}

function rowsOf(days: readonly IndicatorDay[], def: IndicatorDefinition, dimension: IndicatorDimension, key: string): IndicatorDay[] {
  return days.filter((d) => d.indicatorId === def.id && d.dimension === dimension && d.key === key);
}

/**
 * An indicator over [fromDay, toDay] (inclusive, plant-local days) for one key of a dimension: Σnumerator /
 * Σdenominator × scale over the stored days — never a mean of daily ratios, so a busy day weighs what it held.
 * Null where the denominator is 0. A 'streak' indicator is the run of days without the event ending at the
 * last stored day at or before toDay (counted back over every day given, also before fromDay; a missing day
 * is no break: only a day holding the event ends it); without an event the run starts at the first stored day
 * (nothing is counted before the historian's history); null when no day of the range is stored.
 */
export function valueOver(days: readonly IndicatorDay[], def: IndicatorDefinition, fromDay: string, toDay: string, dimension: IndicatorDimension, key: string): IndicatorValue {
  const rows = rowsOf(days, def, dimension, key);
  return valueOfRows(rows, def, fromDay, toDay, dimension, key);
}

function valueOfRows(rows: readonly IndicatorDay[], def: IndicatorDefinition, fromDay: string, toDay: string, dimension: IndicatorDimension, key: string): IndicatorValue {
  const base = { indicatorId: def.id, dimension, key, fromDay, toDay };
  if (def.aggregation === 'streak') {
    const streak = streakAt(rows, fromDay, toDay);
    return { ...base, numerator: streak ?? 0, denominator: streak === null ? 0 : 1, value: streak };
  }
  let numerator = 0;
  let denominator = 0;
  for (const row of rows) {
    if (row.day < fromDay || row.day > toDay) continue;
    numerator += row.numerator;
    denominator += row.denominator;
  }
  // Below the least exposure a rate says more about the denominator than the plant: "not enough exposure yet".
  const enough = denominator > 0 && denominator >= (def.minDenominator ?? 0);
  return { ...base, numerator, denominator, value: enough ? (numerator / denominator) * def.scale : null };
}

function streakAt(rows: readonly IndicatorDay[], fromDay: string, toDay: string): number | null {
  let first: string | undefined;
  let last: string | undefined;
  let lastEvent: string | undefined;
  for (const row of rows) {
    if (row.day > toDay || row.denominator === 0) continue;
    if (first === undefined || row.day < first) first = row.day;
    if (last === undefined || row.day > last) last = row.day;
    if (row.numerator < row.denominator && (lastEvent === undefined || row.day > lastEvent)) lastEvent = row.day;
  }
  if (first === undefined || last === undefined || last < fromDay) return null;
  // A day not stored between is no break: the incident log is complete whenever an entry is made (an incident
  // logged late recomputes its own day), so only a day holding an event ends the run.
  return dayNumber(last) - (lastEvent === undefined ? dayNumber(first) - 1 : dayNumber(lastEvent));
}

/** Points one trend holds at most: ten years of days (the routes refuse a longer range before asking). */
export const MAX_TREND_POINTS = 3_700;

/**
 * One value per period (day, ISO week from Monday, calendar month) from the period holding fromDay to the one
 * holding toDay; each period counts only its days inside [fromDay, toDay] (a first week starting before
 * fromDay is labelled by its Monday but holds fromDay on). A period without data is a point with value null.
 * A range of more than MAX_TREND_POINTS periods, or a day that is not one, is a caller's mistake: RangeError.
 */
export function trendOf(days: readonly IndicatorDay[], def: IndicatorDefinition, fromDay: string, toDay: string, period: TrendPeriod, dimension: IndicatorDimension, key: string): IndicatorTrend {
  const span = dayNumber(toDay) - dayNumber(fromDay);
  if (span > MAX_TREND_POINTS * (period === 'day' ? 1 : period === 'week' ? 7 : 28)) throw new RangeError(`a ${period} trend from ${fromDay} to ${toDay} has more than ${MAX_TREND_POINTS} points`);
  const rows = rowsOf(days, def, dimension, key);
  const points: IndicatorTrend['points'] = [];
  for (let start = periodStart(fromDay, period); start <= toDay; start = nextPeriod(start, period)) {
    const end = dayOf(dayNumber(nextPeriod(start, period)) - 1);
    const v = valueOfRows(rows, def, start < fromDay ? fromDay : start, end > toDay ? toDay : end, dimension, key);
    points.push({ start, value: v.value, numerator: v.numerator, denominator: v.denominator });
  }
  return { indicatorId: def.id, dimension, key, period, points };
}

/**
 * Every key of a dimension stored in [fromDay, toDay], best first by the indicator's direction; keys without a
 * value last; ties by key. A league table of places, contractors and shifts — never of people (docs/indicators.md §privacy).
 */
export function ranking(days: readonly IndicatorDay[], def: IndicatorDefinition, fromDay: string, toDay: string, dimension: IndicatorDimension): IndicatorValue[] {
  const byKey = new Map<string, IndicatorDay[]>();
  for (const row of days) {
    if (row.indicatorId !== def.id || row.dimension !== dimension || row.day < fromDay || row.day > toDay) continue;
    const list = byKey.get(row.key);
    if (list) list.push(row);
    else byKey.set(row.key, [row]);
  }
  // A streak looks back before fromDay: give it every day of its key.
  const all = def.aggregation === 'streak' ? (key: string) => rowsOf(days, def, dimension, key) : (key: string) => byKey.get(key)!;
  const values = [...byKey.keys()].map((key) => valueOfRows(all(key), def, fromDay, toDay, dimension, key));
  const sign = def.direction === 'higherIsBetter' ? -1 : 1;
  return values.sort((a, b) => {
    if (a.value === null || b.value === null) return a.value === b.value ? compareKeys(a.key, b.key) : a.value === null ? 1 : -1;
    return sign * (a.value - b.value) || compareKeys(a.key, b.key);
  });
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
