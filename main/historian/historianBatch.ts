import type { CoreTopics } from '../bus/index.js';

/**
 * Samples as columns, each row a sensor (by position in `sensorIds`), a time, a value and a quality
 * code (0 good, 1 uncertain, 2 bad): the shape the bus already carries (LiveHub's SampleBatch). Queuing
 * a sample is a few typed-array stores, handing a batch to the writer thread copies four buffers
 * (no per-sample objects to clone) and spooling it writes them as they are (HistorianSpool).
 * Sensors by id, not by scene index, so a spooled batch stays meaningful after a scene change.
 * Rows beyond `count` are unused capacity.
 */
export interface SampleColumns {
  sensorIds: readonly string[];
  count: number;
  sensorIndex: Uint32Array;
  tsMs: Float64Array;
  value: Float64Array;
  quality: Uint8Array;
}

/**
 * What the writer hands to the database in one transaction (the same object goes to the disk spool
 * when the database is slow or lost): samples as columns, events as rows.
 */
export interface HistorianBatch {
  samples: SampleColumns;
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

export const emptySamples = (sensorIds: readonly string[] = [], capacity = 0): SampleColumns => ({
  sensorIds,
  count: 0,
  sensorIndex: new Uint32Array(capacity),
  tsMs: new Float64Array(capacity),
  value: new Float64Array(capacity),
  quality: new Uint8Array(capacity),
});

export const emptyBatch = (): HistorianBatch => ({ samples: emptySamples(), alarms: [], actions: [], positions: [], cameraEvents: [], markers: [] });

export const batchRowCount = (batch: HistorianBatch): number =>
  batch.samples.count + batch.alarms.length + batch.actions.length + batch.positions.length + batch.cameraEvents.length + batch.markers.length;

/** Sample rows given as [sensorId, tsMs, value, quality] (tests, a spool written before columns) as columns. */
export function sampleColumnsOf(rows: readonly (readonly [string, number, number, number])[]): SampleColumns {
  const buffer = new SampleColumnBuffer([], rows.length);
  const indexOf = new Map<string, number>();
  const sensorIds: string[] = [];
  for (const [sensorId, tsMs, value, quality] of rows) {
    let index = indexOf.get(sensorId);
    if (index === undefined) {
      index = sensorIds.push(sensorId) - 1;
      indexOf.set(sensorId, index);
    }
    buffer.push(index, tsMs, value, quality);
  }
  return { ...buffer.take(), sensorIds };
}

/**
 * A growing set of sample columns, allocated once and reused: the writer's in-memory queue of samples
 * (bounded by the writer's byte budget, which spills it to disk) and the back-fill's batch. `take`
 * copies out exactly the rows held and starts again, keeping the capacity.
 */
export class SampleColumnBuffer {
  private columns: SampleColumns;

  constructor(
    private readonly sensorIds: readonly string[],
    initialCapacity = 16_384,
  ) {
    this.columns = emptySamples(sensorIds, initialCapacity);
  }

  get count(): number {
    return this.columns.count;
  }

  push(sensorIndex: number, tsMs: number, value: number, quality: number): void {
    if (this.columns.count === this.columns.tsMs.length) this.grow(this.columns.count + 1);
    const c = this.columns;
    const row = c.count;
    c.sensorIndex[row] = sensorIndex;
    c.tsMs[row] = tsMs;
    c.value[row] = value;
    c.quality[row] = quality;
    c.count = row + 1;
  }

  /**
   * Appends a bus batch (scene sensor indices into `sensorIds`); returns how many samples were refused:
   * an unknown sensor index, or a value that is not finite (a number column cannot hold NaN).
   */
  appendBusBatch(batch: CoreTopics['samples']): number {
    const n = batch.indices.length;
    if (this.columns.count + n > this.columns.tsMs.length) this.grow(this.columns.count + n);
    const c = this.columns;
    const sensors = this.sensorIds.length;
    let row = c.count;
    for (let i = 0; i < n; i += 1) {
      const index = batch.indices[i]!;
      const value = batch.values[i]!;
      if (index >= sensors || !Number.isFinite(value)) continue;
      c.sensorIndex[row] = index;
      c.tsMs[row] = batch.tsMs[i]!;
      c.value[row] = value;
      c.quality[row] = batch.qualities[i]!;
      row += 1;
    }
    const refused = n - (row - c.count);
    c.count = row;
    return refused;
  }

  /** The rows held, in arrays of exactly their length; the buffer is empty afterwards. */
  take(): SampleColumns {
    const c = this.columns;
    const taken = { sensorIds: this.sensorIds, count: c.count, sensorIndex: c.sensorIndex.slice(0, c.count), tsMs: c.tsMs.slice(0, c.count), value: c.value.slice(0, c.count), quality: c.quality.slice(0, c.count) };
    c.count = 0;
    return taken;
  }

  private grow(rows: number): void {
    const c = this.columns;
    const next = emptySamples(this.sensorIds, Math.max(rows, c.tsMs.length * 2, 1024));
    next.sensorIndex.set(c.sensorIndex.subarray(0, c.count));
    next.tsMs.set(c.tsMs.subarray(0, c.count));
    next.value.set(c.value.subarray(0, c.count));
    next.quality.set(c.quality.subarray(0, c.count));
    next.count = c.count;
    this.columns = next;
  }
}

// Bytes a queued row holds in memory, for the bounded queue (docs/architecture.md §5: queues bounded in
// bytes): a sample is its four column entries (4 + 8 + 8 + 1 bytes); an event row is estimated from its strings.
export const SAMPLE_ROW_BYTES = 21;
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
 * Aggregates samples into buckets of `bucketMs` (aligned to the epoch, so 1-h buckets are UTC hours).
 * Bad-quality samples count in `badCount` and in the statistics alike: the raw tier keeps their
 * quality, and a trend shows what the instrument reported (ISA-101 marks it, it does not hide it).
 * Buckets are kept per sensor in a short list: a batch holds one or two buckets of each sensor.
 */
export class BucketAggregator {
  private readonly bySensor = new Map<number, BucketAggregate[]>();

  constructor(private readonly bucketMs: number) {}

  add(sensorKey: number, tsMs: number, value: number, quality: number): void {
    const bucketStartMs = Math.floor(tsMs / this.bucketMs) * this.bucketMs;
    const bad = quality === QUALITY_BAD ? 1 : 0;
    let buckets = this.bySensor.get(sensorKey);
    if (buckets === undefined) this.bySensor.set(sensorKey, (buckets = []));
    // Samples arrive mostly in time order: the sensor's latest bucket first.
    const latest = buckets[buckets.length - 1];
    const bucket = latest?.bucketMs === bucketStartMs ? latest : buckets.find((b) => b.bucketMs === bucketStartMs);
    if (bucket === undefined) {
      buckets.push({ sensorKey, bucketMs: bucketStartMs, min: value, max: value, sum: value, last: value, lastTsMs: tsMs, count: 1, badCount: bad });
      return;
    }
    if (value < bucket.min) bucket.min = value;
    if (value > bucket.max) bucket.max = value;
    bucket.sum += value;
    if (tsMs >= bucket.lastTsMs) {
      bucket.last = value;
      bucket.lastTsMs = tsMs;
    }
    bucket.count += 1;
    bucket.badCount += bad;
  }

  buckets(): BucketAggregate[] {
    return [...this.bySensor.values()].flat();
  }
}
