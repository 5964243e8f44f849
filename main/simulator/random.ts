/**
 * Seeded randomness for the simulator: the model never calls Math.random, so a seed and the
 * sequence of step times fully determine everything it publishes.
 *
 * Each sub-model draws from its own named stream (weather, each worker, each loading arm, …), so
 * adding a worker or a scenario does not shift the numbers every other part of the plant sees.
 */

/**
 * mulberry32 (Tommy Ettinger, 2017, public domain; https://gist.github.com/tommyettinger/46a874533244883189143505d203312c):
 * a 32-bit state generator with period 2^32 that passes the gjrand and PractRand batteries far
 * enough for simulation noise. Not for anything security-related.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** FNV-1a, 32 bit (Fowler, Noll, Vo; IETF draft-eastlake-fnv): stream names to numbers. */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** MurmurHash3's 32-bit finaliser (Appleby): spreads nearby seeds over the whole state space. */
function fmix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** The 32-bit state of a named stream: any finite seed (negative, fractional, > 2^32) is accepted. */
export function streamSeed(seed: number, stream: string): number {
  const seedBits = Number.isFinite(seed) ? Math.trunc(seed) % 4_294_967_296 : 0;
  return fmix32((seedBits >>> 0) ^ Math.imul(fnv1a32(stream), 0x9e3779b1));
}

/** One uniform number in [0, 1) that depends only on (seed, key): for decisions that must not consume a stream. */
export function hashUniform(seed: number, key: string): number {
  return mulberry32(streamSeed(seed, key))();
}

export class Rng {
  private readonly next: () => number;
  private spareNormal: number | undefined;

  constructor(seed: number, stream: string) {
    this.next = mulberry32(streamSeed(seed, stream));
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.next();
  }

  /** Uniform in [min, max). */
  range(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Integer in [0, count). */
  integer(count: number): number {
    return Math.min(count - 1, Math.floor(this.next() * count));
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick: no items');
    return items[this.integer(items.length)]!;
  }

  /** Standard normal variate by the Box–Muller transform (Box & Muller 1958), caching the second value. */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const spare = this.spareNormal;
      this.spareNormal = undefined;
      return spare;
    }
    const u1 = 1 - this.next(); // (0, 1]: log(0) is never taken
    const u2 = this.next();
    const radius = Math.sqrt(-2 * Math.log(u1));
    this.spareNormal = radius * Math.sin(2 * Math.PI * u2);
    return radius * Math.cos(2 * Math.PI * u2);
  }

  /** Exponential variate with the given mean (inverse-CDF method): waiting times of a Poisson process. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }
}

/**
 * Exact update of an Ornstein–Uhlenbeck process over any time step (Gillespie 1996, Phys. Rev. E 54,
 * 2084, eq. 1.9): x' = μ + (x − μ)·e^(−Δt/τ) + σ·√(1 − e^(−2Δt/τ))·N(0,1), where σ is the stationary
 * standard deviation and τ the correlation time. Exact for any Δt, so the statistics do not depend
 * on how often the publisher calls step().
 */
export function ornsteinUhlenbeckStep(
  value: number,
  mean: number,
  stationarySigma: number,
  timeConstantS: number,
  dtS: number,
  standardNormal: number,
): number {
  if (dtS <= 0) return value;
  const decay = Math.exp(-dtS / timeConstantS);
  return mean + (value - mean) * decay + stationarySigma * Math.sqrt(1 - decay * decay) * standardNormal;
}

/** First-order lag (exact for a constant input over the step): y' = x + (y − x)·e^(−Δt/τ). */
export function firstOrderLag(current: number, target: number, timeConstantS: number, dtS: number): number {
  if (dtS <= 0) return current;
  return target + (current - target) * Math.exp(-dtS / timeConstantS);
}
