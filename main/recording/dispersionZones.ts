import type { DispersionSnapshot, DispersionZones } from '../contracts/index.js';
import { recordedHaze, recordedHazeBytes } from './dispersionHaze.js';

/**
 * What of the live leak picture goes into a recording, and how often (issue 12.6: a replay shows the
 * clouds that were on screen). The full concentration grids stay out (one per leak per recompute would
 * dwarf the rest of a recording); the zone outlines, leaks, wind and a coarse, quantised haze
 * (dispersionHaze.ts: at most 16,384 one-byte cells per leak) go in, bounded:
 * - at most one picture per RECORD_INTERVAL_MS while the set of zones stays the same (a recompute
 *   runs every few seconds), at once when a leak or a zone level appears or goes (so an end is never
 *   missed), and an empty picture once when the last cloud is gone;
 * - outline points rounded to 0.1 m (the model's cells are metres wide) and thinned evenly so that
 *   one picture holds at most MAX_POINTS points (about 16 bytes each as JSON, before compression).
 */
export const DISPERSION_RECORD_INTERVAL_MS = 5_000;
export const MAX_DISPERSION_POINTS = 20_000;

export class DispersionRecordThrottle {
  private lastMs = Number.NEGATIVE_INFINITY;
  private lastKey: string | null = null;

  /** True when this snapshot is to be recorded. */
  take(snapshot: DispersionSnapshot, nowMs: number): boolean {
    const key = zoneSetKey(snapshot);
    const changed = key !== this.lastKey;
    // Nothing to show and nothing shown: an idle picture is not recorded at all.
    if (!changed && snapshot.zones.length === 0) return false;
    if (!changed && nowMs - this.lastMs < DISPERSION_RECORD_INTERVAL_MS) return false;
    this.lastMs = nowMs;
    this.lastKey = key;
    return true;
  }
}

const zoneSetKey = (snapshot: DispersionSnapshot) =>
  `${snapshot.leaks.map((l) => l.leakId).join(',')}|${snapshot.zones.map((z) => `${z.leakId}:${z.level}`).join(',')}`;

const round = (v: number) => Math.round(v * 10) / 10;

/** The recorded form of a snapshot: leaks, wind, zone outlines rounded and thinned to the point budget, and the coarse haze. */
export function dispersionZones(snapshot: DispersionSnapshot, maxPoints = MAX_DISPERSION_POINTS): DispersionZones {
  const total = snapshot.zones.reduce((n, z) => n + z.rings.reduce((m, ring) => m + ring.length, 0), 0);
  const stride = Math.max(1, Math.ceil(total / maxPoints));
  const haze = snapshot.zones.length > 0 ? recordedHaze(snapshot) : null;
  return {
    atMs: snapshot.atMs,
    wind: snapshot.wind,
    leaks: snapshot.leaks,
    zones: snapshot.zones.map((zone) => ({
      ...zone,
      // Every stride-th point; a ring keeps at least three so it stays an outline.
      rings: zone.rings.map((ring) => (ring.length <= 3 * stride ? ring : ring.filter((_, i) => i % stride === 0)).map(([x, y]) => [round(x), round(y)] as [number, number])),
    })),
    ...(haze ? { haze } : {}),
  };
}

/** About how many bytes a recorded picture takes as JSON (for the recorder's bounded queue). */
export function dispersionZonesBytes(zones: DispersionZones): number {
  return 512 + 400 * zones.leaks.length + zones.zones.reduce((n, z) => n + 300 + z.rings.reduce((m, ring) => m + 16 * ring.length, 0), 0) + recordedHazeBytes(zones.haze);
}
