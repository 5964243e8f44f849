import type { AlarmPriority, WarningDeadline } from '@contracts';

/**
 * What the alarm list and the banner show beside an alarm with an open warning (issue 19 item 2): the time left to
 * acknowledge it, once acknowledged the time left to resolve it, past either the time it is overdue, and where it
 * went when it escalated. ISA-101 (and EEMUA 201 §5): grey while on time; colour only when abnormal — overdue or
 * escalated — and then the alarm's own priority colour, so the colour says how bad as everywhere else on the screen.
 */
export type CountdownLook = {
  /** Which deadline runs: acknowledge, then (once acknowledged) resolve. */
  phase: 'ack' | 'resolve';
  overdue: boolean;
  /** Time left (counting down) or, overdue, time past the deadline (counting up): always ≥ 0. */
  clock: string;
  /** 0 = still with the owner's post; n = escalated n posts up the chain. */
  level: number;
  /** The post answerable now (the owner's or the escalated one). */
  postId: string;
  /** 'normal' = grey; otherwise the priority whose colour it takes. */
  tone: 'normal' | AlarmPriority;
};

const SECOND_MS = 1000;

/**
 * A duration as a clock: mm:ss under an hour, h:mm:ss above (a low-priority warning has a day to be resolved).
 * Time left is rounded up (00:01 until the last second is gone, 00:00 at the deadline); time past rounded down
 * (00:00 at the deadline, 00:01 a second later), so the clock never shows the same second on both sides.
 */
export function clockText(durationMs: number, round: 'up' | 'down' = 'down'): string {
  const totalS = Math.max(0, round === 'up' ? Math.ceil(durationMs / SECOND_MS) : Math.floor(durationMs / SECOND_MS));
  const hours = Math.floor(totalS / 3600);
  const minutes = Math.floor((totalS % 3600) / 60);
  const seconds = totalS % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return hours > 0 ? `${hours}:${two(minutes)}:${two(seconds)}` : `${two(minutes)}:${two(seconds)}`;
}

/**
 * The countdown of a warning at `serverNowMs` (the core's clock: Date.now() + the hello's offset); null once there
 * is nothing left to count to: acknowledged and its alarm cleared (resolved; the disposition is the operator's next
 * step, in the to-dispose list). A cleared alarm not yet acknowledged still counts to its acknowledgement.
 */
export function countdownOf(deadline: WarningDeadline, alarm: { priority: AlarmPriority; active: boolean }, serverNowMs: number): CountdownLook | null {
  if (deadline.acknowledged && !alarm.active) return null;
  const priority = alarm.priority;
  const phase = deadline.acknowledged ? 'resolve' : 'ack';
  const dueMs = phase === 'ack' ? deadline.ackDueMs : deadline.resolveDueMs;
  const overdue = serverNowMs >= dueMs + SECOND_MS;
  return {
    phase,
    overdue,
    clock: overdue ? clockText(serverNowMs - dueMs, 'down') : clockText(dueMs - serverNowMs, 'up'),
    level: deadline.level,
    postId: deadline.currentPostId,
    tone: overdue || deadline.level > 0 ? priority : 'normal',
  };
}

/** The i18n key of the countdown's words (dispatch.countdown.*). */
export function countdownKey(look: CountdownLook): 'ack' | 'resolve' | 'ackOverdue' | 'resolveOverdue' {
  return look.overdue ? (look.phase === 'ack' ? 'ackOverdue' : 'resolveOverdue') : look.phase;
}
