// npm run -s bench:ingest — MQTT ingestion with alarm evaluation through a real Mosquitto, side by
// side with a bare mqtt.js subscriber that only counts (the ceiling). One JSON object on stdout.
import os from 'node:os';
import { connectAsync } from 'mqtt';
import { AlarmEngine, defaultAlarmConfig } from '../../main/alarms/index.js';
import type { CoreTopics } from '../../main/bus/coreTopics.js';
import { MessageBus } from '../../main/bus/MessageBus.js';
import type { SampleQuality } from '../../main/contracts/index.js';
import { decodeSparkplug } from '../../main/ingest/sparkplug/codec.js';
import type { AlarmEvaluator } from '../../main/live/AlarmEvaluator.js';
import { LiveHub } from '../../main/live/LiveHub.js';
import { FrameChannel } from '../../main/frames/index.js';
import { createLogger } from '../../main/log/logger.js';
import { CoreMetrics } from '../../main/metrics/CoreMetrics.js';
import { loadSceneFile } from '../../main/scene/loadScene.js';
import { DEMO_SCENE_PATH } from '../../main/platform/packageInfo.js';
import { benchScene, METRICS_PER_DEVICE } from './benchScene.js';
import { connectBenchIngest, runPublisher, settle, startBenchBroker } from './benchBroker.js';
import { LatencyRecorder } from './latency.js';
import { defaultWorkerSafetyConfig, WorkerSafetyMonitor } from '../../main/personnel/index.js';

