import { z } from 'zod';

/**
 * A mapping for plants whose topics are not SafeTwin's own: which topics (MQTT filter, wildcards
 * allowed), how to find the value, and which scene sensor it is. `sensorId` may use `{n}`, the
 * n-th topic level (0-based), e.g. "plant/+/tags/+" with "{3}".
 */
const ValueMappingSchema = z.strictObject({
  format: z.literal('value'),
  topic: z.string().min(1),
  sensorId: z.string().min(1),
  /** Dot path to the number in the JSON payload ("data.value"); absent: the payload is the number. */
  valuePath: z.string().optional(),
  tsPath: z.string().optional(),
  qualityPath: z.string().optional(),
});

/**
 * ThingsBoard-style telemetry: `{key: value}`, `{ts, values: {...}}`, an array of either, or with
 * `gateway: true` the gateway form `{"<device>": [{ts, values}]}`. `keys` maps a telemetry key
 * ("key", or "device/key" for gateways) to a scene sensor id; unmapped keys are counted and skipped.
 */
const ThingsBoardMappingSchema = z.strictObject({
  format: z.literal('thingsboard'),
  topic: z.string().min(1),
  gateway: z.boolean().default(false),
  keys: z.record(z.string(), z.string()),
});

export const TopicMappingSchema = z.discriminatedUnion('format', [ValueMappingSchema, ThingsBoardMappingSchema]);
export type TopicMapping = z.infer<typeof TopicMappingSchema>;

/** Defaults of the Sparkplug host's state bounds (docs/mqtt.md "Limits"). */
export const SPARKPLUG_LIMITS = { maxNodes: 10_000, maxDevicesPerNode: 1_000, maxAliases: 1_000_000, nodeIdleTimeoutMs: 3_600_000 } as const;

export const SparkplugConfigSchema = z.strictObject({
  enabled: z.boolean().default(true),
  /** Sparkplug group ids to subscribe to; "+" for all. */
  groupIds: z.array(z.string().min(1)).default(['+']),
  /** This host application's id, for its STATE message (Sparkplug 3.0 §7.3). */
  hostId: z.string().min(1).default('safetwin'),
  /** Metric name ("metric", "device/metric" or "node/device/metric") → scene sensor id; by default a metric named like a sensor id is that sensor. */
  metricMap: z.record(z.string(), z.string()).default({}),
  /**
   * Bounds on the state the host keeps per edge node (issue 13: 4,000 distinct nodes once held 540 MB for
   * good). A BIRTH beyond them is rejected (sparkplugLimit); DEATH frees a node's or device's state.
   */
  maxNodes: z.number().int().positive().default(SPARKPLUG_LIMITS.maxNodes),
  maxDevicesPerNode: z.number().int().positive().default(SPARKPLUG_LIMITS.maxDevicesPerNode),
  /** Metric aliases held over all nodes (each BIRTH declares one per metric). */
  maxAliases: z.number().int().positive().default(SPARKPLUG_LIMITS.maxAliases),
  /**
   * A node silent this long is forgotten (its will message may never have reached the broker); its next
   * message is refused as sparkplugNoBirth and answered with a rebirth request, so nothing is lost for good.
   */
  nodeIdleTimeoutMs: z.number().int().positive().default(SPARKPLUG_LIMITS.nodeIdleTimeoutMs),
});

export const IngestConfigSchema = z.strictObject({
  topicMappings: z.array(TopicMappingSchema).default([]),
  sparkplug: SparkplugConfigSchema.default({ enabled: true, groupIds: ['+'], hostId: 'safetwin', metricMap: {}, ...SPARKPLUG_LIMITS }),
  /** Larger payloads are rejected before parsing (a DDATA of 5,000 metrics is ~150 kB). */
  maxPayloadBytes: z.number().int().positive().default(256 * 1024),
  /**
   * The embedded broker disconnects a client that announces a larger MQTT packet, before buffering it. Above
   * maxPayloadBytes, so that a merely large message reaches the core and is counted as tooLarge.
   */
  embeddedBrokerMaxPacketBytes: z.number().int().positive().default(1024 * 1024),
  /** Clock skew tolerated for sample timestamps ahead of the core's clock. */
  maxFutureSkewMs: z.number().int().nonnegative().default(5_000),
  /** Older samples are history, not live data (a backfill belongs in a historian). */
  maxPastAgeMs: z.number().int().positive().default(24 * 3600_000),
  qos: z.union([z.literal(0), z.literal(1), z.literal(2)]).default(0),
  cleanSession: z.boolean().default(true),
});
export type IngestConfig = z.infer<typeof IngestConfigSchema>;
