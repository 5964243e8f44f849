import { ornsteinUhlenbeckStep, type Rng } from './random.js';

/**
 * Wind at 10 m (WMO No. 8 standard exposure) as two time scales:
 *
 * - the 10-minute mean wind (what a Gaussian plume and the alarm logic use) wanders slowly: its
 *   direction is an Ornstein–Uhlenbeck (OU) process around the prevailing direction, its speed an OU
 *   process on ln(speed) so it is never negative and is roughly log-normally distributed, as hourly
 *   mean wind speeds are (Justus et al. 1978, J. Appl. Meteor. 17, 350, fit them with Weibull or
 *   log-normal laws);
 * - turbulence on top, per station (what an anemometer sampled every second or two shows): OU
 *   fluctuations of speed and direction with the integral time scale of surface-layer turbulence.
 *
 * Directions are meteorological: where the wind blows FROM, clockwise from north, in [0, 360).
 */
export type WindParameters = {
  /** Direction the mean wind returns to; south-east is the demo site's summer monsoon direction. */
  prevailingFromDeg: number;
  /** Stationary spread of the mean direction around the prevailing one, and its correlation time. */
  meanDirectionSigmaDeg: number;
  meanDirectionTimeConstantS: number;
  /** Median of the mean speed, spread of ln(speed), correlation time. */
  medianSpeedMps: number;
  lnSpeedSigma: number;
  meanSpeedTimeConstantS: number;
  /**
   * Turbulence intensity σu/U at 10 m over open country: Iv = 1/ln(z/z0) = 1/ln(10/0.05) ≈ 0.19
   * (EN 1991-1-4 eq. 4.7 with kI = c0 = 1, terrain category II, z0 = 0.05 m). The 3-second gust then
   * peaks near U·(1 + 3·0.19) ≈ 1.5·U, the gust factor WMO/TD-No. 1555 (Harper, Kepert & Ginger 2010)
   * gives for open terrain.
   */
  turbulenceIntensity: number;
  /**
   * Lateral turbulence as a direction spread: σθ ≈ σv/U with σv ≈ 0.8·σu (Panofsky & Dutton 1984:
   * σv/u* ≈ 1.9, σu/u* ≈ 2.4 in neutral air) gives ≈ 9°, inside the 7.5–12.5° σA band EPA-454/R-99-005
   * (Meteorological Monitoring Guidance, table 6-8) assigns to Pasquill class D.
   */
  directionTurbulenceSigmaDeg: number;
  /**
   * Integral time scale of the fluctuations ≈ L/U: EN 1991-1-4 Annex B gives a length scale
   * L = 300·(z/200)^α, α = 0.67 + 0.05·ln z0 ≈ 0.52 → L ≈ 63 m at 10 m; at 3 m/s that is ≈ 20 s.
   */
  turbulenceTimeConstantS: number;
};

export const DEFAULT_WIND: WindParameters = {
  prevailingFromDeg: 135,
  meanDirectionSigmaDeg: 40,
  meanDirectionTimeConstantS: 3 * 3600,
  medianSpeedMps: 3,
  lnSpeedSigma: 0.35,
  meanSpeedTimeConstantS: 2 * 3600,
  turbulenceIntensity: 0.19,
  directionTurbulenceSigmaDeg: 9,
  turbulenceTimeConstantS: 20,
};

export type Wind = { speedMps: number; fromDeg: number };

export function normalizeDegrees(deg: number): number {
  const wrapped = deg % 360;
  return wrapped < 0 ? wrapped + 360 : wrapped;
}

type StationTurbulence = { speedMps: number; directionDeg: number };

export class WindModel {
  /** Deviation of the mean direction from the prevailing one, unwrapped (degrees). */
  private directionDeviationDeg: number;
  private lnSpeed: number;
  private pinned: Wind | undefined;
  private readonly turbulence = new Map<string, StationTurbulence>();

  constructor(
    private readonly rng: Rng,
    private readonly parameters: WindParameters = DEFAULT_WIND,
  ) {
    // Start from the stationary distributions, so the first hour looks like any other hour.
    this.directionDeviationDeg = parameters.meanDirectionSigmaDeg * rng.normal();
    this.lnSpeed = Math.log(parameters.medianSpeedMps) + parameters.lnSpeedSigma * rng.normal();
  }

  /** Advance the mean wind by dtS seconds (a pinned wind does not move). */
  advance(dtS: number): void {
    if (this.pinned) return;
    const p = this.parameters;
    this.directionDeviationDeg = ornsteinUhlenbeckStep(this.directionDeviationDeg, 0, p.meanDirectionSigmaDeg, p.meanDirectionTimeConstantS, dtS, this.rng.normal());
    this.lnSpeed = ornsteinUhlenbeckStep(this.lnSpeed, Math.log(p.medianSpeedMps), p.lnSpeedSigma, p.meanSpeedTimeConstantS, dtS, this.rng.normal());
  }

  /** The 10-minute mean wind. */
  meanWind(): Wind {
    if (this.pinned) return { ...this.pinned };
    return { speedMps: Math.exp(this.lnSpeed), fromDeg: normalizeDegrees(this.parameters.prevailingFromDeg + this.directionDeviationDeg) };
  }

  /**
   * Hold the mean wind at a given speed and direction (drills, tests); undefined releases it and the
   * wander resumes from there. Station readings keep their turbulence either way.
   */
  pin(wind: Wind | undefined): void {
    if (wind === undefined) {
      if (this.pinned) {
        this.directionDeviationDeg = wrapDeviation(this.pinned.fromDeg - this.parameters.prevailingFromDeg);
        this.lnSpeed = Math.log(Math.max(0.1, this.pinned.speedMps));
      }
      this.pinned = undefined;
      return;
    }
    if (!(wind.speedMps >= 0) || !Number.isFinite(wind.fromDeg)) throw new RangeError('wind: speed must be ≥ 0 and direction finite');
    this.pinned = { speedMps: wind.speedMps, fromDeg: normalizeDegrees(wind.fromDeg) };
  }

  get isPinned(): boolean {
    return this.pinned !== undefined;
  }

  /** An anemometer/vane reading at a station: mean wind plus that station's own turbulence. */
  sampleStation(stationId: string, dtS: number): Wind {
    const mean = this.meanWind();
    const p = this.parameters;
    const sigmaU = p.turbulenceIntensity * mean.speedMps;
    let state = this.turbulence.get(stationId);
    if (!state) {
      state = { speedMps: sigmaU * this.rng.normal(), directionDeg: p.directionTurbulenceSigmaDeg * this.rng.normal() };
      this.turbulence.set(stationId, state);
    } else {
      state.speedMps = ornsteinUhlenbeckStep(state.speedMps, 0, sigmaU, p.turbulenceTimeConstantS, dtS, this.rng.normal());
      state.directionDeg = ornsteinUhlenbeckStep(state.directionDeg, 0, p.directionTurbulenceSigmaDeg, p.turbulenceTimeConstantS, dtS, this.rng.normal());
    }
    return { speedMps: Math.max(0, mean.speedMps + state.speedMps), fromDeg: normalizeDegrees(mean.fromDeg + state.directionDeg) };
  }
}

/** A direction difference in (−180, 180]. */
function wrapDeviation(deg: number): number {
  const d = normalizeDegrees(deg);
  return d > 180 ? d - 360 : d;
}
