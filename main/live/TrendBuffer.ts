/**
 * The last minutes of every sensor for trend panels: one slot per `resolutionMs` per sensor in a
 * preallocated ring (the last sample in a slot wins). Fixed memory: sensors × slots × 12 bytes
 * (5,000 sensors × 10 min at 2 s ≈ 18 MB). Longer history belongs to the recorder or a historian.
 */
export class TrendBuffer {
  private readonly slots: number;
  private readonly values: Float32Array;
  private readonly slotTimesS: Uint32Array;

  constructor(
    private readonly sensorCount: number,
    readonly spanMs = 10 * 60_000,
    readonly resolutionMs = 2_000,
  ) {
    this.slots = Math.ceil(spanMs / resolutionMs);
    this.values = new Float32Array(sensorCount * this.slots);
    this.slotTimesS = new Uint32Array(sensorCount * this.slots);
  }

  record(sensorIndex: number, value: number, tsMs: number): void {
    const slotNumber = Math.floor(tsMs / this.resolutionMs);
    const at = sensorIndex * this.slots + (slotNumber % this.slots);
    this.values[at] = value;
    // Slot numbers fit 32 bits for centuries at 2 s; 0 marks "empty".
    this.slotTimesS[at] = slotNumber;
  }

  /** Points of the last `minutes` (at most the span), oldest first: [tsMs, value][]. */
  series(sensorIndex: number, nowMs: number, spanMs = this.spanMs): [number, number][] {
    if (sensorIndex < 0 || sensorIndex >= this.sensorCount) return [];
    const newest = Math.floor(nowMs / this.resolutionMs);
    const oldest = newest - Math.min(this.slots, Math.ceil(spanMs / this.resolutionMs)) + 1;
    const out: [number, number][] = [];
    for (let slot = oldest; slot <= newest; slot++) {
      const at = sensorIndex * this.slots + (((slot % this.slots) + this.slots) % this.slots);
      if (this.slotTimesS[at] === slot) out.push([slot * this.resolutionMs, this.values[at]!]);
    }
    return out;
  }
}
