import type { Kysely } from 'kysely';
import { decodeMessage, RecordingFile, type ChannelKind, type MarkerMessage, type SampleBatchMessage, type SimulationRunMessage } from '../recording/index.js';
import type { AlarmTransition } from '../contracts/index.js';
import { alarmTransitionRow, batchRowCount, emptyBatch, markerRow, SampleColumnBuffer, simulationRunRow, type HistorianBatch } from './historianBatch.js';
import { compactMinuteDays } from './minuteDays.js';
import type { HistorianDatabase } from './schema.js';
import { SensorKeys, writeBatch } from './writeBatch.js';

/**
 * What a back-fill reads from a recording. Badge positions and camera detections are left out: they are
 * personal data (issue 16.3 "least necessary", kept 30 days), and an old recording's would only be
 * deleted again by retention; the recording itself still holds them for replay.
 */
const IMPORTED_KINDS: ReadonlySet<ChannelKind> = new Set(['samples', 'alarmTransition', 'marker', 'simulationRun']);

// Samples per transaction: large enough that per-transaction costs vanish (20,000 made a 1,000-sensor hour
// 17 % slower: 58.8 s against 50.3 s, docs/historian.md), small enough that a batch stays a few MB in
// memory and that SQLite's write lock is held about a second (37,000 samples/s on the loaded 2-core
// machine): a core writing the same embedded file waits for it within its busy timeout (5 s,
// openHistorianDb.ts) instead of seeing the database as lost.
const SAMPLES_PER_WRITE = 50_000;

/*
 * A marker or study has no time of its own: the live writer stamps it with its clock when the bus
 * carries it, the recorder with its log time at the same moment. They differ by the order the bus calls
 * its handlers (well under a second), so a stored event within this slack is the same event.
 */
const EVENT_CLOCK_SLACK_MS = 60_000;

export interface ImportProgress {
  file: string;
  /** Share of the file's time span read so far, 0..1. */
  fraction: number;
  samplesRead: number;
}

export interface ImportResult {
  file: string;
  startMs: number;
  endMs: number;
  samplesRead: number;
  /** New raw samples; the rest of those read were already in the historian (the same sensor and time). */
  samplesInserted: number;
  /** Not finite (recorded as null) or of a sensor index the file's sensor list lacks: never stored. */
  samplesRejected: number;
  alarmTransitionsInserted: number;
  markersInserted: number;
  operatorActionsInserted: number;
  /** Events already stored (an earlier import, or the live writer while the file was recorded). */
  eventsSkipped: number;
  /** Day blocks of the 1-minute tier written for the closed days the file touched (minuteDays.ts). */
  minuteDayBlocksWritten: number;
}

/**
 * Back-fills one recording into the historian through the writer's own path (writeBatch), so the raw
 * tier and the 1-min and 1-h aggregates are built exactly as live. Exactly once: raw samples already
 * stored are skipped by their primary key and the aggregates are built from the rows actually inserted;
 * alarm transitions, markers and studies already stored are recognised by what identifies them (below)
 * and not written again. The closed days it wrote to are then compacted into day blocks. The migrations must have run.
 */
