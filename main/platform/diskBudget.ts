const DAY_MS = 86_400_000;

/** How long a disk budget lasts at a measured data rate (issue 14 item 17, issue 16.3). */
export type DiskBudget = {
  /** Bytes per day at the measured rate (as on disk). */
  bytesPerDay: number;
  /** How many days `maxTotalBytes` holds at that rate (Infinity when nothing grows). */
  daysHeld: number;
  maxTotalBytes: number;
  /** The retention period the data must be kept, when there is one. */
  retentionDays: number | null;
  /** Time the rate was measured over. */
  measuredHours: number;
  /** The budget holds less than the retention period: data will go (or the disk fill) before its age limit. */
  short: boolean;
};

/**
 * The days a budget of `maxTotalBytes` holds when `bytes` were written in `durationMs`, against a
 * retention period: the recordings' budget (recordingBudget.ts) and the historian's (historianBudget.ts).
 * A rate of zero or less (nothing written, or space freed faster than written) holds for ever.
 */
export function diskBudgetOf(measured: { bytes: number; durationMs: number }, policy: { maxTotalBytes: number; retentionDays?: number }): DiskBudget {
  const bytesPerDay = (Math.max(0, measured.bytes) / measured.durationMs) * DAY_MS;
  const daysHeld = bytesPerDay > 0 ? policy.maxTotalBytes / bytesPerDay : Infinity;
  const retentionDays = policy.retentionDays ?? null;
  return { bytesPerDay, daysHeld, maxTotalBytes: policy.maxTotalBytes, retentionDays, measuredHours: measured.durationMs / 3_600_000, short: retentionDays !== null && daysHeld < retentionDays };
}
