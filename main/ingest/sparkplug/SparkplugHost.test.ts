import { beforeEach, describe, expect, it } from 'vitest';
import { loadDemoScene } from '../../../tests/support/demoScene.js';
import { RecordingSink } from '../../../tests/support/recordingSink.js';
import { TagTable } from '../TagTable.js';
import { encodeSparkplug, type SparkplugMetric } from './codec.js';
import { SparkplugHost, type SparkplugLimits } from './SparkplugHost.js';
import { parseSparkplugTopic } from './sparkplugTopic.js';

const scene = loadDemoScene();
const NOW = Date.parse('2026-11-28T08:00:00Z');
const [s0, s1, s2] = scene.sensors;
const topic = (type: string, device?: string) => `spBv1.0/plant/${type}/edge1${device ? `/${device}` : ''}`;
const message = (seq: number, metrics: SparkplugMetric[]) => encodeSparkplug({ timestamp: NOW, seq, metrics });

let sink: RecordingSink;
let rebirths: string[];
let host: SparkplugHost;
const LIMITS: SparkplugLimits = { maxNodes: 10_000, maxDevicesPerNode: 1_000, maxAliases: 1_000_000, nodeIdleTimeoutMs: 3_600_000 };

function makeHost(limits: Partial<SparkplugLimits> = {}): SparkplugHost {
  return new SparkplugHost(new TagTable(scene), { metricMap: { 'Tank/Level': s2!.id }, timestamps: { maxFutureSkewMs: 5000, maxPastAgeMs: 86_400_000 }, limits: { ...LIMITS, ...limits } }, sink, (g, e) => rebirths.push(`${g}/${e}`));
}

beforeEach(() => {
  sink = new RecordingSink();
  rebirths = [];
  host = makeHost();
});

function birth(bdSeq = 7) {
  host.handle(topic('NBIRTH'), message(0, [{ name: 'bdSeq', type: 'UInt64', value: bdSeq }, { name: 'Node Control/Rebirth', type: 'Boolean', value: false }, { name: s0!.id, alias: 1, type: 'Double', value: 1.5 }]), NOW);
}

