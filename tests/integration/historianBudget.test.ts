import { statSync, statfsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AlarmConfigSchema } from '../../main/alarms/index.js';
import { MessageBus } from '../../main/bus/MessageBus.js';
import type { CoreTopics } from '../../main/bus/coreTopics.js';
import type { Problem } from '../../main/contracts/index.js';
import { measureHistorianSize } from '../../main/historian/historianBudget.js';
import { migrateHistorian } from '../../main/historian/migrations.js';
import { shiftCalendar } from '../../main/historian/plantShifts.js';
import { defaultHistorianRetention } from '../../main/historian/retentionConfig.js';
import { startHistorian } from '../../main/historian/startHistorian.js';
import { SensorKeys, writeBatch } from '../../main/historian/writeBatch.js';
import { emptyBatch, sampleColumnsOf } from '../../main/historian/historianBatch.js';
import { createLogger } from '../../main/log/logger.js';
import { historianTestEngines } from '../support/historianEngines.js';
import { makeTempDir } from '../support/tempDir.js';
import { waitUntil } from '../support/waitUntil.js';

const SENSORS = Array.from({ length: 50 }, (_, i) => `GT-${100 + i}`);

/** One second of every sensor at `second`, on the bus as the ingest publishes it. */
function publishSecond(bus: MessageBus<CoreTopics>, second: number) {
  const tsMs = Date.UTC(2026, 11, 7) + second * 1000;
  bus.publish('samples', {
    indices: Uint32Array.from(SENSORS, (_, i) => i),
    values: Float64Array.from(SENSORS, (_, i) => i + Math.sin(second / 10)),
    tsMs: Float64Array.from(SENSORS, () => tsMs),
    qualities: new Uint8Array(SENSORS.length),
  });
}

/**
 * Issue 16.3: "disk budget with an estimate of days held at the current rate". The size measured is
 * the real store's: the node:sqlite file and its WAL against the volume's free space, PostgreSQL's
 * pg_database_size of a real cluster.
 */
describe.each(historianTestEngines())('the historian size on $name', (engine) => {
  afterAll(() => engine.dispose());

  it('grows as rows are written', async () => {
    const { location, open } = await engine.fresh();
    const historian = await open();
    try {
      await migrateHistorian(historian.db, historian.engine);
      const before = await measureHistorianSize(historian, location);
      const batch = emptyBatch();
      batch.samples = sampleColumnsOf(Array.from({ length: 600 }, (_, s) => SENSORS.map((sensorId) => [sensorId, s * 1000, s, 0] as const)).flat());
      await writeBatch(historian.db, batch, new SensorKeys());
      const after = await measureHistorianSize(historian, location);
      // 30,000 raw rows and their aggregates: at least 10 bytes a row on either engine (docs/historian.md §1 measured 26 and more).
      expect(after.bytes - before.bytes).toBeGreaterThan(30_000 * 10);
      if (location.engine === 'sqlite') {
        const onDisk = statSync(location.file).size + statSync(`${location.file}-wal`).size;
        expect(after.bytes).toBe(onDisk);
        const volume = statfsSync(path.dirname(location.file));
        // The volume's free space moves as others write; within 1 GB of what the test reads.
        expect(Math.abs(after.capacityBytes! - (onDisk + volume.bavail * volume.bsize))).toBeLessThan(1e9);
      } else {
        expect(after.capacityBytes).toBeNull();
      }
    } finally {
      await historian.close();
    }
  });
});

describe('a started embedded historian', () => {
  it('estimates the days its disk holds at the measured growth, logs it and raises ST_ERR_HISTORIAN_BUDGET below the raw retention', async () => {
    const dataDir = makeTempDir('historian-budget');
    const bus = new MessageBus<CoreTopics>();
    const problems: Problem[] = [];
    bus.subscribe('problem', (p) => problems.push(p));
    const lines: string[] = [];
    // A raw retention no disk holds at any growth: the budget must come out short.
    const retention = { ...defaultHistorianRetention(), rawSamplesDays: 1e9 };
    const running = await startHistorian({
      historian: 'embedded',
      dataDir,
      bus,
      sensorIds: SENSORS,
      alarmLoad: { operatorPositions: 1, shifts: shiftCalendar(AlarmConfigSchema.parse({}).shifts, 121.5) },
      retention,
      budgetTiming: { sampleIntervalMs: 200, minMeasuredMs: 1000 },
      logger: createLogger('info', { write: (line: string) => void lines.push(line) }),
    });
    let second = 0;
    const feed = setInterval(() => {
      for (let k = 0; k < 20; k += 1) publishSecond(bus, (second += 1));
    }, 20);
    try {
      await waitUntil(() => problems.some((p) => p.code === 'ST_ERR_HISTORIAN_BUDGET'), 20_000, 'the budget problem');
    } finally {
      clearInterval(feed);
    }
    try {
      const budget = running.budget()!;
      expect(budget.bytesPerDay).toBeGreaterThan(0);
      expect(budget.capacityBytes).toBeGreaterThan(budget.sizeBytes);
      expect(budget.daysHeld).toBeCloseTo(budget.capacityBytes! / budget.bytesPerDay, 6);
      expect(budget).toMatchObject({ retentionDays: 1e9, short: true });
      expect(problems.find((p) => p.code === 'ST_ERR_HISTORIAN_BUDGET')!.message).toMatch(/^the historian's disk \(\d+\.\d GB with the database\) holds about \d+ days at the current \d+\.\d\d GB per day, less than the 1000000000 days raw samples are kept$/);
      const logged = lines.map((l) => JSON.parse(l) as { msg: string; level: number; retentionDays: number; daysHeld: number }).filter((l) => l.msg === 'historian disk budget');
      expect(logged).toEqual([expect.objectContaining({ level: 40, retentionDays: 1e9, daysHeld: expect.any(Number) })]);
    } finally {
      await running.close();
    }
  });
});
