import { readdirSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';
import { McapIndexedReader } from '@mcap/core';
import { MCAP_DECOMPRESS_HANDLERS } from '../../main/recording/chunkCompression.js';
import { FileHandleReadable } from '@mcap/nodejs';
import { describe, expect, it } from 'vitest';
import { AlarmEngine, defaultAlarmConfig } from '../../main/alarms/index.js';
import type { CoreTopics } from '../../main/bus/coreTopics.js';
import { MessageBus } from '../../main/bus/MessageBus.js';
import type { Alarm, WorkerPosition } from '../../main/contracts/index.js';
import { LiveHub } from '../../main/live/LiveHub.js';
import { createLogger } from '../../main/log/logger.js';
import { CoreMetrics } from '../../main/metrics/CoreMetrics.js';
import { AuditJournal } from '../../main/audit/index.js';
import { Recorder, RecordingSet, verifyAuditJournal } from '../../main/recording/index.js';
import { PlantSimulation } from '../../main/simulator/index.js';
import { Rng } from '../../main/simulator/random.js';
import { defaultWorkerSafetyConfig, WorkerSafetyMonitor } from '../../main/personnel/index.js';
import { loadDemoScene } from '../support/demoScene.js';
import { makeTempDir } from '../support/tempDir.js';

type LiveCapture = {
  tMs: number;
  sensors: Map<number, { value: number; sampleTsMs: number; quality: number }>;
  alarms: Map<string, Pick<Alarm, 'state' | 'priority' | 'active' | 'acknowledged' | 'acknowledgedBy' | 'shelvedUntilMs'>>;
  workers: Map<string, WorkerPosition>;
};

const alarmView = (a: Alarm) => ({ state: a.state, priority: a.priority, active: a.active, acknowledged: a.acknowledged, acknowledgedBy: a.acknowledgedBy, shelvedUntilMs: a.shelvedUntilMs });

/**
 * Issue 8 round trip: a simulated 10-minute session (demo plant, gas leak, operator actions) is
 * driven through the real live hub and alarm engine at accelerated time into the recorder; the
 * replayed state at 20 random instants equals the live state captured at those instants.
 */
describe('recording round trip', () => {
  it('replays the live state at 20 random instants of a 10-minute session', async () => {
    const scene = loadDemoScene();
    const dir = makeTempDir('rec-roundtrip');
    // 13:55 → 14:05 UTC: the session crosses an hour, so it spans two files.
    let now = Date.UTC(2026, 4, 3, 13, 55, 0);
    const bus = new MessageBus<CoreTopics>((_topic, error) => {
      throw error;
    });
    const engine = new AlarmEngine(scene, defaultAlarmConfig(), now);
    const hub = new LiveHub({
      scene,
      alarms: engine,
      workerSafety: new WorkerSafetyMonitor(scene, defaultWorkerSafetyConfig(), now),
      bus,
      metrics: new CoreMetrics(),
      logger: createLogger('silent'),
      staleAfterMs: () => 30_000,
      nowMs: () => now,
    });
    const journal = await AuditJournal.open(path.join(dir, 'audit'), { nowMs: () => now });
    journal.attachToBus(bus);
    const recordings = path.join(dir, 'recordings');
    const recorder = new Recorder({ bus, dir: recordings, scene, nowMs: () => now, autoFlush: false, journal });
    await recorder.start();
    const simulation = new PlantSimulation(scene, 7, now);
    const rng = new Rng(42, 'instants');
    const captureSteps = new Set<number>();
    while (captureSteps.size < 20) captureSteps.add(1 + rng.integer(599));
    const captures: LiveCapture[] = [];
    let operatorActions = 0;

    for (let step = 1; step <= 600; step++) {
      now += 1000;
      if (step === 30) simulation.applyCommand({ scenario: 'gasLeak', equipmentId: 'T-101', releaseRateKgPerS: 5 }, now);
      if (step === 400) simulation.applyCommand({ scenario: 'clear' }, now);
      const frame = simulation.step(now);
      for (const sample of frame.sensors) {
        const index = hub.tags.indexOf(sample.sensorId);
        if (index !== undefined) hub.sample(index, sample.value, sample.quality, sample.tsMs, now);
      }
      for (const worker of frame.workers) hub.worker(worker);
      hub.tick();
      if (step % 20 === 0) {
        const unacknowledged = engine.alarms().filter((a) => a.state === 'unacknowledged' || a.state === 'returnedUnacknowledged');
        if (unacknowledged.length > 0) {
          operatorActions += hub.command({ action: 'acknowledge', alarmIds: unacknowledged.slice(0, 3).map((a) => a.alarmId) }, 'liu.yang').applied;
        }
      }
      hub.flushSamples();
      if (captureSteps.has(step)) {
        const sensors = new Map<number, { value: number; sampleTsMs: number; quality: number }>();
        for (let i = 0; i < hub.tags.size; i++) if (hub.tags.quality[i] !== 255) sensors.set(i, { value: hub.tags.values[i]!, sampleTsMs: hub.tags.sampleTsMs[i]!, quality: hub.tags.quality[i]! });
        const alarms = new Map(engine.alarms().filter((a) => a.state !== 'normal').map((a) => [a.alarmId, alarmView(a)]));
        captures.push({ tMs: now, sensors, alarms, workers: new Map(hub.workerPositions().map((w) => [w.badgeId, { ...w }])) });
      }
      if (step % 5 === 0) await recorder.flush();
    }
    await recorder.stop();
    await journal.close();
    expect(operatorActions).toBeGreaterThan(0);
    expect(captures.some((c) => c.alarms.size > 0)).toBe(true);

    const files = readdirSync(recordings).filter((n) => n.endsWith('.mcap'));
    expect(files).toHaveLength(2);
    expect(recorder.getStats().recordsDropped).toBe(0);
    // Every file validates with the MCAP library's own indexed reader.
    for (const name of files) {
      const handle = await open(path.join(recordings, name), 'r');
      const reader = await McapIndexedReader.Initialize({ readable: new FileHandleReadable(handle), decompressHandlers: MCAP_DECOMPRESS_HANDLERS });
      expect([...reader.channelsById.values()].map((c) => c.topic)).toContain('/samples');
      expect([...reader.schemasById.values()].every((s) => s.encoding === 'jsonschema')).toBe(true);
      let count = 0;
      for await (const message of reader.readMessages({ topics: ['/alarms/transitions'] })) {
        JSON.parse(new TextDecoder().decode(message.data));
        count++;
      }
      expect(count).toBeGreaterThanOrEqual(0);
      await handle.close();
    }

    const set = await RecordingSet.open({ dir: recordings, fromMs: captures[0]!.tMs - 1, toMs: now });
    expect(set.files).toHaveLength(2);
    const index = await set.index();
    expect(index.markers.filter((m) => m.kind === 'alarm').length).toBeGreaterThan(0);
    expect(index.markers.filter((m) => m.kind === 'operatorAction' && m.by === 'liu.yang').length).toBe(operatorActions);
    for (const capture of captures) {
      const state = await set.stateAt(capture.tMs);
      const sensors = new Map<number, { value: number; sampleTsMs: number; quality: number }>();
      for (let i = 0; i < state.sensorCount; i++) if (state.quality[i] !== 255) sensors.set(i, { value: state.values[i]!, sampleTsMs: state.sampleTsMs[i]!, quality: state.quality[i]! });
      expect(sensors, `sensors at ${new Date(capture.tMs).toISOString()}`).toEqual(capture.sensors);
      expect(new Map([...state.alarms].map(([id, a]) => [id, alarmView(a)])), `alarms at ${new Date(capture.tMs).toISOString()}`).toEqual(capture.alarms);
      expect(state.workers).toEqual(capture.workers);
    }
    await set.close();

    const audit = await verifyAuditJournal(path.join(dir, 'audit', 'journal.jsonl'), { recordingsDir: recordings });
    expect(audit).toMatchObject({ ok: true, filesChecked: 2 });
    expect(audit.entries).toBe(operatorActions + 2);
  });
});
