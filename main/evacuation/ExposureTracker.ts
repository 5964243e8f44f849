import { boundsOf } from './planeGeometry.js';
import { isActive, lookupToxicLoad, sampleHazard, smokeSpeedFraction, type HazardSpec } from './hazards.js';
import { AGENT_STATE } from './types.js';

/** One substance whose toxic load is accumulated: all hazards of that substance add their concentrations first. */
export type DoseGroup = { substance: string; exponent: number; slotToxicLoad?: number; slodToxicLoad?: number };

type EngineView = { count: number; tS: number; x: Float64Array; y: Float64Array; state: Uint8Array };

/**
 * Per-agent exposure along the path actually walked: the toxic load TL = Σ Cⁿ·Δt in ppmⁿ·min
 * (ten Berge et al. 1986, J. Hazard. Mater. 13: 301–309, the Cⁿ·t form HSE's SLOT/SLOD DTLs use),
 * the peak concentration, and the time spent in any hazard. Concentrations of hazards of the same
 * substance add before the power is taken (overlapping puffs of one gas are one gas).
 * Also writes each agent's walking-speed factor from the local extinction coefficient.
 */
export class ExposureTracker {
  groups: DoseGroup[] = [];
  toxicLoad = new Float64Array(0);
  peakPpm = new Float32Array(0);
  readonly exposedS: Float32Array;
  private groupOf: number[] = [];
  private boxes: { minX: number; minY: number; maxX: number; maxY: number }[] = [];
  private readonly probe = { ppm: 0, extinctionPerM: 0 };
  private speedFactorDirty = false;

  constructor(
    private hazards: HazardSpec[],
    private readonly count: number,
  ) {
    this.exposedS = new Float32Array(count);
    this.setHazards(hazards);
  }

  /** New hazard set: groups are extended, accumulated loads kept. */
  setHazards(hazards: HazardSpec[]): void {
    this.hazards = hazards;
    const oldGroups = this.groups.length;
    for (const h of hazards) {
      if (h.kind !== 'toxic_gas' || this.groups.some((g) => g.substance === h.substance)) continue;
      const table = lookupToxicLoad(h.substance);
      this.groups.push({
        substance: h.substance,
        exponent: h.toxicLoadExponent,
        slotToxicLoad: h.slotToxicLoad ?? table?.slot,
        slodToxicLoad: h.slodToxicLoad ?? table?.slod,
      });
    }
    if (this.groups.length !== oldGroups || this.toxicLoad.length === 0) {
      const load = new Float64Array(this.count * this.groups.length);
      const peak = new Float32Array(this.count * this.groups.length);
      for (let i = 0; i < this.count; i++) {
        for (let g = 0; g < oldGroups && this.toxicLoad.length > 0; g++) {
          load[i * this.groups.length + g] = this.toxicLoad[i * oldGroups + g]!;
          peak[i * this.groups.length + g] = this.peakPpm[i * oldGroups + g]!;
        }
      }
      this.toxicLoad = load;
      this.peakPpm = peak;
    }
    this.groupOf = hazards.map((h) => (h.kind === 'toxic_gas' ? this.groups.findIndex((g) => g.substance === h.substance) : -1));
    this.boxes = hazards.map((h) =>
      h.polygon ? boundsOf([h.polygon]) : { minX: h.grid!.x0, minY: h.grid!.y0, maxX: h.grid!.x0 + h.grid!.nx * h.grid!.cellSizeM, maxY: h.grid!.y0 + h.grid!.ny * h.grid!.cellSizeM },
    );
  }

  sample(engine: EngineView, dtS: number, speedFactor: Float32Array): void {
    const active: number[] = [];
    this.hazards.forEach((h, k) => {
      if (isActive(h, engine.tS)) active.push(k);
    });
    if (active.length === 0) {
      if (this.speedFactorDirty) speedFactor.fill(1);
      this.speedFactorDirty = false;
      return;
    }
    this.speedFactorDirty = true;
    const groups = this.groups.length;
    const conc = new Float64Array(groups);
    const dtMin = dtS / 60;
    for (let i = 0; i < engine.count; i++) {
      if (engine.state[i] === AGENT_STATE.arrived) continue;
      const x = engine.x[i]!;
      const y = engine.y[i]!;
      conc.fill(0);
      let extinction = 0;
      let any = false;
      for (const k of active) {
        const b = this.boxes[k]!;
        if (x < b.minX || x > b.maxX || y < b.minY || y > b.maxY) continue;
        sampleHazard(this.hazards[k]!, x, y, this.probe);
        extinction += this.probe.extinctionPerM;
        const g = this.groupOf[k]!;
        if (g >= 0) conc[g]! += this.probe.ppm;
        if (this.probe.ppm > 0 || this.probe.extinctionPerM > 0) any = true;
      }
      speedFactor[i] = smokeSpeedFraction(extinction);
      if (!any) continue;
      this.exposedS[i]! += dtS;
      for (let g = 0; g < groups; g++) {
        const c = conc[g]!;
        if (c <= 0) continue;
        const slot = i * groups + g;
        this.toxicLoad[slot]! += Math.pow(c, this.groups[g]!.exponent) * dtMin;
        if (c > this.peakPpm[slot]!) this.peakPpm[slot] = c;
      }
    }
  }
}
