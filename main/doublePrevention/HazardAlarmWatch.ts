import type { HazardAlarmCondition, HazardTicket, InspectionPlan, InspectionSlotView } from '../contracts/index.js';
import type { ExternalConditionInput } from '../alarms/index.js';
import { hazardTicketTiming, type HazardsConfig } from '../hazards/index.js';
import type { LiveHub } from '../live/index.js';
import { RateLimitedLog, type Logger } from '../log/index.js';

/** Deadlines and slots move by the minute: checked every 15 s, and at once when a ticket or round changes. */
const DEFAULT_TICK_MS = 15_000;
const DAY_MS = 86_400_000;
/** Slots looked at: the longest period of a class (C: a week) twice over, so the latest finished one is always in view. */
const LOOKBACK_MS = 15 * DAY_MS;

export type HazardAlarmSources = {
  plans(): InspectionPlan[];
  slots(plan: InspectionPlan, range: { fromMs: number; toMs: number; nowMs: number }): InspectionSlotView[];
  tickets(): HazardTicket[];
  onChange(listener: () => void): () => void;
};

type Condition = { sourceId: string; sourceKind: 'inspection' | 'hazard'; condition: HazardAlarmCondition; input: Omit<ExternalConditionInput, 'active' | 'nowMs'> };

/** Where a plan's slots leave its alarms: late while the latest ended slot is in its grace; missed while the latest finished one was missed and nothing later has been done. */
export function roundAlarmsOf(slots: readonly InspectionSlotView[], nowMs: number): { late?: InspectionSlotView; missed?: InspectionSlotView } {
  const ended = slots.filter((s) => s.endMs <= nowMs);
  const latest = ended.at(-1);
  const late = latest?.status === 'overdue' ? latest : undefined;
  let missed: InspectionSlotView | undefined;
  for (const slot of ended) {
    if (slot.status === 'missed') missed = slot;
    else if (slot.status === 'done' || slot.status === 'late') missed = undefined;
  }
  // A round done in the current slot answers a missed one before it too: the area has been walked since.
  const missedStartMs = missed?.startMs;
  if (missedStartMs !== undefined && slots.some((s) => s.startMs > missedStartMs && (s.status === 'done' || s.status === 'late'))) missed = undefined;
  return { ...(late && { late }), ...(missed && { missed }) };
}

/**
 * Double prevention's alarms on the plant's engine (issue 18 items 2 and 4): late and missed inspection rounds
 * (source: the plan) and hidden-danger tickets past their rectification deadline (source: the ticket). Each is an external condition, set while it holds and cleared when it no longer
 * does, so every screen shows it as any ISA-18.2 alarm. A failure is counted and logged, never thrown.
 */
export class HazardAlarmWatch {
  readonly counts = { evaluations: 0, errors: 0 };
  private readonly log: RateLimitedLog;
  private active = new Map<string, Condition>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private unsubscribe: (() => void) | null = null;
  private pending: ReturnType<typeof setImmediate> | null = null;
  private readonly now: () => number;

  constructor(private readonly options: { sources: HazardAlarmSources; hub: Pick<LiveHub, 'externalCondition'>; config: HazardsConfig; utcOffsetMin: number; logger: Logger; tickMs?: number; nowMs?: () => number }) {
    this.now = options.nowMs ?? Date.now;
    this.log = new RateLimitedLog(options.logger, 10_000, this.now);
  }

  start(): void {
    if (this.timer) return;
    this.unsubscribe = this.options.sources.onChange(() => {
      if (this.pending) return;
      this.pending = setImmediate(() => {
        this.pending = null;
        this.evaluate();
      });
    });
    this.timer = setInterval(() => this.evaluate(), this.options.tickMs ?? DEFAULT_TICK_MS);
    this.timer.unref();
    this.evaluate();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    if (this.pending) clearImmediate(this.pending);
    this.pending = null;
    this.unsubscribe?.();
  }

