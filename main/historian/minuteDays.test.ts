import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { historianTestEngines } from '../../tests/support/historianEngines.js';
import { makeTempDir } from '../../tests/support/tempDir.js';
import { waitUntil } from '../../tests/support/waitUntil.js';
import { AlarmConfigSchema } from '../alarms/index.js';
import type { CoreTopics } from '../bus/coreTopics.js';
import { MessageBus } from '../bus/MessageBus.js';
import { createLogger } from '../log/logger.js';
import { emptyBatch, QUALITY_BAD, sampleColumnsOf } from './historianBatch.js';
import { migrateHistorian } from './migrations.js';
import { compactMinuteDays, COMPACTION_GRACE_MS, decodeMinuteDay, encodeMinuteDay, MINUTE_DAY_BYTES, staleDaysOf } from './minuteDays.js';
import type { HistorianDb } from './openHistorianDb.js';
import { displayBucket, querySamples, type SampleSeries } from './querySamples.js';
import { shiftCalendar } from './plantShifts.js';
import { applyRetention } from './retention.js';
import { defaultHistorianRetention } from './retentionConfig.js';
import { startHistorian } from './startHistorian.js';
import { SensorKeys, writeBatch } from './writeBatch.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const DAY0_MS = Date.UTC(2026, 9, 4);
const SENSORS = ['GD-T101-C1', 'PT-201'];
// The data: from 10:00 of day 0 to 14:00 of day 3 (three closed days and two partial ones).
const START_MS = DAY0_MS + 10 * HOUR_MS;
const END_MS = DAY0_MS + 3 * DAY_MS + 14 * HOUR_MS;
const NOW_MS = END_MS + HOUR_MS;

type Row = [sensorId: string, tsMs: number, value: number, quality: number];

/** Each sensor every 20 s with a slow wave, a bad-quality sample every 11th and a spike of +300 on day 1 at 07:13 (sensor 0) and 19:01 (sensor 1). */
function generated(): Row[] {
  const rows: Row[] = [];
  for (let t = START_MS; t < END_MS; t += 20_000) {
    SENSORS.forEach((sensorId, i) => {
      const spike = t === DAY0_MS + DAY_MS + (i === 0 ? 7 * HOUR_MS + 13 * MINUTE_MS : 19 * HOUR_MS + MINUTE_MS) ? 300 : 0;
      rows.push([sensorId, t, 5 * i + Math.sin(t / 1.7e6) + (t % 7) / 13 + spike, rows.length % 11 === 0 ? QUALITY_BAD : 0]);
    });
  }
  return rows;
}

/** Display buckets computed from the samples themselves, not from the store. */
function expected(rows: readonly Row[], sensorId: string, fromMs: number, toMs: number, bucketMs: number) {
  const buckets = new Map<number, { min: number; max: number; sum: number; count: number; badCount: number }>();
  for (const [id, tsMs, value, quality] of rows) {
    // The 1-minute tier holds whole minutes: a range takes the minutes that start in it.
    if (id !== sensorId || tsMs < Math.ceil(fromMs / MINUTE_MS) * MINUTE_MS || tsMs >= Math.ceil(toMs / MINUTE_MS) * MINUTE_MS) continue;
    const start = Math.floor(tsMs / bucketMs) * bucketMs;
    const b = buckets.get(start) ?? { min: Infinity, max: -Infinity, sum: 0, count: 0, badCount: 0 };
    buckets.set(start, { min: Math.min(b.min, value), max: Math.max(b.max, value), sum: b.sum + value, count: b.count + 1, badCount: b.badCount + (quality === QUALITY_BAD ? 1 : 0) });
  }
  return [...buckets.entries()].sort(([a], [b]) => a - b).map(([tsMs, b]) => ({ tsMs, min: b.min, max: b.max, mean: b.sum / b.count, count: b.count, badCount: b.badCount }));
}

function expectSeriesEqual(series: SampleSeries[], want: (sensorId: string) => ReturnType<typeof expected>) {
  for (const s of series) {
    const w = want(s.sensorId);
    // Times, counts, minima and maxima exactly; means to 1e-9 (a sum's rounding depends on the order of its terms).
    expect(s.points.map((p) => [p.tsMs, p.count, p.badCount, p.min, p.max]), s.sensorId).toEqual(w.map((p) => [p.tsMs, p.count, p.badCount, p.min, p.max]));
    s.points.forEach((p, i) => expect(p.mean).toBeCloseTo(w[i]!.mean, 9));
  }
}

