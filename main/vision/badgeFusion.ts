import type { WorkerPosition } from '../contracts/index.js';

export type BadgeFusionConfig = { maxDistanceM: number; maxAgeMs: number };

/**
 * The RTLS badge nearest a detection's ground point, when it is within the location accuracy
 * (maxDistanceM: the RTLS error plus the homography's error at the foot point) and its position is
 * recent (maxAgeMs). Null when no badge qualifies: a person without a badge is a finding in itself.
 * Floors are ignored: a camera's ground homography places people on grade.
 */
export function nearestBadge(ground: { x: number; y: number } | null, positions: Iterable<WorkerPosition>, nowMs: number, config: BadgeFusionConfig): { badgeId: string; distanceM: number } | null {
  if (!ground) return null;
  let best: { badgeId: string; distanceM: number } | null = null;
  for (const p of positions) {
    if (nowMs - p.tsMs > config.maxAgeMs) continue;
    const distanceM = Math.hypot(p.x - ground.x, p.y - ground.y);
    if (distanceM <= config.maxDistanceM && (!best || distanceM < best.distanceM)) best = { badgeId: p.badgeId, distanceM };
  }
  return best;
}
