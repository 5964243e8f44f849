import type { CoreTopics } from '../bus/coreTopics.js';

/**
 * What the writer hands to the database in one transaction, in a JSON-safe form (the same object
 * goes to the disk spool when the database is slow or lost). Sensors by id, not by scene index, so a
 * spooled batch stays meaningful after a scene change.
 */
export interface HistorianBatch {
  /** [sensorId, tsMs, value, qualityCode (0 good, 1 uncertain, 2 bad)] */
  samples: [string, number, number, number][];
  alarms: AlarmTransitionRow[];
  actions: { atMs: number; by: string; action: string; target: string | null; detailJson: string | null }[];
  positions: { badgeId: string; tsMs: number; x: number; y: number; floor: number }[];
  cameraEvents: { atMs: number; cameraId: string; kind: string; detailJson: string | null }[];
  markers: { atMs: number; kind: string; phase: string; markerId: string; label: string; by: string | null }[];
}

export interface AlarmTransitionRow {
  atMs: number;
  alarmId: string;
  sourceId: string;
  sourceKind: string;
  areaId: string | null;
  condition: string;
  priority: string;
  action: string;
  previousState: string;
  state: string;
  by: string;
  reason: string | null;
}

// JSON detail kept with a study or camera event; larger inputs are summarised (bounded rows, issue 13).
const MAX_DETAIL_BYTES = 8192;

export function boundedJson(value: unknown): string {
  const text = JSON.stringify(value) ?? 'null';
  return Buffer.byteLength(text) <= MAX_DETAIL_BYTES ? text : JSON.stringify({ truncated: true, bytes: Buffer.byteLength(text) });
}

/*
 * Bus messages to rows: the live writer and the back-fill from recordings (importRecording.ts) store
 * the same message the same way. Markers and studies carry no time of their own: `atMs` is when the
 * bus carried them (the writer's clock live, the recording's log time on import).
 */
export function alarmTransitionRow(t: CoreTopics['alarmTransition']): AlarmTransitionRow {
  const { alarm } = t;
  return { atMs: t.atMs, alarmId: alarm.alarmId, sourceId: alarm.sourceId, sourceKind: alarm.sourceKind, areaId: alarm.areaId ?? null, condition: alarm.condition, priority: alarm.priority, action: t.action, previousState: t.previousState, state: alarm.state, by: t.by, reason: t.reason ?? null };
}

export function markerRow(m: CoreTopics['marker'], atMs: number): HistorianBatch['markers'][number] {
  return { atMs, kind: m.kind, phase: m.phase, markerId: m.id, label: m.label, by: m.by ?? null };
}

export function simulationRunRow(run: CoreTopics['simulationRun'], atMs: number): HistorianBatch['actions'][number] {
  return { atMs, by: run.by, action: `simulation:${run.kind}`, target: run.runId, detailJson: boundedJson({ input: run.input }) };
}

export const emptyBatch = (): HistorianBatch => ({ samples: [], alarms: [], actions: [], positions: [], cameraEvents: [], markers: [] });

export const batchRowCount = (batch: HistorianBatch): number =>
  batch.samples.length + batch.alarms.length + batch.actions.length + batch.positions.length + batch.cameraEvents.length + batch.markers.length;

// Bytes a row holds in memory, for the bounded queue (docs/architecture.md §5: queues bounded in bytes).
// A sample is a 4-element array of a shared id string and three numbers: about 4 × 8 bytes of slots
// plus the array header; an event row is estimated from its strings.
export const SAMPLE_ROW_BYTES = 64;
export const EVENT_ROW_BYTES = 160;

export const QUALITY_BAD = 2;

/** One sensor's bucket: min, max, sum, last (at lastTsMs), count and bad-quality count. */
export interface BucketAggregate {
  sensorKey: number;
  bucketMs: number;
  min: number;
  max: number;
  sum: number;
  last: number;
  lastTsMs: number;
  count: number;
  badCount: number;
}

/**
 * Aggregates of raw rows into buckets of `bucketMs` (aligned to the epoch, so 1-h buckets are UTC
 * hours). Bad-quality samples count in `badCount` and in the statistics alike: the raw tier keeps
 * their quality, and a trend shows what the instrument reported (ISA-101 marks it, it does not hide it).
 */
export function aggregateRows(rows: readonly { sensor_key: number; ts_ms: number; value: number; quality: number }[], bucketMs: number): BucketAggregate[] {
  const buckets = new Map<string, BucketAggregate>();
  for (const row of rows) {
    const bucketStartMs = Math.floor(row.ts_ms / bucketMs) * bucketMs;
    const key = `${row.sensor_key}:${bucketStartMs}`;
    const bucket = buckets.get(key);
    const bad = row.quality === QUALITY_BAD ? 1 : 0;
    if (bucket === undefined) {
      buckets.set(key, { sensorKey: row.sensor_key, bucketMs: bucketStartMs, min: row.value, max: row.value, sum: row.value, last: row.value, lastTsMs: row.ts_ms, count: 1, badCount: bad });
      continue;
    }
    bucket.min = Math.min(bucket.min, row.value);
    bucket.max = Math.max(bucket.max, row.value);
    bucket.sum += row.value;
    if (row.ts_ms >= bucket.lastTsMs) {
      bucket.last = row.value;
      bucket.lastTsMs = row.ts_ms;
    }
    bucket.count += 1;
    bucket.badCount += bad;
  }
  return [...buckets.values()];
}
