import { sql, type Kysely } from 'kysely';
import { csvField } from '../contracts/index.js';
import { DAY_MS, decodeMinuteDay, MINUTE_DAYS_USABLE, MINUTES_PER_DAY } from './minuteDays.js';
import { nodeSqliteDatabaseOf } from './openHistorianDb.js';
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
 * series of the query; `auto` reads at most about MAX_ROWS_PER_QUERY stored rows, where each of the
 * `minuteDayBlocks` day blocks in the range stands for its 1,440 one-minute rows as MINUTE_DAY_BLOCK_ROWS.
 */
export function displayBucket(fromMs: number, toMs: number, step: HistoryTier | 'auto' = 'auto', maxPoints = MAX_POINTS_PER_SERIES, rawHeldFromMs = -Infinity, sensorCount = 1, minuteDayBlocks = 0): { tier: HistoryTier; bucketMs: number } {
  const wanted = Math.max(1, Math.ceil((toMs - fromMs) / maxPoints));
  // A range starting before the raw tier's retention cut-off reads the 1-minute tier: the day of an
  // incident 100 days ago is a chart of minutes, not a blank one (docs/historian.md §5).
  const finest: HistoryTier = fromMs < rawHeldFromMs ? '1m' : 'raw';
  let tier: HistoryTier = step !== 'auto' ? step : wanted >= HOUR_MS ? '1h' : wanted >= MINUTE_MS ? '1m' : finest;
  // Many sensors over a long range: the next coarser tier once the stored rows to read pass the bound
  // (100 sensors' month reads 72,000 hourly rows in tens of ms, not 4.3 million minutes in seconds;
  // bench:historian). Raw rows are counted at 1 Hz, a lower bound.
  const storedRows = (t: HistoryTier) => (sensorCount * (toMs - fromMs)) / TIER_MS[t] - (t === '1m' ? minuteDayBlocks * (MINUTES_PER_DAY - MINUTE_DAY_BLOCK_ROWS) : 0);
  while (step === 'auto' && tier !== '1h' && storedRows(tier) > MAX_ROWS_PER_QUERY) tier = tier === 'raw' ? '1m' : '1h';
  const unitMs = TIER_MS[tier];
  return { tier, bucketMs: Math.max(unitMs, Math.ceil(wanted / unitMs) * unitMs) };
}

/** Stored rows one `auto` query may read before a coarser tier serves it (min and max still kept per bucket). */
export const MAX_ROWS_PER_QUERY = 1_000_000;
/**
 * What reading one day block costs, in 1-minute rows read through SQL (bench:historian, node:sqlite: 3,000
 * blocks and 72,000 rows in 130 ms of CPU, 4.32 million rows in 2,384 ms, so a block is worth about 75 rows;
 * 100 errs toward the coarser tier): 100 sensors' month is about 370,000, 1,000 sensors' 3.7 million.
 */
export const MINUTE_DAY_BLOCK_ROWS = 100;
const TIER_MS: Record<HistoryTier, number> = { raw: 1000, '1m': MINUTE_MS, '1h': HOUR_MS };

/**
 * Each sensor's history in [fromMs, toMs) in display buckets, aggregated in the database (one grouped
 * query per call, on either engine). A sensor the historian never saw comes back with no points.
 * Buckets are aligned to multiples of bucketMs since the epoch, as the stored aggregates are. The
 * 1-minute tier reads the day blocks of the whole UTC days in the range (minuteDays.ts) and the rows of
 * the rest (the edges, days not compacted yet or marked stale by late samples).
 */
export async function querySamples(
  db: Kysely<HistorianDatabase>,
  query: { sensorIds: readonly string[]; fromMs: number; toMs: number; step?: HistoryTier | 'auto'; maxPoints?: number; rawHeldFromMs?: number },
): Promise<SampleSeries[]> {
  const keys = query.sensorIds.length === 0 ? [] : await db.selectFrom('sensors').select(['sensor_key', 'sensor_id']).where('sensor_id', 'in', [...query.sensorIds]).execute();
  const sensorKeys = keys.map((k) => Number(k.sensor_key));
  let { tier, bucketMs } = displayBucket(query.fromMs, query.toMs, query.step, query.maxPoints, query.rawHeldFromMs, keys.length);
  // `auto` gave up minutes for their stored rows: count the day blocks that would stand in for them.
  if (query.step === undefined || query.step === 'auto') {
    const finer = displayBucket(query.fromMs, query.toMs, 'auto', query.maxPoints, query.rawHeldFromMs, keys.length, Infinity);
    if (finer.tier === '1m' && tier === '1h') {
      const blocks = await usableMinuteDays(db, sensorKeys, query.fromMs, query.toMs).select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
      ({ tier, bucketMs } = displayBucket(query.fromMs, query.toMs, 'auto', query.maxPoints, query.rawHeldFromMs, keys.length, Number(blocks?.n ?? 0)));
    }
  }
  const idOf = new Map(keys.map((k) => [Number(k.sensor_key), k.sensor_id]));
  const series = new Map(query.sensorIds.map((sensorId) => [sensorId, { sensorId, tier, bucketMs, points: [] as SamplePoint[] }]));
  if (keys.length === 0) return [...series.values()];
  if (tier === '1m' && MINUTE_DAYS_USABLE) {
    for (const [sensorKey, points] of await minuteSeries(db, sensorKeys, query.fromMs, query.toMs, bucketMs)) series.get(idOf.get(sensorKey)!)!.points = points;
    return [...series.values()];
  }
  const rows = await groupedQuery(db, tier, sensorKeys, bucketMs, [[query.fromMs, query.toMs]]).execute();
  for (const row of rows) {
    const points = series.get(idOf.get(Number(row.sensor_key))!)!.points;
    // PostgreSQL returns SUM of bigints as numeric text: every figure through Number().
    const count = Number(row.count);
    points.push({ tsMs: Number(row.bucket), min: Number(row.min), max: Number(row.max), mean: Number(row.sum) / count, count, badCount: Number(row.bad) });
  }
  return [...series.values()];
}

