import type { JournalSink } from '../audit/index.js';
import type { RetentionClass, RetentionOutcome } from './retention.js';

/** The first run waits a little after start so it does not compete with the core's boot. */
export const RETENTION_FIRST_RUN_DELAY_MS = 60_000;
export const RETENTION_INTERVAL_MS = 3_600_000;

/** The journal's `data.action` of a retention deletion (one entry per data class and run). */
export const RETENTION_JOURNAL_ACTION = 'historianRetention';

/**
 * Runs the historian's retention (applyRetention) shortly after start and then every interval, never
 * two runs at once: the next run is timed from the end of the previous one, and `runNow` while a run is
 * in flight returns that run. Each run that deleted anything journals one entry per data class (issue
 * 16.3: "each deletion in the audit journal"): who (system), the tables, their cut-offs and rows.
 */
export class RetentionSchedule {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly options: {
      apply: (nowMs: number) => Promise<RetentionOutcome[]>;
      journal: JournalSink | null;
      onError: (error: unknown) => void;
      firstRunDelayMs?: number;
      intervalMs?: number;
      nowMs?: () => number;
    },
  ) {
    this.schedule(options.firstRunDelayMs ?? RETENTION_FIRST_RUN_DELAY_MS);
  }

  /** One run now, or the one already in flight. */
  runNow(): Promise<void> {
    this.running ??= this.run().finally(() => {
      this.running = null;
      if (!this.stopped) this.schedule(this.options.intervalMs ?? RETENTION_INTERVAL_MS);
    });
    return this.running;
  }

  /** No further runs; waits for one in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(delayMs: number) {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.runNow();
    }, delayMs);
    // Retention never keeps the process alive (a core closing, a CLI command).
    this.timer.unref();
  }

  private async run() {
    try {
      const outcomes = await this.options.apply((this.options.nowMs ?? Date.now)());
      const byClass = new Map<RetentionClass, RetentionOutcome[]>();
      for (const outcome of outcomes) byClass.set(outcome.dataClass, [...(byClass.get(outcome.dataClass) ?? []), outcome]);
      for (const [dataClass, tables] of byClass) {
        if (!tables.some((t) => t.deletedRows > 0)) continue;
        await this.options.journal?.append({
          kind: 'note',
          by: 'system',
          data: { action: RETENTION_JOURNAL_ACTION, dataClass, tables: tables.map(({ table, cutoffMs, deletedRows }) => ({ table, cutoffMs, deletedRows })) },
        });
      }
    } catch (error) {
      this.options.onError(error);
    }
  }
}
