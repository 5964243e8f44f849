import { useMemo } from 'react';
import type { ActiveLeak, DispersionZones, ThreatZone } from '@contracts';
import { useCoreState } from '../connection/CoreClientContext.js';
import type { LeakPicture } from '../leak/leakFeed.js';

/** The leak studies' picture at the replayed instant, for the cloud layer and the legends; null when live or none. */
export function useReplayedLeakPicture(): LeakPicture | null {
  const zones = useCoreState((s) => (s.player.mode === 'replay' ? s.replayDispersion : null));
  return useMemo(() => (zones ? replayedLeakPicture(zones) : null), [zones]);
}

/**
 * A recorded leak-study picture (zones, leaks, wind: main/recording/dispersionZones.ts) as the picture
 * the cloud layer and its legend draw. Recordings hold no concentration grid, so a replayed cloud is its
 * threat-zone outlines and legend, without the filled haze.
 */
export function replayedLeakPicture(zones: DispersionZones): LeakPicture {
  return {
    seq: 0,
    atMs: zones.atMs,
    wind: zones.wind,
    // Recorded whole from the live picture (the contract reads back only the fields a replay draws).
    leaks: zones.leaks as ActiveLeak[],
    zones: zones.zones as ThreatZone[],
    grid: null,
    fields: [],
    detectors: [],
    buildings: [],
    directionUncertainty: null,
    warnings: [],
    computeMs: 0,
  };
}
