import { z } from 'zod';
import type { Action } from './roles.js';
import { boundedLineSchema, boundedTextSchema, EpochMsSchema } from './permits.js';
import { RECORD_ID_MAX_CHARS, RECORD_NOTE_MAX_CHARS } from './recordBounds.js';
import type { LocalizedText } from './scene.js';
import type { AlarmCondition, AlarmPriority, AlarmSourceKind } from './alarms.js';
import type { Disposition } from './dispatch.js';
import type { HazardKind } from './hazards.js';
import type { PermitType } from './permits.js';

/**
 * The safety manager's workstation (issue 20, docs/indicators.md): a catalogue of documented indicators,
 * computed per day and per dimension (site, area, department, contractor, shift) into the historian, two
 * indices built from them with weights from a configuration file, explained indicator by indicator, and
 * reports. What the core serves; main/indicators holds the pure formulas, main/indicatorDesk the runtime.
 */

// ─── Catalogue ─────────────────────────────────────────────────────────────────────────────────────────

/** Where an indicator's numbers come from; an indicator whose source holds nothing yet shows "no data yet". */
export const INDICATOR_SOURCES = ['alarms', 'dispatch', 'dataQuality', 'camera', 'rtls', 'drills', 'hazards', 'permits', 'contractors', 'incidents'] as const;
export type IndicatorSource = (typeof INDICATOR_SOURCES)[number];

/** What a higher value means: better (a closure rate) or worse (an alarm rate). */
export const INDICATOR_DIRECTIONS = ['higherIsBetter', 'lowerIsBetter'] as const;
export type IndicatorDirection = (typeof INDICATOR_DIRECTIONS)[number];

/** Leading indicators feed the safety health index; lagging ones only the enterprise risk index. */
export const INDICATOR_KINDS = ['leading', 'lagging'] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];

/** The breakdowns an indicator may be computed over; 'site' is the whole plant. */
export const INDICATOR_DIMENSIONS = ['site', 'area', 'department', 'contractor', 'shift'] as const;
export type IndicatorDimension = (typeof INDICATOR_DIMENSIONS)[number];

/**
 * One documented indicator. A day's value is `numerator / denominator × scale` (a rate, a share, a mean)
 * where both are stored so that any period's value is Σnumerator / Σdenominator × scale — never a mean of
 * daily ratios. `benchmark` is the published target shown beside it (ISA-18.2 / EEMUA 191 for alarms).
 */
export type IndicatorDefinition = {
  id: string;
  name: LocalizedText;
  /** The formula in words, as the screen and the report show it ("why is it 72?"). */
  formula: LocalizedText;
  unit: LocalizedText;
  /** Multiplier of numerator/denominator: 100 for a percentage, 1000 for per-1,000 person-hours, 1 for a mean. */
  scale: number;
  /**
   * How days add up to a period: 'ratio' (the default) Σnumerator / Σdenominator × scale; 'streak' the run of
   * consecutive days up to the period's end whose numerator equals their denominator (a day without the event:
   * days without a recordable incident).
   */
  aggregation?: 'ratio' | 'streak';
  /**
   * A per-exposure rate's least denominator (person-hours) for a meaningful value: below it the value is null,
   * "not enough exposure yet" — one event in the first minutes of badge data would read thousands per 1,000 h.
   */
  minDenominator?: number;
  source: IndicatorSource;
  kind: IndicatorKind;
  direction: IndicatorDirection;
  dimensions: IndicatorDimension[];
  /** Who may see it beyond the site level (person-level figures: personnel:viewNames). */
  readAction: Action;
  /** Published target, with its source. */
  benchmark?: { value: number; source: string; comparison: 'atMost' | 'atLeast' };
  /** Where the rule comes from (standard, regulation, literature). */
  reference: string;
};

/** One stored day of one indicator over one dimension key (the historian's indicator_days row). */
export type IndicatorDay = { day: string; indicatorId: string; dimension: IndicatorDimension; key: string; numerator: number; denominator: number };

