import type { Alarm, AlarmTransition, DispersionZones, EvacuationBoard, MqttLinkState, ReplaySnapshot, WorkerPosition } from '../contracts/index.js';
import { MAX_STANDING_BOARDS, type KeyframeMessage, type SampleBatchMessage } from './recordingFormat.js';

/** A sample batch as parallel columns: the recorded JSON arrays, or the live bus's typed arrays. */
export type SampleColumns = { sensorIndex: ArrayLike<number>; value: ArrayLike<number | null>; sampleTsMs: ArrayLike<number>; quality: ArrayLike<number> };

/** Quality code of a sensor that has never reported (as in the live TagTable). */
export const QUALITY_NONE = 255;

/**
 * The plant as the control room sees it, rebuilt from recorded messages: last sample per sensor,
 * alarms not in the normal state, last position per badge, the broker link. The recorder keeps one
 * to write keyframes; the replay player keeps one to show any instant. Every update is "set this
 * key", so re-applying a suffix of the history leaves the same state (seeks may overlap a keyframe).
 */
export class PlantState {
  readonly values: Float64Array;
  readonly sampleTsMs: Float64Array;
  /** 0 good, 1 uncertain, 2 bad, 255 never reported. */
  readonly quality: Uint8Array;
  readonly alarms = new Map<string, Alarm>();
  readonly workers = new Map<string, WorkerPosition>();
  mqttLink: MqttLinkState | null = null;
  /** The leak-study zones standing (the last recorded picture with a cloud), or null. */
  dispersion: DispersionZones | null = null;
  /** A drill's own cloud standing (the last recorded drill picture with a cloud), or null. */
  drillDispersion: DispersionZones | null = null;
  /** The evacuation boards of the runs going on (a run's last recorded board until its 'ended' one), by run id. */
  readonly evacuationBoards = new Map<string, EvacuationBoard>();

  constructor(readonly sensorCount: number) {
    this.values = new Float64Array(sensorCount).fill(Number.NaN);
    this.sampleTsMs = new Float64Array(sensorCount).fill(Number.NEGATIVE_INFINITY);
    this.quality = new Uint8Array(sensorCount).fill(QUALITY_NONE);
  }

  /** Applies a batch; `onSensor` hears every index written (for dirty marks). Indices beyond the scene are ignored. */
  applySamples(batch: SampleColumns, onSensor?: (index: number) => void): void {
    const { sensorIndex, value, sampleTsMs, quality } = batch;
    for (let i = 0; i < sensorIndex.length; i++) {
      const index = sensorIndex[i]!;
      if (index >= this.sensorCount) continue;
      this.values[index] = value[i] ?? Number.NaN;
      this.sampleTsMs[index] = sampleTsMs[i]!;
      this.quality[index] = quality[i]!;
      onSensor?.(index);
    }
  }

  applyTransition(transition: AlarmTransition): void {
    if (transition.alarm.state === 'normal') this.alarms.delete(transition.alarm.alarmId);
    else this.alarms.set(transition.alarm.alarmId, transition.alarm);
  }

  applyWorker(position: WorkerPosition): void {
    this.workers.set(position.badgeId, position);
  }

  /** Replaces everything with a keyframe's content. */
  loadKeyframe(keyframe: KeyframeMessage): void {
    this.values.fill(Number.NaN);
    this.sampleTsMs.fill(Number.NEGATIVE_INFINITY);
    this.quality.fill(QUALITY_NONE);
    this.applySamples(keyframe.sensors);
    this.alarms.clear();
    for (const alarm of keyframe.alarms) this.alarms.set(alarm.alarmId, alarm);
    this.workers.clear();
    for (const worker of keyframe.workers) this.workers.set(worker.badgeId, worker);
    this.mqttLink = keyframe.mqttLink;
    this.dispersion = keyframe.dispersion ?? null;
    this.drillDispersion = keyframe.drillDispersion ?? null;
    this.evacuationBoards.clear();
    for (const board of keyframe.evacuationBoards ?? []) this.applyEvacuationBoard(board);
  }

  /** A recorded leak-study picture: an empty one means the clouds are gone. */
  applyDispersion(zones: DispersionZones): void {
    this.dispersion = zones.zones.length > 0 ? zones : null;
  }

  /** A recorded drill cloud: an empty one means the drill's cloud is gone (or the drill ended). */
  applyDrillDispersion(zones: DispersionZones): void {
    this.drillDispersion = zones.zones.length > 0 ? zones : null;
  }

  /**
   * A recorded board: the run's board from now on; its 'ended' board means the run is over and its board
   * off the screens (as live). Bounded: a run whose end never reached the record (the core stopped) gives
   * way to newer ones.
   */
  applyEvacuationBoard(board: EvacuationBoard): void {
    this.evacuationBoards.delete(board.runId);
    if (board.phase === 'ended') return;
    this.evacuationBoards.set(board.runId, board);
    for (const runId of this.evacuationBoards.keys()) {
      if (this.evacuationBoards.size <= MAX_STANDING_BOARDS) break;
      this.evacuationBoards.delete(runId);
    }
  }

  /** The boards standing, as the evacuation panel lists them: a live evacuation before a drill. */
  standingEvacuationBoards(): EvacuationBoard[] {
    return [...this.evacuationBoards.values()].sort((a, b) => (a.mode === b.mode ? a.runId.localeCompare(b.runId) : a.mode === 'live' ? -1 : 1));
  }

  /** Sensors that have reported, as parallel arrays. */
  reportedSensors(): SampleBatchMessage {
    const batch: SampleBatchMessage = { sensorIndex: [], value: [], sampleTsMs: [], quality: [] };
    for (let i = 0; i < this.sensorCount; i++) {
      if (this.quality[i] === QUALITY_NONE) continue;
      batch.sensorIndex.push(i);
      const value = this.values[i]!;
      batch.value.push(Number.isFinite(value) ? value : null);
      batch.sampleTsMs.push(this.sampleTsMs[i]!);
      batch.quality.push(this.quality[i]!);
    }
    return batch;
  }

  toKeyframe(): KeyframeMessage {
    return { sensors: this.reportedSensors(), alarms: [...this.alarms.values()], workers: [...this.workers.values()], mqttLink: this.mqttLink, dispersion: this.dispersion, drillDispersion: this.drillDispersion, evacuationBoards: this.standingEvacuationBoards() };
  }

  toSnapshot(tsMs: number): ReplaySnapshot {
    const sensors = this.reportedSensors();
    return {
      tsMs,
      sensors: { indices: sensors.sensorIndex, values: sensors.value.map((v) => v ?? Number.NaN), sampleTsMs: sensors.sampleTsMs, qualities: sensors.quality },
      alarms: [...this.alarms.values()],
      workers: [...this.workers.values()],
    };
  }
}
