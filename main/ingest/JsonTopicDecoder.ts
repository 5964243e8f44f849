import {
  applyHomography,
  DetectionPayloadSchema,
  RtlsPayloadSchema,
  SampleQualitySchema,
  SensorPayloadSchema,
  TOPIC_ROOT,
  WEATHER_SENSOR_PREFIX,
  WeatherPayloadSchema,
  type SampleQuality,
  type Scene,
} from '../contracts/index.js';
import type { IngestConfig, TopicMapping } from './ingestConfig.js';
import type { IngestSink } from './IngestSink.js';
import type { TagTable } from './TagTable.js';
import { checkTimestamp, toEpochMs, type TimestampRules } from './timestamps.js';
import { topicMatches, valueAtPath } from './topicFilter.js';

/**
 * Telemetry entries and values in one ThingsBoard message at most, over all its devices: a bound on the work
 * one message can cause (the payload cap alone lets ~30,000 tiny values through).
 */
export const MAX_TELEMETRY_VALUES = 10_000;

type Route = { kind: 'sensor'; sensorIndex: number } | { kind: 'rtls' } | { kind: 'weather' } | { kind: 'detections' } | { kind: 'mapping'; mapping: TopicMapping };

/**
 * Decodes JSON-over-MQTT: SafeTwin's own sensor, RTLS and weather topics, then the configured
 * mappings (plain values and ThingsBoard telemetry). Pure: bytes and a receive time in, sink calls out.
 */
export class JsonTopicDecoder {
  private readonly rtlsPrefix: string;
  private readonly weatherPrefix: string;
  private readonly commandTopic: string;
  private readonly detectionsPrefix: string;
  private readonly cameras: Map<string, Scene['cameras'][number]>;
  private readonly badges: Set<string>;
  private readonly rules: TimestampRules;

  constructor(
    scene: Scene,
    private readonly tags: TagTable,
    private readonly config: Pick<IngestConfig, 'topicMappings' | 'maxFutureSkewMs' | 'maxPastAgeMs'>,
    private readonly sink: IngestSink,
    /** Badges outside the scene that the core knows all the same (the contractor register's: 一人一码, issued as people arrive). */
    private readonly knownBadge: (badgeId: string) => boolean = () => false,
  ) {
    this.rtlsPrefix = `${TOPIC_ROOT}/${scene.site.id}/rtls/`;
    this.weatherPrefix = `${TOPIC_ROOT}/${scene.site.id}/weather/`;
    this.commandTopic = `${TOPIC_ROOT}/${scene.site.id}/simulator/command`;
    this.detectionsPrefix = `${TOPIC_ROOT}/${scene.site.id}/detections/`;
    this.cameras = new Map(scene.cameras.map((c) => [c.id, c]));
    this.badges = new Set(scene.personnel.map((p) => p.badgeId));
    this.rules = { maxFutureSkewMs: config.maxFutureSkewMs, maxPastAgeMs: config.maxPastAgeMs };
  }

  /** False when the topic is not one of ours (so the caller can try Sparkplug or reject it). */
  decode(topic: string, payload: Buffer, receivedMs: number): boolean {
    if (topic === this.commandTopic) return true; // the simulator's own control channel, not data
    const route = this.route(topic);
    if (!route) return false;
    let json: unknown;
    try {
      json = JSON.parse(payload.toString('utf8'));
    } catch {
      this.sink.reject('malformedJson', topic);
      return true;
    }
    if (route.kind === 'sensor') this.decodeSensor(topic, route.sensorIndex, json, receivedMs);
    else if (route.kind === 'rtls') this.decodeRtls(topic, json, receivedMs);
    else if (route.kind === 'weather') this.decodeWeather(topic, json, receivedMs);
    else if (route.kind === 'detections') this.decodeDetections(topic, json, receivedMs);
    else if (route.mapping.format === 'value') this.decodeMappedValue(topic, route.mapping, json, receivedMs);
    else this.decodeThingsBoard(topic, route.mapping, json, receivedMs);
    return true;
  }

