// npm run -s bench:vision — camera AI: bare session.run (the ceiling) side by side with the full pipeline
// (ffmpeg decode + letterbox + run + decode/NMS + tracker/rules) on the same model and frames, sustained
// frames/s for 1, 4 and 8 cameras, throughput per worker count, and memory over a sustained run.
// One JSON object on stdout (docs/architecture §7), also written to docs/bench/vision.json.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CameraSchema, type Camera } from '../../main/contracts/index.js';
import { PACKAGE_ROOT } from '../../main/platform/packageInfo.js';
import { CameraDecoder } from '../../main/vision/CameraDecoder.js';
import { decodeImageFile, requireFfmpeg } from '../../main/vision/imageFile.js';
import { InferencePool } from '../../main/vision/InferencePool.js';
import { loadModelManifest } from '../../main/vision/modelManifest.js';
import { VisionService, type FrameTiming } from '../../main/vision/VisionService.js';
import type { VisionServiceConfigInput } from '../../main/vision/visionConfig.js';

const MODEL = process.env.BENCH_VISION_MODEL ?? 'person-yolox-nano';
const VIDEO = process.env.BENCH_VISION_VIDEO ?? path.resolve(PACKAGE_ROOT, '..', 'shared', 'media', 'cctv_construction_site.mp4');
const PHASE_S = Number(process.env.BENCH_VISION_PHASE_S ?? 15);
const MEMORY_S = Number(process.env.BENCH_VISION_MEMORY_S ?? 60);
const BARE_RUNS = Number(process.env.BENCH_VISION_BARE_RUNS ?? 30);
const WIDTH = 640;
const HEIGHT = 352;
const cores = os.availableParallelism();
const log = (text: string) => process.stderr.write(`${text}\n`);
const round = (v: number, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quantile = (values: number[], q: number) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]! : NaN;
};
const median = (values: number[]) => quantile(values, 0.5);
const mb = (bytes: number) => round(bytes / 1024 ** 2);
const gc = () => (globalThis as { gc?: () => void }).gc?.();

// The shipped model is in models/; the test-only helmet and PPE manifests in tests/fixtures/models.
const modelDir = [path.join(PACKAGE_ROOT, 'models', MODEL), path.join(PACKAGE_ROOT, 'tests', 'fixtures', 'models', MODEL)].find((dir) => existsSync(dir)) ?? path.join(PACKAGE_ROOT, 'models', MODEL);
const manifest = loadModelManifest(modelDir);
const ffmpegPath = requireFfmpeg();
const loadAvgStart = os.loadavg()[0]!;

function camera(i: number): Camera {
  return CameraSchema.parse({
    id: `BENCH-${i}`,
    name: { en: `bench ${i}` },
    position: { x: 0, y: 0, z: 8 },
    headingDeg: 45,
    pitchDeg: -25,
    horizontalFovDeg: 70,
    imageWidthPx: WIDTH,
    imageHeightPx: HEIGHT,
    stream: { url: VIDEO },
  });
}

// A gate zone with intrusion + loitering + crowding, so the rules do real work on every frame.
const rules = {
  zones: [{ id: 'yard', space: 'image' as const, polygon: [[0, 100], [640, 100], [640, 352], [0, 352]] as [number, number][] }],
  rules: [
    { kind: 'intrusion' as const, id: 'yard-intrusion', zoneId: 'yard' },
    { kind: 'loitering' as const, id: 'yard-loiter', zoneId: 'yard', dwellS: 10 },
    { kind: 'crowding' as const, id: 'yard-crowd', zoneId: 'yard', maxPersons: 5 },
  ],
};

/** 1. Decode-only ceiling: one ffmpeg decoding the clip as fast as possible to 640×352 RGB frames. */
async function measureDecode(): Promise<{ fps: number; msPerFrame: number }> {
  let frames = 0;
  const decoder = new CameraDecoder(
    { cameraId: 'decode', source: VIDEO, fps: 25, widthPx: WIDTH, heightPx: HEIGHT, realtime: false, previewFps: 0, ffmpegPath, backoff: { initialMs: 500, maxMs: 2000 }, stallTimeoutMs: 10_000 },
    { onFrame: () => frames++ },
  );
  decoder.start();
  await sleep(1000);
  const f0 = frames;
  const t0 = performance.now();
  await sleep(5000);
  const fps = (frames - f0) / ((performance.now() - t0) / 1000);
  await decoder.stop();
  return { fps: round(fps), msPerFrame: round(1000 / fps, 2) };
}

