import { applyHomography, type CameraRules, type VisionEvent, type VisionRule, type VisionZone } from '../contracts/index.js';
import type { Detection } from './detect.js';
import type { ModelRole } from './modelManifest.js';
import { IouTracker, type Track, type TrackerConfig } from './tracker.js';

export type RulesConfig = {
  /** An active condition re-emits an update at most this often (the video wall must not be flooded). */
  updateIntervalMs: number;
  /** A condition ends after it has been false this long (a missed frame or two must not end and restart it). */
  endGraceMs: number;
  tracker: Partial<TrackerConfig>;
};
export const DEFAULT_RULES_CONFIG: RulesConfig = { updateIntervalMs: 5000, endGraceMs: 2000, tracker: {} };

/** A standing adult is about 7.5 heads tall: a head box alone puts the feet ~6.5 head heights below its bottom. */
const HEAD_HEIGHTS_TO_FEET = 6.5;

export function pointInPolygon(x: number, y: number, polygon: readonly (readonly [number, number])[]): boolean {
  // Even-odd ray casting (W. R. Franklin's PNPOLY).
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i]!;
    const [xj, yj] = polygon[j]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** The foot point of a box: bottom centre, where a standing person touches the ground plane. */
export const footPoint = (box: readonly number[]): [number, number] => [(box[0]! + box[2]!) / 2, box[3]!];

type Condition = {
  key: string;
  rule: VisionRule;
  label: string;
  score: number;
  trackId: string | null;
  box: [number, number, number, number] | null;
  ground: { x: number; y: number } | null;
  count?: number;
  dwellS?: number;
};

type Incident = { id: string; startedAtMs: number; lastEmitMs: number; lastTrueMs: number; last: Condition };

type Subject = { track: Track<Detection>; foot: [number, number]; ground: { x: number; y: number } | null };

/**
 * One camera's safety rules over tracked detections. Pure: detections and a timestamp in, events out;
 * no clock, no I/O. Each condition (rule × track, or rule × zone for crowding) becomes one incident with
 * start, rate-limited updates and end.
 */
export class CameraSafetyRules {
  readonly cameraId: string;
  private readonly zones: Map<string, VisionZone>;
  private readonly rules: VisionRule[];
  private readonly homography: readonly number[] | null;
  private readonly roles: ReadonlySet<ModelRole>;
  private readonly config: RulesConfig;
  private readonly tracker: IouTracker<Detection>;
  private readonly incidents = new Map<string, Incident>();
  /** When each track entered each zone (rule id × track id), for loitering. */
  private readonly entered = new Map<string, number>();
  /** When each person box first looked lying down, for person-down. */
  private readonly lyingSince = new Map<string, number>();

  /**
   * @param roles the roles the camera's model(s) can detect: PPE uses bare-head classes when there are any,
   *   and otherwise looks for a helmet over each person.
   * @param homography image→ground (row-major 3×3), needed by plant-space zones.
   */
  constructor(cameraRules: CameraRules, homography: readonly number[] | null, roles: ReadonlySet<ModelRole>, config: Partial<RulesConfig> = {}) {
    this.cameraId = cameraRules.cameraId;
    this.zones = new Map(cameraRules.zones.map((z) => [z.id, z]));
    this.rules = cameraRules.rules;
    this.homography = homography;
    this.roles = roles;
    this.config = { ...DEFAULT_RULES_CONFIG, ...config };
    this.tracker = new IouTracker<Detection>(this.config.tracker, `${cameraRules.cameraId}/`);
    for (const rule of this.rules) {
      if (rule.zoneId === undefined) continue;
      const zone = this.zones.get(rule.zoneId);
      if (!zone) throw new Error(`camera ${this.cameraId}: rule "${rule.id}" names unknown zone "${rule.zoneId}"`);
      if (zone.space === 'plant' && !homography) throw new Error(`camera ${this.cameraId}: zone "${zone.id}" is in plant coordinates but the camera has no image→ground homography`);
    }
  }

  groundOf(x: number, y: number): { x: number; y: number } | null {
    if (!this.homography) return null;
    const p = applyHomography(this.homography, x, y);
    return p ? { x: p[0], y: p[1] } : null;
  }

