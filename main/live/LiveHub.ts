import { isSampleStale, problem, sensorFlagByte, type SensorDataQuality, type CameraDetections, type AlarmCommand, type AlarmCommandResult, type AlarmTransition, type SampleQuality, type Scene, type WorkerPosition } from '../contracts/index.js';
import { sensorDataQuality, type ExternalConditionInput } from '../alarms/index.js';
import type { CoreTopics, MessageBus } from '../bus/index.js';
import { type IngestSink, REJECTION_REASONS, type RejectionReason, TagTable } from '../ingest/index.js';
import { type Logger, RateLimitedLog } from '../log/index.js';
import type { CoreMetrics } from '../metrics/index.js';
import type { WorkerSafetyMonitor } from '../personnel/index.js';
import type { AlarmEvaluator } from './AlarmEvaluator.js';
import { TrendBuffer } from './TrendBuffer.js';
import { ChangeLog, type FrameSource, type SensorReading } from '../frames/index.js';

/** Samples kept for the bus between two flushes; beyond it they are counted as dropped (bounded memory). */
const MAX_SAMPLES_PER_BATCH = 200_000;
/** The dropped-samples problem clears after this long without a drop (a flood that ended). */
const DROPS_PROBLEM_CLEAR_MS = 60_000;

export type LiveHubOptions = {
  scene: Scene;
  alarms: AlarmEvaluator;
  bus: MessageBus<CoreTopics>;
  metrics: CoreMetrics;
  logger: Logger;
  /** Man-down, restricted entry and gathering rules on badge positions. */
  workerSafety: WorkerSafetyMonitor;
  /** How long without a sample before a sensor counts as stale (per its kind). */
  staleAfterMs: (sensorIndex: number) => number;
  nowMs?: () => number;
};

/**
 * The live plant state: tag table, alarm evaluation and a change number per sensor and badge. Implements
 * the ingest sink, so every decoded sample passes here once: ordered write → alarm rules → change mark.
 * It is the live player's frame source: screens find what changed since their last frame by number, so
 * a sample costs the same however many screens watch (architecture §3).
 */
export class LiveHub implements IngestSink, FrameSource {
  readonly tags: TagTable;
  /** The last 10 minutes of every sensor, for trend panels. */
  readonly trend: TrendBuffer;
  private readonly workers = new Map<string, WorkerPosition>();
  private readonly recentDetections = new Map<string, CameraDetections>();
  readonly changes: ChangeLog;
  /** Reused for every reading: a frame copies it at once (no allocation per sensor per frame). */
  private readonly reading: SensorReading = { value: 0, sampleTsMs: 0, flags: 0 };
  private readonly log: RateLimitedLog;
  private readonly now: () => number;
  private readonly staleSince: Uint8Array;
  private batch: { indices: number[]; values: number[]; tsMs: number[]; qualities: number[] } = { indices: [], values: [], tsMs: [], qualities: [] };
  samplesAccepted = 0;
  samplesDropped = 0;
  private droppedSinceFlush = 0;
  /** When samples were last dropped, while the problem that says so is raised. */
  private lastDropMs: number | null = null;

  constructor(private readonly options: LiveHubOptions) {
    this.tags = new TagTable(options.scene);
    this.now = options.nowMs ?? Date.now;
    this.log = new RateLimitedLog(options.logger, 10_000, this.now);
    this.staleSince = new Uint8Array(this.tags.size);
    this.trend = new TrendBuffer(this.tags.size);
    // A screen's first frame carries every sensor, reported or not (flags say which are stale).
    this.changes = new ChangeLog(this.tags.size);
    this.changes.touchAllSensors();
  }

  get sensorCount(): number {
    return this.tags.size;
  }

  sample(sensorIndex: number, value: number, quality: SampleQuality, tsMs: number, receivedMs: number): void {
    const refused = this.tags.write(sensorIndex, value, quality, tsMs, receivedMs);
    if (refused) return this.reject(refused, this.options.scene.sensors[sensorIndex]!.mqttTopic);
    this.samplesAccepted++;
    this.options.metrics.ingestSamples.inc();
    this.trend.record(sensorIndex, value, tsMs);
    if (this.batch.indices.length < MAX_SAMPLES_PER_BATCH) {
      this.batch.indices.push(sensorIndex);
      this.batch.values.push(value);
      this.batch.tsMs.push(tsMs);
      this.batch.qualities.push(this.tags.quality[sensorIndex]!);
    } else {
      this.samplesDropped++;
      this.droppedSinceFlush++;
    }
    this.publishTransitions(this.options.alarms.ingest(sensorIndex, value, quality, tsMs, receivedMs));
    this.staleSince[sensorIndex] = 0;
    this.changes.touchSensor(sensorIndex);
  }

  worker(position: WorkerPosition): void {
    const last = this.workers.get(position.badgeId);
    if (last && position.tsMs <= last.tsMs) return this.reject(position.tsMs === last.tsMs ? 'duplicate' : 'outOfOrder', `rtls/${position.badgeId}`);
    this.workers.set(position.badgeId, position);
    this.options.workerSafety.update(position, this.now());
    this.options.bus.publish('worker', position);
    this.changes.touchWorker(position);
  }

  detections(event: CameraDetections): void {
    this.recentDetections.set(event.cameraId, event);
    this.options.bus.publish('detections', event);
  }

  /** The latest detections per camera (tiles opened later start from these). */
  latestDetections(): CameraDetections[] {
    return [...this.recentDetections.values()];
  }

