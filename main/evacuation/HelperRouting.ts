import { FastMarcher } from './fastMarching.js';
import { EVACUATION_MODEL_DEFAULTS } from './modelDefaults.js';
import { descentDirection, type ScalarField } from './navigationField.js';
import { AGENT_STATE, type AgentSpec } from './types.js';
import type { WalkableDomain } from './WalkableDomain.js';

type EngineView = {
  readonly domain: WalkableDomain;
  readonly count: number;
  readonly x: Float64Array;
  readonly y: Float64Array;
  readonly radius: Float32Array;
  readonly freeSpeed: Float32Array;
  readonly state: Uint8Array;
  readonly target: Int16Array;
  readonly warnings: string[];
  readonly costGrid: Float32Array;
  isTargetOpen(k: number): boolean;
  routeCost(k: number, x: number, y: number): number;
  lock(i: number, locked: boolean): void;
  readonly targets: readonly unknown[];
};

const { assistedSpeedMps, assistRadiusM, pickupDistanceM } = EVACUATION_MODEL_DEFAULTS.profiles.injured;

/**
 * Injured agents cannot walk alone. Each is assigned the nearest able agent within assistRadiusM
 * (straight-line, at the start); the helper walks to them on a local fast-marching field, then both
 * walk to the nearest open target at the assisted speed. An injured agent without a helper waits
 * and is reported as never arrived — the person a rescue team must fetch.
 */
export class HelperRouting {
  /** For each helper, the injured agent it fetches (−1: not fetching). */
  private readonly fetching: Int32Array;
  /** 1 for agents that walk at the assisted speed (a helper and its patient after pickup). */
  private readonly escorting: Uint8Array;
  private readonly fields = new Map<number, ScalarField>();

  constructor(
    private readonly engine: EngineView,
    agents: readonly AgentSpec[],
  ) {
    this.fetching = new Int32Array(agents.length).fill(-1);
    this.escorting = new Uint8Array(agents.length);
    const taken = new Uint8Array(agents.length);
    agents.forEach((patient, p) => {
      if (patient.profile !== 'injured') return;
      let best = -1;
      let bestD: number = assistRadiusM;
      agents.forEach((a, h) => {
        if (a.profile !== 'able' || taken[h]) return;
        const d = Math.hypot(a.x - patient.x, a.y - patient.y);
        if (d <= bestD) {
          bestD = d;
          best = h;
        }
      });
      if (best < 0) {
        engine.warnings.push(`agent "${patient.id}" is injured and no able agent is within ${assistRadiusM} m: waits for rescue and is reported as not arrived`);
        return;
      }
      taken[best] = 1;
      this.fetching[best] = p;
      engine.lock(best, true);
    });
  }

  /** Recomputes the helpers' local fields (after a hazard change: the way to the patient may change). */
  rebuild(): void {
    this.fields.clear();
    for (let h = 0; h < this.fetching.length; h++) {
      const p = this.fetching[h]!;
      if (p >= 0) this.fields.set(h, this.localField(this.engine.x[p]!, this.engine.y[p]!));
    }
  }

  direction(i: number, out: { x: number; y: number }): boolean {
    const p = this.fetching[i]!;
    if (p < 0) return false;
    const dx = this.engine.x[p]! - this.engine.x[i]!;
    const dy = this.engine.y[p]! - this.engine.y[i]!;
    const d = Math.hypot(dx, dy);
    if (d < 2 * pickupDistanceM) {
      out.x = dx / d;
      out.y = dy / d;
      return true;
    }
    const field = this.fields.get(i);
    return field ? descentDirection(field, this.engine.x[i]!, this.engine.y[i]!, out) : false;
  }

  /** Whether a helper is assigned to (on the way to) this injured agent. */
  hasHelper(patient: number): boolean {
    return this.fetching.includes(patient);
  }

  /** Multiplier on the free speed: the assisted speed for escorting pairs. */
  speedCap(i: number): number {
    return this.escorting[i] ? Math.min(1, assistedSpeedMps / this.engine.freeSpeed[i]!) : 1;
  }

  update(_dtS: number): void {
    const e = this.engine;
    for (let h = 0; h < this.fetching.length; h++) {
      const p = this.fetching[h]!;
      if (p < 0 || e.state[h] !== AGENT_STATE.moving) continue;
      const gap = Math.hypot(e.x[p]! - e.x[h]!, e.y[p]! - e.y[h]!) - e.radius[p]! - e.radius[h]!;
      if (gap > pickupDistanceM) continue;
      // Picked up: both head for the open target with the lowest route cost from here.
      let best = -1;
      let bestCost = Infinity;
      for (let k = 0; k < e.targets.length; k++) {
        const c = e.routeCost(k, e.x[p]!, e.y[p]!);
        if (e.isTargetOpen(k) && c < bestCost) {
          bestCost = c;
          best = k;
        }
      }
      this.fetching[h] = -1;
      this.fields.delete(h);
      e.lock(h, false);
      this.escorting[h] = 1;
      this.escorting[p] = 1;
      e.target[h] = best;
      e.target[p] = best;
      e.state[p] = best >= 0 ? AGENT_STATE.moving : AGENT_STATE.noRoute;
    }
  }

  /** Fast marching on a window of the domain around the patient, seeded at the patient's cell. */
  private localField(px: number, py: number): ScalarField {
    const f = this.engine.domain.frame;
    const h = f.cellSizeM;
    const half = Math.ceil((assistRadiusM * 1.5) / h);
    const ci = Math.floor((px - f.x0) / h);
    const cj = Math.floor((py - f.y0) / h);
    const i0 = Math.max(0, ci - half);
    const j0 = Math.max(0, cj - half);
    const nx = Math.min(f.nx, ci + half + 1) - i0;
    const ny = Math.min(f.ny, cj + half + 1) - j0;
    const cost = new Float32Array(nx * ny);
    for (let j = 0; j < ny; j++) cost.set(this.engine.costGrid.subarray((j0 + j) * f.nx + i0, (j0 + j) * f.nx + i0 + nx), j * nx);
    const values = new Float32Array(nx * ny);
    const seed = (cj - j0) * nx + (ci - i0);
    // The patient may stand in a cell the grid calls blocked (an RTLS fix against a wall): open it.
    if (!(cost[seed]! < Infinity)) cost[seed] = 1;
    new FastMarcher(nx, ny, h).march(cost, Int32Array.of(seed), Float32Array.of(0), values);
    return { x0: f.x0 + i0 * h, y0: f.y0 + j0 * h, cellSizeM: h, nx, ny, values };
  }
}