  /** Feeds one analysed frame (boxes in the camera's image pixels) and returns the events it causes. */
  evaluate(detections: readonly Detection[], tsMs: number): VisionEvent[] {
    const tracked = this.tracker.update(detections as Detection[], tsMs).filter((t) => t.confirmed && t.lastSeenMs === tsMs);
    const persons = tracked.filter((t) => t.detection.role === 'person');
    const subjectOf = (track: Track<Detection>): Subject => {
      const foot = this.footOf(track.detection, persons);
      return { track, foot, ground: this.groundOf(foot[0], foot[1]) };
    };
    const personSubjects = persons.map(subjectOf);
    const conditions: Condition[] = [];
    for (const rule of this.rules) {
      const inZone = (s: Subject) => this.inZone(rule.zoneId, s);
      const conditionOf = (s: Subject, extra: Partial<Condition> = {}): Condition => ({
        key: `${rule.id}\u0000${s.track.id}`,
        rule,
        label: s.track.detection.label,
        score: s.track.detection.score,
        trackId: s.track.id,
        box: s.track.detection.box,
        ground: s.ground,
        ...extra,
      });
      switch (rule.kind) {
        case 'intrusion':
          for (const s of personSubjects) if (s.track.detection.score >= rule.minScore && inZone(s)) conditions.push(conditionOf(s));
          break;
        case 'loitering':
          for (const s of personSubjects) {
            const key = `${rule.id}\u0000${s.track.id}`;
            if (!inZone(s)) {
              this.entered.delete(key);
              continue;
            }
            const since = this.entered.get(key) ?? tsMs;
            this.entered.set(key, since);
            const dwellS = (tsMs - since) / 1000;
            if (dwellS >= rule.dwellS) conditions.push(conditionOf(s, { dwellS }));
          }
          break;
        case 'crowding': {
          const inside = personSubjects.filter(inZone);
          if (inside.length > rule.maxPersons) {
            const box = unionBox(inside.map((s) => s.track.detection.box));
            const foot = footPoint(box);
            conditions.push({ key: `${rule.id}\u0000zone`, rule, label: 'person', score: Math.max(...inside.map((s) => s.track.detection.score)), trackId: null, box, ground: this.groundOf(foot[0], foot[1]), count: inside.length });
          }
          break;
        }
        case 'ppe':
          for (const s of this.ppeViolators(rule, tracked, personSubjects, subjectOf)) if (inZone(s)) conditions.push(conditionOf(s));
          break;
        case 'personDown':
          for (const s of this.downSubjects(rule, tracked, personSubjects, subjectOf, tsMs)) if (inZone(s)) conditions.push(conditionOf(s));
          break;
      }
    }
    this.forgetGoneTracks();
    return this.transition(conditions, tsMs);
  }

  /** Ends every open incident (camera stopped or rules replaced). */
  endAll(tsMs: number): VisionEvent[] {
    const events = [...this.incidents.values()].map((i) => this.event(i, 'end', tsMs));
    this.incidents.clear();
    return events;
  }

  get openIncidents(): number {
    return this.incidents.size;
  }

  private footOf(d: Detection, persons: readonly Track<Detection>[]): [number, number] {
    if (d.role === 'person' || d.role === 'fallen') return footPoint(d.box);
    // A head or vest box: use the person around it when the model also finds persons, else estimate from a head's size.
    const [cx, cy] = [(d.box[0] + d.box[2]) / 2, (d.box[1] + d.box[3]) / 2];
    const owner = persons.find((p) => cx >= p.detection.box[0] && cx <= p.detection.box[2] && cy >= p.detection.box[1] && cy <= p.detection.box[3]);
    if (owner) return footPoint(owner.detection.box);
    const headHeight = d.box[3] - d.box[1];
    return [cx, d.role === 'helmet' || d.role === 'bareHead' ? d.box[3] + HEAD_HEIGHTS_TO_FEET * headHeight : d.box[3]];
  }

  private inZone(zoneId: string | undefined, s: Subject): boolean {
    if (zoneId === undefined) return true;
    const zone = this.zones.get(zoneId)!;
    if (zone.space === 'image') return pointInPolygon(s.foot[0], s.foot[1], zone.polygon);
    return s.ground !== null && pointInPolygon(s.ground.x, s.ground.y, zone.polygon);
  }

