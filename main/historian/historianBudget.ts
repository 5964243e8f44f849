import { stat, statfs } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import type { CoreTopics, MessageBus } from '../bus/index.js';
import { diskBudgetOf } from '../platform/index.js';
import type { HistorianDb, HistorianLocation } from './openHistorianDb.js';

const DAY_MS = 86_400_000;

/** The historian's size now, and the bytes it may grow to (null: not visible from here). */
export type HistorianSize = { bytes: number; capacityBytes: number | null };

/** How long the historian's disk lasts at its current growth (issue 16.3: "disk budget with an estimate of days held at the current rate"). */
export type HistorianBudget = {
  sizeBytes: number;
  /** Net growth per day over the measured window (rows written less space retention freed for reuse). */
  bytesPerDay: number;
  measuredHours: number;
  /** The database's size plus the free space of its volume (embedded); null on PostgreSQL (the server's disk is not visible to a client). */
  capacityBytes: number | null;
  /** Days `capacityBytes` holds at `bytesPerDay` (Infinity when not growing); null when the capacity is unknown. */
  daysHeld: number | null;
  /** The raw samples' retention period, the one the disk must hold (raw rows are almost all the bytes). */
  retentionDays: number;
  short: boolean;
};

/**
 * The embedded file (with its WAL) against its volume's free space, or PostgreSQL's
 * pg_database_size (postgresql.org/docs/current/functions-admin.html#FUNCTIONS-ADMIN-DBSIZE).
 */
export async function measureHistorianSize(historian: HistorianDb, location: HistorianLocation): Promise<HistorianSize> {
  if (location.engine === 'postgres') {
    const { rows } = await sql<{ bytes: number | string }>`select pg_database_size(current_database()) as bytes`.execute(historian.db);
    return { bytes: Number(rows[0]!.bytes), capacityBytes: null };
  }
  const sizeOf = async (file: string) => (await stat(file).catch(() => null))?.size ?? 0;
  const bytes = (await sizeOf(location.file)) + (await sizeOf(`${location.file}-wal`));
  const volume = await statfs(path.dirname(location.file));
  return { bytes, capacityBytes: bytes + volume.bavail * volume.bsize };
}

export interface HistorianBudgetOptions {
  measure(): Promise<HistorianSize>;
  /** The raw samples' retention period (historianRetention.rawSamplesDays). */
  retentionDays: number;
  bus: MessageBus<CoreTopics>;
  /** The first estimate, and each time it turns short or sufficient (the core logs it, as the recordings' budget). */
  onBudget?: (budget: HistorianBudget) => void;
  /** A size is taken this often (default 10 minutes); `sample()` takes one now. */
  sampleIntervalMs?: number;
  /** The rate is the growth over about this much time (default a day, as the recordings' budget). */
  windowMs?: number;
  /** Less time measured than this says nothing about the rate yet (default an hour: SQLite grows by pages, its WAL by checkpoints). */
  minMeasuredMs?: number;
  nowMs?: () => number;
}

/**
 * Measures the historian's size over time and estimates the days its disk holds at the current
 * growth, raising ST_ERR_HISTORIAN_BUDGET on the bus when that is less than the raw samples'
 * retention period (the disk fills before retention frees space) and clearing it when not.
 * The days-held arithmetic is the recordings' (main/platform/diskBudget.ts).
 */
export class HistorianBudgetMonitor {
  private readonly sizes: { atMs: number; bytes: number }[] = [];
  private budget: HistorianBudget | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly nowMs: () => number;

  constructor(private readonly options: HistorianBudgetOptions) {
    this.nowMs = options.nowMs ?? Date.now;
  }

  /** Takes a size now and then every sample interval (the timer does not keep the process alive). */
  start(): void {
    const next = () => {
      if (this.stopped) return;
      this.timer = setTimeout(() => void this.sample().catch(() => undefined).then(next), this.options.sampleIntervalMs ?? 600_000);
      this.timer.unref();
    };
    void this.sample().catch(() => undefined).then(next);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** The last estimate (null: not measured long enough yet). */
  get current(): HistorianBudget | null {
    return this.budget;
  }

  /** Takes a size and re-estimates; a database that cannot be measured now (lost) rejects and is measured next time. */
  async sample(): Promise<HistorianBudget | null> {
    const size = await this.options.measure();
    const atMs = this.nowMs();
    this.sizes.push({ atMs, bytes: size.bytes });
    const windowMs = this.options.windowMs ?? DAY_MS;
    // Keep the newest size at or before the window's start, so the window stays covered.
    while (this.sizes.length > 2 && this.sizes[1]!.atMs <= atMs - windowMs) this.sizes.shift();
    const first = this.sizes[0]!;
    const durationMs = atMs - first.atMs;
    if (durationMs < (this.options.minMeasuredMs ?? 3_600_000)) return null;
    const retentionDays = this.options.retentionDays;
    const disk = diskBudgetOf({ bytes: size.bytes - first.bytes, durationMs }, { maxTotalBytes: size.capacityBytes ?? 0, retentionDays });
    const known = size.capacityBytes !== null;
    const budget: HistorianBudget = {
      sizeBytes: size.bytes,
      bytesPerDay: disk.bytesPerDay,
      measuredHours: disk.measuredHours,
      capacityBytes: size.capacityBytes,
      daysHeld: known ? disk.daysHeld : null,
      retentionDays,
      short: known && disk.short,
    };
    const previous = this.budget;
    this.budget = budget;
    if (budget.short) {
      this.options.bus.publish('problem', {
        code: 'ST_ERR_HISTORIAN_BUDGET',
        severity: 'warning',
        message: `the historian's disk (${(budget.capacityBytes! / 1e9).toFixed(1)} GB with the database) holds about ${budget.daysHeld!.toFixed(0)} days at the current ${(budget.bytesPerDay / 1e9).toFixed(2)} GB per day, less than the ${retentionDays} days raw samples are kept`,
        tip: `Give the historian at least ${Math.ceil((budget.bytesPerDay * retentionDays) / 1e9)} GB of disk, or shorten historianRetention.rawSamplesDays; otherwise the disk fills before retention frees space.`,
      });
    } else if (previous?.short) {
      this.options.bus.publish('problemCleared', { code: 'ST_ERR_HISTORIAN_BUDGET' });
    }
    if (!previous || previous.short !== budget.short) this.options.onBudget?.(budget);
    return budget;
  }
}
