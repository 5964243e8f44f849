import {
  distanceBetweenPolygonsM,
  distanceToPolygonM,
  isPointInPolygon,
  PERMIT_WORKING_STATES,
  polygonCentroid,
  type Permit,
  type PermitRule,
  type Point2,
  type Polygon,
} from '../contracts/index.js';
import type { PermitsConfig } from './permitsConfig.js';

/** A gas detector's latest reading: combustibles in %LEL, oxygen in %vol, toxic gases in ppm. */
export type PermitDetectorReading = {
  sensorId: string;
  kind: 'combustible' | 'oxygen' | 'toxic';
  position: Point2;
  value: number;
  /** The detector's pre-warning limit in the reading's unit (the %LEL 预警 step); none: the rule skips it. */
  preWarning?: number;
  tsMs: number;
};
export type PermitBadgePosition = { badgeId: string; position: Point2; tsMs: number };
/** A camera analytics event on the ground (the detection's foot point, plant metres). */
export type PermitCameraEvent = { eventId: string; cameraId: string; kind: 'ppe' | 'harness'; position: Point2; atMs: number };

/** What the live rules look at, all at one moment. */
export type PermitWorld = {
  nowMs: number;
  detectors: readonly PermitDetectorReading[];
  /** The live leak cloud's LEL zone(s): where the modelled concentration reaches the LEL. */
  lelZones: readonly Polygon[];
  badges: readonly PermitBadgePosition[];
  cameraEvents: readonly PermitCameraEvent[];
  /**
   * When the badge positions began to be watched (the core's start). A badge not reported since then is
   * judged missing only once badgeStaleAfterMs has passed, as a reported badge is judged stale only after
   * it: a restart does not flash "watcher away" and a short head count before RTLS reports come in.
   */
  badgesSinceMs?: number;
};

/**
 * One permit rule's condition, in the shape of personnel's worker-safety conditions (AlarmEngine
 * setExternalCondition, add nowMs), with the permit as its source: alarm id `${permitNumber}:${rule}`.
 * Always located: where it was seen (the detector, badge or camera event), else the permit's anchor.
 */
export type PermitCondition = {
  sourceId: string;
  sourceKind: 'permit';
  condition: PermitRule;
  active: boolean;
  /** The rule stops the work: the register suspends the permit (suspendByRule) while it is active. */
  suspends: boolean;
  location: { x: number; y: number };
  value?: number;
  unit?: string;
  /** Why it is active, in English for logs and the journal (active conditions only). */
  reason?: string;
  /** The same by code, for screens and reports in their language. */
  reasonCode?: { code: PermitRule; params: Record<string, string | number> };
};

/** The rules every permit gets, and those of hot work and confined space besides (issue 17 item 2). */
const COMMON_RULES: readonly PermitRule[] = ['watcherAway', 'unlistedBadgeInZone', 'ppeEventInZone', 'outsideWorkWindow'];
const RULES_BY_TYPE: Partial<Record<Permit['type'], readonly PermitRule[]>> = {
  hotWork: ['combustibleGasNearby', 'lelZoneReachesPermit'],
  confinedSpace: ['gasTestOverdue', 'oxygenOutOfRange', 'entrantCountMismatch'],
};
/**
 * Rules that stop the work: gas near hot work and the LEL zone reaching it (issue 17), and oxygen out of
 * range in a confined space (GB 30871-2022 §6.5: gas beyond its limit stops the work, people leave).
 */
export const SUSPENDING_RULES: ReadonlySet<PermitRule> = new Set<PermitRule>(['combustibleGasNearby', 'lelZoneReachesPermit', 'oxygenOutOfRange']);

export function rulesFor(type: Permit['type']): readonly PermitRule[] {
  return [...(RULES_BY_TYPE[type] ?? []), ...COMMON_RULES];
}

/**
 * The live rules of every permit, as a full set: each rule of each permit's type, active or not, so the
 * caller passes them on without diffing (idempotent, like personnel's WorkerSafetyMonitor). Permits whose
 * work does not go on (anything but inWork and resumed: suspended, closed, not yet started) are not
 * checked: their conditions are all inactive, which clears their alarms. Pure: no clock, no state.
 */
export function evaluatePermitRules(permits: readonly Permit[], world: PermitWorld, config: PermitsConfig): PermitCondition[] {
  const badges = world.badges.filter((b) => world.nowMs - b.tsMs <= config.badgeStaleAfterMs && Number.isFinite(b.position[0]) && Number.isFinite(b.position[1]));
  const detectors = world.detectors.filter((d) => world.nowMs - d.tsMs <= config.readingStaleAfterMs && Number.isFinite(d.value));
  const events = world.cameraEvents.filter((e) => e.atMs <= world.nowMs && world.nowMs - e.atMs <= config.cameraEventHoldMs);
  const fresh: PermitWorld = { ...world, badges, detectors, cameraEvents: events };
  const out: PermitCondition[] = [];
  for (const permit of permits) {
    const zone = new PermitZone(permit);
    const working = PERMIT_WORKING_STATES.has(permit.state);
    for (const rule of rulesFor(permit.type)) {
      const inactive: PermitCondition = { sourceId: permit.number, sourceKind: 'permit', condition: rule, active: false, suspends: SUSPENDING_RULES.has(rule), location: zone.anchor };
      out.push(working ? (check(rule, permit, zone, fresh, config) ?? inactive) : inactive);
    }
  }
  return out;
}