describe('the day block layout', () => {
  it('packs a day of 1-minute aggregates and reads it back, aligned or not', () => {
    const rows = [
      { bucket_ms: DAY0_MS, min: 0.1, max: 20.1, sum: 123.45, count: 60, bad_count: 2 },
      { bucket_ms: DAY0_MS + 1439 * MINUTE_MS, min: -3, max: 1e300, sum: 7, count: 60_000, bad_count: 60_000 },
    ];
    const block = encodeMinuteDay(DAY0_MS, rows)!;
    expect(block.byteLength).toBe(MINUTE_DAY_BYTES);
    const unaligned = new Uint8Array(MINUTE_DAY_BYTES + 3).subarray(3);
    unaligned.set(block);
    for (const bytes of [block, unaligned]) {
      const day = decodeMinuteDay(bytes);
      expect([day.min[0], day.max[0], day.sum[0], day.count[0], day.badCount[0]]).toEqual([0.1, 20.1, 123.45, 60, 2]);
      expect([day.min[1439], day.max[1439], day.sum[1439], day.count[1439], day.badCount[1439]]).toEqual([-3, 1e300, 7, 60_000, 60_000]);
      expect(day.count.slice(1, 1439).every((c) => c === 0)).toBe(true);
    }
    expect(() => decodeMinuteDay(block.subarray(8))).toThrow(RangeError);
    // A count the Uint16 layout cannot hold: no block (the rows serve that day).
    expect(encodeMinuteDay(DAY0_MS, [{ ...rows[0]!, count: 70_000 }])).toBeNull();
  });

  it('marks stale only the days that have ended by the write', () => {
    const buckets = [
      { sensorKey: 1, bucketMs: DAY0_MS + 5 * MINUTE_MS },
      { sensorKey: 1, bucketMs: DAY0_MS + 9 * MINUTE_MS },
      { sensorKey: 2, bucketMs: DAY0_MS + DAY_MS - MINUTE_MS },
      { sensorKey: 1, bucketMs: DAY0_MS + DAY_MS },
    ];
    expect(staleDaysOf(buckets, DAY0_MS + DAY_MS)).toEqual([
      { sensor_key: 1, day_ms: DAY0_MS },
      { sensor_key: 2, day_ms: DAY0_MS },
    ]);
    expect(staleDaysOf(buckets, DAY0_MS + DAY_MS - 1)).toEqual([]);
  });

  it('lets auto keep minutes for 100 sensors over 30 days once their days are blocks', () => {
    expect(displayBucket(0, 30 * DAY_MS, 'auto', 2000, -Infinity, 100, 0)).toEqual({ tier: '1h', bucketMs: HOUR_MS });
    expect(displayBucket(0, 30 * DAY_MS, 'auto', 2000, -Infinity, 100, 3000)).toEqual({ tier: '1m', bucketMs: 22 * MINUTE_MS });
    // Half of them compacted: 2.16 million rows still to read, the hourly tier; 1,000 sensors' month of blocks weighs 3 million rows.
    expect(displayBucket(0, 30 * DAY_MS, 'auto', 2000, -Infinity, 100, 1500)).toEqual({ tier: '1h', bucketMs: HOUR_MS });
    expect(displayBucket(0, 30 * DAY_MS, 'auto', 2000, -Infinity, 1000, 30_000)).toEqual({ tier: '1h', bucketMs: HOUR_MS });
  });
});

