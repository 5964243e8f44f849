import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, SAFETWIN_BIN } from '../support/serveProcess.js';
import { makeTempDir } from '../support/tempDir.js';

/*
 * What each command loads (issue 14 item 13). Startup time is not asserted (never wall-clock in tests):
 * the module graph is, through a module-load hook that logs every URL the process loads. Runs the
 * built CLI (npm run build:core first), like tests/integration/cli.test.ts.
 */
const LOG_HOOK = `import { register } from 'node:module';
register('data:text/javascript,' + encodeURIComponent('import { appendFileSync } from "node:fs"; export async function load(url, context, next) { appendFileSync(process.env.ST_MODULE_LOG, url + "\\\\n"); return next(url, context); }'));`;

/** Packages only the core (server, broker, ingest, recorder, camera AI) needs. */
const CORE_ONLY_PACKAGES = ['fastify', '@fastify/static', 'socket.io', 'aedes', 'mqtt', 'sparkplug-payload', 'pino', 'prom-client', '@mcap/core', 'onnxruntime-node', 'lowdb'];

function loadedModules(args: string[], env: NodeJS.ProcessEnv = process.env): { status: number | null; stdout: string; modules: string[] } {
  const log = path.join(makeTempDir('modules'), 'loaded.txt');
  writeFileSync(log, '');
  const result = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(LOG_HOOK)}`, SAFETWIN_BIN, ...args], {
    cwd: REPO_ROOT,
    env: { ...env, ST_MODULE_LOG: log },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, modules: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

const packagesIn = (modules: string[]) => new Set(modules.flatMap((url) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1] ?? []));
const coreModulesIn = (modules: string[]) => modules.filter((url) => /\/dist\/main\/(core|http|realtime|live|broker|ingest|recording|players|vision|studies)\//.test(url));

describe('study CLIs load only what their command uses', () => {
  // The smallest studies the CLIs answer, the ones bench:startup times.
  const study = path.join(REPO_ROOT, 'tests', 'fixtures', 'studies', 'plume-one-receptor.json');
  const scenario = path.join(REPO_ROOT, 'tests', 'fixtures', 'studies', 'evac-one-room.json');

  it.each([
    ['plume', [study], 'dispersion'],
    ['evac', [scenario], 'evacuation'],
  ])('safetwin %s answers without loading the core, the broker, onnxruntime or the recorder', (command, args, ownFolder) => {
    const run = loadedModules([command, ...args]);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).not.toHaveProperty('error');
    expect([...packagesIn(run.modules)].filter((p) => CORE_ONLY_PACKAGES.includes(p))).toEqual([]);
    expect(coreModulesIn(run.modules)).toEqual([]);
    expect(run.modules.some((url) => url.includes(`/dist/main/${ownFolder}/`))).toBe(true);
  });

  it('safetwin history query and migrate load the historian, not the core, the broker or the recording reader', () => {
    const dir = makeTempDir('history-startup');
    const historian = path.join(dir, 'h.sqlite');
    const migrate = loadedModules(['history', 'migrate', '--historian', historian, '-d', dir]);
    expect(migrate.status).toBe(0);
    const query = loadedModules(['history', 'query', '--sensor', 'GT-101', '--from', '2026-05-03T00:00:00Z', '--historian', historian, '-d', dir]);
    expect(query.status).toBe(0);
    for (const run of [migrate, query]) {
      expect([...packagesIn(run.modules)].filter((p) => CORE_ONLY_PACKAGES.includes(p))).toEqual([]);
      // The ingest and vision config schemas do load: --data-dir and --historian resolve as for serve (config.ts).
      expect(run.modules.filter((url) => /\/dist\/main\/(core|http|realtime|live|broker|recording|players|studies)\//.test(url))).toEqual([]);
      expect(run.modules.some((url) => url.endsWith('/dist/main/historian/querySamples.js'))).toBe(true);
    }
  });

  it('prints its version and help from the command table alone', () => {
    const run = loadedModules(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('safetwin');
    expect([...packagesIn(run.modules)].sort()).toEqual(['commander', 'zod']);
    expect(run.modules.filter((url) => url.includes('/dist/main/')).length).toBeLessThanOrEqual(8);
  });

  it('keeps compiled code in the user cache folder between runs, unless turned off', () => {
    const cacheHome = makeTempDir('xdg-cache');
    const compileCacheEntries = () => readdirSync(path.join(cacheHome, 'safetwin', 'compile-cache'), { recursive: true }).length;
    const env: NodeJS.ProcessEnv = { ...process.env, XDG_CACHE_HOME: cacheHome };
    delete env.NODE_COMPILE_CACHE;
    expect(loadedModules(['--version'], { ...env, NODE_DISABLE_COMPILE_CACHE: '1' }).status).toBe(0);
    expect(() => compileCacheEntries()).toThrow(/ENOENT/);
    expect(loadedModules(['--version'], env).status).toBe(0);
    expect(compileCacheEntries()).toBeGreaterThan(10);
  });
});

describe('the core entry', () => {
  it('loads the server, broker and capability modules only when a core starts', () => {
    const log = path.join(makeTempDir('modules'), 'loaded.txt');
    writeFileSync(log, '');
    const entry = path.join(REPO_ROOT, 'dist', 'main', 'index.js');
    const result = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(LOG_HOOK)}`, '--input-type=module', '-e', `await import(${JSON.stringify(entry)});`], {
      cwd: REPO_ROOT,
      env: { ...process.env, ST_MODULE_LOG: log },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(0);
    const modules = readFileSync(log, 'utf8').split('\n').filter(Boolean);
    expect(modules.some((url) => url.endsWith('/dist/main/core/startCore.js'))).toBe(true);
    for (const capability of ['http/createHttpApp.js', 'realtime/SocketGateway.js', 'core/startLivePlant.js', 'recording/index.js', 'players/index.js', 'vision/VisionCoreLink.js', 'studies/LiveLeakStudies.js']) {
      expect(modules.some((url) => url.endsWith(`/dist/main/${capability}`))).toBe(false);
    }
    expect([...packagesIn(modules)].filter((p) => ['fastify', 'socket.io', 'aedes', 'mqtt', '@mcap/core'].includes(p))).toEqual([]);
  });
});
