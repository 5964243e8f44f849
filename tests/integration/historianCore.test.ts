import { statSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { connectAsync } from 'mqtt';
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

type Kpis = { windowMs: number; alarmRatePer10Min: number; topBadActors: { alarmId: string; activations: number }[]; priorityMix: Record<string, number> };
const getJson = async <T>(core: CoreHandle, pathAndQuery: string) => {
  const response = await fetch(new URL(pathAndQuery, core.url));
  if (!response.ok) throw new Error(`${pathAndQuery}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
};

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

  it('answers GET /api/history/samples from what it wrote, as JSON and as CSV; without a historian it says so', async () => {
    const core = await start(makeTempDir('historian-core'), 'embedded');
    try {
      const sensorId = core.scene.sensors.find((s) => s.kind === 'gas')!.id;
      const url = (query: string) => new URL(`/api/history/samples?${query}`, core.url);
      const fromMs = Date.now() - 60_000;
      const read = async () => (await (await fetch(url(`sensor=${sensorId},NOT-THERE&from=${fromMs}&to=${Date.now() + 60_000}`))).json()) as { series: { sensorId: string; tier: string; points: { count: number; min: number; max: number }[] }[] };
      await waitUntil(async () => ((await read()).series[0]?.points.length ?? 0) >= 3, 30_000, 'history through the API');
      const { series } = await read();
      expect(series.map((s) => [s.sensorId, s.tier])).toEqual([
        [sensorId, 'raw'],
        ['NOT-THERE', 'raw'],
      ]);
      expect(series[1]!.points).toEqual([]);
      const status = await getJson<{ engine: string; storage: unknown; budget: unknown; writer: { samplesWritten: number; spooledBatches: number } }>(core, '/api/history/status');
      expect(status).toMatchObject({ engine: 'sqlite', storage: { engine: 'sqlite' }, budget: null, writer: { spooledBatches: 0 } });
      expect(status.writer.samplesWritten).toBeGreaterThan(0);
      for (const point of series[0]!.points) expect(point.min).toBeLessThanOrEqual(point.max);
      const csv = await fetch(url(`sensor=${sensorId}&from=${new Date(fromMs).toISOString()}&to=${Date.now() + 60_000}&format=csv`));
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect((await csv.text()).split('\r\n')[1]).toMatch(new RegExp(`^${sensorId},\\d{4}-\\d\\d-\\d\\dT`));
      const bad = await fetch(url(`sensor=${sensorId}&from=yesterday&to=${Date.now()}`));
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { problem: { code: string } }).problem.code).toBe('ST_ERR_HTTP_BAD_REQUEST');
    } finally {
      await core.close();
    }
    const without = await startCore({ config: (resolveServeConfig({ cli: { port: 0, dataDir: makeTempDir('no-historian'), simulate: false, brokerPort: 0, record: false }, env: {} }) as { config: Parameters<typeof startCore>[0]['config'] }).config, logger: createLogger('silent') });
    try {
      const response = await fetch(new URL('/api/history/samples?sensor=x&from=0&to=1', without.url));
      expect(response.status).toBe(404);
      expect(((await response.json()) as { problem: { tip: string } }).problem.tip).toContain('--historian');
    } finally {
      await without.close();
    }
  });

  it('keeps the alarm KPIs across a restart: alarms raised through the broker before it are counted after it (GET /api/history/kpis, /api/history/alarms)', async () => {
    const dataDir = makeTempDir('historian-kpis');
    // No simulator: the test's readings are the only ones of the detector (the embedded broker still runs).
    const startPlain = async () => {
      const resolved = resolveServeConfig({ cli: { port: 0, dataDir, simulate: false, brokerPort: 0, record: false, historian: 'embedded' }, env: {} });
      if (!resolved.ok) throw new Error(JSON.stringify(resolved.problems));
      return startCore({ config: resolved.config, logger: createLogger('silent') });
    };
    const fromMs = Date.now() - 1000;
    let core = await startPlain();
    const detector = core.scene.sensors.find((s) => s.id === 'GD-T101-C1')!;
    const alarmId = `${detector.id}:high`;
    const publisher = await connectAsync(core.mqttUrl, { clientId: 'historian-kpis', reconnectPeriod: 0 });
    // Above the 25 %LEL high limit, then back below it (deadband and off-delay), then above again: two activations.
    let lelPercent = 32;
    const stream = setInterval(() => publisher.publish(detector.mqttTopic, JSON.stringify({ v: lelPercent, ts: Date.now() })), 200);
    let toMs: number;
    try {
      const alarm = async () => (await getJson<{ alarmId: string; active: boolean }[]>(core, '/api/alarms')).find((a) => a.alarmId === alarmId);
      await waitUntil(async () => (await alarm())?.active === true, 20_000, 'the first activation');
      lelPercent = 5;
      await waitUntil(async () => (await alarm())?.active === false, 20_000, 'the alarm clears');
      lelPercent = 32;
      await waitUntil(async () => (await alarm())?.active === true, 20_000, 'the second activation');
      const live = await getJson<Kpis>(core, '/api/alarms/kpis?windowH=1');
      expect(live.topBadActors).toContainEqual({ alarmId, activations: 2 });
    } finally {
      clearInterval(stream);
      await publisher.endAsync(true);
      toMs = Date.now();
      await core.close();
    }

    core = await startPlain();
    try {
      // The live tracker starts empty; the historian still has them.
      expect((await getJson<Kpis>(core, '/api/alarms/kpis?windowH=1')).topBadActors.map((a) => a.alarmId)).not.toContain(alarmId);
      const kpis = await getJson<Kpis>(core, `/api/history/kpis?from=${fromMs}&to=${toMs}`);
      expect(kpis.windowMs).toBe(toMs - fromMs);
      expect(kpis.topBadActors).toContainEqual({ alarmId, activations: 2 });
      expect(kpis.alarmRatePer10Min).toBeGreaterThan(0);
      expect(kpis.priorityMix.high).toBeGreaterThan(0);
      const lastHour = await getJson<Kpis>(core, '/api/history/kpis?window=1h');
      expect(lastHour.topBadActors).toContainEqual({ alarmId, activations: 2 });

      const query = `from=${new Date(fromMs).toISOString()}&to=${toMs}&source=${detector.id}&condition=high`;
      const history = await getJson<{ transitions: { action: string; state: string; sourceId: string }[]; activations: { total: number; byPriority: Record<string, number>; byShift: { activations: number }[] } }>(core, `/api/history/alarms?${query}`);
      expect(history.transitions.filter((t) => t.action === 'activate').map((t) => t.state)).toEqual(['unacknowledged', 'unacknowledged']);
      expect(history.transitions.filter((t) => t.action === 'clear')).toHaveLength(1);
      expect(history.activations.total).toBe(2);
      expect(history.activations.byPriority.high).toBe(2);
      expect(history.activations.byShift.reduce((sum, s) => sum + s.activations, 0)).toBe(2);
      const csv = await fetch(new URL(`/api/history/alarms?${query}&format=csv`, core.url));
      expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      const lines = (await csv.text()).trim().split('\r\n');
      expect(lines).toHaveLength(1 + history.transitions.length);
      expect(lines[1]).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[^,]+,${alarmId},${detector.id},sensor,`));
      expect(csv.headers.get('x-safetwin-truncated')).toBeNull();
      const cut = await fetch(new URL(`/api/history/alarms?${query}&format=csv&limit=1`, core.url));
      expect(cut.headers.get('x-safetwin-truncated')).toBe('true');
      expect((await cut.text()).trim().split('\r\n')).toHaveLength(2);
      const refused = await fetch(new URL('/api/history/kpis?window=1h&from=0', core.url));
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as { problem: { code: string } }).problem.code).toBe('ST_ERR_HTTP_BAD_REQUEST');
    } finally {
      await core.close();
    }
  }, 120_000);

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
      // Debian's PostgreSQL has no TimescaleDB: detected at start, reported, and the tables stay plain.
      const status = await getJson<{ engine: string; storage: unknown }>(core, '/api/history/status');
      expect(status).toMatchObject({ engine: 'postgres', storage: { engine: 'postgres', timescaledb: 'absent', version: null, hypertables: [], compressed: [], note: null } });
      const { rows } = await sql<{ relname: string; relkind: string }>`select relname, relkind from pg_class where relname in ('samples_raw', 'samples_1m', 'samples_1h') order by relname`.execute(historian.db);
      expect(rows).toEqual([
        { relname: 'samples_1h', relkind: 'r' },
        { relname: 'samples_1m', relkind: 'r' },
        { relname: 'samples_raw', relkind: 'r' },
      ]);
      const extensions = await sql<{ extname: string }>`select extname from pg_extension where extname = 'timescaledb'`.execute(historian.db);
      expect(extensions.rows).toEqual([]);
    } finally {
      await core.close();
      await historian.close();
    }
  });
});
