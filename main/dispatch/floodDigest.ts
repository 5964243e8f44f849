import type { MessageKind, WarningGrade } from '../contracts/index.js';
import type { DigestConfig } from './channelConfig.js';
import type { DigestFacts } from './messageText.js';

/** What the digest needs of a message. */
export type DigestItem = { kind: MessageKind; grade: WarningGrade; createdAtMs: number };

type Window<T> = { startMs: number; passed: number; held: T[] };

/** A window that ended holding messages: they become one summary message to the recipient on the channel. */
export type DueDigest<T> = { key: string; items: T[]; facts: DigestFacts };

/**
 * Flood digesting (issue 19 item 3: "one summary message instead of two hundred"), per recipient and channel
 * (`key`): the first message opens a window of `windowS`; the first `maxPerRecipient` messages in it go at
 * once, the rest are held and, at the window's end, fold into ONE summary. The next message after a window
 * opens a new one. Evacuation notices always go at once (a person told to leave must not wait for a summary)
 * and count towards the window. Pure: time is a parameter, the caller asks for what is due.
 */
export class FloodDigest<T extends DigestItem> {
  private readonly windows = new Map<string, Window<T>>();

  constructor(private readonly config: DigestConfig) {}

  /** 'send' now, or 'held' for the window's summary. */
  offer(key: string, item: T, nowMs: number): 'send' | 'held' {
    const window = this.windowAt(key, nowMs);
    if (item.kind === 'evacuate' || window.passed < this.config.maxPerRecipient) {
      window.passed += 1;
      return 'send';
    }
    window.held.push(item);
    return 'held';
  }

  /** Holds a message for the window's summary whatever the count (messages held before a restart stay folded). */
  hold(key: string, item: T, nowMs: number): void {
    const window = this.windowAt(key, nowMs);
    window.passed = Math.max(window.passed, this.config.maxPerRecipient);
    window.held.push(item);
  }

  /** The windows ended by `nowMs` that hold messages, each as one summary; ended windows are forgotten. */
  due(nowMs: number): DueDigest<T>[] {
    const result: DueDigest<T>[] = [];
    for (const [key, window] of this.windows) {
      if (nowMs < window.startMs + this.config.windowS * 1000) continue;
      this.windows.delete(key);
      if (window.held.length > 0) result.push({ key, items: window.held, facts: digestFacts(window.held) });
    }
    return result;
  }

  /** When the next window ends (the caller's timer), or null when none is open. */
  nextDueMs(): number | null {
    let next: number | null = null;
    for (const window of this.windows.values()) {
      const end = window.startMs + this.config.windowS * 1000;
      if (next === null || end < next) next = end;
    }
    return next;
  }

  /** Messages held now, over all windows. */
  get heldCount(): number {
    let count = 0;
    for (const window of this.windows.values()) count += window.held.length;
    return count;
  }

  private windowAt(key: string, nowMs: number): Window<T> {
    const open = this.windows.get(key);
    if (open && nowMs < open.startMs + this.config.windowS * 1000) return open;
    // An ended window still holding messages waits for due(): a new one for the key would lose them.
    if (open && open.held.length > 0) return open;
    const window: Window<T> = { startMs: nowMs, passed: 0, held: [] };
    this.windows.set(key, window);
    return window;
  }
}

/** Counts by grade and kind and the span of the folded messages. */
export function digestFacts(items: readonly DigestItem[]): DigestFacts {
  const byGrade: Record<WarningGrade, number> = { 1: 0, 2: 0, 3: 0, 4: 0 };
  const byKind: Partial<Record<MessageKind, number>> = {};
  let firstAtMs = Infinity;
  let lastAtMs = -Infinity;
  for (const item of items) {
    byGrade[item.grade] += 1;
    byKind[item.kind] = (byKind[item.kind] ?? 0) + 1;
    firstAtMs = Math.min(firstAtMs, item.createdAtMs);
    lastAtMs = Math.max(lastAtMs, item.createdAtMs);
  }
  return { count: items.length, byGrade, byKind, firstAtMs, lastAtMs };
}