/** The start of the UTC day holding `tsMs`. */
const dayOf = (tsMs: number) => Math.floor(tsMs / DAY_MS) * DAY_MS;

/** The day blocks of the days the range touches that may be read: not marked stale (one statement, one snapshot of both tables). */
function usableMinuteDays(db: Kysely<HistorianDatabase>, sensorKeys: number[], fromMs: number, toMs: number) {
  return db
    .selectFrom('samples_1m_days as d')
    .where('d.sensor_key', 'in', sensorKeys)
    .where('d.day_ms', '>=', dayOf(fromMs))
    .where('d.day_ms', '<', toMs)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('samples_1m_days_stale as s').select('s.day_ms').whereRef('s.sensor_key', '=', 'd.sensor_key').whereRef('s.day_ms', '=', 'd.day_ms'))));
}

/**
 * Display buckets of a tier's rows in time ranges, aggregated in the database. The bucket's start: the
 * cast truncates on both engines (node:sqlite binds the bucket size as a REAL, which makes SQLite's
 * division fractional; PostgreSQL divides bigints as integers anyway).
 */
function groupedQuery(db: Kysely<HistorianDatabase>, tier: HistoryTier, sensorKeys: number[], bucketMs: number, ranges: readonly (readonly [number, number])[]) {
  const [table, time, value] = tier === 'raw' ? (['samples_raw', 'ts_ms', 'value'] as const) : ([tier === '1m' ? 'samples_1m' : 'samples_1h', 'bucket_ms', null] as const);
  return db
    .selectFrom(table)
    .select([
      'sensor_key',
      sql<number>`cast(${sql.ref(time)} / ${bucketMs} as bigint) * ${bucketMs}`.as('bucket'),
      sql<number>`min(${sql.ref(value ?? 'min')})`.as('min'),
      sql<number>`max(${sql.ref(value ?? 'max')})`.as('max'),
      sql<number>`sum(${sql.ref(value ?? 'sum')})`.as('sum'),
      value ? sql<number>`count(*)`.as('count') : sql<number>`sum(count)`.as('count'),
      value ? sql<number>`sum(case when quality = 2 then 1 else 0 end)`.as('bad') : sql<number>`sum(bad_count)`.as('bad'),
    ])
    .where('sensor_key', 'in', sensorKeys)
    .where((eb) => eb.or(ranges.map(([fromMs, toMs]) => eb.and([eb(time, '>=', fromMs), eb(time, '<', toMs)]))))
    .groupBy(['sensor_key', 'bucket'])
    .orderBy('sensor_key')
    .orderBy('bucket');
}

/**
 * The 1-minute tier through the day blocks: each sensor's display buckets accumulated in arrays (one slot
 * per bucket of the range) from the minutes in the range of its usable blocks, and from its rows on the
 * days with no usable block (today, days not compacted yet or marked stale), grouped by display bucket in
 * the database. A minute is in the range as a row is: its start in [fromMs, toMs). Sensors needing the
 * same row ranges share one query (usually all: today's part of the range).
 */
