import type { EvacuationBoard } from '../contracts/index.js';

/**
 * How often a run's evacuation board goes into a recording (issue 12.6: a replay shows the evacuations
 * that were on screen). The core publishes each run's board at the screens' rate (about once a second);
 * the record keeps, per run:
 * - at once: a run's first board, each phase change (the order in a drill) and its last board ('ended',
 *   so that a replay drops the board where the screens did);
 * - while the board changes (people arriving, a muster point gassed), at most one per
 *   BOARD_RECORD_INTERVAL_MS: a changed board held back is taken by the next publication after it;
 * - while it stays the same, one per BOARD_REFRESH_MS, so the replayed elapsed time moves on.
 * A board is about 3 kB as JSON (EvacuationBoardSchema bounds its lists), so a run of an hour whose
 * head count changes all the time adds at most about 6 MB before compression.
 */
export const BOARD_RECORD_INTERVAL_MS = 2_000;
export const BOARD_REFRESH_MS = 10_000;
/** Runs tracked at once (one live evacuation and one drill run at a time); beyond it the oldest is forgotten. */
const MAX_TRACKED_RUNS = 8;

export class EvacuationBoardRecordThrottle {
  private readonly runs = new Map<string, { lastMs: number; phase: EvacuationBoard['phase']; content: string }>();

  /** True when this board is to be recorded. */
  take(board: EvacuationBoard, nowMs: number): boolean {
    const last = this.runs.get(board.runId);
    if (board.phase === 'ended') {
      this.runs.delete(board.runId);
      return true;
    }
    const content = boardContent(board);
    const due = !last || last.phase !== board.phase || nowMs - last.lastMs >= (content !== last.content ? BOARD_RECORD_INTERVAL_MS : BOARD_REFRESH_MS);
    if (!due) return false;
    this.runs.delete(board.runId);
    this.runs.set(board.runId, { lastMs: nowMs, phase: board.phase, content });
    for (const runId of this.runs.keys()) {
      if (this.runs.size <= MAX_TRACKED_RUNS) break;
      this.runs.delete(runId);
    }
    return true;
  }
}

/** What the board shows apart from its clocks (the run time, the people's ETAs). */
function boardContent(board: EvacuationBoard): string {
  return JSON.stringify([board.counts, board.targets, board.threat, board.gateCrossings, board.missingCount, board.missing.map((m) => [m.agentId, m.state, m.atThreatenedTargetId])]);
}

/** About how many bytes a board takes as JSON (for the recorder's bounded queue). */
export function evacuationBoardBytes(board: EvacuationBoard): number {
  return 600 + 220 * board.targets.length + 60 * board.gateCrossings.length + 100 * board.missing.length + 40 * (board.threat.musterIds.length + board.threat.gateIds.length + board.threat.safeMusterIds.length);
}
