import type { Kysely, Selectable } from 'kysely';
import type { IncidentRecord, IndicatorDay, IndicatorDimension, ReportRecord } from '../contracts/index.js';
import { factSourcesWithRows, firstFactMs, readDayRows, type DayRows, type DayRowsRange, type FactSource } from './indicatorFacts.js';
import type { HistorianDatabase } from './schema.js';

/** An archived report's row: the record less its href (the route builds it), with the PDF's file name in the data directory. */
export type StoredReport = Omit<ReportRecord, 'href'> & { file: string };

/**
 * The manager's workstation's records in the historian (issue 20, docs/indicators.md §computation and storage, schema
 * step 11): indicator days, the incident log and archived reports, the same Kysely queries on both engines. The
 * indicator book is the only writer of days: it replaces a day whole (delete, then insert) in one transaction, so a
 * reader never sees half a day and a recomputed day drops the keys that no longer have data.
 */
export class IndicatorRecords {
  constructor(private readonly db: Kysely<HistorianDatabase>) {}

  /** Which indicator sources hold any record at all (the others show "no data yet"). */
  sourcesWithRows(): Promise<Set<FactSource>> {
    return factSourcesWithRows(this.db);
  }

  /** The earliest record of any source: the back-fill starts on its day (null: nothing stored yet). */
  firstRecordMs(): Promise<number | null> {
    return firstFactMs(this.db);
  }

  /** The stored records of [fromMs, toMs) that the asked sources count (indicatorFacts.ts). */
  dayRows(range: DayRowsRange, sources: ReadonlySet<FactSource>): Promise<DayRows> {
    return readDayRows(this.db, range, sources);
  }

  /** Replaces every stored row of `day` by `rows` (each row's day must be `day`). */
  async replaceDay(day: string, rows: readonly IndicatorDay[], computedAtMs: number): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('indicator_days').where('day', '=', day).execute();
      // Chunks under both engines' bound parameters per statement (SQLite 32,766; 7 columns a row).
      for (let start = 0; start < rows.length; start += 500) {
        await tx
          .insertInto('indicator_days')
          .values(
            rows.slice(start, start + 500).map((row) => ({
              indicator_id: row.indicatorId,
              dimension: row.dimension,
              key: row.key,
              day,
              numerator: row.numerator,
              denominator: row.denominator,
              computed_at_ms: computedAtMs,
            })),
          )
          .execute();
      }
    });
  }

  /** The days stored in [fromDay, toDay] (each once), ascending. */
  async storedDays(fromDay: string, toDay: string): Promise<string[]> {
    const rows = await this.db.selectFrom('indicator_days').select('day').distinct().where('day', '>=', fromDay).where('day', '<=', toDay).orderBy('day').execute();
    return rows.map((row) => row.day);
  }

  /** The stored rows of [fromDay, toDay], optionally of one dimension and some indicators, at most `limit` (ordered by day). */
  async days(query: { fromDay: string; toDay: string; dimension?: IndicatorDimension; indicatorIds?: readonly string[]; key?: string; limit: number }): Promise<IndicatorDay[]> {
    let select = this.db
      .selectFrom('indicator_days')
      .select(['indicator_id', 'dimension', 'key', 'day', 'numerator', 'denominator'])
      .where('day', '>=', query.fromDay)
      .where('day', '<=', query.toDay);
    if (query.dimension !== undefined) select = select.where('dimension', '=', query.dimension);
    if (query.key !== undefined) select = select.where('key', '=', query.key);
    if (query.indicatorIds !== undefined && query.indicatorIds.length > 0) select = select.where('indicator_id', 'in', [...query.indicatorIds]);
    const rows = await select.orderBy('day').limit(query.limit).execute();
    return rows.map((row) => ({
      day: row.day,
      indicatorId: row.indicator_id,
      dimension: row.dimension as IndicatorDimension,
      key: row.key,
      numerator: Number(row.numerator),
      denominator: Number(row.denominator),
    }));
  }

  async addIncident(incident: IncidentRecord): Promise<void> {
    await this.db
      .insertInto('incidents')
      .values({
        id: incident.id,
        occurred_at_ms: incident.occurredAtMs,
        severity: incident.severity,
        area_id: incident.areaId ?? null,
        contractor: incident.contractor ?? null,
        recorded_at_ms: incident.recordedAtMs,
        recorded_by: incident.recordedBy,
        doc_json: JSON.stringify(incident),
      })
      .execute();
  }

  /** Incidents that occurred in [fromMs, toMs], oldest first, at most `limit`. */
  async incidents(query: { fromMs: number; toMs: number; limit: number }): Promise<IncidentRecord[]> {
    const rows = await this.db
      .selectFrom('incidents')
      .select('doc_json')
      .where('occurred_at_ms', '>=', query.fromMs)
      .where('occurred_at_ms', '<=', query.toMs)
      .orderBy('occurred_at_ms')
      .limit(query.limit)
      .execute();
    return rows.map((row) => JSON.parse(row.doc_json) as IncidentRecord);
  }

  async addReport(report: StoredReport): Promise<void> {
    await this.db
      .insertInto('reports')
      .values({
        report_id: report.reportId,
        kind: report.kind,
        from_day: report.fromDay,
        to_day: report.toDay,
        locale: report.locale,
        created_at_ms: report.createdAtMs,
        created_by: report.createdBy,
        bytes: report.bytes,
        sha256: report.sha256,
        pages: report.pages,
        file: report.file,
      })
      .execute();
  }

  /** The newest `limit` archived reports, newest first. */
  async reports(limit: number): Promise<StoredReport[]> {
    const rows = await this.db.selectFrom('reports').selectAll().orderBy('created_at_ms', 'desc').limit(limit).execute();
    return rows.map(storedReportOf);
  }

  /** One archived report by its id (GET /api/reports/<id>.pdf: however old), null when unknown. */
  async report(reportId: string): Promise<StoredReport | null> {
    const row = await this.db.selectFrom('reports').selectAll().where('report_id', '=', reportId).executeTakeFirst();
    return row ? storedReportOf(row) : null;
  }
}

function storedReportOf(row: Selectable<HistorianDatabase['reports']>): StoredReport {
  return {
    reportId: row.report_id,
    kind: row.kind as StoredReport['kind'],
    fromDay: row.from_day,
    toDay: row.to_day,
    locale: row.locale as StoredReport['locale'],
    createdAtMs: Number(row.created_at_ms),
    createdBy: row.created_by,
    bytes: Number(row.bytes),
    sha256: row.sha256,
    pages: Number(row.pages),
    file: row.file,
  };
}
