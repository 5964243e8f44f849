import { describe, expect, it } from 'vitest';
import { PpmStreamParser, type RgbFrame } from './ppmStream.js';

describe('PPM stream parser', () => {
  it('splits frames of any size across arbitrary chunk boundaries', () => {
    const frameA = Buffer.concat([Buffer.from('P6\n2 1\n255\n'), Buffer.from([1, 2, 3, 4, 5, 6])]);
    const frameB = Buffer.concat([Buffer.from('P6\n1 2\n255\n'), Buffer.from([7, 8, 9, 10, 11, 12])]);
    const stream = Buffer.concat([frameA, frameB]);
    for (const chunkSize of [1, 3, 7, stream.length]) {
      const frames: RgbFrame[] = [];
      const parser = new PpmStreamParser((f) => frames.push(f));
      for (let i = 0; i < stream.length; i += chunkSize) parser.push(stream.subarray(i, i + chunkSize));
      expect(frames.map((f) => [f.widthPx, f.heightPx, Array.from(f.rgb)])).toEqual([
        [2, 1, [1, 2, 3, 4, 5, 6]],
        [1, 2, [7, 8, 9, 10, 11, 12]],
      ]);
    }
  });

  it('rejects a stream that is not PPM', () => {
    const parser = new PpmStreamParser(() => undefined);
    expect(() => parser.push(Buffer.alloc(100, 0x41))).toThrow(/not a PPM/);
  });
});
