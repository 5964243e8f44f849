import { isPointInPolygon, polygonCentroid, type Area, type Permit, type Point2, type Scene } from '../contracts/index.js';
import { Rng } from './random.js';
import { RoadNetwork } from './RoadNetwork.js';
import { SitePlaces, type SpotRules } from './SitePlaces.js';
import { assignHome, nextActivity, reachableSpot, type ActivityKind, type WorkerProfile } from './workerActivities.js';
import { localDayIndex, localHour, presenceWindowAt, type PresenceWindow } from './workShifts.js';

/**
 * People on site, badge by badge: they enter through a gate when their shift starts, walk the roads
 * to their work, shift around while working, take breaks, and leave through a gate at the end.
 * Positions are what an RTLS badge would report (no positioning error is added).
 *
 * Walking speed 1.2–1.4 m/s, drawn per person: comfortable gait speeds of working-age adults
 * (Bohannon 1997, Age and Ageing 26:15, 1.27–1.46 m/s for ages 20–59).
 */
const WALKING_SPEED_MIN_MPS = 1.2;
const WALKING_SPEED_MAX_MPS = 1.4;
/** Shorter trips than this go straight rather than by road. */
const DIRECT_WALK_MAX_M = 40;

export type WorkerOverride = { kind: 'manDown' } | { kind: 'restrictedEntry'; area: Area } | { kind: 'evacuate'; musterPointId: string; departMs: number };

/**
 * Pre-movement time on an evacuation alarm, drawn per person: 30–120 s for awake, alert occupants
 * familiar with the site and trained (BS PD 7974-6:2019, table C.1, category A, "M1" alarm system;
 * the 1st–99th percentile span of its log-normal is roughly 30 s to 2 min).
 */
const EVACUATION_PREMOVEMENT_MIN_S = 30;
const EVACUATION_PREMOVEMENT_MAX_S = 120;
/** People walk briskly, not at their everyday pace, on an evacuation alarm (Weidmann 1993: free speed 1.34 m/s mean). */
const EVACUATION_SPEED_FACTOR = 1.1;

/**
 * A special-operation permit whose work goes on (main/permits: in work or resumed), as the simulator needs
 * it: where, when, who works and who watches. While its window is open its workers work in its zone and
 * its watcher stands by (GB 30871-2022 §4.10: the watcher stays at the job), on shift or not.
 */
export type PermitWorkSite = Pick<Permit, 'number' | 'location' | 'window' | 'entrantBadgeIds' | 'watcher'>;
type PermitPost = { site: PermitWorkSite; role: 'entrant' | 'watcher' };

/** Where a worker stands at a point permit's work: within 2 m of the point (a welder at the joint, a rigger at the load), well inside a cordon. */
const PERMIT_WORK_RADIUS_M = 2;
/** A watcher stands this far from the work: near enough to see and call (the live rule's limit is 10 m), out of the worker's way. */
const WATCHER_MIN_M = 1.5;
const WATCHER_MAX_M = 3;
const WATCHER_FROM_POINT_M = 6;

/**
 * An inspection round a person walks (巡检, issue 18 item 4): the checkpoints in walking order. The caller
 * keeps the same `id` while it wants the walk; a new id is a new walk.
 */
export type InspectionWalk = { id: string; badgeId: string; checkpoints: readonly Point2[] };
/** Where a walk stands: not begun (the person is off shift or has not come on site), on the way to or checking at checkpoint `checkpointIndex`, or done. */
export type InspectionWalkProgress = { id: string; badgeId: string; state: 'waiting' | 'walking' | 'checking' | 'done'; checkpointIndex: number };
type WalkState = { id: string; checkpoints: Point2[]; next: number; started: boolean };

/** An inspector stands within this of a checkpoint's point, well inside the 5 m a badge check-in allows (main/hazards verifyCheckIn). */
const CHECKPOINT_STAND_RADIUS_M = 1.5;
/**
 * Time at a checkpoint: reading the gauges, looking at and smelling seals and flanges, noting the results on the
 * handset — 2–3 min for the demo plans' two to four items (an assumption, like the other activities' times).
 */
const CHECKPOINT_DWELL_MIN_MS = 2 * 60_000;
const CHECKPOINT_DWELL_MAX_MS = 3 * 60_000;

