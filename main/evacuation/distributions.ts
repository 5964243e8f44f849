import type { Rng } from '../simulator/index.js';
import type { Distribution } from './scenarioSchema.js';

/**
 * One draw from a scenario distribution. Normal draws outside [min, max] are redrawn (a truncated
 * normal, up to 64 tries, then clamped), so that bounds do not pile probability on the edges.
 */
export function sampleDistribution(d: Distribution, rng: Rng): number {
  if (typeof d === 'number') return d;
  switch (d.dist) {
    case 'uniform':
      return rng.range(d.min, d.max);
    case 'normal': {
      const lo = d.min ?? 0;
      const hi = d.max ?? Infinity;
      for (let k = 0; k < 64; k++) {
        const v = d.mean + d.sd * rng.normal();
        if (v >= lo && v <= hi) return v;
      }
      return Math.min(hi, Math.max(lo, d.mean));
    }
    case 'lognormal': {
      const v = d.median * Math.exp(d.sigma * rng.normal());
      return d.max !== undefined ? Math.min(d.max, v) : v;
    }
  }
}

/** Mean and standard deviation of a distribution (for the corridor band test and the metadata). */
export function distributionMoments(d: Distribution): { mean: number; sd: number } {
  if (typeof d === 'number') return { mean: d, sd: 0 };
  switch (d.dist) {
    case 'uniform':
      return { mean: (d.min + d.max) / 2, sd: (d.max - d.min) / Math.sqrt(12) };
    case 'normal':
      return { mean: d.mean, sd: d.sd };
    case 'lognormal':
      return { mean: d.median * Math.exp((d.sigma * d.sigma) / 2), sd: d.median * Math.sqrt(Math.exp(d.sigma ** 2) * (Math.exp(d.sigma ** 2) - 1)) };
  }
}
