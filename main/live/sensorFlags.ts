import { ALARM_PRIORITIES, SENSOR_FLAGS } from '../contracts/index.js';
import type { TagTable } from '../ingest/TagTable.js';
import type { AlarmEvaluator } from './AlarmEvaluator.js';

/** The per-sensor flag byte of a live frame (contracts SENSOR_FLAGS). */
export function sensorFlags(index: number, tags: TagTable, alarms: AlarmEvaluator, stale: boolean): number {
  let flags = 0;
  const quality = tags.quality[index];
  if (quality === 2) flags |= SENSOR_FLAGS.bad;
  else if (quality === 1) flags |= SENSOR_FLAGS.uncertain;
  if (stale) flags |= SENSOR_FLAGS.stale;
  const summary = alarms.sensorAlarmSummary(index);
  if (summary.active) {
    flags |= SENSOR_FLAGS.alarmActive;
    flags |= ALARM_PRIORITIES.indexOf(summary.priority ?? 'low') << SENSOR_FLAGS.priorityShift;
  }
  if (summary.unacknowledged) flags |= SENSOR_FLAGS.alarmUnacknowledged;
  return flags;
}
