import { describe, expect, it } from 'vitest';
import { BucketAggregator, QUALITY_BAD, SampleColumnBuffer, sampleColumnsOf } from './historianBatch.js';

const rowsOf = (c: ReturnType<SampleColumnBuffer['take']>) => Array.from({ length: c.count }, (_, row) => [c.sensorIds[c.sensorIndex[row]!], c.tsMs[row], c.value[row], c.quality[row]]);

describe('sample columns', () => {
  it('keeps every row pushed while the columns grow, in order (the row that triggers a growth included)', () => {
    const buffer = new SampleColumnBuffer(['A', 'B', 'C'], 4);
    const expected: [string, number, number, number][] = [];
    for (let row = 0; row < 5000; row += 1) {
      buffer.push(row % 3, 1000 + row, row / 10, row % 3);
      expected.push([['A', 'B', 'C'][row % 3]!, 1000 + row, row / 10, row % 3]);
    }
    expect(buffer.count).toBe(5000);
    expect(rowsOf(buffer.take())).toEqual(expected);
    // Taken: empty, and the next rows start at the beginning.
    expect(buffer.count).toBe(0);
    buffer.push(2, 7, 8, 0);
    expect(rowsOf(buffer.take())).toEqual([['C', 7, 8, 0]]);
  });

  it('appends a bus batch, refusing (and counting) unknown sensors and values that are not finite', () => {
    const buffer = new SampleColumnBuffer(['A', 'B'], 2);
    const refused = buffer.appendBusBatch({
      indices: Uint32Array.from([0, 1, 2, 0, 1, 0]),
      values: Float64Array.from([1.5, Number.NaN, 3, Number.POSITIVE_INFINITY, 5, -6]),
      tsMs: Float64Array.from([10, 11, 12, 13, 14, 15]),
      qualities: Uint8Array.from([0, 0, 0, 0, QUALITY_BAD, 1]),
    });
    expect(refused).toBe(3);
    const taken = buffer.take();
    expect(rowsOf(taken)).toEqual([
      ['A', 10, 1.5, 0],
      ['B', 14, 5, QUALITY_BAD],
      ['A', 15, -6, 1],
    ]);
    // Exactly the rows held: what goes to the writer thread or the spool carries no unused capacity.
    expect([taken.tsMs.length, taken.value.length, taken.sensorIndex.length, taken.quality.length]).toEqual([3, 3, 3, 3]);
  });

  it('turns [sensorId, tsMs, value, quality] rows into columns', () => {
    const columns = sampleColumnsOf([
      ['GT-1', 1, 2, 0],
      ['GT-2', 3, 4, 2],
      ['GT-1', 5, 6, 1],
    ]);
    expect(columns.sensorIds).toEqual(['GT-1', 'GT-2']);
    expect(rowsOf(columns)).toEqual([
      ['GT-1', 1, 2, 0],
      ['GT-2', 3, 4, 2],
      ['GT-1', 5, 6, 1],
    ]);
  });
});

describe('bucket aggregation', () => {
  it('aggregates per sensor and epoch-aligned bucket, in any arrival order, bad quality counted', () => {
    const minute = new BucketAggregator(60_000);
    // Sensor 1: minute 0 and 1 interleaved, out of order; sensor 2: one sample.
    minute.add(1, 59_000, 5, 0);
    minute.add(1, 60_000, 7, QUALITY_BAD);
    minute.add(2, 1_000, -1, 0);
    minute.add(1, 1_000, 9, 0);
    minute.add(1, 119_999, 3, 0);
    const byKey = Object.fromEntries(minute.buckets().map((b) => [`${b.sensorKey}@${b.bucketMs}`, b]));
    expect(byKey).toEqual({
      '1@0': { sensorKey: 1, bucketMs: 0, min: 5, max: 9, sum: 14, last: 5, lastTsMs: 59_000, count: 2, badCount: 0 },
      '1@60000': { sensorKey: 1, bucketMs: 60_000, min: 3, max: 7, sum: 10, last: 3, lastTsMs: 119_999, count: 2, badCount: 1 },
      '2@0': { sensorKey: 2, bucketMs: 0, min: -1, max: -1, sum: -1, last: -1, lastTsMs: 1_000, count: 1, badCount: 0 },
    });
  });
});
