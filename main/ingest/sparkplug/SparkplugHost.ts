import type { SampleQuality } from '../../contracts/index.js';
import type { IngestSink } from '../IngestSink.js';
import type { TagTable } from '../TagTable.js';
import { checkTimestamp, type TimestampRules } from '../timestamps.js';
import { decodeSparkplug, sparkplugNumber as toNumber, type SparkplugMetric as Metric, type SparkplugPayload as Payload } from './codec.js';
import { parseSparkplugTopic, type SparkplugTopic } from './sparkplugTopic.js';

/** OPC DA quality codes, as Ignition and other Sparkplug edges send them in the "Quality" property. */
function qualityOf(metric: Metric): SampleQuality {
  const code = toNumber(metric.properties?.Quality?.value);
  if (code === undefined) return 'good';
  if (code >= 192) return 'good';
  return code >= 64 ? 'uncertain' : 'bad';
}

type NodeState = {
  bdSeq: number | undefined;
  /** Next expected seq (0–255), or null while waiting for a rebirth after a gap. */
  nextSeq: number | null;
  /** Metric alias → sensor index (−1: a metric that is not a scene sensor). */
  aliases: Map<number, number>;
  /** Sensor indices reported by the node itself, and by each device. */
  nodeSensors: Set<number>;
  deviceSensors: Map<string, Set<number>>;
  /** Receive time of the node's latest message, for the idle timeout. */
  lastSeenMs: number;
};

/** Bounds on the state held (ingest.sparkplug.* in the configuration). */
export type SparkplugLimits = { maxNodes: number; maxDevicesPerNode: number; maxAliases: number; nodeIdleTimeoutMs: number };

export type SparkplugHostOptions = { metricMap: Record<string, string>; timestamps: TimestampRules; limits: SparkplugLimits };

/** Metrics in one payload at most: a DDATA of 5,000 metrics is ~150 kB, already near the payload cap. */
export const MAX_METRICS_PER_PAYLOAD = 10_000;

/**
 * The Sparkplug B host application's view of every edge node (Eclipse Sparkplug 3.0 §6, §7): births
 * with their aliases and bdSeq, seq 0–255 continuity (a gap drops data and asks for a rebirth),
 * deaths that make the node's or device's sensors stale. Pure: the I/O edge sends the rebirth NCMD.
 */
export class SparkplugHost {
  private readonly nodes = new Map<string, NodeState>();
  /** Aliases held over all nodes, against limits.maxAliases. */
  private aliasCount = 0;

  constructor(
    private readonly tags: TagTable,
    private readonly options: SparkplugHostOptions,
    private readonly sink: IngestSink,
    private readonly requestRebirth: (groupId: string, edgeNodeId: string) => void,
  ) {}

  /** False when the topic is not Sparkplug. */
  handle(topic: string, payload: Buffer, receivedMs: number): boolean {
    const parsed = parseSparkplugTopic(topic);
    if (parsed === null) return false;
    if (parsed === 'state') return true; // other hosts' STATE: nothing to ingest
    if (parsed.type === 'NCMD' || parsed.type === 'DCMD') return true; // commands to edges, ours or another host's
    let message: Payload;
    try {
      message = decodeSparkplug(payload);
    } catch (error) {
      this.sink.reject('sparkplugDecode', topic, (error as Error).message);
      return true;
    }
    const metricCount = message.metrics?.length ?? 0;
    if (metricCount > MAX_METRICS_PER_PAYLOAD) {
      this.sink.reject('schema', topic, `${metricCount} metrics (at most ${MAX_METRICS_PER_PAYLOAD})`);
      return true;
    }
    const key = `${parsed.groupId}/${parsed.edgeNodeId}`;
    if (parsed.type === 'NBIRTH') this.onNodeBirth(key, parsed, topic, message, receivedMs);
    else if (parsed.type === 'NDEATH') this.onNodeDeath(key, topic, message, receivedMs);
    else this.onNodeSequenced(key, parsed, topic, message, receivedMs);
    return true;
  }

  /** Edge nodes whose state is held (diagnostics and tests). */
  get nodeCount(): number {
    return this.nodes.size;
  }

  /** Forgets nodes silent for longer than limits.nodeIdleTimeoutMs (their next message asks for a rebirth). */
  sweepIdle(nowMs: number): void {
    for (const [key, node] of this.nodes) if (nowMs - node.lastSeenMs > this.options.limits.nodeIdleTimeoutMs) this.forget(key, node);
  }

  private forget(key: string, node: NodeState): void {
    this.aliasCount -= node.aliases.size;
    this.nodes.delete(key);
  }

  private onNodeBirth(key: string, t: SparkplugTopic, topic: string, message: Payload, receivedMs: number): void {
    const previous = this.nodes.get(key);
    if (previous) this.forget(key, previous); // a rebirth replaces the session's state
    else if (this.nodes.size >= this.options.limits.maxNodes) return this.sink.reject('sparkplugLimit', topic, `${this.nodes.size} edge nodes held (maxNodes)`);
    const bdSeq = toNumber(message.metrics?.find((m) => m.name === 'bdSeq')?.value);
    const seq = toNumber(message.seq) ?? 0;
    const node: NodeState = { bdSeq, nextSeq: (seq + 1) % 256, aliases: new Map(), nodeSensors: new Set(), deviceSensors: new Map(), lastSeenMs: receivedMs };
    this.nodes.set(key, node);
    this.ingestMetrics(node, t, topic, message, receivedMs, true);
  }

