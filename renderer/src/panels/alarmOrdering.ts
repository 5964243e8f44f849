import { comparePriority, type Alarm } from '@contracts';

export const needsAcknowledge = (alarm: Alarm) => alarm.state === 'unacknowledged' || alarm.state === 'returnedUnacknowledged';

export type AlarmSortKey = 'standard' | 'priority' | 'time' | 'source' | 'state';
export const ALARM_SORT_KEYS: readonly AlarmSortKey[] = ['standard', 'priority', 'time', 'source', 'state'];
export type AlarmFilter = { priority: string; state: string; area: string };

const byPriorityThenNewest = (a: Alarm, b: Alarm) => comparePriority(a.priority, b.priority) || b.raisedAtMs - a.raisedAtMs;

/**
 * The alarm summary's standard order (ISA-18.2 §11.5 / EEMUA 191 §8: what needs the operator first):
 * unacknowledged before acknowledged, then most urgent, then newest. An acknowledged alarm, however
 * urgent, is already in hand and must not push a new one out of sight.
 */
export function compareForAttention(a: Alarm, b: Alarm): number {
  return Number(needsAcknowledge(b)) - Number(needsAcknowledge(a)) || byPriorityThenNewest(a, b);
}

/** Sorted copy; the other keys fall back to the standard order among equals. */
export function sortAlarms(alarms: Alarm[], key: AlarmSortKey): Alarm[] {
  const compare: Record<AlarmSortKey, (a: Alarm, b: Alarm) => number> = {
    standard: compareForAttention,
    priority: (a, b) => comparePriority(a.priority, b.priority) || compareForAttention(a, b),
    time: (a, b) => b.raisedAtMs - a.raisedAtMs || compareForAttention(a, b),
    source: (a, b) => a.sourceId.localeCompare(b.sourceId) || compareForAttention(a, b),
    state: (a, b) => a.state.localeCompare(b.state) || compareForAttention(a, b),
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

/** Out of service, or suppressed by design (a superseded alarm is not: it nests under its superseder): listed apart. */
export const isRemovedFromView = (alarm: Alarm) => alarm.outOfService || alarm.suppressed;

/** The entries in the order held (those still there), then any raised since, in their own order. */
export function keepHeldOrder(entries: readonly Alarm[], heldIds: readonly string[]): Alarm[] {
  const rank = new Map(heldIds.map((id, i) => [id, i]));
  const held = entries.filter((a) => rank.has(a.alarmId)).sort((a, b) => rank.get(a.alarmId)! - rank.get(b.alarmId)!);
  return [...held, ...entries.filter((a) => !rank.has(a.alarmId))];
}
