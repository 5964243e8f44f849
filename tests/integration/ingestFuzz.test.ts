import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';
import { io, type Socket as ClientSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlarmEngine, defaultAlarmConfig } from '../../main/alarms/index.js';
import { AlarmSchema } from '../../main/contracts/index.js';
import type { CoreTopics } from '../../main/bus/coreTopics.js';
import { MessageBus } from '../../main/bus/MessageBus.js';
import { IngestConfigSchema } from '../../main/ingest/ingestConfig.js';
import { IngestRouter } from '../../main/ingest/IngestRouter.js';
import { encodeSparkplug } from '../../main/ingest/sparkplug/codec.js';
import { LiveHub } from '../../main/live/LiveHub.js';
import { createLogger } from '../../main/log/logger.js';
import { CoreMetrics } from '../../main/metrics/CoreMetrics.js';
import { loadDemoScene } from '../support/demoScene.js';
import { mulberry32 } from '../../main/simulator/random.js';
import { defaultWorkerSafetyConfig, WorkerSafetyMonitor } from '../../main/personnel/index.js';
import { Mosquitto } from '../support/mosquitto.js';
import { serve, type ServeProcess } from '../support/serveProcess.js';
import { makeTempDir } from '../support/tempDir.js';
import { waitUntil } from '../support/waitUntil.js';

const scene = loadDemoScene();
const START = Date.parse('2026-11-28T08:00:00Z');

describe('ingestion under random and malformed input', () => {
  it('never throws, keeps its state valid and accounts for every sensor-topic message', async () => {
    const random = mulberry32(20261128);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const metrics = new CoreMetrics();
    const bus = new MessageBus<CoreTopics>();
    let now = START;
    const engine = new AlarmEngine(scene, defaultAlarmConfig(), START);
    const hub = new LiveHub({ scene, alarms: engine, workerSafety: new WorkerSafetyMonitor(scene, defaultWorkerSafetyConfig(), START), bus, metrics, logger: createLogger('silent'), staleAfterMs: () => 10_000, nowMs: () => now });
    const router = new IngestRouter(scene, hub.tags, IngestConfigSchema.parse({ maxPayloadBytes: 4096 }), hub, () => undefined);

    const values = [0, -1, 1.5, 30, 55, 1e6, 'x', null, true, [], {}, 1e308];
    const jsonPayloads = (): string => {
      const choice = random();
      if (choice < 0.2) return JSON.stringify({ v: pick(values), ts: pick([undefined, now, now - 1, now + 10 ** 7, 'bad', '2026-11-28T08:00:00Z']), q: pick([undefined, 'good', 'bad', 'nope']) });
      if (choice < 0.3) return '{"v": 1e400}';
      if (choice < 0.4) return '{"v": NaN}';
      if (choice < 0.5) return 'x'.repeat(5000);
      if (choice < 0.6) return String.fromCharCode(...Array.from({ length: 40 }, () => Math.floor(random() * 256)));
      return JSON.stringify({ v: Math.round(random() * 6000) / 100, ts: now });
    };

    let sensorTopicMessages = 0;
    const MESSAGES = 20_000;
    for (let m = 0; m < MESSAGES; m++) {
      now += Math.floor(random() * 50);
      const kind = random();
      if (kind < 0.6) {
        sensorTopicMessages++;
        router.route(pick(scene.sensors).mqttTopic, Buffer.from(jsonPayloads()), now);
      } else if (kind < 0.7) {
        router.route(`safetwin/demo-plant/rtls/${pick(scene.personnel).badgeId}`, Buffer.from(jsonPayloads()), now);
      } else if (kind < 0.8) {
        const metricsList = Array.from({ length: 3 }, () => ({ name: pick([...scene.sensors.map((s) => s.id), 'bdSeq', 'junk']), alias: Math.floor(random() * 10), type: pick(['Double', 'String', 'Boolean']), value: pick([1.5, 'on', true]) }));
        let bytes: Buffer;
        try {
          bytes = encodeSparkplug({ timestamp: now, seq: Math.floor(random() * 256), metrics: metricsList as never });
        } catch {
          bytes = Buffer.from([1, 2, 3]);
        }
        router.route(`spBv1.0/g/${pick(['NBIRTH', 'NDATA', 'DBIRTH', 'DDATA', 'NDEATH', 'DDEATH'])}/e${Math.floor(random() * 3)}${random() < 0.5 ? '/d' : ''}`, bytes, now);
      } else if (kind < 0.9) {
        router.route(pick(['', '#', 'a/b', 'safetwin', 'safetwin/demo-plant/weather/WX9', 'v1/devices/me/telemetry']), Buffer.from(jsonPayloads()), now);
      } else {
        hub.tick();
      }
    }

    // Every message on a sensor topic ended as exactly one accepted sample or one rejection.
    const rejectedTotal = (await metrics.registry.getSingleMetric('safetwin_ingest_rejected_total')!.get()).values.reduce((sum, v) => sum + v.value, 0);
    const accepted = (await metrics.registry.getSingleMetric('safetwin_ingest_samples_total')!.get()).values[0]!.value;
    expect(accepted).toBe(hub.samplesAccepted);
    expect(accepted).toBeGreaterThan(1000);
    expect(rejectedTotal).toBeGreaterThan(5000);
    expect(accepted).toBeLessThanOrEqual(sensorTopicMessages + MESSAGES * 0.3 * 3);

    for (let i = 0; i < hub.tags.size; i++) {
      const value = hub.tags.values[i]!;
      expect(Number.isNaN(value) || Number.isFinite(value)).toBe(true);
    }
    for (const alarm of engine.alarms()) expect(() => AlarmSchema.parse(alarm)).not.toThrow();
  });

  it('accounts exactly when only sensor topics are used', async () => {
    const random = mulberry32(7);
    const metrics = new CoreMetrics();
    const engine = new AlarmEngine(scene, defaultAlarmConfig(), START);
    let now = START;
    const hub = new LiveHub({ scene, alarms: engine, workerSafety: new WorkerSafetyMonitor(scene, defaultWorkerSafetyConfig(), START), bus: new MessageBus<CoreTopics>(), metrics, logger: createLogger('silent'), staleAfterMs: () => 10_000, nowMs: () => now });
    const router = new IngestRouter(scene, hub.tags, IngestConfigSchema.parse({}), hub, () => undefined);
    const N = 5000;
    for (let m = 0; m < N; m++) {
      now += 1;
      const sensor = scene.sensors[Math.floor(random() * scene.sensors.length)]!;
      const good = random() < 0.5;
      router.route(sensor.mqttTopic, Buffer.from(good ? JSON.stringify({ v: random() * 10, ts: now }) : pickBad(random)), now);
    }
    const rejected = (await metrics.registry.getSingleMetric('safetwin_ingest_rejected_total')!.get()).values.reduce((sum, v) => sum + v.value, 0);
    expect(hub.samplesAccepted + rejected).toBe(N);
  });
});

