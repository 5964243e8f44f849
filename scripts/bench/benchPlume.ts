// npm run -s bench:plume — dispersion engine speed (issue 5, Benchmark): the live leak service over
// the demo site on a 400 × 300 grid of 1 m cells through a 30-minute release with the wind changing
// every 10 s (recomputed after each change, as live), the same path through the worker thread, and a
// steady 400 × 400 ground grid for one source. Side by side, a ceiling: one exp() per cell of the
// same grid (the cost of merely touching every cell with one transcendental). One JSON object on
// stdout, also saved to docs/bench/plume.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_AMBIENT } from '../../main/dispersion/atmosphere.js';
import { SteadyPlumeModel } from '../../main/dispersion/concentrationModels.js';
import { makeDispersionSetup } from '../../main/dispersion/dispersionSetup.js';
import { LeakService } from '../../main/dispersion/LeakService.js';
import { LeakServiceWorker } from '../../main/dispersion/LeakServiceWorker.js';
import { WindHistory } from '../../main/dispersion/windHistory.js';
import { loadSceneFile } from '../../main/scene/loadScene.js';
import { DEMO_SCENE_PATH, PACKAGE_ROOT } from '../../main/platform/packageInfo.js';
import { mulberry32 } from '../../main/simulator/random.js';

const RELEASE_MIN = Number(process.env.BENCH_RELEASE_MIN ?? 30);
const WIND_STEP_S = 10;
const log = (text: string) => process.stderr.write(`${text}\n`);
const round = (v: number, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits;
const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

const loaded = await loadSceneFile(DEMO_SCENE_PATH);
if (!loaded.ok) throw new Error('demo scene did not load');
const scene = loaded.scene;

/** A deterministic gusty wind: direction wandering ±25° around south-east, speed 1.5–5 m/s. */
function windSeries(count: number): { speedMps: number; fromDeg: number }[] {
  const rng = mulberry32(5);
  let direction = 135;
  let speed = 3;
  const out: { speedMps: number; fromDeg: number }[] = [];
  for (let k = 0; k < count; k++) {
    direction = Math.max(110, Math.min(160, direction + (rng() - 0.5) * 12));
    speed = Math.max(1.5, Math.min(5, speed + (rng() - 0.5) * 0.6));
    out.push({ speedMps: round(speed, 2), fromDeg: round(direction, 1) });
  }
  return out;
}

// 1. Live service, in this thread: 30 min, a wind sample every 10 s, recompute after each.
const t0 = Date.UTC(2025, 6, 1, 6, 0, 0);
const steps = (RELEASE_MIN * 60) / WIND_STEP_S;
const winds = windSeries(steps + 1);
let nowMs = t0;
const service = new LeakService(scene, { clock: () => nowMs, cellSizeM: 1 });
service.updateWind({ ...winds[0]!, atMs: nowMs, stabilityClass: 'D' });
// A passive (Gaussian puff-train) leak: the heavier path; 0.5 kg/s of benzene vapour from T-101's flange.
service.startLeak({ equipmentId: 'T-101', rateKgS: 0.5, durationS: RELEASE_MIN * 60, model: 'gaussian' });
const recomputeMs: number[] = [];
const liveStart = performance.now();
for (let k = 1; k <= steps; k++) {
  nowMs = t0 + k * WIND_STEP_S * 1000;
  const started = performance.now();
  service.updateWind({ ...winds[k]!, atMs: nowMs, stabilityClass: 'D' });
  service.recompute(nowMs);
  recomputeMs.push(performance.now() - started);
}
const liveWallMs = performance.now() - liveStart;
// The computed area is the site widened toward the leak's estimated reach, at most 120 000 cells (LeakService).
const grid = service.gridSpec;
log(`live: ${grid.nx} × ${grid.ny} cells of ${round(grid.dxM, 2)} m, ${RELEASE_MIN} min, wind every ${WIND_STEP_S} s`);
const wallPerSimMinuteMs = liveWallMs / RELEASE_MIN;
const realTimeRatio = 60_000 / wallPerSimMinuteMs;

// 1b. The same with a dense (Britter–McQuaid) chlorine leak added: two leaks on the site.
nowMs = t0;
const service2 = new LeakService(scene, { clock: () => nowMs, cellSizeM: 1 });
service2.updateWind({ ...winds[0]!, atMs: nowMs, stabilityClass: 'D' });
service2.startLeak({ equipmentId: 'T-101', rateKgS: 0.5, durationS: RELEASE_MIN * 60, model: 'gaussian' });
service2.startLeak({ equipmentId: 'B-301', holeDiameterM: 0.01, durationS: RELEASE_MIN * 60 });
const twoLeakMs: number[] = [];
for (let k = 1; k <= steps; k++) {
  nowMs = t0 + k * WIND_STEP_S * 1000;
  const started = performance.now();
  service2.updateWind({ ...winds[k]!, atMs: nowMs, stabilityClass: 'D' });
  service2.recompute(nowMs);
  twoLeakMs.push(performance.now() - started);
}
const twoLeaksGrid = service2.gridSpec;

// 1c. Through the worker thread: wind sample in, snapshot (transferred fields) out.
const workerUrl = pathToFileURL(path.join(PACKAGE_ROOT, 'dist', 'main', 'dispersion', 'leakService.worker.js'));
const worker = await LeakServiceWorker.start(scene, { cellSizeM: 1 }, { workerUrl, atMs: t0 });
await worker.updateWind({ ...winds[0]!, atMs: t0, stabilityClass: 'D' });
await worker.startLeak({ equipmentId: 'T-101', rateKgS: 0.5, durationS: RELEASE_MIN * 60, model: 'gaussian' }, t0);
const workerRoundTripMs: number[] = [];
for (let k = 1; k <= steps; k++) {
  const atMs = t0 + k * WIND_STEP_S * 1000;
  const started = performance.now();
  await worker.updateWind({ ...winds[k]!, atMs, stabilityClass: 'D' });
  workerRoundTripMs.push(performance.now() - started);
}
await worker.dispose();

// 2. Steady 400 × 400 ground grid for one source (1 m cells), the model alone.
const steadyGrid = { x0: -200, y0: -50, dxM: 1, dyM: 1, nx: 400, ny: 400, zM: 0 };
const steadySetup = makeDispersionSetup({ stabilityClass: 'D', sigmaScheme: 'briggs-rural', releaseHeightM: 1, ambient: DEFAULT_AMBIENT });
const steadyModel = new SteadyPlumeModel({ x: 0, y: 0 }, 0.5, new WindHistory({ speedMps: 3, fromDeg: 180 }), steadySetup, () => 180);
const steadyMs: number[] = [];
const ceilingMs: number[] = [];
for (let run = 0; run < 7; run++) {
  const out = new Float32Array(steadyGrid.nx * steadyGrid.ny);
  let started = performance.now();
  steadyModel.accumulateGrid(steadyGrid, out);
  steadyMs.push(performance.now() - started);
  // Ceiling: one exp() per cell of the same grid.
  const ceiling = new Float32Array(steadyGrid.nx * steadyGrid.ny);
  started = performance.now();
  for (let j = 0; j < steadyGrid.ny; j++) for (let i = 0; i < steadyGrid.nx; i++) ceiling[j * steadyGrid.nx + i] = Math.exp(-((i - j) ** 2) * 1e-4);
  ceilingMs.push(performance.now() - started);
}
const steadyMedianMs = percentile(steadyMs, 50);
const ceilingMedianMs = percentile(ceilingMs, 50);

const p95Recompute = percentile(recomputeMs, 95);
const p95Worker = percentile(workerRoundTripMs, 95);
const result = {
  bench: 'plume',
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version, note: process.env.BENCH_NOTE ?? 'one core used; the 2-CPU machine was shared with other engineers building and testing in parallel' },
  config: { site: 'demo-plant', gridCells: [grid.nx, grid.ny], cellM: round(grid.dxM, 2), twoLeaksGridCells: [twoLeaksGrid.nx, twoLeaksGrid.ny], twoLeaksCellM: round(twoLeaksGrid.dxM, 2), releaseMin: RELEASE_MIN, windChangeEveryS: WIND_STEP_S, recomputesPerSimMinute: 60 / WIND_STEP_S, leak: 'T-101 benzene vapour 0.5 kg/s, Gaussian puff train (5 s slugs), class D', steadyGrid: [steadyGrid.nx, steadyGrid.ny] },
  results: {
    liveWallMs: round(liveWallMs),
    wallPerSimulatedMinuteMs: round(wallPerSimMinuteMs),
    realTimeRatio: round(realTimeRatio),
    recomputeAfterWindChangeP50Ms: round(percentile(recomputeMs, 50), 2),
    recomputeAfterWindChangeP95Ms: round(p95Recompute, 2),
    recomputeAfterWindChangeMaxMs: round(Math.max(...recomputeMs), 2),
    twoLeaksRecomputeP50Ms: round(percentile(twoLeakMs, 50), 2),
    twoLeaksRecomputeP95Ms: round(percentile(twoLeakMs, 95), 2),
    workerRoundTripAfterWindChangeP50Ms: round(percentile(workerRoundTripMs, 50), 2),
    workerRoundTripAfterWindChangeP95Ms: round(p95Worker, 2),
    steadyGrid400x400MedianMs: round(steadyMedianMs, 2),
    ceilingOneExpPerCell400x400MedianMs: round(ceilingMedianMs, 2),
    steadyGridRatioToCeiling: round(steadyMedianMs / ceilingMedianMs, 1),
  },
  targets: [
    { name: 'realTimeRatio', value: round(realTimeRatio), goal: '>= 200', met: realTimeRatio >= 200 },
    { name: 'recomputeAfterWindChangeP95Ms', value: round(p95Recompute, 2), goal: '< 250', met: p95Recompute < 250 },
    { name: 'workerRoundTripAfterWindChangeP95Ms', value: round(p95Worker, 2), goal: '< 250', met: p95Worker < 250 },
    { name: 'steadyGrid400x400MedianMs', value: round(steadyMedianMs, 2), goal: '< 250', met: steadyMedianMs < 250 },
  ],
};
const text = JSON.stringify(result, null, 2) + '\n';
process.stdout.write(text);
mkdirSync(path.join(PACKAGE_ROOT, 'docs', 'bench'), { recursive: true });
writeFileSync(path.join(PACKAGE_ROOT, 'docs', 'bench', 'plume.json'), text);
