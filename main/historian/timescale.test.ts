import { Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, type CompiledQuery, type DatabaseConnection, type Driver, type QueryResult } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { HistorianDatabase } from './schema.js';
import { prepareTimescale, TIMESCALE_TABLES, timescaleDecision, timescaleStatements } from './timescale.js';

/**
 * A server answering what a TimescaleDB installation would (unit test only: Debian's PostgreSQL here
 * has no TimescaleDB; the absent path runs against a real cluster in tests/integration/historianCore.test.ts).
 * Every statement is recorded; `refuse` makes the matching ones fail as the server would.
 */
function scriptedServer(options: { available: string | null; installed: string | null; refuse?: RegExp; compressionJobs?: string[] }) {
  const statements: string[] = [];
  const connection: DatabaseConnection = {
    async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
      statements.push(query.sql);
      if (options.refuse?.test(query.sql)) throw new Error(`refused: ${query.sql.slice(0, 40)}`);
      if (query.sql.includes('pg_available_extensions')) {
        return { rows: (options.available === null && options.installed === null ? [] : [{ default_version: options.available, installed_version: options.installed }]) as R[] };
      }
      if (query.sql.includes('timescaledb_information.jobs')) return { rows: [{ n: options.compressionJobs?.includes(String(query.parameters[0])) ? 1 : 0 }] as R[] };
      return { rows: [] };
    },
    streamQuery: () => {
      throw new Error('not used');
    },
  };
  const driver: Driver = {
    init: async () => {},
    acquireConnection: async () => connection,
    beginTransaction: async () => void statements.push('begin'),
    commitTransaction: async () => void statements.push('commit'),
    rollbackTransaction: async () => void statements.push('rollback'),
    releaseConnection: async () => {},
    destroy: async () => {},
  };
  const db = new Kysely<HistorianDatabase>({ dialect: { createAdapter: () => new PostgresAdapter(), createDriver: () => driver, createIntrospector: (k) => new PostgresIntrospector(k), createQueryCompiler: () => new PostgresQueryCompiler() } });
  return { db, statements };
}

describe('TimescaleDB detection on a PostgreSQL historian', () => {
  it('decides from pg_available_extensions: absent, to be created, or installed', () => {
    expect(timescaleDecision({ defaultVersion: null, installedVersion: null })).toBe('absent');
    expect(timescaleDecision({ defaultVersion: '2.17.2', installedVersion: null })).toBe('create-extension');
    expect(timescaleDecision({ defaultVersion: '2.17.2', installedVersion: '2.15.0' })).toBe('convert');
  });

  it('makes each time-series table a hypertable on its integer millisecond time, then adds its compression policy', () => {
    expect(TIMESCALE_TABLES.map((t) => [t.table, t.timeColumn])).toEqual([
      ['samples_raw', 'ts_ms'],
      ['samples_1m', 'bucket_ms'],
      ['samples_1h', 'bucket_ms'],
    ]);
    expect(timescaleStatements(TIMESCALE_TABLES[0])).toEqual({
      hypertable: [
        "select create_hypertable('samples_raw', 'ts_ms', chunk_time_interval => 604800000::bigint, if_not_exists => true, migrate_data => true)",
        "select set_integer_now_func('samples_raw', 'historian_now_ms', replace_if_exists => true)",
      ],
      compression: [
        "alter table samples_raw set (timescaledb.compress, timescaledb.compress_segmentby = 'sensor_key', timescaledb.compress_orderby = 'ts_ms')",
        "select add_compression_policy('samples_raw', compress_after => 604800000::bigint, if_not_exists => true)",
      ],
    });
    expect(timescaleStatements(TIMESCALE_TABLES[2]).hypertable[0]).toBe("select create_hypertable('samples_1h', 'bucket_ms', chunk_time_interval => 31536000000::bigint, if_not_exists => true, migrate_data => true)");
  });

  it('leaves plain tables and reports absent when the server has no TimescaleDB', async () => {
    const { db, statements } = scriptedServer({ available: null, installed: null });
    expect(await prepareTimescale(db)).toEqual({ engine: 'postgres', timescaledb: 'absent', version: null, hypertables: [], compressed: [], note: null });
    expect(statements).toHaveLength(1);
  });

  it('creates the extension when only available, converts the three tables and compresses them', async () => {
    const { db, statements } = scriptedServer({ available: '2.17.2', installed: null });
    expect(await prepareTimescale(db)).toEqual({ engine: 'postgres', timescaledb: 'enabled', version: '2.17.2', hypertables: ['samples_raw', 'samples_1m', 'samples_1h'], compressed: ['samples_raw', 'samples_1m', 'samples_1h'], note: null });
    expect(statements[1]).toBe('create extension if not exists timescaledb');
    expect(statements.filter((s) => s.startsWith('select create_hypertable'))).toHaveLength(3);
    expect(statements.filter((s) => s.startsWith('select add_compression_policy'))).toHaveLength(3);
  });

  it('reports unusable with the reason when the extension cannot be created (not preloaded, no right)', async () => {
    const { db, statements } = scriptedServer({ available: '2.17.2', installed: null, refuse: /create extension/ });
    expect(await prepareTimescale(db)).toMatchObject({ timescaledb: 'unusable', hypertables: [], note: expect.stringMatching(/^refused: create extension/) });
    expect(statements.some((s) => s.includes('create_hypertable'))).toBe(false);
  });

  it('keeps the hypertables without compression on an edition that has none (Apache-2 build), saying why', async () => {
    const { db } = scriptedServer({ available: '2.17.2', installed: '2.17.2', refuse: /timescaledb\.compress/ });
    const storage = await prepareTimescale(db);
    expect(storage).toMatchObject({ timescaledb: 'enabled', hypertables: ['samples_raw', 'samples_1m', 'samples_1h'], compressed: [] });
    expect(storage.engine === 'postgres' && storage.note).toMatch(/^samples_raw compression: refused: alter table samples_raw/);
  });

  it('does not touch the compression settings of a table that already has its policy (a later start)', async () => {
    const { db, statements } = scriptedServer({ available: '2.17.2', installed: '2.17.2', compressionJobs: ['samples_raw', 'samples_1m', 'samples_1h'] });
    expect(await prepareTimescale(db)).toMatchObject({ timescaledb: 'enabled', compressed: ['samples_raw', 'samples_1m', 'samples_1h'] });
    expect(statements.some((s) => s.startsWith('alter table'))).toBe(false);
  });
});
