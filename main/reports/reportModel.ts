import type { AreaRiskGrade, HazardMonthlyAnalysis, HotspotGrid, IncidentRecord, IndexConfig, IndexId, IndexValue, IndicatorDay, IndicatorDefinition, IndicatorValue, ReportKind } from '../contracts/index.js';
import { INDEX_IDS } from '../contracts/index.js';
import type { PermitStatistics, RunningHistorian } from '../historian/index.js';
import { dayNumber, dayOf, INDICATOR_CATALOGUE, indexValue, periodStart, valueOver } from '../indicators/index.js';

const DAY_MS = 86_400_000;
/** Periods of the index chart: a year of months for a monthly report, a quarter of weeks for a weekly one. */
const CHART_PERIODS = 12;
/** Top risks and bad actors listed (the rest are in the screens). */
export const REPORT_TOP_ROWS = 10;
/** Incidents printed: a month's log; beyond it the report says how many more there were. */
export const REPORT_MAX_INCIDENTS = 50;

/**
 * What a report reads, each source answering for the report's period; null where the core runs without it
 * (no historian, no register): its section says "no data yet" (docs/reports.md §sources).
 */
export type ReportSources = {
  /** Stored site-level indicator days of [fromDay, toDay] (historian indicator_days). */
  indicatorDays(fromDay: string, toDay: string): Promise<IndicatorDay[] | null>;
  indexConfigs: Record<IndexId, IndexConfig>;
  alarmKpis(range: MsRange): Promise<HistoryKpis | null>;
  /** Annunciated alarm activations per area of the range (the hot-spot map). */
  alarmsByArea(range: MsRange): Promise<{ areaId: string | null; activations: number }[] | null>;
  /** Double prevention's analysis of the local month (null: no hazard register). */
  hazardAnalysis(month: { year: number; month: number }): HazardMonthlyAnalysis | null;
  permitStats(range: MsRange): Promise<PermitStatistics | null>;
  /** The risk register's areas with their grades now (null: no register). */
  riskAreas(): AreaRiskGrade[] | null;
  incidents(range: MsRange): Promise<IncidentRecord[] | null>;
  /** The site map's risk heat of the period in cells (GET /api/hotspots' grid, layer 'risk'); null without the map. */
  hotSpotGrid(fromDay: string, toDay: string): Promise<HotspotGrid | null>;
};

export type MsRange = { fromMs: number; toMs: number };
export type HistoryKpis = Awaited<ReturnType<RunningHistorian['kpis']>>;

export type ReportPeriod = { kind: ReportKind; fromDay: string; toDay: string };

/** One indicator in the report: this period, the previous one of the same length, and which way it went. */
export type IndicatorRow = { definition: IndicatorDefinition; value: number | null; previous: number | null; change: 'better' | 'worse' | 'same' | null; benchmarkMet: boolean | null };

export type ReportModel = {
  period: ReportPeriod;
  previous: { fromDay: string; toDay: string };
  utcOffsetMin: number;
  generatedAtMs: number;
  indices: { value: IndexValue; previous: number | null; chart: { start: string; value: number | null }[] }[];
  indicators: IndicatorRow[] | null;
  drills: IndicatorRow[] | null;
  topRisks: AreaRiskGrade[] | null;
  hotSpots: { areaId: string; alarms: number; hazards: number }[] | null;
  /** The period's risk heat in cells drawn over the area outlines (null or no cells: the areas are shaded by their counts). */
  hotSpotGrid: HotspotGrid | null;
  alarms: HistoryKpis | null;
  hazards: HazardMonthlyAnalysis | null;
  permits: PermitStatistics | null;
  incidents: { rows: IncidentRecord[]; more: number } | null;
  notes: string | null;
};

export function dayStartMs(day: string, utcOffsetMin: number): number {
  return dayNumber(day) * DAY_MS - utcOffsetMin * 60_000;
}

/** The period before: the previous calendar month for a month, else the same number of days just before. */
export function previousPeriod(period: ReportPeriod): { fromDay: string; toDay: string } {
  const from = dayNumber(period.fromDay);
  const to = dayNumber(period.toDay);
  if (period.kind === 'monthly') {
    const start = periodStart(dayOf(from - 1), 'month');
    return { fromDay: start, toDay: dayOf(from - 1) };
  }
  const length = to - from + 1;
  return { fromDay: dayOf(from - length), toDay: dayOf(from - 1) };
}

function chartStarts(period: ReportPeriod): { start: string; end: string }[] {
  const unit = period.kind === 'monthly' ? 'month' : period.kind === 'weekly' ? 'week' : null;
  const from = dayNumber(period.fromDay);
  const to = dayNumber(period.toDay);
  if (unit === null) {
    // On demand: the period cut in up to 12 equal slices.
    const slices = Math.min(CHART_PERIODS, to - from + 1);
    const size = Math.ceil((to - from + 1) / slices);
    return Array.from({ length: slices }, (_, i) => ({ start: dayOf(from + i * size), end: dayOf(Math.min(to, from + (i + 1) * size - 1)) })).filter((s) => dayNumber(s.start) <= to);
  }
  const slices: { start: string; end: string }[] = [];
  let end = to;
  for (let i = 0; i < CHART_PERIODS; i += 1) {
    const start = periodStart(dayOf(end), unit);
    slices.unshift({ start, end: dayOf(end) });
    end = dayNumber(start) - 1;
  }
  return slices;
}

