/**
 * Uniform-grid spatial hash rebuilt every step: a linked list per bucket (head per bucket, next per
 * agent), so a rebuild costs O(agents) — only the buckets that held agents are cleared — however
 * large the site. The neighbours of an agent are the agents of the 3×3 buckets around it, so the
 * cost per agent stays constant as the population grows to 10,000 and more.
 */
export class SpatialHash {
  readonly bucketM: number;
  private readonly nx: number;
  private readonly ny: number;
  private readonly x0: number;
  private readonly y0: number;
  private readonly head: Int32Array;
  private next: Int32Array = new Int32Array(0);
  private bucketOf: Int32Array = new Int32Array(0);
  private indexed = 0;

  constructor(x0: number, y0: number, widthM: number, heightM: number, bucketM: number) {
    this.bucketM = bucketM;
    this.x0 = x0;
    this.y0 = y0;
    this.nx = Math.max(1, Math.ceil(widthM / bucketM));
    this.ny = Math.max(1, Math.ceil(heightM / bucketM));
    this.head = new Int32Array(this.nx * this.ny).fill(-1);
  }

  /** Indexes the agents for which include[k] is non-zero. */
  rebuild(x: Float64Array, y: Float64Array, include: Uint8Array, count: number): void {
    for (let k = 0; k < this.indexed; k++) {
      const b = this.bucketOf[k]!;
      if (b >= 0) this.head[b] = -1;
    }
    if (this.bucketOf.length < count) {
      this.bucketOf = new Int32Array(count);
      this.next = new Int32Array(count);
    }
    // Insert in reverse so that each bucket lists its agents in increasing index order (deterministic).
    for (let k = count - 1; k >= 0; k--) {
      if (!include[k]) {
        this.bucketOf[k] = -1;
        continue;
      }
      const i = Math.min(this.nx - 1, Math.max(0, Math.floor((x[k]! - this.x0) / this.bucketM)));
      const j = Math.min(this.ny - 1, Math.max(0, Math.floor((y[k]! - this.y0) / this.bucketM)));
      const b = j * this.nx + i;
      this.bucketOf[k] = b;
      this.next[k] = this.head[b]!;
      this.head[b] = k;
    }
    this.indexed = count;
  }

  /** Writes the indices of agents in the 3×3 buckets around (x, y) into out; returns how many. */
  candidates(x: number, y: number, out: Int32Array): number {
    const bi = Math.min(this.nx - 1, Math.max(0, Math.floor((x - this.x0) / this.bucketM)));
    const bj = Math.min(this.ny - 1, Math.max(0, Math.floor((y - this.y0) / this.bucketM)));
    let n = 0;
    const iMin = Math.max(0, bi - 1);
    const iMax = Math.min(this.nx - 1, bi + 1);
    for (let j = Math.max(0, bj - 1); j <= Math.min(this.ny - 1, bj + 1); j++) {
      const row = j * this.nx;
      for (let i = iMin; i <= iMax; i++) {
        for (let k = this.head[row + i]!; k >= 0 && n < out.length; k = this.next[k]!) out[n++] = k;
      }
    }
    return n;
  }
}
