import { connect, type IClientOptions, type MqttClient } from 'mqtt';
import { rtlsTopic, simulatorCommandTopic, weatherTopic, type Scene, type SimulatorCommand } from '../contracts/index.js';
import { redactSecrets } from '../platform/index.js';
import { PlantSimulation, type PlantSimulationOptions, type SimulationFrame } from './PlantSimulation.js';
import { SimulatedCameraAnalytics } from './SimulatedCameraAnalytics.js';
import { parseSimulatorCommand, type CommandOutcome } from './scenarioCommands.js';

/** The pino methods the simulator uses (a pino Logger fits). */
export type SimulatorLogger = {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
};

export type SimulatorPublisherOptions = {
  scene: Scene;
  mqttUrl: string;
  /** Seed of the model built here (default 1); ignored when a prepared simulation is given. */
  seed?: number;
  /** A prepared model (e.g. with an initial scenario applied); otherwise one is built from scene, seed and clock(). */
  simulation?: PlantSimulation;
  simulationOptions?: PlantSimulationOptions;
  /** Default "safetwin-sim-<pid>": within the 23 characters every MQTT 3.1.1 server must accept (§3.1.3.1). */
  clientId?: string;
  sensorIntervalMs?: number;
  rtlsIntervalMs?: number;
  weatherIntervalMs?: number;
  /** Model time source (default Date.now); the publish cadence stays on real timers. */
  clock?: () => number;
  logger?: SimulatorLogger;
  /** Extra mqtt.js options (credentials, TLS) merged over the defaults. */
  mqttOptions?: IClientOptions;
  /** Called after each valid command is applied or refused (tests, status displays). */
  onCommand?: (command: SimulatorCommand, outcome: CommandOutcome) => void;
  /** Also publish stand-in camera analytics (Frigate format, SIMULATED_FRIGATE_PREFIX) for restricted-entry scenarios. */
  cameraAnalytics?: boolean;
};

export type SimulatorPublisherStats = {
  sensorMessages: number;
  rtlsMessages: number;
  weatherMessages: number;
  commandsApplied: number;
  commandsRefused: number;
  /** Frames stepped while disconnected: dropped, never queued (bounded memory while the broker is away). */
  framesDroppedOffline: number;
  /** Frames dropped because the socket still held more than MAX_BUFFERED_BYTES unsent (a slow broker). */
  framesDroppedBackpressure: number;
};

/** Commands are small JSON objects; anything larger is not one. */
const MAX_COMMAND_BYTES = 16 * 1024;
const RECONNECT_PERIOD_MS = 1_000;
/** One demo frame is ~25 kB of JSON; a socket holding 40 frames unsent is not keeping up, so skip frames instead of queueing them. */
const MAX_BUFFERED_BYTES = 1024 * 1024;
const silentLogger: SimulatorLogger = { info() {}, warn() {}, error() {} };

/**
 * The simulator's I/O edge: steps the model on a timer and publishes its frame as QoS 0 JSON on the
 * SafeTwin topics (main/contracts/mqttTopics.ts), and applies scenario commands arriving on the
 * command topic. Starts on construction; dispose() stops it.
 */
export class SimulatorPublisher {
  readonly simulation: PlantSimulation;
  readonly stats: SimulatorPublisherStats = { sensorMessages: 0, rtlsMessages: 0, weatherMessages: 0, commandsApplied: 0, commandsRefused: 0, framesDroppedOffline: 0, framesDroppedBackpressure: 0 };
  private readonly client: MqttClient;
  private readonly timer: NodeJS.Timeout;
  private readonly clock: () => number;
  private readonly logger: SimulatorLogger;
  private readonly siteId: string;
  private readonly commandTopic: string;
  private readonly intervals: { sensor: number; rtls: number; weather: number; tick: number };
  private readonly last = { sensor: -Infinity, rtls: -Infinity, weather: -Infinity };
  private readonly cameraAnalytics: SimulatedCameraAnalytics | null;
  private wasConnected = false;
  private disposed: Promise<void> | undefined;

  constructor(private readonly options: SimulatorPublisherOptions) {
    this.clock = options.clock ?? Date.now;
    this.logger = options.logger ?? silentLogger;
    this.siteId = options.scene.site.id;
    this.commandTopic = simulatorCommandTopic(this.siteId);
    const sensor = positiveInterval(options.sensorIntervalMs, 1_000, 'sensorIntervalMs');
    const rtls = positiveInterval(options.rtlsIntervalMs, 1_000, 'rtlsIntervalMs');
    const weather = positiveInterval(options.weatherIntervalMs, 2_000, 'weatherIntervalMs');
    this.intervals = { sensor, rtls, weather, tick: Math.min(sensor, rtls, weather) };
    this.simulation = options.simulation ?? new PlantSimulation(options.scene, options.seed ?? 1, this.clock(), options.simulationOptions);
    this.cameraAnalytics = options.cameraAnalytics ? new SimulatedCameraAnalytics(options.scene) : null;

    this.client = connect(options.mqttUrl, {
      clientId: options.clientId ?? `safetwin-sim-${process.pid}`,
      clean: true,
      keepalive: 30,
      // mqtt.js reconnects on its own at this period after a lost or refused connection.
      reconnectPeriod: RECONNECT_PERIOD_MS,
      connectTimeout: 10_000,
      // QoS 0 messages are dropped, not queued, while offline: the next frame supersedes them anyway.
      queueQoSZero: false,
      ...options.mqttOptions,
    });
    this.client.on('connect', () => this.onConnect());
    this.client.on('close', () => {
      if (this.wasConnected && !this.disposed) this.logger.warn({ url: options.mqttUrl }, 'simulator: broker connection lost, reconnecting');
      this.wasConnected = false;
    });
    this.client.on('error', (error) => this.logger.warn({ err: error.message, url: options.mqttUrl }, 'simulator: MQTT error'));
    this.client.on('message', (topic, payload) => {
      if (topic === this.commandTopic) this.onCommandMessage(payload);
    });
    this.timer = setInterval(() => this.tick(), this.intervals.tick);
  }

