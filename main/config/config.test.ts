import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_SCENE_PATH } from '../platform/packageInfo.js';
import { DEFAULT_PORT, resolveServeConfig } from './config.js';

const home = '/home/op';
const resolve = (cli: Record<string, unknown>, env: NodeJS.ProcessEnv = {}, cwd = '/work/x') => resolveServeConfig({ cli, env, cwd, platform: 'linux', homeDir: home });

describe('serve configuration', () => {
  it('has working defaults: loopback, the demo plant, a per-user data directory', () => {
    const result = resolve({});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config).toMatchObject({ port: DEFAULT_PORT, host: '127.0.0.1', scene: DEMO_SCENE_PATH, dataDir: '/home/op/.local/share/safetwin', requireAuth: false });
    expect(result.configFile).toBeNull();
  });

  it('takes the command line over the environment over the file', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'st-config-'));
    const file = path.join(dir, 'safetwin.json');
    writeFileSync(file, JSON.stringify({ port: 5001, host: '10.0.0.5', scene: 'plant.json', logLevel: 'warn' }));
    const result = resolve({ config: file, port: '5003' }, { SAFETWIN_PORT: '5002', SAFETWIN_HOST: '0.0.0.0' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.port).toBe(5003);
    expect(result.config.host).toBe('0.0.0.0');
    expect(result.config.logLevel).toBe('warn');
    // relative paths in a config file are relative to the file
    expect(result.config.scene).toBe(path.join(dir, 'plant.json'));
    expect(result.sources).toMatchObject({ port: 'cli', host: 'env', logLevel: 'file', scene: 'file', dataDir: 'default' });
  });

  it('takes the launcher\'s default historian (npm start, the desktop app) only where the file, the environment and the command line are silent', () => {
    const launched = (cli: Record<string, unknown>, env: NodeJS.ProcessEnv = {}, file?: object) => {
      const config = file ? path.join(mkdtempSync(path.join(os.tmpdir(), 'st-config-')), 'safetwin.json') : undefined;
      if (config) writeFileSync(config, JSON.stringify(file));
      const result = resolveServeConfig({ cli: { ...cli, ...(config ? { config } : {}) }, env, cwd: '/work/x', platform: 'linux', homeDir: home, launcherDefaults: { historian: 'embedded' } });
      return result.ok ? result.config.historian : result.problems;
    };
    expect(launched({})).toBe('embedded');
    expect(launched({}, {}, { historian: 'postgres://h/db' })).toBe('postgres://h/db');
    expect(launched({}, { SAFETWIN_HISTORIAN: 'postgres://env/db' })).toBe('postgres://env/db');
    expect(launched({ historian: 'postgres://cli/db' })).toBe('postgres://cli/db');
    // A bare `safetwin serve` keeps no history unless asked.
    expect((resolve({}) as { ok: true; config: { historian?: string } }).config.historian).toBeUndefined();
  });

  it('finds <dataDir>/config.json without being told', () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'st-data-'));
    writeFileSync(path.join(dataDir, 'config.json'), JSON.stringify({ requireAuth: true }));
    const result = resolve({}, { SAFETWIN_DATA_DIR: dataDir });
    expect(result.ok && result.config.requireAuth).toBe(true);
    expect(result.ok && result.configFile).toBe(path.join(dataDir, 'config.json'));
  });

  it('accepts boolean strings from the environment', () => {
    const result = resolve({}, { SAFETWIN_REQUIRE_AUTH: '1' });
    expect(result.ok && result.config.requireAuth).toBe(true);
  });

  it('names the variable or flag that holds a bad value', () => {
    const fromEnv = resolve({}, { SAFETWIN_PORT: 'eighty' });
    expect(fromEnv.ok).toBe(false);
    if (!fromEnv.ok) expect(fromEnv.problems[0]).toMatchObject({ code: 'ST_ERR_CONFIG_INVALID', location: 'SAFETWIN_PORT' });
    const fromCli = resolve({ port: '70000' });
    expect(fromCli.ok).toBe(false);
    if (!fromCli.ok) expect(fromCli.problems[0]).toMatchObject({ location: '--port' });
  });

  it('locates errors inside a config file and rejects unknown keys', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'st-config-'));
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, '{\n  "port": 80,\n  "colour": "blue"\n}\n');
    const result = resolve({ config: file });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]!.message).toMatch(/Unrecognized key/);
    writeFileSync(file, '{\n  "port": "x"\n}\n');
    const typed = resolve({ config: file });
    expect(!typed.ok && typed.problems[0]!.location).toBe(`${file}:2:3 $.port`);
  });

  it('reports a missing config file it was told to use', () => {
    const result = resolve({ config: '/nonexistent/safetwin.json' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems[0]).toMatchObject({ code: 'ST_ERR_CONFIG_READ', message: 'cannot read (ENOENT)' });
  });
});
