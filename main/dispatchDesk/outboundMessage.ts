import type { AlarmCondition, AlarmPriority, AlarmSourceKind, DeliveryView, EscalationReason, MessageKind, WarningGrade } from '../contracts/index.js';

/**
 * The interface between the warning desk and the outbox (issue 19, docs/dispatch.md §channels): the desk decides
 * WHO gets WHAT and hands `OutboundMessage`s to a `MessageSink`; the Outbox renders each per channel and per
 * person's locale, sends, retries, digests floods and reports every delivery back. A message carries ids and
 * values, never rendered words (the locale is the recipient's) nor addresses (they stay in the roster).
 */
export type OutboundMessage = {
  /** Unique per message; a delivery is (messageId, channel), so enqueuing the same message twice sends it once. */
  messageId: string;
  kind: MessageKind;
  warningId: string;
  /**
   * The roster person it is for, on the personal channels (e-mail, SMS, Web Push); null = a message to the group
   * channels (webhook, WeCom and DingTalk group robots), which take only these. Send one null-person message per
   * event and one per person: a group is told once, each person on their own channels.
   */
  personId: string | null;
  /** A group message's @mentions: roster people (their phone / WeCom id from the roster); ignored on personal channels. */
  mentionPersonIds?: string[];
  grade: WarningGrade;
  priority: AlarmPriority;
  alarmId: string;
  condition: AlarmCondition;
  sourceKind?: AlarmSourceKind;
  areaId?: string;
  sourceId: string;
  value?: number;
  unit?: string;
  /** Escalation level (0 = the owner's post). */
  level?: number;
  /** The post answerable now (the owner's or the escalated one). */
  postId?: string;
  /** An escalation's cause (kind 'escalated'). */
  reason?: EscalationReason;
  /** When it must be acknowledged (assigned, escalated) — epoch ms. */
  deadlineMs?: number;
  /** Evacuation notices: where to go. */
  musterPointIds?: string[];
  createdAtMs: number;
};

/** Where the desk hands its messages; the Outbox implements it (durable, never blocks the caller). */
export interface MessageSink {
  enqueue(messages: OutboundMessage[]): void;
}

/** One delivery's status, Outbox → desk (the warning's `deliveries`). */
export type DeliveryReport = DeliveryView & { warningId: string };