  /** SafeTwin's conventions first, then the configured mappings in their order. */
  private route(topic: string): Route | null {
    const sensorIndex = this.tags.indexOfTopic(topic);
    if (sensorIndex !== undefined) return { kind: 'sensor', sensorIndex };
    if (topic.startsWith(this.rtlsPrefix)) return { kind: 'rtls' };
    if (topic.startsWith(this.weatherPrefix)) return { kind: 'weather' };
    if (topic.startsWith(this.detectionsPrefix)) return { kind: 'detections' };
    const mapping = this.config.topicMappings.find((m) => topicMatches(m.topic, topic));
    return mapping ? { kind: 'mapping', mapping } : null;
  }

  private emit(topic: string, sensorIndex: number, value: unknown, quality: SampleQuality, tsMs: number, receivedMs: number): void {
    const numeric = typeof value === 'boolean' ? Number(value) : value;
    if (typeof numeric !== 'number') return this.sink.reject('schema', topic, 'value is not a number');
    if (!Number.isFinite(numeric)) return this.sink.reject('nonFinite', topic);
    if (Number.isNaN(tsMs)) return this.sink.reject('schema', topic, 'unreadable timestamp');
    const late = checkTimestamp(tsMs, receivedMs, this.rules);
    if (late) return this.sink.reject(late, topic);
    this.sink.sample(sensorIndex, numeric, quality, tsMs, receivedMs);
  }

  private decodeSensor(topic: string, sensorIndex: number, json: unknown, receivedMs: number): void {
    // JSON.parse turns 1e400 into Infinity, which the schema accepts as a number: check it apart.
    if (json !== null && typeof json === 'object' && typeof (json as { v?: unknown }).v === 'number' && !Number.isFinite((json as { v: number }).v)) {
      return this.sink.reject('nonFinite', topic);
    }
    const parsed = SensorPayloadSchema.safeParse(json);
    if (!parsed.success) return this.sink.reject('schema', topic, parsed.error.issues[0]?.message);
    this.emit(topic, sensorIndex, parsed.data.v, parsed.data.q ?? 'good', toEpochMs(parsed.data.ts, receivedMs), receivedMs);
  }

  private decodeRtls(topic: string, json: unknown, receivedMs: number): void {
    const badgeId = topic.slice(this.rtlsPrefix.length);
    if (!this.badges.has(badgeId) && !this.knownBadge(badgeId)) return this.sink.reject('unknownBadge', topic);
    const parsed = RtlsPayloadSchema.safeParse(json);
    if (!parsed.success) return this.sink.reject('schema', topic, parsed.error.issues[0]?.message);
    const { x, y, floor } = parsed.data;
    if (!Number.isFinite(x) || !Number.isFinite(y)) return this.sink.reject('nonFinite', topic);
    const tsMs = toEpochMs(parsed.data.ts, receivedMs);
    const late = Number.isNaN(tsMs) ? 'futureTimestamp' : checkTimestamp(tsMs, receivedMs, this.rules);
    if (late) return this.sink.reject(late, topic);
    this.sink.worker({ badgeId, x, y, floor, tsMs }, receivedMs);
  }

  private decodeWeather(topic: string, json: unknown, receivedMs: number): void {
    const stationId = topic.slice(this.weatherPrefix.length);
    const parsed = WeatherPayloadSchema.safeParse(json);
    if (!parsed.success) return this.sink.reject('schema', topic, parsed.error.issues[0]?.message);
    const tsMs = toEpochMs(parsed.data.ts, receivedMs);
    let matched = false;
    for (const [field, prefix] of Object.entries(WEATHER_SENSOR_PREFIX) as [keyof typeof WEATHER_SENSOR_PREFIX, string][]) {
      const value = parsed.data[field];
      if (value === undefined) continue;
      const index = this.tags.indexOf(`${prefix}-${stationId}`);
      if (index === undefined) continue;
      matched = true;
      this.emit(topic, index, value, 'good', tsMs, receivedMs);
    }
    if (!matched) this.sink.reject('unknownSensor', topic, `no weather sensors for station ${stationId}`);
  }

