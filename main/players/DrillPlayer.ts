import { DRILL_SPEEDS, problem, type AlarmCommand, type AlarmSnapshot, type CameraDetections, type DrillCommand, type SessionUser, type SourcePlayerState } from '../contracts/index.js';
import { AlarmBoard } from '../bus/index.js';
import type { FrameSource } from '../frames/index.js';
import type { DrillSession } from '../studies/index.js';
import { PlayerCommandError, type CorePlayer, type PlayerListener, type PlayerOwnCommand } from './CorePlayer.js';
import type { LivePlayer } from './LivePlayer.js';

/** What the drill player asks of the evacuation capability: the running drill and its journaled commands. */
export type DrillControl = {
  session: DrillSession;
  command(command: DrillCommand, by: string): Promise<unknown>;
  alarmCommand(command: AlarmCommand, by: string): Promise<{ applied: number; errors: string[] }>;
};

/**
 * A drill as a player (issue 15): the screens that show it get the drill's own alarm list — raised by
 * the drill's alarm engine, acknowledged and shelved with the plant's lifecycle — and its clock, over
 * the live plant's values and people (the twin still shows every real badge and reading: nothing about a
 * person is hidden while a team trains). Shared by every screen on the drill; when the drill ends they
 * go back to live.
 */
export class DrillPlayer implements CorePlayer {
  readonly mode = 'drill' as const;
  readonly disposeWhenUnwatched = false;
  private readonly listeners = new Set<PlayerListener>();
  private readonly alarms = new AlarmBoard();
  private readonly offLive: () => void;
  private finished = false;

  constructor(
    private readonly drill: DrillControl,
    private readonly live: LivePlayer,
  ) {
    const { session } = drill;
    for (const alarm of session.activeAlarms()) this.alarms.apply(alarm);
    session.on('alarm', (transition) => {
      const message = this.alarms.apply(transition.alarm);
      for (const listener of this.listeners) listener.alarm(message);
    });
    session.on('change', () => {
      const state = this.state();
      for (const listener of this.listeners) listener.state(state);
      if (session.ended) this.finish();
    });
    this.offLive = live.subscribe({ state: () => undefined, discontinuity: () => undefined, alarm: () => undefined, detections: (event) => this.listeners.forEach((l) => l.detections(event)) });
  }

  get frames(): FrameSource {
    return this.live.frames;
  }

  /** The drill this player shows. */
  get session(): DrillSession {
    return this.drill.session;
  }

  state(): SourcePlayerState {
    const status = this.drill.session.status();
    const clockMs = this.drill.session.clockMs;
    const startMs = clockMs - status.tS * 1000;
    return {
      mode: 'drill',
      presence: 'present',
      playing: status.playing,
      speed: status.speed,
      currentMs: clockMs,
      startMs,
      endMs: clockMs,
      ended: status.phase === 'ended',
      capabilities: { play: true, seek: false, speed: true, acknowledge: true, inject: false, annotate: false },
      problems: [],
    };
  }

  alarmSnapshot(): AlarmSnapshot {
    return this.alarms.snapshot();
  }

  latestDetections(): CameraDetections[] {
    return this.live.latestDetections();
  }

  subscribe(listener: PlayerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async command(command: PlayerOwnCommand, user: SessionUser): Promise<unknown> {
    const runId = this.drill.session.runId;
    switch (command.action) {
      case 'alarm':
        return this.drill.alarmCommand(command.command, user.name);
      case 'play':
        return this.drill.command({ runId, action: 'playback', playing: true, ...(command.speed !== undefined ? { speed: drillSpeed(command.speed) } : {}) }, user.name);
      case 'pause':
        return this.drill.command({ runId, action: 'playback', playing: false }, user.name);
      case 'setSpeed':
        return this.drill.command({ runId, action: 'playback', speed: drillSpeed(command.speed) }, user.name);
      default:
        throw PlayerCommandError.unsupported('drill', command.action);
    }
  }

  /** The drill ended: every screen on it goes back to live. */
  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    for (const listener of [...this.listeners]) listener.finished?.();
  }

  async dispose(): Promise<void> {
    this.finish();
    this.listeners.clear();
    this.offLive();
  }
}

/** A drill runs at the console's speeds only (1, 2, 5, 10, 20×). */
function drillSpeed(speed: number): (typeof DRILL_SPEEDS)[number] {
  const allowed = DRILL_SPEEDS.find((s) => s === speed);
  if (allowed === undefined) throw new PlayerCommandError(problem('ST_ERR_SOCKET_PAYLOAD', 'warning', { message: `a drill runs at ${DRILL_SPEEDS.join(', ')}×` }));
  return allowed;
}
