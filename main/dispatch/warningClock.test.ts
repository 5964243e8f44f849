import { describe, expect, it } from 'vitest';
import { defaultDispatchConfig } from './dispatchConfig.js';
import { dueEscalation, maxLevel, nextWakeMs, postAtLevel, warningDeadlines, type WarningTimes } from './warningClock.js';

const MINUTE_MS = 60_000;
const CHAIN = ['shiftLead', 'safetyManager', 'plantLeader'];
const config = defaultDispatchConfig();
const T0 = Date.parse('2026-12-07T06:00:00Z');
const at = (min: number) => T0 + min * MINUTE_MS;

/** A warning raised at T0 with the default deadlines of its priority. */
function warning(priority: 'urgent' | 'high' | 'medium' | 'low'): WarningTimes {
  return { raisedAtMs: T0, ...warningDeadlines(T0, priority, config.deadlines), level: 0 };
}

/**
 * The desk's loop with a fake clock: at each tick, apply every escalation due (as the desk does, recording
 * the due time as the last escalation) and note it. Returns the escalations in order.
 */
function run(w: WarningTimes, owner: string, ackWithinMs: number, ticksMin: number[], events: Record<number, Partial<WarningTimes>> = {}) {
  const seen: { atMin: number; level: number; postId: string; reason: string }[] = [];
  for (const tick of ticksMin) {
    Object.assign(w, events[tick] ?? {});
    for (let e = dueEscalation(w, owner, CHAIN, ackWithinMs, at(tick)); e !== null; e = dueEscalation(w, owner, CHAIN, ackWithinMs, at(tick))) {
      seen.push({ atMin: (e.atMs - T0) / MINUTE_MS, level: e.level, postId: e.postId, reason: e.reason });
      w.level = e.level;
      w.lastEscalationAtMs = e.atMs;
    }
  }
  return seen;
}
const everyMinute = (to: number) => Array.from({ length: to + 1 }, (_, i) => i);

describe('deadlines', () => {
  it('are the config’s minutes per priority: urgent 2/30, high 5/60, medium 15/240, low 60/1440', () => {
    expect(warningDeadlines(T0, 'urgent', config.deadlines)).toEqual({ ackDueMs: at(2), resolveDueMs: at(30) });
    expect(warningDeadlines(T0, 'high', config.deadlines)).toEqual({ ackDueMs: at(5), resolveDueMs: at(60) });
    expect(warningDeadlines(T0, 'medium', config.deadlines)).toEqual({ ackDueMs: at(15), resolveDueMs: at(240) });
    expect(warningDeadlines(T0, 'low', config.deadlines)).toEqual({ ackDueMs: at(60), resolveDueMs: at(1440) });
  });
});

describe('the chain', () => {
  it('climbs from the owner’s place in it, or from its start for an owner outside it, and stops at the top', () => {
    expect([0, 1, 2, 3].map((l) => postAtLevel('unit1Operator', CHAIN, l))).toEqual(['unit1Operator', 'shiftLead', 'safetyManager', 'plantLeader']);
    expect([0, 1, 2, 5].map((l) => postAtLevel('shiftLead', CHAIN, l))).toEqual(['shiftLead', 'safetyManager', 'plantLeader', 'plantLeader']);
    expect(postAtLevel('safetyManager', CHAIN, 1)).toBe('plantLeader');
    expect([maxLevel('unit1Operator', CHAIN), maxLevel('shiftLead', CHAIN), maxLevel('plantLeader', CHAIN)]).toEqual([3, 2, 0]);
  });
});

