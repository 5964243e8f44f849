import { createRequire } from 'node:module';

/**
 * The Sparkplug B protobuf payload codec from Eclipse Tahu (npm sparkplug-payload, CommonJS).
 * 64-bit integers (UInt64 seq, timestamps, aliases) decode as protobufjs Long objects.
 */
export type SparkplugMetric = {
  name?: string | null;
  alias?: unknown;
  timestamp?: unknown;
  value?: unknown;
  type?: string;
  isNull?: boolean | null;
  properties?: Record<string, { type?: string; value?: unknown }> | null;
};
export type SparkplugPayload = { timestamp?: unknown; seq?: unknown; metrics?: SparkplugMetric[] | null };

type Codec = { encodePayload(payload: SparkplugPayload): Uint8Array; decodePayload(bytes: Uint8Array): SparkplugPayload };
const require = createRequire(import.meta.url);
const codec = (require('sparkplug-payload') as { get(namespace: string): Codec }).get('spBv1.0');

export function encodeSparkplug(payload: SparkplugPayload): Buffer {
  return Buffer.from(codec.encodePayload(payload));
}

export function decodeSparkplug(bytes: Uint8Array): SparkplugPayload {
  return codec.decodePayload(bytes);
}

/** Sparkplug integers arrive as protobufjs Long objects for 64-bit types. */
export function sparkplugNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'boolean') return Number(value);
  if (value && typeof value === 'object' && 'toNumber' in value) return (value as { toNumber(): number }).toNumber();
  return undefined;
}