/** An indicator's value over a period: null where its denominator is 0 (no data yet, or nothing to rate). */
export type IndicatorValue = { indicatorId: string; dimension: IndicatorDimension; key: string; fromDay: string; toDay: string; numerator: number; denominator: number; value: number | null };

/** A trend: one value per period (day, week, month) from..to. */
export const TREND_PERIODS = ['day', 'week', 'month'] as const;
export type TrendPeriod = (typeof TREND_PERIODS)[number];
export type IndicatorTrend = { indicatorId: string; dimension: IndicatorDimension; key: string; period: TrendPeriod; points: { start: string; value: number | null; numerator: number; denominator: number }[] };

// ─── Indices ───────────────────────────────────────────────────────────────────────────────────────────

export const INDEX_IDS = ['safetyHealth', 'enterpriseRisk'] as const;
export type IndexId = (typeof INDEX_IDS)[number];

/**
 * Weights and scoring bands of an index (config file, docs/indicators.md §indices): each indicator's value is
 * mapped to a 0–100 score linearly between `worst` (0) and `best` (100), clamped; the index is Σ weight ×
 * score / Σ weight over the indicators that have data (those without are listed, not counted as 0).
 */
export const IndexWeightSchema = z.strictObject({ indicatorId: z.string().min(1).max(RECORD_ID_MAX_CHARS), weight: z.number().positive().max(100), best: z.number(), worst: z.number() });
export const IndexConfigSchema = z.strictObject({ id: z.enum(INDEX_IDS), weights: z.array(IndexWeightSchema).min(1).max(100) });
export type IndexConfig = z.infer<typeof IndexConfigSchema>;

/** One indicator's part in an index: what the screen shows under "why is it 72?". */
export type IndexContribution = { indicatorId: string; value: number | null; score: number | null; weight: number; points: number | null; best: number; worst: number };
export type IndexValue = { indexId: IndexId; dimension: IndicatorDimension; key: string; fromDay: string; toDay: string; value: number | null; contributions: IndexContribution[] };

/**
 * The alarm the indicator book raises on the plant's alarm engine while an indicator declines (its source kind
 * 'indicator', source id `<indicatorId>/<dimension>/<key>`), so the warning reaches the manager through dispatch.
 */
export const INDICATOR_ALARM_CONDITIONS = ['indicatorDeclining'] as const;
export type IndicatorAlarmCondition = (typeof INDICATOR_ALARM_CONDITIONS)[number];

/** A graded warning when an indicator got worse for N consecutive periods (config). */
export type IndicatorDecline = { indicatorId: string; dimension: IndicatorDimension; key: string; periods: number; period: TrendPeriod; fromValue: number; toValue: number; grade: 1 | 2 | 3 | 4 };

// ─── Drill-down and incidents ──────────────────────────────────────────────────────────────────────────

/**
 * The records behind a number (GET /api/indicators/<id>/records): each links to its own screen. A record carries its
 * fields as data (condition, priority, source, area, disposition, severity…) and the screen words them in its language;
 * `label` is only text a user wrote (a ticket's description, an incident's title, a drill's name), shown as it is.
 * A badge's alarm or warning without personnel:viewNames carries no sourceId (the badge names a person).
 */
export type IndicatorRecordRef = { id: string; atMs: number; href?: string; label?: string } & (
  | { kind: 'alarm'; condition: AlarmCondition; priority: AlarmPriority; sourceKind: AlarmSourceKind; sourceId?: string; areaId?: string }
  | { kind: 'warning'; condition: AlarmCondition; sourceKind: AlarmSourceKind; sourceId?: string; areaId?: string; disposition?: Disposition }
  | { kind: 'hazard'; number: string; hazardKind: HazardKind; areaId?: string }
  | { kind: 'permit'; number: string; permitType: PermitType; areaId?: string }
  | { kind: 'cameraEvent'; cameraId: string }
  | { kind: 'drill' }
  | { kind: 'incident'; severity: IncidentSeverity; areaId?: string }
);
export type IndicatorRecordKind = IndicatorRecordRef['kind'];

