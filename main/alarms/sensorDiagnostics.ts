import type { Scene, SensorKind } from '../contracts/index.js';
import type { AlarmConfig } from './alarmConfig.js';
import type { VotingGroup } from './areaVoting.js';

/**
 * Data-quality diagnostics of sensors (NAMUR NE 107 "maintenance required" style): a flat line (the
 * value stopped moving while its neighbours move) and drift (a gas detector far from its redundant
 * partners for long). Pure: time comes in as nowMs.
 */

/**
 * Whether a reading has stayed inside its noise band: the spread (max − min) of the trusted values
 * since the last movement. A spread beyond the band is a movement: the window restarts at that value.
 */
export class FlatLineTracker {
  private min = Number.NaN;
  private max = Number.NaN;
  private flatSinceMs: number | undefined;
  /** The last real movement; a first value is no movement (a flat area whose sensors report at different instants must not look alive). */
  private movedAtMs: number | undefined;

  constructor(readonly noiseBand: number) {}

  observe(value: number, nowMs: number): void {
    if (this.flatSinceMs === undefined) return this.restart(value, nowMs);
    const min = Math.min(this.min, value);
    const max = Math.max(this.max, value);
    if (max - min > this.noiseBand) {
      this.movedAtMs = nowMs;
      return this.restart(value, nowMs);
    }
    this.min = min;
    this.max = max;
  }

  /** How long the reading has stayed inside its band; 0 before the first value. */
  flatForMs(nowMs: number): number {
    return this.flatSinceMs === undefined ? 0 : Math.max(0, nowMs - this.flatSinceMs);
  }

  /** Whether it moved beyond its band within the last withinMs. */
  movedWithin(nowMs: number, withinMs: number): boolean {
    return this.movedAtMs !== undefined && nowMs - this.movedAtMs < withinMs;
  }

  private restart(value: number, nowMs: number): void {
    this.min = value;
    this.max = value;
    this.flatSinceMs = nowMs;
  }
}

/** The median (robust to one or more wild partners, unlike the mean); undefined for no values. */
export function medianOf(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Neighbour groups for the flat-line rule: the sensors of one kind in one area (or anywhere on the
 * site for `siteWideKinds`), for kinds whose flat-line time is set. A sensor without an area is its
 * own group of one; in a group of one nobody can move beside it, so it is never judged stuck.
 */
export function resolveFlatLineGroups(scene: Pick<Scene, 'sensors'>, config: AlarmConfig): number[][] {
  const { timeMs, siteWideKinds } = config.dataQuality.flatLine;
  const siteWide = new Set<SensorKind>(siteWideKinds);
  const groups = new Map<string, number[]>();
  scene.sensors.forEach((sensor, index) => {
    if (timeMs[sensor.kind] === null) return;
    const place = siteWide.has(sensor.kind) ? '*site' : sensor.areaId === undefined ? `*sensor:${sensor.id}` : `area:${sensor.areaId}`;
    const key = `${sensor.kind}|${place}`;
    const group = groups.get(key);
    if (group) group.push(index);
    else groups.set(key, [index]);
  });
  return [...groups.values()];
}

/**
 * Redundant partners for the drift rule: within an area's voting group, the detectors measuring the
 * same thing (same unit and substance: a %LEL head and a ppm cell, or two ppm cells of different
 * gases, cannot be compared). Only groups with at least minPartners + 1 detectors can judge anyone.
 */
export function resolveDriftGroups(scene: Pick<Scene, 'sensors'>, votingGroups: readonly VotingGroup[], config: AlarmConfig): number[][] {
  const { enabled, minPartners } = config.dataQuality.drift;
  if (!enabled) return [];
  const groups: number[][] = [];
  for (const voting of votingGroups) {
    const byMeasurand = new Map<string, number[]>();
    for (const index of voting.detectorIndices) {
      const sensor = scene.sensors[index]!;
      const key = `${sensor.unit}|${sensor.substanceId ?? ''}`;
      const members = byMeasurand.get(key);
      if (members) members.push(index);
      else byMeasurand.set(key, [index]);
    }
    for (const members of byMeasurand.values()) if (members.length >= minPartners + 1) groups.push(members);
  }
  return groups;
}
