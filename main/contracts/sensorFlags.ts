import { ALARM_PRIORITIES, comparePriority, isAnnunciationHidden, type Alarm, type AlarmPriority } from './alarms.js';
import { SENSOR_FLAGS } from './live.js';

/** What the flag byte says about one sensor's alarms. */
export type SensorAlarmSummary = {
  active: boolean;
  unacknowledged: boolean;
  priority?: AlarmPriority;
  /** An alarm of the sensor is removed from service (ISA-18.2): it does not protect fully, and the twin says so. */
  outOfService?: boolean;
};

/**
 * A sensor's alarms as the 3D view shows them. Shelved, suppressed (by design or superseded) and
 * out-of-service alarms are left out of colour and blink (ISA-18.2: a hidden alarm is not annunciated;
 * out of service is reported on its own); of the rest, any unacknowledged one sets the blink, and the
 * most urgent active one the colour. Live (the engine's records) and replay (the
 * recorded alarm states) both call this, so they can never disagree.
 */
export function summarizeSensorAlarms(alarms: Iterable<Alarm>): SensorAlarmSummary {
  const summary: SensorAlarmSummary = { active: false, unacknowledged: false };
  for (const alarm of alarms) {
    if (alarm.outOfService) summary.outOfService = true;
    // Superseded alarms (a detector's H under its HH) are hidden too: the HH speaks for the detector.
    if (isAnnunciationHidden(alarm)) continue;
    if (!alarm.acknowledged) summary.unacknowledged = true;
    if (!alarm.active) continue;
    summary.active = true;
    if (summary.priority === undefined || comparePriority(alarm.priority, summary.priority) < 0) summary.priority = alarm.priority;
  }
  return summary;
}

/** A sample is stale once nothing newer has arrived for longer than the sensor's comm-loss timeout. */
export function isSampleStale(nowMs: number, lastSampleMs: number, staleAfterMs: number): boolean {
  return nowMs - lastSampleMs > staleAfterMs;
}

/** The per-sensor flag byte of a frame (SENSOR_FLAGS), for live and replayed frames alike. Quality: 0 good, 1 uncertain, 2 bad, anything else never reported. */
export function sensorFlagByte(quality: number, stale: boolean, alarms: SensorAlarmSummary): number {
  let flags = 0;
  if (quality === 2) flags |= SENSOR_FLAGS.bad;
  else if (quality === 1) flags |= SENSOR_FLAGS.uncertain;
  if (stale) flags |= SENSOR_FLAGS.stale;
  if (alarms.active) {
    flags |= SENSOR_FLAGS.alarmActive;
    flags |= ALARM_PRIORITIES.indexOf(alarms.priority ?? 'low') << SENSOR_FLAGS.priorityShift;
  }
  if (alarms.unacknowledged) flags |= SENSOR_FLAGS.alarmUnacknowledged;
  if (alarms.outOfService) flags |= SENSOR_FLAGS.outOfService;
  return flags;
}
