import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { historianTestEngines } from '../../tests/support/historianEngines.js';
import { makeTempDir } from '../../tests/support/tempDir.js';
import { MessageBus } from '../bus/MessageBus.js';
import type { CoreTopics } from '../bus/coreTopics.js';
import type { Problem } from '../contracts/index.js';
import { HistorianSpool } from './HistorianSpool.js';
import { HistorianWriter } from './HistorianWriter.js';
import { migrateHistorian } from './migrations.js';
import type { HistorianDb } from './openHistorianDb.js';
import { SensorKeys, writeBatch } from './writeBatch.js';
import { emptyBatch, sampleColumnsOf } from './historianBatch.js';

const SENSORS = ['GT-101', 'GT-102', 'PT-201'];
const T0_MS = Date.UTC(2026, 11, 1, 7, 59, 0);

/** Deterministic samples: every sensor every 10 s over `minutes`, a bad-quality one every 7th, values with a spike. */
function simulatedSamples(minutes: number, startMs = T0_MS) {
  const rows: { index: number; tsMs: number; value: number; quality: number }[] = [];
  for (let t = 0; t < minutes * 60; t += 10) {
    for (let index = 0; index < SENSORS.length; index += 1) {
      const n = rows.length;
      rows.push({ index, tsMs: startMs + t * 1000, value: index * 10 + Math.sin(t / 30) + (n % 97 === 0 ? 50 : 0), quality: n % 7 === 0 ? 2 : 0 });
    }
  }
  return rows;
}

function publishSamples(bus: MessageBus<CoreTopics>, rows: ReturnType<typeof simulatedSamples>) {
  bus.publish('samples', {
    indices: Uint32Array.from(rows.map((r) => r.index)),
    values: Float64Array.from(rows.map((r) => r.value)),
    tsMs: Float64Array.from(rows.map((r) => r.tsMs)),
    qualities: Uint8Array.from(rows.map((r) => r.quality)),
  });
}

