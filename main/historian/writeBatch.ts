import type { Kysely, Transaction } from 'kysely';
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { BucketAggregator, type BucketAggregate, type HistorianBatch, type SampleColumns } from './historianBatch.js';
import { staleDaysOf } from './minuteDays.js';
import { nodeSqliteDatabaseOf } from './openHistorianDb.js';
import type { HistorianDatabase, SamplesRawTable } from './schema.js';

// Rows per statement: SQLite binds at most 32,766 parameters per statement (SQLITE_MAX_VARIABLE_NUMBER
// since 3.32) and PostgreSQL 65,535 (a 16-bit count in the wire protocol's Bind message); 9 columns × 1000
// stays far below both.
const ROWS_PER_STATEMENT = 1000;

function chunks<T>(rows: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) result.push(rows.slice(i, i + ROWS_PER_STATEMENT));
  return result;
}

/** Sensor ids to their small integer keys, created on first sight; cached for the writer's life. */
export class SensorKeys {
  private readonly keys = new Map<string, number>();

  async resolve(db: Kysely<HistorianDatabase> | Transaction<HistorianDatabase>, sensorIds: Iterable<string>): Promise<Map<string, number>> {
    const missing = [...new Set(sensorIds)].filter((id) => !this.keys.has(id));
    for (const part of chunks(missing)) {
      await db.insertInto('sensors').values(part.map((sensor_id) => ({ sensor_id }))).onConflict((oc) => oc.column('sensor_id').doNothing()).execute();
      const rows = await db.selectFrom('sensors').select(['sensor_key', 'sensor_id']).where('sensor_id', 'in', part).execute();
      for (const row of rows) this.keys.set(row.sensor_id, row.sensor_key);
    }
    return this.keys;
  }
}

/** The batch's sensor ids that rows refer to (a batch carries the scene's whole list). */
function sensorIdsUsed(samples: SampleColumns): string[] {
  const used = new Uint8Array(samples.sensorIds.length);
  for (let row = 0; row < samples.count; row += 1) used[samples.sensorIndex[row]!] = 1;
  return samples.sensorIds.filter((_, index) => used[index] === 1);
}

/**
 * The batch's rows ordered by sensor, each sensor's rows in their order in the batch (a stable counting
 * sort, O(rows)): the raw tier is clustered by (sensor, time), so consecutive inserts land on the same
 * B-tree page instead of a different page per sensor (bench:historian: a batch of 1,000 sensors' samples
 * in arrival order touches a thousand pages per time step, more than SQLite's default page cache holds).
 */
function rowsBySensor(samples: SampleColumns): Uint32Array {
  const start = new Uint32Array(samples.sensorIds.length + 1);
  for (let row = 0; row < samples.count; row += 1) start[samples.sensorIndex[row]! + 1]! += 1;
  for (let index = 1; index < start.length; index += 1) start[index]! += start[index - 1]!;
  const order = new Uint32Array(samples.count);
  for (let row = 0; row < samples.count; row += 1) order[start[samples.sensorIndex[row]!]!++] = row;
  return order;
}

/**
 * Writes one batch in one transaction: either all of it is in the database or none (then the writer
 * spools it and retries); returns how many raw samples were new. Raw samples already stored (same sensor and time: a retried batch whose
 * commit was not acknowledged) are skipped, and the 1-min and 1-h aggregates are built from the rows
 * actually inserted, so a retry never counts a sample twice. On node:sqlite the raw rows and the
 * aggregates go through prepared statements (compiled once from the same Kysely queries), each raw
 * insert telling by its change count whether the row was new; on PostgreSQL through multi-row
 * statements whose RETURNING gives the new rows (one round trip per thousand rows, not one per row).
 */
