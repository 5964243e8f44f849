import { sql, type Kysely } from 'kysely';
import type { AlarmPriority, HazardTicket } from '../contracts/index.js';
import { alarmStatesAt, CORE_START_ACTION } from './queryKpis.js';
import type { HistorianDatabase } from './schema.js';

/**
 * The stored records of one day that the indicators count (issue 20, docs/indicators.md §computation and storage),
 * as rows: main/indicatorDesk's dayFactsReader turns them into the pure module's DayFacts with the scene.
 * Every read is bounded by FACT_ROWS_PER_DAY; a day over it is counted (`truncated` names the source). The
 * contractor register is small and read whole (ContractorRecords.all), not here.
 */
export const FACT_ROWS_PER_DAY = 200_000;

/** The record tables an indicator source reads; a table with no row at all leaves its source "no data yet". */
export const FACT_SOURCES = ['alarms', 'dispatch', 'camera', 'rtls', 'drills', 'hazards', 'permits', 'contractors', 'incidents'] as const;
export type FactSource = (typeof FACT_SOURCES)[number];

/**
 * Badge presence is read as one row per badge and minute (its mean position in the minute): a day is at most
 * badges × 1,440 rows whatever the fix rate, and the person-hours are built from consecutive minutes.
 */
export type MinutePosition = { badgeId: string; minuteMs: number; x: number; y: number };

export type DayRows = {
  truncated: FactSource[];
  alarms?: {
    activations: { atMs: number; alarmId: string; priority: AlarmPriority; areaId?: string; condition: string; sourceId: string; sourceKind: string }[];
    alarmsAtEnd: Awaited<ReturnType<typeof alarmStatesAt>>;
  };
  dispatch?: { warnings: { warningId: string; alarmId: string; sourceId: string; sourceKind: string; condition: string; areaId?: string; raisedAtMs: number; acknowledgedAtMs?: number; clearedAtMs?: number; disposition?: string }[] };
  positions?: MinutePosition[];
  camera?: { id: number; atMs: number; cameraId: string; detailJson: string | null }[];
  drills?: { markerId: string; atMs: number; phase: string; label: string }[];
  hazards?: HazardTicket[];
  permits?: {
    issued: { number: string; type: string; atMs: number; areaId?: string; contractor?: string }[];
    suspensions: { number: string; type: string; atMs: number; areaId?: string; contractor?: string }[];
    overdueReviews: { number: string; areaId?: string; contractor?: string }[];
  };
  incidents?: { id: string; occurredAtMs: number; severity: string; areaId?: string; contractor?: string; title: string }[];
};

type Db = Kysely<HistorianDatabase>;
const opt = <K extends string, V>(key: K, value: V | null): { [P in K]?: V } => (value === null ? {} : ({ [key]: value } as { [P in K]?: V }));

/** Which sources hold any record at all (one indexed probe each). */
export async function factSourcesWithRows(db: Db): Promise<Set<FactSource>> {
  const probe = async (source: FactSource, query: Promise<unknown>) => ((await query) === undefined ? [] : [source]);
  const found = await Promise.all([
    probe('alarms', db.selectFrom('alarm_transitions').select('id').limit(1).executeTakeFirst()),
    probe('dispatch', db.selectFrom('dispatch_warnings').select('warning_id').limit(1).executeTakeFirst()),
    probe('camera', db.selectFrom('camera_events').select('id').limit(1).executeTakeFirst()),
    probe('rtls', db.selectFrom('worker_positions').select('badge_id').limit(1).executeTakeFirst()),
    probe('drills', db.selectFrom('markers').select('id').where('kind', '=', 'drill').limit(1).executeTakeFirst()),
    probe('hazards', db.selectFrom('hazard_tickets').select('number').limit(1).executeTakeFirst()),
    probe('permits', db.selectFrom('permits').select('number').limit(1).executeTakeFirst()),
    probe('contractors', db.selectFrom('contractor_people').select('id').limit(1).executeTakeFirst()),
    probe('incidents', db.selectFrom('incidents').select('id').limit(1).executeTakeFirst()),
  ]);
  return new Set(found.flat());
}

