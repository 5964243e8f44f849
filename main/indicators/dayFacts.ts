import { computeAlarmKpis, type KpiActivation, type KpiAlarmState } from '../alarms/index.js';
import type { HazardTicket, IncidentEntry, IndicatorDay, IndicatorDefinition, IndicatorDimension } from '../contracts/index.js';
import type { DispositionRow } from '../dispatch/index.js';
import { hazardCohortFigures, type HazardCohortFigures, type HazardsConfig } from '../hazards/index.js';
import { INDICATOR_CATALOGUE } from './catalogue.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const TEN_MINUTES_MS = 10 * MINUTE_MS;

/** Where and when a record happened, for its dimensions: its scene area, the contractor (company name) of the person, its time. */
export type Place = { areaId?: string; contractor?: string };
/** Person-hours spent somewhere: one slice per person and area and time slot, or already summed (the runtime's choice). */
export type PresenceSlice = Place & { atMs: number; hours: number };
/** An event counted against person-hours (an RTLS alarm). */
export type PlacedEvent = Place & { atMs: number };

/**
 * What one plant-local day's records hold, one optional section per source: a section left out means the
 * source holds nothing for the day (its indicators get no row: "no data yet"); a section present with empty
 * lists is a day with nothing to count (rows with 0). The runtime (main/indicatorDesk) reads them from the
 * historian; every list holds the records of [dayStartMs, dayEndMs) unless its comment says otherwise.
 */
export type DayFacts = {
  /** 'YYYY-MM-DD', plant-local. */
  day: string;
  dayStartMs: number;
  dayEndMs: number;
  alarms?: {
    /** Annunciated activations ('activate' transitions whose state is 'unacknowledged'), in time order. */
    activations: readonly (KpiActivation & { areaId?: string })[];
    /** Every alarm not in 'normal' at the day's end (queryKpis' alarmStatesAt), with its area. */
    alarmsAtEnd: readonly (KpiAlarmState & { areaId?: string })[];
    /** When measuring started (the historian's first record): a day before it is measured from there. */
    measuredFromMs: number;
    operatorPositions: number;
  };
  dispatch?: {
    /** The warnings raised in the day (their acknowledgement and clearing as they stand now), with the alarm's area. */
    warnings: readonly (DispositionRow & { areaId?: string })[];
  };
  dataQuality?: {
    /** Each sensor's data-quality score (0–1, main/alarms sensorDataQuality) as computed for the day. */
    sensors: readonly { sensorId: string; areaId?: string; score: number }[];
  };
  camera?: {
    /** Person observations of the camera AI in PPE-required zones, whether the person lacked required PPE. */
    observations: readonly { atMs: number; cameraId: string; areaId?: string; violation: boolean }[];
    /** Person-hours spent in camera-covered PPE-required zones (badge positions in the cameras' zones). */
    exposure: readonly PresenceSlice[];
  };
  rtls?: {
    /** Person-hours on site from badge positions. */
    presence: readonly PresenceSlice[];
    restrictedEntries: readonly PlacedEvent[];
    gatherings: readonly PlacedEvent[];
  };
  drills?: {
    /** The drills planned for the day: whether held, and the trainer's score (0–100) if given. */
    drills: readonly { drillId: string; plannedAtMs: number; areaId?: string; done: boolean; score?: number }[];
  };
  hazards?: {
    /** Every ticket of the register reported before the day's end (repeats look back over all of them). */
    tickets: readonly HazardTicket[];
    /** The trails are read as they stand now: the day's reports followed up (docs/indicators.md §hazards). */
    asOfMs: number;
    config: Pick<HazardsConfig, 'ticketDeadlineMs' | 'reminderAtFractions' | 'escalationStepMs' | 'duplicateRadiusM'>;
  };
  permits?: {
    /** Permits issued (approved, whatever since) whose work window starts in the day (permitStats' `permits`). */
    issued: readonly (Place & { number: string; atMs: number })[];
    /** Suspend steps signed in the day. */
    suspensions: readonly (Place & { number: string; atMs: number })[];
    /** Closed permits whose review is overdue at the day's end (permitStats' `overdueReviews` as of then). */
    overdueReviews: readonly (Place & { number: string })[];
  };
  contractors?: {
    /** Every current certificate of the register's people at the day's end: expired or expiring within 30 days (main/contractors' expiry warning). */
    certificates: readonly { contractor: string; expiringOrExpired: boolean }[];
  };
  incidents?: {
    /** The incident log's entries that occurred in the day. */
    records: readonly Pick<IncidentEntry, 'occurredAtMs' | 'severity' | 'areaId' | 'contractor'>[];
    /** Hours worked (RTLS person-hours on site, or the site's own count). */
    hoursWorked: readonly PresenceSlice[];
  };
};

