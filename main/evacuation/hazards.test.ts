import { describe, expect, it } from 'vitest';
import { runScenario } from './runScenario.js';
import { smokeSpeedFraction } from './hazards.js';
import { weidmannSpeedFraction, weidmannSpeedMps } from './speedModel.js';

type Trajectory = { t: number; agentId: string; x: number; y: number };
type ExposureRow = { agentId: string; doses: { substance: string; toxicLoad: number; peakPpm: number }[] };

/**
 * Two routes round a block: the short one (south) and a long one (north). The exit is at the
 * south-east corner, so without a hazard everyone goes south.
 */
function twoRoutes(hazardMode: 'no_go' | 'traversable' | null, costFactor?: number) {
  return {
    geometry: { outer: [[0, 0], [40, 0], [40, 20], [0, 20]], obstacles: [[[14, 4], [26, 4], [26, 16], [14, 16]]] },
    exits: [{ id: 'SE', line: [[40, 1], [40, 3]] }],
    hazards: hazardMode
      ? [
          {
            id: 'cloud',
            kind: 'toxic_gas',
            mode: hazardMode,
            substance: 'chlorine',
            polygon: [[14, 0], [26, 0], [26, 4], [14, 4]],
            concentrationPpm: 50,
            ...(costFactor !== undefined ? { costFactor } : {}),
          },
        ]
      : [],
    agentGroups: [{ idPrefix: 'w', count: 10, area: [[2, 8], [6, 8], [6, 12], [2, 12]] }],
    run: { seed: 5, outputHz: 2 },
  };
}

