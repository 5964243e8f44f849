import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Problem, TimelineIndex } from '../contracts/index.js';
import { decodeMessage, type ChannelPayloads } from './messageCodec.js';
import { PlantState } from './PlantState.js';
import { recordingError, RecordingError } from './recordingErrors.js';
import { PARTIAL_EXTENSION, RECORDING_EXTENSION, type ChannelKind, type SampleBatchMessage } from './recordingFormat.js';
import { RecordingFile } from './RecordingFile.js';
import { mergeMarkers } from './TimelineMarkers.js';

/** A decoded recorded message, its sensor indices already mapped to the set's sensor list. */
export type ReplayMessage = { [K in ChannelKind]: { kind: K; logMs: number; payload: ChannelPayloads[K] } }[ChannelKind];

export type OpenRecordingsInput =
  /** Explicit files (any order; sorted by start time). */
  | { files: string[]; sensorIds?: string[] }
  /** Every recording in `dir` overlapping [fromMs, toMs], the one being written included. */
  | { dir: string; fromMs: number; toMs: number; sensorIds?: string[] };

/**
 * One or more consecutive recordings replayed as one: a time range, a merged timeline index,
 * `stateAt(t)` from the nearest keyframe, and ordered message reading across files. Sample
 * indices are mapped to one sensor list (the caller's scene, or the first file's), so files recorded
 * before a scene edit still land on the right sensors.
 */
export class RecordingSet {
  private constructor(
    readonly files: RecordingFile[],
    readonly sensorIds: string[],
    /** Per file: recorded sensor index → set index (-1: sensor no longer exists). */
    private readonly remaps: (Int32Array | null)[],
    /** Files of the folder that could not be opened (damaged, foreign, newer): shown, not fatal. */
    readonly skipped: Problem[],
  ) {}

  static async open(input: OpenRecordingsInput): Promise<RecordingSet> {
    let paths: string[];
    if ('files' in input) paths = input.files;
    else {
      let names: string[];
      try {
        names = await readdir(input.dir);
      } catch {
        throw recordingError('ST_ERR_RECORDING_NOT_FOUND', `the recordings folder ${input.dir} does not exist`);
      }
      // The file being recorded (.mcap.part) is read up to its last flushed chunk: a range that reaches
      // into the current hour includes it without the recorder rotating (issue 13 item 6).
      paths = names.filter((n) => n.endsWith(RECORDING_EXTENSION) || n.endsWith(PARTIAL_EXTENSION)).map((n) => path.join(input.dir, n));
    }
    if (paths.length === 0) throw recordingError('ST_ERR_RECORDING_RANGE', 'no recording files given or found');
    const files: RecordingFile[] = [];
    const skipped: Problem[] = [];
    try {
      for (const filePath of paths) {
        try {
          files.push(await RecordingFile.open(filePath));
        } catch (error) {
          // Scanning a folder for a range: a damaged file elsewhere in it must not block this replay.
          if ('dir' in input && error instanceof RecordingError) {
            skipped.push({ ...error.toProblem(), severity: 'warning' });
            continue;
          }
          throw error;
        }
      }
      let chosen = files.sort((a, b) => a.startMs - b.startMs);
      if ('dir' in input) {
        chosen = files.filter((f) => f.endMs >= input.fromMs && f.startMs <= input.toMs);
        for (const file of files) if (!chosen.includes(file)) await file.close();
        if (chosen.length === 0) throw recordingError('ST_ERR_RECORDING_RANGE', `no recording in ${input.dir} covers ${new Date(input.fromMs).toISOString()} – ${new Date(input.toMs).toISOString()}`);
      }
      const sensorIds = input.sensorIds ?? chosen[0]!.meta.sensorIds;
      const indexOf = new Map(sensorIds.map((id, i) => [id, i]));
      const remaps = chosen.map((file) => {
        const remap = Int32Array.from(file.meta.sensorIds, (id) => indexOf.get(id) ?? -1);
        // Same sensor list (the usual case): no per-sample rewrite.
        return remap.length === sensorIds.length && remap.every((to, from) => to === from) ? null : remap;
      });
      return new RecordingSet(chosen, sensorIds, remaps, skipped);
    } catch (error) {
      for (const file of files) await file.close();
      throw error;
    }
  }

  get startMs(): number {
    return this.files[0]!.startMs;
  }

  get endMs(): number {
    return Math.max(...this.files.map((f) => f.endMs));
  }

  get siteId(): string {
    return this.files[0]!.meta.siteId;
  }

