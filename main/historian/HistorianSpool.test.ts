import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../../tests/support/tempDir.js';
import { emptyBatch, sampleColumnsOf, type HistorianBatch } from './historianBatch.js';
import { HistorianSpool } from './HistorianSpool.js';

const rowsOf = (batch: HistorianBatch) => Array.from({ length: batch.samples.count }, (_, row) => [batch.samples.sensorIds[batch.samples.sensorIndex[row]!], batch.samples.tsMs[row], batch.samples.value[row], batch.samples.quality[row]]);

function batchWith(rows: [string, number, number, number][]): HistorianBatch {
  return {
    ...emptyBatch(),
    samples: sampleColumnsOf(rows),
    markers: [{ atMs: 5, kind: 'drill', phase: 'start', markerId: 'd1', label: 'Drill «B»', by: null }],
    positions: [{ badgeId: 'B-1', tsMs: 6, x: 1.25, y: -2, floor: 1 }],
  };
}

describe('the historian disk spool', () => {
  it('gives back each batch as written, oldest first, samples exact to the bit, after a restart too', async () => {
    const dir = makeTempDir('historian-spool');
    const spool = await HistorianSpool.open(dir, 1e6);
    const first = batchWith([
      ['GT-101', 1_780_000_000_123, 0.1 + 0.2, 0],
      ['GT-102', 1_780_000_000_124, -1e-300, 2],
      ['GT-101', 1_780_000_001_123, Number.MAX_VALUE, 1],
    ]);
    const second = batchWith([['ÄÖ-7', 9, 42, 0]]);
    expect(await spool.append(first)).toBe(true);
    expect(await spool.append(second)).toBe(true);
    expect(spool.batchCount).toBe(2);

    const reopened = await HistorianSpool.open(dir, 1e6);
    expect(reopened.sizeBytes).toBe(spool.sizeBytes);
    const read = (await reopened.peekOldest())!;
    expect(rowsOf(read)).toEqual(rowsOf(first));
    expect({ markers: read.markers, positions: read.positions, alarms: read.alarms }).toEqual({ markers: first.markers, positions: first.positions, alarms: [] });
    await reopened.removeOldest();
    expect(rowsOf((await reopened.peekOldest())!)).toEqual([['ÄÖ-7', 9, 42, 0]]);
    await reopened.removeOldest();
    expect(await reopened.peekOldest()).toBeNull();
    expect(await readdir(dir)).toEqual([]);
  });

  it('writes back a batch spooled as JSON rows by an earlier build, and numbers new batches after it', async () => {
    const dir = makeTempDir('historian-spool');
    const legacy = { ...emptyBatch(), samples: [['GT-101', 1000, 1.5, 0], ['GT-103', 2000, 2.5, 2]] };
    await writeFile(path.join(dir, 'batch-000000000007.json'), JSON.stringify(legacy));
    const spool = await HistorianSpool.open(dir, 1e6);
    await spool.append(batchWith([['GT-9', 1, 2, 0]]));
    expect((await readdir(dir)).sort()).toEqual(['batch-000000000007.json', 'batch-000000000008.bin']);
    expect(rowsOf((await spool.peekOldest())!)).toEqual([
      ['GT-101', 1000, 1.5, 0],
      ['GT-103', 2000, 2.5, 2],
    ]);
  });

  it('sets a truncated file aside (a crash while it was written) and goes on with the next', async () => {
    const dir = makeTempDir('historian-spool');
    const spool = await HistorianSpool.open(dir, 1e6);
    await spool.append(batchWith([['GT-1', 1, 1, 0], ['GT-1', 2, 2, 0]]));
    await spool.append(batchWith([['GT-2', 3, 3, 0]]));
    const [firstName] = (await readdir(dir)).sort();
    const whole = await readFile(path.join(dir, firstName!));
    await writeFile(path.join(dir, firstName!), whole.subarray(0, whole.length - 5));
    const reopened = await HistorianSpool.open(dir, 1e6);
    expect(rowsOf((await reopened.peekOldest())!)).toEqual([['GT-2', 3, 3, 0]]);
    expect(reopened.corruptBatches).toBe(1);
    expect((await readdir(dir)).sort()).toEqual([`${firstName}.corrupt`, 'batch-000000000001.bin']);
  });

  it('refuses a batch beyond its budget, writing nothing', async () => {
    const dir = makeTempDir('historian-spool');
    const spool = await HistorianSpool.open(dir, 600);
    const rows = Array.from({ length: 40 }, (_, i) => ['GT-1', i, i, 0] as [string, number, number, number]);
    expect(await spool.append(batchWith(rows))).toBe(false);
    expect(await readdir(dir)).toEqual([]);
    expect(spool.sizeBytes).toBe(0);
  });
});