/** How records map to the dimensions' keys: the scene's organisation and the shift pattern. */
export type DayDimensions = { areaToDepartment: Readonly<Record<string, string>>; shiftOf: (tMs: number) => string };

/** The severities OSHA counts as recordable (29 CFR 1904.7: beyond first aid; lost time and fatalities included). */
const RECORDABLE: ReadonlySet<IncidentEntry['severity']> = new Set(['recordable', 'lostTime', 'fatality']);

/** One numerator and denominator share of a record, with what its dimension keys are derived from. */
type Part = { num: number; den: number; atMs?: number; areaId?: string; contractor?: string };
/** What a "count per day" indicator adds: its day counts once per key (denominator 1), 0 where nothing happened. */
type PerDay = { perDay: true; parts: Part[] };
type Parts = Part[] | PerDay;

/**
 * Every indicator of the catalogue whose source section is present, for each dimension it declares: 'site'
 * keyed 'site', areas by id, departments by the organisation's id, contractors by company name, shifts by the
 * shift's id. A key gets a row when a record or a denominator falls on it; the per-day counts (standing and
 * chattering alarms, overdue reviews, days without a recordable incident) get one for every area and department
 * of the organisation too, since their day counts 1 whatever happened.
 */
export function indicatorDays(facts: DayFacts, dims: DayDimensions): IndicatorDay[] {
  const rows: IndicatorDay[] = [];
  // What several indicators read is computed once a day: the areas' alarm counts, the hidden-danger cohorts.
  const shared: Shared = { alarmAreas: once(() => facts.alarms && alarmsByArea(facts.alarms, facts)), cohorts: once(() => facts.hazards && hazardCohorts(facts.hazards, facts)) };
  for (const def of INDICATOR_CATALOGUE) {
    const parts = partsOf(def.id, facts, dims, shared);
    if (parts) rows.push(...rowsOf(def, facts.day, parts, dims));
  }
  return rows;
}

type Shared = { alarmAreas: () => AreaAlarmCounts[] | undefined; cohorts: () => Cohort[] | undefined };

function once<T>(compute: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = compute();
      done = true;
    }
    return value;
  };
}

