import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NewAuditEntry } from '../audit/index.js';
import type { RetentionOutcome } from './retention.js';
import { RETENTION_JOURNAL_ACTION, RetentionSchedule } from './RetentionSchedule.js';

const OUTCOMES: RetentionOutcome[] = [
  { table: 'worker_positions', dataClass: 'personalDataDays', cutoffMs: 100, deletedRows: 3, chunks: 1 },
  { table: 'camera_events', dataClass: 'personalDataDays', cutoffMs: 100, deletedRows: 0, chunks: 0 },
  { table: 'samples_raw', dataClass: 'rawSamplesDays', cutoffMs: 200, deletedRows: 0, chunks: 0 },
  { table: 'markers', dataClass: 'recordsDays', cutoffMs: 300, deletedRows: 5, chunks: 1 },
];

/** An apply whose runs finish when the test says, counting how many are in flight at once. */
function controlledApply() {
  const state = { calls: [] as number[], inFlight: 0, maxInFlight: 0, finish: [] as (() => void)[] };
  const apply = (nowMs: number) => {
    state.calls.push(nowMs);
    state.inFlight += 1;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    return new Promise<RetentionOutcome[]>((resolve) =>
      state.finish.push(() => {
        state.inFlight -= 1;
        resolve(OUTCOMES);
      }),
    );
  };
  return { state, apply };
}

describe('the retention schedule', () => {
  afterEach(() => vi.useRealTimers());

  it('runs shortly after start and then each interval, timed from the end of a run, never two at once', async () => {
    vi.useFakeTimers();
    const { state, apply } = controlledApply();
    const journaled: NewAuditEntry[] = [];
    const schedule = new RetentionSchedule({ apply, journal: { append: async (e) => journaled.push(e) }, onError: (e) => expect.fail(String(e)), firstRunDelayMs: 1000, intervalMs: 10_000, nowMs: () => 42 });
    await vi.advanceTimersByTimeAsync(999);
    expect(state.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(state.calls).toEqual([42]);
    // A slow run: intervals pass and runNow is asked for, yet no second run starts.
    const asked = schedule.runNow();
    await vi.advanceTimersByTimeAsync(50_000);
    expect(state.calls).toHaveLength(1);
    state.finish.shift()!();
    await asked;
    expect(journaled).toHaveLength(2);
    // The next run comes one interval after the end of the previous one.
    await vi.advanceTimersByTimeAsync(9_999);
    expect(state.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(state.calls).toHaveLength(2);
    // stop() waits for the run in flight and nothing runs after it.
    let stopped = false;
    const stopping = schedule.stop().then(() => (stopped = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(stopped).toBe(false);
    state.finish.shift()!();
    await stopping;
    await vi.advanceTimersByTimeAsync(100_000);
    expect(state.calls).toHaveLength(2);
    expect(state.maxInFlight).toBe(1);
  });

  it('journals one entry per data class that lost rows: by system, tables, cut-offs and rows', async () => {
    const journaled: NewAuditEntry[] = [];
    const schedule = new RetentionSchedule({ apply: async () => OUTCOMES, journal: { append: async (e) => journaled.push(e) }, onError: (e) => expect.fail(String(e)), firstRunDelayMs: 60_000 });
    await schedule.runNow();
    await schedule.stop();
    expect(journaled).toEqual([
      {
        kind: 'note',
        by: 'system',
        data: {
          action: RETENTION_JOURNAL_ACTION,
          dataClass: 'personalDataDays',
          tables: [
            { table: 'worker_positions', cutoffMs: 100, deletedRows: 3 },
            { table: 'camera_events', cutoffMs: 100, deletedRows: 0 },
          ],
        },
      },
      { kind: 'note', by: 'system', data: { action: RETENTION_JOURNAL_ACTION, dataClass: 'recordsDays', tables: [{ table: 'markers', cutoffMs: 300, deletedRows: 5 }] } },
    ]);
  });

  it('reports a failed run and runs again at the next interval', async () => {
    vi.useFakeTimers();
    const errors: unknown[] = [];
    let calls = 0;
    const schedule = new RetentionSchedule({
      apply: async () => {
        calls += 1;
        throw new Error('connection lost');
      },
      journal: null,
      onError: (e) => errors.push(e),
      firstRunDelayMs: 10,
      intervalMs: 100,
    });
    await vi.advanceTimersByTimeAsync(110);
    expect(calls).toBe(2);
    expect(errors.map((e) => (e as Error).message)).toEqual(['connection lost', 'connection lost']);
    await schedule.stop();
  });
});