async function minuteSeries(db: Kysely<HistorianDatabase>, sensorKeys: number[], fromMs: number, toMs: number, bucketMs: number): Promise<Map<number, SamplePoint[]>> {
  const startMs = Math.floor(fromMs / bucketMs) * bucketMs;
  const slots = Math.ceil((toMs - startMs) / bucketMs);
  const accumulators = new Map(sensorKeys.map((key) => [key, new BucketArrays(slots)]));
  const covered = new Map(sensorKeys.map((key) => [key, new Set<number>()]));
  const blocksQuery = usableMinuteDays(db, sensorKeys, fromMs, toMs).select(['d.sensor_key', 'd.day_ms', 'd.minutes']);
  // Embedded, one block at a time (node:sqlite's iterate): 100 sensors' month is 120 MB of blocks, which
  // `all` would hold at once (and costs more CPU, bench:historian); pg has no cursor configured: all rows.
  const blocks = nodeSqliteDatabaseOf(db) ? blocksQuery.stream() : await blocksQuery.execute();
  const minutesPerBucket = bucketMs / MINUTE_MS;
  for await (const block of blocks) {
    const sensorKey = Number(block.sensor_key);
    const dayMs = Number(block.day_ms);
    const { min, max, sum, count, badCount } = decodeMinuteDay(block.minutes);
    const into = accumulators.get(sensorKey)!;
    const last = Math.min(MINUTES_PER_DAY, Math.ceil((toMs - dayMs) / MINUTE_MS));
    // A display bucket's minutes of the day are summed in locals, then added to its slot once.
    for (let i = Math.max(0, Math.ceil((fromMs - dayMs) / MINUTE_MS)); i < last; ) {
      const minuteInRange = (dayMs - startMs) / MINUTE_MS + i;
      const slot = Math.floor(minuteInRange / minutesPerBucket);
      const end = Math.min(last, i + (slot + 1) * minutesPerBucket - minuteInRange);
      let lo = Infinity;
      let hi = -Infinity;
      let total = 0;
      let n = 0;
      let bad = 0;
      for (; i < end; i += 1) {
        const c = count[i]!;
        if (c === 0) continue;
        if (min[i]! < lo) lo = min[i]!;
        if (max[i]! > hi) hi = max[i]!;
        total += sum[i]!;
        n += c;
        bad += badCount[i]!;
      }
      if (n > 0) into.add(slot, lo, hi, total, n, bad);
    }
    covered.get(sensorKey)!.add(dayMs);
  }
  // Each sensor's row ranges: its runs of days without a usable block, clipped to the range.
  const sensorsOfRanges = new Map<string, { ranges: [number, number][]; keys: number[] }>();
  for (const sensorKey of sensorKeys) {
    const ranges: [number, number][] = [];
    for (let dayMs = dayOf(fromMs); dayMs < toMs; dayMs += DAY_MS) {
      if (covered.get(sensorKey)!.has(dayMs)) continue;
      const last = ranges[ranges.length - 1];
      if (last && last[1] === Math.max(dayMs, fromMs)) last[1] = Math.min(dayMs + DAY_MS, toMs);
      else ranges.push([Math.max(dayMs, fromMs), Math.min(dayMs + DAY_MS, toMs)]);
    }
    if (ranges.length === 0) continue;
    const signature = ranges.join(';');
    const group = sensorsOfRanges.get(signature);
    if (group) group.keys.push(sensorKey);
    else sensorsOfRanges.set(signature, { ranges, keys: [sensorKey] });
  }
  for (const { ranges, keys } of sensorsOfRanges.values()) {
    for (const row of await groupedQuery(db, '1m', keys, bucketMs, ranges).execute()) {
      accumulators.get(Number(row.sensor_key))!.add((Number(row.bucket) - startMs) / bucketMs, Number(row.min), Number(row.max), Number(row.sum), Number(row.count), Number(row.bad));
    }
  }
  return new Map(sensorKeys.map((key) => [key, accumulators.get(key)!.points(startMs, bucketMs)]));
}

/** Display buckets of one series as arrays (slot i: [startMs + i·bucketMs, + bucketMs)); a slot with count 0 has no point. */
class BucketArrays {
  private readonly min: Float64Array;
  private readonly max: Float64Array;
  private readonly sum: Float64Array;
  private readonly count: Float64Array;
  private readonly bad: Float64Array;

  constructor(slots: number) {
    this.min = new Float64Array(slots).fill(Infinity);
    this.max = new Float64Array(slots).fill(-Infinity);
    this.sum = new Float64Array(slots);
    this.count = new Float64Array(slots);
    this.bad = new Float64Array(slots);
  }

  add(slot: number, min: number, max: number, sum: number, count: number, bad: number) {
    if (min < this.min[slot]!) this.min[slot] = min;
    if (max > this.max[slot]!) this.max[slot] = max;
    this.sum[slot]! += sum;
    this.count[slot]! += count;
    this.bad[slot]! += bad;
  }

  points(startMs: number, bucketMs: number): SamplePoint[] {
    const points: SamplePoint[] = [];
    for (let slot = 0; slot < this.count.length; slot += 1) {
      const count = this.count[slot]!;
      if (count > 0) points.push({ tsMs: startMs + slot * bucketMs, min: this.min[slot]!, max: this.max[slot]!, mean: this.sum[slot]! / count, count, badCount: this.bad[slot]! });
    }
    return points;
  }
}

/** CSV of the series (RFC 4180, one row per sensor and bucket, ISO 8601 UTC times): for spreadsheets and reports. */
export function samplesCsv(series: readonly SampleSeries[]): string {
  const lines = ['sensor,time_utc,bucket_s,min,max,mean,count,bad_count'];
  for (const s of series) {
    for (const p of s.points) lines.push([csvField(s.sensorId), new Date(p.tsMs).toISOString(), s.bucketMs / 1000, p.min, p.max, p.mean, p.count, p.badCount].join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
