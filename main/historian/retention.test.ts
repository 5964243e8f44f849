import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { historianTestEngines } from '../../tests/support/historianEngines.js';
import { makeTempDir } from '../../tests/support/tempDir.js';
import { AlarmConfigSchema } from '../alarms/index.js';
import { MessageBus } from '../bus/MessageBus.js';
import type { CoreTopics } from '../bus/coreTopics.js';
import { resolveServeConfig } from '../config/config.js';
import { createLogger } from '../log/logger.js';
import { AUDIT_JOURNAL_FILE, AuditJournal, parseEntryLine } from '../audit/index.js';
import { waitUntil } from '../../tests/support/waitUntil.js';
import { shiftCalendar } from './plantShifts.js';
import { migrateHistorian } from './migrations.js';
import { applyRetention, RETAINED_TABLES } from './retention.js';
import { defaultHistorianRetention, HistorianRetentionSchema, type HistorianRetention } from './retentionConfig.js';
import { RETENTION_JOURNAL_ACTION, RetentionSchedule } from './RetentionSchedule.js';
import { startHistorian } from './startHistorian.js';
import type { HistorianDatabase } from './schema.js';

const DAY_MS = 86_400_000;
const NOW_MS = Date.UTC(2026, 11, 7, 0, 0, 0);
const STEP_MS = 60_000;
const OLD_ROWS = 12;
const NEW_ROWS = 4;
const SENSORS = ['GD-T101-C1', 'PT-201'];
const BADGES = ['B-001', 'B-002'];

/**
 * Rows of every retained table at `cutoffMs - k·STEP_MS` (k = 1…OLD_ROWS, past the cut-off) and at
 * `cutoffMs + k·STEP_MS` (k = 0…NEW_ROWS-1, kept: a row exactly at the cut-off is inside the period).
 * Time series get one row per sensor or badge at each time, so chunks of positions end on shared times.
 */
async function fill(db: Kysely<HistorianDatabase>, periods: HistorianRetention) {
  await db.insertInto('sensors').values(SENSORS.map((sensor_id) => ({ sensor_id }))).execute();
  const keys = (await db.selectFrom('sensors').select('sensor_key').execute()).map((r) => r.sensor_key);
  const times = (days: number) => {
    const cutoffMs = NOW_MS - days * DAY_MS;
    return [...Array.from({ length: OLD_ROWS }, (_, k) => cutoffMs - (k + 1) * STEP_MS), ...Array.from({ length: NEW_ROWS }, (_, k) => cutoffMs + k * STEP_MS)];
  };
  const aggregate = (sensor_key: number, bucket_ms: number) => ({ sensor_key, bucket_ms, min: 1, max: 2, sum: 3, last: 2, last_ts_ms: bucket_ms, count: 2, bad_count: 0 });
  await db.insertInto('samples_raw').values(keys.flatMap((sensor_key) => times(periods.rawSamplesDays).map((ts_ms) => ({ sensor_key, ts_ms, value: 1, quality: 0 })))).execute();
  await db.insertInto('samples_1m').values(keys.flatMap((k) => times(periods.aggregatesDays).map((t) => aggregate(k, t)))).execute();
  await db.insertInto('samples_1h').values(keys.flatMap((k) => times(periods.aggregatesDays).map((t) => aggregate(k, t)))).execute();
  await db.insertInto('worker_positions').values(BADGES.flatMap((badge_id) => times(periods.personalDataDays).map((ts_ms) => ({ badge_id, ts_ms, x: 1, y: 2, floor: 0 })))).execute();
  await db.insertInto('camera_events').values(times(periods.personalDataDays).map((at_ms) => ({ at_ms, camera_id: 'CAM-1', kind: 'person', detail_json: null }))).execute();
  const records = times(periods.recordsDays);
  await db
    .insertInto('alarm_transitions')
    .values(records.map((at_ms) => ({ at_ms, alarm_id: 'a', source_id: 's', source_kind: 'sensor', area_id: null, condition: 'HI', priority: 'high', action: 'raise', previous_state: 'normal', state: 'unackActive', by_user: 'system', reason: null })))
    .execute();
  await db.insertInto('operator_actions').values(records.map((at_ms) => ({ at_ms, by_user: 'op', action: 'ack', target: null, detail_json: null }))).execute();
  await db.insertInto('markers').values(records.map((at_ms) => ({ at_ms, kind: 'drill', phase: 'instant', marker_id: 'm', label: 'l', by_user: null }))).execute();
  await db
    .insertInto('dispatch_warnings')
    .values(records.map((raised_at_ms) => ({ warning_id: `a@${raised_at_ms}`, alarm_id: 'a', source_id: 's', source_kind: 'sensor', area_id: null, condition: 'high', priority: 'high', raised_at_ms, state: 'closed', level: 0, acknowledged_at_ms: null, cleared_at_ms: null, closed_at_ms: null, disposition: 'real', camera_rule_id: null, model_id: null, updated_ms: raised_at_ms, revision: 1, doc_json: '{}' })))
    .execute();
}