describe('escalation with a fake clock', () => {
  const ackWithinMs = config.deadlines.urgent.ackWithinMin * MINUTE_MS;

  it('nothing before the ack deadline; past it one post up, and again every ack period while unacknowledged, up to the top', () => {
    const w = warning('urgent');
    expect(dueEscalation(w, 'unit1Operator', CHAIN, ackWithinMs, at(2) - 1)).toBeNull();
    expect(nextWakeMs(w, 'unit1Operator', CHAIN, ackWithinMs)).toBe(at(2));
    expect(run(w, 'unit1Operator', ackWithinMs, everyMinute(40))).toEqual([
      { atMin: 2, level: 1, postId: 'shiftLead', reason: 'ackOverdue' },
      { atMin: 4, level: 2, postId: 'safetyManager', reason: 'ackOverdue' },
      { atMin: 6, level: 3, postId: 'plantLeader', reason: 'ackOverdue' },
    ]);
    expect(nextWakeMs(w, 'unit1Operator', CHAIN, ackWithinMs)).toBeNull();
  });

  it('a desk that slept catches up at the times they were due', () => {
    expect(run(warning('urgent'), 'shiftLead', ackWithinMs, [0, 45])).toEqual([
      { atMin: 2, level: 1, postId: 'safetyManager', reason: 'ackOverdue' },
      { atMin: 4, level: 2, postId: 'plantLeader', reason: 'ackOverdue' },
    ]);
  });

  it('an acknowledgement stops the ack escalation; the resolve deadline then escalates once per resolve period', () => {
    const w = warning('urgent');
    const seen = run(w, 'unit1Operator', ackWithinMs, everyMinute(100), { 3: { acknowledgedAtMs: at(3) } });
    expect(seen).toEqual([
      { atMin: 2, level: 1, postId: 'shiftLead', reason: 'ackOverdue' },
      { atMin: 30, level: 2, postId: 'safetyManager', reason: 'resolveOverdue' },
      { atMin: 60, level: 3, postId: 'plantLeader', reason: 'resolveOverdue' },
    ]);
  });

  it('clearing stops the resolve escalation; acknowledged and cleared, nothing more is due', () => {
    const w = warning('high');
    const ack = config.deadlines.high.ackWithinMin * MINUTE_MS;
    expect(run(w, 'shiftLead', ack, everyMinute(200), { 1: { acknowledgedAtMs: at(1) }, 50: { clearedAtMs: at(50) } })).toEqual([]);
    expect(nextWakeMs(w, 'shiftLead', CHAIN, ack)).toBeNull();
    const late = warning('high');
    expect(run(late, 'shiftLead', ack, everyMinute(200), { 1: { acknowledgedAtMs: at(1) }, 70: { clearedAtMs: at(70) } })).toEqual([{ atMin: 60, level: 1, postId: 'safetyManager', reason: 'resolveOverdue' }]);
  });

  it('clearing alone does not stop the ack escalation: an alarm nobody saw stays unseen when it returns to normal', () => {
    const w = warning('medium');
    const ack = config.deadlines.medium.ackWithinMin * MINUTE_MS;
    expect(run(w, 'shiftLead', ack, everyMinute(60), { 5: { clearedAtMs: at(5) } })).toEqual([
      { atMin: 15, level: 1, postId: 'safetyManager', reason: 'ackOverdue' },
      { atMin: 30, level: 2, postId: 'plantLeader', reason: 'ackOverdue' },
    ]);
  });

  it('an owner at the top of the chain has nowhere to escalate', () => {
    const w = warning('urgent');
    expect(dueEscalation(w, 'plantLeader', CHAIN, ackWithinMs, at(1_000))).toBeNull();
    expect(nextWakeMs(w, 'plantLeader', CHAIN, ackWithinMs)).toBeNull();
  });

  it('the next wake-up is the earlier of the two deadlines', () => {
    const w: WarningTimes = { ...warning('low'), level: 1, lastEscalationAtMs: at(60) };
    // Unacknowledged: the next ack period (120 min) comes before the resolve deadline (1440 min).
    expect(nextWakeMs(w, 'unit1Operator', CHAIN, 60 * MINUTE_MS)).toBe(at(120));
    w.acknowledgedAtMs = at(70);
    expect(nextWakeMs(w, 'unit1Operator', CHAIN, 60 * MINUTE_MS)).toBe(at(1440));
    // Already escalated past the resolve deadline: the next period's end.
    expect(nextWakeMs({ ...w, lastEscalationAtMs: at(1440) }, 'unit1Operator', CHAIN, 60 * MINUTE_MS)).toBe(at(2880));
  });
});
