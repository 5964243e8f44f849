import { sql, type Kysely } from 'kysely';
import { ALARM_PRIORITIES, csvField, type AlarmPriority } from '../contracts/index.js';
import type { AlarmTransitionRow } from './historianBatch.js';
import { shiftAt, type ShiftCalendar } from './plantShifts.js';
import type { HistorianDatabase } from './schema.js';

const MINUTE_MS = 60_000;

/** Which stored transitions a query is about: [fromMs, toMs) and, per filter, any of its values (a filter left out matches all). */
export interface AlarmHistoryFilter {
  fromMs: number;
  toMs: number;
  priorities?: readonly string[];
  areas?: readonly string[];
  conditions?: readonly string[];
  sources?: readonly string[];
}

/**
 * Counts of annunciated activations ('activate' transitions whose resulting state is 'unacknowledged',
 * the ones ISA-18.2 clause 16 measures, as the KPIs count them) among the matching transitions.
 */
export interface AlarmActivationCounts {
  total: number;
  byPriority: Record<AlarmPriority, number>;
  /** Most first; areaId null for alarms with no area. */
  byArea: { areaId: string | null; activations: number }[];
  /** Per shift of the day (its local start, "HH:MM"), every configured shift listed. */
  byShift: { shift: string; activations: number }[];
  /** Per shift worked in the range (the occurrence's start, epoch ms), only those with activations, in time order. */
  perShift: { shift: string; startMs: number; activations: number }[];
}

export interface AlarmHistory {
  fromMs: number;
  toMs: number;
  /** The first `limit` matching transitions in time order; truncated when more matched. */
  transitions: AlarmTransitionRow[];
  truncated: boolean;
  activations: AlarmActivationCounts;
  /** The plant-time offset the shifts were counted in. */
  shiftUtcOffsetMinutes: number;
}

function matching(db: Kysely<HistorianDatabase>, filter: AlarmHistoryFilter) {
  let query = db.selectFrom('alarm_transitions').where('at_ms', '>=', filter.fromMs).where('at_ms', '<', filter.toMs);
  if (filter.priorities?.length) query = query.where('priority', 'in', [...filter.priorities]);
  if (filter.areas?.length) query = query.where('area_id', 'in', [...filter.areas]);
  if (filter.conditions?.length) query = query.where('condition', 'in', [...filter.conditions]);
  if (filter.sources?.length) query = query.where('source_id', 'in', [...filter.sources]);
  return query;
}

/**
 * The stored alarm transitions of a range with filters, and counts of the activations among them by
 * priority, area and shift — counted in the database over the whole range, whatever the limit (the
 * shift counts from per-minute groups, so a quarter is at most ~130,000 small rows, usually far fewer).
 */
export async function queryAlarmHistory(db: Kysely<HistorianDatabase>, filter: AlarmHistoryFilter & { limit: number }, shifts: ShiftCalendar): Promise<AlarmHistory> {
  const rows = await matching(db, filter)
    .selectAll()
    .orderBy('at_ms')
    .orderBy('id')
    .limit(filter.limit + 1)
    .execute();
  const activations = () => matching(db, filter).where('action', '=', 'activate').where('state', '=', 'unacknowledged');
  const priorities = await activations()
    .select(['priority', sql<number>`count(*)`.as('n')])
    .groupBy('priority')
    .execute();
  const areas = await activations()
    .select(['area_id', sql<number>`count(*)`.as('n')])
    .groupBy('area_id')
    .execute();
  // The cast truncates on both engines (see querySamples: node:sqlite binds the divisor as a REAL).
  const minutes = await activations()
    .select([sql<number>`cast(at_ms / ${MINUTE_MS} as bigint)`.as('minute'), sql<number>`count(*)`.as('n')])
    .groupBy('minute')
    .orderBy('minute')
    .execute();

  const byPriority = Object.fromEntries(ALARM_PRIORITIES.map((p) => [p, 0])) as Record<AlarmPriority, number>;
  for (const row of priorities) if (row.priority in byPriority) byPriority[row.priority as AlarmPriority] = Number(row.n);
  const byShift = new Map(shifts.startsLocal.map((shift) => [shift, 0]));
  const perShift = new Map<number, { shift: string; startMs: number; activations: number }>();
  let total = 0;
  for (const row of minutes) {
    // PostgreSQL returns bigint counts and casts as text: every figure through Number().
    const count = Number(row.n);
    const { shift, startMs } = shiftAt(Number(row.minute) * MINUTE_MS, shifts);
    total += count;
    byShift.set(shift, byShift.get(shift)! + count);
    const occurrence = perShift.get(startMs);
    if (occurrence) occurrence.activations += count;
    else perShift.set(startMs, { shift, startMs, activations: count });
  }
  return {
    fromMs: filter.fromMs,
    toMs: filter.toMs,
    transitions: rows.slice(0, filter.limit).map((row) => ({
      atMs: Number(row.at_ms),
      alarmId: row.alarm_id,
      sourceId: row.source_id,
      sourceKind: row.source_kind,
      areaId: row.area_id,
      condition: row.condition,
      priority: row.priority,
      action: row.action,
      previousState: row.previous_state,
      state: row.state,
      by: row.by_user,
      reason: row.reason,
    })),
    truncated: rows.length > filter.limit,
    activations: {
      total,
      byPriority,
      byArea: areas.map((row) => ({ areaId: row.area_id, activations: Number(row.n) })).sort((a, b) => b.activations - a.activations || String(a.areaId).localeCompare(String(b.areaId))),
      byShift: [...byShift].map(([shift, activations]) => ({ shift, activations })),
      perShift: [...perShift.values()],
    },
    shiftUtcOffsetMinutes: shifts.utcOffsetMs / MINUTE_MS,
  };
}

const CSV_COLUMNS = ['time_utc', 'alarm_id', 'source_id', 'source_kind', 'area_id', 'condition', 'priority', 'action', 'previous_state', 'state', 'by', 'reason'] as const;

/** CSV of the transitions (RFC 4180, ISO 8601 UTC times), for spreadsheets and the monthly analyses. */
export function alarmHistoryCsv(transitions: readonly AlarmTransitionRow[]): string {
  const lines: string[] = [CSV_COLUMNS.join(',')];
  for (const t of transitions) {
    lines.push([new Date(t.atMs).toISOString(), t.alarmId, t.sourceId, t.sourceKind, t.areaId ?? '', t.condition, t.priority, t.action, t.previousState, t.state, t.by, t.reason ?? ''].map(csvTextField).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

/**
 * A free-text field for a spreadsheet: an operator's reason or name starting with = + - @ would be read
 * as a formula, so it gets a leading apostrophe (OWASP "CSV injection").
 */
export function csvTextField(text: string): string {
  return csvField(/^[=+\-@\t\r]/.test(text) ? `'${text}` : text);
}
