import type { AlarmSnapshot, CameraDetections, MqttLinkState, PlayerPresence, SourcePlayerState } from '../contracts/index.js';
import type { AlarmBoard, CoreTopics, MessageBus } from '../bus/index.js';
import type { LiveHub } from '../live/index.js';
import type { CoreMetrics } from '../metrics/index.js';
import { PlayerCommandError, type CorePlayer, type PlayerListener, type PlayerOwnCommand } from './CorePlayer.js';

export type LivePlayerOptions = {
  live: LiveHub;
  alarmBoard: AlarmBoard;
  bus: MessageBus<CoreTopics>;
  metrics: Pick<CoreMetrics, 'activeAlarms'>;
  /** The broker link now; its changes come on the bus. */
  linkState: () => MqttLinkState;
  /** The core runs a simulator that takes injected releases (the demo plant). */
  inject: boolean;
  nowMs?: () => number;
};

/** The broker link as the player's presence: values shown while it is down are the last received. */
const PRESENCE_BY_LINK: Record<MqttLinkState, PlayerPresence> = { connecting: 'initializing', connected: 'present', reconnecting: 'reconnecting', offline: 'reconnecting' };

/**
 * The live plant as a player: one instance for every screen showing live. It owns the screens' alarm
 * list (the alarm board, fed by every transition on the bus, each numbered once) and reads frames
 * straight from the live hub. Its clock always runs; it cannot seek, and alarm commands act on the
 * plant's alarm engine.
 */
export class LivePlayer implements CorePlayer {
  readonly mode = 'live' as const;
  readonly disposeWhenUnwatched = false;
  private readonly listeners = new Set<PlayerListener>();
  private readonly unsubscribe: () => void;
  private readonly now: () => number;
  private link: MqttLinkState;

  constructor(private readonly options: LivePlayerOptions) {
    this.now = options.nowMs ?? Date.now;
    this.link = options.linkState();
    const offs = [
      options.bus.subscribe('alarmTransition', (transition) => {
        const message = options.alarmBoard.apply(transition.alarm);
        options.metrics.activeAlarms.set(options.alarmBoard.size);
        for (const listener of this.listeners) listener.alarm(message);
      }),
      options.bus.subscribe('detections', (event) => {
        for (const listener of this.listeners) listener.detections(event);
      }),
      options.bus.subscribe('mqttLink', (link) => {
        const presenceChanged = PRESENCE_BY_LINK[link] !== PRESENCE_BY_LINK[this.link];
        this.link = link;
        if (presenceChanged) for (const listener of this.listeners) listener.state(this.state());
      }),
    ];
    this.unsubscribe = () => offs.forEach((off) => off());
  }

  get frames(): LiveHub {
    return this.options.live;
  }

  state(): SourcePlayerState {
    const nowMs = this.now();
    return {
      mode: 'live',
      presence: PRESENCE_BY_LINK[this.link],
      playing: true,
      speed: 1,
      currentMs: nowMs,
      startMs: nowMs,
      endMs: nowMs,
      ended: false,
      capabilities: { play: false, seek: false, speed: false, acknowledge: true, inject: this.options.inject, annotate: false },
      problems: [],
    };
  }

  alarmSnapshot(): AlarmSnapshot {
    return this.options.alarmBoard.snapshot();
  }

  latestDetections(): CameraDetections[] {
    return this.options.live.latestDetections();
  }

  subscribe(listener: PlayerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Only alarm commands: the role each needs (alarmCommandPermission) is checked before, by the host. */
  async command(command: PlayerOwnCommand, user: { name: string }): Promise<unknown> {
    if (command.action !== 'alarm') throw PlayerCommandError.unsupported('live', command.action);
    return this.options.live.command(command.command, user.name);
  }

  /** The live player lives as long as the core: its bus subscriptions end with the core. */
  async dispose(): Promise<void> {
    this.listeners.clear();
    this.unsubscribe();
  }
}
