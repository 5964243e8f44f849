import type { CheckIn, CheckItem, Checkpoint, CheckResult, HazardReport, InspectionPlan, InspectionRound, RoundStatus } from '../contracts/index.js';
import type { HazardsConfig } from './hazardsConfig.js';

const DAY_MS = 86_400_000;
/** Slots one call lists at most: two years of daily rounds (a report's range is a month or a year). */
export const MAX_SLOTS_PER_CALL = 750;

/** A scheduled slot of a plan: one round is due in [startMs, endMs). */
export type InspectionSlot = { startMs: number; endMs: number };
type Frequencies = Pick<HazardsConfig, 'roundFrequencies'>;

/**
 * The slots of a plan overlapping [fromMs, toMs): each period of `periodDays` local days from the plan's
 * anchor date is cut into `rounds` equal slots (A: a day; B: two days; C twice a week: 3½ days, Monday 00:00 to
 * Thursday 12:00 and on to Monday when anchored on a Monday). Local days by a fixed offset (`utcOffsetMin`,
 * the site's, as the permit rules use: China keeps no daylight saving). None before the anchor; at most
 * MAX_SLOTS_PER_CALL, the earliest first.
 */
export function inspectionSlots(plan: Pick<InspectionPlan, 'areaClass' | 'anchorDate'>, fromMs: number, toMs: number, config: Frequencies, utcOffsetMin: number): InspectionSlot[] {
  const { rounds, periodDays } = config.roundFrequencies[plan.areaClass];
  const slotMs = (periodDays * DAY_MS) / rounds;
  const anchorMs = Date.parse(`${plan.anchorDate}T00:00:00Z`) - utcOffsetMin * 60_000;
  const first = Math.max(0, Math.floor((fromMs - anchorMs) / slotMs));
  const slots: InspectionSlot[] = [];
  for (let k = first; slots.length < MAX_SLOTS_PER_CALL; k++) {
    const startMs = anchorMs + Math.round(k * slotMs);
    if (startMs >= toMs) break;
    const endMs = anchorMs + Math.round((k + 1) * slotMs);
    if (endMs > fromMs) slots.push({ startMs, endMs });
  }
  return slots;
}

/** A badge fix as RTLS reports it (contracts/live WorkerPosition). */
export type BadgeFix = { x: number; y: number; floor: number; tsMs: number };

/**
 * Whether a check-in at `atMs` counts (issue 18: no proxy check-ins): the inspector's badge had a fix on the
 * checkpoint's floor within `checkInWindowMs` of it (either side) and within the checkpoint's radius of its
 * point (both limits inclusive). Gives the check-in with the nearest such fix's distance, or none.
 */
export function verifyCheckIn(checkpoint: Pick<Checkpoint, 'id' | 'point' | 'floor' | 'checkInRadiusM'>, fixes: Iterable<BadgeFix>, atMs: number, config: Pick<HazardsConfig, 'checkInRadiusM' | 'checkInWindowMs'>): CheckIn {
  const radiusM = checkpoint.checkInRadiusM ?? config.checkInRadiusM;
  let nearestM: number | undefined;
  for (const fix of fixes) {
    if (fix.floor !== checkpoint.floor || Math.abs(fix.tsMs - atMs) > config.checkInWindowMs) continue;
    const d = Math.hypot(fix.x - checkpoint.point[0], fix.y - checkpoint.point[1]);
    if (nearestM === undefined || d < nearestM) nearestM = d;
  }
  return { checkpointId: checkpoint.id, atMs, verified: nearestM !== undefined && nearestM <= radiusM, ...(nearestM !== undefined && { badgeDistanceM: nearestM }) };
}

/**
 * When a round was complete, counting from `sinceMs`: every checkpoint of the plan has a verified check-in at
 * or after it, and every check item a result. The time is the last checkpoint's first verified check-in.
 * Undefined while incomplete.
 */
export function roundCompletedAtMs(plan: Pick<InspectionPlan, 'checkpoints'>, round: Pick<InspectionRound, 'checkIns' | 'results'>, sinceMs: number): number | undefined {
  let completedAtMs = -Infinity;
  for (const checkpoint of plan.checkpoints) {
    const first = round.checkIns.filter((c) => c.checkpointId === checkpoint.id && c.verified && c.atMs >= sinceMs).reduce<number | undefined>((a, c) => (a === undefined || c.atMs < a ? c.atMs : a), undefined);
    if (first === undefined) return undefined;
    if (!checkpoint.items.every((item) => round.results.some((r) => r.checkpointId === checkpoint.id && r.itemId === item.id))) return undefined;
    completedAtMs = Math.max(completedAtMs, first);
  }
  return completedAtMs;
}

