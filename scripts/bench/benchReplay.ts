// npm run -s bench:replay — recording and replay (issue 8). One JSON object on stdout, progress on stderr.
// Part 1: the recorder's cost on the ingest benchmark's load (real Mosquitto, Sparkplug publisher in
//   its own process, MqttIngest → LiveHub → AlarmEngine here), recorder off and on alternately in the
//   same run: samples/s under flood, CPU at a steady rate, bytes per sample on disk.
// Part 2: a generated 1-hour recording of 5,000 sensors at 1 Hz plus the demo's 66 badges, alarms
//   with operator actions, a drill and a 30-minute chlorine leak study (the real leak model,
//   recomputed every 5 s), written through the real Recorder on a simulated clock; the study's
//   pictures are also recorded alone, to show what the leak picture costs on disk;
//   then time to open, seek median/p95, and replay at 20x.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AlarmEngine, defaultAlarmConfig } from '../../main/alarms/index.js';
import type { CoreTopics } from '../../main/bus/coreTopics.js';
import { MessageBus } from '../../main/bus/MessageBus.js';
import { deriveAlarmState, type Alarm, type AlarmPriority, type AlarmTransition } from '../../main/contracts/index.js';
import { LiveHub } from '../../main/live/LiveHub.js';
import { createLogger } from '../../main/log/logger.js';
import { CoreMetrics } from '../../main/metrics/CoreMetrics.js';
import { DEMO_SCENE_PATH } from '../../main/platform/packageInfo.js';
import { Recorder, RecordingSet, ReplaySession } from '../../main/recording/index.js';
import { loadSceneFile } from '../../main/scene/loadScene.js';
import { inProcessLeakEngine } from '../../main/studies/LiveLeakStudies.js';
import { defaultWorkerSafetyConfig, WorkerSafetyMonitor } from '../../main/personnel/index.js';
import { benchScene, normalValue } from './benchScene.js';
import { connectBenchIngest, runPublisher, settle, startBenchBroker } from './benchBroker.js';

