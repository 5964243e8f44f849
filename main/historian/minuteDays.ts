import type { Kysely } from 'kysely';
import type { HistorianDatabase } from './schema.js';

/**
 * Day blocks of the 1-minute tier (docs/historian.md §2, §5): one row per sensor and closed UTC day
 * (`samples_1m_days`) holding that day's 1,440 one-minute aggregates as packed arrays, so that a chart of
 * 100 sensors' month reads 3,000 rows, not 4.32 million (bench:historian: 2.5 s through the rows, a
 * tenth of that through the blocks). The 1-minute rows stay the aggregates of record (with `last`);
 * a block is a copy made by `compactMinuteDays` and read by `querySamples`.
 *
 * Layout (version 1, little-endian, 40,320 bytes): min[1440], max[1440], sum[1440] as Float64, then
 * count[1440] and badCount[1440] as Uint16; minute i of the day is index i, count 0 = no bucket.
 * Float64 because a chart read through the blocks must equal the one read through the rows (Float32 would
 * move 20.1 to 20.100000381). Uint16 is exact: a 1-minute bucket counts samples of distinct milliseconds
 * (the raw tier's key is sensor and time), at most 60,000. `last` is not in the block: no chart reads it.
 */
export const MINUTES_PER_DAY = 1440;
export const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
export const MINUTE_DAY_BYTES = MINUTES_PER_DAY * (3 * 8 + 2 * 2);

/**
 * Typed arrays are in the platform's byte order; the layout is little-endian (every platform Node ships
 * for but s390x). Elsewhere no block is written or read and charts come from the 1-minute rows.
 */
export const MINUTE_DAYS_USABLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A closed day is compacted this long after its end: a write that decided a day was still open has long committed (see staleDaysOf). */
export const COMPACTION_GRACE_MS = 15 * MINUTE_MS;

/**
 * Blocks written per transaction: SQLite's write lock (and, embedded, the core's event loop) is held for
 * about this many sensors' days, 4–7 ms each in bench:historian on the loaded 2-core machine, so a chunk
 * stalls the live path for tens of ms, under its 100 ms publish → bus p99 (docs/historian.md §9).
 */
export const SENSORS_PER_COMPACTION = 4;

/** Marked stale days handled per run at most (the rest in the next run). */
const MAX_STALE_PER_RUN = 100_000;

const WATERMARK_KEY = 'minute_days_compacted_to';

export interface MinuteDay {
  min: Float64Array;
  max: Float64Array;
  sum: Float64Array;
  count: Uint16Array;
  badCount: Uint16Array;
}

function viewsOf(buffer: ArrayBufferLike, offset: number): MinuteDay {
  const n = MINUTES_PER_DAY;
  return {
    min: new Float64Array(buffer, offset, n),
    max: new Float64Array(buffer, offset + n * 8, n),
    sum: new Float64Array(buffer, offset + n * 16, n),
    count: new Uint16Array(buffer, offset + n * 24, n),
    badCount: new Uint16Array(buffer, offset + n * 26, n),
  };
}

/** The arrays of a stored block (node:sqlite gives a Uint8Array, pg a Buffer: copied when not 8-byte aligned). */
export function decodeMinuteDay(bytes: Uint8Array): MinuteDay {
  if (bytes.byteLength !== MINUTE_DAY_BYTES) throw new RangeError(`a 1-minute day block is ${MINUTE_DAY_BYTES} bytes, got ${bytes.byteLength}`);
  return bytes.byteOffset % 8 === 0 ? viewsOf(bytes.buffer, bytes.byteOffset) : viewsOf(bytes.slice().buffer, 0);
}

/** The 1-minute rows a block is made of (bucket_ms within the day). */
export interface MinuteRow {
  bucket_ms: number;
  min: number;
  max: number;
  sum: number;
  count: number;
  bad_count: number;
}

