import { z } from 'zod';
import { AlarmPrioritySchema, AlarmSchema } from './alarms.js';
import { ActiveLeakSchema, DispersionGridSchema, DispersionSnapshotSchema, ThreatZoneSchema } from './dispersion.js';
import { WorkerPositionSchema } from './live.js';
import { LocalizedTextSchema } from './scene.js';

/**
 * Replay of recorded incidents (MCAP recordings written by the core's recorder): the recording-only
 * parts (timeline index, bookmarks, recorded pictures, problem codes). The replay player itself speaks
 * the one player contract (player.ts).
 */

/** HTTP download of an exported training package: GET <path>/<file name from replay:export> (docs/http-api.md). */
export const REPLAY_EXPORTS_PATH = '/api/replay/exports';
/** Stable codes for recording and replay problems (ST_ERR_<AREA>_<WHAT>). */
export const RECORDING_PROBLEM_CODES = {
  ST_ERR_RECORDING_NOT_FOUND: 'The recording file does not exist',
  ST_ERR_RECORDING_NOT_MCAP: 'The file is not an MCAP recording',
  ST_ERR_RECORDING_CORRUPT: 'The recording is damaged',
  ST_ERR_RECORDING_TRUNCATED: 'The recording ends early (the recorder stopped without closing it)',
  ST_ERR_RECORDING_FOREIGN: 'The MCAP file was not written by SafeTwin',
  ST_ERR_RECORDING_VERSION: 'The recording was written by a newer SafeTwin',
  ST_ERR_RECORDING_EMPTY: 'The recording holds no data',
  ST_ERR_RECORDING_RANGE: 'No recording covers that time range',
  ST_ERR_REPLAY_SEEK_RANGE: 'That instant is outside the recording',
  ST_ERR_RECORDING_DROPPED: 'The recorder could not keep up and dropped records',
  ST_ERR_RECORDING_WRITE: 'The recorder cannot write its file',
  ST_ERR_RECORDING_RETENTION: 'Recordings were deleted early to stay within the disk budget',
  ST_ERR_AUDIT_TAMPERED: 'The audit journal does not verify',
} as const;
export type RecordingProblemCode = keyof typeof RECORDING_PROBLEM_CODES;

/**
 * What a drill, simulation or incident mark records, by code with the names it needs (issue 12.7), so
 * that the replay timeline and the incident report word it in their own language. The mark's `label`
 * keeps the English for logs, the historian and readers of recordings made before codes; a user's own
 * note carries no code: its text stays as typed.
 */
export const TIMELINE_MARK_CODES = [
  'drillStarted',
  'drillEnded',
  'evacuationOrdered',
  'evacuationStoodDown',
  // A what-if leak study, and a release simulated on the demo plant (issue 12.5 keeps them apart).
  'leakStudyStarted',
  'simulatedReleaseStarted',
  'leakStopped',
  // A study's input and output were recorded (the simulationRun channel).
  'simulationRecorded',
] as const;
export type TimelineMarkCode = (typeof TIMELINE_MARK_CODES)[number];
/** One flat object, not a union per code: its JSON Schema is written into every recording file. */
export const TimelineMarkWhatSchema = z.object({
  code: z.enum(TIMELINE_MARK_CODES),
  /** The drill's scenario (drillStarted, drillEnded). */
  scenario: LocalizedTextSchema.optional(),
  /** The leak's equipment tag and substance (leakStudyStarted, simulatedReleaseStarted). */
  equipmentId: z.string().optional(),
  substance: LocalizedTextSchema.optional(),
  /** The study's kind (simulationRecorded): dispersion, evacuation, … */
  model: z.string().optional(),
});
export type TimelineMarkWhat = z.infer<typeof TimelineMarkWhatSchema>;

/** Timeline marks: alarm activations and operator actions by priority, drill/simulation/incident spans. */
export const TIMELINE_MARKER_KINDS = ['alarm', 'operatorAction', 'drill', 'simulation', 'incident', 'note'] as const;
export const TimelineMarkerSchema = z.object({
  kind: z.enum(TIMELINE_MARKER_KINDS),
  tsMs: z.number(),
  /** End of a span (drills, simulation runs); absent for instants. */
  endMs: z.number().optional(),
  label: z.string(),
  /** What a drill, simulation or incident mark records, by code; absent for alarms, operator actions, notes and older recordings. */
  what: TimelineMarkWhatSchema.optional(),
  priority: AlarmPrioritySchema.optional(),
  alarmId: z.string().optional(),
  /** User who acted (operator actions), "system" for rules. */
  by: z.string().optional(),
  /** Pairs the start and end of a span recorded in different files. */
  spanId: z.string().optional(),
});
export type TimelineMarker = z.infer<typeof TimelineMarkerSchema>;

export const RecordingChannelSummarySchema = z.object({ topic: z.string(), schemaName: z.string(), messages: z.number().int().nonnegative() });

export const TimelineIndexSchema = z.object({
  files: z.array(z.object({ name: z.string(), startMs: z.number(), endMs: z.number(), bytes: z.number().int().nonnegative() })),
  startMs: z.number(),
  endMs: z.number(),
  channels: z.array(RecordingChannelSummarySchema),
  markers: z.array(TimelineMarkerSchema),
  siteId: z.string(),
});
export type TimelineIndex = z.infer<typeof TimelineIndexSchema>;