/** The 1-min or 1-h aggregates computed independently from the generated rows (not from the store). */
function expectedAggregates(rows: ReturnType<typeof simulatedSamples>, bucketMs: number) {
  const groups = new Map<string, ReturnType<typeof simulatedSamples>>();
  for (const row of rows) {
    const key = `${SENSORS[row.index]}|${Math.floor(row.tsMs / bucketMs) * bucketMs}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.entries()]
    .map(([key, group]) => {
      const [sensorId = '', bucket] = key.split('|');
      const values = group.map((r) => r.value);
      const latest = group.reduce((a, b) => (b.tsMs >= a.tsMs ? b : a));
      return { sensor_id: sensorId, bucket_ms: Number(bucket), min: Math.min(...values), max: Math.max(...values), mean: values.reduce((a, b) => a + b, 0) / values.length, last: latest.value, count: group.length, bad_count: group.filter((r) => r.quality === 2).length };
    })
    .sort((a, b) => a.sensor_id.localeCompare(b.sensor_id) || a.bucket_ms - b.bucket_ms);
}

async function storedAggregates(historian: HistorianDb, table: 'samples_1m' | 'samples_1h') {
  const rows = await historian.db
    .selectFrom(table)
    .innerJoin('sensors', 'sensors.sensor_key', `${table}.sensor_key`)
    .select(['sensors.sensor_id', 'bucket_ms', 'min', 'max', 'sum', 'last', 'count', 'bad_count'])
    .orderBy('sensors.sensor_id')
    .orderBy('bucket_ms')
    .execute();
  return rows.map(({ sum, ...row }) => ({ ...row, mean: sum / row.count }));
}

function closeTo(actual: ReturnType<typeof expectedAggregates>, expected: ReturnType<typeof expectedAggregates>) {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, i) => {
    const want = expected[i]!;
    expect({ ...row, mean: 0 }).toEqual({ ...want, mean: 0 });
    expect(row.mean).toBeCloseTo(want.mean, 9);
  });
}

function problemsOn(bus: MessageBus<CoreTopics>) {
  const raised: Problem[] = [];
  const cleared: string[] = [];
  bus.subscribe('problem', (p) => raised.push(p));
  bus.subscribe('problemCleared', (k) => cleared.push(k.code));
  return { raised, cleared };
}

describe.each(historianTestEngines())('historian writer on $name', (engine) => {
  afterAll(() => engine.dispose());

  async function setUp(options: { spoolDir?: string; maxSpoolBytes?: number } = {}) {
    const { open } = await engine.fresh();
    const historian = await open();
    await migrateHistorian(historian.db, historian.engine);
    const bus = new MessageBus<CoreTopics>();
    const spool = await HistorianSpool.open(options.spoolDir ?? makeTempDir('historian-spool'), options.maxSpoolBytes ?? 64 * 1024 * 1024);
    // A long interval: the tests flush explicitly, so the timer never races them.
    const writer = new HistorianWriter({ historian, bus, sensorIds: SENSORS, spool, flushIntervalMs: 60_000, positionIntervalMs: 5000 });
    return { historian, bus, spool, writer, open };
  }

  it('keeps every sample, and aggregates that equal an independent computation over the raw rows', async () => {
    const { historian, bus, writer } = await setUp();
    try {
      const rows = simulatedSamples(125);
      // In several batches, each cutting through minutes and the hour: partial buckets must merge exactly.
      for (let start = 0; start < rows.length; start += 173) {
        publishSamples(bus, rows.slice(start, start + 173));
        if (start % (173 * 3) === 0) expect(await writer.flush()).toBe(true);
      }
      publishSamples(bus, [{ index: 0, tsMs: T0_MS + 1, value: Number.NaN, quality: 0 }]);
      expect(await writer.flush()).toBe(true);
      expect(writer.stats).toMatchObject({ samplesQueued: rows.length, samplesWritten: rows.length, samplesRejected: 1, rowsDropped: 0 });
      const raw = await historian.db.selectFrom('samples_raw').select(({ fn }) => fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(raw.n)).toBe(rows.length);
      closeTo(await storedAggregates(historian, 'samples_1m'), expectedAggregates(rows, 60_000));
      closeTo(await storedAggregates(historian, 'samples_1h'), expectedAggregates(rows, 3_600_000));
      // 07:59 to 10:04 UTC: four hours touched.
      expect(await storedAggregates(historian, 'samples_1h')).toHaveLength(SENSORS.length * 4);
    } finally {
      await writer.dispose();
      await historian.close();
    }
  });

  it('a batch written twice (commit not acknowledged, retried) counts each sample once', async () => {
    const { historian, writer } = await setUp();
    try {
      const batch = emptyBatch();
      const rows = simulatedSamples(3);
      batch.samples = sampleColumnsOf(rows.map((r) => [SENSORS[r.index]!, r.tsMs, r.value, r.quality]));
      await writeBatch(historian.db, batch, new SensorKeys());
      await writeBatch(historian.db, batch, new SensorKeys());
      closeTo(await storedAggregates(historian, 'samples_1m'), expectedAggregates(rows, 60_000));
    } finally {
      await writer.dispose();
      await historian.close();
    }
  });

  it('event rows of a batch written twice (commit not acknowledged, retried) are stored once; distinct events all stay', async () => {
    const { historian, writer } = await setUp();
    try {
      const transition = { atMs: T0_MS, alarmId: 'GT-101:high', sourceId: 'GT-101', sourceKind: 'sensor', areaId: null, condition: 'high', priority: 'high', action: 'activate', previousState: 'normal', state: 'unacknowledged', by: 'system', reason: null };
      const batch = emptyBatch();
      // The same alarm acknowledged in the same millisecond is another event (another action): both stay.
      batch.alarms = [transition, { ...transition, action: 'acknowledge', state: 'acknowledged', by: 'op1' }, { ...transition, atMs: T0_MS + 1 }];
      batch.actions = [{ atMs: T0_MS, by: 'commander', action: 'simulation:dispersion', target: 'run-1', detailJson: null }, { atMs: T0_MS, by: 'commander', action: 'simulation:dispersion', target: 'run-2', detailJson: null }];
      batch.cameraEvents = [{ atMs: T0_MS, cameraId: 'CAM-3', kind: 'detections', detailJson: '{}' }, { atMs: T0_MS + 1000, cameraId: 'CAM-3', kind: 'detections', detailJson: '{}' }];
      batch.markers = [{ atMs: T0_MS, kind: 'drill', phase: 'start', markerId: 'drill-1', label: 'Drill', by: 'commander' }, { atMs: T0_MS + 5000, kind: 'drill', phase: 'end', markerId: 'drill-1', label: 'Drill', by: 'commander' }];
      batch.positions = [{ badgeId: 'B-7', tsMs: T0_MS, x: 1, y: 2, floor: 0 }];
      await writeBatch(historian.db, batch, new SensorKeys());
      await writeBatch(historian.db, batch, new SensorKeys());
      const count = async (table: 'alarm_transitions' | 'operator_actions' | 'camera_events' | 'markers' | 'worker_positions') => (await historian.db.selectFrom(table).selectAll().execute()).length;
      expect({ alarms: await count('alarm_transitions'), actions: await count('operator_actions'), cameraEvents: await count('camera_events'), markers: await count('markers'), positions: await count('worker_positions') }).toEqual({ alarms: 3, actions: 2, cameraEvents: 2, markers: 2, positions: 1 });
    } finally {
      await writer.dispose();
      await historian.close();
    }
  });

  it('stores alarm transitions, markers, studies, camera events and downsampled positions', async () => {
    const { historian, bus, writer } = await setUp();
    try {
      const alarm = { alarmId: 'GT-101:high', sourceId: 'GT-101', sourceKind: 'sensor' as const, areaId: 'tank-farm', condition: 'high' as const, priority: 'high' as const, state: 'unackAlarm' as const, active: true, acknowledged: false, suppressed: false };
      bus.publish('alarmTransition', { alarm: alarm as never, action: 'raise' as never, previousState: 'normal' as never, atMs: T0_MS, by: 'system' });
      for (let s = 0; s < 30; s += 1) bus.publish('worker', { badgeId: 'B-7', x: s, y: 2, floor: 0, tsMs: T0_MS + s * 1000 });
      bus.publish('marker', { kind: 'drill', phase: 'start', id: 'drill-1', label: 'Chlorine drill', by: 'commander' });
      bus.publish('simulationRun', { runId: 'run-1', kind: 'dispersion', by: 'commander', input: { substance: 'chlorine', big: 'x'.repeat(20_000) }, output: null });
      bus.publish('detections', { cameraId: 'CAM-3', tsMs: T0_MS, detections: [{ label: 'person', score: 0.9, box: [0, 0, 1, 1], ground: [3, 4] }] });
      bus.publish('detections', { cameraId: 'CAM-3', tsMs: T0_MS + 200, detections: [{ label: 'person', score: 0.9, box: [0, 0, 1, 1], ground: [3, 4] }] });
      expect(await writer.flush()).toBe(true);
      expect(await historian.db.selectFrom('alarm_transitions').select(['alarm_id', 'area_id', 'action', 'state', 'by_user', 'at_ms']).execute()).toEqual([{ alarm_id: 'GT-101:high', area_id: 'tank-farm', action: 'raise', state: 'unackAlarm', by_user: 'system', at_ms: T0_MS }]);
      // 30 s of 1 Hz positions at one per 5 s.
      expect((await historian.db.selectFrom('worker_positions').select('ts_ms').orderBy('ts_ms').execute()).map((r) => (r.ts_ms - T0_MS) / 1000)).toEqual([0, 5, 10, 15, 20, 25]);
      expect(await historian.db.selectFrom('markers').select(['kind', 'phase', 'marker_id', 'by_user']).execute()).toEqual([{ kind: 'drill', phase: 'start', marker_id: 'drill-1', by_user: 'commander' }]);
      const [action] = await historian.db.selectFrom('operator_actions').selectAll().execute();
      expect(action).toMatchObject({ action: 'simulation:dispersion', target: 'run-1', by_user: 'commander' });
      expect(JSON.parse(action!.detail_json!)).toMatchObject({ truncated: true });
      expect(await historian.db.selectFrom('camera_events').select(['camera_id', 'kind']).execute()).toEqual([{ camera_id: 'CAM-3', kind: 'detections' }]);
    } finally {
      await writer.dispose();
      await historian.close();
    }
  });

  if (engine.name === 'postgres') {
    it('database outage: problems raised and cleared, rows spooled to disk, nothing lost or doubled after it returns', async () => {
      const spoolDir = makeTempDir('historian-spool');
      const { historian, bus, writer, spool } = await setUp({ spoolDir });
      const { raised, cleared } = problemsOn(bus);
      const server = engine.server()!;
      const rows = simulatedSamples(30);
      const third = Math.floor(rows.length / 3);
      try {
        publishSamples(bus, rows.slice(0, third));
        expect(await writer.flush()).toBe(true);
        await server.stop();
        publishSamples(bus, rows.slice(third, 2 * third));
        expect(await writer.flush()).toBe(false);
        expect(raised.map((p) => p.code)).toEqual(['ST_ERR_HISTORIAN_LOST']);
        expect(spool.batchCount).toBe(1);
        expect(readdirSync(spoolDir)).toHaveLength(1);
        publishSamples(bus, rows.slice(2 * third));
        expect(await writer.flush()).toBe(false);
        expect(spool.batchCount).toBe(2);
        await server.run();
        expect(await writer.flush()).toBe(true);
        expect(cleared).toEqual(['ST_ERR_HISTORIAN_LOST']);
        expect(spool.batchCount).toBe(0);
        expect(writer.stats).toMatchObject({ samplesWritten: rows.length, rowsDropped: 0 });
        closeTo(await storedAggregates(historian, 'samples_1m'), expectedAggregates(rows, 60_000));
      } finally {
        await writer.dispose();
        await historian.close();
      }
    });

    it('spooled rows survive a core restart while the database is down, and a full spool drops and says so', async () => {
      const spoolDir = makeTempDir('historian-spool');
      const first = await setUp({ spoolDir });
      const server = engine.server()!;
      const rows = simulatedSamples(10);
      await server.stop();
      try {
        publishSamples(first.bus, rows);
        await first.writer.dispose();
        await first.historian.close();
        expect(readdirSync(spoolDir).length).toBeGreaterThan(0);

        // A tiny spool: a second outage's rows do not fit and are counted as lost, with a problem.
        const tinyBus = new MessageBus<CoreTopics>();
        const tiny = problemsOn(tinyBus);
        const tinySpool = await HistorianSpool.open(makeTempDir('historian-spool'), 100);
        const tinyWriter = new HistorianWriter({ historian: await first.open(), bus: tinyBus, sensorIds: SENSORS, spool: tinySpool, flushIntervalMs: 60_000 });
        publishSamples(tinyBus, rows.slice(0, 30));
        expect(await tinyWriter.flush()).toBe(false);
        expect(tinyWriter.stats.rowsDropped).toBe(30);
        expect(tiny.raised.map((p) => p.code).sort()).toEqual(['ST_ERR_HISTORIAN_LOST', 'ST_ERR_HISTORIAN_SPOOL_FULL']);
        await tinyWriter.dispose();
      } finally {
        await server.run();
      }
      const second = await HistorianSpool.open(spoolDir, 64 * 1024 * 1024);
      const historian = await first.open();
      const writer = new HistorianWriter({ historian, bus: new MessageBus<CoreTopics>(), sensorIds: SENSORS, spool: second, flushIntervalMs: 60_000 });
      try {
        expect(await writer.flush()).toBe(true);
        expect(readdirSync(spoolDir).filter((name) => name.endsWith('.json'))).toEqual([]);
        closeTo(await storedAggregates(historian, 'samples_1m'), expectedAggregates(rows, 60_000));
      } finally {
        await writer.dispose();
        await historian.close();
      }
      expect(path.isAbsolute(spoolDir)).toBe(true);
    });
  }
});

describe('the historian writer after a flood', () => {
  afterEach(() => vi.useRealTimers());

  it('writes a spooled backlog back at the set share of the time, and without pauses when flushed for shutdown', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    const spool = await HistorianSpool.open(makeTempDir('historian-duty'), 1e8);
    for (let i = 0; i < 4; i += 1) await spool.append({ ...emptyBatch(), samples: sampleColumnsOf([['GT-101', T0_MS + i * 1000, i, 0]]) });
    // Each write takes 100 ms of the writer's clock.
    const clock = { ms: T0_MS };
    const writesAtMs: number[] = [];
    const write = async () => {
      writesAtMs.push(clock.ms);
      clock.ms += 100;
    };
    const writer = new HistorianWriter({ historian: null as unknown as HistorianDb, bus: new MessageBus<CoreTopics>(), sensorIds: SENSORS, spool, write, nowMs: () => clock.ms, backlogDutyCycle: 0.25 });
    // Lets the spool's file I/O finish (real I/O, not timers) until `done`, for at most 2 s of real time.
    const settleUntil = async (done: () => boolean) => {
      const untilMs = Date.now() + 2000;
      while (!done() && Date.now() < untilMs) await new Promise((resolve) => setImmediate(resolve));
    };
    const settle = (writes: number) => settleUntil(() => writesAtMs.length >= writes);
    await vi.advanceTimersByTimeAsync(1000);
    // The first batch written and the pause after it begun (the writer's interval and the pause).
    await settleUntil(() => vi.getTimerCount() >= 2);
    expect(writesAtMs).toHaveLength(1);
    // A quarter of the time: after a 100 ms batch the writer rests 300 ms before the next.
    await vi.advanceTimersByTimeAsync(299);
    await settle(2);
    expect(writesAtMs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await settle(2);
    expect(writesAtMs).toHaveLength(2);
    // Shutdown does not wait out the pauses: the rest is written at once, nothing left in the spool.
    await writer.dispose();
    expect(writesAtMs).toHaveLength(4);
    expect(spool.batchCount).toBe(0);
    expect(writer.stats.samplesWritten).toBe(4);
  });
});
