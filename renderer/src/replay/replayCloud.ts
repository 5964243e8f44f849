import { useMemo } from 'react';
import { recordedHazeValues, type ActiveLeak, type DispersionZones, type ThreatZone } from '@contracts';
import { useCoreState } from '../connection/CoreClientContext.js';
import type { LeakPicture } from '../leak/leakFeed.js';

/** The leak studies' picture at the replayed instant, for the cloud layer and the legends; null when live or none. */
export function useReplayedLeakPicture(): LeakPicture | null {
  const zones = useCoreState((s) => (s.player.mode === 'replay' ? s.replayDispersion : null));
  return useMemo(() => (zones ? replayedLeakPicture(zones) : null), [zones]);
}

/** A drill's own cloud at the replayed instant (drawn hatched and keyed DRILL, as live); null when live or none. */
export function useReplayedDrillPicture(): LeakPicture | null {
  const zones = useCoreState((s) => (s.player.mode === 'replay' ? s.replayDrillDispersion : null));
  return useMemo(() => (zones ? replayedLeakPicture(zones) : null), [zones]);
}

/**
 * A recorded leak picture (zones, leaks, wind and the coarse haze: main/recording/dispersionZones.ts)
 * as the picture the cloud layer and its legend draw: the haze's quantised fields become the grid and
 * fields the live layer rasterizes, so a replayed cloud looks as it did live (coarser). Recordings made
 * before the haze was recorded have none: their cloud is its threat-zone outlines and legend.
 */
export function replayedLeakPicture(zones: DispersionZones): LeakPicture {
  const haze = zones.haze;
  return {
    seq: 0,
    atMs: zones.atMs,
    wind: zones.wind,
    // Recorded whole from the live picture (the contract reads back only the fields a replay draws).
    leaks: zones.leaks as ActiveLeak[],
    zones: zones.zones as ThreatZone[],
    grid: haze ? { x0: haze.x0, y0: haze.y0, dxM: haze.dxM, dyM: haze.dyM, nx: haze.nx, ny: haze.ny, zM: 0 } : null,
    fields: haze ? haze.fields.map((field) => ({ leakId: field.leakId, valuesMgM3: recordedHazeValues(haze, field), maxMgM3: field.maxMgM3 })) : [],
    detectors: [],
    buildings: [],
    directionUncertainty: null,
    warnings: [],
    computeMs: 0,
  };
}