type Worker = WorkerProfile & {
  speedMps: number;
  onSite: boolean;
  position: Point2;
  route: Point2[] | undefined;
  routeIndex: number;
  activity: { kind: ActivityKind | 'leaving' | 'restrictedEntry' | 'permitWork' | 'inspection'; anchor: Point2; rules: SpotRules; untilMs: number; shuffleRadiusM: number } | undefined;
  nextShuffleMs: number;
  presence: PresenceWindow | undefined;
  override: WorkerOverride | undefined;
  /** The permit this person works on or watches, if any. */
  post: PermitPost | undefined;
  /** The inspection round this person walks, if any. */
  walk: WalkState | undefined;
};

export type WorkerPositionSample = { badgeId: string; x: number; y: number; floor: number; tsMs: number };

export class WorkerSimulation {
  readonly places: SitePlaces;
  private readonly network: RoadNetwork;
  private readonly workers: Worker[] = [];

  constructor(
    scene: Scene,
    private readonly seed: number,
    startMs: number,
    private readonly utcOffsetMs: number,
  ) {
    this.places = new SitePlaces(scene);
    this.network = new RoadNetwork(scene.site.roads.map((r) => r.path));
    const roleCounts = new Map<string, number>();
    scene.personnel.forEach((person) => {
      const roleIndex = roleCounts.get(person.role) ?? 0;
      roleCounts.set(person.role, roleIndex + 1);
      const rng = new Rng(seed, `worker:${person.badgeId}`);
      const worker: Worker = {
        person,
        index: roleIndex,
        rng,
        cycle: 0,
        lunchDay: undefined,
        ...assignHome(person, roleIndex, this.places),
        speedMps: rng.range(WALKING_SPEED_MIN_MPS, WALKING_SPEED_MAX_MPS),
        onSite: false,
        position: this.places.entryPoints[0]!,
        route: undefined,
        routeIndex: 0,
        activity: undefined,
        nextShuffleMs: 0,
        presence: undefined,
        override: undefined,
        post: undefined,
        walk: undefined,
      };
      this.workers.push(worker);
      // Whoever is on shift when the simulation starts is already at work, part way through a task.
      const presence = presenceWindowAt(person, roleIndex, startMs, seed, utcOffsetMs);
      if (presence) {
        worker.onSite = true;
        worker.presence = presence;
        worker.cycle = rng.integer(8);
        this.planNext(worker, startMs);
        worker.position = worker.activity!.anchor;
        worker.route = undefined;
        worker.activity!.untilMs = startMs + rng.uniform() * (worker.activity!.untilMs - startMs);
      }
    });
  }

  /** The gate people use: the entry point nearest the office (the pedestrian gate is by the admin block). */
  private entryPoint(): Point2 {
    const office = this.places.office ?? this.places.controlRoom;
    const points = this.places.entryPoints;
    if (!office) return points[0]!;
    const d = (p: Point2) => Math.hypot(p[0] - office.position.x, p[1] - office.position.y);
    return points.reduce((best, p) => (d(p) < d(best) ? p : best));
  }

  private routeTo(worker: Worker, target: Point2, rules: SpotRules = {}): void {
    const near = Math.hypot(target[0] - worker.position[0], target[1] - worker.position[1]) <= DIRECT_WALK_MAX_M;
    const direct = near && this.places.isLegClear(worker.position, target, rules);
    worker.route = direct ? [worker.position, target] : this.network.route(worker.position, target, (a, b) => this.places.isLegClear(a, b, rules));
    worker.routeIndex = 0;
  }

  private planNext(worker: Worker, tMs: number): void {
    const plan = nextActivity(worker, {
      places: this.places,
      network: this.network,
      seed: this.seed,
      localHour: localHour(tMs, this.utcOffsetMs),
      localDay: localDayIndex(tMs, this.utcOffsetMs),
    });
    worker.activity = { kind: plan.kind, anchor: plan.anchor, rules: plan.rules, untilMs: tMs + plan.dwellMs, shuffleRadiusM: plan.shuffleRadiusM };
    this.routeTo(worker, plan.anchor, plan.rules);
  }

  /** Advance everyone by dtS seconds ending at tMs. */
  advance(tMs: number, dtS: number): void {
    for (const worker of this.workers) this.advanceWorker(worker, tMs, dtS);
  }

