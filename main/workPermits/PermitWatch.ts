import { areaAt, knownDetectionLabel, PERMIT_WORKING_STATES, type DispersionSnapshot, type Permit, type PermitRule, type Polygon, type Scene, type VisionEventView } from '../contracts/index.js';
import { firstRisingLimit, type AlarmConfig, type ExternalConditionInput } from '../alarms/index.js';
import type { CoreTopics, MessageBus } from '../bus/index.js';
import type { LiveHub } from '../live/index.js';
import { RateLimitedLog, type Logger } from '../log/index.js';
import { evaluatePermitRules, type PermitCameraEvent, type PermitCondition, type PermitDetectorReading, type PermitsConfig, type PermitWorld } from '../permits/index.js';
import type { ActivePermits } from './activePermits.js';

/** The rules run about once a second (as the live hub's time-driven alarm rules), and at once when a permit, a gas alarm, the leak picture or a camera event changes. */
const DEFAULT_TICK_MS = 1_000;
/**
 * Bounds on the work of one evaluation (no input may stop the core): permits checked, camera events held,
 * LEL outlines and their vertices kept. Beyond them the excess is counted and logged, never silently grown.
 */
export const MAX_WATCHED_PERMITS = 1_000;
export const MAX_HELD_CAMERA_EVENTS = 256;
export const MAX_LEL_RINGS = 64;
export const MAX_LEL_RING_VERTICES = 2_000;
/** Quality code of a bad sample in the tag table (ingest TagTable: 0 good, 1 uncertain, 2 bad, 255 never received). */
const BAD_QUALITY = 2;

/** What PermitWatch reads of the live plant and where its conditions go (LiveHub: the alarm engine, its transitions onto the bus). */
export type PermitWatchHub = Pick<LiveHub, 'tags' | 'workerPositions' | 'externalCondition'>;

export type PermitWatchOptions = {
  permits: ActivePermits;
  scene: Scene;
  hub: PermitWatchHub;
  bus: MessageBus<CoreTopics>;
  /** The alarm configuration the engine runs with: each detector's pre-warning is the engine's own first rising limit. */
  alarmConfig: AlarmConfig;
  config: PermitsConfig;
  logger: Logger;
  nowMs?: () => number;
  tickMs?: number;
};

/** A combustible or oxygen detector of the scene, resolved once: where it is and the limit the rule compares with. */
type WatchedDetector = { index: number; sensorId: string; kind: PermitDetectorReading['kind']; position: [number, number]; preWarning?: number };

/**
 * The live checks of special-operation permits in the running core (issue 17 item 2, docs/permits.md §7).
 * About once a second, and at once when a permit changes, a gas detector's alarm changes, the live leak
 * picture is recomputed or a camera reports a PPE event, it builds the world the pure rules look at (gas
 * detector readings with their pre-warning limits, badge positions, the leak cloud's LEL outlines, recent
 * camera PPE and harness events on the ground), evaluates every permit's rules, and sets each condition
 * on the alarm engine as an external condition (alarm `${permitNumber}:${rule}`, source kind 'permit',
 * located, its area, the permit's type and a coded reason): every screen shows it as any other ISA-18.2
 * alarm. When a suspending condition becomes active on a permit in work, it asks the register to suspend
 * the permit, once per activation. A permit that leaves the register's current list has its alarms
 * cleared. A rule or register error is counted and logged (rate-limited), never thrown into the core.
 */
export class PermitWatch {
  /** Evaluations run, rule errors (per permit), suspensions asked and refused or failed, inputs beyond the bounds. */
  readonly counts = { evaluations: 0, ruleErrors: 0, suspensionsRequested: 0, suspensionsFailed: 0, permitsBeyondBound: 0, cameraEventsDropped: 0, lelVerticesDropped: 0 };
  private readonly now: () => number;
  private readonly log: RateLimitedLog;
  private readonly detectors: readonly WatchedDetector[];
  private readonly detectorIds: ReadonlySet<string>;
  private lelZones: Polygon[] = [];
  /** Recent PPE and harness events by event id, oldest first (re-inserted when updated). */
  private readonly cameraEvents = new Map<string, PermitCameraEvent>();
  /** Rules active at the last evaluation, by permit number: what to clear when a permit leaves the list. */
  private readonly activeRules = new Map<string, { type: Permit['type']; rules: Set<PermitRule> }>();
  /** `${number}:${rule}` of suspending conditions already acted on; forgotten when the condition clears. */
  private readonly suspendedFor = new Set<string>();
  private readonly unsubscribers: (() => void)[] = [];
  private timer: ReturnType<typeof setInterval> | null = null;
  /** When start() began watching the badges (the rules' grace for badges not yet reported). */
  private badgesSinceMs: number | undefined;
  private pending: ReturnType<typeof setImmediate> | null = null;

