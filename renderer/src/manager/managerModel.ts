import { localized } from '../i18n/i18n.js';
import type { IndexValue, IndicatorDefinition, IndicatorDimension, IndicatorValue, TrendPeriod } from '@contracts';

/**
 * The manager view's pure view models (issue 20 item 3): which days a period covers, a tile's state (value,
 * previous period's, direction and whether that direction is worse), the rows of "why is it 72?" and of a
 * ranking. No I/O: the component fetches, these decide what is shown.
 */

/** GET /api/indicators: the catalogue and, per indicator, whether its source holds any record yet. */
export type IndicatorCatalogue = { definitions: IndicatorDefinition[]; available: Record<string, boolean> };

// ─── Days and periods ─────────────────────────────────────────────────────────────────────────────────

/**
 * A date as the API's 'YYYY-MM-DD' day. The screen's local calendar: the workstation sits at the plant, whose
 * offset (config.permits.utcOffsetMin) the core uses for its days.
 */
export function dayString(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/** A 'YYYY-MM-DD' day as a local Date at midnight. */
export function dayDate(day: string): Date {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d);
}

const addDays = (date: Date, days: number) => new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);

/** The first day of the period holding `date`: itself, its ISO week's Monday, its month's 1st. */
export function periodStartOf(date: Date, period: TrendPeriod): Date {
  if (period === 'day') return addDays(date, 0);
  if (period === 'week') return addDays(date, -((date.getDay() + 6) % 7));
  return new Date(date.getFullYear(), date.getMonth(), 1);
}

export type DayRange = { fromDay: string; toDay: string };

/**
 * The tiles' two periods: the current one up to today (this month so far) and the whole one before it. Rates
 * are per exposure (per 10 min, per 1,000 person-hours, a share), so a part period compares with a whole one.
 */
export function tilePeriods(today: Date, period: TrendPeriod): { current: DayRange; previous: DayRange } {
  const start = periodStartOf(today, period);
  const previousStart = periodStartOf(addDays(start, -1), period);
  return { current: { fromDay: dayString(start), toDay: dayString(today) }, previous: { fromDay: dayString(previousStart), toDay: dayString(addDays(start, -1)) } };
}

/** The trend's range presets (weeks to years) and the period each is read in by default. */
export const RANGE_PRESETS = { days30: { days: 30, period: 'day' }, weeks13: { days: 13 * 7, period: 'week' }, months12: { days: 365, period: 'month' }, years3: { days: 3 * 365, period: 'month' } } as const satisfies Record<string, { days: number; period: TrendPeriod }>;
export type RangePreset = keyof typeof RANGE_PRESETS;

/** The days a preset covers, ending today; it starts on a period boundary so that the first point is a whole period. */
export function presetRange(today: Date, preset: RangePreset, period: TrendPeriod): DayRange {
  return { fromDay: dayString(periodStartOf(addDays(today, -(RANGE_PRESETS[preset].days - 1)), period)), toDay: dayString(today) };
}

// ─── Numbers ──────────────────────────────────────────────────────────────────────────────────────────

/** A figure with the decimals its size needs (312, 12.4, 0.87); '—' where there is none. */
export function formatFigure(value: number | null, language: string): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const size = Math.abs(value);
  const decimals = size >= 100 || Number.isInteger(value) ? 0 : size >= 10 ? 1 : 2;
  return value.toLocaleString(language, { maximumFractionDigits: decimals, minimumFractionDigits: 0 });
}

/** An index as the tile and "why is it 72?" show it: whole points (the weights and bands are not finer than that). */
export function indexFigure(value: number | null, language: string): string {
  return formatFigure(value === null ? null : Math.round(value), language);
}

export type Direction = 'up' | 'down' | 'flat';

/**
 * Which way a figure moved and whether that is worse: ISA-101 keeps a tile grey when it is normal, so only a
 * change in the bad direction is coloured. A change within 0.5 % of the larger figure is flat (noise in a rate).
 */
export function changeOf(current: number | null, previous: number | null, direction: IndicatorDefinition['direction']): { direction: Direction; worse: boolean } | null {
  if (current === null || previous === null) return null;
  const tolerance = Math.max(Math.abs(current), Math.abs(previous)) * 0.005;
  const delta = current - previous;
  const moved: Direction = Math.abs(delta) <= tolerance ? 'flat' : delta > 0 ? 'up' : 'down';
  const worse = moved !== 'flat' && (moved === 'up') === (direction === 'lowerIsBetter');
  return { direction: moved, worse };
}

/** Beyond the published benchmark (an alarm rate above ISA-18.2's 1 per 10 min): abnormal, so coloured. */
export function beyondBenchmark(value: number | null, benchmark: IndicatorDefinition['benchmark']): boolean {
  if (value === null || !benchmark) return false;
  return benchmark.comparison === 'atMost' ? value > benchmark.value : value < benchmark.value;
}

// ─── Tiles ────────────────────────────────────────────────────────────────────────────────────────────

export type TileState = {
  indicatorId: string;
  name: string;
  unit: string;
  /**
   * 'noData': the source holds nothing yet (暂无数据); 'nothingToRate': data, but no denominator this period;
   * 'notEnoughExposure': a rate per exposure hours with fewer hours than its definition's minDenominator.
   */
  status: 'noData' | 'nothingToRate' | 'notEnoughExposure' | 'value';
  /** The least exposure hours a rate needs ('notEnoughExposure' says it), formatted. */
  minExposure: string;
  value: string;
  previous: string;
  change: { direction: Direction; worse: boolean } | null;
  benchmark: { value: string; atMost: boolean; source: string; beyond: boolean } | null;
};

