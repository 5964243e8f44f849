import { statSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveServeConfig } from '../../main/config/config.js';
import { startCore, type CoreHandle } from '../../main/core/startCore.js';
import { HISTORIAN_SCHEMA_VERSION, migrateHistorian } from '../../main/historian/migrations.js';
import { openHistorianDb } from '../../main/historian/openHistorianDb.js';
import { createLogger } from '../../main/log/logger.js';
import { TestPostgres } from '../support/postgres.js';
import { makeTempDir } from '../support/tempDir.js';
import { waitUntil } from '../support/waitUntil.js';

async function start(dataDir: string, historian: string): Promise<CoreHandle> {
  const resolved = resolveServeConfig({ cli: { port: 0, dataDir, simulate: true, brokerPort: 0, record: false, historian }, env: {} });
  if (!resolved.ok) throw new Error(JSON.stringify(resolved.problems));
  return startCore({ config: resolved.config, logger: createLogger('silent') });
}

const health = async (core: CoreHandle) => (await (await fetch(new URL('/api/health', core.url))).json()) as { problems: { code: string }[] };

describe('the core writes its bus into the historian (--historian)', () => {
  let postgres: TestPostgres | null = null;
  afterAll(() => postgres?.dispose());

  it('embedded: the simulated plant samples and aggregates land in <data-dir>/historian.sqlite, 0600', async () => {
    const dataDir = makeTempDir('historian-core');
    const core = await start(dataDir, 'embedded');
    const file = path.join(dataDir, 'historian.sqlite');
    try {
      await waitUntil(() => {
        const reader = new DatabaseSync(file, { readOnly: true });
        try {
          return Number((reader.prepare('SELECT count(*) AS n FROM samples_raw').get() as { n: number }).n) > 100;
        } catch {
          return false;
        } finally {
          reader.close();
        }
      }, 20_000, 'samples in the historian');
    } finally {
      await core.close();
    }
    const reader = new DatabaseSync(file, { readOnly: true });
    const raw = reader.prepare('SELECT count(*) AS n FROM samples_raw').get() as { n: number };
    const minutes = reader.prepare('SELECT sum(count) AS n FROM samples_1m').get() as { n: number };
    const sensors = reader.prepare('SELECT count(*) AS n FROM sensors').get() as { n: number };
    reader.close();
    // Every raw row is counted in exactly one 1-min bucket (the writer flushed on close).
    expect(minutes.n).toBe(raw.n);
    expect(sensors.n).toBeGreaterThan(5);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('a historian of a newer schema is refused with its code; the core runs on without it', async () => {
    const dataDir = makeTempDir('historian-core');
    const historian = await openHistorianDb({ engine: 'sqlite', file: path.join(dataDir, 'historian.sqlite') });
    await migrateHistorian(historian.db, historian.engine);
    await historian.db.updateTable('historian_meta').set({ value: String(HISTORIAN_SCHEMA_VERSION + 5) }).where('key', '=', 'schema_version').execute();
    await historian.close();
    const core = await start(dataDir, 'embedded');
    try {
      expect((await health(core)).problems.map((p) => p.code)).toContain('ST_ERR_HISTORIAN_SCHEMA_NEWER');
    } finally {
      await core.close();
    }
  });

  it('PostgreSQL: the same bus lands in a real server named by postgres://', async () => {
    postgres = await TestPostgres.start();
    const core = await start(makeTempDir('historian-core'), postgres.url);
    const historian = await openHistorianDb({ engine: 'postgres', url: postgres.url });
    try {
      await waitUntil(async () => {
        const row = await historian.db.selectFrom('samples_raw').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirst().catch(() => undefined);
        return Number(row?.n ?? 0) > 100;
      }, 20_000, 'samples in PostgreSQL');
      expect((await health(core)).problems.filter((p) => p.code.startsWith('ST_ERR_HISTORIAN'))).toEqual([]);
    } finally {
      await core.close();
      await historian.close();
    }
  });
});
