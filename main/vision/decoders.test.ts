import { describe, expect, it } from 'vitest';
import { checkOutputDims, decodeYolov5, decodeYolov8, decodeYolox, gridCellCount } from './decoders.js';
import { VisionError } from './visionError.js';

const thresholds = (n: number, t = 0.25) => new Float64Array(n).fill(t);
const boxOf = (c: { boxes: Float32Array }, i: number) => Array.from(c.boxes.subarray(i * 4, i * 4 + 4));

describe('YOLOX raw head', () => {
  it('decodes grid offsets per stride, row-major: cx = (tx + gx)·s, w = e^tw·s, score = obj·p', () => {
    // 64×64 input, strides 8/16/32 → 64 + 16 + 4 = 84 rows of [tx, ty, tw, th, obj, p0, p1]
    expect(gridCellCount(64, 64, [8, 16, 32])).toBe(84);
    const data = new Float32Array(84 * 7);
    const row = 64 + 2 * 4 + 1; // stride 16, gy = 2, gx = 1
    data.set([0.5, 0.5, Math.log(2), 0, 0.9, 0.2, 0.8], row * 7);
    data.set([0, 0, 0, 0, 0.3, 0.5, 0.5], 0); // 0.15 < threshold: dropped
    const c = decodeYolox({ data, dims: [1, 84, 7], inputWidthPx: 64, inputHeightPx: 64, numClasses: 2, scoreThresholdByClassId: thresholds(2) }, [8, 16, 32], false);
    expect(c.count).toBe(1);
    expect(boxOf(c, 0)).toEqual([8, 32, 40, 48]); // cx 24, cy 40, w 32, h 16
    expect(c.classIds[0]).toBe(1);
    expect(c.scores[0]).toBeCloseTo(0.72, 6);
  });

  it('takes already-decoded rows as cx, cy, w, h when gridDecoded', () => {
    const data = new Float32Array([100, 50, 20, 10, 1, 0.9, 0.1]);
    const c = decodeYolox({ data, dims: [1, 1, 7], inputWidthPx: 64, inputHeightPx: 64, numClasses: 2, scoreThresholdByClassId: thresholds(2) }, [8], true);
    expect(boxOf(c, 0)).toEqual([90, 45, 110, 55]);
  });

  it('rejects a head whose row count does not fit the strides, or whose width does not fit the classes', () => {
    const input = { data: new Float32Array(80 * 7), dims: [1, 80, 7], inputWidthPx: 64, inputHeightPx: 64, numClasses: 2, scoreThresholdByClassId: thresholds(2) };
    expect(() => decodeYolox(input, [8, 16, 32], false)).toThrow(/80 rows.*84 grid cells/);
    expect(() => decodeYolox({ ...input, dims: [1, 84, 7], numClasses: 80 }, [8, 16, 32], false)).toThrow(VisionError);
  });
});

describe('YOLOv8 / v11 head', () => {
  // Two anchors, two classes. Anchor 1: cx 100, cy 50, w 20, h 10, p = [0.1, 0.6].
  const anchors = [
    [10, 10, 4, 4, 0.05, 0.1],
    [100, 50, 20, 10, 0.1, 0.6],
  ];
  it('channelsFirst [1, 4 + nc, N]: score = max class, no objectness', () => {
    const data = new Float32Array(12);
    anchors.forEach((a, i) => a.forEach((v, ch) => (data[ch * 2 + i] = v)));
    const c = decodeYolov8({ data, dims: [1, 6, 2], inputWidthPx: 320, inputHeightPx: 320, numClasses: 2, scoreThresholdByClassId: thresholds(2) }, 'channelsFirst');
    expect(c.count).toBe(1);
    expect(boxOf(c, 0)).toEqual([90, 45, 110, 55]);
    expect([c.classIds[0], c.scores[0]]).toEqual([1, expect.closeTo(0.6, 6)]);
  });

  it('anchorsFirst [1, N, 4 + nc] gives the same result', () => {
    const data = new Float32Array(anchors.flat());
    const c = decodeYolov8({ data, dims: [1, 2, 6], inputWidthPx: 320, inputHeightPx: 320, numClasses: 2, scoreThresholdByClassId: thresholds(2) }, 'anchorsFirst');
    expect(boxOf(c, 0)).toEqual([90, 45, 110, 55]);
  });

  it('names the other layout when the transposed one fits', () => {
    expect(() => decodeYolov8({ data: new Float32Array(12), dims: [1, 2, 6], inputWidthPx: 320, inputHeightPx: 320, numClasses: 2, scoreThresholdByClassId: thresholds(2) }, 'channelsFirst')).toThrow(
      /set decoder.layout to "anchorsFirst"/,
    );
  });
});

describe('YOLOv5 head', () => {
  it('rows [cx, cy, w, h, obj, p…] in input pixels, score = obj·p', () => {
    const data = new Float32Array([50, 60, 10, 20, 0.8, 0.5, 0.9, 5, 5, 2, 2, 0.1, 0.9, 0.9]);
    const c = decodeYolov5({ data, dims: [1, 2, 7], inputWidthPx: 640, inputHeightPx: 640, numClasses: 2, scoreThresholdByClassId: thresholds(2) });
    expect(c.count).toBe(1);
    expect(boxOf(c, 0)).toEqual([45, 50, 55, 70]);
    expect(c.scores[0]).toBeCloseTo(0.72, 6);
  });

  it('honours per-class thresholds', () => {
    const data = new Float32Array([50, 60, 10, 20, 0.8, 0.5, 0.9]);
    const perClass = new Float64Array([0.25, 0.8]);
    expect(decodeYolov5({ data, dims: [1, 1, 7], inputWidthPx: 640, inputHeightPx: 640, numClasses: 2, scoreThresholdByClassId: perClass }).count).toBe(0);
  });
});

describe('load-time output check', () => {
  it('accepts the reference heads and rejects a decoder that does not fit', () => {
    expect(() => checkOutputDims({ family: 'yolox', strides: [8, 16, 32], gridDecoded: false }, [1, 3549, 85], 416, 416, 80)).not.toThrow();
    expect(() => checkOutputDims({ family: 'yolov8', layout: 'channelsFirst' }, [1, 18, 2100], 320, 320, 14)).not.toThrow();
    expect(() => checkOutputDims({ family: 'yolov5' }, [1, 18, 2100], 320, 320, 14)).toThrow(/yolov5: rows have 2100 values/);
    expect(() => checkOutputDims({ family: 'yolox', strides: [8, 16, 32], gridDecoded: false }, [1, 3549, 85], 320, 320, 80)).toThrow(/2100 grid cells/);
    expect(() => checkOutputDims({ family: 'yolov8', layout: 'channelsFirst' }, ['batch', 18, 'anchors'], 320, 320, 14)).not.toThrow();
  });
});
