import { isPointInPolygon, MUSTER_REGISTRATION_TOLERANCE_M, signedPolygonAreaM2, type AlarmReason, type Area, type Person, type Point2, type Scene, type WorkerPosition } from '../contracts/index.js';
import { singleLinkageClusterSizes } from './singleLinkage.js';
import type { WorkerSafetyConfig } from './workerSafetyConfig.js';

/**
 * One worker-safety condition, in the shape AlarmEngine.setExternalCondition takes (add nowMs).
 * Alarm ids: `${badgeId}:manDown`, `${badgeId}:restrictedEntry`, `${areaId}:gathering`.
 */
export type WorkerSafetyCondition = {
  sourceId: string;
  sourceKind: 'worker' | 'area';
  condition: 'manDown' | 'restrictedEntry' | 'gathering';
  areaId?: string;
  active: boolean;
  /** manDown (active only): seconds without moving; gathering: people in the largest group; none for restrictedEntry. */
  value?: number;
  /** manDown: "s" (the value's unit, shown beside it on every screen). */
  unit?: string;
  /** Why it is active, for the audit trail (only on active conditions). */
  reason?: string;
  /** The same by code, for screens and reports in their language. */
  reasonCode?: AlarmReason;
};
export type WorkerSafetyConditions = WorkerSafetyCondition[];

/** The one entry kept per badge: its latest position and where it last moved to. */
type BadgeState = {
  readonly badgeId: string;
  readonly role: Person['role'] | undefined;
  x: number;
  y: number;
  floor: number;
  tsMs: number;
  /** Where the badge was when it last moved more than manDownRadiusM (or changed floor), and when. */
  anchorX: number;
  anchorY: number;
  anchorFloor: number;
  anchorSinceMs: number;
};

type IndexedArea = { readonly area: Area; readonly sizeM2: number };

/**
 * Worker (RTLS) safety rules: man-down (静止报警), restricted-zone entry (闯入禁入区) and gathering
 * (人员聚集预警). A pure core like the alarm engine: no timers, no wall clock; positions come in
 * with update(), and evaluate(nowMs) gives the full current set of conditions, which the caller
 * passes to AlarmEngine.setExternalCondition (idempotent) without diffing.
 *
 * Rules:
 * - man-down: a badge on site whose position stayed within manDownRadiusM of where it stopped
 *   for manDownAfterS. Clears when it moves farther than the radius (or changes floor).
 * - restricted entry: a badge inside an area of restrictedAreaKinds whose role is not in
 *   restrictedAreaAuthorizedRoles[areaId]. Clears when it leaves. Badges not in the scene's
 *   personnel have no role and are never authorized.
 * - gathering: in each area of gatheringAreaKinds, the badges inside it grouped by single linkage
 *   at gatheringRadiusM; a group of at least gatheringMinPersons (per area if configured) that has
 *   existed continuously for gatheringAfterS. Persistence is judged at evaluate() calls and does
 *   not require the same people (the risk is the number exposed, not who).
 *
 * Positions older than staleAfterMs are ignored everywhere; a badge that goes stale is reported
 * inactive by the next evaluate() and then forgotten, so memory is one entry per badge seen within
 * staleAfterMs, plus one persistence timer per gathering area.
 *
 * Floors: areas are 2-D, so area membership, head counts and gathering ignore the floor (people
 * above each other on one structure are exposed together); man-down counts a floor change as movement.
 */
export class WorkerSafetyMonitor {
  /** Configuration entries that name no suitable area of the scene. */
  readonly configWarnings: readonly string[];
  private readonly badges = new Map<string, BadgeState>();
  private readonly roles = new Map<string, Person['role']>();
  private readonly areas: readonly IndexedArea[];
  private readonly restrictedAreas: readonly Area[];
  private readonly gatheringAreas: readonly Area[];
  /** Per gathering area: since when a qualifying group has existed without interruption. */
  private readonly gatheringSinceMs = new Map<string, number>();
  private readonly boundary: Scene['site']['boundary'];
  /** The latest nowMs seen, for headCount() and onSite() without an argument. */
  private clockMs: number;
  private readonly musterPoints: Scene['musterPoints'];
  /** A live evacuation is in progress: man-down is suppressed at muster points (setEvacuationActive). */
  private evacuating = false;

