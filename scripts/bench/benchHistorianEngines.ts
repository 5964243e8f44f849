// npm run -s bench:historian — choosing the historian's embedded engine by measurement (issue 16.1).
// One JSON object on stdout, progress on stderr (docs/architecture.md §7).
// Every candidate installs from the npm registry with no download step (checked, docs/historian.md):
//   node:sqlite (built into Node 22), DuckDB's official Node API (@duckdb/node-api, the platform
//   binary ships inside @duckdb/node-bindings-linux-x64), PGlite (@electric-sql/pglite, PostgreSQL
//   compiled to WebAssembly). Each gets the same three tables in the same run:
//   raw samples (sensor, time, value, quality) and 1-min / 1-h aggregates (min, max, mean, last,
//   count, bad-quality count), each clustered by (sensor, time) the way the engine allows, and:
//   - batched insert rate of raw samples (rows/s, BENCH_BATCH rows per transaction);
//   - bytes per raw sample on disk (file growth after a checkpoint, over the empty schema);
//   - one sensor's 1-year hourly series (median/p95 over BENCH_QUERY_REPS runs);
//   - BENCH_MINUTE_SENSORS sensors' BENCH_MINUTE_DAYS-day 1-minute series (median/p95).
// Sizes are modest by default because the machine is shared; raise them with the env variables.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { PGlite } from '@electric-sql/pglite';

const RAW_SENSORS = Number(process.env.BENCH_RAW_SENSORS ?? 1000);
const RAW_SAMPLES = Number(process.env.BENCH_RAW_SAMPLES ?? 200_000);
const BATCH_ROWS = Number(process.env.BENCH_BATCH ?? 5000);
const HOUR_SENSORS = Number(process.env.BENCH_HOUR_SENSORS ?? 10);
const HOUR_DAYS = Number(process.env.BENCH_HOUR_DAYS ?? 365);
const MINUTE_SENSORS = Number(process.env.BENCH_MINUTE_SENSORS ?? 100);
const MINUTE_DAYS = Number(process.env.BENCH_MINUTE_DAYS ?? 7);
const QUERY_REPS = Number(process.env.BENCH_QUERY_REPS ?? 11);
const ENGINES = (process.env.BENCH_ENGINES ?? 'node:sqlite,duckdb,pglite').split(',');

const log = (text: string) => process.stderr.write(`${text}\n`);
const round = (v: number, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits;
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
function treeBytes(target: string): number {
  const info = statSync(target);
  if (!info.isDirectory()) return info.size;
  return readdirSync(target).reduce((sum, name) => sum + treeBytes(path.join(target, name)), 0);
}

/** Columns of one batch; aggregates reuse value as mean and add the rest. */
interface RawBatch { sensor: Int32Array; tsMs: Float64Array; value: Float64Array; quality: Int16Array; length: number }
interface AggBatch extends RawBatch { min: Float64Array; max: Float64Array; last: Float64Array; count: Int32Array; bad: Int32Array }
type Table = 'raw' | 'agg_1m' | 'agg_1h';

interface Candidate {
  insertRaw(batch: RawBatch): Promise<void>;
  insertAgg(table: 'agg_1m' | 'agg_1h', batch: AggBatch): Promise<void>;
  /** Rows of sensors in [fromMs, toMs) from a table, ordered by sensor and time; returns the row count. */
  query(table: Table, sensors: number[], fromMs: number, toMs: number): Promise<number>;
  checkpoint(): Promise<void>;
  close(): Promise<void>;
}

const START_MS = Date.UTC(2026, 0, 1);
// Deterministic generator (a 32-bit LCG, Numerical Recipes constants) so every engine stores the same rows.
let seed = 1;
const noise = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32) - 0.5;

function aggBatch(length: number): AggBatch {
  return {
    length, sensor: new Int32Array(length), tsMs: new Float64Array(length), value: new Float64Array(length),
    quality: new Int16Array(length), min: new Float64Array(length), max: new Float64Array(length),
    last: new Float64Array(length), count: new Int32Array(length), bad: new Int32Array(length),
  };
}