function partsOf(id: string, facts: DayFacts, dims: DayDimensions, shared: Shared): Parts | undefined {
  const { alarms, dispatch, dataQuality, camera, rtls, drills, hazards, permits, contractors, incidents } = facts;
  switch (id) {
    case 'ppeCompliance':
      return camera?.observations.map((o) => ({ num: o.violation ? 0 : 1, den: 1, atMs: o.atMs, ...area(o.areaId) }));
    case 'ppeViolationsPer100h':
      return camera && [...camera.observations.filter((o) => o.violation).map((o) => ({ num: 1, den: 0, atMs: o.atMs, ...area(o.areaId) })), ...hours(camera.exposure)];
    case 'restrictedEntryPer1000h':
      return rtls && [...events(rtls.restrictedEntries), ...hours(rtls.presence)];
    case 'gatheringPer1000h':
      return rtls && [...events(rtls.gatherings), ...hours(rtls.presence)];
    case 'alarmRatePer10Min':
      return alarms && alarmRateParts(alarms, facts, dims);
    case 'floodTimeShare':
      return alarms && floodParts(alarms, facts, dims);
    case 'standingAlarms':
      return alarms && { perDay: true, parts: shared.alarmAreas()!.map((a) => ({ num: a.standing, den: 0, ...area(a.areaId) })) };
    case 'chatteringAlarms':
      return alarms && { perDay: true, parts: shared.alarmAreas()!.map((a) => ({ num: a.chattering, den: 0, ...area(a.areaId) })) };
    case 'mttaMin':
      return dispatch?.warnings.map((w) => (w.acknowledgedAtMs === undefined ? { num: 0, den: 0, atMs: w.raisedAtMs, ...area(w.areaId) } : { num: (w.acknowledgedAtMs - w.raisedAtMs) / MINUTE_MS, den: 1, atMs: w.raisedAtMs, ...area(w.areaId) }));
    case 'mttrMin':
      return dispatch?.warnings.map((w) => (w.clearedAtMs === undefined ? { num: 0, den: 0, atMs: w.raisedAtMs, ...area(w.areaId) } : { num: (w.clearedAtMs - w.raisedAtMs) / MINUTE_MS, den: 1, atMs: w.raisedAtMs, ...area(w.areaId) }));
    case 'falseAlarmRate':
      // dispositionStats' rate: false over real + nuisance + false (test and maintenance are not plant events).
      return dispatch?.warnings.map((w) => ({ num: w.disposition === 'false' ? 1 : 0, den: w.disposition === 'real' || w.disposition === 'nuisance' || w.disposition === 'false' ? 1 : 0, atMs: w.raisedAtMs, ...area(w.areaId) }));
    case 'dataQualityScore':
      return dataQuality?.sensors.map((s) => ({ num: s.score, den: 1, ...area(s.areaId) }));
    case 'drillCompletion':
      return drills?.drills.map((d) => ({ num: d.done ? 1 : 0, den: 1, atMs: d.plannedAtMs, ...area(d.areaId) }));
    case 'drillScore':
      return drills?.drills.flatMap((d) => (d.done && d.score !== undefined ? [{ num: d.score, den: 1, atMs: d.plannedAtMs, ...area(d.areaId) }] : []));
    case 'hazardClosureRate':
    case 'hazardMeanRectificationDays':
    case 'repeatHazards':
      return hazards && hazardParts(id, shared.cohorts()!);
    case 'permitSuspensions':
      return permits && [...permits.suspensions.map((s) => ({ num: 1, den: 0, atMs: s.atMs, ...place(s) })), ...permits.issued.map((p) => ({ num: 0, den: 1, atMs: p.atMs, ...place(p) }))];
    case 'permitOverdueReviews':
      return permits && { perDay: true, parts: permits.overdueReviews.map((p) => ({ num: 1, den: 0, ...place(p) })) };
    case 'certificateExpiries':
      return contractors?.certificates.map((c) => ({ num: c.expiringOrExpired ? 1 : 0, den: 1, contractor: c.contractor }));
    case 'daysWithoutRecordableIncident':
      // Each recordable incident counts 1 here; rowsOf turns the day into 1 of 1 without one, 0 of 1 with one (aggregation 'streak').
      return incidents && { perDay: true, parts: incidents.records.filter((r) => RECORDABLE.has(r.severity)).map((r) => ({ num: 1, den: 0, atMs: r.occurredAtMs, ...place(r) })) };
    case 'recordableIncidentRate':
      return incidents && [...incidents.records.filter((r) => RECORDABLE.has(r.severity)).map((r) => ({ num: 1, den: 0, atMs: r.occurredAtMs, ...place(r) })), ...hours(incidents.hoursWorked)];
    default:
      return undefined;
  }
}

/** The day's rows of one indicator: each part summed into the keys of the dimensions the indicator declares. */
function rowsOf(def: IndicatorDefinition, day: string, parts: Parts, dims: DayDimensions): IndicatorDay[] {
  const sums = new Map<string, { dimension: IndicatorDimension; key: string; numerator: number; denominator: number }>();
  const add = (dimension: IndicatorDimension, key: string, num: number, den: number) => {
    const id = `${dimension}\u0000${key}`;
    const sum = sums.get(id);
    if (sum) {
      sum.numerator += num;
      sum.denominator += den;
    } else sums.set(id, { dimension, key, numerator: num, denominator: den });
  };
  const perDay = !Array.isArray(parts);
  const list = perDay ? parts.parts : parts;
  if (perDay) {
    // A count per day: every key of the organisation counts this day once, with whatever happened on it.
    for (const dimension of def.dimensions) for (const key of organisationKeys(dimension, dims)) add(dimension, key, 0, 1);
  } else if (def.dimensions.includes('site')) add('site', 'site', 0, 0);
  for (const part of list) {
    for (const dimension of def.dimensions) {
      const key = keyOf(dimension, part, dims);
      if (key === undefined) continue;
      if (perDay && !sums.has(`${dimension}\u0000${key}`)) add(dimension, key, 0, 1);
      add(dimension, key, part.num, part.den);
    }
  }
  return [...sums.values()].map(({ dimension, key, numerator, denominator }) => ({
    day,
    indicatorId: def.id,
    dimension,
    key,
    // A streak day holds 1 of 1 without the event, 0 of 1 with it (however many happened).
    numerator: def.aggregation === 'streak' ? (numerator > 0 ? 0 : 1) : numerator,
    denominator,
  }));
}

