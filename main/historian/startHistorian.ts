import path from 'node:path';
import type { CoreTopics, MessageBus } from '../bus/index.js';
import type { Problem } from '../contracts/index.js';
import type { Logger } from '../log/index.js';
import type { JournalSink } from '../audit/index.js';
import { HistorianBudgetMonitor, measureHistorianSize, type HistorianBudget } from './historianBudget.js';
import { HISTORIAN_PROBLEM_CODES, HistorianError } from './historianErrors.js';
import type { HistorianBatch } from './historianBatch.js';
import { HistorianSpool } from './HistorianSpool.js';
import { HistorianWriter } from './HistorianWriter.js';
import { migrateHistorian } from './migrations.js';
import { openHistorianDb, parseHistorianLocation } from './openHistorianDb.js';
import type { ShiftCalendar } from './plantShifts.js';
import { prepareTimescale, type HistorianStorage } from './timescale.js';
import { queryAlarmHistory, type AlarmHistory, type AlarmHistoryFilter } from './queryAlarms.js';
import { CORE_START_ACTION, queryAlarmKpis, type HistoryKpis } from './queryKpis.js';
import { querySamples, type SampleSeries } from './querySamples.js';
import { ContractorRecords } from './contractorRecords.js';
import { DispatchDeliveryRecords } from './dispatchDeliveryRecords.js';
import { DispatchRecords } from './dispatchRecords.js';
import { IndicatorRecords } from './indicatorRecords.js';
import { HazardRecords } from './hazardRecords.js';
import { HotspotRecords } from './hotspotRecords.js';
import { PermitRecords } from './permitRecords.js';
import { queryPermitStatistics, type PermitStatistics, type PermitStatsQuery } from './permitStats.js';
import { compactMinuteDays } from './minuteDays.js';
import { applyRetention } from './retention.js';
import { defaultHistorianRetention, type HistorianRetention } from './retentionConfig.js';
import { RetentionSchedule } from './RetentionSchedule.js';
import { SqliteBatchWriter } from './SqliteBatchWriter.js';

/** `--historian embedded`: the node:sqlite file in the data dir (docs/historian.md). */
export const EMBEDDED_HISTORIAN = 'embedded';

// Disk spool while the database is slow or lost: 1 GB holds about 6 hours of the ingest benchmark's
// 1,000 samples/s at ~45 bytes of JSON per sample; beyond it rows are counted lost (ST_ERR_HISTORIAN_SPOOL_FULL).
const SPOOL_MAX_BYTES = 1e9;

export const historianSpoolDirOf = (dataDir: string) => path.join(dataDir, 'historian-spool');

export interface RunningHistorian {
  writer: HistorianWriter;
  engine: 'sqlite' | 'postgres';
  /** How the time series are stored: on PostgreSQL, whether TimescaleDB was found and used (detected at start). */
  storage: HistorianStorage;
  /** Sensors' history in display buckets (querySamples): the HTTP API and the CLI read through it. */
  samples(query: Parameters<typeof querySamples>[1]): Promise<SampleSeries[]>;
  /** Stored alarm transitions of a range with counts by priority, area and shift (queryAlarmHistory). */
  alarms(query: AlarmHistoryFilter & { limit: number }): Promise<AlarmHistory>;
  /** The ISA-18.2 KPIs of any stored period (queryAlarmKpis). */
  kpis(query: { fromMs: number; toMs: number }): Promise<HistoryKpis>;
  /** The special-operation permits and their signed steps (issue 17), the permit register's store. */
  permits: PermitRecords;
  /** The contractor register's companies and people (issue 17 item 3). */
  contractors: ContractorRecords;
  /** Double prevention's risk points, hidden-danger tickets, inspection plans, rounds and media (issue 18). */
  hazards: HazardRecords;
  /** Warning dispatch's warnings and duty roster revisions (issue 19). */
  dispatch: DispatchRecords;
  /** Warning dispatch's outbox (deliveries to send and their statuses) and the browsers subscribed to Web Push (issue 19). */
  deliveries: DispatchDeliveryRecords;
  /** The manager's workstation's indicator days, incident log and archived reports, and the day facts it computes from (issue 20). */
  indicators: IndicatorRecords;
  /** The records the site map's hot spots over time are made of (issue 20 item 4). */
  hotspots: HotspotRecords;
  /** The managers' statistics of the permits of a range (queryPermitStatistics, issue 17 item 4). */
  permitStats(query: PermitStatsQuery): Promise<PermitStatistics>;
  /** The disk budget at the current growth (null until an hour has been measured). */
  budget(): HistorianBudget | null;
  /** What GET /api/history/status answers: engine, storage, disk budget (days held null when unknown or unbounded), writer counters. */
  status(): HistorianStatus;
  close(): Promise<void>;
}

