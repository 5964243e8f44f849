import { connect, type MqttClient } from 'mqtt';
import type { MqttLinkState, Scene } from '../contracts/index.js';
import { InputBoundary, type Logger, RateLimitedLog } from '../log/index.js';
import type { CoreMetrics } from '../metrics/index.js';
import type { IngestConfig } from './ingestConfig.js';
import type { IngestSink } from './IngestSink.js';
import { IngestRouter, type IngestPassthrough } from './IngestRouter.js';
import { mqttClientOptions, RECONNECT_MAX_MS, RECONNECT_MIN_MS, type MqttConnectionSettings } from './mqttConnection.js';
import { encodeSparkplug } from './sparkplug/codec.js';
import { hostStateTopic, nodeCommandTopic, sparkplugSubscriptions } from './sparkplug/sparkplugTopic.js';
import type { TagTable } from './TagTable.js';

/** A rebirth request per edge node at most this often: a noisy link must not flood the edge with NCMDs. */
const REBIRTH_MIN_INTERVAL_MS = 5_000;
/** Edge nodes whose last rebirth request is remembered at most (older entries are forgotten first). */
const MAX_REBIRTH_ENTRIES = 10_000;
/** How often, at most, Sparkplug nodes past their idle timeout are freed. */
const SPARKPLUG_SWEEP_MS = 60_000;

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
   * the others, and their messages handed over by the ingest router after its size cap.
   */
  passthrough?: IngestPassthrough;
  /** Badges outside the scene whose positions are taken all the same (IngestRouterOptions.knownBadge). */
  knownBadge?: (badgeId: string) => boolean;
};

/**
 * The MQTT edge of ingestion: one mqtt.js client, the same for the embedded broker and any
 * external one. Every message goes to the ingest router (size cap, NVR passthrough, JSON decoder,
 * Sparkplug host, else an unknown-topic rejection), which catches whatever a decoder throws.
 */
export class MqttIngest {
  private readonly client: MqttClient;
  private readonly router: IngestRouter;
  private readonly lastRebirthMs = new Map<string, number>();
  private readonly now: () => number;
  private reconnectDelayMs = RECONNECT_MIN_MS;
  private readonly sweepTimer: NodeJS.Timeout;
  /** Thousands of nodes without a birth (a broker restart) ask for thousands of rebirths: one line per interval. */
  private readonly rebirthLog: RateLimitedLog;

  constructor(private readonly options: MqttIngestOptions) {
    this.now = options.nowMs ?? Date.now;
    this.rebirthLog = new RateLimitedLog(options.logger, 10_000, this.now);
    const { scene, tags, config, sink } = options;
    this.router = new IngestRouter(scene, tags, config, sink, (g, e) => this.requestRebirth(g, e), {
      passthrough: options.passthrough,
      knownBadge: options.knownBadge,
      boundary: new InputBoundary(options.metrics, options.logger, this.now),
    });
    options.metrics.observeSparkplugNodes(() => this.router.sparkplugNodeCount);
    // Often enough that a node is freed within half an idle timeout of expiring (tests use seconds).
    const sweepMs = Math.min(SPARKPLUG_SWEEP_MS, Math.max(1_000, config.sparkplug.nodeIdleTimeoutMs / 2));
    this.sweepTimer = setInterval(() => this.router.sweep(this.now()), sweepMs);
    this.sweepTimer.unref();
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
      ...this.router.passthroughTopics,
    ];
    this.client.subscribe([...new Set(topics)], { qos: config.qos }, (error) => {
      if (error) this.options.logger.error({ err: error.message }, 'MQTT subscribe failed');
    });
    if (config.sparkplug.enabled) this.client.publish(stateTopic, JSON.stringify({ online: true, timestamp: this.now() }), { qos: 1, retain: true });
    this.options.onLinkState('connected');
    this.options.logger.info({ url: this.options.connection.url, topics }, 'MQTT connected');
  }

  /** Every message of every subscription goes through the router, the input boundary of MQTT. */
  private onMessage(topic: string, payload: Buffer): void {
    this.options.metrics.ingestMessages.inc();
    this.router.route(topic, payload, this.now());
  }

  private requestRebirth(groupId: string, edgeNodeId: string): void {
    const key = `${groupId}/${edgeNodeId}`;
    const now = this.now();
    if (now - (this.lastRebirthMs.get(key) ?? -Infinity) < REBIRTH_MIN_INTERVAL_MS) return;
    this.lastRebirthMs.delete(key); // re-insert: the map's order is the order of the latest request
    this.lastRebirthMs.set(key, now);
    if (this.lastRebirthMs.size > MAX_REBIRTH_ENTRIES) this.lastRebirthMs.delete(this.lastRebirthMs.keys().next().value!);
    const payload = encodeRebirthCommand(now);
    this.client.publish(nodeCommandTopic(groupId, edgeNodeId), payload, { qos: 0 });
    this.rebirthLog.warn('rebirth', { groupId, edgeNodeId }, 'Sparkplug rebirth requested');
  }

  /** Publishes the host's offline STATE, then closes. */
  async close(): Promise<void> {
    clearInterval(this.sweepTimer);
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
