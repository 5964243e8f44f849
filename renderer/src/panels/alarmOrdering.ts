import { comparePriority, type Alarm } from '@contracts';

export const needsAcknowledge = (alarm: Alarm) => alarm.state === 'unacknowledged' || alarm.state === 'returnedUnacknowledged';

export type AlarmSortKey = 'priority' | 'time' | 'source' | 'state';
export type AlarmFilter = { priority: string; state: string; area: string };

/** Default ISA-18.2 summary order: most urgent first, then newest. Other keys fall back to it. */
export function sortAlarms(alarms: Alarm[], key: AlarmSortKey): Alarm[] {
  const byPriorityThenNewest = (a: Alarm, b: Alarm) => comparePriority(a.priority, b.priority) || b.raisedAtMs - a.raisedAtMs;
  const compare: Record<AlarmSortKey, (a: Alarm, b: Alarm) => number> = {
    priority: byPriorityThenNewest,
    time: (a, b) => b.raisedAtMs - a.raisedAtMs || byPriorityThenNewest(a, b),
    source: (a, b) => a.sourceId.localeCompare(b.sourceId) || byPriorityThenNewest(a, b),
    state: (a, b) => a.state.localeCompare(b.state) || byPriorityThenNewest(a, b),
  };
  return [...alarms].sort(compare[key]);
}

/** Empty strings mean "any". The area of a sensor alarm is its sensor's area. */
export function filterAlarms(alarms: Alarm[], filter: AlarmFilter, areaOf: (alarm: Alarm) => string | undefined): Alarm[] {
  return alarms.filter((a) => (!filter.priority || a.priority === filter.priority) && (!filter.state || a.state === filter.state) && (!filter.area || areaOf(a) === filter.area));
}

/** The banner's alarm: the most urgent unacknowledged one, newest among equals. */
export function bannerAlarm(alarms: Iterable<Alarm>): Alarm | null {
  let best: Alarm | null = null;
  for (const alarm of alarms) {
    if (!needsAcknowledge(alarm) || !alarm.active) continue;
    if (!best || comparePriority(alarm.priority, best.priority) < 0 || (alarm.priority === best.priority && alarm.raisedAtMs > best.raisedAtMs)) best = alarm;
  }
  return best;
}