export async function writeBatch(db: Kysely<HistorianDatabase>, batch: HistorianBatch, sensorKeys: SensorKeys, nowMs = Date.now()): Promise<{ samplesInserted: number }> {
  return db.transaction().execute(async (trx) => {
    const { samples } = batch;
    const keys = await sensorKeys.resolve(trx, sensorIdsUsed(samples));
    const keyOfIndex = Float64Array.from(samples.sensorIds, (sensorId) => keys.get(sensorId) ?? -1);
    const minute = new BucketAggregator(60_000);
    const hour = new BucketAggregator(3_600_000);
    const database = nodeSqliteDatabaseOf(db);
    const order = rowsBySensor(samples);
    let samplesInserted = 0;
    if (database) {
      const statements = preparedStatements(db, database);
      for (const row of order) {
        const sensorKey = keyOfIndex[samples.sensorIndex[row]!]!;
        const tsMs = samples.tsMs[row]!;
        const value = samples.value[row]!;
        const quality = samples.quality[row]!;
        if (statements.insertRaw.run(sensorKey, tsMs, value, quality).changes === 0) continue;
        samplesInserted += 1;
        minute.add(sensorKey, tsMs, value, quality);
        hour.add(sensorKey, tsMs, value, quality);
      }
      for (const bucket of minute.buckets()) statements.merge1m.run(...aggregateParameters(bucket));
      for (const bucket of hour.buckets()) statements.merge1h.run(...aggregateParameters(bucket));
      for (const day of staleDaysOf(minute.buckets(), nowMs)) statements.markStale.run(day.sensor_key, day.day_ms);
    } else {
      for (let first = 0; first < samples.count; first += ROWS_PER_STATEMENT) {
        const part: SamplesRawTable[] = [];
        for (const row of order.subarray(first, first + ROWS_PER_STATEMENT)) {
          part.push({ sensor_key: keyOfIndex[samples.sensorIndex[row]!]!, ts_ms: samples.tsMs[row]!, value: samples.value[row]!, quality: samples.quality[row]! });
        }
        const inserted = await insertRawQuery(trx, part).returning(['sensor_key', 'ts_ms', 'value', 'quality']).execute();
        for (const r of inserted) {
          minute.add(r.sensor_key, r.ts_ms, r.value, r.quality);
          hour.add(r.sensor_key, r.ts_ms, r.value, r.quality);
        }
        samplesInserted += inserted.length;
      }
      for (const part of chunks(minute.buckets())) await mergeAggregatesQuery(trx, 'samples_1m', part).execute();
      for (const part of chunks(hour.buckets())) await mergeAggregatesQuery(trx, 'samples_1h', part).execute();
      for (const part of chunks(staleDaysOf(minute.buckets(), nowMs))) await markStaleQuery(trx, part).execute();
    }
    for (const part of chunks(batch.alarms)) {
      await trx
        .insertInto('alarm_transitions')
        .values(part.map((a) => ({ at_ms: a.atMs, alarm_id: a.alarmId, source_id: a.sourceId, source_kind: a.sourceKind, area_id: a.areaId, condition: a.condition, priority: a.priority, action: a.action, previous_state: a.previousState, state: a.state, by_user: a.by, reason: a.reason })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    for (const part of chunks(batch.actions)) {
      await trx
        .insertInto('operator_actions')
        .values(part.map((a) => ({ at_ms: a.atMs, by_user: a.by, action: a.action, target: a.target, detail_json: a.detailJson })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    for (const part of chunks(batch.positions)) {
      await trx
        .insertInto('worker_positions')
        .values(part.map((p) => ({ badge_id: p.badgeId, ts_ms: p.tsMs, x: p.x, y: p.y, floor: p.floor })))
        .onConflict((oc) => oc.columns(['badge_id', 'ts_ms']).doNothing())
        .execute();
    }
    for (const part of chunks(batch.cameraEvents)) {
      await trx
        .insertInto('camera_events')
        .values(part.map((e) => ({ at_ms: e.atMs, camera_id: e.cameraId, kind: e.kind, detail_json: e.detailJson })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    for (const part of chunks(batch.markers)) {
      await trx
        .insertInto('markers')
        .values(part.map((m) => ({ at_ms: m.atMs, kind: m.kind, phase: m.phase, marker_id: m.markerId, label: m.label, by_user: m.by })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    return { samplesInserted };
  });
}

const insertRawQuery = (db: Kysely<HistorianDatabase> | Transaction<HistorianDatabase>, rows: SamplesRawTable[]) =>
  db
    .insertInto('samples_raw')
    .values(rows)
    .onConflict((oc) => oc.columns(['sensor_key', 'ts_ms']).doNothing());

/** Days of the 1-minute tier whose block (if compacted) no longer holds every sample: minuteDays.ts, staleDaysOf. */
const markStaleQuery = (db: Kysely<HistorianDatabase> | Transaction<HistorianDatabase>, days: { sensor_key: number; day_ms: number }[]) =>
  db
    .insertInto('samples_1m_days_stale')
    .values(days)
    .onConflict((oc) => oc.columns(['sensor_key', 'day_ms']).doNothing());

/** An aggregate's column values in the order mergeAggregatesQuery binds one row. */
const aggregateParameters = (b: BucketAggregate) => [b.sensorKey, b.bucketMs, b.min, b.max, b.sum, b.last, b.lastTsMs, b.count, b.badCount] as const;

/**
 * Adds partial buckets to the stored ones: min of mins, max of maxes, sums and counts added, the later
 * `last` wins. Written with CASE (standard SQL) so the one statement runs on SQLite and PostgreSQL alike.
 */
function mergeAggregatesQuery(db: Kysely<HistorianDatabase> | Transaction<HistorianDatabase>, table: 'samples_1m' | 'samples_1h', buckets: readonly BucketAggregate[]) {
  return db
    .insertInto(table)
    .values(buckets.map((b) => ({ sensor_key: b.sensorKey, bucket_ms: b.bucketMs, min: b.min, max: b.max, sum: b.sum, last: b.last, last_ts_ms: b.lastTsMs, count: b.count, bad_count: b.badCount })))
    .onConflict((oc) =>
      oc.columns(['sensor_key', 'bucket_ms']).doUpdateSet((eb) => ({
        min: eb.case().when('excluded.min', '<', eb.ref(`${table}.min`)).then(eb.ref('excluded.min')).else(eb.ref(`${table}.min`)).end(),
        max: eb.case().when('excluded.max', '>', eb.ref(`${table}.max`)).then(eb.ref('excluded.max')).else(eb.ref(`${table}.max`)).end(),
        sum: eb(`${table}.sum`, '+', eb.ref('excluded.sum')),
        last: eb.case().when('excluded.last_ts_ms', '>=', eb.ref(`${table}.last_ts_ms`)).then(eb.ref('excluded.last')).else(eb.ref(`${table}.last`)).end(),
        last_ts_ms: eb.case().when('excluded.last_ts_ms', '>=', eb.ref(`${table}.last_ts_ms`)).then(eb.ref('excluded.last_ts_ms')).else(eb.ref(`${table}.last_ts_ms`)).end(),
        count: eb(`${table}.count`, '+', eb.ref('excluded.count')),
        bad_count: eb(`${table}.bad_count`, '+', eb.ref('excluded.bad_count')),
      })),
    );
}

type PreparedWrites = { insertRaw: StatementSync; merge1m: StatementSync; merge1h: StatementSync; markStale: StatementSync };
const prepared = new WeakMap<DatabaseSync, PreparedWrites>();

/**
 * node:sqlite's statements for the per-sample path, prepared once per connection from the SQL Kysely
 * compiles for one row (the one query layer; no second copy of the SQL). A statement per row in one
 * transaction is SQLite's fastest insert path: no statement text to build or parse per batch.
 */
function preparedStatements(db: Kysely<HistorianDatabase>, database: DatabaseSync): PreparedWrites {
  let statements = prepared.get(database);
  if (statements) return statements;
  const oneBucket: BucketAggregate = { sensorKey: 0, bucketMs: 0, min: 0, max: 0, sum: 0, last: 0, lastTsMs: 0, count: 0, badCount: 0 };
  statements = {
    insertRaw: database.prepare(insertRawQuery(db, [{ sensor_key: 0, ts_ms: 0, value: 0, quality: 0 }]).compile().sql),
    merge1m: database.prepare(mergeAggregatesQuery(db, 'samples_1m', [oneBucket]).compile().sql),
    merge1h: database.prepare(mergeAggregatesQuery(db, 'samples_1h', [oneBucket]).compile().sql),
    markStale: database.prepare(markStaleQuery(db, [{ sensor_key: 0, day_ms: 0 }]).compile().sql),
  };
  prepared.set(database, statements);
  return statements;
}
