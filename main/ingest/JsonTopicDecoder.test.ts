import { beforeEach, describe, expect, it } from 'vitest';
import { RecordingSink } from '../../tests/support/recordingSink.js';
import { loadDemoScene } from '../../tests/support/demoScene.js';
import { IngestConfigSchema } from './ingestConfig.js';
import { JsonTopicDecoder, MAX_TELEMETRY_VALUES } from './JsonTopicDecoder.js';
import { TagTable } from './TagTable.js';

const scene = loadDemoScene();
const NOW = Date.parse('2026-11-28T08:00:00Z');
const gas = scene.sensors.find((s) => s.unit === '%LEL')!;
const gasIndex = scene.sensors.indexOf(gas);
const bytes = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

let sink: RecordingSink;
let tags: TagTable;
const decoder = (mappings: unknown[] = []) => new JsonTopicDecoder(scene, tags, IngestConfigSchema.parse({ topicMappings: mappings }), sink);

beforeEach(() => {
  sink = new RecordingSink();
  tags = new TagTable(scene);
});

describe('SafeTwin JSON convention', () => {
  it('takes {"v", "ts", "q"} on the sensor topic, with epoch ms or ISO time', () => {
    const d = decoder();
    expect(d.decode(gas.mqttTopic, bytes({ v: 12.5, ts: NOW - 1000, q: 'uncertain' }), NOW)).toBe(true);
    expect(d.decode(gas.mqttTopic, bytes({ v: 13, ts: '2026-11-28T07:59:59.500Z' }), NOW)).toBe(true);
    expect(d.decode(gas.mqttTopic, bytes({ v: 14 }), NOW)).toBe(true);
    expect(sink.samples).toEqual([
      { sensorIndex: gasIndex, value: 12.5, quality: 'uncertain', tsMs: NOW - 1000 },
      { sensorIndex: gasIndex, value: 13, quality: 'good', tsMs: NOW - 500 },
      { sensorIndex: gasIndex, value: 14, quality: 'good', tsMs: NOW },
    ]);
  });

  it('rejects malformed JSON, wrong types, non-finite values and timestamps out of bounds, each by reason', () => {
    const d = decoder();
    d.decode(gas.mqttTopic, bytes('{"v": 1,'), NOW);
    d.decode(gas.mqttTopic, bytes({ v: 'high' }), NOW);
    d.decode(gas.mqttTopic, bytes('{"v": 1e400}'), NOW);
    d.decode(gas.mqttTopic, bytes({ v: 1, q: 'excellent' }), NOW);
    d.decode(gas.mqttTopic, bytes({ v: 1, ts: NOW + 60_000 }), NOW);
    d.decode(gas.mqttTopic, bytes({ v: 1, ts: NOW - 48 * 3600_000 }), NOW);
    d.decode(gas.mqttTopic, bytes({ v: 1, ts: 'yesterday' }), NOW);
    expect(sink.reasons()).toEqual(['malformedJson', 'schema', 'nonFinite', 'schema', 'futureTimestamp', 'staleTimestamp', 'schema']);
    expect(sink.samples).toEqual([]);
  });

  it('declines topics that are not its own', () => {
    expect(decoder().decode('spBv1.0/g/NDATA/e', bytes({}), NOW)).toBe(false);
    expect(decoder().decode('other/plant/x', bytes({}), NOW)).toBe(false);
    expect(decoder().decode('safetwin/demo-plant/simulator/command', bytes({ scenario: 'clear' }), NOW)).toBe(true);
  });
});

describe('RTLS and weather topics', () => {
  it('takes badge positions for known badges only', () => {
    const badge = scene.personnel[0]!.badgeId;
    const d = decoder();
    d.decode(`safetwin/demo-plant/rtls/${badge}`, bytes({ x: 10.5, y: 20, floor: 1, ts: NOW }), NOW);
    d.decode('safetwin/demo-plant/rtls/BDG-0000', bytes({ x: 1, y: 2 }), NOW);
    d.decode(`safetwin/demo-plant/rtls/${badge}`, bytes({ x: 'left', y: 2 }), NOW);
    expect(sink.workers).toEqual([{ badgeId: badge, x: 10.5, y: 20, floor: 1, tsMs: NOW }]);
    expect(sink.reasons()).toEqual(['unknownBadge', 'schema']);
  });

  it('takes the positions of badges outside the scene that the core knows (a contractor register\'s), and no others', () => {
    const registered = new Set(['CB-0001']);
    const d = new JsonTopicDecoder(scene, tags, IngestConfigSchema.parse({}), sink, (badgeId) => registered.has(badgeId));
    d.decode('safetwin/demo-plant/rtls/CB-0001', bytes({ x: 61, y: 200, floor: 0, ts: NOW }), NOW);
    d.decode('safetwin/demo-plant/rtls/CB-0002', bytes({ x: 61, y: 200, floor: 0, ts: NOW }), NOW);
    expect(sink.workers).toEqual([{ badgeId: 'CB-0001', x: 61, y: 200, floor: 0, tsMs: NOW }]);
    expect(sink.reasons()).toEqual(['unknownBadge']);
  });

  it('fills a station’s WS/WD/TA/RH sensors from one weather message', () => {
    decoder().decode('safetwin/demo-plant/weather/WX1', bytes({ windSpeedMps: 3.2, windDirectionDeg: 270, temperatureC: 18, humidityPercent: 60, ts: NOW }), NOW);
    const byId = Object.fromEntries(sink.samples.map((s) => [scene.sensors[s.sensorIndex]!.id, s.value]));
    expect(byId).toEqual({ 'WS-WX1': 3.2, 'WD-WX1': 270, 'TA-WX1': 18, 'RH-WX1': 60 });
  });
});

