/**
 * Uniform-grid spatial hash rebuilt each step by counting sort (O(n), no allocation after the
 * first build): the neighbours of an agent are the agents of the 3×3 buckets around it, so the
 * cost per agent stays constant as the population grows to 10,000 and more.
 */
export class SpatialHash {
  readonly bucketM: number;
  private readonly nx: number;
  private readonly ny: number;
  private readonly x0: number;
  private readonly y0: number;
  private readonly start: Int32Array;
  private readonly fill: Int32Array;
  private items: Int32Array = new Int32Array(0);
  private bucketOf: Int32Array = new Int32Array(0);

  constructor(x0: number, y0: number, widthM: number, heightM: number, bucketM: number) {
    this.bucketM = bucketM;
    this.x0 = x0;
    this.y0 = y0;
    this.nx = Math.max(1, Math.ceil(widthM / bucketM));
    this.ny = Math.max(1, Math.ceil(heightM / bucketM));
    this.start = new Int32Array(this.nx * this.ny + 1);
    this.fill = new Int32Array(this.nx * this.ny);
  }

  private bucket(x: number, y: number): number {
    const i = Math.min(this.nx - 1, Math.max(0, Math.floor((x - this.x0) / this.bucketM)));
    const j = Math.min(this.ny - 1, Math.max(0, Math.floor((y - this.y0) / this.bucketM)));
    return j * this.nx + i;
  }

  /** Indexes the agents for which include[k] is non-zero. */
  rebuild(x: Float64Array, y: Float64Array, include: Uint8Array, count: number): void {
    if (this.bucketOf.length < count) {
      this.bucketOf = new Int32Array(count);
      this.items = new Int32Array(count);
    }
    const { start, fill, bucketOf } = this;
    start.fill(0);
    for (let k = 0; k < count; k++) {
      if (!include[k]) {
        bucketOf[k] = -1;
        continue;
      }
      const b = this.bucket(x[k]!, y[k]!);
      bucketOf[k] = b;
      start[b + 1]!++;
    }
    for (let b = 0; b < fill.length; b++) start[b + 1]! += start[b]!;
    fill.set(start.subarray(0, fill.length));
    for (let k = 0; k < count; k++) {
      const b = bucketOf[k]!;
      if (b >= 0) this.items[fill[b]!++] = k;
    }
  }

  /** Writes the indices of agents in the 3×3 buckets around (x, y) into out; returns how many. */
  candidates(x: number, y: number, out: Int32Array): number {
    const bi = Math.min(this.nx - 1, Math.max(0, Math.floor((x - this.x0) / this.bucketM)));
    const bj = Math.min(this.ny - 1, Math.max(0, Math.floor((y - this.y0) / this.bucketM)));
    let n = 0;
    for (let j = Math.max(0, bj - 1); j <= Math.min(this.ny - 1, bj + 1); j++) {
      const row = j * this.nx;
      for (let i = Math.max(0, bi - 1); i <= Math.min(this.nx - 1, bi + 1); i++) {
        const b = row + i;
        for (let k = this.start[b]!; k < this.start[b + 1]! && n < out.length; k++) out[n++] = this.items[k]!;
      }
    }
    return n;
  }
}
