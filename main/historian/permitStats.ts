import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { PermitState, PermitSuspensionReason, PermitType } from '../contracts/index.js';
import { csvTextField } from './queryAlarms.js';
import type { HistorianDatabase } from './schema.js';

/**
 * The managers' statistics of special-operation permits (issue 17 item 4, docs/permits.md §7): how many
 * permits of which type, grade, area, applying unit, contractor and month; how often work was suspended
 * and why; which closed permits wait too long for their review. Pure group-by queries over the register's
 * records, the same Kysely queries on both engines. Names of people are never in it (who signed a step is
 * not read); an applying unit or a contractor is a company's name.
 */

/** Permits that were approved (issued): work was allowed on them at some point. */
const ISSUED_STATES: readonly PermitState[] = ['approved', 'inWork', 'suspended', 'resumed', 'closed', 'reviewed'];
/** Applications not yet approved (a draft, one returned to its applicant, one waiting for signatures). */
const PENDING_STATES: readonly PermitState[] = ['draft', 'submitted'];
/** Overdue reviews listed one by one at most (the count is always complete). */
export const MAX_OVERDUE_REVIEWS_LISTED = 1_000;
/** The longest range one call may span: ten years of local months (the register keeps permits at least six). */
export const MAX_PERMIT_STATS_RANGE_MS = 10 * 366 * 86_400_000;

export type PermitStatsQuery = {
  /** Permits whose work window starts in [fromMs, toMs); suspensions and closes signed in it. */
  fromMs: number;
  toMs: number;
  /** Reviews are judged overdue as of this instant (the route gives min(to, now)). */
  asOfMs: number;
  /** The site's local time minus UTC, minutes (permits config utcOffsetMin): months are local. */
  utcOffsetMin: number;
  /** A closed permit not reviewed this long after its close is overdue (permits config reviewOverdueAfterMs). */
  reviewOverdueAfterMs: number;
};

export type PermitCount<K extends string> = Record<K, string | null> & { count: number };

/**
 * The statistics of one range, in the shape `GET /api/permits/stats` answers (and the indicators read):
 * every breakdown is a list of keys with counts, largest first; a null key is a permit without that field
 * (no scene area, no contractor: the applying unit's own staff).
 */
export type PermitStatistics = {
  fromMs: number;
  toMs: number;
  asOfMs: number;
  utcOffsetMin: number;
  reviewOverdueAfterMs: number;
  permits: {
    /** Issued permits (approved, whatever happened since) whose window starts in the range. */
    total: number;
    byType: { type: PermitType; count: number }[];
    /** The declared grade of the types that have one (hot work 特级/一级/二级, height Ⅰ–Ⅳ, lifting 一–三级). */
    byGrade: { type: PermitType; grade: string; count: number }[];
    byArea: { areaId: string | null; count: number }[];
    byIssuingUnit: { issuingUnit: string; count: number }[];
    byContractor: { contractor: string | null; count: number }[];
    byState: { state: PermitState; count: number }[];
    /** Local months (YYYY-MM) of the range in order, each with its count by type; months without permits are listed with 0. */
    byMonth: { month: string; count: number; byType: Partial<Record<PermitType, number>> }[];
    /** Applications of the range not approved (yet): drafts and submitted permits. */
    pending: number;
  };
  suspensions: {
    /** Suspend steps signed in the range. */
    total: number;
    /** By coded reason, with how many the live checks signed (`system`) and how many a person did. */
    byReason: { reasonCode: PermitSuspensionReason | null; count: number; automatic: number; manual: number }[];
    byType: { type: PermitType; count: number }[];
  };
  overdueReviews: {
    /** Permits closed in the range, at least reviewOverdueAfterMs before asOfMs, and not reviewed by asOfMs. */
    total: number;
    byType: { type: PermitType; count: number }[];
    /** The oldest first, at most MAX_OVERDUE_REVIEWS_LISTED. */
    permits: { number: string; type: PermitType; areaId: string | null; closedAtMs: number; overdueMs: number }[];
  };
};

type Db = Kysely<HistorianDatabase>;