  get connected(): boolean {
    return this.client.connected;
  }

  /** Resolves once connected (now or later); rejects after timeoutMs. */
  waitUntilConnected(timeoutMs = 10_000): Promise<void> {
    if (this.client.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const onConnect = () => {
        clearTimeout(timeout);
        resolve();
      };
      const timeout = setTimeout(() => {
        this.client.off('connect', onConnect);
        reject(new Error(`simulator: no connection to ${redactSecrets(this.options.mqttUrl)} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.client.once('connect', onConnect);
    });
  }

  private onConnect(): void {
    // TCP_NODELAY: without it, Nagle + delayed ACK put ~40 ms on the p99 (see README, Environment).
    (this.client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);
    this.wasConnected = true;
    this.client.subscribe(this.commandTopic, { qos: 1 }, (error) => {
      if (error) this.logger.error({ err: error.message, topic: this.commandTopic }, 'simulator: cannot subscribe to the command topic');
    });
    this.logger.info({ url: this.options.mqttUrl, site: this.siteId, commandTopic: this.commandTopic }, 'simulator: connected, publishing');
  }

  /** One timer tick: step the model to now and publish whatever is due. */
  tick(): void {
    if (this.disposed) return;
    let frame: SimulationFrame;
    try {
      frame = this.simulation.step(this.clock());
    } catch (error) {
      this.logger.error({ err: (error as Error).message }, 'simulator: step failed');
      return;
    }
    if (!this.client.connected) {
      this.stats.framesDroppedOffline++;
      return;
    }
    if (((this.client.stream as { writableLength?: number }).writableLength ?? 0) > MAX_BUFFERED_BYTES) {
      this.stats.framesDroppedBackpressure++;
      return;
    }
    const now = frame.tsMs;
    // Half a tick of slack: timers fire a millisecond or two early or late.
    const due = (channel: 'sensor' | 'rtls' | 'weather', interval: number) => now - this.last[channel] >= interval - this.intervals.tick / 2;
    if (due('sensor', this.intervals.sensor)) {
      this.last.sensor = now;
      for (const s of frame.sensors) this.publish(s.topic, { v: s.value, ts: s.tsMs, q: s.quality });
      this.stats.sensorMessages += frame.sensors.length;
    }
    if (due('rtls', this.intervals.rtls)) {
      this.last.rtls = now;
      for (const w of frame.workers) this.publish(rtlsTopic(this.siteId, w.badgeId), { x: w.x, y: w.y, floor: w.floor, ts: w.tsMs });
      this.stats.rtlsMessages += frame.workers.length;
      if (this.cameraAnalytics) this.publishCameraAnalytics(frame);
    }
    if (due('weather', this.intervals.weather)) {
      this.last.weather = now;
      for (const { stationId, tsMs, ...measurements } of frame.weather) this.publish(weatherTopic(this.siteId, stationId), { ...measurements, ts: tsMs });
      this.stats.weatherMessages += frame.weather.length;
    }
  }

  /** What the cameras would report about the people a restrictedEntry scenario sent into an area. */
  private publishCameraAnalytics(frame: SimulationFrame): void {
    const positions = new Map(frame.workers.map((w) => [w.badgeId, w]));
    const entrants = this.simulation.restrictedEntries().flatMap(({ badgeId, area }) => {
      const p = positions.get(badgeId);
      return p ? [{ badgeId, area, x: p.x, y: p.y }] : [];
    });
    for (const m of this.cameraAnalytics!.step(entrants, frame.tsMs)) this.client.publish(m.topic, m.payload, { qos: 0, retain: false });
  }

  private publish(topic: string, payload: object): void {
    this.client.publish(topic, JSON.stringify(payload), { qos: 0, retain: false });
  }

  private onCommandMessage(payload: Buffer): void {
    const refuse = (reason: string) => {
      this.stats.commandsRefused++;
      this.logger.warn({ reason, topic: this.commandTopic }, 'simulator: command ignored');
    };
    if (payload.length > MAX_COMMAND_BYTES) return refuse(`payload of ${payload.length} bytes exceeds ${MAX_COMMAND_BYTES}`);
    const parsed = parseSimulatorCommand(payload.toString('utf8'));
    if (!parsed.ok) return refuse(parsed.reason);
    let outcome: CommandOutcome;
    try {
      outcome = this.simulation.applyCommand(parsed.command, this.clock());
    } catch (error) {
      outcome = { ok: false, reason: `could not apply: ${(error as Error).message}` };
    }
    if (outcome.ok) {
      this.stats.commandsApplied++;
      this.logger.info({ command: parsed.command, summary: outcome.summary }, 'simulator: scenario command applied');
    } else refuse(outcome.reason);
    this.options.onCommand?.(parsed.command, outcome);
  }

  /** Stop the timer and close the connection. Never rejects; safe to call more than once. */
  dispose(): Promise<void> {
    this.disposed ??= new Promise<void>((resolve) => {
      clearInterval(this.timer);
      this.client.removeAllListeners('message');
      // Not connected: end at once rather than wait for in-flight packets that will never go.
      this.client.end(!this.client.connected, {}, () => resolve());
    }).catch(() => undefined);
    return this.disposed;
  }
}

function positiveInterval(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 10) throw new RangeError(`SimulatorPublisher: ${name} must be at least 10 ms`);
  return value;
}