const SENSORS = Number(process.env.BENCH_SENSORS ?? 5000);
const FLOOD_S = Number(process.env.BENCH_FLOOD_S ?? 10);
const STEADY_S = Number(process.env.BENCH_STEADY_S ?? 60);
const STEADY_SAMPLES_PER_S = Number(process.env.BENCH_STEADY_RATE ?? 50_000);
const log = (text: string) => process.stderr.write(`${text}\n`);
const round = (v: number, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits;

const broker = await startBenchBroker(os.tmpdir());
const url = broker.url;
const publish = (rate: string, seconds: number) => runPublisher(url, SENSORS, rate, seconds);

// Steady phases run before floods: a flood leaves backlogs that would pollute the latencies.
// Phase 1 — transport latency alone: the steady stream to a subscriber that only reads the
// publish time (the first protobuf field, written last by the publisher) — the floor of any latency.
log('phase 1: transport latency at the steady rate (bare subscriber)');
const transportLatency = new LatencyRecorder();
const bare = await connectAsync(url, { clientId: 'bench-bare' });
(bare.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
const transportListener = (_topic: string, payload: Buffer) => transportLatency.record(Date.now() - readTimestampPrefix(payload));
bare.on('message', transportListener);
await bare.subscribeAsync('spBv1.0/bench/DDATA/#');
await publish(String(STEADY_SAMPLES_PER_S / METRICS_PER_DEVICE), Math.min(STEADY_S, 20));
bare.off('message', transportListener);

// Phase 2 — the ceiling: a bare subscriber that counts messages.
log('phase 2: bare subscriber under flood (the ceiling)');
let bareMessages = 0;
let bareFirstMs = 0;
let bareLastMs = 0;
bare.on('message', (topic) => {
  if (!topic.includes('/DDATA/')) return;
  if (bareMessages === 0) bareFirstMs = performance.now();
  bareMessages++;
  bareLastMs = performance.now();
});
await bare.subscribeAsync('spBv1.0/#');
const floodA = await publish('flood', FLOOD_S);
await settle(() => bareMessages);
await bare.endAsync();
const bareSamplesPerS = (bareMessages * METRICS_PER_DEVICE) / ((bareLastMs - bareFirstMs) / 1000);

// Phase 2b — a second, informative ceiling: the same subscriber also decoding the Sparkplug protobuf.
log('phase 2b: bare subscriber that also decodes the payload, under flood');
const decoder = await connectAsync(url, { clientId: 'bench-decoder' });
(decoder.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
let decodedSamples = 0;
let decodeFirstMs = 0;
let decodeLastMs = 0;
decoder.on('message', (topic, payload) => {
  if (!topic.includes('/DDATA/')) return;
  if (decodedSamples === 0) decodeFirstMs = performance.now();
  decodedSamples += decodeSparkplug(payload).metrics?.length ?? 0;
  decodeLastMs = performance.now();
});
await decoder.subscribeAsync('spBv1.0/#');
await publish('flood', FLOOD_S);
await settle(() => decodedSamples);
await decoder.endAsync();
const decodeOnlySamplesPerS = decodedSamples / ((decodeLastMs - decodeFirstMs) / 1000);

// Phases 3 and 4 — the core's ingest path: MqttIngest → LiveHub (tag table, ordering) → AlarmEngine.
const demo = await loadSceneFile(DEMO_SCENE_PATH);
if (!demo.ok) throw new Error('demo scene');
const scene = benchScene(demo.scene, SENSORS);
const metrics = new CoreMetrics();
const bus = new MessageBus<CoreTopics>();
const engine = new AlarmEngine(scene, defaultAlarmConfig(), Date.now());
const decisionLatency = new LatencyRecorder();
const batchLatency = new LatencyRecorder();
let measuring = false;
/** Times every alarm decision: publish timestamp (ms, from the edge) to the end of rule evaluation. */
const timedEngine: AlarmEvaluator = {
  ingest(index: number, value: number, quality: SampleQuality, tsMs: number, nowMs: number) {
    const transitions = engine.ingest(index, value, quality, tsMs, nowMs);
    if (measuring) decisionLatency.record(Date.now() - tsMs);
    return transitions;
  },
  tick: (now) => engine.tick(now),
  sourceOffline: (indices, now) => engine.sourceOffline(indices, now),
  command: (c, u, n) => engine.command(c, u, n),
  alarms: () => engine.alarms(),
  setExternalCondition: (input) => engine.setExternalCondition(input),
  sensorAlarmSummary: (i) => engine.sensorAlarmSummary(i),
  sensorConditionFlags: (i) => engine.sensorConditionFlags(i),
};
const hub = new LiveHub({ scene, alarms: timedEngine, workerSafety: new WorkerSafetyMonitor(scene, defaultWorkerSafetyConfig(), Date.now()), bus, metrics, logger: createLogger('silent'), staleAfterMs: () => 30_000 });
bus.subscribe('samples', (batch) => {
  if (!measuring) return;
  const now = Date.now();
  for (let i = 0; i < batch.tsMs.length; i++) batchLatency.record(now - batch.tsMs[i]!);
});
// One screen's frame channel on the live hub, acknowledging at once (a client that keeps up).
const frameChannel = new FrameChannel((_frame, acknowledge) => acknowledge(), metrics);
frameChannel.attach(hub, 1);
/** The longest time each periodic job held the event loop (samples wait behind it). */
const longestMs = { tick: 0, flush: 0, frame: 0 };
const timed = (name: keyof typeof longestMs, job: () => void) => () => {
  const t0 = performance.now();
  job();
  if (measuring) longestMs[name] = Math.max(longestMs[name], performance.now() - t0);
};
const timers = [
  setInterval(timed('tick', () => hub.tick()), 1000),
  setInterval(timed('flush', () => hub.flushSamples()), 100),
  // A renderer-bound frame every 100 ms.
  setInterval(
    timed('frame', () => frameChannel.pump(Date.now())),
    100,
  ),
];
/** Event-loop stalls seen from a 10 ms timer: what the core could not do in time. */
let longestLoopStallMs = 0;
let lastBeat = performance.now();
const heartbeat = setInterval(() => {
  const now = performance.now();
  if (measuring) longestLoopStallMs = Math.max(longestLoopStallMs, now - lastBeat - 10);
  lastBeat = now;
}, 10);
timers.push(heartbeat);
const ingest = await connectBenchIngest({ scene, hub, metrics, url });

log(`phase 3: core at a steady ${STEADY_SAMPLES_PER_S} samples/s for ${STEADY_S} s (latency, CPU, memory)`);
const rejectedBefore = (await metrics.registry.getSingleMetric('safetwin_ingest_rejected_total')!.get()).values.reduce((s, v) => s + v.value, 0);
measuring = true;
/**
 * Retained heap: heapUsed after a full collection (node --expose-gc), taken once before and once
 * after the steady run so that forced collections never stall the latencies being measured.
 * RSS is sampled every second as well.
 */
const retainedHeapMb = () => {
  global.gc?.();
  return process.memoryUsage().heapUsed / 2 ** 20;
};
const heapBeforeMb = retainedHeapMb();
const memory: number[] = [];
const memoryTimer = setInterval(() => memory.push(process.memoryUsage().rss), 1000);
const cpuStart = process.cpuUsage();
const wallStart = performance.now();
const steadyAcceptedBefore = hub.samplesAccepted;
const steady = await publish(String(STEADY_SAMPLES_PER_S / METRICS_PER_DEVICE), STEADY_S);
await settle(() => hub.samplesAccepted);
const cpu = process.cpuUsage(cpuStart);
const wallS = (performance.now() - wallStart) / 1000;
clearInterval(memoryTimer);
measuring = false;
const heapAfterMb = retainedHeapMb();
const heapGrowthMbPerMin = ((heapAfterMb - heapBeforeMb) / wallS) * 60;
const rejectedAfter = (await metrics.registry.getSingleMetric('safetwin_ingest_rejected_total')!.get()).values.reduce((s, v) => s + v.value, 0);
const steadyAccepted = hub.samplesAccepted - steadyAcceptedBefore;

log('phase 4: core ingest under flood');
let coreFirstMs = 0;
let coreLastMs = 0;
let lastAccepted = 0;
const watch = setInterval(() => {
  if (hub.samplesAccepted !== lastAccepted) {
    if (lastAccepted === 0) coreFirstMs = performance.now();
    coreLastMs = performance.now();
    lastAccepted = hub.samplesAccepted;
  }
}, 20);
const acceptedBefore = hub.samplesAccepted;
const floodB = await publish('flood', FLOOD_S);
await settle(() => hub.samplesAccepted);
clearInterval(watch);
const coreFloodSamples = hub.samplesAccepted - acceptedBefore;
const coreSamplesPerS = coreFloodSamples / ((coreLastMs - coreFirstMs) / 1000);

for (const timer of timers) clearInterval(timer);
await ingest.close();
broker.stop();

/** Least-squares slope in MB per minute of values sampled every `stepS` seconds. */
function slopeMbPerMinute(values: number[], stepS: number): number {
  const n = values.length;
  if (n < 2) return 0;
  const mx = (n - 1) / 2;
  const my = values.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  values.forEach((v, i) => {
    num += (i - mx) * (v - my);
    den += (i - mx) ** 2;
  });
  return ((num / den) * (60 / stepS)) / 2 ** 20;
}
// RSS trend over the steady run, after 10 s of warm-up.
const rssSlopeMbPerMin = slopeMbPerMinute(memory.slice(10), 1);

const ratio = coreSamplesPerS / bareSamplesPerS;

/** The publisher writes field 1 (timestamp, varint) first: read it without a protobuf decoder. */
function readTimestampPrefix(payload: Buffer): number {
  if (payload[0] !== 0x08) return Number.NaN;
  let value = 0;
  let scale = 1;
  for (let i = 1; i < 11; i++) {
    const byte = payload[i]!;
    value += (byte & 0x7f) * scale;
    if (byte < 0x80) return value;
    scale *= 128;
  }
  return Number.NaN;
}
const p99Decision = decisionLatency.percentile(99);
const result = {
  bench: 'ingest',
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version, note: 'Mosquitto 2 on loopback; publisher in its own process; core ingest path (MqttIngest, LiveHub, AlarmEngine) in this process' },
  config: { sensors: SENSORS, samplesPerMessage: METRICS_PER_DEVICE, payload: 'Sparkplug B DDATA (protobuf)', floodS: FLOOD_S, steadyS: STEADY_S, steadySamplesPerS: STEADY_SAMPLES_PER_S },
  results: {
    bareSubscriberSamplesPerS: Math.round(bareSamplesPerS),
    bareSubscriberMessagesPerS: Math.round(bareSamplesPerS / METRICS_PER_DEVICE),
    decodeOnlySubscriberSamplesPerS: Math.round(decodeOnlySamplesPerS),
    coreSamplesPerS: Math.round(coreSamplesPerS),
    ratioToDecodeOnlySubscriber: round(coreSamplesPerS / decodeOnlySamplesPerS, 2),
    coreMessagesPerS: Math.round(coreSamplesPerS / METRICS_PER_DEVICE),
    floodPublishedSamples: { bare: floodA.samplesSent, core: floodB.samplesSent },
    floodCoreAcceptedSamples: coreFloodSamples,
    steadyPublishedSamples: steady.samplesSent,
    steadyAcceptedSamples: steadyAccepted,
    steadyRejected: rejectedAfter - rejectedBefore,
    transportOnlyP50Ms: transportLatency.percentile(50),
    transportOnlyP99Ms: transportLatency.percentile(99),
    publishToAlarmDecisionP50Ms: decisionLatency.percentile(50),
    publishToAlarmDecisionP99Ms: p99Decision,
    publishToRendererBatchP50Ms: batchLatency.percentile(50),
    publishToRendererBatchP99Ms: batchLatency.percentile(99),
    coreCpuCoresUsedSteady: round((cpu.user + cpu.system) / 1e6 / wallS, 2),
    rssStartMb: round(memory[0]! / 2 ** 20),
    rssEndMb: round(memory.at(-1)! / 2 ** 20),
    rssMaxMb: round(Math.max(...memory) / 2 ** 20),
    rssSlopeMbPerMin: round(rssSlopeMbPerMin, 2),
    retainedHeapBeforeMb: round(heapBeforeMb),
    retainedHeapAfterMb: round(heapAfterMb),
    retainedHeapGrowthMbPerMin: round(heapGrowthMbPerMin, 2),
    longestAlarmTickMs: round(longestMs.tick),
    longestSampleFlushMs: round(longestMs.flush),
    longestFrameBuildMs: round(longestMs.frame),
    longestEventLoopStallMs: round(longestLoopStallMs),
    alarmTransitions: (await metrics.registry.getSingleMetric('safetwin_alarm_transitions_total')!.get()).values.reduce((s, v) => s + v.value, 0),
  },
  targets: [
    { name: 'coreSamplesPerS', value: Math.round(coreSamplesPerS), goal: '>= 50000', met: coreSamplesPerS >= 50_000 },
    {
      name: 'ratioToBareSubscriber',
      value: round(ratio, 2),
      goal: '>= 0.7',
      met: ratio >= 0.7,
      note: 'the bare subscriber never decodes a payload; decodeOnlySubscriberSamplesPerS is the ceiling of a subscriber that decodes the Sparkplug protobuf and nothing else, and ratioToDecodeOnlySubscriber the core against it',
    },
    { name: 'publishToAlarmDecisionP99Ms', value: p99Decision, goal: '< 20 (below saturation)', met: p99Decision < 20 },
    { name: 'retainedHeapGrowthMbPerMin', value: round(heapGrowthMbPerMin, 2), goal: '<= 1 (flat)', met: heapGrowthMbPerMin <= 1 },
  ],
};
process.stdout.write(JSON.stringify(result, null, 2) + '\n');
process.exit(0);
