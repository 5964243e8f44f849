import { sql, type CreateTableBuilder, type Kysely } from 'kysely';
import { HistorianError } from './historianErrors.js';
import type { HistorianEngineKind } from './openHistorianDb.js';
import type { HistorianDatabase } from './schema.js';

/**
 * Versioned schema migrations, the same for both engines (issue 16.6): each step is written once
 * with Kysely's schema builder; the only engine differences are named here (identity columns, and
 * SQLite's WITHOUT ROWID clustering of time series by their primary key, sqlite.org/withoutrowid.html).
 * Steps are append-only: a released step is never edited, a change is a new step.
 */
// Kysely<any>: a migration runs against the schema as it was at its version, not today's types.
/* eslint-disable @typescript-eslint/no-explicit-any */
export interface HistorianMigration {
  version: number;
  name: string;
  up(db: Kysely<any>, engine: HistorianEngineKind): Promise<void>;
}

const SCHEMA_VERSION_KEY = 'schema_version';

function clustered<T extends string, C extends string>(engine: HistorianEngineKind) {
  return (builder: CreateTableBuilder<T, C>) => (engine === 'sqlite' ? builder.modifyEnd(sql`without rowid`) : builder);
}

function withId<T extends string>(engine: HistorianEngineKind) {
  return (builder: CreateTableBuilder<T, never>) =>
    engine === 'sqlite'
      ? builder.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
      : builder.addColumn('id', 'bigint', (c) => c.primaryKey().generatedByDefaultAsIdentity());
}

