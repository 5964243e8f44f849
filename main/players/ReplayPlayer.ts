import type { AlarmSnapshot, CameraDetections, Scene, SessionUser, SourcePlayerState } from '../contracts/index.js';
import { AlarmBoard } from '../bus/index.js';
import { FrameTable } from '../frames/index.js';
import type { ReplaySession } from '../recording/index.js';
import { PlayerCommandError, type CorePlayer, type PlayerListener, type PlayerOwnCommand, type RecordedPictures } from './CorePlayer.js';

/**
 * A recording replayed as a player: the session reads the files and plays them on its own clock; this
 * adapter holds what a screen needs of it in the shapes every player shares — the picture at the
 * playhead (a frame table the screens' channels read, so a slow screen gets coalesced frames, not a
 * queue), the alarm list at the playhead, the latest detections per camera. A seek is a discontinuity:
 * the picture is cleared, then filled by the instant's backfill.
 */
export class ReplayPlayer implements CorePlayer {
  readonly mode = 'replay' as const;
  readonly disposeWhenUnwatched = true;
  readonly frames: FrameTable;
  private readonly listeners = new Set<PlayerListener>();
  private readonly alarms = new AlarmBoard();
  private readonly detections = new Map<string, CameraDetections>();
  private readonly pictures: RecordedPictures = { dispersion: null, drillDispersion: null, evacuationBoards: [] };

  constructor(
    readonly session: ReplaySession,
    scene: Pick<Scene, 'sensors'>,
  ) {
    this.frames = new FrameTable(scene.sensors.length);
    session.on('state', (state) => {
      for (const listener of this.listeners) listener.state(state);
    });
    // Emitted once per seek, before the instant's pictures and its full frame (ReplaySession.emitBackfill).
    session.on('alarmSnapshot', (snapshot) => {
      this.frames.clear(session.getState().currentMs);
      this.detections.clear();
      this.alarms.restore(snapshot.alarms);
      for (const listener of this.listeners) listener.discontinuity();
    });
    session.on('frame', (frame) => this.frames.write(frame));
    session.on('alarm', (message) => {
      const numbered = this.alarms.apply(message.alarm);
      for (const listener of this.listeners) listener.alarm(numbered);
    });
    session.on('event', (message) => {
      if (message.kind !== 'detections') return;
      this.detections.set(message.payload.cameraId, message.payload);
      for (const listener of this.listeners) listener.detections(message.payload);
    });
    session.on('dispersion', (zones) => {
      this.pictures.dispersion = zones;
      this.listeners.forEach((l) => l.dispersion?.(zones));
    });
    session.on('drillDispersion', (zones) => {
      this.pictures.drillDispersion = zones;
      this.listeners.forEach((l) => l.drillDispersion?.(zones));
    });
    session.on('evacuationBoards', (boards) => {
      this.pictures.evacuationBoards = boards;
      this.listeners.forEach((l) => l.evacuationBoards?.(boards));
    });
  }

  state(): SourcePlayerState {
    return this.session.getState();
  }


  alarmSnapshot(): AlarmSnapshot {
    return this.alarms.snapshot();
  }

  latestDetections(): CameraDetections[] {
    return [...this.detections.values()];
  }

  recordedPictures(): RecordedPictures {
    return { ...this.pictures };
  }

  subscribe(listener: PlayerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Playback and bookmarks; a replayed alarm list is history, never acknowledged. */
  async command(command: PlayerOwnCommand, user: SessionUser): Promise<unknown> {
    if (command.action === 'alarm') throw PlayerCommandError.unsupported('replay', 'alarm actions');
    const result = await this.session.command(command, user.name);
    if (!result.ok) throw new PlayerCommandError(result.problem);
    return result.value;
  }

  async dispose(): Promise<void> {
    this.listeners.clear();
    await this.session.dispose();
  }
}
