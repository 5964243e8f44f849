import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_QUALITIES, SceneSchema } from '../../main/contracts/index.js';
import { emptyBatch, QUALITY_BAD, sampleColumnsOf } from '../../main/historian/historianBatch.js';
import { migrateHistorian } from '../../main/historian/migrations.js';
import type { HistorianDb } from '../../main/historian/openHistorianDb.js';
import { querySamples } from '../../main/historian/querySamples.js';
import { applyRetention } from '../../main/historian/retention.js';
import { defaultHistorianRetention } from '../../main/historian/retentionConfig.js';
import { SensorKeys, writeBatch } from '../../main/historian/writeBatch.js';
import { PlantSimulation } from '../../main/simulator/PlantSimulation.js';
import { historianTestEngines } from '../support/historianEngines.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const DAY_START_MS = Date.UTC(2026, 6, 14);
/** A gas detector, a pressure and an O2 sensor of the demo plant (the simulator steps all 172 each second): a day at 1 Hz of all of them is 15 million rows, minutes of writing per engine on this machine. */
const KINDS = ['gas', 'pressure', 'o2'];
/** Batches of 7 min 13 s: every 1-minute and 1-hour bucket is cut by batches somewhere, so stored buckets are merged. */
const BATCH_S = 433;

type Row = [string, number, number, number];

/** The demo plant's simulator stepped at 1 Hz over a UTC day, with a spike and a bad sample every 997th reading (so maxima and bad counts are tested). */
function simulatedDay(): { sensorIds: string[]; rows: Row[] } {
  const scene = SceneSchema.parse(JSON.parse(readFileSync(new URL('../../scenes/demo-plant/scene.json', import.meta.url), 'utf8')));
  const sensorIds = KINDS.map((kind) => scene.sensors.find((s) => s.kind === kind)!.id);
  const kept = new Set(sensorIds);
  const simulation = new PlantSimulation(scene, 16, DAY_START_MS);
  const rows: Row[] = [];
  for (let s = 0; s < DAY_MS / 1000; s += 1) {
    for (const sample of simulation.step(DAY_START_MS + s * 1000).sensors) {
      if (!kept.has(sample.sensorId)) continue;
      const odd = rows.length % 997 === 0;
      rows.push([sample.sensorId, sample.tsMs, sample.value + (odd ? 1000 : 0), odd ? QUALITY_BAD : SAMPLE_QUALITIES.indexOf(sample.quality)]);
    }
  }
  return { sensorIds, rows };
}

type Aggregate = { sensor_id: string; bucket_ms: number; min: number; max: number; sum: number; last: number; last_ts_ms: number; count: number; bad_count: number };

/** Per sensor and bucket, computed in JS from rows (the raw rows read back from the store). */
function aggregatesOf(rows: readonly Row[], bucketMs: number): Aggregate[] {
  const byKey = new Map<string, Aggregate>();
  for (const [sensorId, tsMs, value, quality] of rows) {
    const bucket = Math.floor(tsMs / bucketMs) * bucketMs;
    const key = `${sensorId}|${bucket}`;
    const a = byKey.get(key) ?? { sensor_id: sensorId, bucket_ms: bucket, min: Infinity, max: -Infinity, sum: 0, last: value, last_ts_ms: -Infinity, count: 0, bad_count: 0 };
    a.min = Math.min(a.min, value);
    a.max = Math.max(a.max, value);
    a.sum += value;
    if (tsMs >= a.last_ts_ms) [a.last, a.last_ts_ms] = [value, tsMs];
    a.count += 1;
    if (quality === QUALITY_BAD) a.bad_count += 1;
    byKey.set(key, a);
  }
  return [...byKey.values()].sort((a, b) => a.sensor_id.localeCompare(b.sensor_id) || a.bucket_ms - b.bucket_ms);
}

async function storedAggregates(historian: HistorianDb, table: 'samples_1m' | 'samples_1h'): Promise<Aggregate[]> {
  return historian.db
    .selectFrom(table)
    .innerJoin('sensors', 'sensors.sensor_key', `${table}.sensor_key`)
    .select(['sensors.sensor_id', 'bucket_ms', 'min', 'max', 'sum', 'last', 'last_ts_ms', 'count', 'bad_count'])
    .orderBy('sensors.sensor_id')
    .orderBy('bucket_ms')
    .execute();
}

/** Equal, the sums to 1e-9 relative (the store adds per batch, the check per sample: a different order of float additions). */
function expectSameAggregates(actual: Aggregate[], expected: Aggregate[]) {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, i) => {
    const want = expected[i]!;
    expect({ ...row, sum: 0 }).toEqual({ ...want, sum: 0 });
    expect(Math.abs(row.sum - want.sum)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(want.sum)));
  });
}

const day = { sensorIds: [] as string[], rows: [] as Row[] };
beforeAll(() => Object.assign(day, simulatedDay()), 120_000);

/**
 * Issue 16 tests: "Round trip: a simulated day at 1 Hz for the demo plant; aggregates equal an
 * independent computation from the raw rows; a query across the retention boundary returns what each
 * tier holds." The same suite on node:sqlite and a real PostgreSQL cluster.
 */