export type HistorianStatus = {
  engine: 'sqlite' | 'postgres';
  /** Where batches are written: a worker thread (the embedded file, in a build) or the core's thread (PostgreSQL's client is asynchronous). */
  writes: 'workerThread' | 'coreThread';
  storage: HistorianStorage;
  budget: HistorianBudget | null;
  writer: HistorianWriter['stats'] & HistorianWriter['backlog'];
};

/**
 * Opens the historian named by `--historian` (embedded, a file path, or postgres://…), brings its
 * schema up to date (a newer one is refused: ST_ERR_HISTORIAN_SCHEMA_NEWER) and starts writing the
 * core bus into it. Throws a HistorianError when it cannot start; the core goes on without it.
 */
export async function startHistorian(options: {
  historian: string;
  dataDir: string;
  bus: MessageBus<CoreTopics>;
  sensorIds: readonly string[];
  /** The alarm config's operator positions (per-operator rates) and the plant's shifts (per-shift counts). */
  alarmLoad: { operatorPositions: number; shifts: ShiftCalendar };
  /** Periods of the data classes (config `historianRetention`); the defaults of retentionConfig.ts when absent. */
  retention?: HistorianRetention;
  /** Where retention's deletions are journaled (issue 16.3). */
  journal?: JournalSink;
  /** When retention runs: RetentionSchedule's defaults (1 min after start, then hourly) when absent. */
  retentionTiming?: { firstRunDelayMs: number; intervalMs: number };
  /** How the disk budget measures: HistorianBudgetMonitor's defaults (a size every 10 min, rate over a day) when absent. */
  budgetTiming?: { sampleIntervalMs: number; minMeasuredMs: number };
  logger: Logger;
}): Promise<RunningHistorian> {
  const location = parseHistorianLocation(options.historian === EMBEDDED_HISTORIAN ? undefined : options.historian, options.dataDir);
  const historian = await openHistorianDb(location);
  try {
    const { fromVersion, toVersion } = await migrateHistorian(historian.db, historian.engine);
    if (fromVersion !== toVersion) options.logger.info({ fromVersion, toVersion, engine: historian.engine }, 'historian schema migrated');
    const storage: HistorianStorage = historian.engine === 'postgres' ? await prepareTimescale(historian.db) : { engine: 'sqlite' };
    options.logger.info(storage, 'historian storage');
    if (storage.engine === 'postgres' && storage.timescaledb === 'unusable') {
      options.bus.publish('problem', { code: 'ST_ERR_HISTORIAN_TIMESCALE', severity: 'warning', message: HISTORIAN_PROBLEM_CODES.ST_ERR_HISTORIAN_TIMESCALE, tip: storage.note ?? undefined });
    }
    const spool = await HistorianSpool.open(historianSpoolDirOf(options.dataDir), SPOOL_MAX_BYTES);
    if (spool.batchCount > 0) options.logger.info({ batches: spool.batchCount, bytes: spool.sizeBytes }, 'historian spool left by an earlier run: writing it');
    // The alarm engine starts with every alarm in 'normal': recorded so that the stored states of
    // alarms left active by the previous run end here (queryAlarmKpis).
    await historian.db.insertInto('operator_actions').values({ at_ms: Date.now(), by_user: 'system', action: CORE_START_ACTION, target: null, detail_json: null }).execute();
    // The embedded file is written by a worker thread when the build has one (node:sqlite is synchronous:
    // on this thread each batch would hold the event loop the ingest shares; docs/historian.md §3, §9).
    const batchWriter = location.engine === 'sqlite' && SqliteBatchWriter.available() ? await SqliteBatchWriter.start(location.file) : null;
    const writer = new HistorianWriter({ historian, bus: options.bus, sensorIds: options.sensorIds, spool, ...(batchWriter && { write: (batch: HistorianBatch) => batchWriter.write(batch) }) });
    const periods = options.retention ?? defaultHistorianRetention();
    const retention = new RetentionSchedule({
      apply: (nowMs) => applyRetention(historian.db, periods, nowMs),
      journal: options.journal ?? null,
      // A lost database fails a run; the next one catches up (the writer raises the outage's problem).
      onError: (error) => options.logger.warn({ err: error }, 'historian retention run failed'),
      ...options.retentionTiming,
    });
    // The 1-minute tier's closed days into day blocks (minuteDays.ts) on the retention schedule's timing (1 min
    // after start, then an hour after each run ends): nothing to journal, a failed run caught up by the next.
    const closing = new AbortController();
    const compaction = new RetentionSchedule({
      apply: async (nowMs) => {
        const outcome = await compactMinuteDays(historian.db, nowMs, { signal: closing.signal });
        if (outcome.blocksWritten + outcome.blocksRemoved > 0) options.logger.info(outcome, 'historian 1-minute days compacted');
        return [];
      },
      journal: null,
      onError: (error) => {
        if (!closing.signal.aborted) options.logger.warn({ err: error }, 'historian 1-minute day compaction failed');
      },
      ...options.retentionTiming,
    });
    const budget = new HistorianBudgetMonitor({
      measure: () => measureHistorianSize(historian, location),
      retentionDays: periods.rawSamplesDays,
      bus: options.bus,
      // As the recordings' disk budget (startCore): logged at the first estimate and when it turns short or sufficient.
      onBudget: (b) =>
        options.logger[b.short ? 'warn' : 'info'](
          { daysHeld: b.daysHeld === null || !Number.isFinite(b.daysHeld) ? b.daysHeld : Math.round(b.daysHeld), gbPerDay: b.bytesPerDay / 1e9, sizeGb: b.sizeBytes / 1e9, capacityGb: b.capacityBytes === null ? null : b.capacityBytes / 1e9, retentionDays: b.retentionDays, measuredHours: b.measuredHours },
          'historian disk budget',
        ),
      ...options.budgetTiming,
    });
    budget.start();
    return {
      writer,
      engine: historian.engine,
      storage,
      samples: (query) => querySamples(historian.db, { rawHeldFromMs: rawHeldFrom(periods, Date.now()), ...query }),
      alarms: (query) => queryAlarmHistory(historian.db, query, options.alarmLoad.shifts),
      kpis: (query) => queryAlarmKpis(historian.db, { ...query, operatorPositions: options.alarmLoad.operatorPositions }),
      permits: new PermitRecords(historian.db),
      contractors: new ContractorRecords(historian.db),
      hazards: new HazardRecords(historian.db),
      dispatch: new DispatchRecords(historian.db),
      deliveries: new DispatchDeliveryRecords(historian.db),
      indicators: new IndicatorRecords(historian.db),
      hotspots: new HotspotRecords(historian.db),
      permitStats: (query) => queryPermitStatistics(historian.db, query),
      budget: () => budget.current,
      status: () => {
        const current = budget.current;
        // JSON has no Infinity: a store that is not growing holds for ever, said as null days with its rate 0.
        const shown = current && current.daysHeld !== null && !Number.isFinite(current.daysHeld) ? { ...current, daysHeld: null } : current;
        return { engine: historian.engine, writes: batchWriter ? 'workerThread' : 'coreThread', storage, budget: shown, writer: { ...writer.stats, ...writer.backlog } };
      },
      async close() {
        budget.stop();
        await retention.stop();
        // An upgraded historian's first compaction may run for long: it stops at its next chunk, the next start goes on.
        closing.abort();
        await compaction.stop();
        await writer.dispose();
        await batchWriter?.close();
        await historian.close();
      },
    };
  } catch (error) {
    await historian.close();
    throw error;
  }
}

/** The raw tier's retention cut-off at `nowMs`: what `auto` queries starting earlier read from the 1-minute tier. */
export const rawHeldFrom = (periods: HistorianRetention, nowMs: number) => nowMs - periods.rawSamplesDays * 86_400_000;

/** What the core shows when the historian cannot start: its own coded problem, or a capability-start problem. */
export function historianStartProblem(error: unknown): Problem {
  if (error instanceof HistorianError) return error.toProblem();
  return { code: 'ST_ERR_CAPABILITY_START', severity: 'error', message: 'The historian could not start; the rest of the core keeps working', tip: (error as Error).message?.slice(0, 200) };
}