  private onNodeDeath(key: string, topic: string, message: Payload, receivedMs: number): void {
    const node = this.nodes.get(key);
    if (!node) return this.sink.reject('sparkplugNoBirth', topic);
    const bdSeq = toNumber(message.metrics?.find((m) => m.name === 'bdSeq')?.value);
    // §7.2: an NDEATH applies only to the session whose NBIRTH carried the same bdSeq (a late will message must not kill a new session).
    if (node.bdSeq !== undefined && bdSeq !== undefined && bdSeq !== node.bdSeq) return this.sink.reject('sparkplugStaleDeath', topic);
    const all = new Set(node.nodeSensors);
    for (const sensors of node.deviceSensors.values()) for (const index of sensors) all.add(index);
    this.forget(key, node);
    this.sink.sourceOffline([...all], receivedMs);
  }

  /** NDATA, DBIRTH, DDATA, DDEATH: all carry the node's seq. */
  private onNodeSequenced(key: string, t: SparkplugTopic, topic: string, message: Payload, receivedMs: number): void {
    const node = this.nodes.get(key);
    if (!node) {
      this.sink.reject('sparkplugNoBirth', topic);
      this.requestRebirth(t.groupId, t.edgeNodeId);
      return;
    }
    node.lastSeenMs = receivedMs;
    const seq = toNumber(message.seq);
    const expected = node.nextSeq;
    if (expected === null || seq !== expected) {
      // §6.4.8: a gap means lost messages; the host asks for a rebirth and drops data until it comes.
      if (expected !== null) this.requestRebirth(t.groupId, t.edgeNodeId);
      node.nextSeq = null;
      this.sink.reject('sparkplugSequence', topic, `expected seq ${expected ?? 'NBIRTH'}, got ${seq}`);
      return;
    }
    node.nextSeq = (seq + 1) % 256;
    if (t.type === 'DDEATH') {
      const sensors = node.deviceSensors.get(t.deviceId!) ?? new Set<number>();
      node.deviceSensors.delete(t.deviceId!);
      this.sink.sourceOffline([...sensors], receivedMs);
      return;
    }
    if (t.type === 'DBIRTH') {
      if (!node.deviceSensors.has(t.deviceId!) && node.deviceSensors.size >= this.options.limits.maxDevicesPerNode) {
        return this.sink.reject('sparkplugLimit', topic, `${node.deviceSensors.size} devices on the node (maxDevicesPerNode)`);
      }
      node.deviceSensors.set(t.deviceId!, new Set());
    }
    else if (t.type === 'DDATA' && !node.deviceSensors.has(t.deviceId!)) return this.sink.reject('sparkplugNoBirth', topic);
    this.ingestMetrics(node, t, topic, message, receivedMs, t.type === 'DBIRTH');
  }

  private sensorFor(t: SparkplugTopic, name: string): number {
    const map = this.options.metricMap;
    const sensorId = map[`${t.edgeNodeId}/${t.deviceId ?? ''}/${name}`] ?? (t.deviceId ? map[`${t.deviceId}/${name}`] : undefined) ?? map[name] ?? name;
    return this.tags.indexOf(sensorId) ?? -1;
  }

  private ingestMetrics(node: NodeState, t: SparkplugTopic, topic: string, message: Payload, receivedMs: number, birth: boolean): void {
    const payloadTsMs = toNumber(message.timestamp) ?? receivedMs;
    const owned = t.deviceId ? node.deviceSensors.get(t.deviceId)! : node.nodeSensors;
    let aliasesRefused = 0;
    for (const metric of message.metrics ?? []) {
      const alias = toNumber(metric.alias);
      let index: number | undefined;
      if (metric.name) {
        index = this.sensorFor(t, metric.name);
        if (birth && alias !== undefined) {
          const known = node.aliases.has(alias);
          if (known || this.aliasCount < this.options.limits.maxAliases) {
            if (!known) this.aliasCount++;
            node.aliases.set(alias, index);
          } else aliasesRefused++;
        }
      } else if (alias !== undefined) {
        index = node.aliases.get(alias);
        if (index === undefined) {
          this.sink.reject('sparkplugAlias', topic, `alias ${alias}`);
          continue;
        }
      }
      if (index === undefined || index < 0) {
        // BIRTH certificates carry control and property metrics (bdSeq, Node Control/*): not sensors.
        if (!birth && metric.name !== 'bdSeq') this.sink.reject('unknownSensor', topic, metric.name ?? `alias ${alias}`);
        continue;
      }
      owned.add(index);
      const tsMs = toNumber(metric.timestamp) ?? payloadTsMs;
      if (metric.isNull) {
        const last = this.tags.values[index]!;
        if (Number.isFinite(last)) this.sink.sample(index, last, 'bad', tsMs, receivedMs);
        continue;
      }
      const value = toNumber(metric.value);
      if (value === undefined) {
        this.sink.reject('schema', topic, `metric ${metric.name ?? alias} is not numeric (${metric.type})`);
        continue;
      }
      if (!Number.isFinite(value)) {
        this.sink.reject('nonFinite', topic);
        continue;
      }
      const late = checkTimestamp(tsMs, receivedMs, this.options.timestamps);
      if (late) {
        this.sink.reject(late, topic);
        continue;
      }
      this.sink.sample(index, value, qualityOf(metric), tsMs, receivedMs);
    }
    if (aliasesRefused > 0) this.sink.reject('sparkplugLimit', topic, `${aliasesRefused} aliases not held (maxAliases ${this.options.limits.maxAliases})`);
  }
}
