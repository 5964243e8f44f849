import { describe, expect, it } from 'vitest';
import { singleLinkageClusterSizes } from './singleLinkage.js';

const row = (...xs: number[]) => xs.map((x) => ({ x, y: 0 }));

describe('single-linkage groups', () => {
  it('chains people each within the distance of the next, however far the ends are apart', () => {
    expect(singleLinkageClusterSizes(row(0, 14, 28), 15)).toEqual([3]);
    expect(singleLinkageClusterSizes(row(0, 14, 28, 42, 56), 15)).toEqual([5]);
  });

  it('keeps people farther apart than the distance in separate groups; the distance itself links', () => {
    expect(singleLinkageClusterSizes(row(0, 16, 32), 15)).toEqual([1, 1, 1]);
    expect(singleLinkageClusterSizes(row(0, 15), 15)).toEqual([2]);
    expect(singleLinkageClusterSizes([{ x: 0, y: 0 }, { x: 9, y: 12 }], 15)).toEqual([2]);
    expect(singleLinkageClusterSizes([{ x: 0, y: 0 }, { x: 9, y: 12.01 }], 15)).toEqual([1, 1]);
  });

  it('returns every group, largest first, and nothing for nobody', () => {
    expect(singleLinkageClusterSizes(row(100, 0, 101, 50, 1, 102), 2)).toEqual([3, 2, 1]);
    expect(singleLinkageClusterSizes([], 15)).toEqual([]);
  });

  it('joins two groups through one person between them', () => {
    // Built as two groups first, then bridged by the last point: union–find must merge the roots.
    const points = [...row(0, 10, 40, 50), { x: 25, y: 0 }];
    expect(singleLinkageClusterSizes(points, 15)).toEqual([5]);
  });
});
