import { gasDensityKgM3 } from './atmosphere.js';
import { britterMcQuaidPlume, britterMcQuaidPuff, type DenseGasInput, type DensePlume, type DensePuff } from './denseGas.js';
import type { DispersionSetup } from './dispersionSetup.js';
import { plumeConcentration } from './gaussianPlume.js';
import { PuffTrain, type GridSpec, type PuffTrainSource } from './puffTrain.js';
import { toWindFrame, type WindHistory } from './windHistory.js';

/**
 * One interface over the dispersion models, so the study runner and the live leak service treat
 * them alike: a concentration at a point and time (mg/m³), and a grid of them.
 * `tS` undefined asks for the steady state of a continuous release.
 */
export interface ConcentrationModel {
  readonly kind: 'gaussian-plume' | 'gaussian-puff-train' | 'britter-mcquaid-plume' | 'britter-mcquaid-puff';
  concentrationAt(x: number, y: number, zM: number, tS?: number): number;
  accumulateGrid(grid: GridSpec, out: Float32Array | Float64Array, tS?: number): void;
}

export type PointSource = { x: number; y: number };

/** Steady Gaussian plume in the wind in force at time t (or the initial wind). */
export class SteadyPlumeModel implements ConcentrationModel {
  readonly kind = 'gaussian-plume';
  constructor(
    private readonly source: PointSource,
    private readonly rateKgS: number,
    private readonly wind: WindHistory,
    private readonly setup: DispersionSetup,
    private readonly windFromDeg: (tS?: number) => number,
  ) {}

  concentrationAt(x: number, y: number, zM: number, tS?: number): number {
    const { downwindM, crosswindM } = toWindFrame(x - this.source.x, y - this.source.y, this.windFromDeg(tS));
    return plumeConcentration(this.rateKgS * 1e6, this.wind.windAt(tS ?? Number.NEGATIVE_INFINITY).speedMps, downwindM, crosswindM, zM, this.setup);
  }

  accumulateGrid(grid: GridSpec, out: Float32Array | Float64Array, tS?: number): void {
    for (let j = 0; j < grid.ny; j++) {
      for (let i = 0; i < grid.nx; i++) out[j * grid.nx + i]! += this.concentrationAt(grid.x0 + i * grid.dxM, grid.y0 + j * grid.dyM, grid.zM, tS);
    }
  }
}

/** Gaussian puff train: time-varying release and wind. Steady state is not defined for it. */
export class PuffTrainModel implements ConcentrationModel {
  readonly kind = 'gaussian-puff-train';
  readonly train: PuffTrain;
  constructor(source: PuffTrainSource, wind: WindHistory, setup: DispersionSetup, options: ConstructorParameters<typeof PuffTrain>[3] = {}) {
    this.train = new PuffTrain(source, wind, setup, options);
  }

  concentrationAt(x: number, y: number, zM: number, tS = 0): number {
    return this.train.concentrationAt(tS, x, y, zM);
  }

  accumulateGrid(grid: GridSpec, out: Float32Array | Float64Array, tS = 0): void {
    this.train.accumulateGrid(tS, grid, out);
  }
}

/** Volume fraction of the released gas → mg/m³ of it in air at ambient conditions. */
function volumeFractionToMgM3(fraction: number, molecularWeightGPerMol: number, ambientTemperatureK: number, pressurePa: number): number {
  return fraction * gasDensityKgM3(molecularWeightGPerMol, ambientTemperatureK, pressurePa) * 1e6;
}

export type DenseTiming = { startS: number; endS: number };

/**
 * Britter–McQuaid dense plume as a quasi-steady cloud in the wind in force at time t: present
 * between the front (travelling at the transport speed from the start) and the tail (from the end).
 * The correlations are for steady, straight plumes: a dense cloud hugs the ground and is slow to
 * turn, so it is not bent by the wind history (a documented limitation).
 */
export class DensePlumeModel implements ConcentrationModel {
  readonly kind = 'britter-mcquaid-plume';
  readonly plume: DensePlume;
  constructor(
    private readonly source: PointSource,
    rateKgS: number,
    private readonly input: DenseGasInput & { molecularWeightGPerMol: number; pressurePa: number },
    private readonly wind: WindHistory,
    private readonly windFromDeg: (tS?: number) => number,
    private readonly timing?: DenseTiming,
  ) {
    this.plume = britterMcQuaidPlume(input, rateKgS);
  }

  concentrationAt(x: number, y: number, _zM: number, tS?: number): number {
    const { downwindM, crosswindM } = toWindFrame(x - this.source.x, y - this.source.y, this.windFromDeg(tS));
    if (Math.abs(crosswindM) > this.plume.halfWidthAt(downwindM)) return 0;
    if (tS !== undefined && this.timing) {
      const speed = this.wind.windAt(tS).speedMps;
      const front = (tS - this.timing.startS) * speed;
      const tail = (tS - this.timing.endS) * speed;
      if (downwindM > front || downwindM < tail) return 0;
    }
    const fraction = this.plume.volumeFractionAt(downwindM);
    return volumeFractionToMgM3(fraction, this.input.molecularWeightGPerMol, this.input.ambientTemperatureK, this.input.pressurePa);
  }

  accumulateGrid(grid: GridSpec, out: Float32Array | Float64Array, tS?: number): void {
    for (let j = 0; j < grid.ny; j++) {
      for (let i = 0; i < grid.nx; i++) out[j * grid.nx + i]! += this.concentrationAt(grid.x0 + i * grid.dxM, grid.y0 + j * grid.dyM, grid.zM, tS);
    }
  }
}

/** Britter–McQuaid instantaneous cloud: a slumping cylinder advected at 0.4·u10 in the wind at time t. */
export class DensePuffModel implements ConcentrationModel {
  readonly kind = 'britter-mcquaid-puff';
  readonly puff: DensePuff;
  constructor(
    private readonly source: PointSource,
    massKg: number,
    private readonly releaseS: number,
    private readonly input: DenseGasInput & { molecularWeightGPerMol: number; pressurePa: number },
    private readonly windFromDeg: (tS?: number) => number,
  ) {
    this.puff = britterMcQuaidPuff(input, massKg);
  }

  concentrationAt(x: number, y: number, _zM: number, tS?: number): number {
    if (tS === undefined || tS < this.releaseS) return 0;
    const age = tS - this.releaseS;
    const { downwindM, crosswindM } = toWindFrame(x - this.source.x, y - this.source.y, this.windFromDeg(tS));
    const centre = this.puff.centreDistanceAt(age);
    const radius = this.puff.radiusAt(age);
    if ((downwindM - centre) ** 2 + crosswindM ** 2 > radius * radius) return 0;
    const fraction = this.puff.volumeFractionAt(Math.max(downwindM, centre));
    return volumeFractionToMgM3(fraction, this.input.molecularWeightGPerMol, this.input.ambientTemperatureK, this.input.pressurePa);
  }

  accumulateGrid(grid: GridSpec, out: Float32Array | Float64Array, tS?: number): void {
    for (let j = 0; j < grid.ny; j++) {
      for (let i = 0; i < grid.nx; i++) out[j * grid.nx + i]! += this.concentrationAt(grid.x0 + i * grid.dxM, grid.y0 + j * grid.dyM, grid.zM, tS);
    }
  }
}
