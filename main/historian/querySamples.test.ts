import { afterAll, describe, expect, it } from 'vitest';
import { historianTestEngines } from '../../tests/support/historianEngines.js';
import { emptyBatch, QUALITY_BAD, sampleColumnsOf } from './historianBatch.js';
import { migrateHistorian } from './migrations.js';
import { displayBucket, querySamples, samplesCsv } from './querySamples.js';
import { SensorKeys, writeBatch } from './writeBatch.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const T0_MS = Date.UTC(2026, 10, 30, 22, 0, 0);
const SENSORS = ['GD-T101-C1', 'PT-201'];

describe('the display bucket for a range', () => {
  it('reads every sample for minutes, 1-minute aggregates for days, hourly ones for a year, within 2,000 points', () => {
    expect(displayBucket(0, 10 * MINUTE_MS)).toEqual({ tier: 'raw', bucketMs: 1000 });
    expect(displayBucket(0, 6 * HOUR_MS)).toEqual({ tier: 'raw', bucketMs: 11_000 });
    // 30 days over 2,000 points is 21.6 minutes: 22-minute buckets of the 1-minute tier.
    expect(displayBucket(0, 30 * DAY_MS)).toEqual({ tier: '1m', bucketMs: 22 * MINUTE_MS });
    // A year is 4.38 hours per point: 5-hour buckets of the hourly tier.
    expect(displayBucket(0, 365 * DAY_MS)).toEqual({ tier: '1h', bucketMs: 5 * HOUR_MS });
    expect(displayBucket(0, 10 * MINUTE_MS, '1h')).toEqual({ tier: '1h', bucketMs: HOUR_MS });
    // A range starting before the raw tier's retention cut-off reads minutes (raw is gone there); after it, raw.
    expect(displayBucket(0, 6 * HOUR_MS, 'auto', 2000, HOUR_MS)).toEqual({ tier: '1m', bucketMs: MINUTE_MS });
    expect(displayBucket(HOUR_MS, 7 * HOUR_MS, 'auto', 2000, HOUR_MS)).toEqual({ tier: 'raw', bucketMs: 11_000 });
    expect(displayBucket(0, 10 * MINUTE_MS, 'raw', 2000, HOUR_MS)).toEqual({ tier: 'raw', bucketMs: 1000 });
    // 100 sensors' month: 4.32 million 1-minute rows to read, so the hourly tier (72,000 rows, 720 points each); one sensor's month stays in minutes.
    expect(displayBucket(0, 30 * DAY_MS, 'auto', 2000, -Infinity, 100)).toEqual({ tier: '1h', bucketMs: HOUR_MS });
    expect(displayBucket(0, 30 * DAY_MS, 'auto', 2000, -Infinity, 1)).toEqual({ tier: '1m', bucketMs: 22 * MINUTE_MS });
    // 100 sensors' 6 hours: 2.16 million raw rows at 1 Hz, so minutes; 40 sensors' (864,000) stay raw. A forced step is never changed.
    expect(displayBucket(0, 6 * HOUR_MS, 'auto', 2000, -Infinity, 100)).toEqual({ tier: '1m', bucketMs: MINUTE_MS });
    expect(displayBucket(0, 6 * HOUR_MS, 'auto', 2000, -Infinity, 40)).toEqual({ tier: 'raw', bucketMs: 11_000 });
    expect(displayBucket(0, 30 * DAY_MS, '1m', 2000, -Infinity, 100)).toEqual({ tier: '1m', bucketMs: 22 * MINUTE_MS });
  });
});

/** Every sensor every 10 s over `hours`, a bad-quality sample every 7th, one spike of +500 per sensor. */
function generated(hours: number) {
  const rows: [sensorId: string, tsMs: number, value: number, quality: number][] = [];
  for (let t = 0; t < hours * 3600; t += 10) {
    SENSORS.forEach((sensorId, i) => {
      const spike = t === 3 * 3600 + 10 * i ? 500 : 0;
      rows.push([sensorId, T0_MS + t * 1000, 10 * i + Math.sin(t / 300) + spike, rows.length % 7 === 0 ? QUALITY_BAD : 0]);
    });
  }
  return rows;
}

