import type { Kysely } from 'kysely';
import type { HistorianRetention } from './retentionConfig.js';
import type { HistorianDatabase } from './schema.js';

const DAY_MS = 86_400_000;

/**
 * Rows per DELETE: a chunk is deleted in its own statement (autocommit), so SQLite's write lock is held
 * for one chunk, not for a 90-day backlog, and the writer's batches interleave between chunks (its
 * busy timeout is 5 s: main/historian/openHistorianDb.ts). Measured ad hoc on this machine: 400,000 raw
 * rows of 2 sensors went in 20 chunks of 20,000, about 6 ms each on node:sqlite.
 */
export const RETENTION_CHUNK_ROWS = 20_000;

/** Permits per chunk: their numbers go into one IN list (well inside SQLite's and PostgreSQL's parameter limits). */
const PERMITS_PER_CHUNK = 1_000;

export type RetentionClass = keyof HistorianRetention;

interface RetainedTable {
  table: keyof HistorianDatabase;
  dataClass: RetentionClass;
  timeColumn: 'ts_ms' | 'bucket_ms' | 'day_ms' | 'at_ms' | 'raised_at_ms';
  /** Time series clustered by (sensor_key, time): chunked per sensor so each chunk is a primary-key range. */
  bySensor: boolean;
  /** Rows per DELETE at most, below the run's chunk size: a day block is 40 KB, 20,000 of them 800 MB freed in one statement. */
  maxChunkRows?: number;
}

/** In the order they are deleted: personal data first (issue 16.3). */
export const RETAINED_TABLES: readonly RetainedTable[] = [
  { table: 'worker_positions', dataClass: 'personalDataDays', timeColumn: 'ts_ms', bySensor: false },
  { table: 'camera_events', dataClass: 'personalDataDays', timeColumn: 'at_ms', bySensor: false },
  { table: 'samples_raw', dataClass: 'rawSamplesDays', timeColumn: 'ts_ms', bySensor: true },
  { table: 'samples_1m', dataClass: 'aggregatesDays', timeColumn: 'bucket_ms', bySensor: true },
  { table: 'samples_1h', dataClass: 'aggregatesDays', timeColumn: 'bucket_ms', bySensor: true },
  // The 1-minute tier's day blocks go with its rows: a block whose day began before the cut-off (the day
  // the cut-off falls in included) is deleted, so that day is read from the rows it still has.
  { table: 'samples_1m_days', dataClass: 'aggregatesDays', timeColumn: 'day_ms', bySensor: true, maxChunkRows: 500 },
  { table: 'samples_1m_days_stale', dataClass: 'aggregatesDays', timeColumn: 'day_ms', bySensor: true },
  { table: 'alarm_transitions', dataClass: 'recordsDays', timeColumn: 'at_ms', bySensor: false },
  { table: 'operator_actions', dataClass: 'recordsDays', timeColumn: 'at_ms', bySensor: false },
  { table: 'markers', dataClass: 'recordsDays', timeColumn: 'at_ms', bySensor: false },
  // Warnings are records of the alarms they dispatched (and name people: owners, notes): kept as long, by raise time.
  { table: 'dispatch_warnings', dataClass: 'recordsDays', timeColumn: 'raised_at_ms', bySensor: false },
];

export interface RetentionOutcome {
  table: RetainedTable['table'] | 'permits' | 'permit_steps';
  dataClass: RetentionClass;
  /** Rows with a time before this were deleted. */
  cutoffMs: number;
  deletedRows: number;
  /** DELETE statements run (each bounded by the chunk size). */
  chunks: number;
}

/**
 * Deletes every row older than its class's period (issue 16.3), table by table, personal data first,
 * in chunks of about `chunkRows` rows: each chunk ends at the time of the chunk's last row (found
 * through the time index or the primary key), so a chunk holds at most `chunkRows` rows plus rows
 * sharing that last time (several badges at one instant).
 */
