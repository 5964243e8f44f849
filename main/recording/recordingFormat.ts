import { z } from 'zod';
import { AlarmTransitionSchema, DispersionZonesSchema, EvacuationBoardSchema, MQTT_LINK_STATES, ProblemSchema, TimelineMarkWhatSchema, WorkerPositionSchema } from '../contracts/index.js';

/**
 * The SafeTwin recording format: MCAP files with JSON messages described by JSON Schemas
 * (`jsonschema` schema encoding, `json` message encoding), so Foxglove and the `mcap` CLI open them
 * without plug-ins. docs/recording.md documents every channel; bump RECORDING_FORMAT_VERSION when a
 * message changes incompatibly (readers refuse newer versions instead of misreading them).
 */
export const RECORDING_FORMAT_VERSION = 1;
/** The MCAP header profile: marks files written by SafeTwin (foreign MCAP files have another). */
export const RECORDING_PROFILE = 'safetwin';
/** File-level metadata record written first in every file. */
export const RECORDING_METADATA_NAME = 'safetwin.recording';
/** Timeline index (alarm and drill markers) written when a file closes, so opening never scans. */
export const INDEX_METADATA_NAME = 'safetwin.index';
export const RECORDING_EXTENSION = '.mcap';
/** A file still being written; recovered on the next start if the recorder died. */
export const PARTIAL_EXTENSION = '.mcap.part';

/**
 * Samples on the wire (JSON): parallel arrays, timestamps as offsets from the batch's earliest one
 * and quality left out when every sample is good. Per sample this is about 15 bytes instead of 30:
 * an epoch-ms timestamp and a quality per sample were half of each sample's bytes.
 */
export const SampleBatchWireSchema = z
  .object({
    t0Ms: z.number().describe('earliest source timestamp in the batch, epoch ms'),
    sensorIndex: z.array(z.number().int().nonnegative()).describe('scene sensor index; the id is sensorIds[sensorIndex] in the safetwin.recording metadata'),
    value: z.array(z.number().nullable()).describe('measured value in the sensor unit (null: not a finite number)'),
    dtMs: z.array(z.number()).describe('source timestamp of each sample minus t0Ms'),
    quality: z.array(z.number().int().min(0).max(2)).optional().describe('0 good, 1 uncertain, 2 bad; absent when all are good'),
  })
  .describe('Every sample accepted by the core since the previous batch (about every 100 ms), as parallel arrays');

/** Samples in memory, decoded: parallel columns with absolute timestamps and a quality each. */
export type SampleBatchMessage = { sensorIndex: number[]; value: (number | null)[]; sampleTsMs: number[]; quality: number[] };

export const MqttLinkMessageSchema = z.object({ state: z.enum(MQTT_LINK_STATES) }).describe("The core's link to its MQTT broker");

export const DetectionsMessageSchema = z
  .object({
    cameraId: z.string(),
    tsMs: z.number(),
    detections: z.array(z.object({ label: z.string(), score: z.number(), box: z.array(z.number()).length(4), ground: z.array(z.number()).length(2).nullable() })),
    snapshot: z.string().optional().describe('name of the MCAP attachment holding the frame, when one was stored'),
  })
  .describe('Detections of one camera frame, boxes in pixels, foot points on the ground in plant metres');

export const MARKER_KINDS = ['drill', 'simulation', 'incident', 'note'] as const;
export const MarkerMessageSchema = z
  .object({
    kind: z.enum(MARKER_KINDS),
    phase: z.enum(['start', 'end', 'instant']),
    id: z.string().describe('pairs a start with its end'),
    label: z.string().describe('in English, for logs and older readers'),
    what: TimelineMarkWhatSchema.optional().describe('the same by code, worded in the reader\'s language; absent for notes'),
    by: z.string().optional(),
  })
  .describe('Drill, simulation and incident spans and notes for the replay timeline');
export type MarkerMessage = z.infer<typeof MarkerMessageSchema>;

export const SimulationRunMessageSchema = z
  .object({
    runId: z.string(),
    kind: z.string().describe('dispersion, evacuation, …'),
    by: z.string(),
    input: z.unknown(),
    output: z.unknown(),
  })
  .describe('A simulation the commander ran, its input and a summary of its output');
export type SimulationRunMessage = z.infer<typeof SimulationRunMessageSchema>;

/** Runs whose boards a recording keeps standing at once: one live evacuation and one drill run at a time; the rest is headroom. */
export const MAX_STANDING_BOARDS = 4;

export const KeyframeMessageSchema = z
  .object({
    sensors: SampleBatchWireSchema.describe('last sample of every sensor that has reported'),
    alarms: z.array(AlarmTransitionSchema.shape.alarm).describe('every alarm not in the normal state'),
    workers: z.array(WorkerPositionSchema),
    mqttLink: z.enum(MQTT_LINK_STATES).nullable(),
    dispersion: DispersionZonesSchema.nullable().optional().describe('the leak-study zones standing at this instant (absent in files recorded before they were)'),
    drillDispersion: DispersionZonesSchema.nullable().optional().describe("a drill's own cloud standing at this instant (absent when none, and in files recorded before drills' clouds were)"),
    evacuationBoards: z
      .array(EvacuationBoardSchema)
      .max(MAX_STANDING_BOARDS)
      .optional()
      .describe('the evacuation boards of the runs going on at this instant (absent when none, and in files recorded before boards were)'),
  })
  .describe('The whole plant state at this instant: replay seeks start from the last keyframe');
