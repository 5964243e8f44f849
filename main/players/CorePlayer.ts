import { problem, type AlarmEventMessage, type AlarmSnapshot, type CameraDetections, type DispersionZones, type EvacuationBoard, type PlayerCommand, type PlayerMode, type Problem, type SessionUser, type SourcePlayerState } from '../contracts/index.js';
import type { FrameSource } from '../frames/index.js';


/**
 * What a player tells the screens that show it. `discontinuity`: the picture jumped (a seek); the
 * player's alarm list, detections and frames are already those of the new instant (or being filled by
 * its backfill), and the host bumps the screen's seekSeq and sends the new alarm snapshot.
 */
export type PlayerListener = {
  state(state: SourcePlayerState): void;
  discontinuity(): void;
  alarm(message: AlarmEventMessage): void;
  detections(event: CameraDetections): void;
  /** Recorded pictures a replay shows besides the plant (live screens get the live ones from their capabilities). */
  dispersion?(zones: DispersionZones | null): void;
  drillDispersion?(zones: DispersionZones | null): void;
  evacuationBoards?(boards: EvacuationBoard[]): void;
  /** The source is gone (a drill ended): screens showing it go back to live. */
  finished?(): void;
};

export type RecordedPictures = { dispersion: DispersionZones | null; drillDispersion: DispersionZones | null; evacuationBoards: EvacuationBoard[] };

/** A player command other than opening or closing one, which the host carries out. */
export type PlayerOwnCommand = Exclude<PlayerCommand, { action: 'open' | 'close' | 'alarmSnapshot' | 'joinDrill' }>;

/**
 * One player in the core (architecture §2): the live plant, a replayed recording or a drill, seen
 * through the same shape. The contract suite (tests/contract/players.test.ts) runs against each.
 * Invariants: `state().capabilities` says which commands `command` accepts (others are refused with
 * ST_ERR_PLAYER_UNSUPPORTED); alarm events follow the last snapshot in seq order, each once;
 * `frames` holds the picture at `state().currentMs`.
 */
export interface CorePlayer {
  readonly mode: PlayerMode;
  /** Disposed once no screen shows it (a replay), or lives on without screens (live, a drill, which their capabilities own). */
  readonly disposeWhenUnwatched: boolean;
  readonly frames: FrameSource;
  state(): SourcePlayerState;
  alarmSnapshot(): AlarmSnapshot;
  /** The latest detections per camera, for a screen that starts showing this player. */
  latestDetections(): CameraDetections[];
  /** The recorded pictures standing at the playhead (a replay's clouds and evacuation boards), for a screen that starts showing it. */
  recordedPictures?(): RecordedPictures;
  subscribe(listener: PlayerListener): () => void;
  command(command: PlayerOwnCommand, user: SessionUser): Promise<unknown>;
  /** Releases the source (files, timers); a shared player (live) is never disposed by a screen. */
  dispose(): Promise<void>;
}

/** A player command refused with a coded problem, passed to the screen as is (the gateway reads `problem`). */
export class PlayerCommandError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
    this.name = 'PlayerCommandError';
  }

  /** A command the player does not offer (a seek on live, an acknowledge on a replay). */
  static unsupported(mode: PlayerMode, action: string): PlayerCommandError {
    return new PlayerCommandError(problem('ST_ERR_PLAYER_UNSUPPORTED', 'warning', { message: `the ${mode} player does not offer ${action}` }));
  }
}