  evaluate(): void {
    const nowMs = this.now();
    this.counts.evaluations++;
    let found: Condition[];
    try {
      found = [...this.roundConditions(nowMs), ...this.ticketConditions(nowMs)];
    } catch (error) {
      this.counts.errors++;
      this.log.error('hazardAlarms', { err: error }, 'double prevention: evaluating the alarms failed');
      return;
    }
    const next = new Map(found.map((c) => [`${c.sourceId}:${c.condition}`, c]));
    for (const condition of found) this.set(condition, true, nowMs);
    for (const [id, condition] of this.active) if (!next.has(id)) this.set(condition, false, nowMs);
    this.active = next;
  }

  private roundConditions(nowMs: number): Condition[] {
    const out: Condition[] = [];
    for (const plan of this.options.sources.plans()) {
      const { late, missed } = roundAlarmsOf(this.options.sources.slots(plan, { fromMs: nowMs - LOOKBACK_MS, toMs: nowMs + 1, nowMs }), nowMs);
      const areaId = plan.areaIds[0];
      const base = { sourceId: plan.id, sourceKind: 'inspection' as const, ...(areaId !== undefined && { areaId }) };
      const slotEnd = (slot: InspectionSlotView) => siteTime(slot.endMs, this.options.utcOffsetMin);
      if (late) out.push({ ...base, condition: 'inspectionRoundLate', input: { ...base, condition: 'inspectionRoundLate', reason: `round of plan ${plan.id} due by ${slotEnd(late)} not complete`, reasonCode: { code: 'inspectionRoundLate', params: { planId: plan.id, slotEnd: slotEnd(late) } } } });
      if (missed) out.push({ ...base, condition: 'inspectionRoundMissed', input: { ...base, condition: 'inspectionRoundMissed', reason: `no complete round of plan ${plan.id} for the period ending ${slotEnd(missed)}`, reasonCode: { code: 'inspectionRoundMissed', params: { planId: plan.id, slotEnd: slotEnd(missed) } } } });
    }
    return out;
  }

  private ticketConditions(nowMs: number): Condition[] {
    const out: Condition[] = [];
    for (const ticket of this.options.sources.tickets()) {
      const timing = hazardTicketTiming(ticket, nowMs, this.options.config);
      if (!timing.overdue) continue;
      const [x, y] = ticket.location.point;
      const base = { sourceId: ticket.number, sourceKind: 'hazard' as const, ...(ticket.location.areaId !== undefined && { areaId: ticket.location.areaId }) };
      const deadline = siteTime(timing.deadlineMs, this.options.utcOffsetMin);
      // No value: an alarm keeps the value it was raised with, and the escalation level rises while it stays
      // active; the ticket's timing carries the level (the screens show it there).
      out.push({
        ...base,
        condition: 'hazardTicketOverdue',
        input: { ...base, condition: 'hazardTicketOverdue', location: { x, y }, reason: `hidden danger ${ticket.number} past its rectification deadline ${deadline}`, reasonCode: { code: 'hazardTicketOverdue', params: { number: ticket.number, deadline } } },
      });
    }
    return out;
  }

  private set(condition: Condition, active: boolean, nowMs: number): void {
    const { reason: _reason, reasonCode: _code, location: _location, ...identity } = condition.input;
    const input: ExternalConditionInput = active ? { ...condition.input, active, nowMs } : { ...identity, active, nowMs };
    try {
      this.options.hub.externalCondition(input);
    } catch (error) {
      this.counts.errors++;
      this.log.error(`alarmRefused:${condition.sourceId}`, { alarmId: `${condition.sourceId}:${condition.condition}`, err: error }, 'double prevention: the alarm engine refused a condition');
    }
  }
}

/** A time as the site reads it: YYYY-MM-DD HH:mm in its own offset. */
function siteTime(ms: number, utcOffsetMin: number): string {
  return new Date(ms + utcOffsetMin * 60_000).toISOString().slice(0, 16).replace('T', ' ');
}
