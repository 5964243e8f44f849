import type { AlarmEventMessage, DispersionZones, EvacuationBoard, PlayerAlarms, PlayerDetections, PlayerFrame, PlayerState, SessionUser } from '../contracts/index.js';
import { FrameChannel } from '../frames/index.js';
import type { CorePlayer, PlayerListener, PlayerOwnCommand } from './CorePlayer.js';
import type { LivePlayer } from './LivePlayer.js';

/** Where a host sends what its screen shows (one socket; PlayerSockets filters personal data per role). */
export type ScreenLink = {
  state(state: PlayerState): void;
  frame(frame: PlayerFrame, acknowledge: () => void): void;
  alarms(message: PlayerAlarms): void;
  detections(event: PlayerDetections): void;
  /** The live plant's alarm events while the screen shows another player (its live-alarm strip). */
  liveAlarm(message: AlarmEventMessage): void;
  dispersion(zones: DispersionZones | null): void;
  drillDispersion(zones: DispersionZones | null): void;
  evacuationBoards(boards: EvacuationBoard[]): void;
};

type FrameMetrics = ConstructorParameters<typeof FrameChannel>[1];

/**
 * One screen's player: the live plant until the screen opens a recording, and back on close. Every
 * swap and every seek is a discontinuity: seekSeq goes up, the frame channel starts over with the
 * whole picture, and the alarm list is sent whole, so nothing of the old picture can be merged into
 * the new one (issue 15: the replay race). The live player stays subscribed while the screen is away,
 * for the live-alarm strip; its events then travel apart from the player's list.
 */
export class PlayerHost {
  private player: CorePlayer;
  private seekSeq = 0;
  private offPlayer: () => void = () => undefined;
  private readonly offLive: () => void;
  private readonly channel: FrameChannel;

  constructor(
    private readonly live: LivePlayer,
    private readonly screen: ScreenLink,
    metrics: FrameMetrics,
    /** Told of each player this screen stops showing (swapped out, or the screen went away): PlayerSockets closes a replay nobody shows. */
    private readonly released: (player: CorePlayer) => void,
  ) {
    this.channel = new FrameChannel((frame, acknowledge) => screen.frame(frame, acknowledge), metrics);
    this.player = live;
    this.offLive = live.subscribe({
      state: (state) => this.showingLive && screen.state({ ...state, seekSeq: this.seekSeq }),
      discontinuity: () => undefined,
      alarm: (message) => (this.showingLive ? screen.alarms({ kind: 'event', seekSeq: this.seekSeq, ...message }) : screen.liveAlarm(message)),
      detections: (event) => this.showingLive && screen.detections({ ...event, seekSeq: this.seekSeq }),
    });
    this.startOver();
  }

  get current(): CorePlayer {
    return this.player;
  }

  /** The player's state as this screen has it (with its seekSeq). */
  state(): PlayerState {
    return { ...this.player.state(), seekSeq: this.seekSeq };
  }

  private get showingLive(): boolean {
    return this.player === this.live;
  }

  /**
   * Shows another player (a replay just opened, a drill joined, another screen's player followed); the
   * one it replaced is handed to `released` (PlayerSockets disposes a replay no screen shows any more).
   */
  show(player: CorePlayer): void {
    const previous = this.player;
    if (previous === player) return;
    this.offPlayer();
    this.player = player;
    this.offPlayer = player === this.live ? () => undefined : player.subscribe(this.listenerFor(player));
    this.startOver();
    this.released(previous);
  }

  /** Back to the live plant. */
  showLive(): void {
    this.show(this.live);
  }

  command(command: PlayerOwnCommand, user: SessionUser): Promise<unknown> {
    return this.player.command(command, user);
  }

  /** The player's alarm list anew (the screen saw a gap in its sequence). */
  resendAlarms(): void {
    this.screen.alarms({ kind: 'snapshot', seekSeq: this.seekSeq, ...this.player.alarmSnapshot() });
  }

  /** On the frame cadence: the next frame if the last was acknowledged and something changed. */
  pump(nowMs: number): void {
    this.channel.pump(nowMs);
  }

  dispose(): void {
    this.offLive();
    this.offPlayer();
    this.released(this.player);
  }

  private listenerFor(player: CorePlayer): PlayerListener {
    const { screen } = this;
    return {
      state: (state) => screen.state({ ...state, seekSeq: this.seekSeq }),
      discontinuity: () => this.startOver(),
      alarm: (message) => screen.alarms({ kind: 'event', seekSeq: this.seekSeq, ...message }),
      detections: (event) => screen.detections({ ...event, seekSeq: this.seekSeq }),
      dispersion: (zones) => player === this.player && screen.dispersion(zones),
      drillDispersion: (zones) => player === this.player && screen.drillDispersion(zones),
      evacuationBoards: (boards) => player === this.player && screen.evacuationBoards(boards),
      finished: () => player === this.player && this.showLive(),
    };
  }

  /** A new picture: new seekSeq, its state, the whole alarm list, its detections and recorded pictures, and a full next frame. */
  private startOver(): void {
    this.seekSeq++;
    this.channel.attach(this.player.frames, this.seekSeq);
    this.screen.state(this.state());
    this.resendAlarms();
    for (const event of this.player.latestDetections()) this.screen.detections({ ...event, seekSeq: this.seekSeq });
    const pictures = this.player.recordedPictures?.();
    if (pictures) {
      this.screen.dispersion(pictures.dispersion);
      this.screen.drillDispersion(pictures.drillDispersion);
      this.screen.evacuationBoards(pictures.evacuationBoards);
    }
  }
}
