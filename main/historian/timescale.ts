import { sql, type Kysely } from 'kysely';
import type { HistorianDatabase } from './schema.js';

const DAY_MS = 86_400_000;

/** What the server offers: pg_available_extensions' row for timescaledb (both null: not available). */
export type TimescaleDetection = { defaultVersion: string | null; installedVersion: string | null };

/** How a PostgreSQL historian stores its time series (issue 16.1: hypertables and compression when TimescaleDB is installed, detected at start). */
export type HistorianStorage =
  | { engine: 'sqlite' }
  | {
      engine: 'postgres';
      /** absent: the server has no TimescaleDB; unusable: it has, but it could not be enabled here (see `note`); enabled: in use. */
      timescaledb: 'absent' | 'unusable' | 'enabled';
      version: string | null;
      /** Tables that are hypertables. */
      hypertables: string[];
      /** Tables with a compression policy. */
      compressed: string[];
      /** Why TimescaleDB or its compression is not used, when it is available (bounded). */
      note: string | null;
    };

/**
 * The time-series tables, their time column, chunk interval and compression age. The times are epoch
 * milliseconds in bigint (docs/historian.md §2): an integer time dimension, whose chunk interval and
 * policy ages are given in the same unit (docs.timescale.com, create_hypertable "integer time").
 * Chunks of about a week of raw rows and compression after a week: the raw tier is written in time
 * order and rarely touched once a week old (a back-fill still can: TimescaleDB 2.11+ writes into
 * compressed chunks). Aggregates get larger chunks (far fewer rows) and compress after their upserts
 * have settled.
 */
export const TIMESCALE_TABLES = [
  { table: 'samples_raw', timeColumn: 'ts_ms', chunkMs: 7 * DAY_MS, compressAfterMs: 7 * DAY_MS },
  { table: 'samples_1m', timeColumn: 'bucket_ms', chunkMs: 30 * DAY_MS, compressAfterMs: 30 * DAY_MS },
  { table: 'samples_1h', timeColumn: 'bucket_ms', chunkMs: 365 * DAY_MS, compressAfterMs: 365 * DAY_MS },
] as const satisfies readonly { table: keyof HistorianDatabase; timeColumn: string; chunkMs: number; compressAfterMs: number }[];

/** The function TimescaleDB's policies read "now" from for an integer time column (set_integer_now_func). */
export const INTEGER_NOW_FUNCTION = 'historian_now_ms';

/** What to do with what was detected: nothing without TimescaleDB, else enable it (when only available) and convert. */
export function timescaleDecision(detected: TimescaleDetection): 'absent' | 'create-extension' | 'convert' {
  if (detected.defaultVersion === null && detected.installedVersion === null) return 'absent';
  return detected.installedVersion === null ? 'create-extension' : 'convert';
}

/**
 * The statements that make one table a hypertable (idempotent: a start finds them already done), then
 * those of its compression policy, run apart: compression is in TimescaleDB's community (TSL) edition
 * only, so the Apache-2 build refuses them while hypertables work.
 */
export function timescaleStatements(spec: (typeof TIMESCALE_TABLES)[number]): { hypertable: string[]; compression: string[] } {
  const { table, timeColumn, chunkMs, compressAfterMs } = spec;
  return {
    hypertable: [
      `select create_hypertable('${table}', '${timeColumn}', chunk_time_interval => ${chunkMs}::bigint, if_not_exists => true, migrate_data => true)`,
      `select set_integer_now_func('${table}', '${INTEGER_NOW_FUNCTION}', replace_if_exists => true)`,
    ],
    compression: [
      `alter table ${table} set (timescaledb.compress, timescaledb.compress_segmentby = 'sensor_key', timescaledb.compress_orderby = '${timeColumn}')`,
      `select add_compression_policy('${table}', compress_after => ${compressAfterMs}::bigint, if_not_exists => true)`,
    ],
  };
}

const INTEGER_NOW_SQL = `create or replace function ${INTEGER_NOW_FUNCTION}() returns bigint language sql stable as $$ select (extract(epoch from now()) * 1000)::bigint $$`;

const noteOf = (error: unknown) => ((error as Error).message ?? String(error)).slice(0, 300);

export async function detectTimescale(db: Kysely<HistorianDatabase>): Promise<TimescaleDetection> {
  const { rows } = await sql<{ default_version: string | null; installed_version: string | null }>`select default_version, installed_version from pg_available_extensions where name = 'timescaledb'`.execute(db);
  return { defaultVersion: rows[0]?.default_version ?? null, installedVersion: rows[0]?.installed_version ?? null };
}

/**
 * At a PostgreSQL historian's start, after the migrations: with TimescaleDB on the server, the sample
 * and aggregate tables become hypertables with a compression policy where the edition has one; without
 * it they stay plain tables (the same schema, the same queries). Never fails the start: what could not
 * be done is reported in the result's `note`.
 */
export async function prepareTimescale(db: Kysely<HistorianDatabase>): Promise<HistorianStorage> {
  const detected = await detectTimescale(db);
  const decision = timescaleDecision(detected);
  const storage = { engine: 'postgres' as const, timescaledb: 'absent' as 'absent' | 'unusable' | 'enabled', version: detected.installedVersion ?? detected.defaultVersion, hypertables: [] as string[], compressed: [] as string[], note: null as string | null };
  if (decision === 'absent') return storage;
  if (decision === 'create-extension') {
    try {
      // Needs the library preloaded (shared_preload_libraries) and the right to create it; else plain tables.
      await sql.raw('create extension if not exists timescaledb').execute(db);
    } catch (error) {
      return { ...storage, timescaledb: 'unusable', note: noteOf(error) };
    }
  }
  storage.timescaledb = 'enabled';
  const notes: string[] = [];
  await sql.raw(INTEGER_NOW_SQL).execute(db);
  for (const spec of TIMESCALE_TABLES) {
    const statements = timescaleStatements(spec);
    try {
      await db.transaction().execute(async (trx) => {
        for (const text of statements.hypertable) await sql.raw(text).execute(trx);
      });
      storage.hypertables.push(spec.table);
    } catch (error) {
      notes.push(`${spec.table}: ${noteOf(error)}`);
      continue;
    }
    try {
      // Compression settings cannot change once chunks are compressed: a later start finds the policy and leaves it.
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from timescaledb_information.jobs where hypertable_name = ${spec.table} and proc_name = 'policy_compression'`.execute(db);
      if ((rows[0]?.n ?? 0) === 0) {
        await db.transaction().execute(async (trx) => {
          for (const text of statements.compression) await sql.raw(text).execute(trx);
        });
      }
      storage.compressed.push(spec.table);
    } catch (error) {
      notes.push(`${spec.table} compression: ${noteOf(error)}`);
    }
  }
  storage.note = notes.length > 0 ? notes.join('; ').slice(0, 1000) : null;
  if (storage.hypertables.length === 0) storage.timescaledb = 'unusable';
  return storage;
}