/**
 * 2. Bare session.run on a worker (same pool type, same model), one at a time: the ceiling. The input
 * tensor is first filled from a real frame of the clip: an all-zero input runs measurably slower (about
 * 2×, likely denormal arithmetic), which would flatter the pipeline.
 */
async function measureBare(): Promise<number[]> {
  const pool = await InferencePool.start(manifest, { workers: 1, session: { executionProviders: ['cpu'], intraOpNumThreads: 1 } });
  const frame = await decodeImageFile(VIDEO, ffmpegPath);
  for (let i = 0; i < 3; i++) await pool.detect(frame.rgb.slice(), frame.widthPx, frame.heightPx);
  for (let i = 0; i < 5; i++) await pool.bareRun();
  const runs: number[] = [];
  for (let i = 0; i < BARE_RUNS; i++) runs.push(await pool.bareRun());
  await pool.close();
  return runs;
}

type PhaseResult = { cameras: number; workers: number; framesPerS: number; dropRate: number; timings: FrameTiming[]; rssMb: number };

/** Runs N cameras on the clip (real time, 25 frames/s offered each) for `seconds` after a warm-up; returns analysed frames/s. */
async function runPhase(cameras: number, workers: number, seconds: number, onSample?: (elapsedS: number) => void): Promise<PhaseResult> {
  const timings: FrameTiming[] = [];
  let measuring = false;
  const config: VisionServiceConfigInput = {
    models: { bench: modelDir },
    // Every camera offers the clip's native ~25 frames/s in real time (like a live camera), above what CPU
    // inference can take for several cameras: queues stay bounded and drop oldest, throughput is what gets through.
    fps: 25,
    previewFps: 0,
    queueDepth: 2,
    pool: { workers, intraOpNumThreads: 1 },
    cameras: Array.from({ length: cameras }, (_, i) => ({ cameraId: `BENCH-${i}`, source: VIDEO, realtime: true, ...rules })),
    healthIntervalMs: 60_000,
  };
  const service = new VisionService(
    Array.from({ length: cameras }, (_, i) => camera(i)),
    config,
    { onTiming: (t) => measuring && timings.push(t) },
  );
  await service.start();
  await sleep(3000);
  const before = service.health();
  measuring = true;
  const t0 = performance.now();
  const sampleEveryS = 5;
  for (let elapsed = 0; elapsed < seconds; elapsed += sampleEveryS) {
    await sleep(Math.min(sampleEveryS, seconds - elapsed) * 1000);
    onSample?.((performance.now() - t0) / 1000);
  }
  measuring = false;
  const after = service.health();
  const elapsedS = (performance.now() - t0) / 1000;
  const out = after.reduce((s, h) => s + h.framesOut, 0) - before.reduce((s, h) => s + h.framesOut, 0);
  const inFrames = after.reduce((s, h) => s + h.framesIn, 0) - before.reduce((s, h) => s + h.framesIn, 0);
  const dropped = after.reduce((s, h) => s + h.framesDropped, 0) - before.reduce((s, h) => s + h.framesDropped, 0);
  const rssMb = mb(process.memoryUsage().rss);
  await service.stop();
  return { cameras, workers, framesPerS: round(out / elapsedS), dropRate: round(inFrames > 0 ? dropped / inFrames : 0, 3), timings, rssMb };
}