  private advanceWorker(worker: Worker, tMs: number, dtS: number): void {
    if (worker.override?.kind === 'manDown') return; // motionless: that is the point
    if (worker.override?.kind === 'evacuate') {
      if (tMs >= worker.override.departMs && worker.route) this.walk(worker, worker.speedMps * EVACUATION_SPEED_FACTOR * dtS);
      return;
    }
    // A scenario (restricted entry) outranks the permit: people do stray from their work.
    if (!worker.override && worker.post && this.atPermitWork(worker, worker.post, tMs, dtS)) return;
    if (!worker.onSite) {
      const presence = presenceWindowAt(worker.person, worker.index, tMs, this.seed, this.utcOffsetMs);
      if (!presence) return;
      worker.onSite = true;
      worker.presence = presence;
      worker.cycle = 0;
      worker.position = this.entryPoint();
      this.planNext(worker, tMs);
      return;
    }
    // A round outranks the day's own work; once begun it is finished before going home (a walk across the shift change).
    if (!worker.override && worker.walk && this.onInspectionWalk(worker, worker.walk, tMs, dtS)) return;
    const shiftOver = !worker.presence || tMs >= worker.presence.departureMs;
    if (shiftOver && !worker.override && worker.activity?.kind !== 'leaving') {
      const gate = this.entryPoint();
      worker.activity = { kind: 'leaving', anchor: gate, rules: {}, untilMs: Infinity, shuffleRadiusM: 0 };
      this.routeTo(worker, gate);
    }
    if (worker.route) {
      this.walk(worker, worker.speedMps * dtS);
      if (worker.route) return;
      if (worker.activity?.kind === 'leaving') {
        worker.onSite = false;
        worker.activity = undefined;
        worker.presence = undefined;
        return;
      }
      worker.nextShuffleMs = tMs + worker.rng.range(20_000, 60_000);
      return;
    }
    const activity = worker.activity;
    if (!activity || tMs >= activity.untilMs) {
      this.planNext(worker, tMs);
      return;
    }
    if (activity.shuffleRadiusM > 0 && tMs >= worker.nextShuffleMs) {
      const target = this.places.spotNear(activity.anchor, activity.shuffleRadiusM, worker.rng, activity.rules);
      worker.route = [worker.position, target];
      worker.routeIndex = 0;
      worker.nextShuffleMs = Infinity;
    }
  }

  /**
   * The permits whose work goes on now (replacing the last list): their workers and watchers go to the work
   * while the window is open. A badge on two permits goes to the one first by number; unknown badges are ignored.
   * `placeNow`: people not yet at their permit's work are put there at once (the work went on before the
   * simulation started, as people on shift start at work); otherwise they walk there.
   */
  setPermitWork(sites: readonly PermitWorkSite[], tMs: number, placeNow = false): void {
    const posts = new Map<string, PermitPost>();
    for (const site of [...sites].sort((a, b) => a.number.localeCompare(b.number))) {
      for (const badgeId of site.entrantBadgeIds) if (!posts.has(badgeId)) posts.set(badgeId, { site, role: 'entrant' });
      if (!posts.has(site.watcher.badgeId)) posts.set(site.watcher.badgeId, { site, role: 'watcher' });
    }
    for (const worker of this.workers) {
      const post = posts.get(worker.person.badgeId);
      const same = post?.site.number === worker.post?.site.number && post?.role === worker.post?.role;
      if (same) {
        worker.post = post;
        continue;
      }
      const called = worker.post !== undefined && post === undefined && worker.onSite;
      worker.post = post;
      // Off the permit (stopped, closed) or onto another: back to the day's work from where they are.
      if (worker.activity?.kind === 'permitWork') {
        worker.activity = undefined;
        worker.route = undefined;
      }
      // Called in for the job and it stopped: off shift, they go home; on shift, their own day goes on.
      if (called) worker.presence = presenceWindowAt(worker.person, worker.index, tMs, this.seed, this.utcOffsetMs) ?? { arrivalMs: worker.presence?.arrivalMs ?? tMs, departureMs: tMs };
    }
    if (!placeNow) return;
    for (const worker of this.workers) {
      if (worker.override || !worker.post || !this.atPermitWork(worker, worker.post, tMs, 0)) continue;
      worker.position = worker.activity!.anchor;
      worker.route = undefined;
    }
  }

