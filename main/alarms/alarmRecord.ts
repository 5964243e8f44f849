import { deriveAlarmState, isAnnunciationHidden, type Alarm, type AlarmAction, type AlarmReason, type AlarmState, type AlarmTransition } from '../contracts/index.js';

/**
 * One alarm's ISA-18.2 state machine (ANSI/ISA-18.2-2016 figure 5): the flags of the contract's
 * Alarm plus the process condition behind it. Every function here changes one record and
 * appends the transitions it caused to `out`, so the audit trail has every change with who
 * caused it ('system' for rules, the user for commands).
 */
export const SYSTEM_USER = 'system';

export type AlarmRecord = {
  /** The engine's own copy; transitions carry snapshots of it. */
  readonly alarm: Alarm;
  /** The process condition after deadband and delays, independent of latching and shelving. */
  conditionActive: boolean;
  readonly latching: boolean;
  /** Index of the sensor in scene.sensors; undefined for area alarms. */
  readonly sensorIndex: number | undefined;
};

export type NewAlarm = Pick<Alarm, 'alarmId' | 'sourceId' | 'sourceKind' | 'condition' | 'priority'> & Partial<Pick<Alarm, 'areaId' | 'unit' | 'limit'>>;

/** A known alarm in 'normal'; raisedAtMs is the engine start until it first activates. */
export function createAlarmRecord(spec: NewAlarm, latching: boolean, sensorIndex: number | undefined, startMs: number): AlarmRecord {
  const alarm: Alarm = {
    alarmId: spec.alarmId,
    sourceId: spec.sourceId,
    sourceKind: spec.sourceKind,
    condition: spec.condition,
    priority: spec.priority,
    state: 'normal',
    active: false,
    acknowledged: true,
    suppressed: false,
    outOfService: false,
    latched: latching,
    firstOut: false,
    raisedAtMs: startMs,
    changedAtMs: startMs,
  };
  // Optional fields only when known, so snapshots compare and serialize cleanly.
  if (spec.areaId !== undefined) alarm.areaId = spec.areaId;
  if (spec.unit !== undefined) alarm.unit = spec.unit;
  if (spec.limit !== undefined) alarm.limit = spec.limit;
  return { alarm, conditionActive: false, latching, sensorIndex };
}

/** Shelved, suppressed (by design or superseded) or out of service: tracked, but not annunciated. */
export const isHidden = isAnnunciationHidden;

function emit(rec: AlarmRecord, action: AlarmAction, previousState: AlarmState, nowMs: number, by: string, out: AlarmTransition[], reason?: string, reasonCode?: AlarmReason): void {
  rec.alarm.state = deriveAlarmState(rec.alarm);
  rec.alarm.changedAtMs = nowMs;
  const transition: AlarmTransition = { alarm: { ...rec.alarm }, action, previousState, atMs: nowMs, by };
  if (reason !== undefined) transition.reason = reason;
  if (reasonCode !== undefined) transition.reasonCode = reasonCode;
  out.push(transition);
}

export type ConditionDetail = { value?: number | undefined; reason?: string; reasonCode?: AlarmReason; isFirstOut?: () => boolean };

/**
 * The process condition of the alarm became active or cleared. Idempotent: the same condition
 * again changes nothing and emits nothing, so re-evaluating after a reconnect cannot duplicate.
 *
 * - Activation of an alarm that is not active: active, unacknowledged, new raisedAtMs, first-out
 *   judged; emits 'activate'. This includes re-activation from returnedUnacknowledged, which is
 *   a new activation. While hidden the 'activate' is still emitted (audit trail) but its state is
 *   shelved/suppressed/outOfService, which the UI and KPIs do not annunciate or count.
 * - Activation of an alarm still held active by its latch: nothing changes.
 * - Clearing a latching alarm that is unacknowledged and not hidden: it stays active until
 *   acknowledged (the acknowledgement is the reset); nothing is emitted.
 * - Clearing otherwise: not active; emits 'clear' (returnedUnacknowledged if not yet
 *   acknowledged). A hidden alarm that clears is marked acknowledged: it was never annunciated,
 *   so there is nothing for the operator to acknowledge when it returns.
 */
export function applyCondition(rec: AlarmRecord, conditionActive: boolean, nowMs: number, detail: ConditionDetail, out: AlarmTransition[]): void {
  if (rec.conditionActive === conditionActive) return;
  rec.conditionActive = conditionActive;
  const alarm = rec.alarm;
  const previousState = alarm.state;
  if (conditionActive) {
    if (alarm.active) return;
    alarm.active = true;
    alarm.acknowledged = false;
    alarm.raisedAtMs = nowMs;
    alarm.firstOut = detail.isFirstOut?.() ?? false;
    if (detail.value === undefined) delete alarm.value;
    else alarm.value = detail.value;
    delete alarm.acknowledgedAtMs;
    delete alarm.acknowledgedBy;
    delete alarm.clearedAtMs;
    emit(rec, 'activate', previousState, nowMs, SYSTEM_USER, out, detail.reason, detail.reasonCode);
    return;
  }
  const hidden = isHidden(alarm);
  if (rec.latching && !alarm.acknowledged && !hidden) return;
  if (!alarm.active) return;
  alarm.active = false;
  alarm.clearedAtMs = nowMs;
  if (detail.value !== undefined) alarm.value = detail.value;
  if (hidden) alarm.acknowledged = true;
  // State-based suppression lasts while the superseded alarm is in alarm: it ends with it.
  delete alarm.suppressedBy;
  emit(rec, 'clear', previousState, nowMs, SYSTEM_USER, out, detail.reason);
}

