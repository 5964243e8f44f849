import { CONTRACTOR_ALARM_CONDITIONS, HAZARD_ALARM_CONDITIONS, INDICATOR_ALARM_CONDITIONS, PERMIT_RULES, type AlarmCondition, type AlarmEvidence, type AlarmReason, type PermitType, type Scene } from '../contracts/index.js';
import { isLatchingByConfig, type AlarmConfig } from './alarmConfig.js';
import { defaultAlarmPriority } from './alarmPriority.js';
import { createAlarmRecord, type AlarmRecord } from './alarmRecord.js';

/**
 * Conditions computed outside the sensor rules (worker RTLS rules, camera analytics, area rules)
 * enter the engine through `AlarmEngine.setExternalCondition` and get the same ISA-18.2 lifecycle
 * as sensor alarms. Their records are created on first activation, not with the scene: the set of
 * badges and cameras that may raise them is open-ended, and a badge that never alarms costs nothing.
 */
export type ExternalConditionInput = {
  /** The badge, area or camera id, a permit's number, a registered person's code, an inspection plan's code or a hidden-danger ticket's number; the alarm id is `${sourceId}:${condition}`. */
  sourceId: string;
  sourceKind: 'worker' | 'area' | 'camera' | 'permit' | 'person' | 'inspection' | 'hazard' | 'indicator';
  /** A permit alarm's operation type, taken when the alarm is first raised (a permit keeps its type). */
  permitType?: PermitType;
  condition: AlarmCondition;
  /** Where it happened; taken on each new activation (a worker moves between alarms). */
  areaId?: string;
  active: boolean;
  /** Stored on activation and on clearing, as for sensor alarms (e.g. the number of people gathered). */
  value?: number;
  /** What the value measures, shown beside it (a man-down's seconds without moving: "s"); taken when the alarm is first raised. */
  unit?: string;
  nowMs: number;
  reason?: string;
  /** The reason by code, worded by screens and reports in their language. */
  reasonCode?: AlarmReason;
  /** Where on the plant it was seen (a camera detection's foot point); taken on each new activation. */
  location?: { x: number; y: number };
  /** A camera's evidence for this activation; taken on each new activation. */
  evidence?: AlarmEvidence;
};

/** Conditions no sensor rule raises: configuration may name their alarms before they exist. */
export const EXTERNAL_ONLY_CONDITIONS: ReadonlySet<AlarmCondition> = new Set<AlarmCondition>(['manDown', 'restrictedEntry', 'gathering', 'ppeViolation', 'loitering', 'cameraOffline', 'releaseReported', ...PERMIT_RULES, ...CONTRACTOR_ALARM_CONDITIONS, ...HAZARD_ALARM_CONDITIONS, ...INDICATOR_ALARM_CONDITIONS]);

/**
 * Whether a configuration entry (alarm id or source id) may name an external alarm that will only
 * exist later, so the engine does not warn about it at start: `<id>:<external-only condition>`, or
 * a badge, area or camera of the scene.
 */
export function mayNameExternalAlarm(id: string, scene: Pick<Scene, 'personnel' | 'areas' | 'cameras'>): boolean {
  const colon = id.lastIndexOf(':');
  if (colon > 0 && EXTERNAL_ONLY_CONDITIONS.has(id.slice(colon + 1) as AlarmCondition)) return true;
  return scene.personnel.some((p) => p.badgeId === id) || scene.areas.some((a) => a.id === id) || scene.cameras.some((c) => c.id === id);
}

/**
 * A new record for an external alarm, in 'normal' as of nowMs, with the configured priority
 * (override, else the default mapping), latching and suppression by design (alarm id or source
 * id listed in `suppressedByDesign`, applied silently as at engine start).
 */
export function createExternalRecord(input: ExternalConditionInput, config: AlarmConfig): AlarmRecord {
  const alarmId = `${input.sourceId}:${input.condition}`;
  const priority = config.priorityOverrides[alarmId] ?? defaultAlarmPriority(input.condition, undefined);
  const spec = { alarmId, sourceId: input.sourceId, sourceKind: input.sourceKind, condition: input.condition, priority, ...(input.areaId !== undefined && { areaId: input.areaId }), ...(input.unit !== undefined && { unit: input.unit }) };
  const record = createAlarmRecord(spec, isLatchingByConfig(config, alarmId, undefined, input.condition), undefined, input.nowMs);
  if (input.permitType !== undefined) record.alarm.permitType = input.permitType;
  if (config.suppressedByDesign.includes(alarmId) || config.suppressedByDesign.includes(input.sourceId)) {
    record.alarm.suppressed = true;
    record.alarm.state = 'suppressed';
  }
  return record;
}