function organisationKeys(dimension: IndicatorDimension, dims: DayDimensions): string[] {
  if (dimension === 'site') return ['site'];
  if (dimension === 'area') return Object.keys(dims.areaToDepartment);
  if (dimension === 'department') return [...new Set(Object.values(dims.areaToDepartment))];
  return [];
}

function keyOf(dimension: IndicatorDimension, part: Part, dims: DayDimensions): string | undefined {
  switch (dimension) {
    case 'site':
      return 'site';
    case 'area':
      return part.areaId;
    case 'department':
      return part.areaId === undefined ? undefined : dims.areaToDepartment[part.areaId];
    case 'contractor':
      return part.contractor;
    case 'shift':
      return part.atMs === undefined ? undefined : dims.shiftOf(part.atMs);
  }
}

const area = (areaId: string | undefined) => (areaId === undefined ? {} : { areaId });
const place = (p: { areaId?: string | undefined; contractor?: string | undefined }) => ({ ...area(p.areaId), ...(p.contractor !== undefined && { contractor: p.contractor }) });
const hours = (slices: readonly PresenceSlice[]): Part[] => slices.map((s) => ({ num: 0, den: s.hours, atMs: s.atMs, ...place(s) }));
const events = (list: readonly PlacedEvent[]): Part[] => list.map((e) => ({ num: 1, den: 0, atMs: e.atMs, ...place(e) }));

type AlarmFacts = NonNullable<DayFacts['alarms']>;

/** The day's measured span: from its start, or from when measuring began if later. */
function measuredSpan(alarms: AlarmFacts, facts: DayFacts): { fromMs: number; toMs: number } {
  return { fromMs: Math.min(facts.dayEndMs, Math.max(facts.dayStartMs, alarms.measuredFromMs)), toMs: facts.dayEndMs };
}

/** computeAlarmKpis over the day (the same function as the live tiles and the historian's KPIs). */
function dayKpis(alarms: AlarmFacts, facts: DayFacts, activations: AlarmFacts['activations'], states: AlarmFacts['alarmsAtEnd']) {
  return computeAlarmKpis({
    // [dayStart, dayEnd): an activation at the next day's first millisecond is that day's.
    activations: activations.filter((a) => a.atMs >= facts.dayStartMs && a.atMs < facts.dayEndMs),
    alarms: states,
    nowMs: facts.dayEndMs,
    windowMs: facts.dayEndMs - facts.dayStartMs,
    measuredFromMs: alarms.measuredFromMs,
    operatorPositions: alarms.operatorPositions,
  });
}

/**
 * Standing and chattering alarms per area (computeAlarmKpis over each area's alarms: an alarm lies in one
 * area or none, so the areas' counts add up to the site's), and the part no area holds.
 */
type AreaAlarmCounts = { areaId?: string; standing: number; chattering: number };

function alarmsByArea(alarms: AlarmFacts, facts: DayFacts): AreaAlarmCounts[] {
  const areas = new Set<string>();
  for (const a of alarms.activations) if (a.areaId !== undefined) areas.add(a.areaId);
  for (const a of alarms.alarmsAtEnd) if (a.areaId !== undefined) areas.add(a.areaId);
  const counts = (activations: AlarmFacts['activations'], states: AlarmFacts['alarmsAtEnd']) => {
    const kpis = dayKpis(alarms, facts, activations, states);
    return { standing: kpis.standingAlarms, chattering: kpis.chatteringAlarms.length };
  };
  const site = counts(alarms.activations, alarms.alarmsAtEnd);
  const byArea = [...areas].map((areaId) => ({
    areaId,
    ...counts(
      alarms.activations.filter((a) => a.areaId === areaId),
      alarms.alarmsAtEnd.filter((a) => a.areaId === areaId),
    ),
  }));
  const rest = {
    standing: site.standing - byArea.reduce((sum, a) => sum + a.standing, 0),
    chattering: site.chattering - byArea.reduce((sum, a) => sum + a.chattering, 0),
  };
  return [rest, ...byArea];
}

/** Activations over (measured 10-minute periods × operator positions), the measured time split by shift minute by minute. */
function alarmRateParts(alarms: AlarmFacts, facts: DayFacts, dims: DayDimensions): Part[] {
  const span = measuredSpan(alarms, facts);
  const parts: Part[] = alarms.activations.filter((a) => a.atMs >= span.fromMs && a.atMs < span.toMs).map((a) => ({ num: 1, den: 0, atMs: a.atMs }));
  for (const [atMs, ms] of byShift(span.fromMs, span.toMs, dims)) parts.push({ num: 0, den: (ms / TEN_MINUTES_MS) * alarms.operatorPositions, atMs });
  return parts;
}

