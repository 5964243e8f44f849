import { isPointInPolygon, signedPolygonAreaM2, type AlarmCondition, type AlarmEvidence, type AlarmReason, type Area, type Camera, type CameraHealth, type VisionEvent, type VisionRuleKind } from '../contracts/index.js';
import type { ExternalConditionInput } from '../alarms/index.js';

/**
 * Which alarm a camera rule raises. Intrusion is the camera's view of the same hazard the RTLS rule
 * calls restricted entry (闯入), crowding the same as gathering (聚集), a person down the same as man down.
 */
export const ALARM_CONDITION_OF_RULE: Record<VisionRuleKind, AlarmCondition> = {
  intrusion: 'restrictedEntry',
  loitering: 'loitering',
  crowding: 'gathering',
  ppe: 'ppeViolation',
  personDown: 'manDown',
};

/**
 * The alarm condition of an event, or null when it raises none. External analytics (an NVR's tracked
 * objects) have no rule of ours: a person the NVR reports inside one of its zones is an intrusion;
 * anything else it tracks (cars passing, people on open ground) is listed but not alarmed.
 */
export function alarmConditionOf(event: VisionEvent): AlarmCondition | null {
  if (event.rule !== 'external') return ALARM_CONDITION_OF_RULE[event.rule];
  const inZone = event.zoneId !== undefined || (event.zones?.length ?? 0) > 0;
  return inZone && event.label.split(/[,:]/).includes('person') ? 'restrictedEntry' : null;
}

export type EventContext = { snapshotHref?: string | undefined; badgeId?: string | undefined };

/**
 * Open events remembered at most. An NVR's events come over MQTT: a flood of `new` events that never end
 * must not grow the core (issue 13). Beyond it the oldest open event that shares its alarm with a newer one
 * is forgotten, so no alarm is left active without an event that can end it.
 */
export const MAX_OPEN_EVENTS = 10_000;

/**
 * Camera alarms from vision events and camera health. One alarm per camera and condition
 * (`CAM-06:restrictedEntry`): it is active while at least one event of that condition is open on the
 * camera, and takes the location and evidence of the event that activated it. A camera whose stream is
 * lost (its decoder, or its NVR's availability topic) raises `CAM-xx:cameraOffline`. Pure: the caller
 * passes the returned conditions to the alarm engine, which is idempotent.
 */
export class VisionAlarms {
  /** (camera, condition) → ids of the open events raising it. */
  private readonly open = new Map<string, Set<string>>();
  /** Open event id → its (camera, condition) key; an end or update carries no zone to re-derive it from. */
  private readonly keyOfEvent = new Map<string, { key: string; condition: AlarmCondition }>();
  private readonly areas: { area: Area; sizeM2: number }[];
  private readonly cameraArea: Map<string, string | undefined>;

  constructor(scene: { areas: readonly Area[]; cameras: readonly Camera[] }) {
    this.areas = scene.areas.map((area) => ({ area, sizeM2: Math.abs(signedPolygonAreaM2(area.polygon)) })).sort((a, b) => a.sizeM2 - b.sizeM2);
    this.cameraArea = new Map(scene.cameras.map((c) => [c.id, c.areaId]));
  }

  /** The condition this event sets, or null when it changes no alarm (an update of an open event, an event that raises none). */
  onEvent(event: VisionEvent, context: EventContext, nowMs: number): ExternalConditionInput | null {
    const known = this.keyOfEvent.get(event.id);
    if (event.phase === 'end') {
      if (!known) return null;
      this.keyOfEvent.delete(event.id);
      const ids = this.open.get(known.key)!;
      ids.delete(event.id);
      if (ids.size > 0) return null;
      this.open.delete(known.key);
      return { sourceId: event.cameraId, sourceKind: 'camera', condition: known.condition, active: false, nowMs };
    }
    if (known) return null;
    // A start, or an update of an event begun before the core was (an NVR's long-running object).
    const condition = alarmConditionOf(event);
    if (!condition) return null;
    const key = `${event.cameraId}|${condition}`;
    this.keyOfEvent.set(event.id, { key, condition });
    const ids = this.open.get(key) ?? new Set<string>();
    this.open.set(key, ids);
    ids.add(event.id);
    if (this.keyOfEvent.size > MAX_OPEN_EVENTS) this.forgetOldestSharedEvent();
    if (ids.size > 1) return null;
    const evidence: AlarmEvidence = { eventId: event.id, ruleId: event.ruleId, label: event.label, source: event.source };
    if (context.snapshotHref !== undefined) evidence.snapshotHref = context.snapshotHref;
    if (context.badgeId !== undefined) evidence.badgeId = context.badgeId;
    const input: ExternalConditionInput = { sourceId: event.cameraId, sourceKind: 'camera', condition, active: true, nowMs, evidence, reason: reasonOf(event), reasonCode: reasonCodeOf(event) };
    const areaId = this.areaAt(event);
    if (areaId !== undefined) input.areaId = areaId;
    if (event.ground) input.location = { x: event.ground.x, y: event.ground.y };
    if (event.count !== undefined) input.value = event.count;
    return input;
  }

  /** Open events held (diagnostics and tests). */
  get openEventCount(): number {
    return this.keyOfEvent.size;
  }

  private forgetOldestSharedEvent(): void {
    for (const [id, { key }] of this.keyOfEvent) {
      const ids = this.open.get(key)!;
      if (ids.size < 2) continue;
      ids.delete(id);
      this.keyOfEvent.delete(id);
      return;
    }
  }

  /** Camera offline (own decoder restarting without frames, or the NVR reporting itself offline) and back. */
  onHealth(health: CameraHealth, nowMs: number): ExternalConditionInput {
    const input: ExternalConditionInput = { sourceId: health.cameraId, sourceKind: 'camera', condition: 'cameraOffline', active: health.state === 'offline', nowMs };
    const areaId = this.cameraArea.get(health.cameraId);
    if (areaId !== undefined) input.areaId = areaId;
    if (input.active) input.reason = health.lastError ? `${health.lastError.code}: ${health.lastError.message}` : `camera ${health.cameraId} delivers no frames`;
    return input;
  }

  /** The smallest scene area holding the event's ground point (a restricted yard inside the tank farm), else the camera's area. */
  private areaAt(event: VisionEvent): string | undefined {
    const ground = event.ground;
    const inside = ground ? this.areas.find(({ area }) => isPointInPolygon([ground.x, ground.y], area.polygon)) : undefined;
    return inside?.area.id ?? this.cameraArea.get(event.cameraId);
  }
}

/** The same by code, for reports and screens in their language (no coordinates: they read as noise there). */
function reasonCodeOf(event: VisionEvent): AlarmReason {
  return { code: 'visionDetection', params: { label: event.label, cameraId: event.cameraId, source: event.source, ...(event.zoneId !== undefined ? { zoneId: event.zoneId } : {}) } };
}

/** The reason text goes to every role (alarm history): the fused badge stays in the evidence, which is filtered per role. */
function reasonOf(event: VisionEvent): string {
  const where = event.ground ? ` at (${event.ground.x.toFixed(1)}, ${event.ground.y.toFixed(1)}) m` : '';
  const zone = event.zoneId !== undefined ? ` in zone ${event.zoneId}` : '';
  const source = event.source === 'safetwin' ? '' : ` (${event.source})`;
  return `${event.rule} ${event.ruleId}: ${event.label}${zone}${where} on ${event.cameraId}${source}`;
}
