/**
 * First-order fast marching method for the eikonal equation |∇T| = c(x) on a square grid
 * (Sethian, "A fast marching level set method for monotonically advancing fronts", PNAS 93, 1996,
 * and Sethian 1999, Level Set Methods and Fast Marching Methods, ch. 8 — the upwind quadratic
 * update). c is the cost per metre of a cell (1 on open ground, more in hazards and near walls,
 * Infinity where nobody can walk), so T is the cost-weighted walking distance to the target, a
 * travel-time field at unit speed. Unlike straight lines or 8-neighbour Dijkstra it has no grid
 * metrication bias beyond first order, so routes bend around obstacles the way people walk.
 */

const FAR = 0;
const TRIAL = 1;
const KNOWN = 2;

/** Reusable scratch so that a rebuild after a hazard change allocates nothing. */
export class FastMarcher {
  private readonly state: Uint8Array;
  private readonly heapCells: Int32Array;
  private readonly heapKeys: Float64Array;
  private readonly heapPos: Int32Array;
  private heapSize = 0;

  constructor(
    private readonly nx: number,
    private readonly ny: number,
    private readonly cellSizeM: number,
  ) {
    const n = nx * ny;
    this.state = new Uint8Array(n);
    this.heapCells = new Int32Array(n);
    this.heapKeys = new Float64Array(n);
    this.heapPos = new Int32Array(n);
  }

  /**
   * Fills `out` with T. Seeds are cell indices with their initial values (e.g. the distance from the
   * cell centre to an exit line). Unreached and blocked cells get Infinity.
   */
  march(cost: Float32Array, seeds: Int32Array, seedValues: Float32Array, out: Float32Array): void {
    const { nx, ny, cellSizeM: h, state } = this;
    out.fill(Infinity);
    state.fill(FAR);
    this.heapSize = 0;
    for (let k = 0; k < seeds.length; k++) {
      const cell = seeds[k]!;
      if (!(cost[cell]! < Infinity)) continue;
      const value = seedValues[k]!;
      if (value < out[cell]!) {
        out[cell] = value;
        this.push(cell, value);
      }
    }
    while (this.heapSize > 0) {
      const cell = this.pop();
      state[cell] = KNOWN;
      const i = cell % nx;
      const j = (cell - i) / nx;
      if (i > 0) this.update(cell - 1, i - 1, j, cost, out, h);
      if (i < nx - 1) this.update(cell + 1, i + 1, j, cost, out, h);
      if (j > 0) this.update(cell - nx, i, j - 1, cost, out, h);
      if (j < ny - 1) this.update(cell + nx, i, j + 1, cost, out, h);
    }
  }

  private update(cell: number, i: number, j: number, cost: Float32Array, out: Float32Array, h: number): void {
    if (this.state[cell] === KNOWN) return;
    const c = cost[cell]!;
    if (!(c < Infinity)) return;
    const { nx, ny, state } = this;
    // Upwind neighbours: only KNOWN values enter the update (Sethian 1999, eq. 8.3).
    let a = Infinity;
    if (i > 0 && state[cell - 1] === KNOWN) a = out[cell - 1]!;
    if (i < nx - 1 && state[cell + 1] === KNOWN && out[cell + 1]! < a) a = out[cell + 1]!;
    let b = Infinity;
    if (j > 0 && state[cell - nx] === KNOWN) b = out[cell - nx]!;
    if (j < ny - 1 && state[cell + nx] === KNOWN && out[cell + nx]! < b) b = out[cell + nx]!;
    const ch = c * h;
    let t: number;
    if (Math.abs(a - b) >= ch) t = Math.min(a, b) + ch;
    else t = 0.5 * (a + b + Math.sqrt(2 * ch * ch - (a - b) * (a - b)));
    if (t < out[cell]!) {
      out[cell] = t;
      if (state[cell] === TRIAL) this.decrease(cell, t);
      else {
        state[cell] = TRIAL;
        this.push(cell, t);
      }
    }
  }

  private push(cell: number, key: number): void {
    let k = this.heapSize++;
    this.heapCells[k] = cell;
    this.heapKeys[k] = key;
    this.heapPos[cell] = k;
    this.siftUp(k);
  }

  private decrease(cell: number, key: number): void {
    const k = this.heapPos[cell]!;
    this.heapKeys[k] = key;
    this.siftUp(k);
  }

  private siftUp(start: number): void {
    const { heapCells, heapKeys, heapPos } = this;
    let k = start;
    const cell = heapCells[k]!;
    const key = heapKeys[k]!;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (heapKeys[parent]! <= key) break;
      heapCells[k] = heapCells[parent]!;
      heapKeys[k] = heapKeys[parent]!;
      heapPos[heapCells[k]!] = k;
      k = parent;
    }
    heapCells[k] = cell;
    heapKeys[k] = key;
    heapPos[cell] = k;
  }

  private pop(): number {
    const { heapCells, heapKeys, heapPos } = this;
    const top = heapCells[0]!;
    const last = --this.heapSize;
    if (last === 0) return top;
    const cell = heapCells[last]!;
    const key = heapKeys[last]!;
    let k = 0;
    for (;;) {
      let child = 2 * k + 1;
      if (child >= last) break;
      if (child + 1 < last && heapKeys[child + 1]! < heapKeys[child]!) child++;
      if (heapKeys[child]! >= key) break;
      heapCells[k] = heapCells[child]!;
      heapKeys[k] = heapKeys[child]!;
      heapPos[heapCells[k]!] = k;
      k = child;
    }
    heapCells[k] = cell;
    heapKeys[k] = key;
    heapPos[cell] = k;
    return top;
  }
}
