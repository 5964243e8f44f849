/** MQTT ingest: topic routing (Sparkplug B, plain JSON), the tag table, bounded input and counted rejections. */
export type { IngestPassthrough } from './IngestRouter.js';
export type { IngestSink } from './IngestSink.js';
export { QUALITY_CODE, TagTable } from './TagTable.js';
export { MqttIngest, type MqttIngestOptions } from './MqttIngest.js';
export { IngestConfigSchema } from './ingestConfig.js';
export { REJECTION_REASONS, type RejectionReason } from './rejections.js';