log(`bench:vision — model ${MODEL}, ${cores} cores, video ${VIDEO}`);
const decode = await measureDecode();
log(`decode-only: ${decode.fps} frames/s (${decode.msPerFrame} ms/frame)`);
// Bare runs in two blocks around the single-camera pipeline phase, so that load from other processes on a
// shared machine hits ceiling and pipeline alike; the paired ratio below uses session.run timed inside the
// pipeline on the very same frames.
const bareBefore = await measureBare();
// Per-frame pipeline latency: one camera, one worker — the same single-threaded session as the bare runs.
const single = await runPhase(1, 1, PHASE_S);
const bareAfter = await measureBare();
const bare = [...bareBefore, ...bareAfter];
const bareMedianMs = median(bare);
log(`bare session.run: median ${bareMedianMs.toFixed(1)} ms`);
const stage = (pick: (t: FrameTiming) => number) => round(median(single.timings.map(pick)), 2);
const inWorkerMs = single.timings.map((t) => t.preMs + t.runMs + t.postMs);
// Submit → rules done (worker round trip included), plus the decoder's cost per frame measured above.
const pipelineMs = single.timings.map((t) => t.totalMs - t.queueWaitMs + decode.msPerFrame);
const pipelineMedianMs = median(pipelineMs);
log(`pipeline per frame: median ${pipelineMedianMs.toFixed(1)} ms (pre ${stage((t) => t.preMs)}, run ${stage((t) => t.runMs)}, post ${stage((t) => t.postMs)}, rules ${stage((t) => t.rulesMs)})`);

const defaultWorkers = Math.max(1, cores - 1);
const scaling: PhaseResult[] = [];
for (const cams of [1, 4, 8]) {
  const r = await runPhase(cams, defaultWorkers, PHASE_S);
  log(`${cams} camera(s), ${defaultWorkers} worker(s): ${r.framesPerS} frames/s, drop rate ${r.dropRate}`);
  scaling.push(r);
}
const workerScaling: PhaseResult[] = [];
for (let w = 1; w <= cores; w++) {
  const r = await runPhase(4, w, PHASE_S);
  log(`4 cameras, ${w} worker(s): ${r.framesPerS} frames/s`);
  workerScaling.push(r);
}

// Memory over a sustained run: 8 cameras, heap after a forced GC and RSS (process + worker threads) every 5 s.
gc();
const memory: { tS: number; rssMb: number; heapMb: number }[] = [];
const sample = (tS: number) => {
  gc();
  const m = process.memoryUsage();
  memory.push({ tS: round(tS), rssMb: mb(m.rss), heapMb: mb(m.heapUsed) });
};
const sustained = await runPhase(8, defaultWorkers, MEMORY_S, sample);
const slope = (pick: (s: { rssMb: number; heapMb: number }) => number) => {
  // Least-squares slope over the second half (after caches and worker heaps settle), MB per minute.
  const pts = memory.slice(Math.floor(memory.length / 2));
  if (pts.length < 2) return NaN;
  const mx = pts.reduce((s, p) => s + p.tS, 0) / pts.length;
  const my = pts.reduce((s, p) => s + pick(p), 0) / pts.length;
  const num = pts.reduce((s, p) => s + (p.tS - mx) * (pick(p) - my), 0);
  const den = pts.reduce((s, p) => s + (p.tS - mx) ** 2, 0);
  return round((num / den) * 60, 2);
};