/** Flood time over measured time (computeAlarmKpis' flood periods), both split by shift. */
function floodParts(alarms: AlarmFacts, facts: DayFacts, dims: DayDimensions): Part[] {
  const span = measuredSpan(alarms, facts);
  const kpis = dayKpis(alarms, facts, alarms.activations, alarms.alarmsAtEnd);
  const parts: Part[] = [];
  for (const [atMs, ms] of byShift(span.fromMs, span.toMs, dims)) parts.push({ num: 0, den: ms / HOUR_MS, atMs });
  for (const flood of kpis.floodPeriods) {
    for (const [atMs, ms] of byShift(Math.max(flood.startMs, span.fromMs), Math.min(flood.endMs ?? span.toMs, span.toMs), dims)) parts.push({ num: ms / HOUR_MS, den: 0, atMs });
  }
  return parts;
}

/**
 * [fromMs, toMs) cut at the shift changes: each piece's start and length. Shifts change on whole minutes
 * (rosters are written in minutes), so the shift is asked once a minute — 1,440 calls a day.
 */
function byShift(fromMs: number, toMs: number, dims: DayDimensions): [number, number][] {
  const pieces: [number, number][] = [];
  let startMs = fromMs;
  let shift = dims.shiftOf(fromMs);
  for (let t = Math.floor(fromMs / MINUTE_MS) * MINUTE_MS + MINUTE_MS; t < toMs; t += MINUTE_MS) {
    const next = dims.shiftOf(t);
    if (next === shift) continue;
    pieces.push([startMs, t - startMs]);
    startMs = t;
    shift = next;
  }
  if (toMs > startMs) pieces.push([startMs, toMs - startMs]);
  return pieces;
}

/** One cohort of the day's reports: the site's part no area holds (no areaId), or one area's. */
type Cohort = { areaId?: string; site: boolean; figures: HazardCohortFigures };

/**
 * The day's reports followed up to `asOfMs`, with the monthly analysis' own function (hazardCohortFigures):
 * for the site and for each area the day's tickets lie in, so every figure is the analysis' figure of that
 * cohort. The parts carry no time (hazards have no shift dimension).
 */
function hazardCohorts(hazards: NonNullable<DayFacts['hazards']>, facts: DayFacts): Cohort[] {
  const range = { startMs: facts.dayStartMs, endMs: facts.dayEndMs };
  const areas = new Set<string>();
  for (const t of hazards.tickets) if (t.reportedAtMs >= range.startMs && t.reportedAtMs < range.endMs && t.location.areaId !== undefined) areas.add(t.location.areaId);
  return [
    { site: true, figures: hazardCohortFigures(hazards.tickets, range, hazards.asOfMs, hazards.config) },
    ...[...areas].map((areaId) => ({ areaId, site: false, figures: hazardCohortFigures(hazards.tickets, range, hazards.asOfMs, hazards.config, (t) => t.location.areaId === areaId) })),
  ];
}

/** An indicator's parts of the cohorts: each area's, and the site's less the areas' (the part no area holds). */
function hazardParts(id: string, cohorts: readonly Cohort[]): Part[] {
  const parts: Part[] = [];
  let site = { num: 0, den: 0 };
  let areaNum = 0;
  let areaDen = 0;
  for (const cohort of cohorts) {
    const f = figuresOf(id, cohort.figures);
    if (cohort.site) {
      site = f;
      continue;
    }
    areaNum += f.num;
    areaDen += f.den;
    parts.push({ ...f, ...area(cohort.areaId) });
  }
  parts.push({ num: site.num - areaNum, den: site.den - areaDen });
  return parts;
}

function figuresOf(id: string, f: HazardCohortFigures): { num: number; den: number } {
  if (id === 'hazardClosureRate') return { num: f.closure.closed, den: f.closure.accepted };
  if (id === 'hazardMeanRectificationDays') {
    // The analysis gives the mean per grade: mean × tickets is each grade's sum of hours.
    const grades = [f.rectification.general, f.rectification.major];
    return { num: grades.reduce((sum, g) => sum + (g.meanHours ?? 0) * g.closed, 0) / 24, den: grades.reduce((sum, g) => sum + g.closed, 0) };
  }
  return { num: f.repeats.count, den: f.reported.total - f.reported.byState.rejected };
}