  reject(reason: RejectionReason, topic: string, detail?: string): void {
    this.options.metrics.ingestRejected.inc({ reason });
    this.log.warn(reason, { reason, topic, detail }, REJECTION_REASONS[reason]);
  }

  sourceOffline(sensorIndices: number[], receivedMs: number): void {
    this.publishTransitions(this.options.alarms.sourceOffline(sensorIndices, receivedMs));
    for (const index of sensorIndices) {
      this.staleSince[index] = 1;
      this.changes.touchSensor(index);
    }
  }

  /** Once a second: time-driven alarm rules (comm loss, delays, shelving expiry) and staleness marks. */
  tick(): void {
    const now = this.now();
    const transitions = this.options.alarms.tick(now);
    this.publishTransitions(transitions);
    // The engine is idempotent: passing every current worker condition changes only what changed.
    for (const condition of this.options.workerSafety.evaluate(now)) this.publishTransitions(this.options.alarms.setExternalCondition({ ...condition, nowMs: now }));
    for (let i = 0; i < this.tags.size; i++) {
      const stale = isSampleStale(now, this.tags.receivedMs[i]!, this.options.staleAfterMs(i)) ? 1 : 0;
      if (stale !== this.staleSince[i]) {
        this.staleSince[i] = stale;
        this.changes.touchSensor(i);
      }
    }
  }

  /** A condition computed outside the live path (the camera AI): into the alarm engine, its transitions onto the bus. */
  externalCondition(input: ExternalConditionInput): void {
    this.publishTransitions(this.options.alarms.setExternalCondition(input));
  }

  /** Hands the samples accepted since the last flush to the bus (for recorders), as typed arrays. */
  flushSamples(): void {
    this.reportDrops();
    if (this.batch.indices.length === 0) return;
    const { indices, values, tsMs, qualities } = this.batch;
    this.batch = { indices: [], values: [], tsMs: [], qualities: [] };
    this.options.bus.publish('samples', { indices: Uint32Array.from(indices), values: Float64Array.from(values), tsMs: Float64Array.from(tsMs), qualities: Uint8Array.from(qualities) });
  }

  /**
   * Samples beyond the batch bound still update the live picture and the alarms, but neither the
   * recording nor the historian gets them: counted in safetwin_live_samples_dropped_total and shown as
   * one problem that clears once a minute passes without a drop.
   */
  private reportDrops(): void {
    const nowMs = this.now();
    if (this.droppedSinceFlush > 0) {
      this.options.metrics.liveSamplesDropped.inc(this.droppedSinceFlush);
      this.log.warn('samplesDropped', { dropped: this.droppedSinceFlush, batchLimit: MAX_SAMPLES_PER_BATCH }, 'samples dropped from the record: more arrived between two flushes than the batch holds');
      this.droppedSinceFlush = 0;
      if (this.lastDropMs === null) this.options.bus.publish('problem', problem('ST_ERR_LIVE_SAMPLES_DROPPED', 'warning', { tip: 'Lower the sensors\' publish rate or split the plant over several cores; see safetwin_live_samples_dropped_total' }));
      this.lastDropMs = nowMs;
    } else if (this.lastDropMs !== null && nowMs - this.lastDropMs > DROPS_PROBLEM_CLEAR_MS) {
      this.lastDropMs = null;
      this.options.bus.publish('problemCleared', { code: 'ST_ERR_LIVE_SAMPLES_DROPPED' });
    }
  }

  private publishTransitions(transitions: AlarmTransition[]): void {
    // Causal order on the bus: the samples behind an alarm go out before it, so a recorder (and a
    // replay seeking to the alarm) sees the value that raised it.
    if (transitions.length > 0) this.flushSamples();
    for (const transition of transitions) {
      this.options.metrics.alarmTransitions.inc({ action: transition.action });
      this.options.bus.publish('alarmTransition', transition);
      const index = transition.alarm.sourceKind === 'sensor' ? this.tags.indexOf(transition.alarm.sourceId) : undefined;
      if (index !== undefined) this.changes.touchSensor(index);
    }
  }

  /** An operator's alarm command; its transitions go on the bus like any other. */
  command(command: AlarmCommand, user: string): AlarmCommandResult {
    const { transitions, errors } = this.options.alarms.command(command, user, this.now());
    this.publishTransitions(transitions);
    return { applied: transitions.length, errors };
  }

  alarmSummary(index: number): ReturnType<AlarmEvaluator['sensorAlarmSummary']> {
    return this.options.alarms.sensorAlarmSummary(index);
  }

  /** The sensor's data-quality score now (alarms/dataQualityScore: stale, quality, comm loss, stuck, drift). */
  dataQuality(index: number): SensorDataQuality {
    const input = { quality: this.tags.qualityOf(index), lastReceivedMs: this.tags.receivedMs[index]!, staleAfterMs: this.options.staleAfterMs(index), conditions: this.options.alarms.sensorConditionFlags(index) };
    return sensorDataQuality(input, this.now());
  }

  isStale(index: number): boolean {
    return this.staleSince[index] === 1;
  }

  readSensor(index: number): SensorReading {
    this.reading.value = this.tags.values[index]!;
    this.reading.sampleTsMs = this.tags.sampleTsMs[index]!;
    this.reading.flags = sensorFlagByte(this.tags.quality[index]!, this.isStale(index), this.options.alarms.sensorAlarmSummary(index));
    return this.reading;
  }

  pictureMs(): number {
    return this.now();
  }

  workerPositions(): WorkerPosition[] {
    return [...this.workers.values()];
  }
}
