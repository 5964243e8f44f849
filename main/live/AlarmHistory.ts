import type { AlarmTransition } from '../contracts/index.js';

/**
 * The most recent alarm transitions, for the sensor panel's alarm history and the banner: a
 * bounded ring (the recorder keeps everything; this is the live view's short memory).
 */
export class AlarmHistory {
  private readonly ring: (AlarmTransition | undefined)[];
  private next = 0;
  private count = 0;

  constructor(private readonly capacity = 10_000) {
    this.ring = new Array<AlarmTransition | undefined>(capacity);
  }

  record(transition: AlarmTransition): void {
    this.ring[this.next] = transition;
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  /** Newest first, optionally for one source, at most `limit`. */
  recent(limit: number, sourceId?: string): AlarmTransition[] {
    const out: AlarmTransition[] = [];
    for (let k = 1; k <= this.count && out.length < limit; k++) {
      const transition = this.ring[(this.next - k + this.capacity) % this.capacity]!;
      if (sourceId === undefined || transition.alarm.sourceId === sourceId) out.push(transition);
    }
    return out;
  }
}
