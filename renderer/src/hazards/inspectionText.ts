import type { InspectionPlan, InspectionSlotView, RoundStatus } from '@contracts';
import type { TFunction } from 'i18next';

/**
 * The words and looks of the control room's inspection rounds (巡检, issue 18 item 4; slots and their statuses are
 * main/hazards roundStatuses's). Pure, so each is unit-tested.
 */

/** A plan as GET /api/inspections answers it: the plan, its revision, its slots in the asked range, oldest first. */
export type InspectionPlanView = { plan: InspectionPlan; revision: number; slots: InspectionSlotView[] };

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;

/**
 * A slot's colour as its alarm's priority colours it (main/alarms alarmPriority): an overdue round (the
 * inspectionRoundLate alarm) low, a missed one (inspectionRoundMissed) medium; every other status is normal and
 * grey (ISA-101: colour only for the abnormal).
 */
export function slotColour(status: RoundStatus): 'low' | 'medium' | null {
  return status === 'missed' ? 'medium' : status === 'overdue' ? 'low' : null;
}

/**
 * A plan's frequency in words from its slots' length (the site configures the frequencies per class, the screen
 * reads them off the slots): a slot of whole days is daily, weekly or "every N days"; else so many times a week.
 */
export function frequencyText(slotMs: number, t: TFunction): string {
  const days = slotMs / DAY_MS;
  if (days === 1) return t('hazards.inspections.frequency.daily');
  if (days === 7) return t('hazards.inspections.frequency.weekly');
  if (Number.isInteger(days)) return t('hazards.inspections.frequency.everyDays', { count: days });
  return t('hazards.inspections.frequency.perWeek', { count: Math.round(WEEK_MS / slotMs) });
}

/** The slot open now (its start passed, its end not), or null between slots or before the first. */
export function currentSlot(slots: readonly InspectionSlotView[], nowMs: number): InspectionSlotView | null {
  return slots.find((s) => s.startMs <= nowMs && nowMs < s.endMs) ?? null;
}

/** The slots that have ended by `nowMs`, the latest first, at most `count`. */
export function recentSlots(slots: readonly InspectionSlotView[], nowMs: number, count: number): InspectionSlotView[] {
  return slots
    .filter((s) => s.endMs <= nowMs)
    .sort((a, b) => b.startMs - a.startMs)
    .slice(0, count);
}

/**
 * Whether a plan's latest settled slot (done, late or missed) was missed: its checkpoints on the twin then take
 * the missed colour, as the inspectionRoundMissed alarm stands.
 */
export function latestSlotMissed(slots: readonly InspectionSlotView[]): boolean {
  let latest: InspectionSlotView | undefined;
  for (const s of slots) if ((s.status === 'done' || s.status === 'late' || s.status === 'missed') && (latest === undefined || s.startMs > latest.startMs)) latest = s;
  return latest?.status === 'missed';
}

/** A slot's time span in the screen's language, start and end, minutes and no seconds. */
export function slotSpanText(slot: Pick<InspectionSlotView, 'startMs' | 'endMs'>, language: string): string {
  const f = new Intl.DateTimeFormat(language, { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
  return f.formatRange(slot.startMs, slot.endMs);
}
