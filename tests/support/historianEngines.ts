import { rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { openHistorianDb, type HistorianDb, type HistorianLocation } from '../../main/historian/openHistorianDb.js';
import { TestPostgres } from './postgres.js';
import { makeTempDir } from './tempDir.js';

/**
 * The historian's engines for one shared suite (issue 16: "both engines pass the same suite"):
 * `describe.each(HISTORIAN_TEST_ENGINES)`. Each `fresh()` is an empty database of its own: a new
 * file for node:sqlite, a new database in one throw-away PostgreSQL cluster per test file.
 */
export interface HistorianTestEngine {
  name: 'sqlite' | 'postgres';
  /** A location holding no database yet, and a function that opens it. */
  fresh(): Promise<{ location: HistorianLocation; open(): Promise<HistorianDb> }>;
  /** PostgreSQL's test cluster (outage tests stop and restart it); null for the embedded engine. */
  server(): TestPostgres | null;
  dispose(): Promise<void>;
}

function sqliteEngine(): HistorianTestEngine {
  const dirs: string[] = [];
  return {
    name: 'sqlite',
    async fresh() {
      const dir = makeTempDir('historian');
      dirs.push(dir);
      const location: HistorianLocation = { engine: 'sqlite', file: path.join(dir, 'data', 'historian.sqlite') };
      return { location, open: () => openHistorianDb(location) };
    },
    server: () => null,
    async dispose() {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    },
  };
}

function postgresEngine(): HistorianTestEngine {
  let cluster: TestPostgres | null = null;
  let databases = 0;
  return {
    name: 'postgres',
    async fresh() {
      cluster ??= await TestPostgres.start();
      const name = `historian_${(databases += 1)}`;
      const admin = new pg.Client({ connectionString: cluster.url });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const location: HistorianLocation = { engine: 'postgres', url: cluster.url.replace(/\/safetwin$/, `/${name}`) };
      return { location, open: () => openHistorianDb(location) };
    },
    server: () => cluster,
    async dispose() {
      await cluster?.dispose();
      cluster = null;
    },
  };
}

export const historianTestEngines = (): HistorianTestEngine[] => [sqliteEngine(), postgresEngine()];