  private decodeDetections(topic: string, json: unknown, receivedMs: number): void {
    const camera = this.cameras.get(topic.slice(this.detectionsPrefix.length));
    if (!camera) return this.sink.reject('unknownSensor', topic, 'no such camera');
    const parsed = DetectionPayloadSchema.safeParse(json);
    if (!parsed.success) return this.sink.reject('schema', topic, parsed.error.issues[0]?.message);
    const tsMs = toEpochMs(parsed.data.ts, receivedMs);
    const late = Number.isNaN(tsMs) ? 'futureTimestamp' : checkTimestamp(tsMs, receivedMs, this.rules);
    if (late) return this.sink.reject(late, topic);
    const h = camera.imageToGroundHomography;
    this.sink.detections(
      {
        cameraId: camera.id,
        tsMs,
        // A person stands where the bottom centre of their box meets the ground.
        detections: parsed.data.detections.map((d) => ({ ...d, ground: h ? applyHomography(h, d.box[0] + d.box[2] / 2, d.box[1] + d.box[3]) : null })),
      },
      receivedMs,
    );
  }

  private decodeMappedValue(topic: string, mapping: Extract<TopicMapping, { format: 'value' }>, json: unknown, receivedMs: number): void {
    const levels = topic.split('/');
    const sensorId = mapping.sensorId.replace(/\{(\d+)\}/g, (_, n: string) => levels[Number(n)] ?? '');
    const index = this.tags.indexOf(sensorId);
    if (index === undefined) return this.sink.reject('unknownSensor', topic, sensorId);
    const value = mapping.valuePath ? valueAtPath(json, mapping.valuePath) : json;
    const ts = mapping.tsPath ? valueAtPath(json, mapping.tsPath) : undefined;
    const quality = mapping.qualityPath ? SampleQualitySchema.safeParse(valueAtPath(json, mapping.qualityPath)) : undefined;
    if (ts !== undefined && typeof ts !== 'number' && typeof ts !== 'string') return this.sink.reject('schema', topic, 'timestamp is neither a number nor a string');
    this.emit(topic, index, value, quality?.success ? quality.data : 'good', toEpochMs(ts as number | string | undefined, receivedMs), receivedMs);
  }

  private decodeThingsBoard(topic: string, mapping: Extract<TopicMapping, { format: 'thingsboard' }>, json: unknown, receivedMs: number): void {
    const budget = { values: MAX_TELEMETRY_VALUES };
    if (mapping.gateway) {
      if (json === null || typeof json !== 'object' || Array.isArray(json)) return this.sink.reject('schema', topic, 'gateway telemetry must be an object of devices');
      for (const [device, entries] of Object.entries(json)) if (!this.decodeTelemetry(topic, mapping, entries, receivedMs, `${device}/`, budget)) return;
    } else {
      this.decodeTelemetry(topic, mapping, json, receivedMs, '', budget);
    }
  }

  /** False once the message's value budget is spent (the rest of the message is rejected once, as a whole). */
  private decodeTelemetry(topic: string, mapping: Extract<TopicMapping, { format: 'thingsboard' }>, json: unknown, receivedMs: number, keyPrefix: string, budget: { values: number }): boolean {
    const entries = Array.isArray(json) ? json : [json];
    for (const entry of entries) {
      if (--budget.values < 0) {
        this.sink.reject('schema', topic, `more than ${MAX_TELEMETRY_VALUES} telemetry values in one message`);
        return false;
      }
      if (entry === null || typeof entry !== 'object') {
        this.sink.reject('schema', topic, 'telemetry entry is not an object');
        continue;
      }
      const withTs = entry as { ts?: unknown; values?: unknown };
      const hasTs = withTs.values !== undefined && typeof withTs.values === 'object' && withTs.values !== null;
      const values = (hasTs ? withTs.values : entry) as Record<string, unknown>;
      const tsMs = hasTs && typeof withTs.ts === 'number' ? withTs.ts : receivedMs;
      for (const [key, value] of Object.entries(values)) {
        if (--budget.values < 0) {
          this.sink.reject('schema', topic, `more than ${MAX_TELEMETRY_VALUES} telemetry values in one message`);
          return false;
        }
        const sensorId = mapping.keys[keyPrefix + key];
        if (sensorId === undefined) {
          this.sink.reject('unknownSensor', topic, `unmapped telemetry key ${keyPrefix + key}`);
          continue;
        }
        const index = this.tags.indexOf(sensorId);
        if (index === undefined) {
          this.sink.reject('unknownSensor', topic, sensorId);
          continue;
        }
        this.emit(topic, index, value, 'good', tsMs, receivedMs);
      }
    }
    return true;
  }
}
