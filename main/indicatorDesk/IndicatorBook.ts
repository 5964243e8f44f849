import { randomUUID } from 'node:crypto';
import {
  type AlarmCondition,
  type AlarmSourceKind,
  type Disposition,
  INDEX_IDS,
  type IncidentSeverity,
  IncidentEntrySchema,
  type IncidentRecord,
  type IndexConfig,
  type IndexId,
  type IndexValue,
  type IndicatorDay,
  type IndicatorDecline,
  type IndicatorDefinition,
  type IndicatorDimension,
  type IndicatorRecordRef,
  type IndicatorSource,
  type IndicatorTrend,
  type IndicatorValue,
  type PermitType,
  type SessionUser,
  type TrendPeriod,
} from '../contracts/index.js';
import type { JournalSink } from '../audit/index.js';
import type { FactSource, IndicatorRecords } from '../historian/index.js';
import type { CodedResult } from '../http/index.js';
import { dayNumber, dayOf, declines, INDICATOR_CATALOGUE, indexValue, indicatorById, indicatorDays, periodStart, ranking, trendOf, valueOver, type DayDimensions, type IndicatorsConfig } from '../indicators/index.js';
import type { Logger } from '../log/index.js';
import { dayRangeMs as dayBounds, isRtlsAlarm, plantDayOf, type DayFactsReader } from './dayFactsReader.js';

/** Stored rows one query may read: a year of 22 indicators over 16 areas is ~130,000; beyond it, a shorter range. */
export const MAX_DAY_ROWS_READ = 1_000_000;
/** The longest range a query may span (days): ten years, the historian's longest retention. */
export const MAX_RANGE_DAYS = 3_660;
/** Drill-down records answered at most. */
export const MAX_RECORDS_LISTED = 500;
/** Incidents listed at most by one request. */
export const MAX_INCIDENTS_LISTED = 2_000;
const STREAK_FROM_DAY = '0000-01-01';

/** Which source tables an indicator source is read from (the RTLS entries and gatherings are alarm transitions). */
const FACT_SOURCES_OF: Record<IndicatorSource, FactSource[]> = {
  alarms: ['alarms'],
  dispatch: ['dispatch'],
  dataQuality: [],
  camera: ['camera'],
  rtls: ['rtls'],
  drills: ['drills'],
  hazards: ['hazards'],
  permits: ['permits'],
  contractors: ['contractors'],
  incidents: ['incidents'],
};

export type IndicatorBookOptions = {
  /** The historian's indicator records; null: no historian, every route answers 503 (nothing to compute from). */
  records: IndicatorRecords | null;
  reader: DayFactsReader | null;
  dims: DayDimensions;
  utcOffsetMin: number;
  config: IndicatorsConfig;
  indexConfigs: Record<IndexId, IndexConfig>;
  /** Raises and clears the decline warning on the plant's alarm engine (an external condition); null: not raised. */
  declineAlarm: ((decline: IndicatorDecline, active: boolean) => void) | null;
  journal: JournalSink | null;
  logger: Logger;
  nowMs?: () => number;
};

export type RangeQuery = { fromDay: string; toDay: string; dimension: IndicatorDimension };

type Refusal = Extract<CodedResult<never>, { ok: false }>;
const refused = (status: Refusal['status'], code: string, message: string): Refusal => ({ ok: false, status, problem: { code, severity: 'info', message } as Refusal['problem'] });
const unavailable = () => refused(503, 'ST_ERR_INDICATORS_UNAVAILABLE', 'indicators are computed from the historian: start the core with --historian');

/**
 * The manager's indicators at run time (issue 20, docs/indicators.md §computation and storage): at start it back-fills
 * the days missing since the historian's first record, a few days a second (config backfillDaysPerSecond) so the core
 * stays responsive; then it recomputes today and yesterday every recomputeEveryMin and checks the declines. A day is
 * computed by the pure module (indicatorDays over the day's facts) and stored whole (IndicatorRecords.replaceDay).
 * Queries read the stored days and answer with the pure module's values, trends, rankings and indices.
 */
