import { describe, expect, it } from 'vitest';
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
import { defaultWorkerSafetyConfig, WorkerSafetyMonitor } from '../../main/workers/index.js';

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
