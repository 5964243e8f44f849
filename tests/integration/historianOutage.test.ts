import { sql } from 'kysely';
import { connectAsync } from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveServeConfig } from '../../main/config/config.js';
import type { Sensor } from '../../main/contracts/index.js';
import { startCore, type CoreHandle } from '../../main/core/startCore.js';
import { openHistorianDb } from '../../main/historian/openHistorianDb.js';
import { createLogger } from '../../main/log/logger.js';
import { TestPostgres } from '../support/postgres.js';
import { makeTempDir } from '../support/tempDir.js';
import { waitUntil } from '../support/waitUntil.js';

/** The outage: PostgreSQL stopped this long under load. */
const OUTAGE_MS = 60_000;
/** Every demo sensor this often: 172 sensors at 4 Hz, about 690 samples/s (the ingest benchmark's order: 1,000/s). */
const PUBLISH_INTERVAL_MS = 250;
const DETECTOR = 'GD-T101-C1';

/** A value inside the sensor's normal band, varying a little (no limit, flatline or rate alarm of its own). */
function normalValue(sensor: Sensor, tick: number): number {
  const { limits } = sensor;
  const lowLimit = limits.low ?? limits.lowLow;
  const low = lowLimit ?? sensor.rangeMin ?? 0;
  const high = limits.high ?? limits.highHigh ?? sensor.rangeMax ?? low + 100;
  // Between two limits: their middle; under a high limit only (gas, smoke): near the floor, below any early warning.
  const base = lowLimit === undefined ? low + (high - low) * 0.1 : (low + high) / 2;
  return base + ((high - low) / 100) * Math.sin(tick / 7);
}

const metric = async (core: CoreHandle, name: string) => {
  const text = await (await fetch(new URL('/metrics', core.url))).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(name))
    .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
};
type StoredTransition = { alarm_id: string; action: string; at_ms: number };
const byTimeAlarmAction = (a: StoredTransition, b: StoredTransition) => a.at_ms - b.at_ms || a.alarm_id.localeCompare(b.alarm_id) || a.action.localeCompare(b.action);
const problemCodes = async (core: CoreHandle) => ((await (await fetch(new URL('/api/health', core.url))).json()) as { problems: { code: string }[] }).problems.map((p) => p.code);

/**
 * Issue 16 tests: "Database outage: stop PostgreSQL for 60 s under load; nothing lost after it
 * returns; ingest and alarms unaffected." A real core (embedded broker, ingest, alarm engine, the
 * historian writer on a real PostgreSQL cluster) takes every demo sensor at 4 Hz from an MQTT
 * publisher, and one gas detector is driven above and below its high limit, through the outage.
 * The writer's own outage test (main/historian/HistorianWriter.test.ts) stops the server for a moment;
 * this is the long one, the only test of that length.
 */