  async index(): Promise<TimelineIndex> {
    const channels = new Map<string, { topic: string; schemaName: string; messages: number }>();
    for (const file of this.files) {
      for (const channel of file.channels) {
        const entry = channels.get(channel.topic) ?? { topic: channel.topic, schemaName: channel.schemaName, messages: 0 };
        entry.messages += channel.messages;
        channels.set(channel.topic, entry);
      }
    }
    const markerLists = [];
    for (const file of this.files) markerLists.push(await file.markers());
    return {
      files: this.files.map((f) => ({ name: f.name, startMs: f.startMs, endMs: f.endMs, bytes: f.bytes })),
      startMs: this.startMs,
      endMs: this.endMs,
      channels: [...channels.values()],
      markers: mergeMarkers(markerLists),
      siteId: this.siteId,
    };
  }

  /** Throws a coded error when t lies outside the recordings. */
  checkInRange(tMs: number): void {
    if (!Number.isFinite(tMs) || tMs < this.startMs || tMs > this.endMs) {
      throw recordingError('ST_ERR_REPLAY_SEEK_RANGE', `${Number.isFinite(tMs) ? new Date(tMs).toISOString() : String(tMs)} is outside ${new Date(this.startMs).toISOString()} – ${new Date(this.endMs).toISOString()}`);
    }
  }

  /**
   * The plant at t: the last keyframe at or before t, then every message up to and including t.
   * Between two files (recorder stopped) the state is the earlier file's last.
   */
  async stateAt(tMs: number, into = new PlantState(this.sensorIds.length)): Promise<PlantState> {
    this.checkInRange(tMs);
    let fileIndex = 0;
    for (let i = 0; i < this.files.length; i++) if (this.files[i]!.startMs <= tMs) fileIndex = i;
    const file = this.files[fileIndex]!;
    const firstChunk = file.keyframeChunkAt(tMs) ?? 0;
    into.loadKeyframe({ sensors: { sensorIndex: [], value: [], sampleTsMs: [], quality: [] }, alarms: [], workers: [], mqttLink: null });
    for await (const message of this.readFile(fileIndex, Number.NEGATIVE_INFINITY, tMs, STATE_KINDS, firstChunk)) applyToState(into, message);
    return into;
  }

  /** Messages with fromMs < logMs ≤ toMs across the files, in time order. */
  async *messagesBetween(fromMsExclusive: number, toMs: number, kinds?: ReadonlySet<ChannelKind>): AsyncGenerator<ReplayMessage> {
    for (let i = 0; i < this.files.length; i++) {
      const file = this.files[i]!;
      if (file.endMs <= fromMsExclusive || file.startMs > toMs) continue;
      for await (const message of this.readFile(i, fromMsExclusive, toMs, kinds)) {
        if (message.logMs > fromMsExclusive) yield message;
      }
    }
  }

  private async *readFile(fileIndex: number, fromMs: number, toMs: number, kinds?: ReadonlySet<ChannelKind>, firstChunk = 0): AsyncGenerator<ReplayMessage> {
    const file = this.files[fileIndex]!;
    const remap = this.remaps[fileIndex] ?? null;
    for await (const raw of file.messages(fromMs, toMs, kinds, firstChunk)) {
      const payload = decodeMessage(raw.kind, raw.data, file.name);
      if (remap && raw.kind === 'samples') remapSamples(payload as SampleBatchMessage, remap);
      else if (remap && raw.kind === 'keyframe') remapSamples((payload as ChannelPayloads['keyframe']).sensors, remap);
      yield { kind: raw.kind, logMs: raw.logMs, payload } as ReplayMessage;
    }
  }

  async close(): Promise<void> {
    for (const file of this.files) await file.close();
  }
}

/** The channels that make up plant state (others are events for the timeline and report). */
export const STATE_KINDS: ReadonlySet<ChannelKind> = new Set(['samples', 'alarmTransition', 'worker', 'mqttLink', 'keyframe', 'dispersion', 'drillDispersion', 'evacuationBoard']);

export function applyToState(state: PlantState, message: ReplayMessage, onSensor?: (index: number) => void): void {
  switch (message.kind) {
    case 'keyframe':
      state.loadKeyframe(message.payload);
      return;
    case 'samples':
      state.applySamples(message.payload, onSensor);
      return;
    case 'alarmTransition':
      state.applyTransition(message.payload);
      return;
    case 'worker':
      state.applyWorker(message.payload);
      return;
    case 'mqttLink':
      state.mqttLink = message.payload.state;
      return;
    case 'dispersion':
      state.applyDispersion(message.payload);
      return;
    case 'drillDispersion':
      state.applyDrillDispersion(message.payload);
      return;
    case 'evacuationBoard':
      state.applyEvacuationBoard(message.payload);
      return;
    default:
      return;
  }
}

/** Rewrites recorded indices in place; samples of sensors the set does not know get an index past the end (ignored). */
function remapSamples(batch: SampleBatchMessage, remap: Int32Array): void {
  const indices = batch.sensorIndex;
  for (let i = 0; i < indices.length; i++) {
    const mapped = remap[indices[i]!];
    indices[i] = mapped === undefined || mapped < 0 ? Number.MAX_SAFE_INTEGER : mapped;
  }
}