/** The manager's incident log (recordable incidents: days without one is an indicator). */
export const INCIDENT_SEVERITIES = ['nearMiss', 'firstAid', 'recordable', 'lostTime', 'fatality'] as const;
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];
export const IncidentEntrySchema = z.strictObject({
  occurredAtMs: EpochMsSchema,
  severity: z.enum(INCIDENT_SEVERITIES),
  areaId: z.string().min(1).max(RECORD_ID_MAX_CHARS).optional(),
  contractor: boundedLineSchema(200).optional(),
  title: boundedLineSchema(200),
  description: boundedTextSchema(RECORD_NOTE_MAX_CHARS).optional(),
});
export type IncidentEntry = z.infer<typeof IncidentEntrySchema>;
export type IncidentRecord = IncidentEntry & { id: string; recordedAtMs: number; recordedBy: string };

// ─── Reports ───────────────────────────────────────────────────────────────────────────────────────────

export const REPORT_KINDS = ['monthly', 'weekly', 'onDemand'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];
export const ReportRequestSchema = z.strictObject({
  kind: z.enum(REPORT_KINDS),
  fromDay: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  toDay: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  locale: z.enum(['zh-CN', 'en']),
  /** The manager's notes printed in the report. */
  notes: boundedTextSchema(4_000).optional(),
});
export type ReportRequest = z.infer<typeof ReportRequestSchema>;
/** An archived report: its file in the data dir, its digest journaled. */
export type ReportRecord = { reportId: string; kind: ReportKind; fromDay: string; toDay: string; locale: 'zh-CN' | 'en'; createdAtMs: number; createdBy: string; bytes: number; sha256: string; pages: number; href: string };

// ─── Hot spots over time ───────────────────────────────────────────────────────────────────────────────

/**
 * The site map's hot spots over a period (issue 20 item 4, docs/risk-heatmap.md §hot spots over time): the
 * period's events summed into square cells of `cellM` metres, per layer — 'risk' weighs alarms and camera
 * detections as the live risk heatmap does (contracts/riskWeighting), the others count their records.
 */
export const HOTSPOT_LAYERS = ['risk', 'alarms', 'hazards', 'camera'] as const;
export type HotspotLayer = (typeof HOTSPOT_LAYERS)[number];
/** Cell sizes the map offers, metres: 5 m is a pump skid, 100 m a unit. */
export const HOTSPOT_CELL_MIN_M = 5;
export const HOTSPOT_CELL_MAX_M = 100;
/**
 * One cell (x, y its centre, plant metres). `value` is the period's sum; with a comparison, `compareValue` is the
 * other period's sum and `delta` the difference per day (value / days − compareValue / compareDays): periods of
 * unequal length compare fairly, and a positive delta is more risk than before.
 */
export type HotspotCell = { x: number; y: number; value: number; compareValue?: number; delta?: number };
/** One month of the year (1–12) averaged over the years the history covers; `years` may be fractional (a month half covered counts 0.5). */
export type HotspotMonth = { month: number; years: number; cells: HotspotCell[]; max: number };
/** GET /api/hotspots: `capped` when a read stopped at its row bound (the map then shows part of the period). */
export type HotspotGrid = {
  layer: HotspotLayer;
  cellM: number;
  fromDay: string;
  toDay: string;
  days: number;
  cells: HotspotCell[];
  max: number;
  /** With a comparison: its days and the largest |delta|, for a diverging scale symmetric about 0. */
  compare?: { fromDay: string; toDay: string; days: number; maxAbsDelta: number };
  /** With seasonal=1: the twelve months of the year over from..to, and how many of them hold any history. */
  months?: HotspotMonth[];
  monthsCovered?: number;
  capped: boolean;
};
