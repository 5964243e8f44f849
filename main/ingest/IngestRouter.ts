import type { Scene } from '../contracts/index.js';
import type { InputBoundary } from '../log/index.js';
import type { IngestConfig } from './ingestConfig.js';
import type { IngestSink } from './IngestSink.js';
import { JsonTopicDecoder } from './JsonTopicDecoder.js';
import type { RejectionReason } from './rejections.js';
import { SparkplugHost } from './sparkplug/SparkplugHost.js';
import type { TagTable } from './TagTable.js';

/**
 * Topics another capability consumes on the core's connection (an NVR's analytics). Its handler says why
 * it did not take a message, so that the rejection is counted like every other.
 */
export type IngestPassthrough = {
  topics: readonly string[];
  handle(topic: string, payload: Buffer): { reason: Extract<RejectionReason, 'malformedJson' | 'schema' | 'unknownSensor'>; detail: string } | null;
};

/**
 * Topics longer than this are refused before routing: Sparkplug node and device ids and badge ids come from topic
 * levels and are held as keys, so a topic's length bounds state as much as a payload's does.
 */
export const MAX_TOPIC_CHARS = 1_024;

export type IngestRouterOptions = {
  passthrough?: IngestPassthrough | undefined;
  /** Where a decoder's throw is counted per surface (safetwin_handler_errors_total) and logged with its stack. */
  boundary?: InputBoundary | undefined;
  /** Badges outside the scene whose positions are taken all the same (the contractor register's, bounded by its size). */
  knownBadge?: ((badgeId: string) => boolean) | undefined;
};

/**
 * The input boundary of MQTT (issue 13): every message of every topic family goes through `route`, in
 * order: the size and topic-length caps (before any decoding, the NVR's topics included), the NVR passthrough, SafeTwin's
 * JSON topics and mappings, Sparkplug B, otherwise an unknown-topic rejection. Whatever a decoder throws
 * ends here as a counted `handlerError` rejection; the next message is routed as usual. Pure: the MQTT
 * client feeds it.
 */
export class IngestRouter {
  private readonly json: JsonTopicDecoder;
  private readonly sparkplug: SparkplugHost;

  constructor(
    scene: Scene,
    tags: TagTable,
    private readonly config: IngestConfig,
    private readonly sink: IngestSink,
    requestRebirth: (groupId: string, edgeNodeId: string) => void,
    private readonly options: IngestRouterOptions = {},
  ) {
    this.json = new JsonTopicDecoder(scene, tags, config, sink, options.knownBadge);
    this.sparkplug = new SparkplugHost(tags, { metricMap: config.sparkplug.metricMap, timestamps: config, limits: config.sparkplug }, sink, requestRebirth);
  }

  /** Subscriptions of the capabilities riding on this connection. */
  get passthroughTopics(): readonly string[] {
    return this.options.passthrough?.topics ?? [];
  }

  route(topic: string, payload: Buffer, receivedMs: number): void {
    if (payload.length > this.config.maxPayloadBytes) return this.sink.reject('tooLarge', topic, `${payload.length} bytes`);
    if (topic.length > MAX_TOPIC_CHARS) return this.sink.reject('topicTooLong', topic, `${topic.length} characters`);
    const passthrough = this.options.passthrough;
    const nvr = passthrough?.topics.includes(topic) === true;
    try {
      if (nvr) {
        const refused = passthrough!.handle(topic, payload);
        if (refused) this.sink.reject(refused.reason, topic, refused.detail);
        return;
      }
      if (this.json.decode(topic, payload, receivedMs)) return;
      if (this.config.sparkplug.enabled && this.sparkplug.handle(topic, payload, receivedMs)) return;
      this.sink.reject('unknownTopic', topic);
    } catch (error) {
      this.sink.reject('handlerError', topic, error instanceof Error ? `${error.name}: ${error.message}` : String(error));
      this.options.boundary?.failed('mqtt', nvr ? 'nvr' : 'ingest', error);
    }
  }

  /** Edge nodes whose Sparkplug session state is held. */
  get sparkplugNodeCount(): number {
    return this.sparkplug.nodeCount;
  }

  /** Frees Sparkplug state of edge nodes silent for longer than the idle timeout (called on a timer). */
  sweep(nowMs: number): void {
    this.sparkplug.sweepIdle(nowMs);
  }
}