/** The statistics of a range (see PermitStatistics). */
export async function queryPermitStatistics(db: Db, query: PermitStatsQuery): Promise<PermitStatistics> {
  const { fromMs, toMs } = query;
  const issued = () => db.selectFrom('permits').where('state', 'in', [...ISSUED_STATES]).where('window_start_ms', '>=', fromMs).where('window_start_ms', '<', toMs);
  const n = sql<number>`count(*)`.as('n');
  const months = localMonths(fromMs, toMs, query.utcOffsetMin);
  const [byType, byGrade, byArea, byUnit, byContractor, byState, byMonth, pending] = await Promise.all([
    issued().select(['type', n]).groupBy('type').execute(),
    issued().select(['type', 'grade', n]).where('grade', 'is not', null).groupBy(['type', 'grade']).execute(),
    issued().select(['area_id', n]).groupBy('area_id').execute(),
    issued().select(['issuing_unit', n]).groupBy('issuing_unit').execute(),
    issued().select(['contractor', n]).groupBy('contractor').execute(),
    issued().select(['state', n]).groupBy('state').execute(),
    issued().select([monthIndex(months).as('month'), 'type', n]).groupBy(['month', 'type']).execute(),
    db.selectFrom('permits').select(n).where('state', 'in', [...PENDING_STATES]).where('window_start_ms', '>=', fromMs).where('window_start_ms', '<', toMs).executeTakeFirst(),
  ]);
  const monthRows = months.map((m) => ({ month: m.label, count: 0, byType: {} as Partial<Record<PermitType, number>> }));
  for (const row of byMonth) {
    const month = monthRows[Number(row.month)]!;
    month.count += Number(row.n);
    month.byType[row.type as PermitType] = Number(row.n);
  }
  const types = byType.map((row) => ({ type: row.type as PermitType, count: Number(row.n) }));
  return {
    ...query,
    permits: {
      total: types.reduce((sum, row) => sum + row.count, 0),
      byType: largestFirst(types, (row) => row.type),
      byGrade: largestFirst(
        byGrade.map((row) => ({ type: row.type as PermitType, grade: row.grade!, count: Number(row.n) })),
        (row) => `${row.type}:${row.grade}`,
      ),
      byArea: largestFirst(
        byArea.map((row) => ({ areaId: row.area_id, count: Number(row.n) })),
        (row) => row.areaId ?? '',
      ),
      // issuing_unit is null only on a row no build wrote (step 5 fills every permit).
      byIssuingUnit: largestFirst(
        byUnit.map((row) => ({ issuingUnit: row.issuing_unit ?? '', count: Number(row.n) })),
        (row) => row.issuingUnit,
      ),
      byContractor: largestFirst(
        byContractor.map((row) => ({ contractor: row.contractor, count: Number(row.n) })),
        (row) => row.contractor ?? '',
      ),
      byState: largestFirst(
        byState.map((row) => ({ state: row.state as PermitState, count: Number(row.n) })),
        (row) => row.state,
      ),
      byMonth: monthRows,
      pending: Number(pending?.n ?? 0),
    },
    suspensions: await suspensions(db, query),
    overdueReviews: await overdueReviews(db, query),
  };
}

async function suspensions(db: Db, { fromMs, toMs }: PermitStatsQuery): Promise<PermitStatistics['suspensions']> {
  const rows = await db
    .selectFrom('permit_steps as s')
    .innerJoin('permits as p', 'p.number', 's.permit_number')
    .select(['s.reason_code', 'p.type', sql<number>`case when s.role = 'system' then 1 else 0 end`.as('automatic'), sql<number>`count(*)`.as('n')])
    .where('s.action', '=', 'suspend')
    .where('s.at_ms', '>=', fromMs)
    .where('s.at_ms', '<', toMs)
    .groupBy(['s.reason_code', 'p.type', 'automatic'])
    .execute();
  const byReason = new Map<string | null, PermitStatistics['suspensions']['byReason'][number]>();
  const byType = new Map<PermitType, number>();
  for (const row of rows) {
    const count = Number(row.n);
    const reason = byReason.get(row.reason_code) ?? { reasonCode: row.reason_code as PermitSuspensionReason | null, count: 0, automatic: 0, manual: 0 };
    reason.count += count;
    if (Number(row.automatic) === 1) reason.automatic += count;
    else reason.manual += count;
    byReason.set(row.reason_code, reason);
    byType.set(row.type as PermitType, (byType.get(row.type as PermitType) ?? 0) + count);
  }
  return {
    total: rows.reduce((sum, row) => sum + Number(row.n), 0),
    byReason: largestFirst([...byReason.values()], (row) => row.reasonCode ?? ''),
    byType: largestFirst(
      [...byType].map(([type, count]) => ({ type, count })),
      (row) => row.type,
    ),
  };
}

async function overdueReviews(db: Db, query: PermitStatsQuery): Promise<PermitStatistics['overdueReviews']> {
  const dueBeforeMs = query.asOfMs - query.reviewOverdueAfterMs;
  const overdue = () =>
    db
      .selectFrom('permit_steps as s')
      .innerJoin('permits as p', 'p.number', 's.permit_number')
      .where('s.action', '=', 'close')
      .where('s.at_ms', '>=', query.fromMs)
      .where('s.at_ms', '<', query.toMs)
      .where('s.at_ms', '<=', dueBeforeMs)
      // Reviewed after asOf still counts as overdue then: the statistics of a past range do not change.
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('permit_steps as r')
              .select('r.seq')
              .whereRef('r.permit_number', '=', 's.permit_number')
              .where('r.action', '=', 'review')
              .where('r.at_ms', '<=', query.asOfMs),
          ),
        ),
      );
  const [byType, listed] = await Promise.all([
    overdue().select(['p.type', sql<number>`count(*)`.as('n')]).groupBy('p.type').execute(),
    overdue().select(['p.number', 'p.type', 'p.area_id', 's.at_ms']).orderBy('s.at_ms').orderBy('p.number').limit(MAX_OVERDUE_REVIEWS_LISTED).execute(),
  ]);
  const types = byType.map((row) => ({ type: row.type as PermitType, count: Number(row.n) }));
  return {
    total: types.reduce((sum, row) => sum + row.count, 0),
    byType: largestFirst(types, (row) => row.type),
    permits: listed.map((row) => ({ number: row.number, type: row.type as PermitType, areaId: row.area_id, closedAtMs: Number(row.at_ms), overdueMs: query.asOfMs - Number(row.at_ms) })),
  };
}