  /**
   * PPE: with bare-head / no-vest classes, every such track is a violation. A model with persons and helmets
   * but no bare-head class: a person with no helmet box centred in the top third of their box.
   */
  private ppeViolators(rule: Extract<VisionRule, { kind: 'ppe' }>, tracked: Track<Detection>[], persons: Subject[], subjectOf: (t: Track<Detection>) => Subject): Subject[] {
    const out: Subject[] = [];
    const needs = (item: 'helmet' | 'vest') => rule.require.includes(item);
    const explicit: ModelRole[] = [];
    if (needs('helmet') && this.roles.has('bareHead')) explicit.push('bareHead');
    if (needs('vest') && this.roles.has('noVest')) explicit.push('noVest');
    for (const t of tracked) if (t.detection.role && explicit.includes(t.detection.role)) out.push(subjectOf(t));
    const inferred: ('helmet' | 'vest')[] = [];
    if (needs('helmet') && !this.roles.has('bareHead') && this.roles.has('helmet')) inferred.push('helmet');
    if (needs('vest') && !this.roles.has('noVest') && this.roles.has('vest')) inferred.push('vest');
    if (inferred.length === 0) return out;
    const gear = tracked.filter((t) => t.detection.role === 'helmet' || t.detection.role === 'vest');
    for (const p of persons) {
      const [x1, y1, x2, y2] = p.track.detection.box;
      const h = y2 - y1;
      const has = (role: 'helmet' | 'vest', top: number, bottom: number) =>
        gear.some((g) => {
          if (g.detection.role !== role) return false;
          const cx = (g.detection.box[0] + g.detection.box[2]) / 2;
          const cy = (g.detection.box[1] + g.detection.box[3]) / 2;
          return cx >= x1 && cx <= x2 && cy >= y1 + top * h && cy <= y1 + bottom * h;
        });
      const missing = inferred.some((item) => (item === 'helmet' ? !has('helmet', -0.1, 1 / 3) : !has('vest', 0.1, 0.7)));
      if (missing) out.push(p);
    }
    return out;
  }

  /** Person down: the model's "fallen" class, or a person box wider than tall for minDurationS (side views only). */
  private downSubjects(rule: Extract<VisionRule, { kind: 'personDown' }>, tracked: Track<Detection>[], persons: Subject[], subjectOf: (t: Track<Detection>) => Subject, tsMs: number): Subject[] {
    const out: Subject[] = [];
    const candidates = [...persons, ...tracked.filter((t) => t.detection.role === 'fallen').map(subjectOf)];
    for (const s of candidates) {
      const key = `${rule.id}\u0000${s.track.id}`;
      const [x1, y1, x2, y2] = s.track.detection.box;
      const lying = s.track.detection.role === 'fallen' || (x2 - x1) / Math.max(1, y2 - y1) >= rule.minAspectRatio;
      if (!lying) {
        this.lyingSince.delete(key);
        continue;
      }
      const since = this.lyingSince.get(key) ?? tsMs;
      this.lyingSince.set(key, since);
      if ((tsMs - since) / 1000 >= rule.minDurationS) out.push(s);
    }
    return out;
  }

  private forgetGoneTracks(): void {
    const live = new Set(this.tracker.liveTracks.map((t) => t.id));
    for (const map of [this.entered, this.lyingSince]) for (const key of map.keys()) if (!live.has(key.slice(key.indexOf('\u0000') + 1))) map.delete(key);
  }

  private transition(conditions: Condition[], tsMs: number): VisionEvent[] {
    const events: VisionEvent[] = [];
    const seen = new Set<string>();
    for (const c of conditions) {
      if (seen.has(c.key)) continue;
      seen.add(c.key);
      const open = this.incidents.get(c.key);
      if (!open) {
        const incident: Incident = { id: `${this.cameraId}:${c.rule.id}:${c.trackId ?? 'zone'}:${tsMs}`, startedAtMs: tsMs, lastEmitMs: tsMs, lastTrueMs: tsMs, last: c };
        this.incidents.set(c.key, incident);
        events.push(this.event(incident, 'start', tsMs));
        continue;
      }
      open.last = c;
      open.lastTrueMs = tsMs;
      if (tsMs - open.lastEmitMs >= this.config.updateIntervalMs) {
        open.lastEmitMs = tsMs;
        events.push(this.event(open, 'update', tsMs));
      }
    }
    for (const [key, incident] of this.incidents) {
      if (seen.has(key) || tsMs - incident.lastTrueMs < this.config.endGraceMs) continue;
      this.incidents.delete(key);
      events.push(this.event(incident, 'end', tsMs));
    }
    return events;
  }

  private event(incident: Incident, phase: VisionEvent['phase'], tsMs: number): VisionEvent {
    const c = incident.last;
    const event: VisionEvent = {
      id: incident.id,
      phase,
      source: 'safetwin',
      cameraId: this.cameraId,
      rule: c.rule.kind,
      ruleId: c.rule.id,
      label: c.label,
      score: Math.min(1, Math.max(0, c.score)),
      trackId: c.trackId,
      box: c.box,
      ground: c.ground,
      startedAtMs: incident.startedAtMs,
      tsMs,
    };
    if (c.rule.zoneId !== undefined) event.zoneId = c.rule.zoneId;
    if (c.count !== undefined) event.count = c.count;
    if (c.dwellS !== undefined) event.dwellS = Math.round(c.dwellS * 10) / 10;
    return event;
  }
}

function unionBox(boxes: readonly (readonly number[])[]): [number, number, number, number] {
  return [Math.min(...boxes.map((b) => b[0]!)), Math.min(...boxes.map((b) => b[1]!)), Math.max(...boxes.map((b) => b[2]!)), Math.max(...boxes.map((b) => b[3]!))];
}