/**
 * Operator acknowledgement. Returns an error phrase (not a throw) when already acknowledged.
 * A latching alarm held after its condition cleared is reset by it: 'acknowledge' then 'clear',
 * both by the user.
 */
export function acknowledgeAlarm(rec: AlarmRecord, user: string, nowMs: number, out: AlarmTransition[]): string | undefined {
  const alarm = rec.alarm;
  if (alarm.acknowledged) return 'is already acknowledged';
  const previousState = alarm.state;
  alarm.acknowledged = true;
  alarm.acknowledgedAtMs = nowMs;
  alarm.acknowledgedBy = user;
  emit(rec, 'acknowledge', previousState, nowMs, user, out);
  if (alarm.active && !rec.conditionActive) {
    const heldState = alarm.state;
    alarm.active = false;
    alarm.clearedAtMs = nowMs;
    emit(rec, 'clear', heldState, nowMs, user, out, 'latch reset by acknowledgement');
  }
  return undefined;
}

/** Shelving (ISA-18.2: operator-controlled, always time-limited); re-shelving sets a new expiry. */
export function shelveAlarm(rec: AlarmRecord, untilMs: number, user: string, reason: string, nowMs: number, out: AlarmTransition[]): string | undefined {
  if (rec.alarm.outOfService) return 'is out of service; return it to service before shelving';
  const previousState = rec.alarm.state;
  rec.alarm.shelvedUntilMs = untilMs;
  rec.alarm.shelvedBy = user;
  rec.alarm.shelveReason = reason;
  emit(rec, 'shelve', previousState, nowMs, user, out, reason);
  return undefined;
}

/** Ends shelving by the operator ('unshelve') or at expiry ('shelveExpired', by system). */
export function unshelveAlarm(rec: AlarmRecord, by: string, action: 'unshelve' | 'shelveExpired', nowMs: number, out: AlarmTransition[]): string | undefined {
  if (rec.alarm.shelvedUntilMs === undefined) return 'is not shelved';
  const previousState = rec.alarm.state;
  delete rec.alarm.shelvedUntilMs;
  delete rec.alarm.shelvedBy;
  delete rec.alarm.shelveReason;
  emit(rec, action, previousState, nowMs, by, out);
  return undefined;
}

export function setSuppressed(rec: AlarmRecord, suppressed: boolean, by: string, reason: string | undefined, nowMs: number, out: AlarmTransition[]): string | undefined {
  if (rec.alarm.suppressed === suppressed) return suppressed ? 'is already suppressed' : 'is not suppressed';
  const previousState = rec.alarm.state;
  rec.alarm.suppressed = suppressed;
  emit(rec, suppressed ? 'suppress' : 'unsuppress', previousState, nowMs, by, out, reason);
  return undefined;
}

export function setOutOfService(rec: AlarmRecord, outOfService: boolean, by: string, reason: string | undefined, nowMs: number, out: AlarmTransition[]): string | undefined {
  if (rec.alarm.outOfService === outOfService) return outOfService ? 'is already out of service' : 'is already in service';
  const previousState = rec.alarm.state;
  rec.alarm.outOfService = outOfService;
  if (outOfService) {
    rec.alarm.outOfServiceBy = by;
    if (reason === undefined) delete rec.alarm.outOfServiceReason;
    else rec.alarm.outOfServiceReason = reason;
  } else {
    delete rec.alarm.outOfServiceBy;
    delete rec.alarm.outOfServiceReason;
  }
  emit(rec, outOfService ? 'removeFromService' : 'returnToService', previousState, nowMs, by, out, reason);
  return undefined;
}

/**
 * State-based suppression (ISA-18.2 designed suppression by the alarm's own state logic): the alarm
 * is superseded by the more severe active alarm `supersederId` of the same detector, or no longer
 * (undefined). Emits 'suppress'/'unsuppress' by the system with the superseding alarm as reason, so
 * the record and the UI can nest it. When it ends while the alarm is still in alarm and was never
 * acknowledged, the alarm is annunciated again (unacknowledged), as ISA-18.2 requires on unsuppression.
 */
export function setSupersededBy(rec: AlarmRecord, supersederId: string | undefined, nowMs: number, out: AlarmTransition[]): void {
  if (rec.alarm.suppressedBy === supersederId) return;
  const previousState = rec.alarm.state;
  const previousSuperseder = rec.alarm.suppressedBy;
  if (supersederId === undefined) delete rec.alarm.suppressedBy;
  else rec.alarm.suppressedBy = supersederId;
  const reason = supersederId !== undefined ? `superseded by ${supersederId}` : `no longer superseded by ${previousSuperseder}`;
  const reasonCode: AlarmReason = supersederId !== undefined ? { code: 'superseded', params: { alarmId: supersederId } } : { code: 'supersededEnded', params: { alarmId: previousSuperseder ?? '' } };
  emit(rec, supersederId !== undefined ? 'suppress' : 'unsuppress', previousState, nowMs, SYSTEM_USER, out, reason, reasonCode);
}
