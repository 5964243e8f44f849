import { connect, type MqttClient } from 'mqtt';
import type { MqttLinkState, Scene } from '../contracts/index.js';
import type { Logger } from '../log/logger.js';
import type { CoreMetrics } from '../metrics/CoreMetrics.js';
import type { IngestConfig } from './ingestConfig.js';
import type { IngestSink } from './IngestSink.js';
import { IngestRouter } from './IngestRouter.js';
import { mqttClientOptions, RECONNECT_MAX_MS, RECONNECT_MIN_MS, type MqttConnectionSettings } from './mqttConnection.js';
import { encodeSparkplug } from './sparkplug/codec.js';
import { hostStateTopic, nodeCommandTopic, sparkplugSubscriptions } from './sparkplug/sparkplugTopic.js';
import type { TagTable } from './TagTable.js';

/** A rebirth request per edge node at most this often: a noisy link must not flood the edge with NCMDs. */
const REBIRTH_MIN_INTERVAL_MS = 5_000;

export type MqttIngestOptions = {
  scene: Scene;
  tags: TagTable;
  config: IngestConfig;
  connection: MqttConnectionSettings;
  sink: IngestSink;
  logger: Logger;
  onLinkState: (state: MqttLinkState) => void;
  metrics: CoreMetrics;
  nowMs?: () => number;
  /**
   * Topics another capability consumes on the core's connection (an NVR's analytics): subscribed with
   * the others, and their messages handed over before the ingest router sees them.
   */
  passthrough?: { topics: readonly string[]; handle(topic: string, payload: Buffer): void };
};

/**
 * The MQTT edge of ingestion: one mqtt.js client, the same for the embedded broker and any
 * external one. Messages go to the JSON decoder, then to the Sparkplug host; the rest is rejected
 * as an unknown topic. Nothing here throws on bad input.
 */
export class MqttIngest {
  private readonly client: MqttClient;
  private readonly router: IngestRouter;
  private readonly lastRebirthMs = new Map<string, number>();
  private readonly now: () => number;
  private reconnectDelayMs = RECONNECT_MIN_MS;

  constructor(private readonly options: MqttIngestOptions) {
    this.now = options.nowMs ?? Date.now;
    const { scene, tags, config, sink } = options;
    this.router = new IngestRouter(scene, tags, config, sink, (g, e) => this.requestRebirth(g, e));
    const stateTopic = hostStateTopic(config.sparkplug.hostId);
    // Sparkplug 3.0 §7.3: the host's death certificate is its will message.
    const will = config.sparkplug.enabled ? { topic: stateTopic, payload: Buffer.from(JSON.stringify({ online: false, timestamp: this.now() })), qos: 1 as const, retain: true } : undefined;
    options.onLinkState('connecting');
    this.client = connect(options.connection.url, mqttClientOptions({ ...options.connection, clean: config.cleanSession }, will));
    this.client.on('connect', () => this.onConnect(stateTopic));
    this.client.on('reconnect', () => {
      options.onLinkState('reconnecting');
      // Exponential backoff: double the wait after each failed attempt, up to the maximum.
      this.reconnectDelayMs = Math.min(this.reconnectDelayMs * 2, RECONNECT_MAX_MS);
      this.client.options.reconnectPeriod = this.reconnectDelayMs;
    });
    this.client.on('offline', () => options.onLinkState('offline'));
    this.client.on('close', () => options.onLinkState('reconnecting'));
    this.client.on('error', (error) => options.logger.warn({ err: error.message, url: options.connection.url }, 'MQTT connection error'));
    this.client.on('message', (topic, payload) => this.onMessage(topic, payload));
  }

  private onConnect(stateTopic: string): void {
    // TCP_NODELAY: without it, Nagle + delayed ACK put ~40 ms on the p99 (see README, Environment).
    (this.client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
    this.reconnectDelayMs = RECONNECT_MIN_MS;
    this.client.options.reconnectPeriod = RECONNECT_MIN_MS;
    const { scene, config } = this.options;
    const topics = [
      `safetwin/${scene.site.id}/#`,
      ...config.topicMappings.map((m) => m.topic),
      ...(config.sparkplug.enabled ? sparkplugSubscriptions(config.sparkplug.groupIds) : []),
      ...(this.options.passthrough?.topics ?? []),
    ];
    this.client.subscribe([...new Set(topics)], { qos: config.qos }, (error) => {
      if (error) this.options.logger.error({ err: error.message }, 'MQTT subscribe failed');
    });
    if (config.sparkplug.enabled) this.client.publish(stateTopic, JSON.stringify({ online: true, timestamp: this.now() }), { qos: 1, retain: true });
    this.options.onLinkState('connected');
    this.options.logger.info({ url: this.options.connection.url, topics }, 'MQTT connected');
  }

  private onMessage(topic: string, payload: Buffer): void {
    this.options.metrics.ingestMessages.inc();
    const passthrough = this.options.passthrough;
    if (passthrough?.topics.includes(topic)) return passthrough.handle(topic, payload);
    this.router.route(topic, payload, this.now());
  }

  private requestRebirth(groupId: string, edgeNodeId: string): void {
    const key = `${groupId}/${edgeNodeId}`;
    const now = this.now();
    if (now - (this.lastRebirthMs.get(key) ?? -Infinity) < REBIRTH_MIN_INTERVAL_MS) return;
    this.lastRebirthMs.set(key, now);
    const payload = encodeRebirthCommand(now);
    this.client.publish(nodeCommandTopic(groupId, edgeNodeId), payload, { qos: 0 });
    this.options.logger.warn({ groupId, edgeNodeId }, 'Sparkplug rebirth requested');
  }

  /** Publishes the host's offline STATE, then closes. */
  async close(): Promise<void> {
    if (this.client.connected && this.options.config.sparkplug.enabled) {
      await this.client.publishAsync(hostStateTopic(this.options.config.sparkplug.hostId), JSON.stringify({ online: false, timestamp: this.now() }), { qos: 1, retain: true }).catch(() => undefined);
    }
    await this.client.endAsync(true);
  }
}

/** NCMD "Node Control/Rebirth" = true (Sparkplug 3.0 §6.4.16). */
function encodeRebirthCommand(nowMs: number): Buffer {
  return encodeSparkplug({ timestamp: nowMs, metrics: [{ name: 'Node Control/Rebirth', type: 'Boolean', value: true }] });
}
