import type { SampleQuality, Scene } from '../contracts/index.js';

/**
 * Latest value of every scene sensor, by the sensor's stable scene index: typed arrays, no
 * per-sample allocation. Enforces the per-sensor ordering rules (out-of-order, duplicate).
 */
export class TagTable {
  readonly size: number;
  readonly values: Float64Array;
  readonly sampleTsMs: Float64Array;
  readonly receivedMs: Float64Array;
  /** 0 good, 1 uncertain, 2 bad, 255 never received. */
  readonly quality: Uint8Array;
  private readonly indexById: Map<string, number>;
  private readonly indexByTopic: Map<string, number>;

  constructor(scene: Scene) {
    this.size = scene.sensors.length;
    this.values = new Float64Array(this.size).fill(Number.NaN);
    this.sampleTsMs = new Float64Array(this.size).fill(Number.NEGATIVE_INFINITY);
    this.receivedMs = new Float64Array(this.size).fill(Number.NEGATIVE_INFINITY);
    this.quality = new Uint8Array(this.size).fill(255);
    this.indexById = new Map(scene.sensors.map((s, i) => [s.id, i]));
    this.indexByTopic = new Map(scene.sensors.map((s, i) => [s.mqttTopic, i]));
  }

  indexOf(sensorId: string): number | undefined {
    return this.indexById.get(sensorId);
  }

  indexOfTopic(topic: string): number | undefined {
    return this.indexByTopic.get(topic);
  }

  /** Stores the sample, or says why not: samples must move forward in time per sensor. */
  write(index: number, value: number, quality: SampleQuality, tsMs: number, receivedMs: number): 'outOfOrder' | 'duplicate' | null {
    const last = this.sampleTsMs[index]!;
    if (tsMs === last) return 'duplicate';
    if (tsMs < last) return 'outOfOrder';
    this.values[index] = value;
    this.sampleTsMs[index] = tsMs;
    this.receivedMs[index] = receivedMs;
    this.quality[index] = QUALITY_CODE[quality];
    return null;
  }

  qualityOf(index: number): SampleQuality | null {
    const code = this.quality[index]!;
    return code === 255 ? null : QUALITIES[code]!;
  }
}

const QUALITIES: SampleQuality[] = ['good', 'uncertain', 'bad'];
export const QUALITY_CODE: Record<SampleQuality, number> = { good: 0, uncertain: 1, bad: 2 };