const siteValue = (values: readonly IndicatorValue[], id: string) => values.find((v) => v.indicatorId === id && v.dimension === 'site');

export function tileState(definition: IndicatorDefinition, available: boolean, current: readonly IndicatorValue[], previous: readonly IndicatorValue[], language: string): TileState {
  const currentValue = siteValue(current, definition.id);
  const now = currentValue?.value ?? null;
  const before = siteValue(previous, definition.id)?.value ?? null;
  return {
    indicatorId: definition.id,
    name: localized(definition.name, language),
    unit: localized(definition.unit, language),
    status: !available ? 'noData' : now !== null ? 'value' : (currentValue?.denominator ?? 0) > 0 && definition.minDenominator !== undefined ? 'notEnoughExposure' : 'nothingToRate',
    minExposure: formatFigure(definition.minDenominator ?? null, language),
    value: formatFigure(now, language),
    previous: formatFigure(before, language),
    // Figures that read the same are shown unchanged, whatever their unshown decimals did.
    change: !available ? null : formatFigure(now, language) === formatFigure(before, language) && now !== null ? { direction: 'flat', worse: false } : changeOf(now, before, definition.direction),
    benchmark: definition.benchmark ? { value: formatFigure(definition.benchmark.value, language), atMost: definition.benchmark.comparison === 'atMost', source: definition.benchmark.source, beyond: beyondBenchmark(now, definition.benchmark) } : null,
  };
}

// ─── "Why is it 72?" ──────────────────────────────────────────────────────────────────────────────────

export type ExplanationRow = { indicatorId: string; name: string; unit: string; formula: string; value: string; score: string; weight: string; weightShare: string; points: string; best: string; worst: string; counted: boolean };

/**
 * An index's contributions as rows: counted ones first, most points first (what weighs most on the figure),
 * then those without data, listed as not counted (the index is over the indicators that have data, docs/indicators.md).
 */
export function explanationRows(index: IndexValue, definitions: readonly IndicatorDefinition[], language: string): { counted: ExplanationRow[]; notCounted: ExplanationRow[]; total: string } {
  const byId = new Map(definitions.map((d) => [d.id, d]));
  const countedWeight = index.contributions.reduce((sum, c) => sum + (c.score === null ? 0 : c.weight), 0);
  const rows = index.contributions.map((c): ExplanationRow & { pointsValue: number } => {
    const definition = byId.get(c.indicatorId);
    const counted = c.score !== null;
    return {
      indicatorId: c.indicatorId,
      name: definition ? localized(definition.name, language) : c.indicatorId,
      unit: definition ? localized(definition.unit, language) : '',
      formula: definition ? localized(definition.formula, language) : '',
      value: formatFigure(c.value, language),
      score: formatFigure(c.score, language),
      weight: formatFigure(c.weight, language),
      weightShare: counted && countedWeight > 0 ? `${formatFigure((c.weight / countedWeight) * 100, language)} %` : '—',
      points: formatFigure(c.points, language),
      best: formatFigure(c.best, language),
      worst: formatFigure(c.worst, language),
      counted,
      pointsValue: c.points ?? 0,
    };
  });
  const strip = ({ pointsValue: _, ...row }: ExplanationRow & { pointsValue: number }): ExplanationRow => row;
  const counted = rows.filter((r) => r.counted).sort((a, b) => b.pointsValue - a.pointsValue).map(strip);
  const notCounted = rows.filter((r) => !r.counted).map(strip);
  return { counted, notCounted, total: indexFigure(index.value, language) };
}

// ─── Rankings ─────────────────────────────────────────────────────────────────────────────────────────

export type RankingRow = { key: string; name: string; value: string; rank: number | null; /** 0..1 of the largest value: the inline bar. */ bar: number; beyond: boolean };

/**
 * One indicator's values over a dimension as ranked rows, best first by the indicator's direction (rank 1 is
 * the best), keys without a value last; names from `nameOf` (the scene's areas and departments, roster shifts).
 */
export function rankingRows(values: readonly IndicatorValue[], definition: IndicatorDefinition, dimension: IndicatorDimension, nameOf: (key: string) => string, language: string): RankingRow[] {
  const mine = values.filter((v) => v.indicatorId === definition.id && v.dimension === dimension);
  const max = Math.max(0, ...mine.map((v) => Math.abs(v.value ?? 0)));
  const better = definition.direction === 'higherIsBetter' ? -1 : 1;
  const sorted = [...mine].sort((a, b) => {
    if (a.value === null || b.value === null) return a.value === null ? (b.value === null ? 0 : 1) : -1;
    return better * (a.value - b.value);
  });
  return sorted.map((v, i) => ({
    key: v.key,
    name: nameOf(v.key),
    value: formatFigure(v.value, language),
    rank: v.value === null ? null : i + 1,
    bar: v.value === null || max === 0 ? 0 : Math.abs(v.value) / max,
    beyond: beyondBenchmark(v.value, definition.benchmark),
  }));
}

/** The last `count` periods up to today, oldest first; the last one is the current period so far (a sparkline). */
export function recentPeriods(today: Date, period: TrendPeriod, count: number): DayRange[] {
  const ranges: DayRange[] = [];
  let end = today;
  for (let i = 0; i < count; i++) {
    const start = periodStartOf(end, period);
    ranges.unshift({ fromDay: dayString(start), toDay: dayString(end) });
    end = addDays(start, -1);
  }
  return ranges;
}

/** The days of a trend's point: from its start to the day before the next point's start, the last one to `toDay`. */
export function pointRange(points: readonly { start: string }[], index: number, toDay: string): DayRange {
  const next = points[index + 1];
  return { fromDay: points[index]!.start, toDay: next ? dayString(addDays(dayDate(next.start), -1)) : toDay };
}
