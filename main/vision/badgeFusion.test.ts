import { describe, expect, it } from 'vitest';
import { nearestBadge } from './badgeFusion.js';

const config = { maxDistanceM: 5, maxAgeMs: 10_000 };
const at = (badgeId: string, x: number, y: number, tsMs = 100_000) => ({ badgeId, x, y, floor: 0, tsMs });

describe('fusion of a detection with the nearest RTLS badge', () => {
  it('links the nearest recent badge within the location accuracy', () => {
    const positions = [at('far', 108, 100), at('near', 102, 101), at('nearer-but-old', 100.5, 100, 50_000)];
    expect(nearestBadge({ x: 100, y: 100 }, positions, 100_000, config)).toEqual({ badgeId: 'near', distanceM: Math.hypot(2, 1) });
  });

  it('links nobody without a ground point, or when every badge is too far', () => {
    expect(nearestBadge(null, [at('a', 0, 0)], 100_000, config)).toBeNull();
    expect(nearestBadge({ x: 0, y: 0 }, [at('a', 5.1, 0)], 100_000, config)).toBeNull();
    expect(nearestBadge({ x: 0, y: 0 }, [at('a', 5, 0)], 100_000, config)).toEqual({ badgeId: 'a', distanceM: 5 });
  });
});