/** A keyframe in memory (sensors decoded). */
export type KeyframeMessage = Omit<z.infer<typeof KeyframeMessageSchema>, 'sensors'> & { sensors: SampleBatchMessage };

/** The channels of a recording: bus topic → MCAP topic and schema. */
export const CHANNELS = {
  samples: { topic: '/samples', schemaName: 'safetwin.SampleBatch', schema: SampleBatchWireSchema },
  alarmTransition: { topic: '/alarms/transitions', schemaName: 'safetwin.AlarmTransition', schema: AlarmTransitionSchema },
  worker: { topic: '/workers/positions', schemaName: 'safetwin.WorkerPosition', schema: WorkerPositionSchema },
  detections: { topic: '/cameras/detections', schemaName: 'safetwin.CameraDetections', schema: DetectionsMessageSchema },
  mqttLink: { topic: '/core/mqtt_link', schemaName: 'safetwin.MqttLink', schema: MqttLinkMessageSchema },
  problem: { topic: '/core/problems', schemaName: 'safetwin.Problem', schema: ProblemSchema },
  marker: { topic: '/timeline/markers', schemaName: 'safetwin.Marker', schema: MarkerMessageSchema },
  simulationRun: { topic: '/simulations/runs', schemaName: 'safetwin.SimulationRun', schema: SimulationRunMessageSchema },
  keyframe: { topic: '/state/keyframes', schemaName: 'safetwin.Keyframe', schema: KeyframeMessageSchema },
  // Appended: a channel's id is its place in this list.
  dispersion: { topic: '/dispersion/zones', schemaName: 'safetwin.DispersionZones', schema: DispersionZonesSchema },
  drillDispersion: { topic: '/drill/dispersion', schemaName: 'safetwin.DrillDispersionZones', schema: DispersionZonesSchema.describe("A drill's own cloud (its own leak model, never a real release): threat zones, wind and coarse haze") },
  evacuationBoard: { topic: '/evacuation/board', schemaName: 'safetwin.EvacuationBoard', schema: EvacuationBoardSchema },
} as const;
export type ChannelKind = keyof typeof CHANNELS;
export const CHANNEL_KINDS = Object.keys(CHANNELS) as ChannelKind[];
export const KIND_BY_TOPIC = new Map<string, ChannelKind>(CHANNEL_KINDS.map((kind) => [CHANNELS[kind].topic, kind]));

/** JSON Schema text for a channel (draft 2020-12, as Foxglove reads it). */
export function jsonSchemaText(kind: ChannelKind): string {
  return JSON.stringify({ title: CHANNELS[kind].schemaName, ...z.toJSONSchema(CHANNELS[kind].schema, { io: 'output', unrepresentable: 'any' }) });
}

/** The safetwin.recording metadata record (MCAP metadata is a string → string map). */
export type RecordingMetadata = {
  formatVersion: number;
  siteId: string;
  sceneVersion: string;
  /** Scene sensor ids by index: samples carry indices, this maps them to ids. */
  sensorIds: string[];
  startedAtMs: number;
  recorder: string;
  /** Set on files written by `recordings export`. */
  exportedFrom?: string;
};

export function encodeRecordingMetadata(meta: RecordingMetadata): Map<string, string> {
  const map = new Map<string, string>([
    ['formatVersion', String(meta.formatVersion)],
    ['siteId', meta.siteId],
    ['sceneVersion', meta.sceneVersion],
    ['sensorIds', JSON.stringify(meta.sensorIds)],
    ['startedAtMs', String(meta.startedAtMs)],
    ['recorder', meta.recorder],
  ]);
  if (meta.exportedFrom !== undefined) map.set('exportedFrom', meta.exportedFrom);
  return map;
}

/** Returns null when a field is missing or malformed (the caller reports the file as foreign/corrupt). */
export function decodeRecordingMetadata(map: Map<string, string>): RecordingMetadata | null {
  const formatVersion = Number(map.get('formatVersion'));
  const startedAtMs = Number(map.get('startedAtMs'));
  let sensorIds: unknown;
  try {
    sensorIds = JSON.parse(map.get('sensorIds') ?? 'null');
  } catch {
    return null;
  }
  if (!Number.isInteger(formatVersion) || !Number.isFinite(startedAtMs) || !Array.isArray(sensorIds) || !sensorIds.every((s) => typeof s === 'string')) return null;
  const meta: RecordingMetadata = { formatVersion, siteId: map.get('siteId') ?? '', sceneVersion: map.get('sceneVersion') ?? '', sensorIds: sensorIds as string[], startedAtMs, recorder: map.get('recorder') ?? '' };
  const exportedFrom = map.get('exportedFrom');
  if (exportedFrom !== undefined) meta.exportedFrom = exportedFrom;
  return meta;
}

/** MCAP times are ns since the epoch; SafeTwin keeps ms. Via µs, so that whole ms survive exactly (ns exceed 2^53). */
export const msToNs = (ms: number): bigint => BigInt(Math.round(ms * 1000)) * 1000n;
export const nsToMs = (ns: bigint): number => Number(ns / 1000n) / 1000;
