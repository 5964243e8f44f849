/** The historian (docs/historian.md): one schema and query layer over the embedded engine (node:sqlite) and PostgreSQL. */
export { HistorianError } from './historianErrors.js';
export { SensorKeys } from './writeBatch.js';
export { HISTORIAN_SCHEMA_VERSION, migrateHistorian, readSchemaVersion } from './migrations.js';
export { type HistorianDb, type HistorianLocation, openHistorianDb, parseHistorianLocation } from './openHistorianDb.js';
export { alarmHistoryCsv, csvTextField } from './queryAlarms.js';
export { type HistoryTier, MAX_POINTS_PER_SERIES, querySamples, samplesCsv } from './querySamples.js';
export { ContractorRecords, type StoredCompany, type StoredPerson } from './contractorRecords.js';
export { DispatchRecords, type StoredWarning, type WarningCameraEvent } from './dispatchRecords.js';
export { DELIVERY_ROW_STATUSES, DispatchDeliveryRecords, type DeliveryRow, type DeliveryRowStatus, type StoredPushSubscription } from './dispatchDeliveryRecords.js';
export { FACT_ROWS_PER_DAY, FACT_SOURCES, type DayRows, type FactSource, type MinutePosition } from './indicatorFacts.js';
export { IndicatorRecords, type StoredReport } from './indicatorRecords.js';
export { HazardRecords, type Stored, type StoredMedia } from './hazardRecords.js';
export { HotspotRecords, type ActivationDayRow, type Bounded } from './hotspotRecords.js';
export { PermitRecords, type NewPermitRecord, type PermitListFilter, type StoredPermit, type StoredPermitStep } from './permitRecords.js';
export { MAX_OVERDUE_REVIEWS_LISTED, MAX_PERMIT_STATS_RANGE_MS, permitStatisticsCsv, type PermitStatistics, type PermitStatsQuery } from './permitStats.js';
export { defaultHistorianRetention, HistorianRetentionSchema } from './retentionConfig.js';
export { EMBEDDED_HISTORIAN, historianStartProblem, rawHeldFrom, type RunningHistorian, startHistorian } from './startHistorian.js';
export { shiftAt, shiftCalendar, type ShiftCalendar } from './plantShifts.js';
