import { sql, type Kysely } from 'kysely';
import { computeAlarmKpis, type KpiActivation, type KpiAlarmState } from '../alarms/index.js';
import type { AlarmKpis, AlarmPriority, AlarmState } from '../contracts/index.js';
import { HistorianError } from './historianErrors.js';
import type { HistorianDatabase } from './schema.js';

/** What startHistorian records when a core starts: its alarm engine starts over with every alarm in 'normal'. */
export const CORE_START_ACTION = 'coreStart';
/**
 * Activations one KPI query may read (about 50 bytes each in memory): a year of a well-run plant's
 * ~150 a day is 55,000; 1,000,000 is years of floods. Beyond it the caller is asked for a shorter range.
 */
export const MAX_KPI_ACTIVATIONS = 1_000_000;

export interface HistoryKpis extends AlarmKpis {
  fromMs: number;
  toMs: number;
  /** Where the measured period starts: `from`, or the historian's first record when it began later. */
  measuredFromMs: number;
}

/**
 * The ISA-18.2 KPIs of [fromMs, toMs] from the stored transitions (computeAlarmKpis, the same function as
 * the live 24-hour ones), so last quarter's are there after any restart:
 * - activations: the annunciated ones ('activate' with resulting state 'unacknowledged') in the range;
 * - the states at `toMs` (standing, active, unacknowledged, shelved): each alarm's latest transition at or
 *   before `toMs`, counting only those since the core last started before it (a core start resets every
 *   alarm to 'normal', so an alarm still active when the core stopped is not standing for ever);
 * - the measured period starts at the historian's first record when that is after `fromMs` (rates over
 *   a range longer than the history use the history, as the live tracker does). Time the core was down
 *   inside the range counts as measured: the store has no record of it.
 */
export async function queryAlarmKpis(db: Kysely<HistorianDatabase>, query: { fromMs: number; toMs: number; operatorPositions: number }): Promise<HistoryKpis> {
  const { fromMs, toMs } = query;
  const rows = await db
    .selectFrom('alarm_transitions')
    .select(['at_ms', 'alarm_id', 'priority'])
    .where('action', '=', 'activate')
    .where('state', '=', 'unacknowledged')
    .where('at_ms', '>=', fromMs)
    .where('at_ms', '<=', toMs)
    .orderBy('at_ms')
    .orderBy('id')
    .limit(MAX_KPI_ACTIVATIONS + 1)
    .execute();
  if (rows.length > MAX_KPI_ACTIVATIONS) throw new HistorianError('ST_ERR_HISTORIAN_QUERY_TOO_LARGE', `more than ${MAX_KPI_ACTIVATIONS} alarm activations`);
  const activations: KpiActivation[] = rows.map((row) => ({ atMs: Number(row.at_ms), alarmId: row.alarm_id, priority: row.priority as AlarmPriority }));

  const lastStart = await db.selectFrom('operator_actions').select(sql<number | null>`max(at_ms)`.as('at')).where('action', '=', CORE_START_ACTION).where('at_ms', '<=', toMs).executeTakeFirst();
  const alarms = await alarmStatesAt(db, lastStart?.at == null ? Number.MIN_SAFE_INTEGER : Number(lastStart.at), toMs);

  const firstTransition = await db.selectFrom('alarm_transitions').select(sql<number | null>`min(at_ms)`.as('at')).executeTakeFirst();
  const firstStart = await db.selectFrom('operator_actions').select(sql<number | null>`min(at_ms)`.as('at')).where('action', '=', CORE_START_ACTION).executeTakeFirst();
  const firstRecordMs = Math.min(...[firstTransition?.at, firstStart?.at].filter((at) => at != null).map(Number), toMs);
  const measuredFromMs = Math.max(fromMs, firstRecordMs);

  const kpis = computeAlarmKpis({ activations, alarms, nowMs: toMs, windowMs: toMs - fromMs, measuredFromMs, operatorPositions: query.operatorPositions });
  return { fromMs, toMs, measuredFromMs, ...kpis };
}

/**
 * Each alarm's state at `toMs`: its latest transition in [sinceMs, toMs] (the latest time per alarm from
 * the (alarm_id, at_ms) index, joined back; at equal times the later row). For the alarms not back in
 * 'normal' — tens to hundreds — their `active` flag and raisedAtMs from their latest 'activate' or 'clear'
 * (a latching alarm stays active after its condition clears until the acknowledgement's 'clear'), with its id and area
 * (the indicators count standing alarms per area).
 */
export async function alarmStatesAt(db: Kysely<HistorianDatabase>, sinceMs: number, toMs: number): Promise<(KpiAlarmState & { alarmId: string; areaId?: string })[]> {
  const rows = await db
    .selectFrom('alarm_transitions as t')
    .innerJoin(
      (eb) =>
        eb
          .selectFrom('alarm_transitions')
          .select(['alarm_id', sql<number>`max(at_ms)`.as('last_ms')])
          .where('at_ms', '>=', sinceMs)
          // "+ 0" keeps SQLite's planner off the at_ms index for this bound: grouping by alarm over the
          // covering (alarm_id, at_ms) index is 3× faster than sorting a year of rows found by time (measured,
          // 400,000 transitions: 250 → 80 ms). PostgreSQL plans its own aggregate either way.
          .where(sql<number>`at_ms + 0`, '<=', toMs)
          .groupBy('alarm_id')
          .as('m'),
      (join) => join.onRef('m.alarm_id', '=', 't.alarm_id').onRef('m.last_ms', '=', 't.at_ms'),
    )
    .select(['t.id', 't.alarm_id', 't.state', 't.at_ms', 't.area_id'])
    .execute();
  const latest = new Map<string, (typeof rows)[number]>();
  for (const row of rows) {
    const held = latest.get(row.alarm_id);
    if (!held || Number(row.id) > Number(held.id)) latest.set(row.alarm_id, row);
  }
  const notNormal = [...latest.values()].filter((row) => row.state !== 'normal');
  // One index walk per alarm, newest first, to its latest 'activate' or 'clear' (usually a few rows back).
  const raisedAtMs = new Map<string, number>();
  for (const row of notNormal) {
    const change = await db
      .selectFrom('alarm_transitions')
      .select(['action', 'at_ms'])
      .where('alarm_id', '=', row.alarm_id)
      .where('action', 'in', ['activate', 'clear'])
      .where('at_ms', '>=', sinceMs)
      .where('at_ms', '<=', toMs)
      .orderBy('at_ms', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    if (change?.action === 'activate') raisedAtMs.set(row.alarm_id, Number(change.at_ms));
  }
  return notNormal.map((row) => {
    const raised = raisedAtMs.get(row.alarm_id);
    return { alarmId: row.alarm_id, ...(row.area_id !== null && { areaId: row.area_id }), state: row.state as AlarmState, active: raised !== undefined, raisedAtMs: raised ?? Number(row.at_ms) };
  });
}