function pickBad(random: () => number): string {
  const bad = ['{', '{"v":"1"}', '{"v":1e400}', '[]', 'null', '{"v":1,"q":"?"}', '{"v":1,"ts":"never"}'];
  return bad[Math.floor(random() * bad.length)]!;
}

/**
 * Issue 13: no MQTT message may stop the core. A real `safetwin serve` on a real Mosquitto, with every topic
 * family the core subscribes to configured (SafeTwin's sensor, RTLS, weather and detection topics, a value
 * mapping, ThingsBoard telemetry, Sparkplug B, a Frigate NVR's events, reviews and availability). Each
 * family gets malformed, oversized, deeply nested, huge-array, wrong-type, binary and retained messages;
 * after each batch the core answers /api/health, its RSS stays bounded and every message was counted as a
 * rejection. Then the 800 kB Frigate review that used to kill the core, retained, across a restart.
 */
describe('a served core under hostile MQTT input', () => {
  const CAP_BYTES = 1_000_000; // raised from 256 kB so the 800 kB review reaches the Frigate decoder, as it did before the fix
  const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SAFETWIN_')));
  const sensor = scene.sensors[0]!;
  const badge = scene.personnel[0]!.badgeId;
  const camera = scene.cameras[0]!.id;
  const weatherStation = scene.sensors.find((s) => s.id.startsWith('WS-'))!.id.slice(3);
  let broker: Mosquitto;
  let publisher: MqttClient;
  let core: ServeProcess;
  let url: string;
  let dataDir: string;
  let rss0 = 0;

  const serveArgs = () => ['--port', '0', '--data-dir', dataDir, '--mqtt-url', broker.url, '--config', path.join(dataDir, 'config.json'), '--no-record'];
  const health = async () => (await fetch(new URL('/api/health', url))).json() as Promise<{ status: string; mqtt: string; problems: { code: string }[] }>;
  const metricValues = async (): Promise<Map<string, number>> => {
    const text = await (await fetch(new URL('/metrics', url))).text();
    return new Map(text.split('\n').filter((l) => l.startsWith('safetwin_')).map((l) => [l.slice(0, l.lastIndexOf(' ')), Number(l.slice(l.lastIndexOf(' ') + 1))]));
  };
  const sumOf = (m: Map<string, number>, prefix: string) => [...m].filter(([k]) => k.startsWith(prefix)).reduce((sum, [, v]) => sum + v, 0);
  const reasonCount = (m: Map<string, number>, reason: string) => m.get(`safetwin_ingest_rejected_total{reason="${reason}"}`) ?? 0;

  async function startServe(): Promise<void> {
    core = serve(serveArgs(), cleanEnv);
    url = await core.url;
    await waitUntil(async () => (await health()).mqtt === 'connected', 15_000, 'the MQTT link');
  }

  type Message = { topic: string; payload: Buffer | string; retain?: boolean };
  const oversized = () => Buffer.alloc(CAP_BYTES + 200_000, 0x41);
  const deeplyNested = () => '['.repeat(100_000) + ']'.repeat(100_000);
  const hugeArray = () => JSON.stringify(Array.from({ length: 60_000 }, (_, i) => i));
  const binary = () => Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37 + 11) % 256));
  /** The kinds of bad JSON every JSON topic gets, plus its own wrong-type payloads. */
  const jsonAbuse = (topic: string, wrongTypes: unknown[]): Message[] => [
    { topic, payload: '{"v": ' },
    { topic, payload: oversized() },
    { topic, payload: deeplyNested() },
    { topic, payload: hugeArray() },
    { topic, payload: binary() },
    { topic, payload: 'null', retain: true },
    // A string is sent as it is (JSON that JSON.stringify cannot write, such as 1e400).
    ...wrongTypes.map((w) => ({ topic, payload: typeof w === 'string' ? w : JSON.stringify(w) })),
  ];
  /** The review of issue 13: ~800 kB, a detections list of 200,000 ids (spread into Math.max, it overflowed the stack). */
  const hugeReview = () => {
    const after = { id: '1718987129.308396-fqk5ka', camera: 'front_gate', start_time: 1718987129.3, end_time: null, severity: 'alert', data: { detections: Array.from({ length: 200_000 }, () => 'a'), objects: ['person'], sub_labels: [], zones: [] } };
    return JSON.stringify({ type: 'new', after });
  };
  const sparkplugData = (metrics: number) => encodeSparkplug({ timestamp: Date.now(), seq: 1, metrics: Array.from({ length: metrics }, (_, i) => ({ alias: i, type: 'Double', value: i })) });

  const families: Record<string, Message[]> = {
    sensor: jsonAbuse(sensor.mqttTopic, [{ v: 'x' }, { v: [1, 2] }, { v: 1, ts: 'x'.repeat(100_000) }, { v: { v: 1 } }]),
    rtls: jsonAbuse(`safetwin/demo-plant/rtls/${badge}`, [{ x: 'a', y: 1 }, { x: 1 }, '{"x": 1e400, "y": 1}']),
    weather: jsonAbuse(`safetwin/demo-plant/weather/${weatherStation}`, [{ windSpeedMps: 'fast' }, { windDirectionDeg: [270] }]),
    detections: jsonAbuse(`safetwin/demo-plant/detections/${camera}`, [{ detections: 'none' }, { detections: Array.from({ length: 5_000 }, () => ({ label: 'person', score: 0.9, box: [1, 2, 3, 4] })) }, { detections: [{ label: 'x'.repeat(10_000), score: 2, box: [] }] }]),
    valueMapping: jsonAbuse(`plant/area1/tags/${sensor.id}`, [{ v: 'x' }, { v: null }, { v: { deep: [1] } }]),
    thingsBoard: jsonAbuse('v1/devices/me/telemetry', [{ temp: 'hot' }, Array.from({ length: 30_000 }, () => 1)]),
    sparkplug: [
      { topic: 'spBv1.0/fuzz/NBIRTH/e1', payload: Buffer.from([0xff, 0xff, 0xff]) },
      { topic: 'spBv1.0/fuzz/NDATA/e1', payload: oversized() },
      { topic: 'spBv1.0/fuzz/NDATA/e2', payload: sparkplugData(3) },
      { topic: 'spBv1.0/fuzz/DDATA/e2/d1', payload: sparkplugData(20_000) },
      { topic: 'spBv1.0/fuzz/NDEATH/e3', payload: encodeSparkplug({ timestamp: Date.now(), metrics: [] }), retain: true },
      { topic: 'spBv1.0/fuzz/DBIRTH/e4/d1', payload: Buffer.from(hugeArray()) },
    ],
    frigateEvents: jsonAbuse('frigate/events', [{ type: 'new', after: { id: 1, camera: 'front_gate' } }, { type: 'new', after: { id: 'a', camera: 'front_gate', label: 'person', start_time: 1, current_zones: Array.from({ length: 10_000 }, () => 'z') } }]),
    frigateReviews: [...jsonAbuse('frigate/reviews', [{ type: 'old', after: {} }]), { topic: 'frigate/reviews', payload: hugeReview() }],
    frigateAvailability: [
      { topic: 'frigate/available', payload: 'maybe' },
      { topic: 'frigate/available', payload: binary() },
      { topic: 'frigate/available', payload: oversized() },
    ],
    unknownTopic: [
      { topic: 'safetwin/demo-plant/nothing/here', payload: '{}' },
      { topic: `safetwin/demo-plant/${'x'.repeat(10_000)}`, payload: binary() },
    ],
  };

  beforeAll(async () => {
    broker = await Mosquitto.start();
    dataDir = makeTempDir('ingest-fuzz');
    writeFileSync(
      path.join(dataDir, 'config.json'),
      JSON.stringify({
        ingest: {
          maxPayloadBytes: CAP_BYTES,
          qos: 1,
          topicMappings: [
            { format: 'value', topic: 'plant/+/tags/+', sensorId: '{3}', valuePath: 'v' },
            { format: 'thingsboard', topic: 'v1/devices/me/telemetry', keys: { temp: sensor.id } },
          ],
        },
        vision: { frigate: { prefix: 'frigate', cameras: { front_gate: camera } } },
      }),
    );
    publisher = await connectAsync(broker.url, { clientId: 'fuzz-publisher' });
    await startServe();
    rss0 = (await metricValues()).get('safetwin_process_resident_memory_bytes')!;
  }, 60_000);

  afterAll(async () => {
    await publisher?.endAsync(true);
    await core?.stop();
    await broker?.stop();
  });

  for (const [family, messages] of Object.entries(families)) {
    it(`takes every kind of bad ${family} message, counts each, and goes on`, { timeout: 60_000 }, async () => {
      const before = await metricValues();
      for (const message of messages) await publisher.publishAsync(message.topic, message.payload as Buffer, { qos: 1, retain: message.retain ?? false });
      await waitUntil(async () => ((await metricValues()).get('safetwin_ingest_messages_total') ?? 0) - before.get('safetwin_ingest_messages_total')! >= messages.length, 20_000, `${family} messages to arrive`);
      const after = await metricValues();
      expect(core.child.exitCode).toBeNull();
      expect((await fetch(new URL('/api/health', url))).status).toBe(200);
      // Every message of the batch is bad: each was counted at least once, none by a decoder's throw.
      expect(sumOf(after, 'safetwin_ingest_rejected_total') - sumOf(before, 'safetwin_ingest_rejected_total')).toBeGreaterThanOrEqual(messages.length);
      expect(reasonCount(after, 'handlerError')).toBe(0);
      expect(sumOf(after, 'safetwin_handler_errors_total')).toBe(0);
      const oversizedSent = messages.filter((m) => m.payload.length > CAP_BYTES).length;
      expect(reasonCount(after, 'tooLarge') - reasonCount(before, 'tooLarge')).toBe(oversizedSent);
      expect(after.get('safetwin_ingest_samples_total')).toBe(before.get('safetwin_ingest_samples_total'));
      expect(after.get('safetwin_process_resident_memory_bytes')!).toBeLessThan(rss0 + 300e6);
    });
  }

  it('rate-limits its log: a thousand bad messages write a handful of lines', { timeout: 60_000 }, async () => {
    const linesBefore = core.output().split('\n').length;
    const before = (await metricValues()).get('safetwin_ingest_messages_total')!;
    for (let i = 0; i < 1000; i++) void publisher.publish(i % 2 ? 'frigate/events' : sensor.mqttTopic, '{', { qos: 1 });
    await waitUntil(async () => (await metricValues()).get('safetwin_ingest_messages_total')! - before >= 1000, 20_000, 'the flood to arrive');
    // One line per rejection reason per 10 s, whatever the rate.
    expect(core.output().split('\n').length - linesBefore).toBeLessThanOrEqual(4);
  });

  it('answers hostile socket.io requests with counted rejections and keeps serving', { timeout: 30_000 }, async () => {
    const socket: ClientSocket = io(url, { transports: ['websocket'], reconnection: false });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    const before = sumOf(await metricValues(), 'safetwin_socket_rejected_payloads_total');
    const ack = (event: string, ...args: unknown[]) => new Promise((resolve) => socket.timeout(5_000).emit(event, ...args, (_error: unknown, reply: unknown) => resolve(reply)));
    const replies = [
      await ack('player:command', { action: 'alarm', command: { action: 'acknowledge', alarmIds: Array.from({ length: 10 }, () => 'A'.repeat(90_000)) } }),
      await ack('player:command', Array.from({ length: 2_000 }).reduce<unknown[]>((inner) => [inner], [])),
      await ack('player:command', 'not an object'),
      await ack('vision:watch', { cameraIds: Array.from({ length: 100_000 }, () => 'x') }),
    ];
    for (const reply of replies) expect(reply).toMatchObject({ ok: false, problem: { code: 'ST_ERR_SOCKET_PAYLOAD' } });
    socket.emit('player:command', { action: 'alarm', command: { action: 'acknowledge', alarmIds: ['x'] } }); // no acknowledgement callback
    socket.emit('ui:selection', { kind: 1 });
    socket.emit('no:such:event', Buffer.alloc(100_000));
    await waitUntil(async () => sumOf(await metricValues(), 'safetwin_socket_rejected_payloads_total') - before >= 6, 10_000, 'socket rejections to be counted');
    expect(sumOf(await metricValues(), 'safetwin_handler_errors_total')).toBe(0);
    expect(socket.connected).toBe(true);
    socket.close();
    expect((await health()).mqtt).toBe('connected');
  });

  it('stays up across a restart with retained poison on every family (the review that killed it within 2 s)', { timeout: 90_000 }, async () => {
    const poison: Message[] = [
      { topic: 'frigate/reviews', payload: hugeReview() },
      { topic: 'frigate/events', payload: deeplyNested() },
      { topic: 'frigate/available', payload: binary() },
      { topic: sensor.mqttTopic, payload: '{"v":' },
      { topic: `safetwin/demo-plant/rtls/${badge}`, payload: hugeArray() },
      { topic: `safetwin/demo-plant/detections/${camera}`, payload: oversized() },
      { topic: 'spBv1.0/fuzz/NBIRTH/e9', payload: Buffer.from([0xff, 0xff, 0xff]) },
    ];
    for (const message of poison) await publisher.publishAsync(message.topic, message.payload as Buffer, { qos: 1, retain: true });
    expect(await core.stop()).toBe(0);
    await startServe();
    // The retained messages arrive with the subscriptions; give the core the 2 s that used to be enough to kill it, and more.
    await waitUntil(async () => sumOf(await metricValues(), 'safetwin_ingest_rejected_total') >= poison.length, 15_000, 'the retained poison to be counted');
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(core.child.exitCode).toBeNull();
    const after = await metricValues();
    expect(reasonCount(after, 'schema')).toBeGreaterThanOrEqual(2); // the review and the NVR's availability
    expect(reasonCount(after, 'handlerError')).toBe(0);
    expect((await health()).mqtt).toBe('connected');
    for (const message of poison) await publisher.publishAsync(message.topic, '', { qos: 1, retain: true }); // clear them
  });

  it('reports degraded with the reason while the broker is down, and ok once it is back', { timeout: 60_000 }, async () => {
    expect(await health()).toMatchObject({ mqtt: 'connected' });
    await broker.stop();
    await waitUntil(async () => (await health()).status === 'degraded', 15_000, 'health to turn degraded');
    const down = await health();
    expect(down.mqtt).not.toBe('connected');
    expect(down.problems.map((p) => p.code)).toContain('ST_ERR_MQTT_LINK_DOWN');
    await broker.restart(0);
    await waitUntil(async () => (await health()).mqtt === 'connected', 40_000, 'the link to come back');
    expect((await health()).problems.map((p) => p.code)).not.toContain('ST_ERR_MQTT_LINK_DOWN');
  });
});