describe('Sparkplug B host application', () => {
  it('parses the topic namespace', () => {
    expect(parseSparkplugTopic('spBv1.0/g/DDATA/e/d')).toEqual({ groupId: 'g', type: 'DDATA', edgeNodeId: 'e', deviceId: 'd' });
    expect(parseSparkplugTopic('spBv1.0/STATE/host')).toBe('state');
    expect(parseSparkplugTopic('spBv1.0/g/NDATA/e/d')).toBeNull();
    expect(parseSparkplugTopic('safetwin/x')).toBeNull();
  });

  it('takes BIRTH values, then DATA by alias, in sequence', () => {
    birth();
    host.handle(topic('NDATA'), message(1, [{ alias: 1, type: 'Double', value: 2.5, timestamp: NOW + 1 }]), NOW);
    expect(sink.samples.map((s) => [s.sensorIndex, s.value, s.quality])).toEqual([[0, 1.5, 'good'], [0, 2.5, 'good']]);
    expect(sink.rejections).toEqual([]);
  });

  it('maps device metrics by name and the configured metric map, with OPC quality codes', () => {
    birth();
    host.handle(topic('DBIRTH', 'Tank'), message(1, [{ name: s1!.id, alias: 2, type: 'Float', value: 3 }, { name: 'Level', alias: 3, type: 'Double', value: 55, properties: { Quality: { type: 'Int32', value: 0 } } }]), NOW);
    host.handle(topic('DDATA', 'Tank'), message(2, [{ alias: 3, type: 'Double', value: 56, properties: { Quality: { type: 'Int32', value: 192 } } }]), NOW);
    expect(sink.samples.map((s) => [s.sensorIndex, s.value, s.quality])).toEqual([[0, 1.5, 'good'], [1, 3, 'good'], [2, 55, 'bad'], [2, 56, 'good']]);
  });

  it('detects a seq gap: drops data and asks for a rebirth once until it comes', () => {
    birth();
    host.handle(topic('NDATA'), message(2, [{ alias: 1, type: 'Double', value: 9 }]), NOW);
    host.handle(topic('NDATA'), message(3, [{ alias: 1, type: 'Double', value: 9 }]), NOW);
    expect(sink.reasons()).toEqual(['sparkplugSequence', 'sparkplugSequence']);
    expect(rebirths).toEqual(['plant/edge1']);
    birth();
    host.handle(topic('NDATA'), message(1, [{ alias: 1, type: 'Double', value: 4 }]), NOW);
    expect(sink.samples.at(-1)!.value).toBe(4);
  });

  it('wraps seq from 255 to 0', () => {
    host.handle(topic('NBIRTH'), message(255, [{ name: 'bdSeq', type: 'UInt64', value: 1 }, { name: s0!.id, alias: 1, type: 'Double', value: 1 }]), NOW);
    host.handle(topic('NDATA'), message(0, [{ alias: 1, type: 'Double', value: 2 }]), NOW);
    expect(sink.rejections).toEqual([]);
  });

  it('makes the node’s and its devices’ sensors stale on an NDEATH with the matching bdSeq only', () => {
    birth(7);
    host.handle(topic('DBIRTH', 'Tank'), message(1, [{ name: s1!.id, alias: 2, type: 'Float', value: 3 }]), NOW);
    host.handle(topic('NDEATH'), encodeSparkplug({ timestamp: NOW, metrics: [{ name: 'bdSeq', type: 'UInt64', value: 6 }] }), NOW);
    expect(sink.reasons()).toEqual(['sparkplugStaleDeath']);
    host.handle(topic('NDEATH'), encodeSparkplug({ timestamp: NOW, metrics: [{ name: 'bdSeq', type: 'UInt64', value: 7 }] }), NOW);
    expect(sink.offline).toEqual([[0, 1]]);
    host.handle(topic('NDATA'), message(2, [{ alias: 1, type: 'Double', value: 2 }]), NOW);
    expect(sink.reasons().at(-1)).toBe('sparkplugNoBirth');
  });

  it('makes a device’s sensors stale on DDEATH', () => {
    birth();
    host.handle(topic('DBIRTH', 'Tank'), message(1, [{ name: s1!.id, alias: 2, type: 'Float', value: 3 }]), NOW);
    host.handle(topic('DDEATH', 'Tank'), message(2, []), NOW);
    expect(sink.offline).toEqual([[1]]);
  });

  it('rejects undecodable payloads, unknown aliases, data before birth and non-numeric metrics', () => {
    host.handle(topic('NDATA'), message(0, [{ alias: 1, type: 'Double', value: 1 }]), NOW);
    host.handle(topic('NBIRTH'), Buffer.from([0xff, 0xff, 0xff]), NOW);
    birth();
    host.handle(topic('NDATA'), message(1, [{ alias: 99, type: 'Double', value: 1 }]), NOW);
    host.handle(topic('NDATA'), message(2, [{ name: s0!.id, type: 'String', value: 'on' }]), NOW);
    expect(sink.reasons()).toEqual(['sparkplugNoBirth', 'sparkplugDecode', 'sparkplugAlias', 'schema']);
    expect(rebirths).toEqual(['plant/edge1']);
  });

  describe('bounded state (issue 13)', () => {
    const nodeBirth = (node: string, bdSeq: number, aliases = 1) =>
      encodeSparkplug({ timestamp: NOW, seq: 0, metrics: [{ name: 'bdSeq', type: 'UInt64', value: bdSeq }, ...Array.from({ length: aliases }, (_, i) => ({ name: `m${i}`, alias: i + 1, type: 'Double', value: 1 }))] });
    const nodeDeath = (bdSeq: number) => encodeSparkplug({ timestamp: NOW, metrics: [{ name: 'bdSeq', type: 'UInt64', value: bdSeq }] });

    it('frees a node on its NDEATH, and refuses births beyond maxNodes until one dies', () => {
      host = makeHost({ maxNodes: 2 });
      host.handle('spBv1.0/g/NBIRTH/a', nodeBirth('a', 1), NOW);
      host.handle('spBv1.0/g/NBIRTH/b', nodeBirth('b', 1), NOW);
      host.handle('spBv1.0/g/NBIRTH/c', nodeBirth('c', 1), NOW);
      expect(host.nodeCount).toBe(2);
      expect(sink.reasons()).toEqual(['sparkplugLimit']);
      host.handle('spBv1.0/g/NBIRTH/a', nodeBirth('a', 2), NOW); // a rebirth of a held node is not a new node
      expect(sink.reasons()).toEqual(['sparkplugLimit']);
      host.handle('spBv1.0/g/NDEATH/b', nodeDeath(1), NOW);
      expect(host.nodeCount).toBe(1);
      host.handle('spBv1.0/g/NBIRTH/c', nodeBirth('c', 1), NOW);
      expect(host.nodeCount).toBe(2);
    });

    it('refuses devices beyond maxDevicesPerNode and frees a device on DDEATH', () => {
      host = makeHost({ maxDevicesPerNode: 1 });
      birth();
      host.handle(topic('DBIRTH', 'D1'), message(1, [{ name: s1!.id, alias: 2, type: 'Float', value: 3 }]), NOW);
      host.handle(topic('DBIRTH', 'D2'), message(2, [{ name: s1!.id, alias: 3, type: 'Float', value: 3 }]), NOW);
      expect(sink.reasons()).toEqual(['sparkplugLimit']);
      host.handle(topic('DDEATH', 'D1'), message(3, []), NOW);
      host.handle(topic('DBIRTH', 'D2'), message(4, [{ name: s1!.id, alias: 3, type: 'Float', value: 3 }]), NOW);
      expect(sink.reasons()).toEqual(['sparkplugLimit']);
    });

    it('holds at most maxAliases over all nodes, and gives them back when a node dies', () => {
      host = makeHost({ maxAliases: 5 });
      host.handle('spBv1.0/g/NBIRTH/a', nodeBirth('a', 1, 4), NOW);
      host.handle('spBv1.0/g/NBIRTH/b', nodeBirth('b', 1, 4), NOW);
      expect(sink.rejections.filter((r) => r.reason === 'sparkplugLimit').map((r) => r.detail)).toEqual(['3 aliases not held (maxAliases 5)']);
      host.handle('spBv1.0/g/NDEATH/a', nodeDeath(1), NOW);
      host.handle('spBv1.0/g/NBIRTH/b', nodeBirth('b', 2, 4), NOW);
      expect(sink.reasons().filter((r) => r === 'sparkplugLimit')).toHaveLength(1);
    });

    it('forgets a node silent for longer than the idle timeout; its next message asks for a rebirth', () => {
      host = makeHost({ nodeIdleTimeoutMs: 60_000 });
      birth();
      host.sweepIdle(NOW + 30_000);
      expect(host.nodeCount).toBe(1);
      host.sweepIdle(NOW + 60_001);
      expect(host.nodeCount).toBe(0);
      host.handle(topic('NDATA'), message(1, [{ alias: 1, type: 'Double', value: 2 }]), NOW + 61_000);
      expect(sink.reasons()).toEqual(['sparkplugNoBirth']);
      expect(rebirths).toEqual(['plant/edge1']);
    });

    it('rejects a payload with more metrics than MAX_METRICS_PER_PAYLOAD whole', () => {
      birth();
      host.handle(topic('NDATA'), message(1, Array.from({ length: 10_001 }, () => ({ alias: 1, type: 'Double', value: 1 }))), NOW);
      expect(sink.reasons()).toEqual(['schema']);
      expect(sink.samples).toHaveLength(1);
    });
  });
});