  constructor(
    scene: Scene,
    private readonly config: WorkerSafetyConfig,
    startMs: number,
  ) {
    this.clockMs = startMs;
    this.boundary = scene.site.boundary;
    this.musterPoints = scene.musterPoints;
    for (const person of scene.personnel) this.roles.set(person.badgeId, person.role);
    this.areas = scene.areas.map((area) => ({ area, sizeM2: Math.abs(signedPolygonAreaM2(area.polygon)) }));
    this.restrictedAreas = scene.areas.filter((a) => config.restrictedAreaKinds.includes(a.kind));
    this.gatheringAreas = scene.areas.filter((a) => config.gatheringAreaKinds.includes(a.kind));
    const warnings: string[] = [];
    for (const id of Object.keys(config.restrictedAreaAuthorizedRoles)) {
      if (!this.restrictedAreas.some((a) => a.id === id)) warnings.push(`restrictedAreaAuthorizedRoles names "${id}", which is not an area of kind ${config.restrictedAreaKinds.join('/')}`);
    }
    for (const id of Object.keys(config.gatheringMinPersonsByArea)) {
      if (!this.gatheringAreas.some((a) => a.id === id)) warnings.push(`gatheringMinPersonsByArea names "${id}", which is not an area of kind ${config.gatheringAreaKinds.join('/')}`);
    }
    this.configWarnings = warnings;
  }

  /**
   * One badge position. Ignored when it is not finite, already stale at nowMs, or older than the
   * badge's latest (out of order).
   */
  update(position: WorkerPosition, nowMs: number): void {
    this.advance(nowMs);
    const { badgeId, x, y, tsMs } = position;
    const floor = position.floor ?? 0;
    if (!Number.isFinite(x) || !Number.isFinite(y) || !Number.isFinite(tsMs) || this.isStale(tsMs, nowMs)) return;
    const badge = this.badges.get(badgeId);
    if (!badge) {
      this.badges.set(badgeId, { badgeId, role: this.roles.get(badgeId), x, y, floor, tsMs, anchorX: x, anchorY: y, anchorFloor: floor, anchorSinceMs: tsMs });
      return;
    }
    if (tsMs < badge.tsMs) return;
    // Back after a gap longer than the staleness limit: nothing is known about the time between.
    const resumed = tsMs - badge.tsMs > this.config.staleAfterMs;
    const moved = floor !== badge.anchorFloor || Math.hypot(x - badge.anchorX, y - badge.anchorY) > this.config.manDownRadiusM;
    if (resumed || moved) {
      badge.anchorX = x;
      badge.anchorY = y;
      badge.anchorFloor = floor;
      badge.anchorSinceMs = tsMs;
    }
    badge.x = x;
    badge.y = y;
    badge.floor = floor;
    badge.tsMs = tsMs;
  }

  /**
   * The full current set: manDown and restrictedEntry for every badge with a fresh position, both
   * inactive for a badge that went stale since the previous call (then forgotten), and gathering
   * for every gathering area.
   */
  evaluate(nowMs: number): WorkerSafetyConditions {
    this.advance(nowMs);
    const out: WorkerSafetyConditions = [];
    const fresh: BadgeState[] = [];
    for (const badge of this.badges.values()) {
      if (this.isStale(badge.tsMs, nowMs)) {
        out.push({ sourceId: badge.badgeId, sourceKind: 'worker', condition: 'manDown', active: false });
        out.push({ sourceId: badge.badgeId, sourceKind: 'worker', condition: 'restrictedEntry', active: false });
        this.badges.delete(badge.badgeId);
        continue;
      }
      fresh.push(badge);
      out.push(this.manDown(badge, nowMs), this.restrictedEntry(badge));
    }
    for (const area of this.gatheringAreas) out.push(this.gathering(area, fresh, nowMs));
    return out;
  }

  /**
   * State-based suppression (ISA-18.2 designed suppression, EEMUA 191 state-based
   * suppression): during a live evacuation people are told to stand still at their muster point,
   * so man-down is not evaluated for a badge inside a muster point (radius + MUSTER_REGISTRATION_TOLERANCE_M).
   * Its stillness timer restarts while it stands there, so standing down the evacuation does not
   * raise man-down for everyone at once: it counts from then. Man-down anywhere else is unchanged.
   */
  setEvacuationActive(active: boolean): void {
    this.evacuating = active;
  }

