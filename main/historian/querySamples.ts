import { sql, type Kysely } from 'kysely';
import type { HistorianDatabase } from './schema.js';

/** About one point per pixel of a wide chart, twice over (issue 16: at most ~2,000 points per series). */
export const MAX_POINTS_PER_SERIES = 2000;
const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/** Which stored tier a query reads: every sample, or the 1-minute or 1-hour aggregates. */
export type HistoryTier = 'raw' | '1m' | '1h';

/** A display bucket: what the samples (or aggregates) in [tsMs, tsMs + bucketMs) were. min and max are kept so a spike never vanishes in a long range. */
export interface SamplePoint {
  tsMs: number;
  min: number;
  max: number;
  mean: number;
  count: number;
  badCount: number;
}

export interface SampleSeries {
  sensorId: string;
  tier: HistoryTier;
  bucketMs: number;
  points: SamplePoint[];
}

/**
 * The display bucket for a range: the range over `maxPoints`, rounded up to whole seconds, minutes or
 * hours by the tier that serves it — the finest stored tier whose resolution is not finer than the
 * bucket, so a year reads 8,760 hourly rows, not 31 million samples. `step` forces a tier (the bucket
 * then never goes below that tier's resolution). `rawHeldFromMs`: the raw tier's retention cut-off
 * (now − rawSamplesDays); `auto` does not choose raw for a range starting before it. `sensorCount`: the
 * series of the query; `auto` reads at most about MAX_ROWS_PER_QUERY stored rows.
 */
export function displayBucket(fromMs: number, toMs: number, step: HistoryTier | 'auto' = 'auto', maxPoints = MAX_POINTS_PER_SERIES, rawHeldFromMs = -Infinity, sensorCount = 1): { tier: HistoryTier; bucketMs: number } {
  const wanted = Math.max(1, Math.ceil((toMs - fromMs) / maxPoints));
  // A range starting before the raw tier's retention cut-off reads the 1-minute tier: the day of an
  // incident 100 days ago is a chart of minutes, not a blank one (docs/historian.md §5).
  const finest: HistoryTier = fromMs < rawHeldFromMs ? '1m' : 'raw';
  let tier: HistoryTier = step !== 'auto' ? step : wanted >= HOUR_MS ? '1h' : wanted >= MINUTE_MS ? '1m' : finest;
  // Many sensors over a long range: the next coarser tier once the stored rows to read pass the bound
  // (100 sensors' month reads 72,000 hourly rows in tens of ms, not 4.3 million minutes in seconds;
  // bench:historian). Raw rows are counted at 1 Hz, a lower bound.
  while (step === 'auto' && tier !== '1h' && (sensorCount * (toMs - fromMs)) / TIER_MS[tier] > MAX_ROWS_PER_QUERY) tier = tier === 'raw' ? '1m' : '1h';
  const unitMs = TIER_MS[tier];
  return { tier, bucketMs: Math.max(unitMs, Math.ceil(wanted / unitMs) * unitMs) };
}

/** Stored rows one `auto` query may read before a coarser tier serves it (min and max still kept per bucket). */
export const MAX_ROWS_PER_QUERY = 1_000_000;
const TIER_MS: Record<HistoryTier, number> = { raw: 1000, '1m': MINUTE_MS, '1h': HOUR_MS };

/**
 * Each sensor's history in [fromMs, toMs) in display buckets, aggregated in the database (one grouped
 * query per call, on either engine). A sensor the historian never saw comes back with no points.
 * Buckets are aligned to multiples of bucketMs since the epoch, as the stored aggregates are.
 */
export async function querySamples(
  db: Kysely<HistorianDatabase>,
  query: { sensorIds: readonly string[]; fromMs: number; toMs: number; step?: HistoryTier | 'auto'; maxPoints?: number; rawHeldFromMs?: number },
): Promise<SampleSeries[]> {
  const keys = query.sensorIds.length === 0 ? [] : await db.selectFrom('sensors').select(['sensor_key', 'sensor_id']).where('sensor_id', 'in', [...query.sensorIds]).execute();
  const { tier, bucketMs } = displayBucket(query.fromMs, query.toMs, query.step, query.maxPoints, query.rawHeldFromMs, keys.length);
  const idOf = new Map(keys.map((k) => [Number(k.sensor_key), k.sensor_id]));
  const series = new Map(query.sensorIds.map((sensorId) => [sensorId, { sensorId, tier, bucketMs, points: [] as SamplePoint[] }]));
  if (keys.length === 0) return [...series.values()];
  const sensorKeys = [...idOf.keys()];
  // The bucket's start: the cast truncates on both engines (node:sqlite binds the bucket size as a
  // REAL, which makes SQLite's division fractional; PostgreSQL divides bigints as integers anyway).
  const rows =
    tier === 'raw'
      ? await db
          .selectFrom('samples_raw')
          .select([
            'sensor_key',
            sql<number>`cast(ts_ms / ${bucketMs} as bigint) * ${bucketMs}`.as('bucket'),
            sql<number>`min(value)`.as('min'),
            sql<number>`max(value)`.as('max'),
            sql<number>`sum(value)`.as('sum'),
            sql<number>`count(*)`.as('count'),
            sql<number>`sum(case when quality = 2 then 1 else 0 end)`.as('bad'),
          ])
          .where('sensor_key', 'in', sensorKeys)
          .where('ts_ms', '>=', query.fromMs)
          .where('ts_ms', '<', query.toMs)
          .groupBy(['sensor_key', 'bucket'])
          .orderBy('sensor_key')
          .orderBy('bucket')
          .execute()
      : await db
          .selectFrom(tier === '1m' ? 'samples_1m' : 'samples_1h')
          .select([
            'sensor_key',
            sql<number>`cast(bucket_ms / ${bucketMs} as bigint) * ${bucketMs}`.as('bucket'),
            sql<number>`min(min)`.as('min'),
            sql<number>`max(max)`.as('max'),
            sql<number>`sum(sum)`.as('sum'),
            sql<number>`sum(count)`.as('count'),
            sql<number>`sum(bad_count)`.as('bad'),
          ])
          .where('sensor_key', 'in', sensorKeys)
          .where('bucket_ms', '>=', query.fromMs)
          .where('bucket_ms', '<', query.toMs)
          .groupBy(['sensor_key', 'bucket'])
          .orderBy('sensor_key')
          .orderBy('bucket')
          .execute();
  for (const row of rows) {
    const points = series.get(idOf.get(Number(row.sensor_key))!)!.points;
    // PostgreSQL returns SUM of bigints as numeric text: every figure through Number().
    const count = Number(row.count);
    points.push({ tsMs: Number(row.bucket), min: Number(row.min), max: Number(row.max), mean: Number(row.sum) / count, count, badCount: Number(row.bad) });
  }
  return [...series.values()];
}

/** CSV of the series (RFC 4180, one row per sensor and bucket, ISO 8601 UTC times): for spreadsheets and reports. */
export function samplesCsv(series: readonly SampleSeries[]): string {
  const lines = ['sensor,time_utc,bucket_s,min,max,mean,count,bad_count'];
  for (const s of series) {
    for (const p of s.points) lines.push([csvField(s.sensorId), new Date(p.tsMs).toISOString(), s.bucketMs / 1000, p.min, p.max, p.mean, p.count, p.badCount].join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

/** One RFC 4180 field: quoted when it holds a comma, quote or line break. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