  constructor(private readonly options: PermitWatchOptions) {
    this.now = options.nowMs ?? Date.now;
    this.log = new RateLimitedLog(options.logger, 10_000, this.now);
    this.detectors = watchedDetectors(options.scene, options.alarmConfig);
    this.detectorIds = new Set(this.detectors.map((d) => d.sensorId));
  }

  /** Subscribes to the register and the bus and starts the once-a-second evaluation; evaluates once at once. */
  start(): void {
    if (this.timer) return;
    this.badgesSinceMs = this.now();
    const { bus, permits } = this.options;
    this.unsubscribers.push(
      permits.onChange(() => this.schedule()),
      bus.subscribe('dispersion', (snapshot) => this.onDispersion(snapshot)),
      bus.subscribe('visionEvent', (event) => this.onVisionEvent(event)),
      // A detector's own alarm changing is the moment its reading crossed a limit: check at once, not at the next tick.
      bus.subscribe('alarmTransition', ({ alarm }) => {
        if (alarm.sourceKind === 'sensor' && this.detectorIds.has(alarm.sourceId)) this.schedule();
      }),
    );
    this.timer = setInterval(() => this.evaluate(), this.options.tickMs ?? DEFAULT_TICK_MS);
    this.timer.unref();
    this.evaluate();
  }

  /** Stops evaluating; the alarms stay as they are (the core is stopping, or the register is being replaced). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.pending) clearImmediate(this.pending);
    this.pending = null;
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
  }

  /** One evaluation of every current permit now. Never throws. */
  evaluate(): void {
    const nowMs = this.now();
    this.counts.evaluations++;
    let permits: readonly Permit[];
    try {
      permits = this.options.permits.current();
    } catch (error) {
      this.counts.ruleErrors++;
      this.log.error('permitsUnreadable', { err: error }, 'permit live checks: the register could not list its permits');
      return;
    }
    if (permits.length > MAX_WATCHED_PERMITS) {
      this.counts.permitsBeyondBound += permits.length - MAX_WATCHED_PERMITS;
      this.log.warn('tooManyPermits', { permits: permits.length, checked: MAX_WATCHED_PERMITS }, 'permit live checks: more permits than one evaluation checks; the rest wait');
      permits = permits.slice(0, MAX_WATCHED_PERMITS);
    }
    const world = this.world(nowMs);
    const seen = new Set<string>();
    for (const permit of permits) {
      seen.add(permit.number);
      let conditions: PermitCondition[];
      try {
        // One permit at a time: a permit the rules cannot judge does not blind the checks of the others.
        conditions = evaluatePermitRules([permit], world, this.options.config);
      } catch (error) {
        this.counts.ruleErrors++;
        this.log.error(`ruleError:${permit.number}`, { permit: permit.number, err: error }, 'permit live checks: a rule failed on this permit');
        continue;
      }
      this.apply(permit, conditions, nowMs);
    }
    // Permits that left the list (closed, reviewed, removed): their alarms clear.
    for (const [number, entry] of this.activeRules) {
      if (seen.has(number)) continue;
      for (const rule of entry.rules) this.setCondition({ sourceId: number, sourceKind: 'permit', condition: rule, active: false, nowMs, permitType: entry.type });
      for (const rule of entry.rules) this.suspendedFor.delete(`${number}:${rule}`);
      this.activeRules.delete(number);
    }
  }

  /** Evaluates soon (once for any number of causes until it runs), outside the publisher's call. */
  private schedule(): void {
    if (this.pending || !this.timer) return;
    this.pending = setImmediate(() => {
      this.pending = null;
      this.evaluate();
    });
  }

