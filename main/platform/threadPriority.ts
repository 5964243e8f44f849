// eslint-disable-next-line no-restricted-syntax -- /proc/thread-self names the calling thread: an asynchronous readlink runs on libuv's pool and would name a pool thread.
import { readlinkSync } from 'node:fs';
import os from 'node:os';

/**
 * Lowers the calling thread's scheduling priority (a worker thread doing background work: writing
 * history, recordings). On Linux, nice 10 weighs 110 against 1024 for nice 0 in the CFS scheduler
 * (kernel/sched/core.c, sched_prio_to_weight): under contention such a thread gets about a tenth of a
 * normal thread's CPU share, so ingestion, alarm evaluation and the broker go first and the background
 * work catches up from its bounded queue when cores are free; on an idle core it runs at full speed.
 * setpriority() takes a thread id on Linux (a thread is a task), found through /proc/thread-self.
 * Elsewhere (macOS, Windows: setpriority of the process id would lower the whole core) nothing changes.
 * Returns whether the priority was lowered.
 */
export function lowerThreadPriority(niceness: number): boolean {
  if (process.platform !== 'linux' || niceness <= 0) return false;
  try {
    os.setPriority(Number(readlinkSync('/proc/thread-self').split('/').pop()), niceness);
    return true;
  } catch {
    // No /proc or not permitted: the thread runs at normal priority.
    return false;
  }
}