  /**
   * The inspection rounds to walk now (replacing the last list): each person walks to their round's checkpoints in
   * order, by road at their own pace, stands at each for 2–3 min, and then goes back to their day. A walk dropped
   * from the list is called off where the person is. A walk begins only while its person is on shift (it waits for
   * them otherwise); a permit's work and a scenario outrank it, and it goes on after them. A badge with two walks
   * walks the first by id; unknown badges are ignored.
   */
  setInspectionWalks(walks: readonly InspectionWalk[]): void {
    const byBadge = new Map<string, InspectionWalk>();
    for (const walk of [...walks].sort((a, b) => a.id.localeCompare(b.id))) if (!byBadge.has(walk.badgeId)) byBadge.set(walk.badgeId, walk);
    for (const worker of this.workers) {
      const walk = byBadge.get(worker.person.badgeId);
      if (walk !== undefined && walk.id === worker.walk?.id) continue;
      if (worker.activity?.kind === 'inspection') {
        worker.activity = undefined;
        worker.route = undefined;
      }
      worker.walk = walk && walk.checkpoints.length > 0 ? { id: walk.id, checkpoints: walk.checkpoints.map((p) => [p[0], p[1]]), next: 0, started: false } : undefined;
    }
  }

  /** The walks set, with where each stands (tests, status lines). */
  inspectionWalks(): InspectionWalkProgress[] {
    return this.workers.flatMap((w) => {
      if (!w.walk) return [];
      const { id, next, started, checkpoints } = w.walk;
      const onWalk = w.activity?.kind === 'inspection';
      const state = next >= checkpoints.length ? 'done' : !started ? 'waiting' : onWalk && !w.route ? 'checking' : 'walking';
      return [{ id, badgeId: w.person.badgeId, state, checkpointIndex: Math.min(next, checkpoints.length - 1) }];
    });
  }

  /** One step of an inspection walk; false when there is nothing to walk now (not begun off shift, or done). */
  private onInspectionWalk(worker: Worker, walk: WalkState, tMs: number, dtS: number): boolean {
    if (walk.next >= walk.checkpoints.length) return false;
    if (!walk.started) {
      if (!worker.presence || tMs >= worker.presence.departureMs) return false;
      walk.started = true;
    }
    if (worker.activity?.kind !== 'inspection') {
      const point = walk.checkpoints[walk.next]!;
      // A checkpoint inside a restricted area is walked into: the inspector is there to look at it.
      const rules: SpotRules = { insideArea: this.places.noEntryAreaAt(point) };
      const anchor = this.places.spotNear(point, CHECKPOINT_STAND_RADIUS_M, worker.rng, rules);
      worker.activity = { kind: 'inspection', anchor, rules, untilMs: Infinity, shuffleRadiusM: 0 };
      this.routeTo(worker, anchor, rules);
    }
    if (worker.route) {
      this.walk(worker, worker.speedMps * dtS);
      if (!worker.route) worker.activity.untilMs = tMs + worker.rng.range(CHECKPOINT_DWELL_MIN_MS, CHECKPOINT_DWELL_MAX_MS);
      return true;
    }
    if (tMs < worker.activity.untilMs) return true;
    walk.next++;
    worker.activity = undefined;
    return walk.next < walk.checkpoints.length;
  }

  /** Badges at a permit's work now, by permit number (tests, status lines). */
  permitWorkers(): Map<string, string[]> {
    const byPermit = new Map<string, string[]>();
    for (const w of this.workers) {
      if (w.onSite && w.activity?.kind === 'permitWork' && w.post) byPermit.set(w.post.site.number, [...(byPermit.get(w.post.site.number) ?? []), w.person.badgeId]);
    }
    return byPermit;
  }