  private apply(permit: Permit, conditions: readonly PermitCondition[], nowMs: number): void {
    const active = new Set<PermitRule>();
    for (const condition of conditions) {
      const { x, y } = condition.location;
      const areaId = areaAt(this.options.scene, x, y);
      this.setCondition({
        sourceId: condition.sourceId,
        sourceKind: 'permit',
        condition: condition.condition,
        active: condition.active,
        nowMs,
        location: condition.location,
        permitType: permit.type,
        ...(areaId !== null && { areaId }),
        ...(condition.value !== undefined && { value: condition.value }),
        ...(condition.unit !== undefined && { unit: condition.unit }),
        ...(condition.reason !== undefined && { reason: condition.reason }),
        ...(condition.reasonCode !== undefined && { reasonCode: condition.reasonCode }),
      });
      const key = `${permit.number}:${condition.condition}`;
      if (!condition.active) {
        this.suspendedFor.delete(key);
        continue;
      }
      active.add(condition.condition);
      // Once per activation: while the condition stays, the register has been asked (or has refused) already.
      if (condition.suspends && PERMIT_WORKING_STATES.has(permit.state) && !this.suspendedFor.has(key)) {
        this.suspendedFor.add(key);
        this.suspend(permit.number, condition.condition, nowMs);
      }
    }
    if (active.size > 0) this.activeRules.set(permit.number, { type: permit.type, rules: active });
    else this.activeRules.delete(permit.number);
  }

  private setCondition(input: ExternalConditionInput): void {
    try {
      this.options.hub.externalCondition(input);
    } catch (error) {
      this.counts.ruleErrors++;
      this.log.error(`alarmRefused:${input.sourceId}`, { alarmId: `${input.sourceId}:${input.condition}`, err: error }, 'permit live checks: the alarm engine refused a permit condition');
    }
  }

  private suspend(permitNumber: string, rule: PermitRule, nowMs: number): void {
    this.counts.suspensionsRequested++;
    const failed = (error?: unknown) => {
      this.counts.suspensionsFailed++;
      this.log.error(`suspendFailed:${permitNumber}`, { permit: permitNumber, rule, err: error }, 'permit live checks: the register did not suspend the permit');
    };
    // The register signs, stores and journals the step and tells every screen; false: no longer in work (someone was quicker).
    let pending: Promise<boolean>;
    try {
      pending = this.options.permits.suspendByRule(permitNumber, rule, nowMs);
    } catch (error) {
      return failed(error);
    }
    pending.catch(failed);
  }

  /** The world at nowMs: detector readings, badges, the LEL outlines and the camera events still held. */
  private world(nowMs: number): PermitWorld {
    const tags = this.options.hub.tags;
    const detectors: PermitDetectorReading[] = [];
    for (const d of this.detectors) {
      // Never received, or bad quality: no reading to judge (the engine's comm-loss and quality alarms say so).
      if (tags.quality[d.index] === 255 || tags.quality[d.index] === BAD_QUALITY) continue;
      detectors.push({ sensorId: d.sensorId, kind: d.kind, position: d.position, value: tags.values[d.index]!, tsMs: tags.receivedMs[d.index]!, ...(d.preWarning !== undefined && { preWarning: d.preWarning }) });
    }
    const badges = this.options.hub.workerPositions().map((w) => ({ badgeId: w.badgeId, position: [w.x, w.y] as [number, number], tsMs: w.tsMs }));
    // Events older than the hold no longer count: forget them (the map's order is by last update).
    for (const [id, event] of this.cameraEvents) {
      if (nowMs - event.atMs <= this.options.config.cameraEventHoldMs) break;
      this.cameraEvents.delete(id);
    }
    return { nowMs, detectors, lelZones: this.lelZones, badges, cameraEvents: [...this.cameraEvents.values()], ...(this.badgesSinceMs !== undefined && { badgesSinceMs: this.badgesSinceMs }) };
  }

