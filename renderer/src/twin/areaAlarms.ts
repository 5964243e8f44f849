import { comparePriority, type Alarm, type AlarmPriority, type ClientScene } from '@contracts';

/**
 * An area in alarm is drawn as an outline in this lime, never as a fill (issue 12.4: the red tint hid
 * the cloud and read as part of it). The gas cloud's threat zones use the alarm palette (threatZoneColours.ts),
 * so the outline takes the one hue left far from all of them, from the drill and replay frame colours and
 * from the out-of-service violet (at least 40 degrees of hue from each, tested in areaAlarms.test.ts);
 * the alarm's priority is carried by the area's tag (priority symbol and colour), not by the outline.
 */
export const AREA_ALARM_OUTLINE = '#80f01e';

/** The most urgent active alarm priority per area: its own alarms and those of its sensors. */
export function areaAlarmPriorities(scene: ClientScene, alarms: Iterable<Alarm>): Map<string, AlarmPriority> {
  const sensorArea = new Map(scene.sensors.map((s) => [s.id, s.areaId]));
  const out = new Map<string, AlarmPriority>();
  for (const alarm of alarms) {
    if (!alarm.active || alarm.state === 'shelved' || alarm.state === 'suppressed' || alarm.state === 'outOfService') continue;
    const areaId = alarm.areaId ?? (alarm.sourceKind === 'area' ? alarm.sourceId : sensorArea.get(alarm.sourceId));
    if (!areaId) continue;
    const current = out.get(areaId);
    if (!current || comparePriority(alarm.priority, current) < 0) out.set(areaId, alarm.priority);
  }
  return out;
}

/** The most urgent active alarm per badge (man-down, restricted entry): it recolours the avatar. */
export function workerAlarmPriorities(alarms: Iterable<Alarm>): Map<string, AlarmPriority> {
  const out = new Map<string, AlarmPriority>();
  for (const alarm of alarms) {
    if (alarm.sourceKind !== 'worker' || !alarm.active) continue;
    const current = out.get(alarm.sourceId);
    if (!current || comparePriority(alarm.priority, current) < 0) out.set(alarm.sourceId, alarm.priority);
  }
  return out;
}
