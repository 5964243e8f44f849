import { comparePriority, FLOOD_WINDOW_MS, floodThreshold, isAnnunciationHidden, isPeopleAlarm, type Alarm, type AlarmPriority } from '@contracts';
import { compareForAttention, needsAcknowledge } from './alarmOrdering.js';

/** An alarm row and the alarms it supersedes (its detector's H and pre-warning under an HH), shown under it. */
export type AlarmRowEntry = { alarm: Alarm; superseded: Alarm[] };

/**
 * State-based suppression as the list shows it: an alarm the engine marked superseded (suppressedBy) is
 * nested under its superseding alarm when that one is on the list, else it keeps a row of its own (a
 * filter may have hidden the superseder; nothing may vanish). Rows keep the order of `sorted`.
 */
export function nestSuperseded(sorted: readonly Alarm[]): AlarmRowEntry[] {
  const present = new Set(sorted.map((a) => a.alarmId));
  const nested = new Map<string, Alarm[]>();
  for (const alarm of sorted) {
    if (alarm.suppressedBy === undefined || !present.has(alarm.suppressedBy)) continue;
    nested.set(alarm.suppressedBy, [...(nested.get(alarm.suppressedBy) ?? []), alarm]);
  }
  return sorted.filter((a) => a.suppressedBy === undefined || !present.has(a.suppressedBy)).map((alarm) => ({ alarm, superseded: nested.get(alarm.alarmId) ?? [] }));
}

/** Alarms of one area raised within this gap of each other belong to one incident (one gas release spreads within minutes). */
export const INCIDENT_GAP_MS = 10 * 60_000;

export type IncidentGroup = {
  /** Stable while the incident lasts: the area and the first alarm's time. */
  key: string;
  kind: 'people' | 'incident';
  areaId: string | undefined;
  rows: AlarmRowEntry[];
  /** Rows (superseded alarms are part of their superseder's row, not counted again). */
  count: number;
  unacknowledged: number;
  worstPriority: AlarmPriority;
  firstRaisedAtMs: number;
  lastRaisedAtMs: number;
};

function groupOf(key: string, kind: IncidentGroup['kind'], areaId: string | undefined, rows: AlarmRowEntry[]): IncidentGroup {
  const alarms = rows.map((r) => r.alarm);
  const times = alarms.map((a) => a.raisedAtMs);
  return {
    key,
    kind,
    areaId,
    rows: [...rows].sort((a, b) => compareForAttention(a.alarm, b.alarm)),
    count: rows.length,
    unacknowledged: alarms.filter(needsAcknowledge).length,
    worstPriority: alarms.map((a) => a.priority).sort(comparePriority)[0] ?? 'low',
    firstRaisedAtMs: Math.min(...times),
    lastRaisedAtMs: Math.max(...times),
  };
}

/**
 * The flood layout (EEMUA 191 §8.3: present a flood as a few incidents, not as a wall of rows): alarms
 * about people first, in one group of their own whatever their area (isPeopleAlarm, shared with the
 * people strip); then one group per incident: the alarms of one area raised within INCIDENT_GAP_MS of
 * each other. Groups with unacknowledged alarms first, then by worst priority, then newest.
 */
export function groupIncidents(rows: readonly AlarmRowEntry[], areaOf: (alarm: Alarm) => string | undefined): IncidentGroup[] {
  const people = rows.filter((r) => isPeopleAlarm(r.alarm));
  const byArea = new Map<string, AlarmRowEntry[]>();
  for (const row of rows) {
    if (isPeopleAlarm(row.alarm)) continue;
    const area = areaOf(row.alarm) ?? '';
    byArea.set(area, [...(byArea.get(area) ?? []), row]);
  }
  const incidents: IncidentGroup[] = [];
  for (const [area, areaRows] of byArea) {
    const chronological = [...areaRows].sort((a, b) => a.alarm.raisedAtMs - b.alarm.raisedAtMs);
    let current: AlarmRowEntry[] = [];
    const close = () => {
      if (current.length > 0) incidents.push(groupOf(`${area}@${current[0]!.alarm.raisedAtMs}`, 'incident', area || undefined, current));
      current = [];
    };
    for (const row of chronological) {
      if (current.length > 0 && row.alarm.raisedAtMs - current.at(-1)!.alarm.raisedAtMs > INCIDENT_GAP_MS) close();
      current.push(row);
    }
    close();
  }
  incidents.sort((a, b) => Number(b.unacknowledged > 0) - Number(a.unacknowledged > 0) || comparePriority(a.worstPriority, b.worstPriority) || b.lastRaisedAtMs - a.lastRaisedAtMs);
  return people.length > 0 ? [groupOf('people', 'people', undefined, people), ...incidents] : incidents;
}

/**
 * Counts alarm activations presented to the operator over the trailing 10 minutes, from the alarm list
 * as it changes. Each activation (alarm id + raisedAtMs) counts once, and stays counted after the alarm
 * was acknowledged and cleared. Activations never annunciated (superseded, suppressed, out of service)
 * do not load the operator and are not counted (ISA-18.2 measures annunciated alarms).
 */
export class FloodMonitor {
  private readonly seen = new Map<string, number>();

  constructor(private readonly operatorPositions = 1) {}

  observe(alarms: Iterable<Alarm>): void {
    for (const alarm of alarms) {
      if (!alarm.active || isAnnunciationHidden(alarm)) continue;
      this.seen.set(`${alarm.alarmId}@${alarm.raisedAtMs}`, alarm.raisedAtMs);
    }
  }

  /** Activations within the window ending at nowMs (older ones are forgotten; later ones, seen before a replay seeked back, wait). */
  count(nowMs: number): number {
    let n = 0;
    for (const [key, raisedAtMs] of this.seen) {
      if (raisedAtMs < nowMs - FLOOD_WINDOW_MS) this.seen.delete(key);
      else if (raisedAtMs <= nowMs) n++;
    }
    return n;
  }

  inFlood(nowMs: number): boolean {
    return this.count(nowMs) > floodThreshold(this.operatorPositions);
  }
}