/** The same buckets computed independently from the generated rows (not from the store). */
function expected(rows: ReturnType<typeof generated>, sensorId: string, fromMs: number, toMs: number, bucketMs: number) {
  const buckets = new Map<number, number[][]>();
  for (const row of rows) {
    if (row[0] !== sensorId || row[1] < fromMs || row[1] >= toMs) continue;
    const start = Math.floor(row[1] / bucketMs) * bucketMs;
    buckets.set(start, [...(buckets.get(start) ?? []), [row[2], row[3]]]);
  }
  return [...buckets.entries()]
    .sort(([a], [b]) => a - b)
    .map(([tsMs, samples]) => {
      const values = samples.map(([v]) => v!);
      return { tsMs, min: Math.min(...values), max: Math.max(...values), mean: values.reduce((a, b) => a + b, 0) / values.length, count: values.length, badCount: samples.filter(([, q]) => q === QUALITY_BAD).length };
    });
}

describe.each(historianTestEngines())('history queries on $name', (engine) => {
  afterAll(() => engine.dispose());
  const rows = generated(50);

  async function filled() {
    const historian = await (await engine.fresh()).open();
    await migrateHistorian(historian.db, historian.engine);
    const keys = new SensorKeys();
    for (let start = 0; start < rows.length; start += 5000) await writeBatch(historian.db, { ...emptyBatch(), samples: sampleColumnsOf(rows.slice(start, start + 5000)) }, keys);
    return historian;
  }

  it('serves each tier in display buckets equal to an independent computation, spikes kept as maxima', async () => {
    const historian = await filled();
    try {
      const cases = [
        // Ten minutes: one bucket per sample (raw).
        { fromMs: T0_MS + 3 * HOUR_MS - 5 * MINUTE_MS, toMs: T0_MS + 3 * HOUR_MS + 5 * MINUTE_MS, tier: 'raw', bucketMs: 1000 },
        // Six hours in 12 points: 30-minute buckets of the 1-minute tier.
        { fromMs: T0_MS, toMs: T0_MS + 6 * HOUR_MS, maxPoints: 12, tier: '1m', bucketMs: 30 * MINUTE_MS },
        // Two days in 24 points: 2-hour buckets of the hourly tier.
        { fromMs: T0_MS, toMs: T0_MS + 2 * DAY_MS, maxPoints: 24, tier: '1h', bucketMs: 2 * HOUR_MS },
      ] as const;
      for (const c of cases) {
        const series = await querySamples(historian.db, { sensorIds: SENSORS, fromMs: c.fromMs, toMs: c.toMs, ...('maxPoints' in c ? { maxPoints: c.maxPoints } : {}) });
        expect(series.map((s) => [s.sensorId, s.tier, s.bucketMs])).toEqual(SENSORS.map((id) => [id, c.tier, c.bucketMs]));
        for (const s of series) {
          const want = expected(rows, s.sensorId, c.fromMs, c.toMs, c.bucketMs);
          expect(s.points.map((p) => [p.tsMs, p.count, p.badCount])).toEqual(want.map((p) => [p.tsMs, p.count, p.badCount]));
          s.points.forEach((p, i) => {
            expect(p.min).toBeCloseTo(want[i]!.min, 9);
            expect(p.max).toBeCloseTo(want[i]!.max, 9);
            expect(p.mean).toBeCloseTo(want[i]!.mean, 9);
          });
          expect(Math.max(...s.points.map((p) => p.max))).toBeGreaterThan(490);
          expect(s.points.length).toBeLessThanOrEqual(c.tier === 'raw' ? 600 : 'maxPoints' in c ? c.maxPoints : 2000);
        }
      }
    } finally {
      await historian.close();
    }
  });

  it('answers a sensor it never saw with no points, and writes CSV a spreadsheet reads', async () => {
    const historian = await filled();
    try {
      const series = await querySamples(historian.db, { sensorIds: ['PT-201', 'NOT-THERE'], fromMs: T0_MS, toMs: T0_MS + 20_000 });
      expect(series.map((s) => [s.sensorId, s.points.length])).toEqual([
        ['PT-201', 2],
        ['NOT-THERE', 0],
      ]);
      const csv = samplesCsv(series).split('\r\n');
      expect(csv[0]).toBe('sensor,time_utc,bucket_s,min,max,mean,count,bad_count');
      expect(csv[1]).toMatch(/^PT-201,2026-11-30T22:00:00\.000Z,1,10,10,10,1,[01]$/);
      expect(csv).toHaveLength(4);
    } finally {
      await historian.close();
    }
  });
});