/** Every retained table's times, oldest first. */
async function storedTimes(db: Kysely<HistorianDatabase>) {
  const out: Record<string, number[]> = {};
  for (const { table, timeColumn } of RETAINED_TABLES) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- table names from RETAINED_TABLES
    const rows = await (db as Kysely<any>).selectFrom(table).select(timeColumn).orderBy(timeColumn).execute();
    out[table] = rows.map((r: Record<string, unknown>) => Number(r[timeColumn]));
  }
  return out;
}

describe('historian retention periods (config)', () => {
  it('defaults to 90 days raw, 10 years aggregates, 6 years records, 30 days personal data; refuses non-positive days', () => {
    expect(defaultHistorianRetention()).toEqual({ rawSamplesDays: 90, aggregatesDays: 3660, recordsDays: 2196, personalDataDays: 30, permitRecordsDays: 2196 });
    expect(HistorianRetentionSchema.safeParse({ personalDataDays: 0 }).success).toBe(false);
    expect(HistorianRetentionSchema.safeParse({ rawSamplesDays: -1 }).success).toBe(false);
    expect(HistorianRetentionSchema.safeParse({ rawDays: 10 }).success).toBe(false);
    expect(HistorianRetentionSchema.parse({ personalDataDays: 7 }).personalDataDays).toBe(7);
  });

  it('is read from the serve config file, and a bad period is refused with its place in the file', () => {
    const dir = makeTempDir('retention-config');
    try {
      const file = path.join(dir, 'config.json');
      writeFileSync(file, JSON.stringify({ historianRetention: { personalDataDays: 7 } }));
      const resolved = resolveServeConfig({ cli: { config: file }, env: {} });
      expect(resolved.ok && resolved.config.historianRetention).toEqual({ ...defaultHistorianRetention(), personalDataDays: 7 });
      writeFileSync(file, '{\n  "historianRetention": { "rawSamplesDays": 0 }\n}\n');
      const refused = resolveServeConfig({ cli: { config: file }, env: {} });
      expect(refused.ok).toBe(false);
      expect(!refused.ok && refused.problems.map((p) => [p.code, p.location])).toEqual([['ST_ERR_CONFIG_INVALID', `${file}:2:27 $.historianRetention.rawSamplesDays`]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(historianTestEngines())('historian retention on $name', (engine) => {
  afterAll(() => engine.dispose());

  async function opened() {
    const historian = await (await engine.fresh()).open();
    await migrateHistorian(historian.db, historian.engine);
    return historian;
  }

  it('deletes only the rows past each class period, in bounded chunks, personal data first', async () => {
    const historian = await opened();
    try {
      const periods = defaultHistorianRetention();
      await fill(historian.db, periods);
      const before = await storedTimes(historian.db);
      const outcomes = await applyRetention(historian.db, periods, NOW_MS, { chunkRows: 5 });
      expect(outcomes.map((o) => o.table)).toEqual(['worker_positions', 'camera_events', 'samples_raw', 'samples_1m', 'samples_1h', 'samples_1m_days', 'samples_1m_days_stale', 'alarm_transitions', 'operator_actions', 'markers', 'dispatch_warnings', 'permits', 'permit_steps']);
      const after = await storedTimes(historian.db);
      // Permits go whole with their trace (tests/integration/permitRegister.test.ts).
      for (const outcome of outcomes.filter((o) => o.table in before)) {
        const cutoffMs = NOW_MS - periods[outcome.dataClass] * DAY_MS;
        expect(outcome.cutoffMs).toBe(cutoffMs);
        // Independent of the job: what was stored, without what is older than the cut-off.
        expect(after[outcome.table], outcome.table).toEqual(before[outcome.table]!.filter((t) => t >= cutoffMs));
        expect(outcome.deletedRows, outcome.table).toBe(before[outcome.table]!.length - after[outcome.table]!.length);
      }
      const byTable = Object.fromEntries(outcomes.map((o) => [o.table, o]));
      expect(byTable.samples_raw!.deletedRows).toBe(SENSORS.length * OLD_ROWS);
      expect(byTable.worker_positions!.deletedRows).toBe(BADGES.length * OLD_ROWS);
      expect(byTable.markers!.deletedRows).toBe(OLD_ROWS);
      // 12 old rows in chunks of 5: 5, 5, 2 (per sensor for the time series).
      expect(byTable.markers!.chunks).toBe(3);
      expect(byTable.samples_raw!.chunks).toBe(3 * SENSORS.length);
      // Two badges per instant: a chunk ends on a shared time and takes both badges' rows there (6 each).
      expect(byTable.worker_positions!.chunks).toBe(4);
      // A second run finds nothing.
      const again = await applyRetention(historian.db, periods, NOW_MS, { chunkRows: 5 });
      expect(again.map((o) => [o.deletedRows, o.chunks])).toEqual(outcomes.map(() => [0, 0]));
    } finally {
      await historian.close();
    }
  });

  it('deletes personal data by its own period, longer or shorter than the others', async () => {
    const historian = await opened();
    try {
      const periods = { rawSamplesDays: 2, aggregatesDays: 400, recordsDays: 400, personalDataDays: 3, permitRecordsDays: 2196 };
      await fill(historian.db, periods);
      const outcomes = await applyRetention(historian.db, periods, NOW_MS);
      const positions = (await historian.db.selectFrom('worker_positions').select('ts_ms').execute()).map((r) => Number(r.ts_ms));
      expect(positions).toHaveLength(BADGES.length * NEW_ROWS);
      expect(Math.min(...positions)).toBe(NOW_MS - 3 * DAY_MS);
      // Raw samples between 2 and 3 days old were deleted by their own (shorter) period.
      const raw = (await historian.db.selectFrom('samples_raw').select('ts_ms').execute()).map((r) => Number(r.ts_ms));
      expect(Math.min(...raw)).toBe(NOW_MS - 2 * DAY_MS);
      expect(outcomes.find((o) => o.table === 'camera_events')).toMatchObject({ dataClass: 'personalDataDays', cutoffMs: NOW_MS - 3 * DAY_MS, deletedRows: OLD_ROWS, chunks: 1 });
    } finally {
      await historian.close();
    }
  });

  it('runs in a started historian, journals there, and stops when the historian closes', async () => {
    const { location, open } = await engine.fresh();
    const dir = makeTempDir('retention-start');
    const journal = await AuditJournal.open(dir);
    const periods = { ...defaultHistorianRetention(), personalDataDays: 1 };
    const seeded = await open();
    await migrateHistorian(seeded.db, seeded.engine);
    // Old rows are relative to the real clock here: the started historian's schedule reads Date.now().
    await seeded.db.insertInto('worker_positions').values([{ badge_id: 'B-001', ts_ms: Date.now() - 2 * DAY_MS, x: 0, y: 0, floor: 0 }, { badge_id: 'B-001', ts_ms: Date.now(), x: 0, y: 0, floor: 0 }]).execute();
    await seeded.close();
    const running = await startHistorian({
      historian: location.engine === 'postgres' ? location.url : location.file,
      dataDir: dir,
      bus: new MessageBus<CoreTopics>(),
      sensorIds: SENSORS,
      alarmLoad: { operatorPositions: 1, shifts: shiftCalendar(AlarmConfigSchema.parse({}).shifts, 121.5) },
      retention: periods,
      journal,
      retentionTiming: { firstRunDelayMs: 0, intervalMs: 3_600_000 },
      logger: createLogger('silent'),
    });
    const entries = () => readFileSync(path.join(dir, AUDIT_JOURNAL_FILE), 'utf8').trim().split('\n').filter(Boolean).map(parseEntryLine);
    try {
      await waitUntil(() => entries().length > 0, 10_000, 'the retention entry in the journal');
    } finally {
      await running.close();
      await journal.close();
    }
    expect(entries().map((e) => [e!.by, e!.data.dataClass, e!.data.tables])).toEqual([
      ['system', 'personalDataDays', [{ table: 'worker_positions', cutoffMs: expect.any(Number), deletedRows: 1 }, { table: 'camera_events', cutoffMs: expect.any(Number), deletedRows: 0 }]],
    ]);
    const reopened = await open();
    try {
      expect(await reopened.db.selectFrom('worker_positions').select('badge_id').execute()).toHaveLength(1);
    } finally {
      await reopened.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('journals each class of a run that deleted rows in the real audit journal', async () => {
    const historian = await opened();
    const dir = makeTempDir('retention-journal');
    const journal = await AuditJournal.open(dir);
    try {
      const periods = defaultHistorianRetention();
      await fill(historian.db, periods);
      const schedule = new RetentionSchedule({ apply: (nowMs) => applyRetention(historian.db, periods, nowMs), journal, onError: (e) => expect.fail(String(e)), nowMs: () => NOW_MS });
      await schedule.runNow();
      await schedule.runNow();
      await schedule.stop();
      await journal.close();
      const entries = readFileSync(path.join(dir, AUDIT_JOURNAL_FILE), 'utf8').trim().split('\n').map(parseEntryLine);
      // One run deleted rows in every class; the second deleted nothing and journaled nothing.
      expect(entries.map((e) => [e!.kind, e!.by, e!.data.action, e!.data.dataClass])).toEqual(
        ['personalDataDays', 'rawSamplesDays', 'aggregatesDays', 'recordsDays'].map((c) => ['note', 'system', RETENTION_JOURNAL_ACTION, c]),
      );
      expect(entries[0]!.data.tables).toEqual([
        { table: 'worker_positions', cutoffMs: NOW_MS - 30 * DAY_MS, deletedRows: BADGES.length * OLD_ROWS },
        { table: 'camera_events', cutoffMs: NOW_MS - 30 * DAY_MS, deletedRows: OLD_ROWS },
      ]);
    } finally {
      await historian.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
