import { evacuationBoardView, type EvacuationBoard, type EvacuationSnapshot } from '../../contracts/index.js';
import type { CoreTopics, MessageBus } from '../../bus/index.js';

/** The screens refresh their muster board once a second (renderer evacuationFeed): the bus gets it as often. */
export const BOARD_PUBLISH_MS = 1_000;

/** What labels a run's board beside its frame: the run's phase, a drill's name, who ordered or started it. */
export type BoardRunLabel = Pick<EvacuationBoard, 'phase'> & Partial<Pick<EvacuationBoard, 'name' | 'by'>>;

/**
 * Each run's evacuation board on the core bus (topic evacuationBoard), so that the recorder keeps what the
 * screens showed (issue 12.6) without the per-person frames: at most once a second per run, at once when
 * the run's phase changes, and a last board with phase 'ended' when the run ends, however it ends.
 */
export class EvacuationBoardPublisher {
  private readonly last = new Map<string, { ms: number; phase: EvacuationBoard['phase'] }>();

  constructor(
    private readonly bus: MessageBus<CoreTopics>,
    private readonly nowMs: () => number,
  ) {}

  /** A run frame with its label (null: not a run of ours yet, as while it is being created). */
  frame(snapshot: EvacuationSnapshot, run: BoardRunLabel | null): void {
    // An ended run's last board comes from ended(), once.
    if (!run || run.phase === 'ended') return;
    const now = this.nowMs();
    const last = this.last.get(snapshot.runId);
    if (last && now - last.ms < BOARD_PUBLISH_MS && last.phase === run.phase) return;
    this.last.set(snapshot.runId, { ms: now, phase: run.phase });
    this.bus.publish('evacuationBoard', evacuationBoard(snapshot, run, now));
  }

  /** The run ended (stood down, drill ended or timed out): its last board, always. */
  ended(snapshot: EvacuationSnapshot, run: Omit<BoardRunLabel, 'phase'>): void {
    this.last.delete(snapshot.runId);
    this.bus.publish('evacuationBoard', evacuationBoard(snapshot, { ...run, phase: 'ended' }, this.nowMs()));
  }
}

export function evacuationBoard(snapshot: EvacuationSnapshot, run: BoardRunLabel, atMs: number): EvacuationBoard {
  return {
    runId: snapshot.runId,
    mode: snapshot.mode,
    ...(run.name ? { name: run.name } : {}),
    phase: run.phase,
    ...(run.by !== undefined ? { by: run.by } : {}),
    atMs,
    ...evacuationBoardView(snapshot),
  };
}
