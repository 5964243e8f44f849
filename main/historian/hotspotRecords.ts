import { sql, type Kysely } from 'kysely';
import type { HazardTicket } from '../contracts/index.js';
import type { HistorianDatabase } from './schema.js';

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** Whole plant-local days since the epoch of `at_ms`; literals, not parameters, so PostgreSQL keeps bigint and divides whole days. */
const plantDayIndex = (utcOffsetMin: number) => sql<number>`(at_ms + ${sql.lit(Math.round(utcOffsetMin * MINUTE_MS))}) / ${sql.lit(DAY_MS)}`;

/** Alarm activations of one plant-local day from one source at one priority (the hot-spot map's alarm rows). */
export type ActivationDayRow = { dayIndex: number; sourceId: string; sourceKind: string; areaId: string | null; priority: string; count: number };
/** A read that stopped at its bound says so: the map then shows part of the period. */
export type Bounded<T> = { rows: T[]; capped: boolean };

/**
 * The stored records the site map's hot spots over time are made of (issue 20 item 4, docs/risk-heatmap.md §hot
 * spots over time). Alarm activations are counted per plant-local day and source in the database (a season of a
 * flood is as many rows as sources × days, not one per activation), and so are camera events per day and camera
 * (their foot points from an evenly spread sample); tickets are read as rows.
 * Every read is bounded by the caller's limit.
 */
export class HotspotRecords {
  constructor(private readonly db: Kysely<HistorianDatabase>) {}

  /**
   * Activations ('activate' transitions) of [fromMs, toMs) per plant-local day (`dayIndex`: whole days since the
   * epoch in plant time, `utcOffsetMin` the site's offset), source and priority.
   */
  async activationDays(range: { fromMs: number; toMs: number; utcOffsetMin: number; limit: number }): Promise<Bounded<ActivationDayRow>> {
    const dayIndex = plantDayIndex(range.utcOffsetMin);
    const rows = await this.db
      .selectFrom('alarm_transitions')
      .select([dayIndex.as('day_index'), 'source_id', 'source_kind', 'area_id', 'priority', sql<number>`count(*)`.as('n')])
      .where('action', '=', 'activate')
      .where('at_ms', '>=', range.fromMs)
      .where('at_ms', '<', range.toMs)
      .groupBy([dayIndex, 'source_id', 'source_kind', 'area_id', 'priority'])
      .orderBy(dayIndex)
      .limit(range.limit + 1)
      .execute();
    return {
      rows: rows.slice(0, range.limit).map((r) => ({ dayIndex: Number(r.day_index), sourceId: r.source_id, sourceKind: r.source_kind, areaId: r.area_id, priority: r.priority, count: Number(r.n) })),
      capped: rows.length > range.limit,
    };
  }

  /** Hidden-danger tickets reported in [fromMs, toMs): when and where (every ticket has a located point). */
  async ticketPoints(range: { fromMs: number; toMs: number; limit: number }): Promise<Bounded<{ atMs: number; x: number; y: number }>> {
    const rows = await this.db
      .selectFrom('hazard_tickets')
      .select(['reported_ms', 'document_json'])
      .where('reported_ms', '>=', range.fromMs)
      .where('reported_ms', '<', range.toMs)
      .orderBy('reported_ms')
      .limit(range.limit + 1)
      .execute();
    return {
      rows: rows.slice(0, range.limit).map((r) => {
        const [x, y] = (JSON.parse(r.document_json) as HazardTicket).location.point;
        return { atMs: Number(r.reported_ms), x, y };
      }),
      capped: rows.length > range.limit,
    };
  }

  /**
   * Camera events of [fromMs, toMs) counted per plant-local day and camera: HistorianWriter keeps up to one a second
   * per camera while it sees anything, so a month is counted in the database, not read.
   */
  async cameraDays(range: { fromMs: number; toMs: number; utcOffsetMin: number; limit: number }): Promise<Bounded<{ dayIndex: number; cameraId: string; count: number }>> {
    const dayIndex = plantDayIndex(range.utcOffsetMin);
    const rows = await this.db
      .selectFrom('camera_events')
      .select([dayIndex.as('day_index'), 'camera_id', sql<number>`count(*)`.as('n')])
      .where('at_ms', '>=', range.fromMs)
      .where('at_ms', '<', range.toMs)
      .groupBy([dayIndex, 'camera_id'])
      .orderBy(dayIndex)
      .limit(range.limit + 1)
      .execute();
    return { rows: rows.slice(0, range.limit).map((r) => ({ dayIndex: Number(r.day_index), cameraId: r.camera_id, count: Number(r.n) })), capped: rows.length > range.limit };
  }

  /**
   * Camera events of [fromMs, toMs) with their stored detections (HistorianWriter: label, score, ground foot point),
   * every `everyNth` by row id (a sample spread evenly over the period when there are too many to read), with
   * their plant-local day index.
   */
  async cameraEvents(range: { fromMs: number; toMs: number; utcOffsetMin: number; limit: number; everyNth: number }): Promise<Bounded<{ atMs: number; dayIndex: number; cameraId: string; detailJson: string | null }>> {
    let query = this.db
      .selectFrom('camera_events')
      .select(['at_ms', 'camera_id', 'detail_json'])
      .where('at_ms', '>=', range.fromMs)
      .where('at_ms', '<', range.toMs);
    if (range.everyNth > 1) query = query.where(sql<number>`id % ${sql.lit(Math.floor(range.everyNth))}`, '=', 0);
    const rows = await query.orderBy('at_ms').limit(range.limit + 1).execute();
    const offsetMs = Math.round(range.utcOffsetMin * MINUTE_MS);
    return {
      rows: rows.slice(0, range.limit).map((r) => ({ atMs: Number(r.at_ms), dayIndex: Math.floor((Number(r.at_ms) + offsetMs) / DAY_MS), cameraId: r.camera_id, detailJson: r.detail_json })),
      capped: rows.length > range.limit,
    };
  }

  /** The earliest record a layer reads from (null: none): the seasonal view's history starts there. */
  async firstMs(tables: readonly ('alarms' | 'hazards' | 'camera')[]): Promise<number | null> {
    const firsts = await Promise.all(
      tables.map(async (table) => {
        const row =
          table === 'alarms'
            ? await this.db.selectFrom('alarm_transitions').select(sql<number | null>`min(at_ms)`.as('at')).executeTakeFirst()
            : table === 'hazards'
              ? await this.db.selectFrom('hazard_tickets').select(sql<number | null>`min(reported_ms)`.as('at')).executeTakeFirst()
              : await this.db.selectFrom('camera_events').select(sql<number | null>`min(at_ms)`.as('at')).executeTakeFirst();
        return row?.at === null || row?.at === undefined ? null : Number(row.at);
      }),
    );
    const known = firsts.filter((t): t is number => t !== null);
    return known.length === 0 ? null : Math.min(...known);
  }
}