export async function applyRetention(db: Kysely<HistorianDatabase>, periods: HistorianRetention, nowMs: number, options: { chunkRows?: number } = {}): Promise<RetentionOutcome[]> {
  const chunkRows = options.chunkRows ?? RETENTION_CHUNK_ROWS;
  if (!Number.isInteger(chunkRows) || chunkRows < 1) throw new RangeError(`chunkRows must be a positive integer, got ${chunkRows}`);
  const sensorKeys = (await db.selectFrom('sensors').select('sensor_key').orderBy('sensor_key').execute()).map((row) => row.sensor_key);
  const outcomes: RetentionOutcome[] = [];
  for (const spec of RETAINED_TABLES) {
    const cutoffMs = nowMs - periods[spec.dataClass] * DAY_MS;
    const outcome: RetentionOutcome = { table: spec.table, dataClass: spec.dataClass, cutoffMs, deletedRows: 0, chunks: 0 };
    for (const sensorKey of spec.bySensor ? sensorKeys : [null]) await deleteOlder(db, spec, sensorKey, cutoffMs, Math.min(chunkRows, spec.maxChunkRows ?? chunkRows), outcome);
    outcomes.push(outcome);
  }
  outcomes.push(...(await deleteExpiredPermits(db, nowMs - periods.permitRecordsDays * DAY_MS, chunkRows)));
  return outcomes;
}

/**
 * Permits (issue 17) go whole: a permit whose last change is before the cut-off, with every step of its
 * trace, never a permit's oldest steps alone (the trace is kept complete or not at all). Each chunk of
 * permits and their steps is one transaction.
 */
async function deleteExpiredPermits(db: Kysely<HistorianDatabase>, cutoffMs: number, chunkRows: number): Promise<RetentionOutcome[]> {
  const permits: RetentionOutcome = { table: 'permits', dataClass: 'permitRecordsDays', cutoffMs, deletedRows: 0, chunks: 0 };
  const steps: RetentionOutcome = { table: 'permit_steps', dataClass: 'permitRecordsDays', cutoffMs, deletedRows: 0, chunks: 0 };
  for (;;) {
    const numbers = (await db.selectFrom('permits').select('number').where('updated_ms', '<', cutoffMs).orderBy('updated_ms').limit(Math.min(chunkRows, PERMITS_PER_CHUNK)).execute()).map((row) => row.number);
    if (numbers.length === 0) return [permits, steps];
    await db.transaction().execute(async (trx) => {
      const deletedSteps = await trx.deleteFrom('permit_steps').where('permit_number', 'in', numbers).executeTakeFirst();
      const deletedPermits = await trx.deleteFrom('permits').where('number', 'in', numbers).executeTakeFirst();
      steps.deletedRows += Number(deletedSteps.numDeletedRows);
      permits.deletedRows += Number(deletedPermits.numDeletedRows);
    });
    permits.chunks += 1;
    steps.chunks += 1;
  }
}

// The tables are chosen at run time from RETAINED_TABLES; Kysely's types cannot follow a table name in a
// variable, and every name and column used here is a literal of RETAINED_TABLES checked against the schema.
/* eslint-disable @typescript-eslint/no-explicit-any */
async function deleteOlder(typedDb: Kysely<HistorianDatabase>, spec: RetainedTable, sensorKey: number | null, cutoffMs: number, chunkRows: number, outcome: RetentionOutcome) {
  const db = typedDb as unknown as Kysely<any>;
  const column = spec.timeColumn;
  for (;;) {
    const last = await db
      .selectFrom(spec.table)
      .select(column)
      .where(column, '<', cutoffMs)
      .$if(sensorKey !== null, (q) => q.where('sensor_key', '=', sensorKey))
      .orderBy(column)
      .limit(1)
      .offset(chunkRows - 1)
      .executeTakeFirst();
    const result = await db
      .deleteFrom(spec.table)
      .$if(last !== undefined, (q) => q.where(column, '<=', Number(last?.[column])))
      .$if(last === undefined, (q) => q.where(column, '<', cutoffMs))
      .$if(sensorKey !== null, (q) => q.where('sensor_key', '=', sensorKey))
      .executeTakeFirst();
    const deleted = Number(result.numDeletedRows);
    if (deleted > 0 || last !== undefined) outcome.chunks += 1;
    outcome.deletedRows += deleted;
    if (last === undefined) return;
  }
}
/* eslint-enable @typescript-eslint/no-explicit-any */
