import { readdirSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { alarmTransition, syntheticScene } from '../../tests/integration/recordingFixtures.js';
import { historianTestEngines } from '../../tests/support/historianEngines.js';
import { makeTempDir } from '../../tests/support/tempDir.js';
import { MessageBus } from '../bus/MessageBus.js';
import type { CoreTopics } from '../bus/coreTopics.js';
import { Recorder } from '../recording/index.js';
import { HistorianSpool } from './HistorianSpool.js';
import { HistorianWriter } from './HistorianWriter.js';
import { importRecording } from './importRecording.js';
import { migrateHistorian } from './migrations.js';
import type { HistorianDb } from './openHistorianDb.js';
import { querySamples } from './querySamples.js';

const T0_MS = Date.UTC(2026, 11, 1, 7, 58, 30);
const SENSORS = 4;
const SECONDS = 150;

/**
 * One simulated session on one bus, recorded by the real Recorder and written live by the real
 * HistorianWriter, both on the same simulated clock: 4 sensors at 1 Hz (every 13th sample bad quality,
 * one NaN), an alarm raised and cleared, a drill's start and end, a leak study.
 */
async function recordAndWriteLive(live: HistorianDb): Promise<{ files: string[]; nanSamples: number }> {
  let now = T0_MS;
  const scene = syntheticScene(SENSORS);
  const bus = new MessageBus<CoreTopics>();
  const dir = makeTempDir('import-recording');
  const recorder = new Recorder({ bus, dir, scene, nowMs: () => now, autoFlush: false });
  await recorder.start();
  const offMarks = [bus.subscribe('marker', (m) => recorder.mark(m)), bus.subscribe('simulationRun', (run) => recorder.recordSimulationRun(run))];
  const writer = new HistorianWriter({ historian: live, bus, sensorIds: scene.sensors.map((s) => s.id), spool: await HistorianSpool.open(path.join(dir, 'spool'), 1e8), nowMs: () => now, flushIntervalMs: 3_600_000 });
  let nanSamples = 0;
  for (let second = 0; second < SECONDS; second++) {
    now = T0_MS + second * 1000;
    const indices = Uint32Array.from({ length: SENSORS }, (_, i) => i);
    const values = Float64Array.from(indices, (i) => (second === 77 && i === 2 ? Number.NaN : 10 * i + Math.sin(second / 9) + (second === 100 ? 40 : 0)));
    nanSamples += values.filter((v) => Number.isNaN(v)).length;
    bus.publish('samples', { indices, values, tsMs: Float64Array.from(indices, () => now - 7), qualities: Uint8Array.from(indices, (i) => ((second * SENSORS + i) % 13 === 0 ? 2 : 0)) });
    if (second === 20) bus.publish('alarmTransition', alarmTransition('GD-0001', 'activate', now, 'system', { active: true, acknowledged: false }));
    if (second === 50) bus.publish('alarmTransition', alarmTransition('GD-0001', 'acknowledge', now, 'liu.yang', { active: true, acknowledged: true }));
    if (second === 40) bus.publish('marker', { kind: 'drill', phase: 'start', id: 'drill-7', label: 'H2S drill', by: 'trainer.zhao' });
    if (second === 130) bus.publish('marker', { kind: 'drill', phase: 'end', id: 'drill-7', label: 'H2S drill' });
    if (second === 60) bus.publish('simulationRun', { runId: 'run-1', kind: 'dispersion', by: 'commander.wu', input: { equipmentId: 'T-101' }, output: { zones: 3 } });
    if (second % 5 === 0) await recorder.flush();
  }
  for (const off of offMarks) off();
  await recorder.stop();
  expect(await writer.flush()).toBe(true);
  await writer.dispose();
  return { files: readdirSync(dir).filter((n) => n.endsWith('.mcap')).sort().map((n) => path.join(dir, n)), nanSamples };
}

/** Every stored row a back-fill touches, in a comparable form (ids and sensor keys left out). */
async function storedRows(historian: HistorianDb) {
  const { db } = historian;
  const aggregates = (table: 'samples_1m' | 'samples_1h') =>
    db.selectFrom(table).innerJoin('sensors', 'sensors.sensor_key', `${table}.sensor_key`).select(['sensor_id', 'bucket_ms', 'min', 'max', 'sum', 'last', 'last_ts_ms', 'count', 'bad_count']).orderBy('sensor_id').orderBy('bucket_ms').execute();
  return {
    raw: await db.selectFrom('samples_raw').innerJoin('sensors', 'sensors.sensor_key', 'samples_raw.sensor_key').select(['sensor_id', 'ts_ms', 'value', 'quality']).orderBy('sensor_id').orderBy('ts_ms').execute(),
    minute: await aggregates('samples_1m'),
    hour: await aggregates('samples_1h'),
    alarms: await db.selectFrom('alarm_transitions').select(['at_ms', 'alarm_id', 'action', 'state', 'by_user', 'priority']).orderBy('at_ms').execute(),
    markers: await db.selectFrom('markers').select(['at_ms', 'kind', 'phase', 'marker_id', 'label', 'by_user']).orderBy('at_ms').execute(),
    actions: await db.selectFrom('operator_actions').select(['at_ms', 'by_user', 'action', 'target', 'detail_json']).orderBy('at_ms').execute(),
    rawCount: Number((await db.selectFrom('samples_raw').select(sql<number>`count(*)`.as('n')).executeTakeFirst())?.n),
  };
}

const engines = historianTestEngines();
afterAll(async () => {
  for (const engine of engines) await engine.dispose();
});

describe.each(engines)('importRecording on $name', (engine) => {
  it('back-fills exactly what the live writer stored, and adds nothing where the live writer or an earlier import already did', async () => {
    const live = await (await engine.fresh()).open();
    const backFilled = await (await engine.fresh()).open();
    try {
      await migrateHistorian(live.db, live.engine);
      await migrateHistorian(backFilled.db, backFilled.engine);
      const { files, nanSamples } = await recordAndWriteLive(live);
      expect(files).toHaveLength(2); // rotated at 08:00 UTC
      const liveRows = await storedRows(live);
      expect(liveRows.rawCount).toBe(SECONDS * SENSORS - nanSamples);
      expect(liveRows).toMatchObject({ alarms: { length: 2 }, markers: { length: 2 }, actions: { length: 1 } });

      // Into an empty historian: the same rows as live, aggregates included.
      const results = [];
      for (const file of files) results.push(await importRecording(backFilled.db, file));
      expect(results.reduce((n, r) => n + r.samplesRejected, 0)).toBe(nanSamples);
      expect(results.reduce((n, r) => n + r.samplesInserted, 0)).toBe(liveRows.rawCount);
      expect(await storedRows(backFilled)).toEqual(liveRows);
      // The recorded day has ended: each file's import compacted it into day blocks (the second rebuilt them
      // with its minutes), and the chart read through them equals the live store's 1-minute rows.
      expect(results.map((r) => r.minuteDayBlocksWritten)).toEqual([SENSORS, SENSORS]);
      const day = { sensorIds: [...new Set(liveRows.minute.map((r) => r.sensor_id))], fromMs: Date.UTC(2026, 11, 1), toMs: Date.UTC(2026, 11, 2), step: '1m' as const, maxPoints: 1440 };
      expect(await backFilled.db.selectFrom('samples_1m_days').select('day_ms').execute()).toHaveLength(SENSORS);
      expect(await querySamples(backFilled.db, day)).toEqual(await querySamples(live.db, day));

      // Again, and into the live writer's own database: nothing new, nothing counted twice.
      for (const target of [backFilled, live]) {
        for (const file of files) {
          const again = await importRecording(target.db, file);
          expect(again).toMatchObject({ samplesInserted: 0, alarmTransitionsInserted: 0, markersInserted: 0, operatorActionsInserted: 0 });
        }
        expect(await storedRows(target)).toEqual(liveRows);
      }
    } finally {
      await live.close();
      await backFilled.close();
    }
  });
});