export async function importRecording(db: Kysely<HistorianDatabase>, filePath: string, options: { onProgress?: (progress: ImportProgress) => void; sensorKeys?: SensorKeys } = {}): Promise<ImportResult> {
  const file = await RecordingFile.open(filePath);
  const sensorKeys = options.sensorKeys ?? new SensorKeys();
  const result: ImportResult = { file: file.name, startMs: file.startMs, endMs: file.endMs, samplesRead: 0, samplesInserted: 0, samplesRejected: 0, alarmTransitionsInserted: 0, markersInserted: 0, operatorActionsInserted: 0, eventsSkipped: 0, minuteDayBlocksWritten: 0 };
  const spanMs = Math.max(1, file.endMs - file.startMs);
  let batch = emptyBatch();
  // The file's sensor ids, its samples by index into them (as recorded).
  const samples = new SampleColumnBuffer(file.meta.sensorIds);
  const write = async () => {
    batch.samples = samples.take();
    if (batchRowCount(batch) === 0) return;
    const events = await withoutStoredEvents(db, batch);
    result.eventsSkipped += batch.alarms.length + batch.markers.length + batch.actions.length - (events.alarms.length + events.markers.length + events.actions.length);
    const written = await writeBatch(db, { ...batch, ...events }, sensorKeys);
    result.samplesInserted += written.samplesInserted;
    result.alarmTransitionsInserted += events.alarms.length;
    result.markersInserted += events.markers.length;
    result.operatorActionsInserted += events.actions.length;
    batch = emptyBatch();
  };
  try {
    const sensorIds = file.meta.sensorIds;
    for await (const message of file.messages(Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, IMPORTED_KINDS)) {
      const payload = decodeMessage(message.kind, message.data, file.name);
      switch (message.kind) {
        case 'samples': {
          const recorded = payload as SampleBatchMessage;
          for (let i = 0; i < recorded.sensorIndex.length; i++) {
            const sensorId = sensorIds[recorded.sensorIndex[i]!];
            const value = recorded.value[i];
            result.samplesRead += 1;
            if (sensorId === undefined || typeof value !== 'number' || !Number.isFinite(value)) {
              result.samplesRejected += 1;
              continue;
            }
            samples.push(recorded.sensorIndex[i]!, recorded.sampleTsMs[i]!, value, recorded.quality[i]!);
          }
          break;
        }
        case 'alarmTransition':
          batch.alarms.push(alarmTransitionRow(payload as AlarmTransition));
          break;
        case 'marker':
          batch.markers.push(markerRow(payload as MarkerMessage, message.logMs));
          break;
        case 'simulationRun':
          batch.actions.push(simulationRunRow(payload as SimulationRunMessage, message.logMs));
          break;
        default:
          break;
      }
      if (samples.count >= SAMPLES_PER_WRITE) {
        await write();
        options.onProgress?.({ file: file.name, fraction: Math.min(1, (message.logMs - file.startMs) / spanMs), samplesRead: result.samplesRead });
      }
    }
    await write();
    // Closed days the file wrote to are marked stale by writeBatch: their blocks now, so charts of
    // back-filled months read blocks at once, not after the core's next compaction.
    result.minuteDayBlocksWritten = (await compactMinuteDays(db, Date.now())).blocksWritten;
    options.onProgress?.({ file: file.name, fraction: 1, samplesRead: result.samplesRead });
    return result;
  } finally {
    await file.close();
  }
}

const timeRange = (times: number[]) => [Math.min(...times) - EVENT_CLOCK_SLACK_MS, Math.max(...times) + EVENT_CLOCK_SLACK_MS] as const;

/**
 * The batch's events that the historian does not hold yet. An alarm transition is identified by its
 * alarm, time (the alarm engine's, recorded in the message), action and resulting state; a marker by its
 * id, kind and phase; a study by its run id. Markers and studies match within EVENT_CLOCK_SLACK_MS.
 */
async function withoutStoredEvents(db: Kysely<HistorianDatabase>, batch: HistorianBatch): Promise<Pick<HistorianBatch, 'alarms' | 'markers' | 'actions'>> {
  let { alarms, markers, actions } = batch;
  if (alarms.length > 0) {
    const [from, to] = timeRange(alarms.map((a) => a.atMs));
    const stored = await db.selectFrom('alarm_transitions').select(['at_ms', 'alarm_id', 'action', 'state']).where('at_ms', '>=', from).where('at_ms', '<=', to).execute();
    const seen = new Set(stored.map((s) => `${Number(s.at_ms)}\n${s.alarm_id}\n${s.action}\n${s.state}`));
    alarms = alarms.filter((a) => !seen.has(`${a.atMs}\n${a.alarmId}\n${a.action}\n${a.state}`));
  }
  if (markers.length > 0) {
    const [from, to] = timeRange(markers.map((m) => m.atMs));
    const stored = await db.selectFrom('markers').select(['kind', 'phase', 'marker_id']).where('at_ms', '>=', from).where('at_ms', '<=', to).execute();
    const seen = new Set(stored.map((s) => `${s.kind}\n${s.phase}\n${s.marker_id}`));
    markers = markers.filter((m) => !seen.has(`${m.kind}\n${m.phase}\n${m.markerId}`));
  }
  if (actions.length > 0) {
    const [from, to] = timeRange(actions.map((a) => a.atMs));
    const stored = await db.selectFrom('operator_actions').select(['action', 'target']).where('at_ms', '>=', from).where('at_ms', '<=', to).execute();
    const seen = new Set(stored.map((s) => `${s.action}\n${s.target}`));
    actions = actions.filter((a) => !seen.has(`${a.action}\n${a.target}`));
  }
  return { alarms, markers, actions };
}
