import { ALARM_PRIORITIES, FLOOD_WINDOW_MS, floodThreshold, type Alarm, type AlarmKpis, type AlarmPriority, type AlarmTransition } from '../contracts/index.js';
import { floodPeriods, maximumCountInWindow } from './alarmFloods.js';

export const TEN_MINUTES_MS = 10 * 60_000;
export const DAY_MS = 24 * 60 * 60_000;
/** ISA-TR18.2.5 / EEMUA 191: 3 or more activations of one alarm within 60 s is chattering. */
export const CHATTERING_ACTIVATIONS = 3;
export const CHATTERING_WINDOW_MS = 60_000;
/** ISA-18.2 stale (standing) alarm: continuously active for more than 24 hours. */
export const STANDING_ALARM_AFTER_MS = DAY_MS;
export const TOP_BAD_ACTORS = 10;

export type AlarmKpiTrackerOptions = {
  /** When measuring started; rates over a window longer than the history use the history. */
  startMs: number;
  operatorPositions?: number;
  /** The longest window kpis() can be asked for; older activations are forgotten. */
  retentionMs?: number;
  /** Hard cap on remembered activations (oldest dropped first), whatever the alarm rate. */
  maxActivations?: number;
};

/** One annunciated activation (an 'activate' transition whose resulting state is 'unacknowledged'). */
export type KpiActivation = { atMs: number; alarmId: string; priority: AlarmPriority };
/** What the KPIs need of an alarm's state at the window's end. */
export type KpiAlarmState = Pick<Alarm, 'state' | 'active' | 'raisedAtMs'>;

export type AlarmKpiInput = {
  /** Annunciated activations in time order; those outside [nowMs − windowMs, nowMs] are ignored. */
  activations: readonly KpiActivation[];
  /** Every alarm not in 'normal' at nowMs. */
  alarms: readonly KpiAlarmState[];
  nowMs: number;
  windowMs: number;
  /** When measuring started: rates over a window longer than the history use the history. */
  measuredFromMs: number;
  operatorPositions: number;
};

/**
 * The ISA-18.2 KPIs of a window (ANSI/ISA-18.2-2016 clause 16; EEMUA 191; OPC UA Part 9 AlarmMetrics
 * names), a pure function of the window's activations and the alarms' states at its end. The live
 * tracker below feeds it from memory (24 h); the historian (main/historian/queryKpis.ts) from the stored
 * transitions over any period.
 */
export function computeAlarmKpis(input: AlarmKpiInput): AlarmKpis {
  const { nowMs, windowMs, operatorPositions } = input;
  const windowStartMs = nowMs - windowMs;
  const measuredFromMs = Math.max(windowStartMs, input.measuredFromMs);
  const measuredMs = Math.max(0, nowMs - measuredFromMs);
  const events = input.activations.filter((a) => a.atMs >= windowStartMs && a.atMs <= nowMs);
  const times = events.map((a) => a.atMs);

  const floods = floodPeriods(times, nowMs, FLOOD_WINDOW_MS, floodThreshold(operatorPositions));
  const floodMs = floods.reduce((sum, f) => sum + (f.endMs ?? nowMs) - Math.max(f.startMs, measuredFromMs), 0);

  const byAlarm = new Map<string, number[]>();
  for (const a of events) {
    const list = byAlarm.get(a.alarmId);
    if (list) list.push(a.atMs);
    else byAlarm.set(a.alarmId, [a.atMs]);
  }
  const chatteringAlarms = [...byAlarm]
    .filter(([, t]) => t.some((start, i) => i + CHATTERING_ACTIVATIONS - 1 < t.length && t[i + CHATTERING_ACTIVATIONS - 1]! - start < CHATTERING_WINDOW_MS))
    .map(([id]) => id)
    .sort();
  const topBadActors = [...byAlarm]
    .map(([alarmId, t]) => ({ alarmId, activations: t.length }))
    .sort((a, b) => b.activations - a.activations || (a.alarmId < b.alarmId ? -1 : 1))
    .slice(0, TOP_BAD_ACTORS);

  const priorityMix = Object.fromEntries(ALARM_PRIORITIES.map((p) => [p, 0])) as Record<AlarmPriority, number>;
  for (const a of events) priorityMix[a.priority]++;
  // Shares of the activations in the window; all 0 when there were none.
  for (const p of ALARM_PRIORITIES) priorityMix[p] = events.length === 0 ? 0 : priorityMix[p] / events.length;

  const current = input.alarms;
  return {
    windowMs,
    alarmRatePer10Min: measuredMs > 0 ? events.length / (measuredMs / TEN_MINUTES_MS) / operatorPositions : 0,
    maximumAlarmRatePer10Min: maximumCountInWindow(times, nowMs, TEN_MINUTES_MS),
    floodPeriods: floods,
    percentTimeInFlood: measuredMs > 0 ? floodMs / measuredMs : 0,
    standingAlarms: current.filter((a) => a.active && nowMs - a.raisedAtMs > STANDING_ALARM_AFTER_MS).length,
    chatteringAlarms,
    topBadActors,
    priorityMix,
    activeAlarms: current.filter((a) => a.active && (a.state === 'unacknowledged' || a.state === 'acknowledged')).length,
    unacknowledgedAlarms: current.filter((a) => a.state === 'unacknowledged' || a.state === 'returnedUnacknowledged').length,
    shelvedAlarms: current.filter((a) => a.state === 'shelved').length,
  };
}

