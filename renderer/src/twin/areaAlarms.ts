import { comparePriority, type Alarm, type AlarmPriority, type ClientScene } from '@contracts';

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