  /** One step of a permit's work; false outside its window (the worker's own day goes on). */
  private atPermitWork(worker: Worker, post: PermitPost, tMs: number, dtS: number): boolean {
    const { window } = post.site;
    if (tMs < window.startMs || tMs >= window.endMs) {
      if (worker.activity?.kind === 'permitWork') worker.activity = undefined;
      return false;
    }
    if (!worker.onSite) {
      // Called in for the job: through the gate like everyone else.
      worker.onSite = true;
      worker.cycle = 0;
      worker.position = this.entryPoint();
      worker.route = undefined;
    }
    // The day ends no earlier than the permit's window: a job is finished (or handed over) before going home.
    worker.presence = { arrivalMs: worker.presence?.arrivalMs ?? tMs, departureMs: Math.max(worker.presence?.departureMs ?? tMs, window.endMs) };
    if (worker.activity?.kind !== 'permitWork') {
      const place = this.permitPlace(post, worker.rng);
      worker.activity = { kind: 'permitWork', ...place, untilMs: window.endMs };
      this.routeTo(worker, place.anchor, place.rules);
    }
    if (worker.route) {
      this.walk(worker, worker.speedMps * dtS);
      if (!worker.route) worker.nextShuffleMs = tMs + worker.rng.range(20_000, 60_000);
      return true;
    }
    const activity = worker.activity;
    if (activity.shuffleRadiusM > 0 && tMs >= worker.nextShuffleMs) {
      const target = this.places.spotNear(activity.anchor, activity.shuffleRadiusM, worker.rng, activity.rules);
      // Workers keep inside the permit's zone, the watcher outside a confined space.
      const location = post.site.location;
      const inside = location.kind === 'point' || isPointInPolygon(target, location.polygon);
      if (inside === (post.role === 'entrant' || location.kind === 'point')) {
        worker.route = [worker.position, target];
        worker.routeIndex = 0;
      }
      worker.nextShuffleMs = tMs + worker.rng.range(20_000, 60_000);
    }
    return true;
  }

  /** Where a permit's worker works (inside its zone, let into the no-entry area it lies in) or its watcher stands. */
  private permitPlace(post: PermitPost, rng: Rng): { anchor: Point2; rules: SpotRules; shuffleRadiusM: number } {
    const location = post.site.location;
    if (location.kind === 'point') {
      const rules: SpotRules = { insideArea: this.places.noEntryAreaAt(location.point) };
      if (post.role === 'entrant') {
        const radiusM = Math.min(PERMIT_WORK_RADIUS_M, location.zoneRadiusM / 2);
        return { anchor: this.places.spotNear(location.point, radiusM, rng, rules), rules, shuffleRadiusM: Math.min(1, location.zoneRadiusM / 4) };
      }
      const distanceM = Math.min(location.zoneRadiusM + WATCHER_MIN_M, WATCHER_FROM_POINT_M);
      for (let i = 0; i < 20; i++) {
        const angle = 2 * Math.PI * rng.uniform();
        const spot: Point2 = [location.point[0] + distanceM * Math.cos(angle), location.point[1] + distanceM * Math.sin(angle)];
        if (this.places.isStandable(spot)) return { anchor: spot, rules: {}, shuffleRadiusM: 0.5 };
      }
      return { anchor: this.places.spotNear(location.point, distanceM, rng, {}), rules: {}, shuffleRadiusM: 0 };
    }
    const rules: SpotRules = { insideArea: this.places.noEntryAreaAt(polygonCentroid(location.polygon)) };
    if (post.role === 'entrant') return { anchor: this.places.spotInPolygon(location.polygon, rng, rules), rules, shuffleRadiusM: 1.5 };
    return { anchor: this.places.spotOutside(location.polygon, WATCHER_MIN_M, WATCHER_MAX_M, rng), rules: {}, shuffleRadiusM: 0.5 };
  }

  /** Move along the route by distanceM; clears the route on arrival. */
  private walk(worker: Worker, distanceM: number): void {
    const route = worker.route!;
    let remaining = distanceM;
    while (remaining > 0 && worker.routeIndex < route.length - 1) {
      const next = route[worker.routeIndex + 1]!;
      const dx = next[0] - worker.position[0];
      const dy = next[1] - worker.position[1];
      const toNext = Math.hypot(dx, dy);
      if (toNext <= remaining) {
        worker.position = next;
        worker.routeIndex++;
        remaining -= toNext;
      } else {
        worker.position = [worker.position[0] + (dx / toNext) * remaining, worker.position[1] + (dy / toNext) * remaining];
        remaining = 0;
      }
    }
    if (worker.routeIndex >= route.length - 1) worker.route = undefined;
  }

  /** Positions of everyone on site. */
  positions(tsMs: number): WorkerPositionSample[] {
    return this.workers
      .filter((w) => w.onSite)
      .map((w) => ({ badgeId: w.person.badgeId, x: round2(w.position[0]), y: round2(w.position[1]), floor: 0, tsMs }));
  }