  /**
   * The leak cloud's flammable outline for the hot-work rule: per leak, its widest LEL zone (the lowest
   * percentage: LEL10 by default, LeakService's defaults are LEL60 and LEL10). 10 % of the LEL is the
   * flammable level of concern NOAA's ALOHA draws for flame pockets beyond the mean cloud (ALOHA
   * technical documentation, NOAA 2013, §4.4 "Flammable levels of concern"); hot work near it is unsafe.
   */
  private onDispersion(snapshot: DispersionSnapshot): void {
    // A what-if study never touches the plant (contracts/dispersion ActiveLeak.simulated): only a release on
    // the plant, the demo's simulated one, is a live cloud that may stop work.
    const onPlant = new Set(snapshot.leaks.filter((leak) => leak.simulated === true).map((leak) => leak.leakId));
    const widest = new Map<string, { percent: number; rings: [number, number][][] }>();
    for (const zone of snapshot.zones) {
      if (!onPlant.has(zone.leakId)) continue;
      const match = /^LEL(\d{1,3})$/.exec(zone.level);
      if (!match) continue;
      const percent = Number(match[1]);
      const known = widest.get(zone.leakId);
      if (!known || percent < known.percent) widest.set(zone.leakId, { percent, rings: zone.rings });
    }
    const polygons: Polygon[] = [];
    let dropped = 0;
    for (const { rings } of widest.values()) {
      for (const ring of rings) {
        if (ring.length < 3) continue;
        if (polygons.length >= MAX_LEL_RINGS) {
          dropped += ring.length;
          continue;
        }
        polygons.push(ring.length <= MAX_LEL_RING_VERTICES ? ring : decimate(ring, MAX_LEL_RING_VERTICES));
        dropped += Math.max(0, ring.length - MAX_LEL_RING_VERTICES);
      }
    }
    if (dropped > 0) {
      this.counts.lelVerticesDropped += dropped;
      this.log.warn('lelZoneBounded', { dropped, rings: polygons.length }, 'permit live checks: the LEL outline was larger than the checks keep; it was thinned');
    }
    this.lelZones = polygons;
    this.schedule();
  }

  /** A camera PPE or harness event with a ground point: held for cameraEventHoldMs from its last report. */
  private onVisionEvent(event: VisionEventView): void {
    const kind = cameraEventKind(event);
    if (kind === null || event.ground === null) return;
    this.cameraEvents.delete(event.id);
    this.cameraEvents.set(event.id, { eventId: event.id, cameraId: event.cameraId, kind, position: [event.ground.x, event.ground.y], atMs: event.tsMs });
    if (this.cameraEvents.size > MAX_HELD_CAMERA_EVENTS) {
      this.cameraEvents.delete(this.cameraEvents.keys().next().value!);
      this.counts.cameraEventsDropped++;
      this.log.warn('cameraEventsBounded', { held: MAX_HELD_CAMERA_EVENTS }, 'permit live checks: more camera PPE events at once than held; the oldest was forgotten');
    }
    if (event.phase === 'start') this.schedule();
  }
}

/**
 * Whether a camera event is a PPE or harness violation: SafeTwin's own PPE rule (a harness when its class
 * names one), or an NVR's event whose class is a missing-PPE class (no hard hat, no vest, a bare head) or
 * names a harness (NO-Safety Harness). Other events (intrusion, loitering, crowding, a person down) are
 * other alarms' business.
 */
export function cameraEventKind(event: Pick<VisionEventView, 'rule' | 'label'>): PermitCameraEvent['kind'] | null {
  if (/harness/i.test(event.label)) return event.rule === 'ppe' || event.rule === 'external' ? 'harness' : null;
  if (event.rule === 'ppe') return 'ppe';
  if (event.rule !== 'external') return null;
  const known = knownDetectionLabel(event.label);
  return known !== null && MISSING_PPE_LABELS.has(known) ? 'ppe' : null;
}
const MISSING_PPE_LABELS: ReadonlySet<string> = new Set(['head', 'no_helmet', 'no_hardhat', 'no_vest', 'no_safety_vest']);

/**
 * The scene's combustible-gas (%LEL) and oxygen detectors with the limit the rules compare with: for a
 * combustible detector its pre-warning, the first rising limit the alarm engine applies to it (the %LEL
 * 预警 step, else its high alarm), so the permit and the detector's own alarm agree.
 */
function watchedDetectors(scene: Scene, alarmConfig: AlarmConfig): WatchedDetector[] {
  const out: WatchedDetector[] = [];
  scene.sensors.forEach((sensor, index) => {
    const position: [number, number] = [sensor.position.x, sensor.position.y];
    if (sensor.kind === 'gas' && sensor.unit === '%LEL') {
      const preWarning = firstRisingLimit(sensor, scene, alarmConfig);
      out.push({ index, sensorId: sensor.id, kind: 'combustible', position, ...(preWarning !== undefined && { preWarning }) });
    } else if (sensor.kind === 'o2') out.push({ index, sensorId: sensor.id, kind: 'oxygen', position });
  });
  return out;
}

/** Every k-th vertex of a ring, at most maxVertices of them (an outline thinned evenly). */
function decimate(ring: [number, number][], maxVertices: number): [number, number][] {
  const step = ring.length / maxVertices;
  return Array.from({ length: maxVertices }, (_, i) => ring[Math.floor(i * step)]!);
}
