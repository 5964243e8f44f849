// npm run bench:startup — cold start of `safetwin serve` to the first served page, side by side with a
// bare Node HTTP server (the floor any Node service pays), one study-CLI call each of `safetwin plume`
// and `safetwin evac` on a tiny study beside a bare `node -e` (the floor any CLI pays), plus the first
// WebGL frame in Chromium. Prints one JSON object on stdout (docs: architecture §7); progress goes to
// stderr. BENCH_NO_BUILD=1 measures the current dist/ as it is (e.g. before and after a change).
/* global window -- used inside page.evaluate, which runs in the browser */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// Build first, its output on stderr so that stdout carries only the JSON (`npm run -s bench:startup`).
if (!process.env.BENCH_NO_BUILD) {
  const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 2, 2] });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const BARE_SERVER = `require('node:http').createServer((q, s) => s.end('<!doctype html><title>x</title>')).listen(0, '127.0.0.1', function () { console.log('SafeTwin control room: http://127.0.0.1:' + this.address().port + '/'); });`;

/** Spawn → URL printed → first 200 for "/" (polled every 5 ms); the process is then stopped. */
async function coldStart(args) {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /SafeTwin control room: (\S+)/.exec(out);
      if (match) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}`)));
  });
  const listeningMs = performance.now() - started;
  for (;;) {
    const response = await fetch(url).catch(() => null);
    if (response?.ok) {
      await response.text();
      break;
    }
    await new Promise((r) => setTimeout(r, 5));
  }
  const firstPageMs = performance.now() - started;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.on('exit', resolve));
  return { listeningMs, firstPageMs, url };
}

// The smallest studies the CLIs answer (shared with the CLI start-up test): one receptor downwind of a
// release; one agent in one room.
const PLUME_STUDY = path.join(root, 'tests', 'fixtures', 'studies', 'plume-one-receptor.json');
const EVAC_SCENARIO = path.join(root, 'tests', 'fixtures', 'studies', 'evac-one-room.json');

/** Spawn → exit of one CLI call, whose answer must be a successful one (a fast failure is no result). */
async function cliCall(args) {
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  const code = await new Promise((resolve) => child.on('exit', resolve));
  const wallMs = performance.now() - started;
  if (code !== 0 || out.includes('"error"')) throw new Error(`${args.slice(1).join(' ')} failed (exit ${code}): ${out.slice(0, 500)}`);
  return wallMs;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};
const round = (v) => Math.round(v * 10) / 10;

const core = [];
const bare = [];
const plumeCli = [];
const evacCli = [];
const bareCli = [];
const safetwin = path.join(root, 'bin', 'safetwin.js');
for (let i = 0; i < RUNS; i++) {
  process.stderr.write(`run ${i + 1}/${RUNS}\n`);
  // Interleaved so that machine noise hits all alike.
  core.push(await coldStart([safetwin, 'serve', '--port', '0', '--log-level', 'warn', '--data-dir', mkdtempSync(path.join(os.tmpdir(), 'st-bench-'))]));
  bare.push(await coldStart(['-e', BARE_SERVER]));
  plumeCli.push(await cliCall([safetwin, 'plume', PLUME_STUDY]));
  evacCli.push(await cliCall([safetwin, 'evac', EVAC_SCENARIO]));
  bareCli.push(await cliCall(['-e', 'process.stdout.write("{}")']));
}

// First WebGL frame of the demo plant in Debian Chromium (llvmpipe), from navigation start.
const server = spawn(process.execPath, [path.join(root, 'bin', 'safetwin.js'), 'serve', '--port', '0', '--log-level', 'warn', '--data-dir', mkdtempSync(path.join(os.tmpdir(), 'st-bench-'))], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'] });
const serverUrl = await new Promise((resolve) => {
  let out = '';
  server.stdout.on('data', (chunk) => {
    out += chunk;
    const match = /SafeTwin control room: (\S+)/.exec(out);
    if (match) resolve(match[1]);
  });
});
const browser = await chromium.launch({
  executablePath: process.env.SAFETWIN_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic', '--ignore-gpu-blocklist', '--use-angle=gl-egl'],
});
const firstFrame = [];
let webglRenderer = '';
for (let i = 0; i < 3; i++) {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  const started = performance.now();
  await page.goto(serverUrl);
  await page.waitForFunction(() => (window.safetwinDiagnostics?.framesRendered() ?? 0) > 0, null, { timeout: 120_000 });
  firstFrame.push(performance.now() - started);
  webglRenderer = await page.evaluate(() => window.safetwinDiagnostics.webglRenderer);
  await page.close();
}
await browser.close();
server.kill('SIGTERM');

const coreFirstPage = median(core.map((r) => r.firstPageMs));
const bareFirstPage = median(bare.map((r) => r.firstPageMs));
const plumeCliMs = median(plumeCli);
const evacCliMs = median(evacCli);
const result = {
  bench: 'startup',
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version, note: 'cold process start each run; OS file cache (and V8 compile cache, when on) warm after the first' },
  config: { runs: RUNS, compileCache: process.env.NODE_DISABLE_COMPILE_CACHE ? 'off (NODE_DISABLE_COMPILE_CACHE)' : 'on', loadAverage1m: Math.round(os.loadavg()[0] * 10) / 10, scene: 'scenes/demo-plant/scene.json', studyCli: 'plume: one receptor, Gaussian plume; evac: one agent in a 10 m room, 60 s', browserViewport: '1600x900', webglRenderer },
  results: {
    coreListeningMedianMs: round(median(core.map((r) => r.listeningMs))),
    coreFirstPageMedianMs: round(coreFirstPage),
    coreFirstPageMaxMs: round(Math.max(...core.map((r) => r.firstPageMs))),
    bareNodeFirstPageMedianMs: round(bareFirstPage),
    plumeCliMedianMs: round(plumeCliMs),
    plumeCliMaxMs: round(Math.max(...plumeCli)),
    evacCliMedianMs: round(evacCliMs),
    evacCliMaxMs: round(Math.max(...evacCli)),
    bareNodeCliMedianMs: round(median(bareCli)),
    firstWebglFrameMedianMs: round(median(firstFrame)),
  },
  targets: [
    { name: 'coreFirstPageMedianMs', value: round(coreFirstPage), goal: '<= 1000', met: coreFirstPage <= 1000 },
    { name: 'plumeCliMedianMs', value: round(plumeCliMs), goal: '<= 300', met: plumeCliMs <= 300 },
    { name: 'evacCliMedianMs', value: round(evacCliMs), goal: '<= 300', met: evacCliMs <= 300 },
    { name: 'ratioCoreToBareNode', value: round(coreFirstPage / bareFirstPage), goal: '<= 10', met: coreFirstPage / bareFirstPage <= 10 },
    { name: 'firstWebglFrameMedianMs', value: round(median(firstFrame)), goal: '<= 5000 (software GL)', met: median(firstFrame) <= 5000 },
  ],
};
process.stdout.write(JSON.stringify(result, null, 2) + '\n');