function change(def: IndicatorDefinition, value: number | null, previous: number | null): IndicatorRow['change'] {
  if (value === null || previous === null) return null;
  if (Math.abs(value - previous) <= 1e-9 * Math.max(1, Math.abs(previous))) return 'same';
  return (value > previous) === (def.direction === 'higherIsBetter') ? 'better' : 'worse';
}

function siteValues(days: readonly IndicatorDay[], fromDay: string, toDay: string): Map<string, IndicatorValue> {
  return new Map(INDICATOR_CATALOGUE.map((def) => [def.id, valueOver(days, def, fromDay, toDay, 'site', 'site')]));
}

/**
 * The report's content from its sources (docs/reports.md §contents): the two indices with their explanation and a
 * 12-period chart, every indicator against the previous period and its benchmark, drills, the risk register's
 * worst areas, the hot-spot counts per area, alarm KPIs with bad actors, the hidden-danger analysis of the month,
 * permit statistics, incidents and the manager's notes. A section whose source holds nothing is null.
 */
export async function buildReportModel(sources: ReportSources, request: ReportPeriod & { notes?: string }, context: { utcOffsetMin: number; nowMs: number }): Promise<ReportModel> {
  const { utcOffsetMin } = context;
  const period: ReportPeriod = { kind: request.kind, fromDay: request.fromDay, toDay: request.toDay };
  const previous = previousPeriod(period);
  const slices = chartStarts(period);
  const firstDay = [previous.fromDay, slices[0]!.start].sort()[0]!;
  const range: MsRange = { fromMs: dayStartMs(period.fromDay, utcOffsetMin), toMs: dayStartMs(period.toDay, utcOffsetMin) + DAY_MS };
  const [days, alarms, byArea, permits, incidents, grid] = await Promise.all([
    sources.indicatorDays(firstDay, period.toDay),
    sources.alarmKpis(range),
    sources.alarmsByArea(range),
    sources.permitStats(range),
    sources.incidents(range),
    sources.hotSpotGrid(period.fromDay, period.toDay),
  ]);
  const hasDays = days !== null && days.length > 0;
  const now = hasDays ? siteValues(days, period.fromDay, period.toDay) : new Map<string, IndicatorValue>();
  const before = hasDays ? siteValues(days, previous.fromDay, previous.toDay) : new Map<string, IndicatorValue>();
  const rows: IndicatorRow[] = INDICATOR_CATALOGUE.map((definition) => {
    const value = now.get(definition.id)?.value ?? null;
    const prev = before.get(definition.id)?.value ?? null;
    const benchmark = definition.benchmark;
    const benchmarkMet = benchmark === undefined || value === null ? null : benchmark.comparison === 'atMost' ? value <= benchmark.value : value >= benchmark.value;
    return { definition, value, previous: prev, change: change(definition, value, prev), benchmarkMet };
  });
  const indices = INDEX_IDS.map((indexId) => {
    const config = sources.indexConfigs[indexId];
    const scope = (fromDay: string, toDay: string) => ({ dimension: 'site' as const, key: 'site', fromDay, toDay });
    const value = indexValue(config, now, scope(period.fromDay, period.toDay));
    const prev = hasDays ? indexValue(config, before, scope(previous.fromDay, previous.toDay)).value : null;
    const chart = slices.map((s) => ({ start: s.start, value: hasDays ? indexValue(config, siteValues(days, s.start, s.end), scope(s.start, s.end)).value : null }));
    return { value, previous: prev, chart };
  });
  const [year, month] = period.fromDay.split('-').map(Number) as [number, number];
  const hazards = sources.hazardAnalysis({ year, month });
  const risks = sources.riskAreas();
  const gradeRank = { major: 0, large: 1, general: 2, low: 3 } as Record<string, number>;
  const hotSpotOf = new Map<string, { areaId: string; alarms: number; hazards: number }>();
  const spot = (areaId: string) => hotSpotOf.get(areaId) ?? hotSpotOf.set(areaId, { areaId, alarms: 0, hazards: 0 }).get(areaId)!;
  for (const row of byArea ?? []) if (row.areaId !== null) spot(row.areaId).alarms += row.activations;
  for (const row of hazards?.reported.byArea ?? []) spot(row.areaId).hazards += row.count;
  return {
    period,
    previous,
    utcOffsetMin,
    generatedAtMs: context.nowMs,
    indices,
    indicators: hasDays ? rows.filter((r) => r.definition.source !== 'drills') : null,
    drills: hasDays && rows.some((r) => r.definition.source === 'drills' && r.value !== null) ? rows.filter((r) => r.definition.source === 'drills') : null,
    topRisks: risks === null || risks.length === 0 ? null : [...risks].sort((a, b) => (gradeRank[a.grade] ?? 9) - (gradeRank[b.grade] ?? 9) || a.areaId.localeCompare(b.areaId)).slice(0, REPORT_TOP_ROWS),
    hotSpots: hotSpotOf.size === 0 && !grid?.cells.length ? null : [...hotSpotOf.values()],
    hotSpotGrid: grid?.cells.length ? grid : null,
    alarms: alarms === null || alarms.topBadActors === undefined || (alarms.topBadActors.length === 0 && byArea !== null && byArea.length === 0) ? null : alarms,
    hazards: hazards === null || hazards.reported.total + hazards.carriedOver.count === 0 ? null : hazards,
    permits: permits === null || permits.permits.total + permits.suspensions.total + permits.overdueReviews.total === 0 ? null : permits,
    incidents: incidents === null ? null : { rows: incidents.slice(0, REPORT_MAX_INCIDENTS), more: Math.max(0, incidents.length - REPORT_MAX_INCIDENTS) },
    notes: request.notes?.trim() ? request.notes.trim() : null,
  };
}