const overheadRatio = round(pipelineMedianMs / bareMedianMs, 3);
const runInPipelineMedianMs = median(single.timings.map((t) => t.runMs));
const pairedOverheadRatio = round(pipelineMedianMs / runInPipelineMedianMs, 3);
const fps1 = scaling[0]!.framesPerS;
const fpsByWorkers = workerScaling.map((r) => r.framesPerS);
const workerSpeedup = round(fpsByWorkers[fpsByWorkers.length - 1]! / fpsByWorkers[0]!, 2);
const rssSlope = slope((s) => s.rssMb);
const heapSlope = slope((s) => s.heapMb);
const result = {
  bench: 'vision',
  machine: {
    cpus: cores,
    cpuModel: os.cpus()[0]?.model,
    node: process.version,
    loadAvg1mStart: round(loadAvgStart, 2),
    loadAvg1mEnd: round(os.loadavg()[0]!, 2),
    note: 'Shared 2-core VM: other engineers were building and testing on the same machine during the run (see loadAvg). ffmpeg decoders run as child processes; inference in worker threads (1 onnxruntime thread each).',
  },
  config: {
    model: MODEL,
    input: manifest.input.shape,
    video: path.basename(VIDEO),
    analysisSizePx: [WIDTH, HEIGHT],
    executionProvider: 'cpu',
    intraOpNumThreads: 1,
    defaultWorkers,
    queueDepthPerCamera: 2,
    offeredFramesPerSPerCamera: 25,
    phaseS: PHASE_S,
    memoryRunS: MEMORY_S,
    memoryNote: `memory sampled over ${MEMORY_S} s with 8 cameras instead of the 5 minutes the issue names, to keep the benchmark short on a shared machine; BENCH_VISION_MEMORY_S=300 runs the full 5 minutes`,
    rules: 'intrusion + loitering + crowding on one zone per camera',
  },
  results: {
    decodeOnlyFramesPerS: decode.fps,
    decodeMsPerFrame: decode.msPerFrame,
    bareRunMedianMs: round(bareMedianMs, 2),
    bareRunP95Ms: round(quantile(bare, 0.95), 2),
    bareRunMedianMsBeforeAfter: [round(median(bareBefore), 2), round(median(bareAfter), 2)],
    pipelineFrameMedianMs: round(pipelineMedianMs, 2),
    pipelineFrameP95Ms: round(quantile(pipelineMs, 0.95), 2),
    pipelineStagesMedianMs: { decode: decode.msPerFrame, pre: stage((t) => t.preMs), run: stage((t) => t.runMs), post: stage((t) => t.postMs), rules: stage((t) => t.rulesMs), inWorker: round(median(inWorkerMs), 2) },
    runInsidePipelineMedianMs: round(runInPipelineMedianMs, 2),
    pipelineOverheadRatio: overheadRatio,
    pairedPipelineOverheadRatio: pairedOverheadRatio,
    framesPerSByCameras: Object.fromEntries(scaling.map((r) => [`${r.cameras}`, r.framesPerS])),
    dropRateByCameras: Object.fromEntries(scaling.map((r) => [`${r.cameras}`, r.dropRate])),
    framesPerSByWorkers4Cameras: Object.fromEntries(workerScaling.map((r) => [`${r.workers}`, r.framesPerS])),
    workerSpeedup,
    bareCeilingFramesPerSOneThread: round(1000 / bareMedianMs),
    memorySamples: memory,
    rssSlopeMbPerMin: rssSlope,
    heapSlopeMbPerMin: heapSlope,
    sustained8CamerasFramesPerS: sustained.framesPerS,
  },
  targets: [
    { name: 'pipelineOverheadRatio', value: overheadRatio, goal: '<= 1.15 (pipeline latency per frame over bare session.run)', met: overheadRatio <= 1.15 },
    {
      name: 'pairedPipelineOverheadRatio',
      value: pairedOverheadRatio,
      goal: '<= 1.15 (over session.run timed on the same frames inside the pipeline)',
      met: pairedOverheadRatio <= 1.15,
      note: 'latency includes the decoder cost per frame; ffmpeg decodes in its own process in parallel, so throughput is not reduced by it',
    },
    {
      name: 'workerSpeedup',
      value: workerSpeedup,
      goal: `>= ${round(0.8 * cores, 1)} (throughput scales with the pool up to ${cores} cores)`,
      met: workerSpeedup >= 0.8 * cores,
      note: 'ffmpeg decoders and the main thread share the same cores as the workers',
    },
    { name: 'framesPerSFourCamerasVsOne', value: round(scaling[1]!.framesPerS / fps1, 2), goal: '>= 0.9 (more cameras do not lower total throughput)', met: scaling[1]!.framesPerS / fps1 >= 0.9 },
    { name: 'heapSlopeMbPerMin', value: heapSlope, goal: '<= 1 (memory flat)', met: heapSlope <= 1 },
    { name: 'rssSlopeMbPerMin', value: rssSlope, goal: '<= 2 (memory flat, worker threads included)', met: rssSlope <= 2 },
  ],
};
const text = JSON.stringify(result, null, 2) + '\n';
mkdirSync(path.join(PACKAGE_ROOT, 'docs', 'bench'), { recursive: true });
writeFileSync(path.join(PACKAGE_ROOT, 'docs', 'bench', 'vision.json'), text);
process.stdout.write(text);
