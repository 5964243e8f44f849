import type { Alarm, AlarmEventMessage } from '@contracts';

export type AppliedAlarmEvents = { alarms: Map<string, Alarm>; seq: number; gap: boolean };

/**
 * Applies sequenced live alarm events to a copy of the list. A gap, or a sequence that went backwards
 * (the core restarted), stops at the gap: the caller takes a fresh snapshot.
 */
export function applySequencedAlarmEvents(current: ReadonlyMap<string, Alarm>, currentSeq: number, messages: readonly AlarmEventMessage[]): AppliedAlarmEvents {
  const alarms = new Map(current);
  let seq = currentSeq;
  for (const message of messages) {
    if (message.seq !== seq + 1) return { alarms, seq, gap: true };
    if (message.alarm.state === 'normal') alarms.delete(message.alarm.alarmId);
    else alarms.set(message.alarm.alarmId, message.alarm);
    seq = message.seq;
  }
  return { alarms, seq, gap: false };
}

/**
 * The incoming side of a screen's live alarm list: events batched until the next paint, and snapshot
 * requests answered later. Each change of source (live to replay and back) opens a new epoch; a batch
 * or a snapshot answer that belongs to an earlier epoch is dropped, so a live alarm can never be merged
 * into a replayed list (nor a stale live snapshot overwrite a newer one).
 */
export class LiveAlarmFeed {
  private pending: AlarmEventMessage[] = [];
  private epoch = 0;

  /** Buffers an event; true when it is the first of a batch (the caller schedules the flush). */
  push(message: AlarmEventMessage): boolean {
    this.pending.push(message);
    return this.pending.length === 1;
  }

  /** The buffered events, emptied. */
  take(): AlarmEventMessage[] {
    const batch = this.pending;
    this.pending = [];
    return batch;
  }

  /** The screen changes source: whatever is buffered or on its way belongs to the old one. */
  changeSource(): void {
    this.pending = [];
    this.epoch++;
  }

  /** A token for an answer that arrives later (a snapshot request). */
  ticket(): number {
    return this.epoch;
  }

  isCurrent(ticket: number): boolean {
    return ticket === this.epoch;
  }
}