describe('topic mappings for plants with their own topic names', () => {
  it('maps plain values with wildcards, a sensor id from a topic level and JSON paths', () => {
    const d = decoder([{ format: 'value', topic: 'plant/+/tags/+', sensorId: '{3}', valuePath: 'data.pv', tsPath: 'data.t', qualityPath: 'data.q' }]);
    d.decode(`plant/north/tags/${gas.id}`, bytes({ data: { pv: 7.5, t: NOW - 10, q: 'bad' } }), NOW);
    d.decode('plant/north/tags/NOPE', bytes({ data: { pv: 1 } }), NOW);
    expect(sink.samples).toEqual([{ sensorIndex: gasIndex, value: 7.5, quality: 'bad', tsMs: NOW - 10 }]);
    expect(sink.reasons()).toEqual(['unknownSensor']);
  });

  it('reads ThingsBoard telemetry in its three shapes and the gateway form', () => {
    const [a, b] = scene.sensors;
    const d = decoder([
      { format: 'thingsboard', topic: 'v1/devices/me/telemetry', keys: { temp: a!.id, pressure: b!.id } },
      { format: 'thingsboard', topic: 'v1/gateway/telemetry', gateway: true, keys: { 'Tank 1/temp': a!.id } },
    ]);
    d.decode('v1/devices/me/telemetry', bytes({ temp: 21.5, pressure: 1.2, colour: 3 }), NOW);
    d.decode('v1/devices/me/telemetry', bytes({ ts: NOW + 1, values: { temp: 22 } }), NOW);
    d.decode('v1/devices/me/telemetry', bytes([{ ts: NOW + 2, values: { temp: 23 } }, { ts: NOW + 3, values: { temp: 24 } }]), NOW);
    d.decode('v1/gateway/telemetry', bytes({ 'Tank 1': [{ ts: NOW + 4, values: { temp: 25 } }] }), NOW);
    expect(sink.samples.map((s) => [s.sensorIndex, s.value])).toEqual([[0, 21.5], [1, 1.2], [0, 22], [0, 23], [0, 24], [0, 25]]);
    expect(sink.rejections).toEqual([{ reason: 'unknownSensor', topic: 'v1/devices/me/telemetry', detail: 'unmapped telemetry key colour' }]);
  });

  it('stops a ThingsBoard message at MAX_TELEMETRY_VALUES with one schema rejection for the rest', () => {
    const d = decoder([{ format: 'thingsboard', topic: 'v1/devices/me/telemetry', keys: { temp: scene.sensors[0]!.id } }]);
    const entries = Array.from({ length: MAX_TELEMETRY_VALUES }, (_, i) => ({ ts: NOW - MAX_TELEMETRY_VALUES + i, values: { temp: i } }));
    d.decode('v1/devices/me/telemetry', bytes(entries), NOW);
    // Each entry spends one for itself and one for its value: half the entries fit.
    expect(sink.samples).toHaveLength(MAX_TELEMETRY_VALUES / 2);
    expect(sink.rejections).toEqual([{ reason: 'schema', topic: 'v1/devices/me/telemetry', detail: `more than ${MAX_TELEMETRY_VALUES} telemetry values in one message` }]);
  });

  it('bounds an ISO timestamp string before parsing it', () => {
    decoder().decode(gas.mqttTopic, bytes({ v: 1, ts: `2026-11-28T08:00:00${'0'.repeat(100)}Z` }), NOW);
    expect(sink.reasons()).toEqual(['schema']);
  });
});

describe('tag table ordering rules', () => {
  it('refuses duplicate and out-of-order samples per sensor', () => {
    expect(tags.write(0, 1, 'good', 1000, 1000)).toBeNull();
    expect(tags.write(0, 2, 'good', 1000, 1001)).toBe('duplicate');
    expect(tags.write(0, 3, 'good', 999, 1002)).toBe('outOfOrder');
    expect(tags.write(0, 4, 'bad', 1001, 1003)).toBeNull();
    expect(tags.values[0]).toBe(4);
    expect(tags.qualityOf(0)).toBe('bad');
    expect(tags.qualityOf(1)).toBeNull();
  });
});

describe('camera detections from edge vision boxes', () => {
  it('takes boxes and projects each foot point onto the ground with the camera homography', () => {
    const camera = scene.cameras[0]!;
    decoder().decode(`safetwin/demo-plant/detections/${camera.id}`, bytes({ ts: NOW, detections: [{ label: 'no_helmet', score: 0.9, box: [900, 500, 120, 40] }] }), NOW);
    expect(sink.detectionEvents).toHaveLength(1);
    const [event] = sink.detectionEvents;
    expect(event).toMatchObject({ cameraId: camera.id, tsMs: NOW, detections: [{ label: 'no_helmet', score: 0.9, box: [900, 500, 120, 40] }] });
    const ground = event!.detections[0]!.ground!;
    // the image centre column near the middle row looks at the aim point, in front of the camera
    expect(Math.hypot(ground[0] - camera.position.x, ground[1] - camera.position.y)).toBeGreaterThan(1);
    expect(Math.hypot(ground[0] - camera.position.x, ground[1] - camera.position.y)).toBeLessThan(200);
  });

  it('rejects unknown cameras and malformed boxes', () => {
    decoder().decode('safetwin/demo-plant/detections/CAM-99', bytes({ detections: [] }), NOW);
    decoder().decode(`safetwin/demo-plant/detections/${scene.cameras[0]!.id}`, bytes({ detections: [{ label: 'x', score: 2, box: [0, 0, 1, 1] }] }), NOW);
    expect(sink.reasons()).toEqual(['unknownSensor', 'schema']);
  });
});
