import { z } from 'zod';
import { SampleQualitySchema } from './live.js';

/**
 * SafeTwin's own MQTT conventions (documented in docs/mqtt.md). Plants whose topics are named
 * otherwise use the topic mapping in the ingest configuration instead.
 *
 * - sensor values:   safetwin/<siteId>/<areaId>/<sensorId>   (the scene's sensor.mqttTopic)
 * - RTLS positions:  safetwin/<siteId>/rtls/<badgeId>
 * - weather station: safetwin/<siteId>/weather/<stationId>   (fills sensors WS-, WD-, TA-, RH-<stationId>)
 * - simulator control: safetwin/<siteId>/simulator/command
 */
export const TOPIC_ROOT = 'safetwin';

export const rtlsTopic = (siteId: string, badgeId: string) => `${TOPIC_ROOT}/${siteId}/rtls/${badgeId}`;
export const weatherTopic = (siteId: string, stationId: string) => `${TOPIC_ROOT}/${siteId}/weather/${stationId}`;
export const simulatorCommandTopic = (siteId: string) => `${TOPIC_ROOT}/${siteId}/simulator/command`;

/** Timestamps: epoch milliseconds or an ISO-8601 string with a time zone (at most 64 characters: input is bounded before it is parsed). */
export const TimestampSchema = z.union([z.number().finite().positive(), z.string().max(64).pipe(z.iso.datetime({ offset: true }))]);

/** Sensor payload: {"v": 12.5, "ts": 1732780800000, "q": "good"}; ts and q are optional (receipt time, good). */
export const SensorPayloadSchema = z.object({ v: z.number(), ts: TimestampSchema.optional(), q: SampleQualitySchema.optional() });
export type SensorPayload = z.infer<typeof SensorPayloadSchema>;

/** RTLS payload: {"x": 120.5, "y": 88.0, "floor": 0, "ts": …}; the badge id is in the topic. */
export const RtlsPayloadSchema = z.object({ x: z.number(), y: z.number(), floor: z.number().int().default(0), ts: TimestampSchema.optional() });
export type RtlsPayload = z.infer<typeof RtlsPayloadSchema>;

/** Weather station payload; any subset of the measurements. Wind direction is where the wind blows FROM. */
export const WeatherPayloadSchema = z.object({
  windSpeedMps: z.number().optional(),
  windDirectionDeg: z.number().optional(),
  temperatureC: z.number().optional(),
  humidityPercent: z.number().optional(),
  ts: TimestampSchema.optional(),
});
export type WeatherPayload = z.infer<typeof WeatherPayloadSchema>;

/** Weather measurement → the scene sensor id prefix that carries it for a station. */
export const WEATHER_SENSOR_PREFIX = { windSpeedMps: 'WS', windDirectionDeg: 'WD', temperatureC: 'TA', humidityPercent: 'RH' } as const;

/** Scenario injection for the plant simulator (published on the simulator command topic). */
export const SimulatorCommandSchema = z.discriminatedUnion('scenario', [
  z.object({ scenario: z.literal('gasLeak'), equipmentId: z.string(), releaseRateKgPerS: z.number().positive().max(1000).default(1), durationS: z.number().positive().optional() }),
  z.object({ scenario: z.literal('sensorStuck'), sensorId: z.string() }),
  z.object({ scenario: z.literal('sensorOffline'), sensorId: z.string() }),
  z.object({ scenario: z.literal('calibrationDrift'), sensorId: z.string(), driftPerHour: z.number() }),
  z.object({ scenario: z.literal('restrictedEntry'), badgeId: z.string().optional(), areaId: z.string() }),
  z.object({ scenario: z.literal('manDown'), badgeId: z.string().optional() }),
  /** Everyone on site walks to the nearest muster point (drives live muster accounting in the demo). */
  z.object({ scenario: z.literal('evacuate') }),
  z.object({ scenario: z.literal('clear') }),
]);
export type SimulatorCommand = z.infer<typeof SimulatorCommandSchema>;

/**
 * Camera detections from an edge vision box (or SafeTwin's own camera AI):
 * `safetwin/<siteId>/detections/<cameraId>` with boxes in image pixels [x, y, width, height].
 */
export const DetectionPayloadSchema = z.object({
  ts: TimestampSchema.optional(),
  detections: z
    .array(z.object({ label: z.string().min(1).max(64), score: z.number().min(0).max(1), box: z.tuple([z.number(), z.number(), z.number().nonnegative(), z.number().nonnegative()]) }))
    .max(500),
});
export type DetectionPayload = z.infer<typeof DetectionPayloadSchema>;