/**
 * Alarm-system performance (ANSI/ISA-18.2-2016 clause 16, monitoring and assessment; EEMUA 191;
 * names after OPC UA Part 9 AlarmMetrics) of the last hours, kept in memory: fed with every AlarmTransition,
 * computed by computeAlarmKpis.
 *
 * Counted: annunciated activations only, i.e. 'activate' transitions whose resulting state is
 * 'unacknowledged'. Activations while shelved, suppressed or out of service were not presented to
 * the operator and do not load them (ISA-18.2 measures annunciated alarms).
 *
 * Memory: activations older than the retention (default 24 h) are dropped, with a hard cap; the
 * current-alarm map holds one entry per alarm not in 'normal' (bounded by the scene).
 */
export class AlarmKpiTracker {
  private readonly startMs: number;
  private readonly operatorPositions: number;
  private readonly retentionMs: number;
  private readonly maxActivations: number;
  /** Chronological; entries before `head` are already dropped (amortized O(1) removal). */
  private activations: KpiActivation[] = [];
  private head = 0;
  private latestMs = -Infinity;
  private readonly current = new Map<string, Alarm>();

  constructor(options: AlarmKpiTrackerOptions) {
    this.startMs = options.startMs;
    this.operatorPositions = options.operatorPositions ?? 1;
    this.retentionMs = options.retentionMs ?? DAY_MS;
    this.maxActivations = options.maxActivations ?? 100_000;
    if (!(this.operatorPositions >= 1) || !(this.retentionMs > 0) || !(this.maxActivations >= 1)) throw new RangeError('invalid KPI tracker options');
  }

  record(transition: AlarmTransition): void {
    const { alarm } = transition;
    if (alarm.state === 'normal') this.current.delete(alarm.alarmId);
    else this.current.set(alarm.alarmId, alarm);
    if (transition.action === 'activate' && alarm.state === 'unacknowledged') {
      this.insert({ atMs: transition.atMs, alarmId: alarm.alarmId, priority: alarm.priority });
      this.prune(transition.atMs);
    }
  }

  /** KPIs over [nowMs − windowMs, nowMs] (both ends included); windowMs is capped at the retention. */
  kpis(nowMs: number, windowMs: number = DAY_MS): AlarmKpis {
    this.prune(nowMs);
    return computeAlarmKpis({ activations: this.live(), alarms: [...this.current.values()], nowMs, windowMs: Math.min(windowMs, this.retentionMs), measuredFromMs: this.startMs, operatorPositions: this.operatorPositions });
  }

  /** Remembered activations (for tests of the memory bound). */
  get activationCount(): number {
    return this.activations.length - this.head;
  }

  private live(): KpiActivation[] {
    return this.activations.slice(this.head);
  }

  private insert(activation: KpiActivation): void {
    // Transitions normally arrive in time order; a late one is placed where it belongs.
    let i = this.activations.length;
    while (i > this.head && this.activations[i - 1]!.atMs > activation.atMs) i--;
    this.activations.splice(i, 0, activation);
  }

  private prune(nowMs: number): void {
    this.latestMs = Math.max(this.latestMs, nowMs);
    const oldestKeptMs = this.latestMs - this.retentionMs;
    while (this.head < this.activations.length && (this.activations[this.head]!.atMs < oldestKeptMs || this.activations.length - this.head > this.maxActivations)) this.head++;
    if (this.head > 1024 && this.head * 2 > this.activations.length) {
      this.activations = this.activations.slice(this.head);
      this.head = 0;
    }
  }
}
