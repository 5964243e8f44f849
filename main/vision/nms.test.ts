import { describe, expect, it } from 'vitest';
import type { Candidates } from './decoders.js';
import { iou, nonMaxSuppression } from './nms.js';

function candidates(rows: [number, number, number, number, number, number][]): Candidates {
  return {
    count: rows.length,
    boxes: new Float32Array(rows.flatMap((r) => r.slice(0, 4))),
    scores: new Float32Array(rows.map((r) => r[4])),
    classIds: new Int32Array(rows.map((r) => r[5])),
  };
}

describe('IoU', () => {
  it('is intersection over union', () => {
    expect(iou([0, 0, 10, 10], [5, 0, 15, 10])).toBeCloseTo(50 / 150, 12);
    expect(iou([0, 0, 10, 10], [1, 1, 11, 11])).toBeCloseTo(81 / 119, 12);
    expect(iou([0, 0, 10, 10], [10, 10, 20, 20])).toBe(0);
  });
});

describe('NMS', () => {
  // A and B overlap with IoU 0.68; C is B's box with another class; D stands apart.
  const c = candidates([
    [1, 1, 11, 11, 0.8, 0], // B
    [0, 0, 10, 10, 0.9, 0], // A
    [1, 1, 11, 11, 0.7, 1], // C
    [50, 50, 60, 60, 0.3, 0], // D
  ]);

  it('class-aware: suppresses same-class overlaps only, best first', () => {
    expect(nonMaxSuppression(c, 0.45, new Int32Array([-1, -1]), 100)).toEqual([1, 2, 3]);
  });

  it('cross-class group (helmet vs head): one box per object whatever the class', () => {
    expect(nonMaxSuppression(c, 0.45, new Int32Array([0, 0]), 100)).toEqual([1, 3]);
  });

  it('keeps overlaps below the IoU threshold and honours maxDetections', () => {
    expect(nonMaxSuppression(c, 0.7, new Int32Array([-1, -1]), 100)).toEqual([1, 0, 2, 3]);
    expect(nonMaxSuppression(c, 0.45, new Int32Array([-1, -1]), 2)).toEqual([1, 2]);
  });
});