/** One day's block from its 1-minute rows; null when a count does not fit the layout (the rows then serve that day). */
export function encodeMinuteDay(dayMs: number, rows: Iterable<MinuteRow>): Buffer | null {
  const bytes = Buffer.alloc(MINUTE_DAY_BYTES);
  const day = viewsOf(bytes.buffer, bytes.byteOffset);
  for (const row of rows) {
    const count = Number(row.count);
    const bad = Number(row.bad_count);
    if (count > 0xffff || bad > 0xffff) return null;
    const i = (Number(row.bucket_ms) - dayMs) / MINUTE_MS;
    day.min[i] = row.min;
    day.max[i] = row.max;
    day.sum[i] = row.sum;
    day.count[i] = count;
    day.badCount[i] = bad;
  }
  return bytes;
}

/**
 * The days of written 1-minute buckets that may already be compacted (their day ended by `nowMs`): the
 * writer marks them stale in the same transaction (`samples_1m_days_stale`), so a late sample is never
 * hidden by an older block; readers use the rows for a marked day and the next compaction rebuilds it.
 * A day is compacted only COMPACTION_GRACE_MS after its end, so a write that judged the day open (its
 * `nowMs` before the day's end) committed long before any compaction of that day read its rows.
 */
export function staleDaysOf(buckets: Iterable<{ sensorKey: number; bucketMs: number }>, nowMs: number): { sensor_key: number; day_ms: number }[] {
  const days = new Map<string, { sensor_key: number; day_ms: number }>();
  for (const { sensorKey, bucketMs } of buckets) {
    const dayMs = Math.floor(bucketMs / DAY_MS) * DAY_MS;
    if (dayMs + DAY_MS > nowMs) continue;
    days.set(`${sensorKey}:${dayMs}`, { sensor_key: sensorKey, day_ms: dayMs });
  }
  return [...days.values()];
}

export interface CompactionOutcome {
  /** Blocks written (new or rebuilt). */
  blocksWritten: number;
  /** Blocks removed because their day no longer has 1-minute rows of that sensor (retention) or a count outgrew the layout. */
  blocksRemoved: number;
  /** The end of the days compacted in order (every day before it has its blocks, but for marked ones), null before any. */
  compactedToMs: number | null;
}

/**
 * Turns each closed UTC day's 1-minute rows into its blocks, idempotently: days after the watermark
 * (`historian_meta.minute_days_compacted_to`) in order, then the days the writer marked stale. Each
 * (sensors, day) chunk is one transaction that first clears the chunk's marks (a write: on SQLite it
 * takes the write lock, so the rows read next are the latest), then reads the rows and writes the blocks.
 * A late sample committed after that read marks the day again (staleDaysOf): readers use its rows
 * until the next run rebuilds it. Run by the retention schedule and after `history import`.
 */
export async function compactMinuteDays(db: Kysely<HistorianDatabase>, nowMs: number, options: { sensorsPerTransaction?: number; signal?: AbortSignal } = {}): Promise<CompactionOutcome> {
  const outcome: CompactionOutcome = { blocksWritten: 0, blocksRemoved: 0, compactedToMs: null };
  if (!MINUTE_DAYS_USABLE) return outcome;
  const perTransaction = options.sensorsPerTransaction ?? SENSORS_PER_COMPACTION;
  // Between chunks: the event loop turns (embedded, each chunk ran on it) and a closing historian stops the run.
  const pause = async () => {
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (options.signal?.aborted) throw new Error('1-minute day compaction stopped: the historian is closing');
  };
  const closedEndMs = Math.floor((nowMs - COMPACTION_GRACE_MS) / DAY_MS) * DAY_MS;
  const sensorKeys = (await db.selectFrom('sensors').select('sensor_key').orderBy('sensor_key').execute()).map((row) => Number(row.sensor_key));
  const stored = await db.selectFrom('historian_meta').select('value').where('key', '=', WATERMARK_KEY).executeTakeFirst();
  let dayMs = stored ? Number(stored.value) : await earliestMinuteDay(db, sensorKeys);
  if (dayMs === null) return outcome;
  for (; dayMs < closedEndMs; dayMs += DAY_MS) {
    for (let first = 0; first < sensorKeys.length; first += perTransaction) {
      await compactChunk(db, sensorKeys.slice(first, first + perTransaction), dayMs, outcome);
      await pause();
    }
    await setWatermark(db, dayMs + DAY_MS);
  }
  if (!stored) await setWatermark(db, dayMs);
  outcome.compactedToMs = dayMs;
  const stale = await db.selectFrom('samples_1m_days_stale').select(['sensor_key', 'day_ms']).where('day_ms', '<', closedEndMs).orderBy('day_ms').orderBy('sensor_key').limit(MAX_STALE_PER_RUN).execute();
  const byDay = new Map<number, number[]>();
  for (const row of stale) {
    const keys = byDay.get(Number(row.day_ms));
    if (keys) keys.push(Number(row.sensor_key));
    else byDay.set(Number(row.day_ms), [Number(row.sensor_key)]);
  }
  for (const [day, keys] of byDay) {
    for (let first = 0; first < keys.length; first += perTransaction) {
      await compactChunk(db, keys.slice(first, first + perTransaction), day, outcome);
      await pause();
    }
  }
  return outcome;
}

