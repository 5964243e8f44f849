import type { AlarmSourceKind, DeliveryView, MessageKind } from '../contracts/index.js';
import type { WarningMessageFacts } from '../dispatch/index.js';

/**
 * The interface between the warning desk and the outbox (issue 19, docs/dispatch.md §channels): the desk decides
 * WHO gets WHAT and hands `OutboundMessage`s to a `MessageSink`; the Outbox renders each per channel and per
 * person's locale, sends, retries, digests floods and reports every delivery back. A message carries ids and
 * values, never rendered words (the locale is the recipient's) nor addresses (they stay in the roster): the
 * warning's facts its words are rendered from (main/dispatch messageText), and who gets it.
 */
export type OutboundMessage = Omit<WarningMessageFacts, 'kind'> & {
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
  alarmId: string;
  sourceKind?: AlarmSourceKind;
};

/** Where the desk hands its messages; the Outbox implements it (durable, never blocks the caller). */
export interface MessageSink {
  enqueue(messages: OutboundMessage[]): void;
}

/** One delivery's status, Outbox → desk (the warning's `deliveries`). */
export type DeliveryReport = DeliveryView & { warningId: string };
