import type { Alarm, AlarmEventMessage, AlarmSnapshot } from '../contracts/index.js';

/**
 * The current alarm picture for clients: the latest state of each alarm not back to normal,
 * and a sequence number per change so a client that misses one can ask for a snapshot.
 */
export class AlarmBoard {
  private readonly active = new Map<string, Alarm>();
  private seq = 0;

  apply(alarm: Alarm): AlarmEventMessage {
    this.seq++;
    if (alarm.state === 'normal') this.active.delete(alarm.alarmId);
    else this.active.set(alarm.alarmId, alarm);
    return { seq: this.seq, alarm };
  }

  /** Replaces the picture (a replay's seek): the next snapshot carries these, under a new number. */
  restore(alarms: readonly Alarm[]): AlarmSnapshot {
    this.active.clear();
    for (const alarm of alarms) if (alarm.state !== 'normal') this.active.set(alarm.alarmId, alarm);
    this.seq++;
    return this.snapshot();
  }

  snapshot(): AlarmSnapshot {
    return { seq: this.seq, alarms: [...this.active.values()] };
  }

  get size(): number {
    return this.active.size;
  }
}