/** The first UTC day holding 1-minute rows, per sensor through the primary key (a min over the whole table would scan it on SQLite). */
async function earliestMinuteDay(db: Kysely<HistorianDatabase>, sensorKeys: readonly number[]): Promise<number | null> {
  let earliest: number | null = null;
  for (const sensorKey of sensorKeys) {
    const row = await db.selectFrom('samples_1m').select('bucket_ms').where('sensor_key', '=', sensorKey).orderBy('bucket_ms').limit(1).executeTakeFirst();
    if (row && (earliest === null || Number(row.bucket_ms) < earliest)) earliest = Number(row.bucket_ms);
  }
  return earliest === null ? null : Math.floor(earliest / DAY_MS) * DAY_MS;
}

async function setWatermark(db: Kysely<HistorianDatabase>, dayMs: number) {
  await db
    .insertInto('historian_meta')
    .values({ key: WATERMARK_KEY, value: String(dayMs) })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: String(dayMs) }))
    .execute();
}

async function compactChunk(db: Kysely<HistorianDatabase>, sensorKeys: readonly number[], dayMs: number, outcome: CompactionOutcome) {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('samples_1m_days_stale').where('sensor_key', 'in', [...sensorKeys]).where('day_ms', '=', dayMs).execute();
    const rows = await trx
      .selectFrom('samples_1m')
      .select(['sensor_key', 'bucket_ms', 'min', 'max', 'sum', 'count', 'bad_count'])
      .where('sensor_key', 'in', [...sensorKeys])
      .where('bucket_ms', '>=', dayMs)
      .where('bucket_ms', '<', dayMs + DAY_MS)
      .execute();
    const rowsOf = new Map<number, MinuteRow[]>();
    for (const row of rows) {
      const sensorKey = Number(row.sensor_key);
      const list = rowsOf.get(sensorKey);
      if (list) list.push(row);
      else rowsOf.set(sensorKey, [row]);
    }
    const gone: number[] = [];
    for (const sensorKey of sensorKeys) {
      const block = rowsOf.has(sensorKey) ? encodeMinuteDay(dayMs, rowsOf.get(sensorKey)!) : null;
      if (block === null) {
        gone.push(sensorKey);
        continue;
      }
      await trx
        .insertInto('samples_1m_days')
        .values({ sensor_key: sensorKey, day_ms: dayMs, minutes: block })
        .onConflict((oc) => oc.columns(['sensor_key', 'day_ms']).doUpdateSet({ minutes: block }))
        .execute();
      outcome.blocksWritten += 1;
    }
    if (gone.length > 0) {
      const removed = await trx.deleteFrom('samples_1m_days').where('sensor_key', 'in', gone).where('day_ms', '=', dayMs).executeTakeFirst();
      outcome.blocksRemoved += Number(removed.numDeletedRows);
    }
  });
}