function aggregateTable(db: Kysely<any>, engine: HistorianEngineKind, name: string) {
  return db.schema
    .createTable(name)
    .addColumn('sensor_key', 'integer', (c) => c.notNull())
    .addColumn('bucket_ms', 'bigint', (c) => c.notNull())
    .addColumn('min', 'double precision', (c) => c.notNull())
    .addColumn('max', 'double precision', (c) => c.notNull())
    .addColumn('sum', 'double precision', (c) => c.notNull())
    .addColumn('last', 'double precision', (c) => c.notNull())
    .addColumn('last_ts_ms', 'bigint', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('bad_count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint(`${name}_pk`, ['sensor_key', 'bucket_ms'])
    .$call(clustered(engine))
    .execute();
}

export const HISTORIAN_MIGRATIONS: readonly HistorianMigration[] = [
  {
    version: 1,
    name: 'samples: sensors, raw tier, 1-min and 1-h aggregates',
    async up(db, engine) {
      await db.schema
        .createTable('sensors')
        .$call(
          engine === 'sqlite'
            ? (b) => b.addColumn('sensor_key', 'integer', (c) => c.primaryKey().autoIncrement())
            : (b) => b.addColumn('sensor_key', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity()),
        )
        .addColumn('sensor_id', 'text', (c) => c.notNull().unique())
        .execute();
      await db.schema
        .createTable('samples_raw')
        .addColumn('sensor_key', 'integer', (c) => c.notNull())
        .addColumn('ts_ms', 'bigint', (c) => c.notNull())
        .addColumn('value', 'double precision', (c) => c.notNull())
        .addColumn('quality', 'smallint', (c) => c.notNull())
        .addPrimaryKeyConstraint('samples_raw_pk', ['sensor_key', 'ts_ms'])
        .$call(clustered(engine))
        .execute();
      await aggregateTable(db, engine, 'samples_1m');
      await aggregateTable(db, engine, 'samples_1h');
    },
  },
  {
    version: 2,
    name: 'events: alarm transitions, operator actions, worker positions, camera events, markers',
    async up(db, engine) {
      await db.schema
        .createTable('alarm_transitions')
        .$call(withId(engine))
        .addColumn('at_ms', 'bigint', (c) => c.notNull())
        .addColumn('alarm_id', 'text', (c) => c.notNull())
        .addColumn('source_id', 'text', (c) => c.notNull())
        .addColumn('source_kind', 'text', (c) => c.notNull())
        .addColumn('area_id', 'text')
        .addColumn('condition', 'text', (c) => c.notNull())
        .addColumn('priority', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('previous_state', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('by_user', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .execute();
      await db.schema.createIndex('alarm_transitions_at').on('alarm_transitions').column('at_ms').execute();
      await db.schema.createIndex('alarm_transitions_alarm_at').on('alarm_transitions').columns(['alarm_id', 'at_ms']).execute();
      await db.schema
        .createTable('operator_actions')
        .$call(withId(engine))
        .addColumn('at_ms', 'bigint', (c) => c.notNull())
        .addColumn('by_user', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('target', 'text')
        .addColumn('detail_json', 'text')
        .execute();
      await db.schema.createIndex('operator_actions_at').on('operator_actions').column('at_ms').execute();
      await db.schema
        .createTable('worker_positions')
        .addColumn('badge_id', 'text', (c) => c.notNull())
        .addColumn('ts_ms', 'bigint', (c) => c.notNull())
        .addColumn('x', 'double precision', (c) => c.notNull())
        .addColumn('y', 'double precision', (c) => c.notNull())
        .addColumn('floor', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('worker_positions_pk', ['badge_id', 'ts_ms'])
        .$call(clustered(engine))
        .execute();
      // Retention deletes personal data by age across all badges (issue 16.3).
      await db.schema.createIndex('worker_positions_ts').on('worker_positions').column('ts_ms').execute();
      await db.schema
        .createTable('camera_events')
        .$call(withId(engine))
        .addColumn('at_ms', 'bigint', (c) => c.notNull())
        .addColumn('camera_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('detail_json', 'text')
        .execute();
      await db.schema.createIndex('camera_events_at').on('camera_events').column('at_ms').execute();
      await db.schema
        .createTable('markers')
        .$call(withId(engine))
        .addColumn('at_ms', 'bigint', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('phase', 'text', (c) => c.notNull())
        .addColumn('marker_id', 'text', (c) => c.notNull())
        .addColumn('label', 'text', (c) => c.notNull())
        .addColumn('by_user', 'text')
        .execute();
      await db.schema.createIndex('markers_at').on('markers').column('at_ms').execute();
    },
  },
  {
    version: 3,
    name: 'events: one row per event (unique natural keys), so a batch retried after a lost commit acknowledgement adds nothing',
    async up(db) {
      for (const { table, columns } of EVENT_NATURAL_KEYS) {
        // Rows a retried batch stored twice before this step: the first one stays.
        await db
          .deleteFrom(table)
          .where('id', 'not in', (eb: any) => eb.selectFrom(table).select((f: any) => f.fn.min('id').as('id')).groupBy([...columns]))
          .execute();
        await db.schema.createIndex(`${table}_event_key`).on(table).columns([...columns]).unique().execute();
      }
    },
  },
  {
    version: 4,
    name: 'records: special-operation permits and their signed steps (issue 17)',
    async up(db) {
      await db.schema
        .createTable('permits')
        .addColumn('number', 'text', (c) => c.primaryKey())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('area_id', 'text')
        .addColumn('min_x', 'double precision', (c) => c.notNull())
        .addColumn('min_y', 'double precision', (c) => c.notNull())
        .addColumn('max_x', 'double precision', (c) => c.notNull())
        .addColumn('max_y', 'double precision', (c) => c.notNull())
        .addColumn('window_start_ms', 'bigint', (c) => c.notNull())
        .addColumn('window_end_ms', 'bigint', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_ms', 'bigint', (c) => c.notNull())
        .addColumn('updated_ms', 'bigint', (c) => c.notNull())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('document_json', 'text', (c) => c.notNull())
        .execute();
      // The register's filters (state for the active ones, type, area, window) and retention (updated time).
      await db.schema.createIndex('permits_state').on('permits').column('state').execute();
      await db.schema.createIndex('permits_type_window').on('permits').columns(['type', 'window_start_ms']).execute();
      await db.schema.createIndex('permits_area').on('permits').column('area_id').execute();
      await db.schema.createIndex('permits_window').on('permits').column('window_start_ms').execute();
      await db.schema.createIndex('permits_updated').on('permits').column('updated_ms').execute();
      await db.schema
        .createTable('permit_steps')
        .addColumn('permit_number', 'text', (c) => c.notNull())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('from_state', 'text', (c) => c.notNull())
        .addColumn('to_state', 'text', (c) => c.notNull())
        .addColumn('by_user', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('at_ms', 'bigint', (c) => c.notNull())
        .addColumn('reason_code', 'text')
        .addColumn('note', 'text')
        .addColumn('step_json', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('permit_steps_pk', ['permit_number', 'seq'])
        .execute();
      await db.schema.createIndex('permit_steps_at').on('permit_steps').column('at_ms').execute();
    },
  },
  {
    version: 5,
    name: "records: a permit's grade, issuing unit and contractor as columns, for the managers' statistics (issue 17 item 4)",
    async up(db) {
      // Nullable: only hot work, work at height and lifting have grades; a permit's own staff has no contractor.
      for (const column of ['grade', 'issuing_unit', 'contractor']) await db.schema.alterTable('permits').addColumn(column, 'text').execute();
      // Permits filed before this step: the same fields read from their stored document (they never change after filing).
      const rows: { number: string; document_json: string }[] = await db.selectFrom('permits').select(['number', 'document_json']).execute();
      for (const row of rows) {
        const permit = JSON.parse(row.document_json) as { grade?: string; issuingUnit: string; contractor?: string };
        await db
          .updateTable('permits')
          .set({ grade: permit.grade ?? null, issuing_unit: permit.issuingUnit, contractor: permit.contractor ?? null })
          .where('number', '=', row.number)
          .execute();
      }
    },
  },
  {
    version: 6,
    name: 'records: the contractor register, companies and people with the badge bound to each (issue 17 item 3)',
    async up(db) {
      await db.schema
        .createTable('contractor_companies')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('updated_ms', 'bigint', (c) => c.notNull())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('document_json', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('contractor_people')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('company_id', 'text', (c) => c.notNull())
        .addColumn('badge_id', 'text')
        .addColumn('updated_ms', 'bigint', (c) => c.notNull())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('document_json', 'text', (c) => c.notNull())
        .execute();
      // One badge, one person (一人一码); people without a badge never conflict (NULLs are distinct on both engines).
      await db.schema.createIndex('contractor_people_badge').on('contractor_people').column('badge_id').unique().execute();
      await db.schema.createIndex('contractor_people_company').on('contractor_people').column('company_id').execute();
    },
  },
  {
    version: 7,
    name: "samples: the 1-minute tier's closed days as packed blocks, and the days marked stale by late samples (docs/historian.md §2)",
    async up(db, engine) {
      await db.schema
        .createTable('samples_1m_days')
        .addColumn('sensor_key', 'integer', (c) => c.notNull())
        .addColumn('day_ms', 'bigint', (c) => c.notNull())
        .addColumn('minutes', engine === 'sqlite' ? 'blob' : 'bytea', (c) => c.notNull())
        .addPrimaryKeyConstraint('samples_1m_days_pk', ['sensor_key', 'day_ms'])
        .$call(clustered(engine))
        .execute();
      if (engine === 'postgres') {
        // Out of line and uncompressed: a chart reads thousands of blocks, none then pays a pglz decompression.
        await sql`alter table samples_1m_days alter column minutes set storage external`.execute(db);
      }
      await db.schema
        .createTable('samples_1m_days_stale')
        .addColumn('sensor_key', 'integer', (c) => c.notNull())
        .addColumn('day_ms', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('samples_1m_days_stale_pk', ['sensor_key', 'day_ms'])
        .$call(clustered(engine))
        .execute();
    },
  },
  {
    version: 8,
    name: 'records: double prevention, the risk register, hidden-danger tickets, inspection plans and rounds, and their photos and voice notes (issue 18)',
    async up(db, engine) {
      for (const table of ['risk_points', 'inspection_plans']) {
        await db.schema
          .createTable(table)
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('updated_ms', 'bigint', (c) => c.notNull())
          .addColumn('revision', 'integer', (c) => c.notNull())
          .addColumn('document_json', 'text', (c) => c.notNull())
          .execute();
      }
      await db.schema
        .createTable('hazard_tickets')
        .addColumn('number', 'text', (c) => c.primaryKey())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('grade', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('area_id', 'text')
        .addColumn('reported_ms', 'bigint', (c) => c.notNull())
        .addColumn('updated_ms', 'bigint', (c) => c.notNull())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('document_json', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('hazard_tickets_reported').on('hazard_tickets').column('reported_ms').execute();
      await db.schema.createIndex('hazard_tickets_state').on('hazard_tickets').column('state').execute();
      await db.schema
        .createTable('inspection_rounds')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('plan_id', 'text', (c) => c.notNull())
        .addColumn('slot_start_ms', 'bigint', (c) => c.notNull())
        .addColumn('updated_ms', 'bigint', (c) => c.notNull())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('document_json', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('inspection_rounds_slot').on('inspection_rounds').columns(['plan_id', 'slot_start_ms']).execute();
      await db.schema
        .createTable('hazard_media')
        .addColumn('ref', 'text', (c) => c.primaryKey())
        .addColumn('mime', 'text', (c) => c.notNull())
        .addColumn('size_bytes', 'integer', (c) => c.notNull())
        .addColumn('created_ms', 'bigint', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('bytes', engine === 'sqlite' ? 'blob' : 'bytea', (c) => c.notNull())
        .execute();
    },
  },
  {
    version: 9,
    name: 'records: warning dispatch, one row per warning (its alarm, state, level, times and disposition as columns) and the duty roster as revisions (issue 19)',
    async up(db) {
      await db.schema
        .createTable('dispatch_warnings')
        .addColumn('warning_id', 'text', (c) => c.primaryKey())
        .addColumn('alarm_id', 'text', (c) => c.notNull())
        .addColumn('source_id', 'text', (c) => c.notNull())
        .addColumn('source_kind', 'text', (c) => c.notNull())
        .addColumn('area_id', 'text')
        .addColumn('condition', 'text', (c) => c.notNull())
        .addColumn('priority', 'text', (c) => c.notNull())
        .addColumn('raised_at_ms', 'bigint', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('level', 'integer', (c) => c.notNull())
        .addColumn('acknowledged_at_ms', 'bigint')
        .addColumn('cleared_at_ms', 'bigint')
        .addColumn('closed_at_ms', 'bigint')
        .addColumn('disposition', 'text')
        .addColumn('camera_rule_id', 'text')
        .addColumn('model_id', 'text')
        .addColumn('updated_ms', 'bigint', (c) => c.notNull())
        .addColumn('revision', 'integer', (c) => c.notNull())
        .addColumn('doc_json', 'text', (c) => c.notNull())
        .execute();
      // The statistics read a range of raise times; the desk reads the warnings not closed at start.
      await db.schema.createIndex('dispatch_warnings_raised').on('dispatch_warnings').column('raised_at_ms').execute();
      await db.schema.createIndex('dispatch_warnings_state').on('dispatch_warnings').columns(['state', 'raised_at_ms']).execute();
      await db.schema
        .createTable('dispatch_roster')
        .addColumn('revision', 'integer', (c) => c.primaryKey())
        .addColumn('saved_at_ms', 'bigint', (c) => c.notNull())
        .addColumn('saved_by', 'text', (c) => c.notNull())
        .addColumn('doc_json', 'text', (c) => c.notNull())
        .execute();
    },
  },
  {
    version: 10,
    name: 'records: warning dispatch, the outbox (one row per message and channel, its status, attempts and next try) and the browsers subscribed to Web Push (issue 19)',
    async up(db) {
      await db.schema
        .createTable('dispatch_deliveries')
        .addColumn('delivery_id', 'text', (c) => c.primaryKey())
        .addColumn('message_id', 'text', (c) => c.notNull())
        .addColumn('warning_id', 'text')
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('person_id', 'text')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull())
        .addColumn('queued_at_ms', 'bigint', (c) => c.notNull())
        .addColumn('next_attempt_ms', 'bigint', (c) => c.notNull())
        .addColumn('sent_at_ms', 'bigint')
        .addColumn('last_error', 'text')
        .addColumn('digest_id', 'text')
        .addColumn('updated_ms', 'bigint', (c) => c.notNull())
        .addColumn('message_json', 'text', (c) => c.notNull())
        .execute();
      // The outbox's start reads what is still to send; the pruning reads finished rows by age.
      await db.schema.createIndex('dispatch_deliveries_status').on('dispatch_deliveries').columns(['status', 'updated_ms']).execute();
      await db.schema.createIndex('dispatch_deliveries_digest').on('dispatch_deliveries').column('digest_id').execute();
      await db.schema
        .createTable('push_subscriptions')
        .addColumn('endpoint', 'text', (c) => c.primaryKey())
        .addColumn('user_name', 'text', (c) => c.notNull())
        .addColumn('p256dh', 'text', (c) => c.notNull())
        .addColumn('auth', 'text', (c) => c.notNull())
        .addColumn('expiration_ms', 'bigint')
        .addColumn('updated_ms', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('push_subscriptions_user').on('push_subscriptions').column('user_name').execute();
    },
  },
  {
    version: 11,
    name: "records: the manager's workstation, indicator days (numerator and denominator per indicator, dimension key and plant-local day), the incident log and archived reports (issue 20)",
    async up(db, engine) {
      await db.schema
        .createTable('indicator_days')
        .addColumn('indicator_id', 'text', (c) => c.notNull())
        .addColumn('dimension', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('numerator', 'double precision', (c) => c.notNull())
        .addColumn('denominator', 'double precision', (c) => c.notNull())
        .addColumn('computed_at_ms', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('indicator_days_pk', ['indicator_id', 'dimension', 'key', 'day'])
        .$call(clustered(engine))
        .execute();
      // A day is replaced as a whole (recomputed today and yesterday, back-filled once): its rows are found by day.
      await db.schema.createIndex('indicator_days_day').on('indicator_days').column('day').execute();
      await db.schema
        .createTable('incidents')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('occurred_at_ms', 'bigint', (c) => c.notNull())
        .addColumn('severity', 'text', (c) => c.notNull())
        .addColumn('area_id', 'text')
        .addColumn('contractor', 'text')
        .addColumn('recorded_at_ms', 'bigint', (c) => c.notNull())
        .addColumn('recorded_by', 'text', (c) => c.notNull())
        .addColumn('doc_json', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('incidents_occurred').on('incidents').column('occurred_at_ms').execute();
      await db.schema
        .createTable('reports')
        .addColumn('report_id', 'text', (c) => c.primaryKey())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('from_day', 'text', (c) => c.notNull())
        .addColumn('to_day', 'text', (c) => c.notNull())
        .addColumn('locale', 'text', (c) => c.notNull())
        .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('bytes', 'integer', (c) => c.notNull())
        .addColumn('sha256', 'text', (c) => c.notNull())
        .addColumn('pages', 'integer', (c) => c.notNull())
        .addColumn('file', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('reports_created').on('reports').column('created_at_ms').execute();
    },
  },
];

/**
 * What makes an event row the same event (issue 16.4: exactly once). The writer stamps studies and
 * markers with its clock when queued, so a retried batch repeats them exactly (time included: a marker
 * id may recur at another time, and an import matches live rows by its own 60 s rule); the
 * alarm engine never emits the same action to the same state of one alarm twice in a millisecond; the
 * writer keeps at most one camera event per camera per second. Rows without a target (a core start)
 * never conflict (NULLs are distinct in a unique index on both engines).
 */
export const EVENT_NATURAL_KEYS = [
  { table: 'alarm_transitions', columns: ['alarm_id', 'at_ms', 'action', 'state'] },
  { table: 'operator_actions', columns: ['action', 'target', 'at_ms'] },
  { table: 'camera_events', columns: ['camera_id', 'at_ms', 'kind'] },
  { table: 'markers', columns: ['marker_id', 'kind', 'phase', 'at_ms'] },
] as const;

export const HISTORIAN_SCHEMA_VERSION = HISTORIAN_MIGRATIONS[HISTORIAN_MIGRATIONS.length - 1]!.version;

export async function readSchemaVersion(db: Kysely<HistorianDatabase>): Promise<number> {
  const row = await db.selectFrom('historian_meta').select('value').where('key', '=', SCHEMA_VERSION_KEY).executeTakeFirst();
  return row === undefined ? 0 : Number(row.value);
}

/**
 * Brings the database to the newest version this build knows, each step in its own transaction
 * (both engines have transactional DDL, so a failed step leaves the previous version intact).
 * A database of a newer version is refused untouched (ST_ERR_HISTORIAN_SCHEMA_NEWER): an older
 * build must not write into tables it does not know. Returns the versions before and after.
 */
export async function migrateHistorian(
  db: Kysely<HistorianDatabase>,
  engine: HistorianEngineKind,
  migrations: readonly HistorianMigration[] = HISTORIAN_MIGRATIONS,
): Promise<{ fromVersion: number; toVersion: number }> {
  await db.schema
    .createTable('historian_meta')
    .ifNotExists()
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
  const fromVersion = await readSchemaVersion(db);
  const knownVersion = migrations[migrations.length - 1]?.version ?? 0;
  if (fromVersion > knownVersion) {
    throw new HistorianError(
      'ST_ERR_HISTORIAN_SCHEMA_NEWER',
      `database schema version ${fromVersion}, this build knows up to ${knownVersion}`,
      'Run a SafeTwin at least as new as the one that last wrote this historian, or point --historian at another database',
    );
  }
  for (const migration of migrations.filter((step) => step.version > fromVersion)) {
    try {
      await db.transaction().execute(async (trx) => {
        await migration.up(trx, engine);
        await trx
          .insertInto('historian_meta')
          .values({ key: SCHEMA_VERSION_KEY, value: String(migration.version) })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value: String(migration.version) }))
          .execute();
      });
    } catch (error) {
      throw new HistorianError('ST_ERR_HISTORIAN_MIGRATION', `step ${migration.version} (${migration.name}): ${(error as Error).message}`);
    }
  }
  return { fromVersion, toVersion: Math.max(fromVersion, knownVersion) };
}