/** Bookmarks and annotations live in a JSON sidecar beside the recording, never inside it. */
export const BookmarkSchema = z.object({
  id: z.string().min(1).max(64),
  kind: z.enum(['bookmark', 'annotation']),
  tsMs: z.number(),
  endMs: z.number().optional(),
  label: z.string().trim().min(1).max(200),
  note: z.string().max(5000).optional(),
  by: z.string().min(1).max(100),
  createdAtMs: z.number(),
});
export type Bookmark = z.infer<typeof BookmarkSchema>;
export const NewBookmarkSchema = BookmarkSchema.omit({ id: true, createdAtMs: true, by: true });
export type NewBookmark = z.infer<typeof NewBookmarkSchema>;

/**
 * The plant as of one instant, sent after a seek before playing on (backfill): the last value of
 * every sensor that had reported, the alarms not in the normal state, the last position of every badge.
 */
export const ReplaySnapshotSchema = z.object({
  tsMs: z.number(),
  sensors: z.object({ indices: z.array(z.number().int().nonnegative()), values: z.array(z.number()), sampleTsMs: z.array(z.number()), qualities: z.array(z.number().int()) }),
  alarms: z.array(AlarmSchema),
  workers: z.array(WorkerPositionSchema),
});
export type ReplaySnapshot = z.infer<typeof ReplaySnapshotSchema>;

/** The most cells a recorded haze raster holds (128 × 128): the live grid is pooled into blocks until it fits. */
export const RECORDED_HAZE_MAX_CELLS = 16_384;
/** Quantisation steps above the floor: byte 0 is "below the floor", bytes 1..255 a log scale from the floor to the field's maximum. */
const HAZE_STEPS = 254;

const base64Length = (bytes: number) => 4 * Math.ceil(bytes / 3);

/**
 * The concentration haze as recorded (issue 12.6: a replay shows the cloud as it was on screen, not only
 * its outlines): the live grid pooled into blocks (each block the highest concentration in it, so a
 * block never reads lower than any cell of it) until it has at most RECORDED_HAZE_MAX_CELLS cells, and
 * each leak's field quantised to one byte per cell on a log scale between `floorMgM3` and `maxMgM3`
 * (recordedHazeValues reads it back; docs/recording.md gives the precision).
 * Cell (i, j) is centred at (x0 + i·dxM, y0 + j·dyM), rows from the south, as the live grid.
 */
export const RecordedHazeSchema = DispersionGridSchema.omit({ zM: true })
  .extend({
    fields: z.array(
      z.object({
        leakId: z.string(),
        /** Concentrations below this (mg/m³) are not kept: byte 0. */
        floorMgM3: z.number().positive(),
        /** The field's highest concentration (mg/m³): byte 255. */
        maxMgM3: z.number().min(0),
        /** nx·ny bytes, base64, row-major from the south-west cell. */
        levels: z.string(),
      }),
    ),
  })
  .refine((h) => h.nx * h.ny <= RECORDED_HAZE_MAX_CELLS, { message: `at most ${RECORDED_HAZE_MAX_CELLS} cells` })
  .refine((h) => h.fields.every((f) => f.levels.length === base64Length(h.nx * h.ny)), { message: 'levels must hold nx·ny bytes' });
export type RecordedHaze = z.infer<typeof RecordedHazeSchema>;

/** A recorded field's concentrations (mg/m³), each cell the centre of its step on the log scale; 0 below the floor. */
export function recordedHazeValues(haze: RecordedHaze, field: RecordedHaze['fields'][number]): Float32Array {
  const cells = haze.nx * haze.ny;
  // atob: in every browser and in Node ≥ 16 (the contracts are compiled without the DOM library's types).
  const text = (globalThis as unknown as { atob(base64: string): string }).atob(field.levels);
  const values = new Float32Array(cells);
  const logSpan = Math.log(Math.max(field.maxMgM3, field.floorMgM3) / field.floorMgM3);
  for (let c = 0; c < cells && c < text.length; c++) {
    const q = text.charCodeAt(c);
    if (q > 0) values[c] = field.floorMgM3 * Math.exp((logSpan * (q - 1)) / HAZE_STEPS);
  }
  return values;
}

/** The quantisation step (0..255) of a concentration on a field's log scale (the recorder's half of recordedHazeValues). */
export function recordedHazeLevel(valueMgM3: number, floorMgM3: number, maxMgM3: number): number {
  if (!(valueMgM3 >= floorMgM3)) return 0;
  const logSpan = Math.log(Math.max(maxMgM3, floorMgM3) / floorMgM3);
  if (logSpan === 0) return 1;
  return 1 + Math.min(HAZE_STEPS, Math.max(0, Math.round((HAZE_STEPS * Math.log(valueMgM3 / floorMgM3)) / logSpan)));
}

/**
 * The leak studies' picture as recorded for replay (issue 12.6: a replay shows the clouds that were on
 * screen): the leaks, the wind, the threat-zone outlines and a coarse, quantised concentration haze
 * (`haze`; absent in recordings made before it, which replay as outlines). An empty `zones` list means no
 * cloud. The same shape records a drill's own cloud on its own channel (/drill/dispersion).
 * Leaks and zones are recorded whole but read back checking only what a replay draws (loose): a field
 * the live contracts add later must not make older recordings unreadable.
 */
export const DispersionZonesSchema = z
  .object({
    atMs: z.number(),
    wind: DispersionSnapshotSchema.shape.wind,
    leaks: z.array(ActiveLeakSchema.pick({ leakId: true, equipmentId: true, substanceId: true }).loose()),
    zones: z.array(ThreatZoneSchema.pick({ leakId: true, level: true, thresholdPpm: true, rings: true }).loose()),
    haze: RecordedHazeSchema.optional(),
  })
  .describe("The leak studies' threat zones, wind and coarse concentration haze at an instant (outlines in plant metres, rounded to 0.1 m)");
export type DispersionZones = z.infer<typeof DispersionZonesSchema>;