/** Yields batches covering sensors × buckets (sensor-major within time, like live ingest). */
function* generate(sensors: number, buckets: number, stepMs: number, samplesPerBucket: number): Generator<AggBatch> {
  const total = sensors * buckets;
  for (let start = 0; start < total; start += BATCH_ROWS) {
    const batch = aggBatch(Math.min(BATCH_ROWS, total - start));
    for (let i = 0; i < batch.length; i += 1) {
      const row = start + i;
      const bucket = Math.floor(row / sensors);
      const sensor = row % sensors;
      const base = 20 + 5 * Math.sin(bucket / 50 + sensor);
      batch.sensor[i] = sensor;
      batch.tsMs[i] = START_MS + bucket * stepMs;
      batch.value[i] = base + noise();
      batch.quality[i] = noise() > 0.49 ? 1 : 0;
      batch.min[i] = base - 1 + noise();
      batch.max[i] = base + 1 + noise();
      batch.last[i] = base + noise();
      batch.count[i] = samplesPerBucket;
      batch.bad[i] = batch.quality[i]!;
    }
    yield batch;
  }
}

const AGG_COLUMNS = 'sensor_id, bucket_ms, min, max, mean, last, count, bad_count';

// ---------------------------------------------------------------------------------------------
async function openSqlite(dir: string): Promise<Candidate> {
  const db = new DatabaseSync(path.join(dir, 'historian.sqlite'));
  // WAL + synchronous=NORMAL: durable at checkpoints, no fsync per transaction (sqlite.org/wal.html).
  db.exec('PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;');
  db.exec(`CREATE TABLE raw (sensor_id INTEGER NOT NULL, ts_ms INTEGER NOT NULL, value REAL, quality INTEGER NOT NULL,
             PRIMARY KEY (sensor_id, ts_ms)) WITHOUT ROWID`);
  for (const table of ['agg_1m', 'agg_1h']) {
    db.exec(`CREATE TABLE ${table} (sensor_id INTEGER NOT NULL, bucket_ms INTEGER NOT NULL, min REAL, max REAL, mean REAL,
               last REAL, count INTEGER NOT NULL, bad_count INTEGER NOT NULL, PRIMARY KEY (sensor_id, bucket_ms)) WITHOUT ROWID`);
  }
  const insertRaw = db.prepare('INSERT INTO raw (sensor_id, ts_ms, value, quality) VALUES (?, ?, ?, ?)');
  const insertAgg = {
    agg_1m: db.prepare(`INSERT INTO agg_1m (${AGG_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    agg_1h: db.prepare(`INSERT INTO agg_1h (${AGG_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
  };
  const inTransaction = (write: () => void) => {
    db.exec('BEGIN');
    write();
    db.exec('COMMIT');
  };
  return {
    async insertRaw(b) {
      inTransaction(() => {
        for (let i = 0; i < b.length; i += 1) insertRaw.run(b.sensor[i]!, b.tsMs[i]!, b.value[i]!, b.quality[i]!);
      });
    },
    async insertAgg(table, b) {
      const stmt = insertAgg[table];
      inTransaction(() => {
        for (let i = 0; i < b.length; i += 1) {
          stmt.run(b.sensor[i]!, b.tsMs[i]!, b.min[i]!, b.max[i]!, b.value[i]!, b.last[i]!, b.count[i]!, b.bad[i]!);
        }
      });
    },
    async query(table, sensors, fromMs, toMs) {
      const timeColumn = table === 'raw' ? 'ts_ms' : 'bucket_ms';
      const stmt = db.prepare(`SELECT * FROM ${table} WHERE sensor_id IN (${sensors.map(() => '?').join(',')})
                               AND ${timeColumn} >= ? AND ${timeColumn} < ? ORDER BY sensor_id, ${timeColumn}`);
      return stmt.all(...sensors, fromMs, toMs).length;
    },
    async checkpoint() {
      db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    },
    async close() {
      db.close();
    },
  };
}

async function openDuckdb(dir: string): Promise<Candidate> {
  const instance = await DuckDBInstance.create(path.join(dir, 'historian.duckdb'));
  const connection: DuckDBConnection = await instance.connect();
  // DuckDB has no clustered index; a primary key would add an ART index that slows appends, and its
  // zone maps over data appended in time order serve time-range scans (duckdb.org/docs/guides/performance/indexing).
  await connection.run('CREATE TABLE raw (sensor_id INTEGER NOT NULL, ts_ms BIGINT NOT NULL, value DOUBLE, quality SMALLINT NOT NULL)');
  for (const table of ['agg_1m', 'agg_1h']) {
    await connection.run(`CREATE TABLE ${table} (sensor_id INTEGER NOT NULL, bucket_ms BIGINT NOT NULL, min DOUBLE, max DOUBLE,
                          mean DOUBLE, last DOUBLE, count INTEGER NOT NULL, bad_count INTEGER NOT NULL)`);
  }
  return {
    async insertRaw(b) {
      // The appender is DuckDB's bulk-load path (duckdb.org/docs/data/appender); one per batch = one transaction.
      const appender = await connection.createAppender('raw');
      for (let i = 0; i < b.length; i += 1) {
        appender.appendInteger(b.sensor[i]!);
        appender.appendBigInt(BigInt(b.tsMs[i]!));
        appender.appendDouble(b.value[i]!);
        appender.appendSmallInt(b.quality[i]!);
        appender.endRow();
      }
      appender.closeSync();
    },
    async insertAgg(table, b) {
      const appender = await connection.createAppender(table);
      for (let i = 0; i < b.length; i += 1) {
        appender.appendInteger(b.sensor[i]!);
        appender.appendBigInt(BigInt(b.tsMs[i]!));
        appender.appendDouble(b.min[i]!);
        appender.appendDouble(b.max[i]!);
        appender.appendDouble(b.value[i]!);
        appender.appendDouble(b.last[i]!);
        appender.appendInteger(b.count[i]!);
        appender.appendInteger(b.bad[i]!);
        appender.endRow();
      }
      appender.closeSync();
    },
    async query(table, sensors, fromMs, toMs) {
      const timeColumn = table === 'raw' ? 'ts_ms' : 'bucket_ms';
      const reader = await connection.runAndReadAll(
        `SELECT * FROM ${table} WHERE sensor_id IN (${sensors.join(',')}) AND ${timeColumn} >= ${fromMs} AND ${timeColumn} < ${toMs}
         ORDER BY sensor_id, ${timeColumn}`,
      );
      return reader.getRowObjects().length;
    },
    async checkpoint() {
      await connection.run('CHECKPOINT');
    },
    async close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

async function openPglite(dir: string): Promise<Candidate> {
  const db = new PGlite(path.join(dir, 'pgdata'));
  await db.exec(`CREATE TABLE raw (sensor_id INTEGER NOT NULL, ts_ms BIGINT NOT NULL, value DOUBLE PRECISION,
                   quality SMALLINT NOT NULL, PRIMARY KEY (sensor_id, ts_ms))`);
  for (const table of ['agg_1m', 'agg_1h']) {
    await db.exec(`CREATE TABLE ${table} (sensor_id INTEGER NOT NULL, bucket_ms BIGINT NOT NULL, min DOUBLE PRECISION,
                     max DOUBLE PRECISION, mean DOUBLE PRECISION, last DOUBLE PRECISION, count INTEGER NOT NULL,
                     bad_count INTEGER NOT NULL, PRIMARY KEY (sensor_id, bucket_ms))`);
  }
  // One statement per batch with column arrays (unnest): the fastest parameterised bulk insert in PostgreSQL short of COPY.
  const list = (values: ArrayLike<number>) => Array.from(values);
  return {
    async insertRaw(b) {
      await db.query(
        'INSERT INTO raw SELECT * FROM unnest($1::int[], $2::bigint[], $3::float8[], $4::int2[])',
        [list(b.sensor), list(b.tsMs), list(b.value), list(b.quality)],
      );
    },
    async insertAgg(table, b) {
      await db.query(
        `INSERT INTO ${table} SELECT * FROM unnest($1::int[], $2::bigint[], $3::float8[], $4::float8[], $5::float8[],
                                                   $6::float8[], $7::int[], $8::int[])`,
        [list(b.sensor), list(b.tsMs), list(b.min), list(b.max), list(b.value), list(b.last), list(b.count), list(b.bad)],
      );
    },
    async query(table, sensors, fromMs, toMs) {
      const timeColumn = table === 'raw' ? 'ts_ms' : 'bucket_ms';
      const result = await db.query(
        `SELECT * FROM ${table} WHERE sensor_id = ANY($1::int[]) AND ${timeColumn} >= $2 AND ${timeColumn} < $3
         ORDER BY sensor_id, ${timeColumn}`,
        [sensors, fromMs, toMs],
      );
      return result.rows.length;
    },
    async checkpoint() {
      await db.exec('CHECKPOINT');
    },
    async close() {
      await db.close();
    },
  };
}

const OPENERS: Record<string, (dir: string) => Promise<Candidate>> = {
  'node:sqlite': openSqlite,
  duckdb: openDuckdb,
  pglite: openPglite,
};

async function timeQueries(run: () => Promise<number>, expectedRows: number) {
  const durationsMs: number[] = [];
  for (let i = 0; i < QUERY_REPS; i += 1) {
    const started = performance.now();
    const rows = await run();
    durationsMs.push(performance.now() - started);
    if (rows !== expectedRows) throw new Error(`query returned ${rows} rows, expected ${expectedRows}`);
  }
  return { medianMs: round(percentile(durationsMs, 50), 2), p95Ms: round(percentile(durationsMs, 95), 2), rows: expectedRows };
}

async function measure(name: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `safetwin-bench-historian-${name.replace(/\W/g, '')}-`));
  mkdirSync(dir, { recursive: true });
  try {
    const engine = await OPENERS[name]!(dir);
    await engine.checkpoint();
    const emptyBytes = treeBytes(dir);

    seed = 1;
    const rawBuckets = Math.ceil(RAW_SAMPLES / RAW_SENSORS);
    let rawRows = 0;
    let insertMs = 0;
    for (const batch of generate(RAW_SENSORS, rawBuckets, 1000, 1)) {
      const started = performance.now();
      await engine.insertRaw(batch);
      insertMs += performance.now() - started;
      rawRows += batch.length;
    }
    await engine.checkpoint();
    const rawBytes = treeBytes(dir) - emptyBytes;
    log(`${name}: ${rawRows} raw rows in ${round(insertMs)} ms, ${rawBytes} bytes`);

    const hourBuckets = HOUR_DAYS * 24;
    for (const batch of generate(HOUR_SENSORS, hourBuckets, 3_600_000, 3600)) await engine.insertAgg('agg_1h', batch);
    const minuteBuckets = MINUTE_DAYS * 1440;
    let minuteRows = 0;
    for (const batch of generate(MINUTE_SENSORS, minuteBuckets, 60_000, 60)) {
      await engine.insertAgg('agg_1m', batch);
      minuteRows += batch.length;
    }
    await engine.checkpoint();
    const afterAggBytes = treeBytes(dir);
    const aggBytesPerRow = (afterAggBytes - emptyBytes - rawBytes) / (HOUR_SENSORS * hourBuckets + minuteRows);
    log(`${name}: aggregates written`);

    const oneSensorYear = await timeQueries(
      () => engine.query('agg_1h', [HOUR_SENSORS >> 1], START_MS, START_MS + hourBuckets * 3_600_000),
      hourBuckets,
    );
    const sensors = Array.from({ length: MINUTE_SENSORS }, (_, i) => i);
    const manySensorsMinutes = await timeQueries(
      () => engine.query('agg_1m', sensors, START_MS, START_MS + minuteBuckets * 60_000),
      minuteRows,
    );
    await engine.close();
    return {
      rawInsertRowsPerS: Math.round(rawRows / (insertMs / 1000)),
      rawBytesPerSample: round(rawBytes / rawRows, 1),
      aggregateBytesPerRow: round(aggBytesPerRow, 1),
      oneSensorHourlySeries: oneSensorYear,
      manySensorsMinuteSeries: manySensorsMinutes,
      filesBytes: afterAggBytes,
    };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const results: Record<string, unknown> = {};
for (const name of ENGINES) {
  log(`measuring ${name} …`);
  results[name] = await measure(name);
  // Each engine's figures as soon as they are known, so a run cut short keeps what it measured.
  log(`${name}: ${JSON.stringify(results[name])}`);
}

process.stdout.write(
  `${JSON.stringify(
    {
      bench: 'historian-engines',
      machine: { cpus: os.cpus().length, node: process.version, loadAverage1m: round(os.loadavg()[0] ?? 0, 1) },
      config: {
        rawSensors: RAW_SENSORS, rawSamples: RAW_SAMPLES, batchRows: BATCH_ROWS, hourSensors: HOUR_SENSORS,
        hourDays: HOUR_DAYS, minuteSensors: MINUTE_SENSORS, minuteDays: MINUTE_DAYS, queryReps: QUERY_REPS,
      },
      results,
    },
    null,
    2,
  )}\n`,
);
