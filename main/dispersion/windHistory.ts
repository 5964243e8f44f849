/**
 * A uniform wind that changes in time: samples hold from their time until the next one (the
 * docs/study-cli.md convention); before the first sample the initial wind applies. The history
 * answers where an air parcel released at time τ is at time t — the integral of the wind velocity
 * — in O(log n), which is all the puff train needs to bend the cloud when the wind veers.
 *
 * Directions are meteorological: where the wind blows FROM, degrees clockwise from north; a wind
 * from 0° (north) carries the cloud towards −y (south).
 */
export type Wind = { speedMps: number; fromDeg: number };
export type WindSample = Wind & { tS: number };

/** Unit vector (east, north) the wind blows TOWARDS for a meteorological FROM direction. */
export function downwindUnit(fromDeg: number): [number, number] {
  const r = (fromDeg * Math.PI) / 180;
  return [-Math.sin(r), -Math.cos(r)];
}

/** A point's downwind and crosswind (to the left of the wind, looking downwind) offsets from a source. */
export function toWindFrame(dxM: number, dyM: number, fromDeg: number): { downwindM: number; crosswindM: number } {
  const [ux, uy] = downwindUnit(fromDeg);
  return { downwindM: dxM * ux + dyM * uy, crosswindM: -dxM * uy + dyM * ux };
}

/** Back from the wind frame to plant metres (offsets from the source). */
export function fromWindFrame(downwindM: number, crosswindM: number, fromDeg: number): [number, number] {
  const [ux, uy] = downwindUnit(fromDeg);
  return [downwindM * ux - crosswindM * uy, downwindM * uy + crosswindM * ux];
}

export type Displacement = { x: number; y: number; pathM: number };

export class WindHistory {
  private readonly times: number[] = [];
  private readonly vx: number[] = [];
  private readonly vy: number[] = [];
  private readonly speeds: number[] = [];
  /** Cumulative displacement and path length at each sample time, relative to the first sample. */
  private readonly cx: number[] = [];
  private readonly cy: number[] = [];
  private readonly cs: number[] = [];
  private readonly initial: { vx: number; vy: number; speed: number };

  /**
   * @param initialWind applies before the first sample (and always when there are none)
   * @param transportSpeed maps a measured speed to the transport speed (profile, calm floor)
   */
  constructor(
    initialWind: Wind,
    samples: readonly WindSample[] = [],
    private readonly transportSpeed: (speedMps: number) => number = (s) => s,
  ) {
    const speed = transportSpeed(initialWind.speedMps);
    const [ux, uy] = downwindUnit(initialWind.fromDeg);
    this.initial = { vx: ux * speed, vy: uy * speed, speed };
    for (const sample of [...samples].sort((a, b) => a.tS - b.tS)) this.append(sample);
  }

  get sampleCount(): number {
    return this.times.length;
  }

  /** Adds a sample at or after the last one (live wind); an earlier one is a programmer error. */
  append(sample: WindSample): void {
    const n = this.times.length;
    if (n > 0 && sample.tS < this.times[n - 1]!) throw new Error(`wind sample at ${sample.tS} s is before the last one (${this.times[n - 1]} s)`);
    const speed = this.transportSpeed(sample.speedMps);
    const [ux, uy] = downwindUnit(sample.fromDeg);
    if (n === 0) {
      this.cx.push(0);
      this.cy.push(0);
      this.cs.push(0);
    } else {
      const dt = sample.tS - this.times[n - 1]!;
      this.cx.push(this.cx[n - 1]! + this.vx[n - 1]! * dt);
      this.cy.push(this.cy[n - 1]! + this.vy[n - 1]! * dt);
      this.cs.push(this.cs[n - 1]! + this.speeds[n - 1]! * dt);
    }
    this.times.push(sample.tS);
    this.vx.push(ux * speed);
    this.vy.push(uy * speed);
    this.speeds.push(speed);
  }

  /** The transport wind in force at time t. */
  windAt(tS: number): { vxMps: number; vyMps: number; speedMps: number } {
    const k = this.indexAt(tS);
    if (k < 0) return { vxMps: this.initial.vx, vyMps: this.initial.vy, speedMps: this.initial.speed };
    return { vxMps: this.vx[k]!, vyMps: this.vy[k]!, speedMps: this.speeds[k]! };
  }

  /** Integral of the transport velocity from the reference time to t (only differences are meaningful). */
  displacementAt(tS: number, out: Displacement = { x: 0, y: 0, pathM: 0 }): Displacement {
    const k = this.indexAt(tS);
    if (k < 0) {
      const t0 = this.times.length > 0 ? this.times[0]! : 0;
      const dt = tS - t0;
      out.x = this.initial.vx * dt;
      out.y = this.initial.vy * dt;
      out.pathM = this.initial.speed * dt;
      return out;
    }
    const dt = tS - this.times[k]!;
    out.x = this.cx[k]! + this.vx[k]! * dt;
    out.y = this.cy[k]! + this.vy[k]! * dt;
    out.pathM = this.cs[k]! + this.speeds[k]! * dt;
    return out;
  }

  /** Index of the last sample at or before t; −1 before the first. */
  private indexAt(tS: number): number {
    let lo = 0;
    let hi = this.times.length - 1;
    if (hi < 0 || tS < this.times[0]!) return -1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.times[mid]! <= tS) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
