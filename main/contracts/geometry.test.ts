import { describe, expect, it } from 'vitest';
import { distanceBetweenPolygonsM, distanceToPolygonM, isPointInPolygon, polygonCentroid, signedPolygonAreaM2 } from './geometry.js';

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

describe('distances to polygons', () => {
  it('measures a point to the nearest edge, 0 inside', () => {
    expect(distanceToPolygonM([5, 5], square)).toBe(0);
    expect(distanceToPolygonM([13, 5], square)).toBe(3);
    expect(distanceToPolygonM([13, 14], square)).toBe(5); // to the corner (10, 10): a 3-4-5 triangle
    expect(distanceToPolygonM([8, 8], lShape)).toBe(4); // in the notch: to the inner edge x = 4
  });

  it('measures the gap between polygons, 0 when they overlap or cross', () => {
    const right: [number, number][] = [[13, 0], [20, 0], [20, 10], [13, 10]];
    expect(distanceBetweenPolygonsM(square, right)).toBe(3);
    expect(distanceBetweenPolygonsM(square, [[5, 5], [6, 5], [6, 6]])).toBe(0); // inside
    // A cross: no vertex of either inside the other, yet they overlap.
    expect(distanceBetweenPolygonsM([[4, -5], [6, -5], [6, 15], [4, 15]], square)).toBe(0);
    expect(distanceBetweenPolygonsM(square, [[10, 0], [12, 0], [12, 3]])).toBe(0); // touching at a vertex
  });
});
