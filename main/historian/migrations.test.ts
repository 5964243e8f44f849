import { statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { historianTestEngines } from '../../tests/support/historianEngines.js';
import { HistorianError } from './historianErrors.js';
import { HISTORIAN_MIGRATIONS, HISTORIAN_SCHEMA_VERSION, migrateHistorian, readSchemaVersion } from './migrations.js';
import { parseHistorianLocation } from './openHistorianDb.js';

describe.each(historianTestEngines())('historian schema and migrations on $name', (engine) => {
  afterAll(() => engine.dispose());

  it('creates every table on a fresh database, and a second start changes nothing', async () => {
    const { open } = await engine.fresh();
    const historian = await open();
    try {
      expect(await migrateHistorian(historian.db, historian.engine)).toEqual({ fromVersion: 0, toVersion: HISTORIAN_SCHEMA_VERSION });
      expect(await migrateHistorian(historian.db, historian.engine)).toEqual({ fromVersion: HISTORIAN_SCHEMA_VERSION, toVersion: HISTORIAN_SCHEMA_VERSION });
      const { db } = historian;
      const [sensor] = await db.insertInto('sensors').values({ sensor_id: 'GT-101' }).returning('sensor_key').execute();
      await db.insertInto('samples_raw').values({ sensor_key: sensor!.sensor_key, ts_ms: 1_780_000_000_123, value: 12.5, quality: 2 }).execute();
      for (const table of ['samples_1m', 'samples_1h'] as const) {
        await db.insertInto(table).values({ sensor_key: sensor!.sensor_key, bucket_ms: 1_780_000_000_000, min: 1, max: 3, sum: 6, last: 3, last_ts_ms: 1_780_000_000_999, count: 3, bad_count: 1 }).execute();
      }
      await db.insertInto('alarm_transitions').values({ at_ms: 1, alarm_id: 'GT-101:high', source_id: 'GT-101', source_kind: 'sensor', area_id: null, condition: 'high', priority: 'high', action: 'raise', previous_state: 'normal', state: 'unackAlarm', by_user: 'system', reason: null }).execute();
      await db.insertInto('operator_actions').values({ at_ms: 2, by_user: 'op1', action: 'study', target: 'T-101', detail_json: '{"x":1}' }).execute();
      await db.insertInto('worker_positions').values({ badge_id: 'B-1', ts_ms: 3, x: 1.5, y: -2.25, floor: 0 }).execute();
      await db.insertInto('camera_events').values({ at_ms: 4, camera_id: 'CAM-1', kind: 'person', detail_json: null }).execute();
      await db.insertInto('markers').values({ at_ms: 5, kind: 'drill', phase: 'start', marker_id: 'd1', label: 'Drill', by_user: 'op1' }).execute();
      // Epoch milliseconds come back as exact numbers on both engines (PostgreSQL bigint parsed, not strings).
      expect(await db.selectFrom('samples_raw').selectAll().execute()).toEqual([{ sensor_key: sensor!.sensor_key, ts_ms: 1_780_000_000_123, value: 12.5, quality: 2 }]);
      expect(await db.selectFrom('samples_1h').select(['last_ts_ms', 'count']).execute()).toEqual([{ last_ts_ms: 1_780_000_000_999, count: 3 }]);
      const transitions = await db.selectFrom('alarm_transitions').select(['id', 'alarm_id']).execute();
      expect(transitions).toEqual([{ id: 1, alarm_id: 'GT-101:high' }]);
      for (const table of ['operator_actions', 'worker_positions', 'camera_events', 'markers'] as const) {
        expect(await db.selectFrom(table).selectAll().execute()).toHaveLength(1);
      }
    } finally {
      await historian.close();
    }
  });

  it('upgrades an older database in place and keeps its rows', async () => {
    const { open } = await engine.fresh();
    const older = await open();
    await migrateHistorian(older.db, older.engine, HISTORIAN_MIGRATIONS.slice(0, 1));
    expect(await readSchemaVersion(older.db)).toBe(1);
    const [sensor] = await older.db.insertInto('sensors').values({ sensor_id: 'PT-7' }).returning('sensor_key').execute();
    await older.db.insertInto('samples_raw').values({ sensor_key: sensor!.sensor_key, ts_ms: 1000, value: 4, quality: 0 }).execute();
    await older.close();

    const newer = await open();
    try {
      expect(await migrateHistorian(newer.db, newer.engine)).toEqual({ fromVersion: 1, toVersion: HISTORIAN_SCHEMA_VERSION });
      expect(await newer.db.selectFrom('samples_raw').select(['ts_ms', 'value']).execute()).toEqual([{ ts_ms: 1000, value: 4 }]);
      expect(await newer.db.selectFrom('alarm_transitions').selectAll().execute()).toEqual([]);
    } finally {
      await newer.close();
    }
  });

  it('upgrading to one row per event keeps the first of the events a retried batch stored twice, and every distinct one', async () => {
    const { open } = await engine.fresh();
    const older = await open();
    await migrateHistorian(older.db, older.engine, HISTORIAN_MIGRATIONS.filter((m) => m.version <= 2));
    const transition = { at_ms: 10, alarm_id: 'GT-101:high', source_id: 'GT-101', source_kind: 'sensor', area_id: null, condition: 'high', priority: 'high', action: 'activate', previous_state: 'normal', state: 'unacknowledged', by_user: 'system', reason: null };
    await older.db.insertInto('alarm_transitions').values([transition, { ...transition, reason: 'the retry' }, { ...transition, at_ms: 11 }]).execute();
    await older.db.insertInto('markers').values([0, 1].map(() => ({ at_ms: 5, kind: 'drill', phase: 'start', marker_id: 'd1', label: 'Drill', by_user: 'op1' }))).execute();
    await older.db.insertInto('operator_actions').values([{ at_ms: 2, by_user: 'system', action: 'coreStart', target: null, detail_json: null }, { at_ms: 3, by_user: 'system', action: 'coreStart', target: null, detail_json: null }]).execute();
    await older.close();
    const newer = await open();
    try {
      expect(await migrateHistorian(newer.db, newer.engine)).toEqual({ fromVersion: 2, toVersion: HISTORIAN_SCHEMA_VERSION });
      expect(await newer.db.selectFrom('alarm_transitions').select(['at_ms', 'reason']).orderBy('id').execute()).toEqual([
        { at_ms: 10, reason: null },
        { at_ms: 11, reason: null },
      ]);
      expect(await newer.db.selectFrom('markers').select('id').execute()).toHaveLength(1);
      expect(await newer.db.selectFrom('operator_actions').select('at_ms').orderBy('at_ms').execute()).toEqual([{ at_ms: 2 }, { at_ms: 3 }]);
      // The key now holds: the same event again is refused by the database itself.
      await expect(newer.db.insertInto('alarm_transitions').values(transition).execute()).rejects.toThrow(/unique|duplicate/i);
    } finally {
      await newer.close();
    }
  });

  it('refuses a database written by a newer schema, with a code, and leaves it untouched', async () => {
    const { open } = await engine.fresh();
    const historian = await open();
    try {
      await migrateHistorian(historian.db, historian.engine);
      await historian.db.updateTable('historian_meta').set({ value: String(HISTORIAN_SCHEMA_VERSION + 1) }).where('key', '=', 'schema_version').execute();
      const refusal = await migrateHistorian(historian.db, historian.engine).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(HistorianError);
      expect((refusal as HistorianError).code).toBe('ST_ERR_HISTORIAN_SCHEMA_NEWER');
      expect((refusal as HistorianError).message).toContain(`database schema version ${HISTORIAN_SCHEMA_VERSION + 1}, this build knows up to ${HISTORIAN_SCHEMA_VERSION}`);
      expect(await readSchemaVersion(historian.db)).toBe(HISTORIAN_SCHEMA_VERSION + 1);
    } finally {
      await historian.close();
    }
  });

  it('rolls a failed step back: the database stays at its previous version', async () => {
    const { open } = await engine.fresh();
    const historian = await open();
    try {
      const failing = { version: HISTORIAN_SCHEMA_VERSION + 1, name: 'fails halfway', up: async (db: Parameters<(typeof HISTORIAN_MIGRATIONS)[0]['up']>[0]) => {
        await db.schema.createTable('half_done').addColumn('x', 'integer').execute();
        throw new Error('boom');
      } };
      const failure = await migrateHistorian(historian.db, historian.engine, [...HISTORIAN_MIGRATIONS, failing]).catch((error: unknown) => error);
      expect((failure as HistorianError).code).toBe('ST_ERR_HISTORIAN_MIGRATION');
      expect(await readSchemaVersion(historian.db)).toBe(HISTORIAN_SCHEMA_VERSION);
      expect(await migrateHistorian(historian.db, historian.engine, [...HISTORIAN_MIGRATIONS, { ...failing, up: async () => {} }])).toEqual({ fromVersion: HISTORIAN_SCHEMA_VERSION, toVersion: HISTORIAN_SCHEMA_VERSION + 1 });
    } finally {
      await historian.close();
    }
  });

  if (engine.name === 'sqlite') {
    it('keeps the embedded file private: 0600 in a 0700 directory', async () => {
      const { location, open } = await engine.fresh();
      const historian = await open();
      await migrateHistorian(historian.db, historian.engine);
      await historian.close();
      const file = (location as { file: string }).file;
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    });
  }
});

describe('historian location', () => {
  it('is the embedded file in the data dir by default, PostgreSQL for postgres:// URLs', () => {
    expect(parseHistorianLocation(undefined, '/data')).toEqual({ engine: 'sqlite', file: path.join('/data', 'historian.sqlite') });
    expect(parseHistorianLocation('postgres://u@db:5432/plant', '/data')).toEqual({ engine: 'postgres', url: 'postgres://u@db:5432/plant' });
    expect(parseHistorianLocation('postgresql://db/plant', '/data').engine).toBe('postgres');
    expect(parseHistorianLocation('hist/h.sqlite', '/data')).toEqual({ engine: 'sqlite', file: '/data/hist/h.sqlite' });
    expect(() => parseHistorianLocation('mysql://db/plant', '/data')).toThrow(HistorianError);
  });
});