  /** Badges with a fresh position inside each area, for every area of the scene (0 when empty). */
  headCount(nowMs: number = this.clockMs): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const { area } of this.areas) counts[area.id] = 0;
    for (const badge of this.freshBadges(nowMs)) {
      const point: Point2 = [badge.x, badge.y];
      for (const { area } of this.areas) if (isPointInPolygon(point, area.polygon)) counts[area.id]! += 1;
    }
    return counts;
  }

  /** Badges with a fresh position inside the site boundary. */
  onSite(nowMs: number = this.clockMs): number {
    let count = 0;
    for (const badge of this.freshBadges(nowMs)) if (isPointInPolygon([badge.x, badge.y], this.boundary)) count++;
    return count;
  }

  private manDown(badge: BadgeState, nowMs: number): WorkerSafetyCondition {
    if (this.evacuating && this.atMusterPoint(badge)) badge.anchorSinceMs = Math.max(badge.anchorSinceMs, Math.min(nowMs, badge.tsMs));
    const stillS = Math.max(0, nowMs - badge.anchorSinceMs) / 1_000;
    const onSite = isPointInPolygon([badge.x, badge.y], this.boundary);
    const condition: WorkerSafetyCondition = { sourceId: badge.badgeId, sourceKind: 'worker', condition: 'manDown', active: onSite && stillS >= this.config.manDownAfterS, unit: 's' };
    const areaId = this.innermostAreaAt([badge.x, badge.y]);
    if (areaId !== undefined) condition.areaId = areaId;
    if (condition.active) {
      // The alarm keeps the value it was raised with: how long the badge had been still.
      condition.value = Math.floor(stillS);
      condition.reason = `no movement beyond ${this.config.manDownRadiusM} m for ${Math.floor(stillS)} s`;
      condition.reasonCode = { code: 'manDownStill', params: { radiusM: this.config.manDownRadiusM, stillS: Math.floor(stillS) } };
    }
    return condition;
  }

  private restrictedEntry(badge: BadgeState): WorkerSafetyCondition {
    const point: Point2 = [badge.x, badge.y];
    const area = this.restrictedAreas.find((a) => isPointInPolygon(point, a.polygon) && !this.isAuthorized(badge, a.id));
    if (!area) return { sourceId: badge.badgeId, sourceKind: 'worker', condition: 'restrictedEntry', active: false };
    const who = badge.role ?? 'unregistered badge';
    return {
      sourceId: badge.badgeId,
      sourceKind: 'worker',
      condition: 'restrictedEntry',
      areaId: area.id,
      active: true,
      reason: `${who} not authorized in ${area.kind} area ${area.id}`,
      reasonCode: { code: 'restrictedEntry', params: { role: badge.role ?? 'unregistered', areaId: area.id } },
    };
  }

  private gathering(area: Area, fresh: readonly BadgeState[], nowMs: number): WorkerSafetyCondition {
    const inside = fresh.filter((b) => isPointInPolygon([b.x, b.y], area.polygon));
    const largest = inside.length === 0 ? 0 : singleLinkageClusterSizes(inside, this.config.gatheringRadiusM)[0]!;
    const minPersons = this.config.gatheringMinPersonsByArea[area.id] ?? this.config.gatheringMinPersons;
    const condition: WorkerSafetyCondition = { sourceId: area.id, sourceKind: 'area', condition: 'gathering', areaId: area.id, active: false, value: largest };
    if (largest < minPersons) {
      this.gatheringSinceMs.delete(area.id);
      return condition;
    }
    const sinceMs = this.gatheringSinceMs.get(area.id) ?? nowMs;
    this.gatheringSinceMs.set(area.id, sinceMs);
    const forS = (nowMs - sinceMs) / 1_000;
    if (forS >= this.config.gatheringAfterS) {
      condition.active = true;
      condition.reason = `${largest} people within ${this.config.gatheringRadiusM} m of each other for ${Math.floor(forS)} s (limit ${minPersons})`;
      condition.reasonCode = { code: 'gathering', params: { persons: largest, radiusM: this.config.gatheringRadiusM, forS: Math.floor(forS), limit: minPersons } };
    }
    return condition;
  }

  private isAuthorized(badge: BadgeState, areaId: string): boolean {
    return badge.role !== undefined && (this.config.restrictedAreaAuthorizedRoles[areaId]?.includes(badge.role) ?? false);
  }

  private atMusterPoint(badge: BadgeState): boolean {
    return this.musterPoints.some((m) => Math.hypot(badge.x - m.position[0], badge.y - m.position[1]) <= m.radiusM + MUSTER_REGISTRATION_TOLERANCE_M);
  }

  /** The smallest area containing the point (areas nest: a hazardous zone inside a tank farm). */
  private innermostAreaAt(point: Point2): string | undefined {
    let best: IndexedArea | undefined;
    for (const entry of this.areas) if ((!best || entry.sizeM2 < best.sizeM2) && isPointInPolygon(point, entry.area.polygon)) best = entry;
    return best?.area.id;
  }

  private *freshBadges(nowMs: number): Generator<BadgeState> {
    for (const badge of this.badges.values()) if (!this.isStale(badge.tsMs, nowMs)) yield badge;
  }

  private isStale(tsMs: number, nowMs: number): boolean {
    return nowMs - tsMs > this.config.staleAfterMs;
  }

  private advance(nowMs: number): void {
    if (nowMs > this.clockMs) this.clockMs = nowMs;
  }
}
