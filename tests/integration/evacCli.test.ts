import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../support/tempDir.js';

// `safetwin evac` as a process through bin/safetwin.js (needs the build, as tests/integration/cli.test.ts).
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.join(root, 'bin', 'safetwin.js');

function evac(args: string[], input = '') {
  const result = spawnSync(process.execPath, [bin, 'evac', ...args], { cwd: root, encoding: 'utf8', input, timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const room = {
  id: 'room-2-exits',
  geometry: { outer: [[0, 0], [20, 0], [20, 10], [0, 10]], obstacles: [[[8, 3], [12, 3], [12, 7], [8, 7]]] },
  exits: [
    { id: 'W', line: [[0, 4], [0, 6]] },
    { id: 'E', line: [[20, 4], [20, 6]] },
  ],
  hazards: [{ id: 'cloud', kind: 'toxic_gas', mode: 'traversable', substance: 'ammonia', polygon: [[14, 0], [20, 0], [20, 10], [14, 10]], concentrationPpm: 300 }],
  agents: [
    { id: 'op-1', x: 2, y: 2 },
    { id: 42, x: 17, y: 8, premovementS: { dist: 'uniform', min: 1, max: 3 } },
    { id: 'vis', x: 5, y: 8, profile: 'slower', targetExits: ['E'], policy: 'fixed' },
  ],
  run: { dtS: 0.05, tMaxS: 300, seed: 3, outputHz: 2 },
};

type Result = {
  id: string;
  warnings: string[];
  summary: { agents: number; arrived: number };
  exitEvents: { agentId: string | number; exitId: string; t: number }[];
  notArrived: unknown[];
  trajectories: { t: number; agentId: string | number; x: number; y: number }[];
  exposure: { agentId: string | number; doses: { substance: string; toxicLoad: number }[] }[];
  exposureSummary: { substance: string; agentsExposed: number; agentsAboveSlot: number | null }[];
  metadata: { dtS: number; radiusM: number; model: string; wallTimeS: number };
};

describe('safetwin evac', () => {
  it('answers a scenario file: exit events, trajectories, exposure and metadata, ids echoed, unknown fields warned', () => {
    const file = path.join(makeTempDir('evac'), 'scenario.json');
    writeFileSync(file, JSON.stringify({ ...room, weather: 'rain' }));
    const result = evac([file]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/evac: scenario 1\/1: 3 of 3 agents arrived/);
    const out = JSON.parse(result.stdout) as Result;
    expect(out.id).toBe('room-2-exits');
    expect(out.warnings).toEqual(['unknown field weather ignored']);
    expect(out.summary).toMatchObject({ agents: 3, arrived: 3 });
    expect(out.exitEvents.map((e) => e.agentId).sort((a, b) => String(a).localeCompare(String(b)))).toEqual([42, 'op-1', 'vis']);
    expect(out.exitEvents.find((e) => e.agentId === 'vis')!.exitId).toBe('E');
    expect(out.notArrived).toEqual([]);
    expect(out.trajectories.filter((p) => p.agentId === 42)[0]).toMatchObject({ t: 0, x: 17, y: 8 });
    expect(out.exposure.find((e) => e.agentId === 42)!.doses[0]!.toxicLoad).toBeGreaterThan(0);
    expect(out.exposureSummary[0]).toMatchObject({ substance: 'ammonia', agentsAboveSlot: 0 });
    expect(out.metadata).toMatchObject({ dtS: 0.05, radiusM: 0.2 });
    expect(result.stdout).not.toMatch(/NaN|Infinity/);
  });

  it('reads stdin, answers an array with an array in the same order, and is deterministic', () => {
    const second = { ...room, id: 'second', hazards: [] };
    const result = evac(['-'], JSON.stringify([room, second]));
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout) as Result[];
    expect(out.map((r) => r.id)).toEqual(['room-2-exits', 'second']);
    const again = JSON.parse(evac(['-'], JSON.stringify([room, second])).stdout) as Result[];
    expect(again[0]!.exitEvents).toEqual(out[0]!.exitEvents);
    expect(again[1]!.trajectories).toEqual(out[1]!.trajectories);
  });

  it('accepts a gate closed for good (schedule without toS, or toS null) instead of exiting 2', () => {
    const closedForGood = (toS: unknown) => ({ ...room, hazards: [], exits: [room.exits[0], { ...room.exits[1], schedule: [{ fromS: 1, ...(toS === undefined ? {} : { toS }) }] }] });
    for (const toS of [undefined, null]) {
      const result = evac(['-'], JSON.stringify(closedForGood(toS)));
      expect(result.code).toBe(0);
      const out = JSON.parse(result.stdout) as Result;
      expect(out.summary.arrived).toBe(2);
      // 'vis' is fixed on E: it never walks through the closed gate and is reported.
      expect(out.exitEvents.every((e) => e.exitId === 'W')).toBe(true);
      expect(out.notArrived).toHaveLength(1);
    }
  });

  it('exits 2 with {error} naming the field on bad input', () => {
    const bad = evac(['-'], JSON.stringify({ ...room, exits: [{ id: 'W', line: [[0, 5], [0, 5]] }] }));
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.stdout)).toEqual({ error: 'exits[0].line: exit "W" has zero width (both ends at the same point)' });
    const inObstacle = evac(['-'], JSON.stringify([room, { ...room, agents: [{ id: 'x', x: 10, y: 5 }] }]));
    expect(inObstacle.code).toBe(2);
    expect((JSON.parse(inObstacle.stdout) as { error: string }).error).toMatch(/^\[1\] agents\[0\]: agent "x" at \(10, 5\) lies inside an obstacle/);
    expect(evac(['-'], '{ not json').code).toBe(2);
    expect(evac(['/nonexistent/scenario.json']).code).toBe(2);
  });
});
