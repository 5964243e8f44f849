import type { AlarmPriority, Deadline, EscalationReason } from '../contracts/index.js';

const MINUTE_MS = 60_000;

/**
 * A warning's times as the clock rules need them. `level` 0 is the owner's post; `lastEscalationAtMs` is the
 * due time of the last escalation applied (not when the desk got round to it), so the next one is counted
 * from when it was due and a desk that slept catches up to the same levels at the same times.
 */
export type WarningTimes = { raisedAtMs: number; ackDueMs: number; resolveDueMs: number; level: number; acknowledgedAtMs?: number; clearedAtMs?: number; lastEscalationAtMs?: number };

export function warningDeadlines(raisedAtMs: number, priority: AlarmPriority, deadlines: Record<AlarmPriority, Deadline>): { ackDueMs: number; resolveDueMs: number } {
  const d = deadlines[priority];
  return { ackDueMs: raisedAtMs + d.ackWithinMin * MINUTE_MS, resolveDueMs: raisedAtMs + d.resolveWithinMin * MINUTE_MS };
}

/**
 * The post answerable at an escalation level: level 0 the owner; above it, up the chain from the owner's place
 * in it (a shift lead's warning goes to the safety manager), or from the chain's start for an owner outside it
 * (an operator's warning goes to the shift lead first); never past the top.
 */
export function postAtLevel(ownerPostId: string, chain: readonly string[], level: number): string {
  if (level <= 0 || chain.length === 0) return ownerPostId;
  const place = chain.indexOf(ownerPostId);
  const index = place >= 0 ? place + level : level - 1;
  return chain[Math.min(index, chain.length - 1)]!;
}

/** The highest level a warning of this owner can reach: the chain's top. */
export function maxLevel(ownerPostId: string, chain: readonly string[]): number {
  const place = chain.indexOf(ownerPostId);
  return place >= 0 ? chain.length - 1 - place : chain.length;
}

/**
 * When the next escalation falls due and why, or null: none past the top of the chain.
 * - ackOverdue: unacknowledged at ackDue, and again every ackWithin after the last escalation while still
 *   unacknowledged (clearing does not stop it: an alarm nobody saw stays unseen when it returns to normal);
 * - resolveOverdue: not cleared at resolveDue, and again at each further resolve period from the raise
 *   (raised + k × resolveWithin) after the last escalation — once per period, whatever the ack escalations did.
 * The earlier of the two; on a tie the ack, the more pressing reason.
 */
function nextEscalation(w: WarningTimes, ownerPostId: string, chain: readonly string[], ackWithinMs: number): { atMs: number; reason: EscalationReason } | null {
  if (w.level >= maxLevel(ownerPostId, chain)) return null;
  const last = w.lastEscalationAtMs;
  const ackAt = w.acknowledgedAtMs !== undefined ? null : last === undefined ? w.ackDueMs : Math.max(w.ackDueMs, last + ackWithinMs);
  let resolveAt: number | null = null;
  if (w.clearedAtMs === undefined) {
    const periodMs = Math.max(1, w.resolveDueMs - w.raisedAtMs);
    const periods = last === undefined || last < w.resolveDueMs ? 1 : Math.floor((last - w.raisedAtMs) / periodMs) + 1;
    resolveAt = w.raisedAtMs + periods * periodMs;
  }
  if (ackAt !== null && (resolveAt === null || ackAt <= resolveAt)) return { atMs: ackAt, reason: 'ackOverdue' };
  return resolveAt === null ? null : { atMs: resolveAt, reason: 'resolveOverdue' };
}

/**
 * The escalation due at or before `nowMs`, the earliest first (the desk applies it, sets level and
 * lastEscalationAtMs = atMs, and asks again until null), or null when none is due yet.
 */
export function dueEscalation(w: WarningTimes, ownerPostId: string, chain: readonly string[], ackWithinMs: number, nowMs: number): { level: number; postId: string; reason: EscalationReason; atMs: number } | null {
  const next = nextEscalation(w, ownerPostId, chain, ackWithinMs);
  if (next === null || next.atMs > nowMs) return null;
  const level = w.level + 1;
  return { level, postId: postAtLevel(ownerPostId, chain, level), reason: next.reason, atMs: next.atMs };
}

/** When dueEscalation would next return an escalation (the desk's timer), or null: none will come unless the warning changes. */
export function nextWakeMs(w: WarningTimes, ownerPostId: string, chain: readonly string[], ackWithinMs: number): number | null {
  return nextEscalation(w, ownerPostId, chain, ackWithinMs)?.atMs ?? null;
}