/** The earliest record of any source (the back-fill starts on its day); null for an empty historian. */
export async function firstFactMs(db: Db): Promise<number | null> {
  const mins = await Promise.all([
    db.selectFrom('alarm_transitions').select(sql<number | null>`min(at_ms)`.as('at')).executeTakeFirst(),
    db.selectFrom('operator_actions').select(sql<number | null>`min(at_ms)`.as('at')).executeTakeFirst(),
    db.selectFrom('worker_positions').select(sql<number | null>`min(ts_ms)`.as('at')).executeTakeFirst(),
    db.selectFrom('camera_events').select(sql<number | null>`min(at_ms)`.as('at')).executeTakeFirst(),
    db.selectFrom('markers').select(sql<number | null>`min(at_ms)`.as('at')).executeTakeFirst(),
    db.selectFrom('dispatch_warnings').select(sql<number | null>`min(raised_at_ms)`.as('at')).executeTakeFirst(),
    db.selectFrom('hazard_tickets').select(sql<number | null>`min(reported_ms)`.as('at')).executeTakeFirst(),
    db.selectFrom('permits').select(sql<number | null>`min(window_start_ms)`.as('at')).executeTakeFirst(),
    db.selectFrom('incidents').select(sql<number | null>`min(occurred_at_ms)`.as('at')).executeTakeFirst(),
  ]);
  const times = mins.map((row) => row?.at).filter((at): at is number => at != null).map(Number);
  return times.length === 0 ? null : Math.min(...times);
}

/** `positions: false`: no badge positions (a drill-down lists records, not presence). */
export type DayRowsRange = { fromMs: number; toMs: number; reviewOverdueAfterMs: number; positions?: boolean };

/**
 * The rows of [fromMs, toMs) of the sources asked for. Tickets are every ticket reported before `toMs` (repeats
 * look back over all; bounded like the rest); overdue reviews are judged at `toMs` with `reviewOverdueAfterMs`.
 */