/** The local months (YYYY-MM) the range touches, each with the UTC instant it starts (the first starts at fromMs). */
export function localMonths(fromMs: number, toMs: number, utcOffsetMin: number): { label: string; startMs: number }[] {
  const offsetMs = utcOffsetMin * 60_000;
  const first = new Date(fromMs + offsetMs);
  let year = first.getUTCFullYear();
  let month = first.getUTCMonth();
  const months: { label: string; startMs: number }[] = [];
  for (let startMs = fromMs; startMs < toMs; ) {
    months.push({ label: `${year}-${String(month + 1).padStart(2, '0')}`, startMs });
    month += 1;
    if (month === 12) [year, month] = [year + 1, 0];
    startMs = Date.UTC(year, month, 1) - offsetMs;
  }
  return months;
}

/** The index of the local month a window starts in, as SQL (a CASE over the month starts: no engine's date functions). */
function monthIndex(months: readonly { startMs: number }[]): RawBuilder<number> {
  const branches = months.slice(1).map((m, i) => sql`when window_start_ms < ${sql.lit(m.startMs)} then ${sql.lit(i)}`);
  return branches.length === 0 ? sql<number>`0` : sql<number>`case ${sql.join(branches, sql` `)} else ${sql.lit(months.length - 1)} end`;
}

function largestFirst<T extends { count: number }>(rows: T[], key: (row: T) => string): T[] {
  return rows.sort((a, b) => b.count - a.count || key(a).localeCompare(key(b)));
}

const CSV_COLUMNS = ['measure', 'breakdown', 'type', 'key', 'count'] as const;

/**
 * The statistics as one long table (RFC 4180) for spreadsheets and the indicators: `measure` permits,
 * pending, suspensions or overdueReviews; `breakdown` total, type, grade, area, issuingUnit, contractor,
 * state, month, reason or signedBy (system, person); `type` the permit type where the row is of one type;
 * `key` the grade, area, unit, contractor, state, month (YYYY-MM) or reason code, empty for none.
 */
export function permitStatisticsCsv(stats: PermitStatistics): string {
  const rows: (string | number)[][] = [];
  const { permits, suspensions: stopped, overdueReviews: overdue } = stats;
  rows.push(['permits', 'total', '', '', permits.total]);
  for (const r of permits.byType) rows.push(['permits', 'type', r.type, '', r.count]);
  for (const r of permits.byGrade) rows.push(['permits', 'grade', r.type, r.grade, r.count]);
  for (const r of permits.byArea) rows.push(['permits', 'area', '', r.areaId ?? '', r.count]);
  for (const r of permits.byIssuingUnit) rows.push(['permits', 'issuingUnit', '', r.issuingUnit, r.count]);
  for (const r of permits.byContractor) rows.push(['permits', 'contractor', '', r.contractor ?? '', r.count]);
  for (const r of permits.byState) rows.push(['permits', 'state', '', r.state, r.count]);
  for (const m of permits.byMonth) {
    rows.push(['permits', 'month', '', m.month, m.count]);
    for (const [type, count] of Object.entries(m.byType)) rows.push(['permits', 'month', type, m.month, count]);
  }
  rows.push(['pending', 'total', '', '', permits.pending]);
  rows.push(['suspensions', 'total', '', '', stopped.total]);
  for (const r of stopped.byReason) rows.push(['suspensions', 'reason', '', r.reasonCode ?? '', r.count]);
  rows.push(['suspensions', 'signedBy', '', 'system', stopped.byReason.reduce((sum, r) => sum + r.automatic, 0)]);
  rows.push(['suspensions', 'signedBy', '', 'person', stopped.byReason.reduce((sum, r) => sum + r.manual, 0)]);
  for (const r of stopped.byType) rows.push(['suspensions', 'type', r.type, '', r.count]);
  rows.push(['overdueReviews', 'total', '', '', overdue.total]);
  for (const r of overdue.byType) rows.push(['overdueReviews', 'type', r.type, '', r.count]);
  const lines = [CSV_COLUMNS.join(','), ...rows.map((row) => row.map((field) => (typeof field === 'number' ? String(field) : csvTextField(field))).join(','))];
  return lines.join('\r\n') + '\r\n';
}