export class IndicatorBook {
  private readonly now: () => number;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private work: Promise<void> = Promise.resolve();
  private sources: Set<FactSource> = new Set();
  private firstRecordMs: number | null = null;
  private currentDeclines: IndicatorDecline[] = [];
  private readonly raised = new Map<string, IndicatorDecline>();
  readonly stats = { daysComputed: 0, daysBackfilled: 0, backfillPending: 0, computeErrors: 0, truncatedDays: 0, lastComputedAtMs: 0 };

  constructor(private readonly options: IndicatorBookOptions) {
    this.now = options.nowMs ?? Date.now;
  }

  get available(): boolean {
    return this.options.records !== null && this.options.reader !== null;
  }

  /** The indices' weights in use (config.indicators.indexFile, else the defaults): the reports score with the same. */
  get indexConfigs(): Record<IndexId, IndexConfig> {
    return this.options.indexConfigs;
  }

  /** Starts the back-fill, then the periodic recomputation; resolves once the back-fill has been scheduled (not done). */
  start(): void {
    if (!this.available) return;
    this.work = this.backfill().then(
      () => this.schedule(),
      (error: unknown) => {
        this.stats.computeErrors++;
        this.options.logger.error({ err: error }, 'indicators: the back-fill failed; the periodic recomputation goes on');
        this.schedule();
      },
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.work.catch(() => undefined);
  }

  /** Resolves when the work under way (the back-fill or a recomputation) is done: tests and the benchmark wait on it. */
  idle(): Promise<void> {
    return this.work;
  }

  /** The plant-local day of now. */
  today(): string {
    return plantDayOf(this.now(), this.options.utcOffsetMin);
  }

  /** Computes and stores one day (also what the recomputation does for today and yesterday). */
  async computeDay(day: string): Promise<number> {
    const { records, reader } = this.options;
    if (!records || !reader) return 0;
    const { facts, truncated } = await reader.read(day, { sources: this.sources, firstRecordMs: this.firstRecordMs ?? dayBounds(day, this.options.utcOffsetMin).startMs });
    if (truncated.length > 0) {
      this.stats.truncatedDays++;
      this.options.logger.warn({ day, sources: truncated }, 'indicators: a day holds more records than one read takes; its figures count the first ones');
    }
    const rows = indicatorDays(facts, this.options.dims);
    await records.replaceDay(day, rows, this.now());
    this.stats.daysComputed++;
    this.stats.lastComputedAtMs = this.now();
    return rows.length;
  }

  /** Back-fills the days since the first record not stored yet, up to yesterday, at the configured pace. */
  async backfill(): Promise<void> {
    const records = this.options.records!;
    await this.refreshSources();
    if (this.firstRecordMs === null) return;
    const today = this.today();
    const yesterday = dayOf(dayNumber(today) - 1);
    const first = plantDayOf(this.firstRecordMs, this.options.utcOffsetMin);
    if (first > yesterday) return;
    const stored = new Set(await records.storedDays(first, yesterday));
    const missing: string[] = [];
    for (let n = dayNumber(first); n <= dayNumber(yesterday); n++) if (!stored.has(dayOf(n))) missing.push(dayOf(n));
    this.stats.backfillPending = missing.length;
    const perSecond = this.options.config.backfillDaysPerSecond;
    for (let i = 0; i < missing.length && !this.stopped; i += perSecond) {
      const startedMs = Date.now();
      for (const day of missing.slice(i, i + perSecond)) {
        if (this.stopped) return;
        await this.computeDay(day);
        this.stats.daysBackfilled++;
        this.stats.backfillPending--;
        // Between days the event loop serves everything else (sockets, HTTP, ingest).
        await new Promise((resolve) => setImmediate(resolve));
      }
      const restMs = 1000 - (Date.now() - startedMs);
      if (restMs > 0 && i + perSecond < missing.length) await new Promise((resolve) => setTimeout(resolve, restMs).unref());
    }
  }

  /** Recomputes yesterday and today (late records change a day after it ended), then checks the declines. */
  async recompute(): Promise<void> {
    if (!this.available) return;
    await this.refreshSources();
    const today = this.today();
    await this.computeDay(dayOf(dayNumber(today) - 1));
    await this.computeDay(today);
    await this.checkDeclines();
  }

  private schedule(): void {
    if (this.stopped) return;
    const run = () => {
      this.work = this.recompute()
        .catch((error: unknown) => {
          this.stats.computeErrors++;
          this.options.logger.error({ err: error }, 'indicators: recomputing today failed; tried again at the next period');
        })
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(run, this.options.config.recomputeEveryMin * 60_000).unref();
        });
    };
    run();
  }

  private async refreshSources(): Promise<void> {
    const records = this.options.records!;
    this.sources = await records.sourcesWithRows();
    this.firstRecordMs = await records.firstRecordMs();
  }

  // ─── Queries ─────────────────────────────────────────────────────────────────────────────────────────

  /** Each catalogue indicator and whether its source holds any record ("no data yet" otherwise). */
  definitions(): { definitions: IndicatorDefinition[]; available: Record<string, boolean> } {
    const available: Record<string, boolean> = {};
    for (const def of INDICATOR_CATALOGUE) available[def.id] = FACT_SOURCES_OF[def.source].some((s) => this.sources.has(s));
    return { definitions: [...INDICATOR_CATALOGUE], available };
  }

  /** The values over [fromDay, toDay] of the indicators asked (all by default), every key of the dimension, best first. */
  async values(query: RangeQuery & { ids?: readonly string[] }): Promise<CodedResult<IndicatorValue[]>> {
    const defs = this.definitionsOf(query.ids);
    if (!defs.ok) return defs;
    const days = await this.read(query, defs.value);
    if (!days.ok) return days;
    const byIndicator = groupBy(days.value, (d) => d.indicatorId);
    return { ok: true, value: defs.value.filter((def) => def.dimensions.includes(query.dimension)).flatMap((def) => ranking(byIndicator.get(def.id) ?? [], def, query.fromDay, query.toDay, query.dimension)) };
  }

  async trend(indicatorId: string, query: RangeQuery & { period: TrendPeriod; key: string }): Promise<CodedResult<IndicatorTrend>> {
    const defs = this.definitionsOf([indicatorId]);
    if (!defs.ok) return defs;
    const days = await this.read(query, defs.value, query.key);
    return days.ok ? { ok: true, value: trendOf(days.value, defs.value[0]!, query.fromDay, query.toDay, query.period, query.dimension, query.key) } : days;
  }

  /** Both indices over [fromDay, toDay] for every key of the dimension holding data, with their contributions. */
  async indices(query: RangeQuery): Promise<CodedResult<IndexValue[]>> {
    const ids = [...new Set(INDEX_IDS.flatMap((id) => this.options.indexConfigs[id].weights.map((w) => w.indicatorId)))];
    const defs = this.definitionsOf(ids);
    if (!defs.ok) return defs;
    const days = await this.read(query, defs.value);
    if (!days.ok) return days;
    const keys = [...new Set(days.value.filter((d) => d.dimension === query.dimension).map((d) => d.key))].sort();
    if (query.dimension === 'site' && keys.length === 0) keys.push('site');
    const out: IndexValue[] = [];
    // Grouped once by indicator and key: each value then reads its own rows, not the whole range's.
    const byIndicatorKey = groupBy(days.value, (d) => `${d.indicatorId}\u0000${d.key}`);
    for (const key of keys) {
      const values = new Map(defs.value.map((def) => [def.id, valueOver(byIndicatorKey.get(`${def.id}\u0000${key}`) ?? [], def, query.fromDay, query.toDay, query.dimension, key)]));
      for (const id of INDEX_IDS) out.push(indexValue(this.options.indexConfigs[id], values, { dimension: query.dimension, key, fromDay: query.fromDay, toDay: query.toDay }));
    }
    return { ok: true, value: out };
  }

  /** The declines found at the last recomputation. */
  declines(): IndicatorDecline[] {
    return [...this.currentDeclines];
  }

  /**
   * Each indicator over the complete periods (config declinePeriod) before the current one, site-wide and per department:
   * a run of declinePeriods worse periods is a graded warning, raised on the alarm engine until the run ends.
   */
  async checkDeclines(): Promise<IndicatorDecline[]> {
    const { declinePeriods, declinePeriod } = this.options.config;
    const today = this.today();
    const toDay = dayOf(dayNumber(periodStart(today, declinePeriod)) - 1);
    // declinePeriods + 4 periods back: enough for the run and its grades (declines grades up to N + 3).
    let fromDay = toDay;
    for (let k = 0; k < declinePeriods + 4; k++) fromDay = periodStart(dayOf(dayNumber(fromDay) - 1), declinePeriod);
    const found: IndicatorDecline[] = [];
    for (const dimension of ['site', 'department'] as const) {
      const days = await this.read({ fromDay, toDay, dimension }, INDICATOR_CATALOGUE);
      if (!days.ok) continue;
      const byIndicator = groupBy(days.value, (d) => d.indicatorId);
      for (const def of INDICATOR_CATALOGUE) {
        if (!def.dimensions.includes(dimension)) continue;
        const rows = byIndicator.get(def.id) ?? [];
        for (const key of new Set(rows.map((d) => d.key))) {
          const decline = declines(trendOf(rows, def, fromDay, toDay, declinePeriod, dimension, key), def, declinePeriods);
          if (decline) found.push(decline);
        }
      }
    }
    this.currentDeclines = found;
    const next = new Map(found.map((d) => [declineKey(d), d]));
    for (const [key, decline] of next) {
      if (!this.raised.has(key)) this.options.declineAlarm?.(decline, true);
      this.raised.set(key, decline);
    }
    for (const [key, decline] of [...this.raised]) {
      if (next.has(key)) continue;
      this.options.declineAlarm?.(decline, false);
      this.raised.delete(key);
    }
    return found;
  }

  // ─── Incidents ───────────────────────────────────────────────────────────────────────────────────────

  async addIncident(body: unknown, user: SessionUser): Promise<CodedResult<IncidentRecord>> {
    const records = this.options.records;
    if (!records) return unavailable();
    const parsed = IncidentEntrySchema.safeParse(body);
    if (!parsed.success) return refused(400, 'ST_ERR_INDICATORS_INVALID', parsed.error.issues.map((i) => `${i.path.join('.') || 'request'}: ${i.message}`).slice(0, 5).join('; '));
    const incident: IncidentRecord = { ...parsed.data, id: `INC-${randomUUID()}`, recordedAtMs: this.now(), recordedBy: user.name };
    await records.addIncident(incident);
    await this.options.journal?.append({ kind: 'note', by: user.name, data: { action: 'incidentRecorded', incidentId: incident.id, occurredAtMs: incident.occurredAtMs, severity: incident.severity, title: incident.title } }).catch((error: unknown) => {
      this.options.logger.error({ err: error, incidentId: incident.id }, 'audit journal: incident not recorded');
    });
    // Its day changes now, not at the next period (the days without a recordable incident restart at once).
    this.sources.add('incidents');
    this.work = this.work.then(() => this.computeDay(plantDayOf(incident.occurredAtMs, this.options.utcOffsetMin)).then(() => undefined)).catch((error: unknown) => {
      this.stats.computeErrors++;
      this.options.logger.error({ err: error }, "indicators: recomputing an incident's day failed");
    });
    return { ok: true, value: incident };
  }

  async incidents(fromMs: number, toMs: number, limit: number): Promise<CodedResult<IncidentRecord[]>> {
    const records = this.options.records;
    return records ? { ok: true, value: await records.incidents({ fromMs, toMs, limit: Math.min(limit, MAX_INCIDENTS_LISTED) }) } : unavailable();
  }

  // ─── Drill-down ──────────────────────────────────────────────────────────────────────────────────────

  /** The records behind an indicator's number over [fromDay, toDay] for one key (IndicatorRecordRef, newest first). */
  async records(indicatorId: string, query: RangeQuery & { key: string; limit: number; names: boolean }): Promise<CodedResult<IndicatorRecordRef[]>> {
    const records = this.options.records;
    if (!records) return unavailable();
    const def = indicatorById(indicatorId);
    if (!def) return refused(404, 'ST_ERR_INDICATORS_NOT_FOUND', `no indicator "${indicatorId}" in the catalogue`);
    const { startMs } = dayBounds(query.fromDay, this.options.utcOffsetMin);
    const { endMs } = dayBounds(query.toDay, this.options.utcOffsetMin);
    const sources = new Set<FactSource>(def.source === 'rtls' ? ['alarms'] : FACT_SOURCES_OF[def.source]);
    const rows = await records.dayRows({ fromMs: startMs, toMs: endMs, reviewOverdueAfterMs: Number.MAX_SAFE_INTEGER, positions: false }, sources);
    const matches = (place: { areaId?: string; contractor?: string; atMs?: number }) => this.matchesKey(place, query.dimension, query.key);
    const refs: IndicatorRecordRef[] = [];
    const add = (ref: IndicatorRecordRef, place: { areaId?: string; contractor?: string; atMs?: number }) => {
      if (matches({ ...place, atMs: ref.atMs })) refs.push(ref);
    };
    // Each record carries its fields as data for the screen to word (IndicatorRecordRef); the casts name what the
    // historian's text columns hold: the engine's validated conditions, source kinds, dispositions, permit types and severities.
    if (def.source === 'alarms' || def.source === 'rtls') {
      const wanted = def.source === 'rtls' ? (def.id.startsWith('gathering') ? ['gathering'] : ['restrictedEntry']) : null;
      for (const a of rows.alarms?.activations ?? []) {
        // The RTLS rates count the badges' and areas' alarms only (isRtlsAlarm): their records are those, not a camera's of the same condition.
        if (wanted && (!wanted.includes(a.condition) || !isRtlsAlarm(a))) continue;
        const fields = { condition: a.condition as AlarmCondition, priority: a.priority, sourceKind: a.sourceKind as AlarmSourceKind, ...(a.areaId !== undefined && { areaId: a.areaId }) };
        if (a.sourceKind === 'worker' && !query.names) add({ kind: 'alarm', id: `${a.condition}@${a.atMs}`, atMs: a.atMs, ...fields }, a);
        else add({ kind: 'alarm', id: a.alarmId, atMs: a.atMs, ...fields, sourceId: a.sourceId, href: `?alarm=${encodeURIComponent(a.alarmId)}&at=${a.atMs}&source=${encodeURIComponent(a.sourceKind)}` }, a);
      }
    }
    for (const w of rows.dispatch?.warnings ?? []) {
      const fields = { condition: w.condition as AlarmCondition, sourceKind: w.sourceKind as AlarmSourceKind, ...(w.areaId !== undefined && { areaId: w.areaId }), ...(w.disposition !== undefined && { disposition: w.disposition as Disposition }) };
      if (w.sourceKind === 'worker' && !query.names) add({ kind: 'warning', id: `${w.condition}@${w.raisedAtMs}`, atMs: w.raisedAtMs, ...fields }, w);
      else add({ kind: 'warning', id: w.warningId, atMs: w.raisedAtMs, ...fields, sourceId: w.sourceId, href: `?warning=${encodeURIComponent(w.warningId)}` }, w);
    }
    for (const e of rows.camera ?? []) add({ kind: 'cameraEvent', id: String(e.id), atMs: e.atMs, cameraId: e.cameraId, href: `?cameraEvent=${e.id}&camera=${encodeURIComponent(e.cameraId)}` }, {});
    for (const d of rows.drills ?? []) if (d.phase === 'start') add({ kind: 'drill', id: d.markerId, atMs: d.atMs, label: d.label }, {});
    for (const t of rows.hazards ?? []) {
      if (t.reportedAtMs < startMs) continue;
      const area = t.location.areaId !== undefined ? { areaId: t.location.areaId } : {};
      add({ kind: 'hazard', id: t.number, atMs: t.reportedAtMs, number: t.number, hazardKind: t.kind, ...area, label: t.description.slice(0, 80), href: `?hazard=${encodeURIComponent(t.number)}` }, area);
    }
    if (rows.permits) {
      const p = rows.permits;
      const list = def.id === 'permitOverdueReviews' ? [] : def.id === 'permitSuspensions' ? p.suspensions : p.issued;
      for (const r of list) add({ kind: 'permit', id: r.number, atMs: r.atMs, number: r.number, permitType: r.type as PermitType, ...(r.areaId !== undefined && { areaId: r.areaId }), href: `?permit=${encodeURIComponent(r.number)}` }, r);
    }
    for (const i of rows.incidents ?? []) add({ kind: 'incident', id: i.id, atMs: i.occurredAtMs, severity: i.severity as IncidentSeverity, ...(i.areaId !== undefined && { areaId: i.areaId }), label: i.title, href: `?view=manager&incident=${encodeURIComponent(i.id)}` }, i);
    refs.sort((a, b) => b.atMs - a.atMs);
    // A badge names a person: a badge's alarm or warning is listed by its condition, area and time only, unless the role may see names (personnel:viewNames).
    return { ok: true, value: refs.slice(0, Math.min(query.limit, MAX_RECORDS_LISTED)) };
  }

  private matchesKey(place: { areaId?: string; contractor?: string; atMs?: number }, dimension: IndicatorDimension, key: string): boolean {
    switch (dimension) {
      case 'site':
        return true;
      case 'area':
        return place.areaId === key;
      case 'department':
        return place.areaId !== undefined && this.options.dims.areaToDepartment[place.areaId] === key;
      case 'contractor':
        return place.contractor === key;
      case 'shift':
        return place.atMs !== undefined && this.options.dims.shiftOf(place.atMs) === key;
    }
  }

  private definitionsOf(ids: readonly string[] | undefined): CodedResult<IndicatorDefinition[]> {
    if (ids === undefined || ids.length === 0) return { ok: true, value: [...INDICATOR_CATALOGUE] };
    const defs: IndicatorDefinition[] = [];
    for (const id of ids) {
      const def = indicatorById(id);
      if (!def) return refused(404, 'ST_ERR_INDICATORS_NOT_FOUND', `no indicator "${id}" in the catalogue`);
      defs.push(def);
    }
    return { ok: true, value: defs };
  }

  /** The stored days of a range and dimension for some indicators; a streak indicator's from its first day (it counts back). */
  private async read(query: RangeQuery, defs: readonly IndicatorDefinition[], key?: string): Promise<CodedResult<IndicatorDay[]>> {
    const records = this.options.records;
    if (!records) return unavailable();
    const span = dayNumber(query.toDay) - dayNumber(query.fromDay);
    if (span < 0 || span >= MAX_RANGE_DAYS) return refused(400, 'ST_ERR_INDICATORS_INVALID', `from must not be after to, and the range at most ${MAX_RANGE_DAYS} days`);
    const plain = defs.filter((d) => d.aggregation !== 'streak').map((d) => d.id);
    const streaks = defs.filter((d) => d.aggregation === 'streak').map((d) => d.id);
    const base = { toDay: query.toDay, dimension: query.dimension, ...(key !== undefined && { key }), limit: MAX_DAY_ROWS_READ + 1 };
    const rows = [
      ...(plain.length > 0 ? await records.days({ ...base, fromDay: query.fromDay, indicatorIds: plain }) : []),
      ...(streaks.length > 0 ? await records.days({ ...base, fromDay: STREAK_FROM_DAY, indicatorIds: streaks }) : []),
    ];
    if (rows.length > MAX_DAY_ROWS_READ) return refused(400, 'ST_ERR_INDICATORS_INVALID', `the range holds more than ${MAX_DAY_ROWS_READ} stored rows: ask for fewer indicators or a shorter range`);
    return { ok: true, value: rows };
  }
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

const declineKey = (d: IndicatorDecline) => `${d.indicatorId}\u0000${d.dimension}\u0000${d.key}`;