export type SlotStatus = InspectionSlot & { status: RoundStatus; roundId?: string; completedAtMs?: number };

/**
 * Each slot of [fromMs, toMs) as it stands at `nowMs` (missed and late rounds are alarms of their own class,
 * the next step): a round for the slot completed inside it is `done`, within `roundLateGraceMs` after its end
 * `late`; without one the slot is `upcoming` before it, `due` in it, `overdue` in the grace and `missed` after.
 * A round counts for the slot it was opened for (`slotStartMs`), with check-ins from the slot's start, and
 * only if complete by `nowMs`; the earliest complete round of a slot is the one reported.
 */
export function roundStatuses(plan: InspectionPlan, rounds: Iterable<InspectionRound>, range: { fromMs: number; toMs: number; nowMs: number }, config: Pick<HazardsConfig, 'roundFrequencies' | 'roundLateGraceMs'>, utcOffsetMin: number): SlotStatus[] {
  const bySlot = new Map<number, InspectionRound[]>();
  for (const round of rounds) {
    if (round.planId !== plan.id) continue;
    bySlot.set(round.slotStartMs, [...(bySlot.get(round.slotStartMs) ?? []), round]);
  }
  return inspectionSlots(plan, range.fromMs, range.toMs, config, utcOffsetMin).map((slot) => {
    let best: { roundId: string; completedAtMs: number } | undefined;
    for (const round of bySlot.get(slot.startMs) ?? []) {
      const completedAtMs = roundCompletedAtMs(plan, round, slot.startMs);
      if (completedAtMs !== undefined && completedAtMs <= range.nowMs && (best === undefined || completedAtMs < best.completedAtMs)) best = { roundId: round.id, completedAtMs };
    }
    const graceEndMs = slot.endMs + config.roundLateGraceMs;
    if (best && best.completedAtMs < slot.endMs) return { ...slot, status: 'done', ...best };
    if (best && best.completedAtMs < graceEndMs) return { ...slot, status: 'late', ...best };
    const status: RoundStatus = range.nowMs < slot.startMs ? 'upcoming' : range.nowMs < slot.endMs ? 'due' : range.nowMs < graceEndMs ? 'overdue' : 'missed';
    return { ...slot, status };
  });
}

/** Whether a check result is a failure: judged not ok, or a reading outside its item's normal range (bounds inclusive). */
export function checkFailed(item: CheckItem, result: Pick<CheckResult, 'ok' | 'value'>): boolean {
  if (!result.ok) return true;
  if (item.kind !== 'reading' || result.value === undefined) return false;
  return (item.min !== undefined && result.value < item.min) || (item.max !== undefined && result.value > item.max);
}

/**
 * The hidden-danger report a failed check item opens (issue 18 item 4): located at the checkpoint, of the item's
 * hazard kind, proposing the result's urgency as its grade (a major one with the inspector's note as its
 * basis, which the acceptor confirms or changes), with the result's photo. The description is the plan's own
 * words: checkpoint, item, the reading with its unit, the note. Undefined when the item did not fail or is not
 * in the plan. The inspector files it like any report (openHazardTicket: signed, by role).
 */
export function failedItemReport(plan: InspectionPlan, round: Pick<InspectionRound, 'id'>, result: CheckResult): HazardReport | undefined {
  const checkpoint = plan.checkpoints.find((c) => c.id === result.checkpointId);
  const item = checkpoint?.items.find((i) => i.id === result.itemId);
  if (!checkpoint || !item || !checkFailed(item, result)) return undefined;
  const reading = item.kind === 'reading' && result.value !== undefined ? ` = ${result.value} ${item.unit}` : '';
  const grade = result.urgency ?? 'general';
  return {
    source: { kind: 'inspection', planId: plan.id, roundId: round.id, checkpointId: checkpoint.id, itemId: item.id },
    location: { point: checkpoint.point, floor: checkpoint.floor, placedBy: 'checkpoint' },
    kind: item.hazardKind,
    grade,
    ...(grade === 'major' && result.note !== undefined && { majorBasis: result.note }),
    description: [`${checkpoint.name}: ${item.text}${reading}`, result.note].filter((part) => part !== undefined).join('\n'),
    media: result.photo ? [result.photo] : [],
  };
}