const SENSORS = Number(process.env.BENCH_SENSORS ?? 5000);
const FLOOD_S = Number(process.env.BENCH_FLOOD_S ?? 6);
const STEADY_S = Number(process.env.BENCH_STEADY_S ?? 10);
const STEADY_SAMPLES_PER_S = Number(process.env.BENCH_STEADY_RATE ?? 50_000);
const RECORDING_S = Number(process.env.BENCH_RECORDING_S ?? 3600);
const SEEKS = Number(process.env.BENCH_SEEKS ?? 100);
const REPLAY_WALL_S = Number(process.env.BENCH_REPLAY_S ?? 20);
const log = (text: string) => process.stderr.write(`${text}\n`);
const round = (v: number, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits;
const median = (values: number[]) => percentile(values, 50);
function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
const dirBytes = (dir: string) => readdirSync(dir).reduce((sum, name) => sum + statSync(path.join(dir, name)).size, 0);

const demo = await loadSceneFile(DEMO_SCENE_PATH);
if (!demo.ok) throw new Error('demo scene');
const demoScene = demo.scene;
const scene = benchScene(demoScene, SENSORS);
const workDir = mkdtempSync(path.join(os.tmpdir(), 'safetwin-bench-replay-'));

// ---------------------------------------------------------------------------------------------
// Part 1 — recorder overhead on the ingest load.
const broker = await startBenchBroker(workDir);
const url = broker.url;
const publish = (rate: string, seconds: number) => runPublisher(url, SENSORS, rate, seconds);

const bus = new MessageBus<CoreTopics>();
const metrics = new CoreMetrics();
const hub = new LiveHub({
  scene,
  alarms: new AlarmEngine(scene, defaultAlarmConfig(), Date.now()),
  workerSafety: new WorkerSafetyMonitor(scene, defaultWorkerSafetyConfig(), Date.now()),
  bus,
  metrics,
  logger: createLogger('silent'),
  staleAfterMs: () => 30_000,
});
const timers = [setInterval(() => hub.tick(), 1000), setInterval(() => hub.flushSamples(), 100)];
const ingest = await connectBenchIngest({ scene, hub, metrics, url });

const liveDir = path.join(workDir, 'live');
let recorder: Recorder | null = null;
let recordedSamples = 0;
bus.subscribe('samples', (batch) => {
  if (recorder) recordedSamples += batch.indices.length;
});
async function setRecorder(on: boolean): Promise<void> {
  if (on && !recorder) {
    recorder = new Recorder({ bus, dir: liveDir, scene });
    await recorder.start();
  } else if (!on && recorder) {
    const stopping = recorder;
    recorder = null;
    await stopping.stop();
  }
}

/** Recorder time on the core's thread (queueing, hand-over to its worker) per second of phase. */
const callerThreadShare: number[] = [];
async function floodPhase(recording: boolean): Promise<number> {
  await setRecorder(recording);
  const busy0 = recorder?.getStats().callerThreadBusyMs ?? 0;
  const wall0 = performance.now();
  let first = 0;
  let last = 0;
  let seen = 0;
  const watch = setInterval(() => {
    if (hub.samplesAccepted !== seen) {
      if (seen !== 0 && first === 0) first = performance.now();
      last = performance.now();
      seen = hub.samplesAccepted;
    }
  }, 20);
  const before = hub.samplesAccepted;
  seen = before;
  await publish('flood', FLOOD_S);
  await settle(() => hub.samplesAccepted);
  clearInterval(watch);
  if (recording) {
    await recorder!.flush();
    callerThreadShare.push((recorder!.getStats().callerThreadBusyMs - busy0) / (performance.now() - wall0));
  }
  return (hub.samplesAccepted - before) / ((last - first) / 1000);
}

async function steadyPhase(recording: boolean): Promise<{ cpuCores: number; samplesPerS: number }> {
  await setRecorder(recording);
  const before = hub.samplesAccepted;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await publish(String(STEADY_SAMPLES_PER_S / 100), STEADY_S);
  await settle(() => hub.samplesAccepted);
  if (recording) await recorder!.flush();
  const cpu = process.cpuUsage(cpu0);
  const wallS = (performance.now() - t0) / 1000;
  return { cpuCores: (cpu.user + cpu.system) / 1e6 / wallS, samplesPerS: (hub.samplesAccepted - before) / wallS };
}

// Alternating off/on so drift on a shared machine hits both sides alike.
const flood: { off: number[]; on: number[] } = { off: [], on: [] };
for (const recording of [false, true, true, false, false, true, true, false]) {
  log(`part 1: flood, recorder ${recording ? 'on' : 'off'}`);
  flood[recording ? 'on' : 'off'].push(await floodPhase(recording));
}
const steady: { off: { cpuCores: number; samplesPerS: number }[]; on: { cpuCores: number; samplesPerS: number }[] } = { off: [], on: [] };
for (const recording of [false, true, true, false]) {
  log(`part 1: steady ${STEADY_SAMPLES_PER_S} samples/s, recorder ${recording ? 'on' : 'off'}`);
  steady[recording ? 'on' : 'off'].push(await steadyPhase(recording));
}
await setRecorder(true);
const liveStats = recorder!.getStats();
await setRecorder(false);
for (const timer of timers) clearInterval(timer);
await ingest.close();
broker.stop();
const liveBytes = dirBytes(liveDir);
const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
// Pairs of adjacent phases (off/on, on/off, …: ABBA order) see the same background load; their
// ratios vary far less than the raw rates on a machine shared with other builds.
const pairRatios = flood.on.map((on, i) => on / flood.off[i]!);
const throughputCost = 1 - median(pairRatios);
const floodOffSpread = (Math.max(...flood.off) - Math.min(...flood.off)) / median(flood.off);
const steadyOff = mean(steady.off.map((p) => p.cpuCores));
const steadyOn = mean(steady.on.map((p) => p.cpuCores));
const steadyOnRate = mean(steady.on.map((p) => p.samplesPerS));

// ---------------------------------------------------------------------------------------------
// Part 2 — a generated 1-hour recording, then open, seek and replay.
const startMs = Date.UTC(2026, 4, 3, 14, 0, 0);
let now = startMs;
const badges = demo.scene.personnel.map((p, i) => ({ badgeId: p.badgeId, x: 50 + i * 3, y: 40 + (i % 7) * 5 }));
const alarmTimes: number[] = [];
const PRIORITIES: AlarmPriority[] = ['low', 'low', 'low', 'medium', 'medium', 'high', 'urgent'];
function transition(sensorIndex: number, action: AlarmTransition['action'], atMs: number, by: string, active: boolean, acknowledged: boolean, priority: AlarmPriority): AlarmTransition {
  const sensor = scene.sensors[sensorIndex]!;
  const alarm: Alarm = {
    alarmId: `${sensor.id}:high`,
    sourceId: sensor.id,
    sourceKind: 'sensor',
    areaId: sensor.areaId,
    condition: 'high',
    priority,
    state: deriveAlarmState({ active, acknowledged, suppressed: false, outOfService: false }),
    active,
    acknowledged,
    suppressed: false,
    outOfService: false,
    latched: false,
    firstOut: false,
    raisedAtMs: atMs,
    changedAtMs: atMs,
  };
  if (acknowledged) Object.assign(alarm, { acknowledgedAtMs: atMs, acknowledgedBy: by });
  return { alarm, action, previousState: 'normal', atMs, by };
}
for (let k = 0; k < RECORDING_S / 90; k++) alarmTimes.push(startMs + (30 + k * 90) * 1000);

/** The leak study of the hour: a 10 mm hole in the demo's chlorine tank B-301 (as the replay e2e test starts), from minute 10 to 40. */
const STUDY_FROM_S = 600;
const STUDY_TO_S = Math.min(RECORDING_S, 2400);
/** The live studies recompute every second or so; the recorder keeps one picture per 5 s (main/recording/dispersionZones.ts), so the bench computes only those. */
const STUDY_RECOMPUTE_S = 5;

/**
 * The same generated hour written with the given chunk compression: its size, and the recorder's time.
 * `studyOnlyDir`: the leak study's pictures are recorded there too, alone (its bytes = the leak picture's cost).
 */
async function generateHour(dir: string, chunkCompression: 'zstd' | 'none', studyOnlyDir?: string): Promise<{ files: number; bytes: number; wallS: number; cpuS: number; studyPictures: number; studyOnlyBytes: number | null }> {
  now = startMs;
  const genBus = new MessageBus<CoreTopics>();
  const generator = new Recorder({ bus: genBus, dir, scene, nowMs: () => now, autoFlush: false, chunkCompression });
  await generator.start();
  const studyBus = new MessageBus<CoreTopics>();
  const studyRecorder = studyOnlyDir ? new Recorder({ bus: studyBus, dir: studyOnlyDir, scene, nowMs: () => now, autoFlush: false, chunkCompression }) : null;
  await studyRecorder?.start();
  const leakEngine = inProcessLeakEngine(demoScene, startMs);
  await leakEngine.updateWind({ speedMps: 3, fromDeg: 250, atMs: startMs, stabilityClass: 'D' });
  let studyPictures = 0;
  let studyLeakId: string | null = null;
  const publishStudy = async () => {
    const snapshot = await leakEngine.recompute(now);
    genBus.publish('dispersion', snapshot);
    studyBus.publish('dispersion', snapshot);
    studyPictures++;
  };
  // A few dozen alarms an hour (ISA-18.2 "manageable" is ≤ 6 per hour per operator; a busy plant has more).
  const alarmPlan = new Map<number, (() => void)[]>();
  const plan = (second: number, action: () => void) => alarmPlan.set(second, [...(alarmPlan.get(second) ?? []), action]);
  for (let k = 0; k < RECORDING_S / 90; k++) {
    const at = 30 + k * 90;
    const sensorIndex = (k * 37) % SENSORS;
    const priority = PRIORITIES[k % PRIORITIES.length]!;
    plan(at, () => genBus.publish('alarmTransition', transition(sensorIndex, 'activate', now, 'system', true, false, priority)));
    plan(at + 5 + (k % 40), () => genBus.publish('alarmTransition', transition(sensorIndex, 'acknowledge', now, 'operator.li', true, true, priority)));
    plan(at + 60, () => genBus.publish('alarmTransition', transition(sensorIndex, 'clear', now, 'system', false, true, priority)));
  }
  plan(Math.floor(RECORDING_S / 3), () => generator.mark({ kind: 'drill', phase: 'start', id: 'drill-1', label: 'H2S release drill', by: 'trainer.zhao' }));
  plan(Math.floor(RECORDING_S / 3) + 600, () => generator.mark({ kind: 'drill', phase: 'end', id: 'drill-1', label: 'H2S release drill' }));

  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const perBatch = SENSORS / 10;
  for (let second = 0; second < RECORDING_S; second++) {
    for (let tenth = 0; tenth < 10; tenth++) {
      now = startMs + second * 1000 + tenth * 100 + 100;
      const first = tenth * perBatch;
      const indices = new Uint32Array(perBatch);
      const values = new Float64Array(perBatch);
      const tsMs = new Float64Array(perBatch);
      for (let k = 0; k < perBatch; k++) {
        const i = first + k;
        indices[k] = i;
        // Field transmitters report a few significant digits (e.g. 0.01 of the unit), not full doubles.
        values[k] = Math.round(normalValue(i, second) * 100) / 100;
        tsMs[k] = now - 20;
      }
      genBus.publish('samples', { indices, values, tsMs, qualities: new Uint8Array(perBatch) });
      if (tenth === 5) {
        for (const [b, badge] of badges.entries()) genBus.publish('worker', { badgeId: badge.badgeId, x: badge.x + Math.sin((second + b) / 30) * 20, y: badge.y + Math.cos((second + b) / 45) * 10, floor: 0, tsMs: now });
      }
      if (tenth === 9) for (const action of alarmPlan.get(second) ?? []) action();
      if (tenth === 9 && second === STUDY_FROM_S) studyLeakId = (await leakEngine.startLeak({ equipmentId: 'B-301', holeDiameterM: 0.01, model: 'auto' }, now)).leakId;
      if (tenth === 9 && second === STUDY_TO_S && studyLeakId) {
        await leakEngine.removeLeak(studyLeakId, now);
        studyLeakId = null;
        await publishStudy();
      }
      if (tenth === 9 && studyLeakId && second % STUDY_RECOMPUTE_S === 0) await publishStudy();
      if (tenth === 4 || tenth === 9) {
        await generator.flush();
        await studyRecorder?.flush();
      }
    }
  }
  await generator.stop();
  await studyRecorder?.stop();
  await leakEngine.dispose();
  const cpu = process.cpuUsage(cpu0);
  return { files: readdirSync(dir).filter((n) => n.endsWith('.mcap')).length, bytes: dirBytes(dir), wallS: (performance.now() - t0) / 1000, cpuS: (cpu.user + cpu.system) / 1e6, studyPictures, studyOnlyBytes: studyOnlyDir ? dirBytes(studyOnlyDir) : null };
}

// The same hour uncompressed and zstd-compressed, side by side; open, seek and replay use the compressed one (the default).
const rawDir = path.join(workDir, 'hour-uncompressed');
log(`part 2: generating ${RECORDING_S} s of ${SENSORS} sensors at 1 Hz + ${demo.scene.personnel.length} badges, uncompressed chunks`);
const rawHour = await generateHour(rawDir, 'none');
rmSync(rawDir, { recursive: true, force: true });
const hourDir = path.join(workDir, 'hour');
log('part 2: the same hour with zstd chunks');
const zstdHour = await generateHour(hourDir, 'zstd', path.join(workDir, 'study-only'));
const hourFiles = zstdHour.files;
const hourBytes = zstdHour.bytes;
const generationWallS = zstdHour.wallS;
const hourSamples = RECORDING_S * SENSORS;
const bytesPerDay = (recordedBytes: number) => (recordedBytes / RECORDING_S) * 86_400;
const endMs = startMs + RECORDING_S * 1000;

log('part 2: open');
const openTimes: number[] = [];
for (let i = 0; i < 3; i++) {
  const t0 = performance.now();
  const set = await RecordingSet.open({ dir: hourDir, fromMs: startMs, toMs: endMs });
  await set.index();
  openTimes.push(performance.now() - t0);
  await set.close();
}
const t0Open = performance.now();
const session = await ReplaySession.open({ dir: hourDir, fromMs: startMs, toMs: endMs });
const sessionOpenMs = performance.now() - t0Open;
const markers = session.index.markers;

log(`part 2: ${SEEKS} seeks to random instants`);
const seekTimes: number[] = [];
let seed = 12345;
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
for (let i = 0; i < SEEKS; i++) {
  const t = startMs + random() * (endMs - startMs - 1000);
  const t0 = performance.now();
  await session.seek(t);
  const ms = performance.now() - t0;
  seekTimes.push(ms);
}
const t0Alarm = performance.now();
await session.seek(startMs);
const firstHigh = await session.nextAlarm('high');
const jumpToFirstHighAlarmMs = performance.now() - t0Alarm;

log('part 2: replay capacity (as fast as possible over up to 5 minutes of recording)');
let fakeWall = 0;
const capacitySession = await ReplaySession.open({ dir: hourDir, fromMs: startMs, toMs: endMs }, { nowMs: () => fakeWall, sleep: async (ms) => void (fakeWall += ms * 100) });
const capacitySpanMs = Math.min(300_000, (RECORDING_S * 1000) / 3);
const capacityFromMs = startMs + (RECORDING_S * 1000) / 6;
await capacitySession.seek(capacityFromMs);
const capT0 = performance.now();
capacitySession.setSpeed(20);
const capacityTargetMs = capacityFromMs + capacitySpanMs;
await new Promise<void>((resolve) => {
  capacitySession.on('frame', (f) => {
    if (f.tsMs >= capacityTargetMs) {
      capacitySession.pause();
      resolve();
    }
  });
  capacitySession.play();
});
const capacityX = capacitySpanMs / (performance.now() - capT0);
await capacitySession.dispose();

log(`part 2: replay at 20x for ${REPLAY_WALL_S} s`);
await session.seek(startMs + (RECORDING_S * 1000) / 3);
const frameGaps: number[] = [];
let lastFrameWall = 0;
let framesSeen = 0;
let sensorUpdates = 0;
session.on('frame', (frame) => {
  const wall = performance.now();
  if (lastFrameWall) frameGaps.push(wall - lastFrameWall);
  lastFrameWall = wall;
  framesSeen++;
  sensorUpdates += frame.indices.length;
});
const replayStartMs = session.getState().currentMs;
const replayWall0 = performance.now();
session.play(20);
await new Promise((r) => setTimeout(r, REPLAY_WALL_S * 1000));
session.pause();
const replayWallS = (performance.now() - replayWall0) / 1000;
const replayedMs = session.getState().currentMs - replayStartMs;
const achievedSpeed = replayedMs / 1000 / replayWallS;
const expectedSensorUpdates = (replayedMs / 1000) * SENSORS;
await session.dispose();
rmSync(workDir, { recursive: true, force: true });

const seekP95 = percentile(seekTimes, 95);
const openMs = median(openTimes);
const result = {
  bench: 'replay',
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version, note: 'shared 2-core machine, other engineers building and testing; part 1 alternates recorder off/on flood phases so drift hits both; part 2 files are in the page cache (just written), so open and seek exclude cold-disk reads' },
  config: {
    sensors: SENSORS,
    floodS: FLOOD_S,
    steadyS: STEADY_S,
    steadySamplesPerS: STEADY_SAMPLES_PER_S,
    recordingS: RECORDING_S,
    badges: badges.length,
    alarmsInRecording: alarmTimes.length,
    leakStudy: 'B-301 chlorine, 10 mm hole, wind 3 m/s from 250°, class D, minute 10 to 40, recomputed every 5 s (the recorder keeps at most one picture per 5 s)',
    recorder: { flushIntervalMs: 500, keyframeIntervalMs: 10_000, maxFileBytes: 256 * 2 ** 20, encoding: 'JSON (jsonschema), zstd level 3 chunks (part 2 also writes the hour uncompressed for comparison)' },
    seeks: SEEKS,
  },
  results: {
    floodSamplesPerSRecorderOff: flood.off.map(Math.round),
    floodSamplesPerSRecorderOn: flood.on.map(Math.round),
    floodOnOffPairRatios: pairRatios.map((r) => round(r, 3)),
    floodOffSpreadPercent: round(floodOffSpread * 100, 1),
    ingestThroughputCostPercent: round(throughputCost * 100, 1),
    recorderShareOfIngestThreadPercent: round(mean(callerThreadShare) * 100, 2),
    steadyCpuCoresRecorderOff: round(steadyOff, 3),
    steadyCpuCoresRecorderOn: round(steadyOn, 3),
    steadyCpuCostPercentOfOff: round((steadyOn / steadyOff - 1) * 100, 1),
    steadySamplesPerSRecorderOn: Math.round(steadyOnRate),
    // All threads of this process (ingest + recorder worker), on minus off, per sample recorded.
    recorderCpuUsPerSampleSteady: round(((steadyOn - steadyOff) / steadyOnRate) * 1e6, 3),
    liveRecordedSamples: recordedSamples,
    liveRecordedBytes: liveBytes,
    bytesPerSampleIngestLoad: round(liveBytes / recordedSamples, 2),
    // The ingest benchmark publishes full-precision doubles (sin wobble, 17 digits): they compress less than field readings.
    liveRecordsDropped: liveStats.recordsDropped,
    leakStudyS: STUDY_TO_S - STUDY_FROM_S,
    leakStudyPicturesComputed: zstdHour.studyPictures,
    leakStudyOnlyRecordingBytes: zstdHour.studyOnlyBytes,
    leakStudyBytesPerStudyHour: Math.round((zstdHour.studyOnlyBytes! / (STUDY_TO_S - STUDY_FROM_S)) * 3600),
    hourRecordingFiles: hourFiles,
    hourRecordingBytesUncompressed: rawHour.bytes,
    hourRecordingBytes: hourBytes,
    hourRecordingMbUncompressed: round(rawHour.bytes / 2 ** 20),
    hourRecordingMb: round(hourBytes / 2 ** 20),
    bytesPerSampleHourRecordingUncompressed: round(rawHour.bytes / hourSamples, 2),
    bytesPerSampleHourRecording: round(hourBytes / hourSamples, 2),
    compressionRatio: round(rawHour.bytes / hourBytes, 2),
    // What a 50 GB budget (recordingMaxGb default) holds at this plant's rate, and the disk six years need.
    daysIn50GbUncompressed: round(50e9 / bytesPerDay(rawHour.bytes), 1),
    daysIn50Gb: round(50e9 / bytesPerDay(hourBytes), 1),
    sixYearsTbUncompressed: round((bytesPerDay(rawHour.bytes) * 2192) / 1e12, 2),
    sixYearsTb: round((bytesPerDay(hourBytes) * 2192) / 1e12, 2),
    hourGenerationWallSUncompressed: round(rawHour.wallS),
    hourGenerationWallS: round(generationWallS),
    hourGenerationCpuSUncompressed: round(rawHour.cpuS),
    hourGenerationCpuS: round(zstdHour.cpuS),
    hourGenerationSamplesPerS: Math.round(hourSamples / generationWallS),
    openMsMedianOf3: round(openMs),
    replaySessionOpenMs: round(sessionOpenMs),
    timelineMarkers: markers.length,
    seekMedianMs: round(median(seekTimes)),
    seekP95Ms: round(seekP95),
    seekMaxMs: round(Math.max(...seekTimes)),
    jumpToFirstHighAlarmMs: round(jumpToFirstHighAlarmMs),
    firstHighAlarmOffsetS: firstHigh ? (firstHigh.tsMs - startMs) / 1000 : null,
    replayCapacitySpeedX: round(capacityX),
    replay20xAchievedSpeedX: round(achievedSpeed, 2),
    replay20xFrames: framesSeen,
    replay20xFrameGapP95Ms: round(percentile(frameGaps, 95)),
    replay20xFrameGapMaxMs: round(Math.max(...frameGaps)),
    replay20xSensorUpdates: sensorUpdates,
    replay20xSensorUpdatesExpected: Math.round(expectedSensorUpdates),
  },
  targets: [
    { name: 'ingestThroughputCostPercent', value: round(throughputCost * 100, 1), goal: '<= 10', met: throughputCost <= 0.1, note: 'median of on/off ratios of adjacent flood phases (ABBA order); the recorder encodes and writes in a worker thread, so its cost to ingest is the CPU it takes from Mosquitto and the publisher when cores are scarce; recorderShareOfIngestThreadPercent is its share of the ingest thread itself; floodOffSpreadPercent shows how much identical phases varied on this shared machine' },
    { name: 'seekP95Ms', value: round(seekP95), goal: '< 300', met: seekP95 < 300 },
    { name: 'openMs', value: round(openMs), goal: '< 1000', met: openMs < 1000, note: 'open every file of the hour and build the timeline index' },
    { name: 'replayCapacitySpeedX', value: round(capacityX), goal: '>= 20 (replay at 20x without falling behind)', met: capacityX >= 20 },
    { name: 'replay20xFrameGapP95Ms', value: round(percentile(frameGaps, 95)), goal: '<= 100 (ticks every 50 ms keep up)', met: percentile(frameGaps, 95) <= 100 },
  ],
};
process.stdout.write(JSON.stringify(result, null, 2) + '\n');
process.exit(0);
