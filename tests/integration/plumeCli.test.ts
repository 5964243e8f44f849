import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../support/tempDir.js';

// `safetwin plume` as a process through bin/safetwin.js (needs the build, as tests/integration/cli.test.ts).
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.join(root, 'bin', 'safetwin.js');

function plume(args: string[], input = '') {
  const result = spawnSync(process.execPath, [bin, 'plume', ...args], { cwd: root, encoding: 'utf8', input, timeout: 30_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const study = {
  id: 'chlorine-bullet',
  substance: 'Cl2',
  model: { kind: 'auto', sigmas: 'briggs-rural', averagingTimeS: 600 },
  release: { x: 357, y: 180, heightM: 0, rateKgS: 2, durationS: 600, startS: 0 },
  meteo: { windSpeedMps: 3, windRefHeightM: 10, windFromDeg: 0, stabilityClass: 'D' },
  receptors: [{ id: 'gate', x: 357, y: 0, z: 1.5 }],
  zones: ['AEGL-2', 'AEGL-3/10min', 'ERPG-2'],
};

describe('safetwin plume', () => {
  it('answers a study file with JSON on stdout: receptors with ids, zones, model and warnings', () => {
    const file = path.join(makeTempDir('plume'), 'study.json');
    writeFileSync(file, JSON.stringify(study));
    const result = plume([file]);
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout) as { id: string; warnings: string[]; receptors: { id: string; ppm: number; concentrationMgM3: number }[]; zones: { level: string; downwindDistanceM: number; footprint: unknown[] }[]; model: { kind: string }; stabilityClass: string; transportSpeedMps: number };
    expect(out.id).toBe('chlorine-bullet');
    expect(out.warnings).toEqual([]);
    expect(out.model.kind).toBe('britter-mcquaid-plume');
    expect(out.stabilityClass).toBe('D');
    expect(out.transportSpeedMps).toBe(3);
    expect(out.receptors[0]!.id).toBe('gate');
    expect(out.receptors[0]!.ppm).toBeGreaterThan(0);
    expect(out.zones.map((z) => z.level)).toEqual(['AEGL-2', 'AEGL-3/10min', 'ERPG-2']);
    expect(out.zones[0]!.downwindDistanceM).toBeGreaterThan(out.zones[1]!.downwindDistanceM);
    expect(result.stdout).not.toMatch(/NaN|Infinity/);
  });

  it('reads stdin with "-" and answers an array with an array in order', () => {
    const passive = { ...study, id: 'passive', model: { kind: 'gaussian' } };
    const result = plume(['-'], JSON.stringify([study, passive]));
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout) as { id: string; model: { kind: string } }[];
    expect(out.map((o) => [o.id, o.model.kind])).toEqual([['chlorine-bullet', 'britter-mcquaid-plume'], ['passive', 'gaussian-plume']]);
  });

  it('exits 2 with {"error"} on bad input and on invalid JSON', () => {
    const bad = plume(['-'], JSON.stringify({ ...study, release: { ...study.release, rateKgS: -1 } }));
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stdout)).toEqual({ error: expect.stringMatching(/release\.rateKgS/) });
    const unknown = plume(['-'], JSON.stringify({ ...study, substance: 'kryptonite' }));
    expect(unknown.code).toBe(2);
    expect(JSON.parse(unknown.stdout).error).toMatch(/unknown substance "kryptonite"/);
    const syntax = plume(['-'], '{"substance": ');
    expect(syntax.code).toBe(2);
    expect(JSON.parse(syntax.stdout).error).toMatch(/invalid JSON/);
    const missing = plume([path.join(makeTempDir('plume'), 'absent.json')]);
    expect(missing.code).toBe(2);
  });

  it('floors a calm wind and says so in warnings', () => {
    const result = plume(['-'], JSON.stringify({ ...study, model: { kind: 'gaussian' }, meteo: { ...study.meteo, windSpeedMps: 0 } }));
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout) as { warnings: string[]; transportSpeedMps: number };
    expect(out.transportSpeedMps).toBe(1);
    expect(out.warnings.some((w) => w.includes('calm wind'))).toBe(true);
  });
});
