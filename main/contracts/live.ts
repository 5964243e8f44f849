import { z } from 'zod';

/** Sample quality, as in the JSON convention and OPC UA's Good/Uncertain/Bad families. */
export const SAMPLE_QUALITIES = ['good', 'uncertain', 'bad'] as const;
export const SampleQualitySchema = z.enum(SAMPLE_QUALITIES);
export type SampleQuality = z.infer<typeof SampleQualitySchema>;

/** One measured value of one scene sensor, after validation, addressed by its scene index. */
export type SensorSample = { sensorIndex: number; value: number; quality: SampleQuality; tsMs: number };

/** RTLS badge position in plant metres. */
export const WorkerPositionSchema = z.object({
  badgeId: z.string().min(1).max(64),
  x: z.number().finite(),
  y: z.number().finite(),
  floor: z.number().int().default(0),
  tsMs: z.number(),
});
export type WorkerPosition = z.infer<typeof WorkerPositionSchema>;

/**
 * Per-sensor flags in a live frame (a bit set): quality, staleness and whether an alarm on the
 * sensor is active or unacknowledged, so the 3D view can colour and blink markers without the
 * alarm list.
 */
export const SENSOR_FLAGS = {
  bad: 1,
  uncertain: 2,
  stale: 4,
  alarmActive: 8,
  alarmUnacknowledged: 16,
  /** Priority of the most urgent active alarm in bits 5–6 (0 urgent … 3 low) when alarmActive. */
  priorityShift: 5,
  /** An alarm of the sensor is out of service (ISA-18.2 removal from service): the twin marks it. */
  outOfService: 128,
} as const;

/**
 * A batch of changed sensor values for one client, coalesced at a fixed cadence (latest wins).
 * Arrays are parallel; indices are scene sensor indices. Sent as typed arrays (binary over socket.io).
 */
export type LiveFrame = {
  seq: number;
  tsMs: number;
  indices: Uint32Array;
  values: Float64Array;
  sampleTsMs: Float64Array;
  flags: Uint8Array;
  workers: WorkerPosition[];
  /** Frames merged into this one because the client had one in flight. */
  coalesced: number;
};

/** Broker link as the UI shows it. */
export const MQTT_LINK_STATES = ['connecting', 'connected', 'reconnecting', 'offline'] as const;
export type MqttLinkState = (typeof MQTT_LINK_STATES)[number];

/** Detections of one camera frame, with each box's foot point projected onto the ground (plant metres). */
export type CameraDetections = {
  cameraId: string;
  tsMs: number;
  detections: { label: string; score: number; box: [number, number, number, number]; ground: [number, number] | null }[];
};
