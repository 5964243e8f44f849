import { sql, type Kysely } from 'kysely';
import { computeAlarmKpis, type KpiActivation, type KpiAlarmState } from '../alarms/AlarmKpiTracker.js';
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
 * Each alarm's state at `toMs` from its latest transition in [sinceMs, toMs] (ROW_NUMBER over the
 * (alarm_id, at_ms) index, the same SQL on SQLite ≥ 3.25 and PostgreSQL), its `active` flag and
 * raisedAtMs from its latest 'activate' or 'clear' (a latching alarm stays active after its condition
 * clears until the acknowledgement's 'clear'). Alarms back in 'normal' are left out.
 */
async function alarmStatesAt(db: Kysely<HistorianDatabase>, sinceMs: number, toMs: number): Promise<KpiAlarmState[]> {
  const latest = (actions: readonly string[] | null) =>
    db
      .selectFrom((eb) => {
        let inner = eb
          .selectFrom('alarm_transitions')
          .select(['alarm_id', 'state', 'action', 'at_ms', sql<number>`row_number() over (partition by alarm_id order by at_ms desc, id desc)`.as('rank')])
          .where('at_ms', '>=', sinceMs)
          .where('at_ms', '<=', toMs);
        if (actions) inner = inner.where('action', 'in', [...actions]);
        return inner.as('t');
      })
      .select(['t.alarm_id', 't.state', 't.action', 't.at_ms'])
      .where('t.rank', '=', 1)
      .execute();
  const states = await latest(null);
  const raisedAtMs = new Map((await latest(['activate', 'clear'])).filter((row) => row.action === 'activate').map((row) => [row.alarm_id, Number(row.at_ms)]));
  return states
    .filter((row) => row.state !== 'normal')
    .map((row) => {
      const raised = raisedAtMs.get(row.alarm_id);
      return { state: row.state as AlarmState, active: raised !== undefined, raisedAtMs: raised ?? Number(row.at_ms) };
    });
}
