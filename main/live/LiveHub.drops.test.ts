import { describe, expect, it } from 'vitest';
import { AlarmEngine, defaultAlarmConfig } from '../alarms/index.js';
import type { CoreTopics } from '../bus/coreTopics.js';
import { MessageBus } from '../bus/MessageBus.js';
import { createLogger } from '../log/logger.js';
import { CoreMetrics } from '../metrics/CoreMetrics.js';
import { defaultWorkerSafetyConfig, WorkerSafetyMonitor } from '../personnel/index.js';
import { loadDemoScene } from '../../tests/support/demoScene.js';
import { LiveHub } from './LiveHub.js';

describe('LiveHub samples dropped from the record', () => {
  it('are a metric and one problem that clears a minute after the last drop', async () => {
    const scene = loadDemoScene();
    let nowMs = Date.UTC(2026, 4, 3, 8, 0, 0);
    const bus = new MessageBus<CoreTopics>();
    const metrics = new CoreMetrics();
    const hub = new LiveHub({
      scene,
      alarms: new AlarmEngine(scene, defaultAlarmConfig(), nowMs),
      workerSafety: new WorkerSafetyMonitor(scene, defaultWorkerSafetyConfig(), nowMs),
      bus,
      metrics,
      logger: createLogger('silent'),
      staleAfterMs: () => 30_000,
      nowMs: () => nowMs,
    });
    const raised: string[] = [];
    const cleared: string[] = [];
    let recordedSamples = 0;
    bus.subscribe('problem', (p) => raised.push(p.code));
    bus.subscribe('problemCleared', (key) => cleared.push(key.code));
    bus.subscribe('samples', (batch) => (recordedSamples += batch.indices.length));
    const sensorIndex = scene.sensors.findIndex((s) => s.kind === 'temperature');
    // 200,000 samples fit in one flush's batch; 250 more between two flushes are dropped from the record.
    // One sample a millisecond: every one is newer than the last, so the tag table accepts them all.
    let sampleTsMs = nowMs - 300_000;
    const flood = (count: number) => {
      for (let i = 0; i < count; i++) hub.sample(sensorIndex, 20, 'good', ++sampleTsMs, nowMs);
    };
    flood(200_250);
    hub.flushSamples();
    expect(recordedSamples).toBe(200_000);
    expect(hub.samplesDropped).toBe(250);
    const dropped = await metrics.registry.getSingleMetricAsString('safetwin_live_samples_dropped_total');
    expect(dropped).toMatch(/safetwin_live_samples_dropped_total 250$/m);
    expect(raised).toEqual(['ST_ERR_LIVE_SAMPLES_DROPPED']);
    // A second flood within the minute: the same problem, not a second one.
    nowMs += 30_000;
    flood(200_010);
    hub.flushSamples();
    expect(raised).toEqual(['ST_ERR_LIVE_SAMPLES_DROPPED']);
    nowMs += 59_000;
    hub.flushSamples();
    expect(cleared).toEqual([]);
    nowMs += 2_000;
    hub.flushSamples();
    expect(cleared).toEqual(['ST_ERR_LIVE_SAMPLES_DROPPED']);
  });
});
