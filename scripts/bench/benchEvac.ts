// npm run -s bench:evac — the evacuation engine on the demo plant: 100 / 1,000 / 10,000 agents,
// wall time per simulated second and the ratio to real time, at the live step (what the app runs)
// and at the study step (what `safetwin evac` defaults to), side by side in the same process; and the
// time to rebuild every navigation field after a hazard change. One JSON object on stdout
// (docs/architecture §7); also written to docs/bench/evac.json.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EvacuationRun } from '../../main/evacuation/EvacuationRun.js';
import { EVACUATION_MODEL_DEFAULTS as D } from '../../main/evacuation/modelDefaults.js';
import { AGENT_STATE } from '../../main/evacuation/types.js';
import { DEMO_SCENE_PATH, PACKAGE_ROOT } from '../../main/platform/packageInfo.js';
import { loadSceneFile } from '../../main/scene/loadScene.js';
import { mulberry32 } from '../../main/simulator/random.js';

const POPULATIONS = (process.env.BENCH_EVAC_AGENTS ?? '100,1000,10000').split(',').map(Number);
const WARMUP_S = 3;
const MEASURE_S = Number(process.env.BENCH_EVAC_MEASURE_S ?? 20);
const log = (text: string) => process.stderr.write(`${text}\n`);
const round = (v: number, digits = 1) => Math.round(v * 10 ** digits) / 10 ** digits;

const loaded = await loadSceneFile(DEMO_SCENE_PATH);
if (!loaded.ok) throw new Error('demo scene does not load');
const scene = loaded.scene;

/** Workers spread uniformly over the site (seeded); RTLS-like fixes inside equipment are snapped by the run. */
function workers(count: number) {
  const rand = mulberry32(20_260_601 + count);
  const list = [];
  for (let k = 0; k < count; k++) list.push({ badgeId: `W${k}`, x: 4 + rand() * 392, y: 4 + rand() * 292 });
  return list;
}

/** A chlorine cloud drifting east from the tank farm: a new polygon each time (the UI's moving cloud). */
function cloud(shiftM: number) {
  const cx = 235 + shiftM;
  const cy = 195;
  const polygon: [number, number][] = [];
  for (let k = 0; k < 16; k++) {
    const a = (2 * Math.PI * k) / 16;
    polygon.push([cx + 45 * Math.cos(a), cy + 18 * Math.sin(a)]);
  }
  return [{ id: 'cl2-cloud', kind: 'toxic_gas' as const, mode: 'no_go' as const, substance: 'chlorine', polygon, concentrationPpm: 20, tOnS: 0 }];
}

function measure(count: number, dtS: number) {
  const buildStart = performance.now();
  const run = new EvacuationRun({ scene, mode: 'drill', runId: `bench-${count}`, seed: 1, dtS, premovementS: 0 }, workers(count));
  const buildMs = performance.now() - buildStart;
  // Everyone walks from t = 0 (no pre-movement): the busiest case per simulated second.
  run.step(WARMUP_S);
  const moving = () => [...run.engine.state].filter((s) => s === AGENT_STATE.moving).length;
  const movingAtStart = moving();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  run.step(MEASURE_S);
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  // CPU time of this (single-threaded) process: what one core spends, whatever else the machine runs.
  const cpuMsPerSimS = (cpu.user + cpu.system) / 1000 / MEASURE_S;
  return { run, buildMs, wallMsPerSimS: wallMs / MEASURE_S, cpuMsPerSimS, movingAtStart, movingAtEnd: moving() };
}

// JIT warm-up, not measured: otherwise the first population measured pays for V8's compilation.
log('evac bench: warm-up');
measure(300, D.liveDtS);

const results: Record<string, unknown> = {};
const targets: { name: string; value: number; goal: string; met: boolean; note?: string }[] = [];
let rebuild: { medianMs: number; maxMs: number; fields: number; cells: number; cellSizeM: number } | undefined;

for (const count of POPULATIONS) {
  for (const [label, dtS] of [
    ['live', D.liveDtS],
    ['study', D.dtS],
  ] as const) {
    log(`evac bench: ${count} agents, ${label} step ${dtS} s`);
    const m = measure(count, dtS);
    const ratio = 1000 / m.wallMsPerSimS;
    results[`agents${count}_${label}`] = {
      dtS,
      wallMsPerSimS: round(m.wallMsPerSimS, 2),
      ratioToRealTime: round(ratio, 1),
      stepMs: round(m.wallMsPerSimS * dtS, 3),
      cpuMsPerSimS: round(m.cpuMsPerSimS, 2),
      ratioToRealTimeByCpu: round(1000 / m.cpuMsPerSimS, 1),
      setupMs: round(m.buildMs, 0),
      movingAtStart: m.movingAtStart,
      movingAtEnd: m.movingAtEnd,
    };
    if (label === 'live' && count === 1000) {
      targets.push({ name: 'ratioToRealTime_1000agents', value: round(ratio, 1), goal: '>= 100', met: ratio >= 100, note: `wall time; by CPU time ${round(1000 / m.cpuMsPerSimS, 1)}x` });
    }
    if (label === 'live' && count === 10000) {
      targets.push({
        name: 'ratioToRealTime_10000agents',
        value: round(ratio, 1),
        goal: '>= 10',
        met: ratio >= 10,
        note: `wall time; by this process's CPU time ${round(1000 / m.cpuMsPerSimS, 1)}x (the machine was shared)`,
      });
    }
    if (label === 'live' && count === Math.max(...POPULATIONS)) {
      // Field rebuild after a hazard change: cost grid + fast marching for every muster point.
      const times: number[] = [];
      for (let k = 0; k < 7; k++) times.push(m.run.setHazards(cloud(k * 5)));
      times.sort((a, b) => a - b);
      const f = m.run.engine.domain.frame;
      rebuild = { medianMs: round(times[3]!, 1), maxMs: round(times[6]!, 1), fields: m.run.engine.targets.length, cells: f.nx * f.ny, cellSizeM: f.cellSizeM };
    }
  }
}
if (rebuild) {
  results.fieldRebuild = rebuild;
  targets.push({ name: 'fieldRebuildMs', value: rebuild.medianMs, goal: '< 300', met: rebuild.medianMs < 300, note: `median of 7 rebuilds, max ${rebuild.maxMs} ms` });
}

const output = {
  bench: 'evac',
  machine: {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    node: process.version,
    note: process.env.BENCH_NOTE ?? 'single thread; shared development machine (other builds and tests may run at the same time)',
  },
  config: {
    scene: 'scenes/demo-plant/scene.json',
    agents: POPULATIONS,
    placement: 'uniform over the site, seeded; fixes inside equipment snapped to the nearest walkable cell',
    premovementS: 0,
    warmupS: WARMUP_S,
    measureS: MEASURE_S,
    liveDtS: D.liveDtS,
    studyDtS: D.dtS,
    targets: 'muster points MP-1..3 (gates closed)',
  },
  results,
  targets,
};
process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
if (!process.env.BENCH_EVAC_NO_WRITE) writeFileSync(path.join(PACKAGE_ROOT, 'docs', 'bench', 'evac.json'), `${JSON.stringify(output, null, 2)}\n`);