describe('hazard coupling', () => {
  it('takes the long route round a toxic cloud on the short one, and the dose drops', () => {
    const baseline = runScenario(twoRoutes(null));
    const unaware = runScenario(twoRoutes('traversable', 1)); // cost factor 1: the cloud is not avoided
    const avoiding = runScenario(twoRoutes('no_go'));
    const northernmost = (r: ReturnType<typeof runScenario>) => {
      const maxY = new Map<string, number>();
      for (const p of r.trajectories as Trajectory[]) maxY.set(p.agentId, Math.max(maxY.get(p.agentId) ?? 0, p.y));
      return [...maxY.values()];
    };
    // Without hazard, and when the cloud is ignored, everyone stays south of the block (y < 16).
    expect(northernmost(baseline).every((y) => y < 16)).toBe(true);
    expect(northernmost(unaware).every((y) => y < 16)).toBe(true);
    // With the cloud closed (no_go), everyone goes round the north of the block.
    expect(northernmost(avoiding).every((y) => y > 16)).toBe(true);
    expect((avoiding.summary as { arrived: number }).arrived).toBe(10);

    const totalLoad = (r: ReturnType<typeof runScenario>) => (r.exposure as ExposureRow[]).reduce((sum, row) => sum + row.doses[0]!.toxicLoad, 0);
    expect(totalLoad(unaware)).toBeGreaterThan(0);
    expect(totalLoad(avoiding)).toBeLessThan(0.05 * totalLoad(unaware));
    const summary = (unaware.exposureSummary as { agentsExposed: number; toxicLoadUnit: string }[])[0]!;
    expect(summary.agentsExposed).toBe(10);
    expect(summary.toxicLoadUnit).toBe('ppm^2·min');
    // Toxic load of one agent ≈ C²·(time in the cloud): 50² ppm² × 12 m / speed.
    const row = (unaware.exposure as (ExposureRow & { timeInHazardS: number })[])[0]!;
    expect(row.doses[0]!.toxicLoad).toBeCloseTo((50 * 50 * row.timeInHazardS) / 60, 0);
    expect(row.doses[0]!.peakPpm).toBe(50);
  });

  it('a traversable cloud with a cost is avoided when the detour is cheap enough', () => {
    const r = runScenario(twoRoutes('traversable'));
    const traj = r.trajectories as Trajectory[];
    expect(traj.some((p) => p.y > 16)).toBe(true);
  });

  it('switches routes when a hazard appears during the run (fields rebuilt at tOnS)', () => {
    const raw = twoRoutes('no_go');
    (raw.hazards[0] as { tOnS?: number }).tOnS = 3;
    const r = runScenario(raw);
    expect((r.metadata as { fieldRebuilds: number }).fieldRebuilds).toBe(2);
    expect((r.summary as { arrived: number }).arrived).toBe(10);
  });

  it('slows walking in smoke by the Frantzich & Nilsson correlation', () => {
    expect(smokeSpeedFraction(0)).toBe(1);
    expect(smokeSpeedFraction(5)).toBeCloseTo(1 - (0.057 / 0.706) * 5, 6);
    expect(smokeSpeedFraction(50)).toBe(0.1);
    const corridor = (extinctionPerM: number) =>
      runScenario({
        geometry: { outer: [[0, 0], [20.5, 0], [20.5, 2], [0, 2]] },
        exits: [{ id: 'end', line: [[20.5, 0], [20.5, 2]] }],
        hazards: extinctionPerM > 0 ? [{ id: 'smoke', kind: 'smoke', mode: 'traversable', polygon: [[-1, -1], [30, -1], [30, 3], [-1, 3]], extinctionPerM }] : [],
        agents: [{ id: 'a', x: 0.5, y: 1, desiredSpeedMps: 1.2 }],
        run: { outputHz: 0 },
      });
    const clear = (corridor(0).agents as { arrivalS: number }[])[0]!.arrivalS;
    const smoky = (corridor(4).agents as { arrivalS: number }[])[0]!.arrivalS;
    // The door frame (0.4 m) lies outside the smoke polygon's effect only marginally: ratio ≈ 1/fraction.
    expect(smoky / clear).toBeCloseTo(1 / smokeSpeedFraction(4), 1);
  });

  it('reads a concentration grid with a threshold, with tOn/tOff', () => {
    // 8 × 4 grid of 5 m cells over the south passage: 200 ppm where y < 5 and 14 ≤ x ≤ 26.
    const nx = 8;
    const ny = 4;
    const values = Array.from({ length: nx * ny }, (_, k) => {
      const x = (k % nx) * 5 + 2.5;
      const y = Math.floor(k / nx) * 5 + 2.5;
      return y < 5 && x >= 12 && x <= 28 ? 200 : 0;
    });
    const raw = {
      ...twoRoutes(null),
      hazards: [{ id: 'plume', kind: 'toxic_gas', mode: 'no_go', substance: 'ammonia', grid: { x0M: 0, y0M: 0, cellSizeM: 5, nx, ny, concentrationPpm: values }, thresholdPpm: 110, tOnS: 0, tOffS: 1000 }],
    };
    const r = runScenario(raw);
    const traj = r.trajectories as Trajectory[];
    expect(traj.filter((p) => p.y > 16).length).toBeGreaterThan(0);
    expect((r.summary as { arrived: number }).arrived).toBe(10);
  });
});

describe('speed model', () => {
  it("follows Weidmann's fundamental diagram", () => {
    expect(weidmannSpeedMps(0, 1.34)).toBe(1.34);
    expect(weidmannSpeedMps(5.4, 1.34)).toBe(0);
    // Weidmann (1993): about 0.6–0.7 m/s at 2 persons/m² for v0 = 1.34.
    expect(weidmannSpeedMps(2, 1.34)).toBeGreaterThan(0.55);
    expect(weidmannSpeedMps(2, 1.34)).toBeLessThan(0.75);
    expect(weidmannSpeedFraction(0)).toBe(0);
    expect(weidmannSpeedFraction(-0.1)).toBe(0);
    expect(weidmannSpeedFraction(3)).toBeGreaterThan(0.999);
    // Monotonic in the gap.
    let last = 0;
    for (let g = 0.01; g < 2; g += 0.01) {
      const f = weidmannSpeedFraction(g);
      expect(f).toBeGreaterThanOrEqual(last);
      last = f;
    }
  });
});
