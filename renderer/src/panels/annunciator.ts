import type { AlarmPriority } from '@contracts';

/**
 * Audible annunciation with the Web Audio API (no sound files): a distinct pattern per priority,
 * repeating while an unacknowledged alarm of that priority exists (ISA-18.2: audible alerting until
 * acknowledged; patterns after IEC 60601-1-8's high/medium burst idea, lower pitch for lower priority).
 */
const PATTERNS: Record<AlarmPriority, { hz: number; beeps: number; periodMs: number }> = {
  urgent: { hz: 988, beeps: 3, periodMs: 2_000 },
  high: { hz: 784, beeps: 2, periodMs: 4_000 },
  medium: { hz: 659, beeps: 1, periodMs: 8_000 },
  low: { hz: 523, beeps: 1, periodMs: 15_000 },
};
const BEEP_S = 0.15;
const GAP_S = 0.1;

export class Annunciator {
  private context: AudioContext | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private current: AlarmPriority | null = null;
  muted = false;

  /** Sound for the most urgent unacknowledged priority, or silence for null. */
  sound(priority: AlarmPriority | null): void {
    if (priority === this.current) return;
    this.current = priority;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (priority) this.loop(priority);
  }

  private loop(priority: AlarmPriority): void {
    if (!this.muted) this.beep(PATTERNS[priority]);
    this.timer = setTimeout(() => this.loop(priority), PATTERNS[priority].periodMs);
  }

  private beep(pattern: { hz: number; beeps: number }): void {
    // Browsers allow audio only after a user gesture; until then this stays silent, visibly muted.
    this.context ??= typeof AudioContext === 'undefined' ? null : new AudioContext();
    const context = this.context;
    if (!context || context.state !== 'running') {
      void context?.resume().catch(() => undefined);
      return;
    }
    for (let i = 0; i < pattern.beeps; i++) {
      const start = context.currentTime + i * (BEEP_S + GAP_S);
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.frequency.value = pattern.hz;
      gain.gain.setValueAtTime(0.2, start);
      gain.gain.exponentialRampToValueAtTime(0.001, start + BEEP_S);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(start);
      oscillator.stop(start + BEEP_S);
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    void this.context?.close();
  }
}