/** Whether badges not yet seen may still report: the watch began less than badgeStaleAfterMs ago. */
function badgesStillReporting(world: PermitWorld, config: PermitsConfig): boolean {
  return world.badgesSinceMs !== undefined && world.nowMs - world.badgesSinceMs < config.badgeStaleAfterMs;
}

/** An active condition's particulars; undefined when the rule holds. */
type Finding = { location: Point2; reason: string; params: Record<string, string | number>; value?: number; unit?: string };

function check(rule: PermitRule, permit: Permit, zone: PermitZone, world: PermitWorld, config: PermitsConfig): PermitCondition | undefined {
  const finding = FINDERS[rule](permit, zone, world, config);
  if (!finding) return undefined;
  const [x, y] = finding.location;
  return {
    sourceId: permit.number,
    sourceKind: 'permit',
    condition: rule,
    active: true,
    suspends: SUSPENDING_RULES.has(rule),
    location: { x, y },
    ...(finding.value !== undefined && { value: finding.value }),
    ...(finding.unit !== undefined && { unit: finding.unit }),
    reason: `permit ${permit.number}: ${finding.reason}`,
    reasonCode: { code: rule, params: { permit: permit.number, ...finding.params } },
  };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

const FINDERS: Record<PermitRule, (permit: Permit, zone: PermitZone, world: PermitWorld, config: PermitsConfig) => Finding | undefined> = {
  combustibleGasNearby(_permit, zone, world, config) {
    // The highest reading among detectors within the radius that are at or above their pre-warning
    // (at the limit counts, as the alarm engine's threshold does).
    let worst: PermitDetectorReading | undefined;
    for (const d of world.detectors) {
      if (d.kind !== 'combustible' || d.preWarning === undefined || d.value < d.preWarning) continue;
      if (zone.distanceToWorkM(d.position) > config.hotWorkDetectorRadiusM) continue;
      if (!worst || d.value > worst.value) worst = d;
    }
    if (!worst) return undefined;
    const distanceM = round1(zone.distanceToWorkM(worst.position));
    return {
      location: worst.position,
      value: worst.value,
      unit: '%LEL',
      reason: `detector ${worst.sensorId} ${distanceM} m from the hot work reads ${worst.value} %LEL (pre-warning ${worst.preWarning})`,
      params: { sensorId: worst.sensorId, distanceM, valueLelPct: worst.value, preWarningLelPct: worst.preWarning! },
    };
  },
  lelZoneReachesPermit(_permit, zone, world) {
    const reaching = world.lelZones.find((lel) => zone.reachedBy(lel));
    if (!reaching) return undefined;
    return { location: zone.anchorPoint, reason: 'the leak cloud\'s LEL zone reaches the work zone', params: {} };
  },
  gasTestOverdue(permit, zone, world, config): Finding | undefined {
    const last = permit.gasTests.at(-1);
    const ageMs = last === undefined ? undefined : world.nowMs - last.takenAtMs;
    // Exactly at the limit is still in time.
    if (ageMs !== undefined && ageMs <= config.confinedSpaceGasTestMaxAgeMs) return undefined;
    const limitMin = config.confinedSpaceGasTestMaxAgeMs / 60_000;
    if (ageMs === undefined) return { location: zone.anchorPoint, reason: 'no gas test recorded', params: { limitMin } };
    const ageMin = Math.floor(ageMs / 60_000);
    return { location: zone.anchorPoint, value: ageMin, unit: 'min', reason: `the last gas test is ${ageMin} min old (limit ${limitMin} min)`, params: { ageMin, limitMin } };
  },
  oxygenOutOfRange(permit, zone, world, config) {
    const outside = (pct: number) => pct < config.oxygenMinPct || pct > config.oxygenMaxPct;
    const limits = { minPct: config.oxygenMinPct, maxPct: config.oxygenMaxPct };
    // A portable or fixed O2 monitor in the space (§6.5's continuous monitoring) first: it is the latest word.
    const monitor = world.detectors.find((d) => d.kind === 'oxygen' && zone.contains(d.position) && outside(d.value));
    if (monitor) return { location: monitor.position, value: monitor.value, unit: '%vol', reason: `O2 monitor ${monitor.sensorId} reads ${monitor.value} %vol`, params: { source: monitor.sensorId, oxygenPct: monitor.value, ...limits } };
    const test = permit.gasTests.findLast((t) => t.oxygenPct !== undefined);
    if (test && outside(test.oxygenPct!)) return { location: zone.anchorPoint, value: test.oxygenPct!, unit: '%vol', reason: `the last gas test reads O2 ${test.oxygenPct} %vol`, params: { source: 'gasTest', oxygenPct: test.oxygenPct!, ...limits } };
    return undefined;
  },
  entrantCountMismatch(permit, zone, world, config) {
    // The watcher stays outside (§6.8 a); everyone else inside the space's zone is counted.
    const inside = world.badges.filter((b) => b.badgeId !== permit.watcher.badgeId && zone.contains(b.position)).length;
    const listed = permit.entrantBadgeIds.length;
    if (inside === listed || (inside < listed && badgesStillReporting(world, config))) return undefined;
    return { location: zone.anchorPoint, value: inside, reason: `${inside} badges inside, ${listed} on the permit`, params: { inside, listed } };
  },
  watcherAway(permit, zone, world, config): Finding | undefined {
    const badge = world.badges.find((b) => b.badgeId === permit.watcher.badgeId);
    const limitM = config.watcherMaxDistanceM;
    if (!badge && badgesStillReporting(world, config)) return undefined;
    if (!badge) return { location: zone.anchorPoint, reason: `the watcher's badge ${permit.watcher.badgeId} is not located`, params: { badgeId: permit.watcher.badgeId, limitM } };
    const distanceM = zone.distanceToWorkM(badge.position);
    if (distanceM <= limitM) return undefined;
    return { location: badge.position, value: round1(distanceM), unit: 'm', reason: `the watcher is ${round1(distanceM)} m from the work (limit ${limitM} m)`, params: { badgeId: badge.badgeId, distanceM: round1(distanceM), limitM } };
  },
  unlistedBadgeInZone(permit, zone, world) {
    const listed = new Set([...permit.entrantBadgeIds, permit.watcher.badgeId]);
    const strangers = world.badges.filter((b) => !listed.has(b.badgeId) && zone.contains(b.position)).sort((a, b) => a.badgeId.localeCompare(b.badgeId));
    const first = strangers[0];
    if (!first) return undefined;
    return { location: first.position, value: strangers.length, reason: `${strangers.length} badge(s) not on the permit in the zone: ${strangers.map((b) => b.badgeId).join(', ')}`, params: { count: strangers.length, badgeId: first.badgeId } };
  },
  ppeEventInZone(_permit, zone, world) {
    const event = world.cameraEvents.filter((e) => zone.contains(e.position)).sort((a, b) => b.atMs - a.atMs)[0];
    if (!event) return undefined;
    return { location: event.position, reason: `camera ${event.cameraId} saw a ${event.kind} violation in the zone`, params: { kind: event.kind, cameraId: event.cameraId, eventId: event.eventId } };
  },
  outsideWorkWindow(permit, zone, world) {
    const { startMs, endMs } = permit.window;
    if (world.nowMs >= startMs && world.nowMs < endMs) return undefined;
    const early = world.nowMs < startMs;
    const byMin = Math.ceil((early ? startMs - world.nowMs : world.nowMs - endMs) / 60_000);
    return { location: zone.anchorPoint, value: byMin, unit: 'min', reason: early ? `work began ${byMin} min before the window` : `work goes on ${byMin} min after the window ended`, params: { side: early ? 'before' : 'after', byMin } };
  },
};

/**
 * A permit's place: the work (a point, or the whole polygon) and its zone (the point's cordon radius, or
 * the polygon). Distances to a polygon are to its edge, 0 inside. The contractor checks ask it too.
 */
export class PermitZone {
  readonly anchorPoint: Point2;
  readonly anchor: { x: number; y: number };
  constructor(private readonly permit: Permit) {
    const location = permit.location;
    this.anchorPoint = location.kind === 'point' ? location.point : polygonCentroid(location.polygon);
    this.anchor = { x: this.anchorPoint[0], y: this.anchorPoint[1] };
  }

  /** From a point to the work: the hot-work point itself, or the polygon's edge. */
  distanceToWorkM(point: Point2): number {
    const location = this.permit.location;
    return location.kind === 'point' ? Math.hypot(point[0] - location.point[0], point[1] - location.point[1]) : distanceToPolygonM(point, location.polygon);
  }

  /** Inside the zone: within the cordon radius (at it counts), or in the polygon. */
  contains(point: Point2): boolean {
    const location = this.permit.location;
    return location.kind === 'point' ? this.distanceToWorkM(point) <= location.zoneRadiusM : isPointInPolygon(point, location.polygon);
  }

  /** A polygon (the LEL zone) reaches the zone: touches the cordon circle, or overlaps or touches the polygon. */
  reachedBy(polygon: Polygon): boolean {
    const location = this.permit.location;
    return location.kind === 'point' ? distanceToPolygonM(location.point, polygon) <= location.zoneRadiusM : distanceBetweenPolygonsM(location.polygon, polygon) === 0;
  }
}