export async function readDayRows(db: Db, range: DayRowsRange, sources: ReadonlySet<FactSource>): Promise<DayRows> {
  const { fromMs, toMs } = range;
  const rows: DayRows = { truncated: [] };
  const bounded = <T>(source: FactSource, list: T[]): T[] => {
    if (list.length <= FACT_ROWS_PER_DAY) return list;
    if (!rows.truncated.includes(source)) rows.truncated.push(source);
    return list.slice(0, FACT_ROWS_PER_DAY);
  };
  const limit = FACT_ROWS_PER_DAY + 1;
  if (sources.has('alarms')) {
    const activations = await db
      .selectFrom('alarm_transitions')
      .select(['at_ms', 'alarm_id', 'priority', 'area_id', 'condition', 'source_id', 'source_kind'])
      .where('action', '=', 'activate')
      .where('state', '=', 'unacknowledged')
      .where('at_ms', '>=', fromMs)
      .where('at_ms', '<', toMs)
      .orderBy('at_ms')
      .orderBy('id')
      .limit(limit)
      .execute();
    const lastStart = await db.selectFrom('operator_actions').select(sql<number | null>`max(at_ms)`.as('at')).where('action', '=', CORE_START_ACTION).where('at_ms', '<', toMs).executeTakeFirst();
    rows.alarms = {
      activations: bounded('alarms', activations).map((r) => ({
        atMs: Number(r.at_ms),
        alarmId: r.alarm_id,
        priority: r.priority as AlarmPriority,
        ...opt('areaId', r.area_id),
        condition: r.condition,
        sourceId: r.source_id,
        sourceKind: r.source_kind,
      })),
      alarmsAtEnd: await alarmStatesAt(db, lastStart?.at == null ? Number.MIN_SAFE_INTEGER : Number(lastStart.at), toMs - 1),
    };
  }
  if (sources.has('dispatch')) {
    const warnings = await db
      .selectFrom('dispatch_warnings')
      .select(['warning_id', 'alarm_id', 'source_id', 'source_kind', 'condition', 'area_id', 'raised_at_ms', 'acknowledged_at_ms', 'cleared_at_ms', 'disposition'])
      .where('raised_at_ms', '>=', fromMs)
      .where('raised_at_ms', '<', toMs)
      .orderBy('raised_at_ms')
      .limit(limit)
      .execute();
    rows.dispatch = {
      warnings: bounded('dispatch', warnings).map((w) => ({
        warningId: w.warning_id,
        alarmId: w.alarm_id,
        sourceId: w.source_id,
        sourceKind: w.source_kind,
        condition: w.condition,
        ...opt('areaId', w.area_id),
        raisedAtMs: Number(w.raised_at_ms),
        ...opt('acknowledgedAtMs', w.acknowledged_at_ms === null ? null : Number(w.acknowledged_at_ms)),
        ...opt('clearedAtMs', w.cleared_at_ms === null ? null : Number(w.cleared_at_ms)),
        ...opt('disposition', w.disposition),
      })),
    };
  }
  if (range.positions !== false && (sources.has('rtls') || sources.has('camera') || sources.has('incidents'))) {
    const minute = sql<number>`ts_ms / 60000`;
    const positions = await db
      .selectFrom('worker_positions')
      .select(['badge_id', minute.as('minute'), sql<number>`avg(x)`.as('x'), sql<number>`avg(y)`.as('y')])
      .where('ts_ms', '>=', fromMs)
      .where('ts_ms', '<', toMs)
      .groupBy(['badge_id', minute])
      .orderBy('badge_id')
      .orderBy(minute)
      .limit(limit)
      .execute();
    rows.positions = bounded('rtls', positions).map((p) => ({ badgeId: p.badge_id, minuteMs: Number(p.minute) * 60_000, x: Number(p.x), y: Number(p.y) }));
  }
  if (sources.has('camera')) {
    const events = await db.selectFrom('camera_events').select(['id', 'at_ms', 'camera_id', 'detail_json']).where('at_ms', '>=', fromMs).where('at_ms', '<', toMs).orderBy('at_ms').limit(limit).execute();
    rows.camera = bounded('camera', events).map((e) => ({ id: Number(e.id), atMs: Number(e.at_ms), cameraId: e.camera_id, detailJson: e.detail_json }));
  }
  if (sources.has('drills')) {
    // A drill's end may fall on a later day: its start in the day and its end whenever it came.
    const starts = await db.selectFrom('markers').select(['marker_id', 'at_ms', 'phase', 'label']).where('kind', '=', 'drill').where('phase', '=', 'start').where('at_ms', '>=', fromMs).where('at_ms', '<', toMs).orderBy('at_ms').limit(limit).execute();
    const ids = starts.map((s) => s.marker_id);
    const ends = ids.length === 0 ? [] : await db.selectFrom('markers').select(['marker_id', 'at_ms', 'phase', 'label']).where('kind', '=', 'drill').where('phase', '=', 'end').where('marker_id', 'in', ids.slice(0, 1000)).execute();
    rows.drills = bounded('drills', [...starts, ...ends]).map((m) => ({ markerId: m.marker_id, atMs: Number(m.at_ms), phase: m.phase, label: m.label }));
  }
  if (sources.has('hazards')) {
    const tickets = await db.selectFrom('hazard_tickets').select('document_json').where('reported_ms', '<', toMs).orderBy('reported_ms').limit(limit).execute();
    rows.hazards = bounded('hazards', tickets).map((t) => JSON.parse(t.document_json) as HazardTicket);
  }
  if (sources.has('permits')) {
    const place = (r: { area_id: string | null; contractor: string | null }) => ({ ...opt('areaId', r.area_id), ...opt('contractor', r.contractor) });
    // Issued: approved at some point, so every state from 'approved' on (docs/permits.md lifecycle).
    const issued = await db
      .selectFrom('permits')
      .select(['number', 'type', 'window_start_ms', 'area_id', 'contractor'])
      .where('state', 'not in', ['draft', 'submitted'])
      .where('window_start_ms', '>=', fromMs)
      .where('window_start_ms', '<', toMs)
      .limit(limit)
      .execute();
    const suspensions = await db
      .selectFrom('permit_steps as s')
      .innerJoin('permits as p', 'p.number', 's.permit_number')
      .select(['p.number', 'p.type', 's.at_ms', 'p.area_id', 'p.contractor'])
      .where('s.action', '=', 'suspend')
      .where('s.at_ms', '>=', fromMs)
      .where('s.at_ms', '<', toMs)
      .limit(limit)
      .execute();
    const dueBeforeMs = toMs - range.reviewOverdueAfterMs;
    const overdue = await db
      .selectFrom('permit_steps as s')
      .innerJoin('permits as p', 'p.number', 's.permit_number')
      .select(['p.number', 'p.area_id', 'p.contractor'])
      .where('s.action', '=', 'close')
      .where('s.at_ms', '<=', dueBeforeMs)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('permit_steps as r').select('r.seq').whereRef('r.permit_number', '=', 's.permit_number').where('r.action', '=', 'review').where('r.at_ms', '<', toMs))),
      )
      .limit(limit)
      .execute();
    rows.permits = {
      issued: bounded('permits', issued).map((r) => ({ number: r.number, type: r.type, atMs: Number(r.window_start_ms), ...place(r) })),
      suspensions: bounded('permits', suspensions).map((r) => ({ number: r.number, type: r.type, atMs: Number(r.at_ms), ...place(r) })),
      overdueReviews: bounded('permits', overdue).map((r) => ({ number: r.number, ...place(r) })),
    };
  }
  if (sources.has('incidents')) {
    const incidents = await db.selectFrom('incidents').select('doc_json').where('occurred_at_ms', '>=', fromMs).where('occurred_at_ms', '<', toMs).orderBy('occurred_at_ms').limit(limit).execute();
    rows.incidents = bounded('incidents', incidents).map((row) => {
      const r = JSON.parse(row.doc_json) as { id: string; occurredAtMs: number; severity: string; areaId?: string; contractor?: string; title: string };
      return { id: r.id, occurredAtMs: r.occurredAtMs, severity: r.severity, ...opt('areaId', r.areaId ?? null), ...opt('contractor', r.contractor ?? null), title: r.title };
    });
  }
  return rows;
}
