import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { defaultCacheDir, defaultDataDir } from './dataDir.js';
import { resolveFfmpeg } from './ffmpeg.js';
import { isLoopbackHost, urlHostFor } from './network.js';

describe('per-user data directory', () => {
  it('follows each platform convention', () => {
    expect(defaultDataDir('linux', {}, '/home/op')).toBe('/home/op/.local/share/safetwin');
    expect(defaultDataDir('linux', { XDG_DATA_HOME: '/data/xdg' }, '/home/op')).toBe('/data/xdg/safetwin');
    expect(defaultDataDir('linux', { XDG_DATA_HOME: 'relative' }, '/home/op')).toBe('/home/op/.local/share/safetwin');
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\op\\AppData\\Roaming' }, 'C:\\Users\\op')).toBe('C:\\Users\\op\\AppData\\Roaming\\SafeTwin');
    expect(defaultDataDir('darwin', {}, '/Users/op')).toBe('/Users/op/Library/Application Support/SafeTwin');
  });
});

describe('per-user cache directory', () => {
  it('follows each platform convention, never the shared temporary folder', () => {
    expect(defaultCacheDir('linux', {}, '/home/op')).toBe('/home/op/.cache/safetwin');
    expect(defaultCacheDir('linux', { XDG_CACHE_HOME: '/cache/xdg' }, '/home/op')).toBe('/cache/xdg/safetwin');
    expect(defaultCacheDir('linux', { XDG_CACHE_HOME: 'relative' }, '/home/op')).toBe('/home/op/.cache/safetwin');
    expect(defaultCacheDir('win32', { LOCALAPPDATA: 'C:\\Users\\op\\AppData\\Local' }, 'C:\\Users\\op')).toBe('C:\\Users\\op\\AppData\\Local\\SafeTwin\\Cache');
    expect(defaultCacheDir('darwin', {}, '/Users/op')).toBe('/Users/op/Library/Caches/SafeTwin');
  });
});

describe('loopback detection', () => {
  it.each(['127.0.0.1', '127.8.9.10', 'localhost', 'LOCALHOST', '::1', '[::1]', '::ffff:127.0.0.1', 'wall.localhost'])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });
  it.each(['0.0.0.0', '::', '192.168.1.20', '10.0.0.1', 'safetwin.plant.example', '128.0.0.1'])('%s is not loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
  it('shows wildcard binds as a reachable URL host', () => {
    expect(urlHostFor('0.0.0.0')).toBe('127.0.0.1');
    expect(urlHostFor('::')).toBe('[::1]');
    expect(urlHostFor('fe80::1')).toBe('[fe80::1]');
  });
});

describe('ffmpeg resolution order', () => {
  const probe = (present: Record<string, string>, executable: string[]) => ({
    env: present.env ? { FFMPEG_PATH: present.env } : {},
    isExecutable: (file: string) => executable.includes(file),
    packagePath: (name: 'ffmpeg-static' | '@ffmpeg-installer/ffmpeg') => present[name],
    systemPath: '/usr/bin/ffmpeg',
  });

  it('prefers FFMPEG_PATH, then ffmpeg-static, then @ffmpeg-installer, then the system', () => {
    const all = { env: '/opt/ff', 'ffmpeg-static': '/s/ffmpeg', '@ffmpeg-installer/ffmpeg': '/i/ffmpeg' };
    const everything = ['/opt/ff', '/s/ffmpeg', '/i/ffmpeg', '/usr/bin/ffmpeg'];
    expect(resolveFfmpeg(probe(all, everything))).toEqual({ path: '/opt/ff', source: 'env' });
    expect(resolveFfmpeg(probe(all, everything.slice(1)))).toEqual({ path: '/s/ffmpeg', source: 'ffmpeg-static' });
    expect(resolveFfmpeg(probe(all, everything.slice(2)))).toEqual({ path: '/i/ffmpeg', source: '@ffmpeg-installer/ffmpeg' });
    expect(resolveFfmpeg(probe({}, ['/usr/bin/ffmpeg']))).toEqual({ path: '/usr/bin/ffmpeg', source: 'system' });
  });

  it('says what it tried when nothing is found', () => {
    const result = resolveFfmpeg(probe({ 'ffmpeg-static': '/s/ffmpeg' }, []));
    expect(result.path).toBeNull();
    if (result.path === null) expect(result.tried).toEqual(['env: not present', 'ffmpeg-static: /s/ffmpeg is not executable', '@ffmpeg-installer/ffmpeg: not present', 'system: /usr/bin/ffmpeg is not executable']);
  });

  it('finds a real ffmpeg on this machine that runs', () => {
    const result = resolveFfmpeg();
    expect(result.path).not.toBeNull();
    if (result.path) expect(execFileSync(result.path, ['-version'], { encoding: 'utf8' })).toMatch(/^ffmpeg version/);
  });
});
