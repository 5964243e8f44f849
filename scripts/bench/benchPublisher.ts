// The benchmark's publisher, in its own process: a Sparkplug B edge node with one device per 100
// sensors. Usage: node benchPublisher.js <mqttUrl> <sensors> <messagesPerSecond|flood> <durationS>
// Prints one JSON line with what it sent.
import { connectAsync } from 'mqtt';
import { encodeSparkplug } from '../../main/ingest/sparkplug/codec.js';
import { highValue, METRICS_PER_DEVICE, normalValue } from './benchScene.js';

const [url, sensorsText, rateText, durationText] = process.argv.slice(2);
const sensors = Number(sensorsText);
const flood = rateText === 'flood';
const messagesPerSecond = flood ? Infinity : Number(rateText);
const durationMs = Number(durationText) * 1000;
const devices = Math.ceil(sensors / METRICS_PER_DEVICE);
const group = 'bench';
const node = 'edge1';

const client = await connectAsync(url!, { clientId: `bench-publisher-${process.pid}`, reconnectPeriod: 0 });
(client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
let seq = 0;
const nextSeq = () => {
  const s = seq;
  seq = (seq + 1) % 256;
  return s;
};
const sensorId = (i: number) => `S-${String(i).padStart(5, '0')}`;

function births(): void {
  seq = 0;
  client.publish(`spBv1.0/${group}/NBIRTH/${node}`, encodeSparkplug({ timestamp: Date.now(), seq: nextSeq(), metrics: [{ name: 'bdSeq', type: 'UInt64', value: 0 }] }));
  for (let d = 0; d < devices; d++) {
    const metrics = [];
    for (let m = 0; m < METRICS_PER_DEVICE && d * METRICS_PER_DEVICE + m < sensors; m++) {
      const i = d * METRICS_PER_DEVICE + m;
      metrics.push({ name: sensorId(i), alias: i + 1, type: 'Double', value: normalValue(i, 0) });
    }
    client.publish(`spBv1.0/${group}/DBIRTH/${node}/D${d}`, encodeSparkplug({ timestamp: Date.now(), seq: nextSeq(), metrics }));
  }
}
// A host that saw a gap asks for a rebirth: answer it as an edge node must.
client.on('message', () => births());
await client.subscribeAsync(`spBv1.0/${group}/NCMD/${node}`);
births();

/**
 * Protobuf messages may be concatenated: fields of both parts merge. So each DDATA is a tiny
 * prefix (timestamp field 1, seq field 3, both varints) written at send time, followed by metrics
 * encoded in advance — the publisher stays cheap enough not to be what the benchmark measures.
 */
function varint(value: number): number[] {
  const bytes: number[] = [];
  let v = value;
  while (v >= 0x80) {
    bytes.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  bytes.push(v);
  return bytes;
}
const prefix = (timestampMs: number, s: number) => Buffer.from([0x08, ...varint(timestampMs), 0x18, ...varint(s)]);

/** VARIANTS encodings per device: normal values with a wobble, and every other one with the alarming sensors high. */
const VARIANTS = 8;
const encodedMetrics: Buffer[][] = Array.from({ length: devices }, (_, d) =>
  Array.from({ length: VARIANTS }, (_, v) => {
    const metrics = [];
    for (let m = 0; m < METRICS_PER_DEVICE && d * METRICS_PER_DEVICE + m < sensors; m++) {
      const i = d * METRICS_PER_DEVICE + m;
      // One sensor in 500 crosses its H limit in half of the variants: the alarm engine has real work.
      const alarming = i % 500 === 0 && v % 2 === 1;
      metrics.push({ alias: i + 1, type: 'Double', value: alarming ? highValue(i) : normalValue(i, v) });
    }
    return encodeSparkplug({ metrics });
  }),
);

const start = Date.now();
let sent = 0;
const drain = () => new Promise<void>((resolve) => client.stream.once('drain', () => resolve()));
while (Date.now() - start < durationMs) {
  const due = flood ? sent + 64 : Math.floor(((Date.now() - start) / 1000) * messagesPerSecond);
  while (sent < due) {
    const d = sent % devices;
    const variant = Math.floor(sent / devices / 50) % VARIANTS;
    client.publish(`spBv1.0/${group}/DDATA/${node}/D${d}`, Buffer.concat([prefix(Date.now(), nextSeq()), encodedMetrics[d]![variant]!]));
    sent++;
    // Backpressure from the socket: never let the publisher's own buffer grow without bound.
    if ((client.stream as { writableNeedDrain?: boolean }).writableNeedDrain) await drain();
  }
  await new Promise((r) => setTimeout(r, flood ? 0 : 1));
}
await client.endAsync();
process.stdout.write(JSON.stringify({ messagesSent: sent, samplesSent: sent * METRICS_PER_DEVICE, seconds: (Date.now() - start) / 1000 }) + '\n');
