import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { serve } from '../support/serveProcess.js';
import { makeTempDir } from '../support/tempDir.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.join(root, 'bin', 'safetwin.js');
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SAFETWIN_')));

function run(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', input: options.input ?? '', env: { ...cleanEnv, ...options.env }, timeout: 30_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('safetwin CLI', () => {
  it('prints help with every serve option and its environment variable', () => {
    const top = run(['--help']);
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/Usage: safetwin/);
    expect(top.stdout).toMatch(/serve/);
    const help = run(['serve', '--help']);
    for (const option of ['--port', '--host', '--scene', '--data-dir', '--config', '--log-level', '--require-auth']) expect(help.stdout).toContain(option);
    for (const variable of ['SAFETWIN_PORT', 'SAFETWIN_HOST', 'SAFETWIN_SCENE', 'SAFETWIN_DATA_DIR', 'SAFETWIN_CONFIG']) expect(help.stdout).toContain(variable);
  });

  it('exits 2 on unknown commands and options', () => {
    expect(run(['launch']).code).toBe(2);
    expect(run(['serve', '--colour', 'red']).code).toBe(2);
  });

  it('validates scenes: a summary for good files, located problems and exit 2 for bad ones', () => {
    const good = run(['scene', 'validate', 'scenes/demo-plant/scene.json']);
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/valid scene "demo-plant" — 16 areas, 40 equipment, \d+ sensors, 12 cameras, 66 badges/);
    const bad = run(['scene', 'validate', 'tests/fixtures/scenes/bad-trailing-comma.json']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad-trailing-comma\.json:4:24: invalid JSON: property name expected \[ST_ERR_SCENE_SYNTAX\]/);
  });

  it('refuses to serve a bad scene with a located message and exit 2, without a stack trace', () => {
    const result = run(['serve', '--port', '0', '--data-dir', makeTempDir('cli'), '--scene', 'tests/fixtures/scenes/bad-fields.json']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bad-fields\.json:\d+:\d+ \$\.equipment\[0\]\.size\.heightM/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects a bad environment value, naming the variable', () => {
    const result = run(['serve'], { env: { SAFETWIN_PORT: 'http' } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('SAFETWIN_PORT');
  });

  it('manages users: add with a password from stdin, issue a token, list, remove', () => {
    const dataDir = makeTempDir('users');
    expect(run(['users', 'add', 'liu.yang', '--role', 'commander', '--password-stdin', '--data-dir', dataDir], { input: 'emergency-2026\n' }).code).toBe(0);
    expect(run(['users', 'add', 'x', '--role', 'god', '--data-dir', dataDir]).code).toBe(2);
    expect(run(['users', 'add', 'short', '--role', 'viewer', '--password-stdin', '--data-dir', dataDir], { input: 'abc\n' }).code).toBe(2);
    const token = run(['users', 'token', 'liu.yang', '--data-dir', dataDir]);
    expect(token.stdout.trim()).toMatch(/^st_[\w-]{43}$/);
    const list = JSON.parse(run(['users', 'list', '--data-dir', dataDir]).stdout) as unknown[];
    expect(list).toEqual([{ name: 'liu.yang', role: 'commander', hasPassword: true, tokens: 1 }]);
    expect(run(['users', 'role', 'liu.yang', 'operator', '--data-dir', dataDir])).toMatchObject({ code: 0, stdout: 'user "liu.yang" now has role operator\n' });
    expect(run(['users', 'role', 'liu.yang', 'god', '--data-dir', dataDir]).code).toBe(2);
    expect(run(['users', 'role', 'ghost', 'viewer', '--data-dir', dataDir])).toMatchObject({ code: 2, stderr: 'no user named "ghost"\n' });
    expect(JSON.parse(run(['users', 'list', '--data-dir', dataDir]).stdout)).toEqual([{ name: 'liu.yang', role: 'operator', hasPassword: true, tokens: 1 }]);
    expect(run(['users', 'remove', 'liu.yang', '--data-dir', dataDir]).code).toBe(0);
    expect(run(['users', 'remove', 'liu.yang', '--data-dir', dataDir]).code).toBe(2);
  });

  it('serves with settings from the environment and stops gracefully on SIGTERM', async () => {
    const server = serve([], { ...cleanEnv, SAFETWIN_PORT: '0', SAFETWIN_DATA_DIR: makeTempDir('serve'), SAFETWIN_LOG_LEVEL: 'warn' });
    const url = await server.url;
    expect(await (await fetch(new URL('/api/health', url))).json()).toMatchObject({ status: 'ok' });
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('logs structured JSON and never logs passwords', async () => {
    const dataDir = makeTempDir('logs');
    run(['users', 'add', 'ops', '--role', 'operator', '--password-stdin', '--data-dir', dataDir], { input: 'super-secret-9\n' });
    const server = serve(['--port', '0', '--data-dir', dataDir, '--require-auth'], cleanEnv);
    const url = await server.url;
    await fetch(new URL('/api/login', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'ops', password: 'wrong-secret-1' }) });
    await fetch(new URL('/api/login', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'ops', password: 'super-secret-9' }) });
    server.child.kill('SIGINT');
    expect(await server.exited).toBe(0);
    const lines = server.output().split('\n').filter((l) => l.startsWith('{'));
    const records = lines.map((l) => JSON.parse(l) as { msg: string; level: number });
    expect(records.map((r) => r.msg)).toEqual(expect.arrayContaining(['SafeTwin core listening', 'sign-in failed', 'signed in', 'SafeTwin core stopped']));
    expect(server.output()).not.toContain('super-secret-9');
    expect(server.output()).not.toContain('wrong-secret-1');
  });
});