describe.each(historianTestEngines())('1-minute day blocks on $name', (engine) => {
  afterAll(() => engine.dispose());
  const rows = generated();

  /** The samples written as live: batches of an hour, each at the time it ends. */
  async function filled(fresh?: Awaited<ReturnType<typeof engine.fresh>>): Promise<HistorianDb> {
    const historian = await (fresh ?? (await engine.fresh())).open();
    await migrateHistorian(historian.db, historian.engine);
    const keys = new SensorKeys();
    for (let from = START_MS; from < END_MS; from += HOUR_MS) {
      const part = rows.filter(([, t]) => t >= from && t < from + HOUR_MS);
      await writeBatch(historian.db, { ...emptyBatch(), samples: sampleColumnsOf(part) }, keys, from + HOUR_MS + 1000);
    }
    return historian;
  }

  const blocksOf = async (historian: HistorianDb) =>
    (await historian.db.selectFrom('samples_1m_days').select(['sensor_key', 'day_ms', 'minutes']).orderBy('sensor_key').orderBy('day_ms').execute()).map((b) => [Number(b.sensor_key), Number(b.day_ms), Buffer.from(b.minutes).toString('base64')]);
  const staleOf = async (historian: HistorianDb) => (await historian.db.selectFrom('samples_1m_days_stale').select(['sensor_key', 'day_ms']).orderBy('day_ms').orderBy('sensor_key').execute()).map((r) => [Number(r.sensor_key), Number(r.day_ms)]);

  it('compacts each closed day once, and serves the 1-minute tier from blocks and edge rows equal to the samples and to the rows alone', async () => {
    const historian = await filled();
    try {
      // Each day's last batch, written just after midnight, marked that day: compaction clears the marks of what it builds.
      expect(await staleOf(historian)).toEqual([0, 1, 2].flatMap((d) => [1, 2].map((k) => [k, DAY0_MS + d * DAY_MS])));
      // Before the grace after day 2's end: days 0 and 1 only.
      const early = await compactMinuteDays(historian.db, DAY0_MS + 3 * DAY_MS + COMPACTION_GRACE_MS - 1, { sensorsPerTransaction: 1 });
      expect(early).toEqual({ blocksWritten: 4, blocksRemoved: 0, compactedToMs: DAY0_MS + 2 * DAY_MS });
      const outcome = await compactMinuteDays(historian.db, NOW_MS);
      expect(outcome).toEqual({ blocksWritten: 2, blocksRemoved: 0, compactedToMs: DAY0_MS + 3 * DAY_MS });
      expect(await staleOf(historian)).toEqual([]);
      const blocks = await blocksOf(historian);
      expect(blocks.map(([k, d]) => [k, d])).toEqual([1, 2].flatMap((k) => [0, 1, 2].map((d) => [k, DAY0_MS + d * DAY_MS])));
      // Idempotent: a second run has nothing to do and changes nothing.
      expect(await compactMinuteDays(historian.db, NOW_MS)).toEqual({ blocksWritten: 0, blocksRemoved: 0, compactedToMs: DAY0_MS + 3 * DAY_MS });
      expect(await blocksOf(historian)).toEqual(blocks);

      const cases = [
        // The whole span in 22-minute buckets (not a divisor of a day: buckets straddle midnights), edges not on minutes.
        { fromMs: START_MS + 7 * MINUTE_MS + 500, toMs: END_MS - 3 * MINUTE_MS - 1, maxPoints: 244 },
        // Exactly the closed days, 1-minute buckets: every minute of every block.
        { fromMs: DAY0_MS + DAY_MS, toMs: DAY0_MS + 3 * DAY_MS, maxPoints: 2 * 1440 },
        // One whole day and a piece of the next, 7-minute buckets.
        { fromMs: DAY0_MS + DAY_MS, toMs: DAY0_MS + 2 * DAY_MS + 5 * HOUR_MS, maxPoints: 250 },
      ];
      const answers: SampleSeries[][] = [];
      for (const c of cases) {
        const series = await querySamples(historian.db, { sensorIds: SENSORS, ...c, step: '1m' });
        const bucketMs = series[0]!.bucketMs;
        expect(series.map((s) => s.tier)).toEqual(['1m', '1m']);
        expectSeriesEqual(series, (id) => expected(rows, id, c.fromMs, c.toMs, bucketMs));
        answers.push(series);
      }
      expect(Math.max(...answers[0]![0]!.points.map((p) => p.max))).toBeGreaterThan(290);
      // The same queries with no blocks: the 1-minute rows alone give the same points.
      await historian.db.deleteFrom('samples_1m_days').execute();
      for (const [i, c] of cases.entries()) {
        const series = await querySamples(historian.db, { sensorIds: SENSORS, ...c, step: '1m' });
        expectSeriesEqual(series, (id) => answers[i]!.find((s) => s.sensorId === id)!.points.map((p) => ({ ...p })));
      }
    } finally {
      await historian.close();
    }
  });

  it('never hides a late sample behind an older block: the day is read from its rows until the next compaction rebuilds it', async () => {
    const historian = await filled();
    try {
      await compactMinuteDays(historian.db, NOW_MS);
      const before = await blocksOf(historian);
      // A late sample of day 1 (a spool written back, an import): a new maximum in a minute already stored, and a minute of its own.
      const late: Row[] = [
        ['PT-201', DAY0_MS + DAY_MS + 3 * HOUR_MS + 500, 999, 0],
        ['PT-201', DAY0_MS + DAY_MS + 3 * HOUR_MS + 30 * MINUTE_MS + 1, -50, QUALITY_BAD],
      ];
      const all = [...rows, ...late];
      await writeBatch(historian.db, { ...emptyBatch(), samples: sampleColumnsOf(late) }, new SensorKeys(), NOW_MS + MINUTE_MS);
      expect(await staleOf(historian)).toEqual([[2, DAY0_MS + DAY_MS]]);
      const range = { sensorIds: SENSORS, fromMs: DAY0_MS, toMs: DAY0_MS + 3 * DAY_MS, maxPoints: 3 * 1440, step: '1m' as const };
      const fresh = await querySamples(historian.db, range);
      expectSeriesEqual(fresh, (id) => expected(all, id, range.fromMs, range.toMs, MINUTE_MS));
      expect(Math.max(...fresh[1]!.points.map((p) => p.max))).toBe(999);
      // The next run rebuilds that block only, and clears the mark.
      expect(await compactMinuteDays(historian.db, NOW_MS + 2 * MINUTE_MS)).toMatchObject({ blocksWritten: 1, blocksRemoved: 0 });
      expect(await staleOf(historian)).toEqual([]);
      const after = await blocksOf(historian);
      expect(after.filter((b, i) => b[2] !== before[i]![2]).map(([k, d]) => [k, d])).toEqual([[2, DAY0_MS + DAY_MS]]);
      expectSeriesEqual(await querySamples(historian.db, range), (id) => expected(all, id, range.fromMs, range.toMs, MINUTE_MS));
      // Writing the same late batch again (a retried commit) changes nothing: no new row, no mark.
      await writeBatch(historian.db, { ...emptyBatch(), samples: sampleColumnsOf(late) }, new SensorKeys(), NOW_MS + 3 * MINUTE_MS);
      expect(await staleOf(historian)).toEqual([]);
    } finally {
      await historian.close();
    }
  });

  it('gives up blocks with the 1-minute rows at the aggregates cut-off, the cut-off day read from the rows it keeps', async () => {
    const historian = await filled();
    try {
      await compactMinuteDays(historian.db, NOW_MS);
      await writeBatch(historian.db, { ...emptyBatch(), samples: sampleColumnsOf([['PT-201', DAY0_MS + 11 * HOUR_MS + 1, 1, 0]]) }, new SensorKeys(), NOW_MS);
      // Aggregates kept from 12:00 of day 1: day 0's blocks go, and day 1's (its morning is gone from the rows).
      const cutoffMs = DAY0_MS + DAY_MS + 12 * HOUR_MS;
      const outcomes = await applyRetention(historian.db, { ...defaultHistorianRetention(), aggregatesDays: (NOW_MS - cutoffMs) / DAY_MS }, NOW_MS);
      expect(outcomes.filter((o) => o.table.startsWith('samples_1m_days')).map((o) => [o.table, o.deletedRows])).toEqual([
        ['samples_1m_days', 4],
        ['samples_1m_days_stale', 1],
      ]);
      expect((await blocksOf(historian)).map(([k, d]) => [k, d])).toEqual([
        [1, DAY0_MS + 2 * DAY_MS],
        [2, DAY0_MS + 2 * DAY_MS],
      ]);
      const range = { sensorIds: SENSORS, fromMs: DAY0_MS, toMs: NOW_MS, maxPoints: 300, step: '1m' as const };
      const series = await querySamples(historian.db, range);
      expectSeriesEqual(series, (id) => expected(rows, id, cutoffMs, range.toMs, series[0]!.bucketMs));
    } finally {
      await historian.close();
    }
  });

  it('is compacted by a started historian on the retention schedule', async () => {
    const fresh = await engine.fresh();
    await (await filled(fresh)).close();
    const dir = makeTempDir('minute-days-start');
    const observer = await fresh.open();
    const running = await startHistorian({
      historian: fresh.location.engine === 'postgres' ? fresh.location.url : fresh.location.file,
      dataDir: dir,
      bus: new MessageBus<CoreTopics>(),
      sensorIds: SENSORS,
      alarmLoad: { operatorPositions: 1, shifts: shiftCalendar(AlarmConfigSchema.parse({}).shifts, 121.5) },
      retentionTiming: { firstRunDelayMs: 0, intervalMs: 3_600_000 },
      logger: createLogger('silent'),
    });
    try {
      // Every day of the data has ended by the real clock: days 0 to 3, both sensors.
      const blockCount = async () => (await observer.db.selectFrom('samples_1m_days').select('day_ms').execute()).length;
      await waitUntil(async () => (await blockCount()) === 8, 20_000, "the started historian's day blocks");
      const range = { sensorIds: SENSORS, fromMs: START_MS, toMs: END_MS, maxPoints: 500, step: '1m' as const };
      const series = await running.samples(range);
      expectSeriesEqual(series, (id) => expected(rows, id, range.fromMs, range.toMs, series[0]!.bucketMs));
    } finally {
      await running.close();
      await observer.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