describe('a PostgreSQL historian stopped for 60 s under load', () => {
  let postgres: TestPostgres | null = null;
  afterAll(() => postgres?.dispose());

  it('loses nothing, and ingest and alarms go on while it is down', async () => {
    postgres = await TestPostgres.start();
    const resolved = resolveServeConfig({ cli: { port: 0, dataDir: makeTempDir('historian-outage'), simulate: false, brokerPort: 0, record: false, historian: postgres.url }, env: {} });
    if (!resolved.ok) throw new Error(JSON.stringify(resolved.problems));
    const core = await startCore({ config: resolved.config, logger: createLogger('silent') });
    const sensors = core.scene.sensors;
    const published = new Map<string, number[]>(sensors.map((s) => [s.id, []]));
    const publisher = await connectAsync(core.mqttUrl, { clientId: 'historian-outage', reconnectPeriod: 0 });
    let tick = 0;
    let detectorLel = 5;
    const stream = setInterval(() => {
      tick += 1;
      const tsMs = Date.now();
      for (const sensor of sensors) {
        const value = sensor.id === DETECTOR ? detectorLel : normalValue(sensor, tick);
        publisher.publish(sensor.mqttTopic, JSON.stringify({ v: value, ts: tsMs }));
        published.get(sensor.id)!.push(tsMs);
      }
    }, PUBLISH_INTERVAL_MS);
    const publishedCount = () => [...published.values()].reduce((n, times) => n + times.length, 0);
    const alarmActive = async () => ((await (await fetch(new URL('/api/alarms', core.url))).json()) as { alarmId: string; active: boolean }[]).find((a) => a.alarmId === `${DETECTOR}:high`)?.active === true;
    const historian = await openHistorianDb({ engine: 'postgres', url: postgres.url });
    try {
      await waitUntil(async () => (await metric(core, 'safetwin_ingest_samples_total')) > 1000, 20_000, 'ingest running');
      await postgres.stop();
      const outageStartMs = Date.now();
      await waitUntil(async () => (await problemCodes(core)).includes('ST_ERR_HISTORIAN_LOST'), 20_000, 'the outage raised');

      // During the outage: the detector goes above its high limit and back; the live alarm follows.
      detectorLel = 32;
      await waitUntil(alarmActive, 15_000, 'the alarm raised during the outage');
      detectorLel = 5;
      await waitUntil(async () => !(await alarmActive()), 20_000, 'the alarm cleared during the outage');
      // Ingest keeps up: every sample published so far is accepted (the historian is not on its path).
      const publishedBefore = publishedCount();
      await waitUntil(async () => (await metric(core, 'safetwin_ingest_samples_total')) >= publishedBefore, 5_000, 'ingest keeping up during the outage');
      const remainingMs = OUTAGE_MS - (Date.now() - outageStartMs);
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, remainingMs)));
      expect(await problemCodes(core)).toContain('ST_ERR_HISTORIAN_LOST');
      expect(Date.now() - outageStartMs).toBeGreaterThanOrEqual(OUTAGE_MS);
      await postgres.run();
      // Load goes on a little after the return, then stops; the writer catches up (backoff at most 30 s).
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      clearInterval(stream);
      const total = publishedCount();
      await waitUntil(async () => (await metric(core, 'safetwin_ingest_samples_total')) >= total, 10_000, 'ingest of the last samples');
      expect(await metric(core, 'safetwin_ingest_samples_total')).toBe(total);
      await waitUntil(
        async () => {
          const row = await historian.db.selectFrom('samples_raw').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirst().catch(() => undefined);
          return Number(row?.n ?? 0) >= total && !(await problemCodes(core)).includes('ST_ERR_HISTORIAN_LOST');
        },
        90_000,
        'the spool written back',
      );

      // Nothing lost, nothing twice: every published (sensor, time) exactly once, in every tier.
      const { rows } = await sql<{ sensor_id: string; ts_ms: number }>`select s.sensor_id, r.ts_ms from samples_raw r join sensors s using (sensor_key) order by s.sensor_id, r.ts_ms`.execute(historian.db);
      const stored = new Map<string, number[]>(sensors.map((s) => [s.id, []]));
      for (const row of rows) stored.get(row.sensor_id)!.push(Number(row.ts_ms));
      for (const [sensorId, times] of published) expect(stored.get(sensorId), sensorId).toEqual([...times].sort((a, b) => a - b));
      const counts = await sql<{ minutes: number; hours: number }>`select (select sum(count) from samples_1m)::bigint as minutes, (select sum(count) from samples_1h)::bigint as hours`.execute(historian.db);
      expect(counts.rows[0]).toEqual({ minutes: total, hours: total });

      // The alarm transitions of the outage are stored, as the live engine made them.
      const live = ((await (await fetch(new URL('/api/alarms/history?limit=1000', core.url))).json()) as { alarm: { alarmId: string }; action: string; atMs: number }[])
        .map((t) => ({ alarm_id: t.alarm.alarmId, action: t.action, at_ms: t.atMs }))
        .sort(byTimeAlarmAction);
      const storedTransitions = (await historian.db.selectFrom('alarm_transitions').select(['alarm_id', 'action', 'at_ms']).execute()).sort(byTimeAlarmAction);
      expect(live.filter((t) => t.alarm_id === `${DETECTOR}:high` && t.at_ms >= outageStartMs).map((t) => t.action)).toEqual(expect.arrayContaining(['activate', 'clear']));
      expect(storedTransitions).toEqual(live);
    } finally {
      clearInterval(stream);
      await publisher.endAsync(true);
      await core.close();
      await historian.close();
    }
  }, 240_000);
});
