import { describe, expect, it } from 'vitest';
import { channelAffine, computeLetterbox, LetterboxWriter, unletterboxBox } from './letterbox.js';

describe('letterbox geometry', () => {
  it('top-left: 800×533 into 416² scales by 0.52 and pads only the bottom', () => {
    const lb = computeLetterbox(800, 533, 416, 416, 'topLeft');
    expect(lb.scale).toBeCloseTo(0.52, 12);
    expect([lb.resizedWidthPx, lb.resizedHeightPx, lb.padLeftPx, lb.padTopPx]).toEqual([416, 277, 0, 0]); // 533·0.52 = 277.16
  });

  it('centred: 800×533 into 320² pads 53 rows on top (round(107/2 − 0.1), Ultralytics rounding)', () => {
    const lb = computeLetterbox(800, 533, 320, 320, 'centre');
    expect(lb.scale).toBeCloseTo(0.4, 12);
    expect([lb.resizedWidthPx, lb.resizedHeightPx, lb.padLeftPx, lb.padTopPx]).toEqual([320, 213, 0, 53]);
    // portrait 360×640 into 320²: r = 0.5, 180 wide, 70 columns each side
    const portrait = computeLetterbox(360, 640, 320, 320, 'centre');
    expect([portrait.resizedWidthPx, portrait.resizedHeightPx, portrait.padLeftPx, portrait.padTopPx]).toEqual([180, 320, 70, 0]);
  });

  it('maps model-input boxes back: x = (x − padX) / r, clipped to the frame', () => {
    const lb = computeLetterbox(800, 533, 320, 320, 'centre');
    expect(unletterboxBox([10, 63, 50, 103], lb, 800, 533)).toEqual([25, 25, 125, 125]);
    expect(unletterboxBox([-8, 0, 400, 400], lb, 800, 533)).toEqual([0, 0, 800, 533]);
  });
});

describe('letterbox tensor', () => {
  it('bilinear resize with half-pixel centres, BGR order, raw scaling, pad 114 below', () => {
    // 2×1 frame, R = 0 then 100, G = 10, B = 200; into 4×4: r = 2, resized 4×2, rows 2–3 are padding.
    const rgb = new Uint8Array([0, 10, 200, 100, 10, 200]);
    const writer = new LetterboxWriter({ channelOrder: 'BGR', scaling: { kind: 'raw' }, letterbox: { anchor: 'topLeft', padValue: 114 } }, 4, 4);
    const out = new Float32Array(48);
    const lb = writer.write(rgb, 2, 1, out);
    expect([lb.resizedWidthPx, lb.resizedHeightPx]).toEqual([4, 2]);
    const plane = (k: number) => Array.from(out.subarray(k * 16, k * 16 + 16));
    // BGR: channel 0 is blue, channel 2 is red. Red along x: taps at source x = −0.25→0, 0.25, 0.75, 1.25→1.
    expect(plane(2)).toEqual([0, 25, 75, 100, 0, 25, 75, 100, 114, 114, 114, 114, 114, 114, 114, 114]);
    expect(plane(0).slice(0, 8)).toEqual(Array(8).fill(200));
    expect(plane(1).slice(8)).toEqual(Array(8).fill(114));
  });

  it('centred anchoring pads both sides; /255 and ImageNet mean/std are applied after padding', () => {
    const rgb = new Uint8Array(2 * 4 * 3).fill(255); // 2 wide, 4 tall, white
    const writer = new LetterboxWriter({ channelOrder: 'RGB', scaling: { kind: 'unit' }, letterbox: { anchor: 'centre', padValue: 114 } }, 4, 4);
    const out = new Float32Array(48);
    const lb = writer.write(rgb, 2, 4, out);
    expect([lb.padLeftPx, lb.padTopPx, lb.resizedWidthPx]).toEqual([1, 0, 2]);
    expect(out[0]).toBeCloseTo(114 / 255, 6);
    expect(out[1]).toBeCloseTo(1, 6);
    expect(out[3]).toBeCloseTo(114 / 255, 6);
    const norm = channelAffine({ channelOrder: 'RGB', scaling: { kind: 'meanStd', mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] }, letterbox: { anchor: 'topLeft', padValue: 114 } });
    // 114 → (114/255 − 0.485) / 0.229 = −0.16576…
    expect(114 * norm.mul[0] + norm.add[0]).toBeCloseTo((114 / 255 - 0.485) / 0.229, 6);
  });

  it('refuses a buffer smaller than the frame size says', () => {
    const writer = new LetterboxWriter({ channelOrder: 'RGB', scaling: { kind: 'raw' }, letterbox: { anchor: 'topLeft', padValue: 0 } }, 4, 4);
    expect(() => writer.write(new Uint8Array(5), 2, 1, new Float32Array(48))).toThrow(/needs 6/);
  });
});