  isOnSite(badgeId: string): boolean {
    return this.find(badgeId)?.onSite ?? false;
  }

  hasBadge(badgeId: string): boolean {
    return this.find(badgeId) !== undefined;
  }

  private find(badgeId: string): Worker | undefined {
    return this.workers.find((w) => w.person.badgeId === badgeId);
  }

  /** Badges on site that the restrictedEntry scenario sent into an area, with that area. */
  restrictedEntries(): { badgeId: string; area: Area }[] {
    return this.workers.flatMap((w) => (w.onSite && w.override?.kind === 'restrictedEntry' ? [{ badgeId: w.person.badgeId, area: w.override.area }] : []));
  }

  /** On-site badge holders free for a scenario, in scene order. */
  availableBadges(): string[] {
    return this.workers.filter((w) => w.onSite && !w.override).map((w) => w.person.badgeId);
  }

  /** The available on-site person nearest an area (who would plausibly stray into it). */
  nearestAvailableTo(area: Area): string | undefined {
    const [cx, cy] = polygonCentroid(area.polygon);
    const candidates = this.workers.filter((w) => w.onSite && !w.override);
    if (candidates.length === 0) return undefined;
    const d = (w: Worker) => Math.hypot(w.position[0] - cx, w.position[1] - cy);
    return candidates.reduce((best, w) => (d(w) < d(best) ? w : best)).person.badgeId;
  }

  /** Start a scenario for a person on site: they collapse where they are, or walk into an area and stay. */
  applyOverride(badgeId: string, override: Exclude<WorkerOverride, { kind: 'evacuate' }>, tMs: number): void {
    const worker = this.find(badgeId);
    if (!worker?.onSite) throw new Error(`badge ${badgeId} is not on site`);
    worker.override = override;
    if (override.kind === 'manDown') {
      worker.route = undefined;
      return;
    }
    const rules: SpotRules = { insideArea: override.area };
    const anchor = reachableSpot(override.area, this.places, this.network, worker.rng, rules);
    worker.activity = { kind: 'restrictedEntry', anchor, rules, untilMs: Infinity, shuffleRadiusM: 2 };
    worker.route = this.network.route(worker.position, anchor, (a, b) => this.places.isLegClear(a, b, rules));
    worker.routeIndex = 0;
    worker.nextShuffleMs = tMs;
  }

  /**
   * Evacuation alarm: everyone on site who can walk heads for the nearest muster point (by road) after
   * their own pre-movement time, and stays there. Returns how many were sent to each point.
   */
  evacuate(musterPoints: readonly { id: string; position: Point2 }[], tMs: number): Map<string, number> {
    const sent = new Map<string, number>();
    if (musterPoints.length === 0) return sent;
    for (const worker of this.workers) {
      if (!worker.onSite || worker.override?.kind === 'manDown') continue;
      const nearest = musterPoints.reduce((best, m) => (this.routeLengthM(worker, m.position) < this.routeLengthM(worker, best.position) ? m : best));
      const premovementS = worker.rng.range(EVACUATION_PREMOVEMENT_MIN_S, EVACUATION_PREMOVEMENT_MAX_S);
      worker.override = { kind: 'evacuate', musterPointId: nearest.id, departMs: tMs + premovementS * 1000 };
      worker.activity = undefined;
      this.routeTo(worker, nearest.position);
      sent.set(nearest.id, (sent.get(nearest.id) ?? 0) + 1);
    }
    return sent;
  }

  private routeLengthM(worker: Worker, target: Point2): number {
    const route = this.network.route(worker.position, target, (a, b) => this.places.isLegClear(a, b, {}));
    let lengthM = 0;
    for (let i = 1; i < route.length; i++) lengthM += Math.hypot(route[i]![0] - route[i - 1]![0], route[i]![1] - route[i - 1]![1]);
    return lengthM;
  }

  /** End every personal scenario; people pick up their normal day from where they are. */
  clearOverrides(): void {
    for (const worker of this.workers) {
      if (!worker.override) continue;
      worker.override = undefined;
      worker.activity = undefined;
      worker.route = undefined;
    }
  }

  overrideOf(badgeId: string): WorkerOverride | undefined {
    return this.find(badgeId)?.override;
  }
}

const round2 = (v: number) => Math.round(v * 100) / 100;
