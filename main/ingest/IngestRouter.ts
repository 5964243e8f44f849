import type { Scene } from '../contracts/index.js';
import type { IngestConfig } from './ingestConfig.js';
import type { IngestSink } from './IngestSink.js';
import { JsonTopicDecoder } from './JsonTopicDecoder.js';
import { SparkplugHost } from './sparkplug/SparkplugHost.js';
import type { TagTable } from './TagTable.js';

/**
 * Where every MQTT message goes, in order: the size cap, SafeTwin's JSON topics and mappings,
 * Sparkplug B, and otherwise an unknown-topic rejection. Pure: the MQTT client feeds it.
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
  ) {
    this.json = new JsonTopicDecoder(scene, tags, config, sink);
    this.sparkplug = new SparkplugHost(tags, { metricMap: config.sparkplug.metricMap, timestamps: config }, sink, requestRebirth);
  }

  route(topic: string, payload: Buffer, receivedMs: number): void {
    if (payload.length > this.config.maxPayloadBytes) return this.sink.reject('tooLarge', topic, `${payload.length} bytes`);
    if (this.json.decode(topic, payload, receivedMs)) return;
    if (this.config.sparkplug.enabled && this.sparkplug.handle(topic, payload, receivedMs)) return;
    this.sink.reject('unknownTopic', topic);
  }
}
