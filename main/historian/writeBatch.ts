import type { Kysely, Transaction } from 'kysely';
import { aggregateRows, type BucketAggregate, type HistorianBatch } from './historianBatch.js';
import type { HistorianDatabase } from './schema.js';

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

/**
 * Writes one batch in one transaction: either all of it is in the database or none (then the writer
 * spools it and retries); returns how many raw samples were new. Raw samples already stored (same sensor and time: a retried batch whose
 * commit was not acknowledged) are skipped, and the 1-min and 1-h aggregates are built from the rows
 * actually inserted (RETURNING), so a retry never counts a sample twice.
 */
export async function writeBatch(db: Kysely<HistorianDatabase>, batch: HistorianBatch, sensorKeys: SensorKeys): Promise<{ samplesInserted: number }> {
  return db.transaction().execute(async (trx) => {
    const keys = await sensorKeys.resolve(trx, batch.samples.map(([sensorId]) => sensorId));
    const inserted: { sensor_key: number; ts_ms: number; value: number; quality: number }[] = [];
    for (const part of chunks(batch.samples)) {
      const rows = await trx
        .insertInto('samples_raw')
        .values(part.map(([sensorId, tsMs, value, quality]) => ({ sensor_key: keys.get(sensorId)!, ts_ms: tsMs, value, quality })))
        .onConflict((oc) => oc.columns(['sensor_key', 'ts_ms']).doNothing())
        .returning(['sensor_key', 'ts_ms', 'value', 'quality'])
        .execute();
      inserted.push(...rows);
    }
    await mergeAggregates(trx, 'samples_1m', aggregateRows(inserted, 60_000));
    await mergeAggregates(trx, 'samples_1h', aggregateRows(inserted, 3_600_000));
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
    return { samplesInserted: inserted.length };
  });
}

/**
 * Adds partial buckets to the stored ones: min of mins, max of maxes, sums and counts added, the later
 * `last` wins. Written with CASE (standard SQL) so the one statement runs on SQLite and PostgreSQL alike.
 */
async function mergeAggregates(trx: Transaction<HistorianDatabase>, table: 'samples_1m' | 'samples_1h', buckets: BucketAggregate[]): Promise<void> {
  for (const part of chunks(buckets)) {
    await trx
      .insertInto(table)
      .values(part.map((b) => ({ sensor_key: b.sensorKey, bucket_ms: b.bucketMs, min: b.min, max: b.max, sum: b.sum, last: b.last, last_ts_ms: b.lastTsMs, count: b.count, bad_count: b.badCount })))
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
      )
      .execute();
  }
}
