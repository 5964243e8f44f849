import { describe, expect, it } from 'vitest';
import { isPointInPolygon, polygonCentroid, signedPolygonAreaM2 } from './geometry.js';

const square: [number, number][] = [[0, 0], [10, 0], [10, 10], [0, 10]];
const lShape: [number, number][] = [[0, 0], [10, 0], [10, 4], [4, 4], [4, 10], [0, 10]];

describe('plan geometry', () => {
  it('tests points against convex and concave polygons', () => {
    expect(isPointInPolygon([5, 5], square)).toBe(true);
    expect(isPointInPolygon([11, 5], square)).toBe(false);
    expect(isPointInPolygon([2, 8], lShape)).toBe(true);
    expect(isPointInPolygon([8, 8], lShape)).toBe(false); // in the notch of the L
  });

  it('computes signed areas by the shoelace formula', () => {
    expect(signedPolygonAreaM2(square)).toBe(100);
    expect(signedPolygonAreaM2([...square].reverse())).toBe(-100);
    expect(signedPolygonAreaM2(lShape)).toBe(10 * 4 + 4 * 6);
  });

  it('averages vertices for the centroid of a regular shape', () => {
    expect(polygonCentroid(square)).toEqual([5, 5]);
  });
});