describe.each(historianTestEngines())('a simulated day at 1 Hz on $name', (engine) => {
  let historian: HistorianDb;
  beforeAll(async () => {
    historian = await (await engine.fresh()).open();
    await migrateHistorian(historian.db, historian.engine);
    const keys = new SensorKeys();
    for (let fromMs = DAY_START_MS; fromMs < DAY_START_MS + DAY_MS; fromMs += BATCH_S * 1000) {
      const batch = emptyBatch();
      batch.samples = sampleColumnsOf(day.rows.filter(([, tsMs]) => tsMs >= fromMs && tsMs < fromMs + BATCH_S * 1000));
      await writeBatch(historian.db, batch, keys);
    }
  }, 240_000);
  afterAll(async () => {
    await historian?.close();
    await engine.dispose();
  });

  it('stores every sample as given, and 1-min and 1-h aggregates equal to a computation from the raw rows read back', async () => {
    expect(day.rows).toHaveLength(KINDS.length * 86_400);
    const raw = (
      await historian.db.selectFrom('samples_raw').innerJoin('sensors', 'sensors.sensor_key', 'samples_raw.sensor_key').select(['sensors.sensor_id', 'ts_ms', 'value', 'quality']).orderBy('sensors.sensor_id').orderBy('ts_ms').execute()
    ).map((r): Row => [r.sensor_id, r.ts_ms, r.value, r.quality]);
    const generated = [...day.rows].sort((a, b) => a[0].localeCompare(b[0]) || a[1] - b[1]);
    expect(raw).toEqual(generated);
    expectSameAggregates(await storedAggregates(historian, 'samples_1m'), aggregatesOf(raw, MINUTE_MS));
    expectSameAggregates(await storedAggregates(historian, 'samples_1h'), aggregatesOf(raw, HOUR_MS));
    expect((await storedAggregates(historian, 'samples_1h')).reduce((n, a) => n + a.bad_count, 0)).toBe(Math.ceil(day.rows.length / 997));
  });

  it('across the retention boundary each tier returns what it holds: raw from its cut-off, aggregates from theirs', async () => {
    // 36 h after the day began: raw kept 1 day (cut-off at 12:00), aggregates 1.25 days (cut-off at 06:00).
    const nowMs = DAY_START_MS + 36 * HOUR_MS;
    const rawCutoffMs = DAY_START_MS + 12 * HOUR_MS;
    const aggregateCutoffMs = DAY_START_MS + 6 * HOUR_MS;
    await applyRetention(historian.db, { ...defaultHistorianRetention(), rawSamplesDays: 1, aggregatesDays: 1.25 }, nowMs);
    const sensorIds = day.sensorIds;
    const whole = { sensorIds, fromMs: DAY_START_MS, toMs: DAY_START_MS + DAY_MS };
    const expectedOf = (fromMs: number, bucketMs: number) => aggregatesOf(day.rows.filter(([, tsMs]) => tsMs >= fromMs), bucketMs);
    const asPoints = (rows: Aggregate[], sensorId: string) => rows.filter((a) => a.sensor_id === sensorId).map((a) => ({ tsMs: a.bucket_ms, min: a.min, max: a.max, count: a.count, badCount: a.bad_count }));
    const withoutMean = <P extends { mean: number }>(points: P[]) => points.map(({ mean: _mean, ...rest }) => rest);

    // Raw, 20 minutes around its cut-off at one-second buckets: only the 10 minutes after it.
    const raw = await querySamples(historian.db, { sensorIds, fromMs: rawCutoffMs - 10 * MINUTE_MS, toMs: rawCutoffMs + 10 * MINUTE_MS, step: 'raw', maxPoints: 1200 });
    for (const series of raw) {
      expect(series).toMatchObject({ tier: 'raw', bucketMs: 1000 });
      expect(withoutMean(series.points)).toEqual(asPoints(aggregatesOf(day.rows.filter(([, t]) => t >= rawCutoffMs && t < rawCutoffMs + 10 * MINUTE_MS), 1000), series.sensorId));
    }
    // The 1-minute and 1-hour tiers over the whole day: from 06:00 on, equal to the generated samples of those buckets.
    for (const [step, bucketMs] of [['1m', MINUTE_MS], ['1h', HOUR_MS]] as const) {
      const series = await querySamples(historian.db, { ...whole, step, maxPoints: 1440 });
      for (const s of series) {
        expect(s).toMatchObject({ tier: step, bucketMs });
        expect(s.points[0]!.tsMs).toBe(aggregateCutoffMs);
        expect(withoutMean(s.points)).toEqual(asPoints(expectedOf(aggregateCutoffMs, bucketMs), s.sensorId));
      }
    }
    // auto: two hours across the raw cut-off would be raw (3.6 s buckets); told the cut-off, it reads minutes and shows both sides.
    const across = await querySamples(historian.db, { sensorIds, fromMs: rawCutoffMs - HOUR_MS, toMs: rawCutoffMs + HOUR_MS, rawHeldFromMs: rawCutoffMs });
    for (const s of across) {
      expect(s).toMatchObject({ tier: '1m', bucketMs: MINUTE_MS });
      expect(s.points).toHaveLength(120);
    }
    const after = await querySamples(historian.db, { sensorIds, fromMs: rawCutoffMs, toMs: rawCutoffMs + 2 * HOUR_MS, rawHeldFromMs: rawCutoffMs });
    for (const s of after) expect(s).toMatchObject({ tier: 'raw', bucketMs: 4000 });
  });
});
