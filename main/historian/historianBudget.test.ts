import { describe, expect, it } from 'vitest';
import { MessageBus } from '../bus/MessageBus.js';
import type { CoreTopics } from '../bus/coreTopics.js';
import type { Problem } from '../contracts/index.js';
import { HistorianBudgetMonitor, type HistorianBudget, type HistorianSize } from './historianBudget.js';

const HOUR_MS = 3_600_000;
const GB = 1e9;

/** A monitor over scripted sizes at scripted times; what it publishes and reports is collected. */
function scripted(retentionDays = 90) {
  const clock = { nowMs: 0, size: { bytes: 0, capacityBytes: 0 as number | null } satisfies HistorianSize };
  const bus = new MessageBus<CoreTopics>();
  const raised: Problem[] = [];
  const cleared: string[] = [];
  const reported: HistorianBudget[] = [];
  bus.subscribe('problem', (p) => raised.push(p));
  bus.subscribe('problemCleared', (p) => cleared.push(p.code));
  const monitor = new HistorianBudgetMonitor({ measure: async () => ({ ...clock.size }), retentionDays, bus, onBudget: (b) => reported.push(b), nowMs: () => clock.nowMs });
  const at = (hours: number, bytes: number, capacityBytes: number | null) => {
    clock.nowMs = hours * HOUR_MS;
    clock.size = { bytes, capacityBytes };
    return monitor.sample();
  };
  return { monitor, at, raised, cleared, reported };
}

describe('the historian disk budget', () => {
  it('estimates nothing before an hour is measured, then the days the disk holds at the growth over the window', async () => {
    const { at, raised, reported } = scripted();
    expect(await at(0, 10 * GB, 60 * GB)).toBeNull();
    expect(await at(0.5, 10.1 * GB, 60 * GB)).toBeNull();
    // 12 hours later the database grew by 0.5 GB: 1 GB a day; 60 GB of disk hold 60 days, less than 90.
    const budget = await at(12, 10.5 * GB, 60 * GB);
    expect(budget).toMatchObject({ sizeBytes: 10.5 * GB, capacityBytes: 60 * GB, retentionDays: 90, short: true });
    expect(budget!.bytesPerDay).toBeCloseTo(GB, 0);
    expect(budget!.daysHeld).toBeCloseTo(60, 9);
    expect(budget!.measuredHours).toBe(12);
    expect(raised).toEqual([
      {
        code: 'ST_ERR_HISTORIAN_BUDGET',
        severity: 'warning',
        message: "the historian's disk (60.0 GB with the database) holds about 60 days at the current 1.00 GB per day, less than the 90 days raw samples are kept",
        tip: 'Give the historian at least 90 GB of disk, or shorten historianRetention.rawSamplesDays; otherwise the disk fills before retention frees space.',
      },
    ]);
    expect(reported).toHaveLength(1);
  });

  it('measures over the last day only, and clears the problem when the rate falls', async () => {
    const { at, raised, cleared, reported } = scripted();
    await at(0, 0, 60 * GB);
    await at(12, 1 * GB, 60 * GB); // 2 GB a day: 30 days
    expect(raised).toHaveLength(1);
    // The next day grows 0.2 GB: measured from the size at or before 24 h ago (12 h: 1 GB), not from the start.
    await at(36, 1.2 * GB, 60 * GB);
    const budget = await at(48, 1.2 * GB, 60 * GB);
    expect(budget!.measuredHours).toBe(36);
    expect(budget!.bytesPerDay).toBeCloseTo((0.2 * GB) / 1.5, 0);
    expect(budget!.short).toBe(false);
    expect(cleared).toEqual(['ST_ERR_HISTORIAN_BUDGET']);
    expect(reported.map((b) => b.short)).toEqual([true, false]);
    // Retention freed space faster than rows were written: not growing, holds for ever.
    const shrinking = await at(72, 1.1 * GB, 60 * GB);
    expect(shrinking).toMatchObject({ bytesPerDay: 0, daysHeld: Infinity, short: false });
    expect(raised).toHaveLength(1);
  });

  it('reports the growth without days held when the capacity is not visible (PostgreSQL)', async () => {
    const { at, raised } = scripted(1);
    await at(0, 0, null);
    const budget = await at(24, 100 * GB, null);
    expect(budget).toMatchObject({ capacityBytes: null, daysHeld: null, short: false, bytesPerDay: 100 * GB });
    expect(raised).toEqual([]);
  });
});
