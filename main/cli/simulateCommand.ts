import { connect, type IClientOptions } from 'mqtt';
import { simulatorCommandTopic, type SimulatorCommand } from '../contracts/index.js';
import { EXIT_BAD_INPUT, EXIT_FAILURE } from './exitCodes.js';
import { createLogger } from '../log/index.js';
import { DEMO_SCENE_PATH, redactSecrets } from '../platform/index.js';
import { formatProblems, loadSceneFile } from '../scene/index.js';
import { PlantSimulation, parseSimulatorCommand, validateSimulatorCommand, type SimulatorLogger } from '../simulator/index.js';
import { SimulatorPublisher } from '../simulator/SimulatorPublisher.js';

/** Flags of `safetwin simulate` as commander hands them over (strings from the command line). */
export type SimulateCommandOptions = {
  mqttUrl: string;
  /** Scene file; default: the built-in demo plant. */
  scene?: string;
  /** Integer seed (default 1). */
  seed?: string | number;
  /** Sensor and RTLS publish interval in ms (default 1000; weather every second interval). */
  intervalMs?: string | number;
  /** A scenario command (JSON, SimulatorCommandSchema) applied at start. */
  scenario?: string;
};

export type SimulateCommandDependencies = {
  logger?: SimulatorLogger;
  clock?: () => number;
  /** Stops the simulator like SIGINT would (tests, an embedding process). */
  stopSignal?: AbortSignal;
  /** Called once the publisher runs (tests). */
  onStarted?: (publisher: SimulatorPublisher) => void;
};

const MIN_INTERVAL_MS = 50;
const MAX_INTERVAL_MS = 60_000;

function badInput(message: string): void {
  process.stderr.write(`${message}\n`);
  process.exitCode = EXIT_BAD_INPUT;
}

function parseInteger(value: string | number | undefined, fallback: number): number | undefined {
  if (value === undefined) return fallback;
  const n = typeof value === 'number' ? value : Number(value.trim());
  return Number.isSafeInteger(n) && String(value).trim() !== '' ? n : undefined;
}

/**
 * `safetwin simulate --mqtt-url <url> [--scene <file>] [--seed <n>] [--interval-ms <n>] [--scenario <json>]`:
 * publishes the plant until SIGINT or SIGTERM. Bad input (flags, scene, scenario) prints what is
 * wrong and sets exit status 2 without connecting.
 */
export async function simulateCommand(options: SimulateCommandOptions, dependencies: SimulateCommandDependencies = {}): Promise<void> {
  const seed = parseInteger(options.seed, 1);
  if (seed === undefined) return badInput(`--seed must be an integer, not "${options.seed}"`);
  const intervalMs = parseInteger(options.intervalMs, 1_000);
  if (intervalMs === undefined || intervalMs < MIN_INTERVAL_MS || intervalMs > MAX_INTERVAL_MS) {
    return badInput(`--interval-ms must be an integer from ${MIN_INTERVAL_MS} to ${MAX_INTERVAL_MS}, not "${options.intervalMs}"`);
  }
  let scenario: SimulatorCommand | undefined;
  if (options.scenario !== undefined) {
    const parsed = parseSimulatorCommand(options.scenario);
    if (!parsed.ok) return badInput(`--scenario: ${parsed.reason}`);
    scenario = parsed.command;
  }
  const loaded = await loadSceneFile(options.scene ?? DEMO_SCENE_PATH);
  if (!loaded.ok) return badInput(formatProblems(loaded.problems));

  const clock = dependencies.clock ?? Date.now;
  const simulation = new PlantSimulation(loaded.scene, seed, clock());
  if (scenario) {
    const outcome = simulation.applyCommand(scenario, clock());
    if (!outcome.ok) return badInput(`--scenario: ${outcome.reason}`);
  }
  const logger = dependencies.logger ?? createLogger('info');
  const publisher = new SimulatorPublisher({
    scene: loaded.scene,
    mqttUrl: options.mqttUrl,
    simulation,
    sensorIntervalMs: intervalMs,
    rtlsIntervalMs: intervalMs,
    weatherIntervalMs: 2 * intervalMs,
    clock,
    logger,
  });
  logger.info({ site: loaded.scene.site.id, url: options.mqttUrl, seed, intervalMs, scenario }, 'simulator started; SIGINT or SIGTERM stops it');
  dependencies.onStarted?.(publisher);

  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      dependencies.stopSignal?.removeEventListener('abort', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (dependencies.stopSignal?.aborted) stop();
    else dependencies.stopSignal?.addEventListener('abort', stop, { once: true });
  });
  await publisher.dispose();
  logger.info({ ...publisher.stats }, 'simulator stopped');
}

/**
 * Publish one scenario command to a running simulator (`safetwin simulate inject <json>`): validates
 * it, connects, publishes at QoS 1 (so the broker has it before we leave) and disconnects. Rejects
 * with the reason for an invalid command, or when the broker cannot be reached within timeoutMs.
 */
export async function publishSimulatorCommand(
  mqttUrl: string,
  siteId: string,
  /** A command object, or its JSON text. */
  command: unknown,
  options: { timeoutMs?: number; mqttOptions?: IClientOptions } = {},
): Promise<SimulatorCommand> {
  const parsed = typeof command === 'string' ? parseSimulatorCommand(command) : validateSimulatorCommand(command);
  if (!parsed.ok) throw new InvalidSimulatorCommandError(parsed.reason);
  const timeoutMs = options.timeoutMs ?? 5_000;
  const client = connect(mqttUrl, { clientId: `safetwin-inj-${process.pid}`, clean: true, reconnectPeriod: 0, connectTimeout: timeoutMs, ...options.mqttOptions });
  try {
    await new Promise<void>((resolve, reject) => {
      const timeout = setTimeout(() => reject(new Error(`no connection to ${redactSecrets(mqttUrl)} within ${timeoutMs} ms`)), timeoutMs);
      client.once('error', (error) => {
        clearTimeout(timeout);
        reject(error);
      });
      client.once('connect', () => {
        client.publish(simulatorCommandTopic(siteId), JSON.stringify(parsed.command), { qos: 1 }, (error) => {
          clearTimeout(timeout);
          if (error) reject(error);
          else resolve();
        });
      });
    });
  } finally {
    await new Promise<void>((resolve) => client.end(false, {}, () => resolve()));
  }
  return parsed.command;
}

export class InvalidSimulatorCommandError extends Error {
  override readonly name = 'InvalidSimulatorCommandError';
}

/**
 * CLI action for `safetwin simulate inject <json> --mqtt-url <url> [--site <id> | --scene <file>]`:
 * the site id comes from --site, else from the scene (default: the demo plant). Exit 2 for a bad
 * command or scene, 1 when the broker cannot be reached.
 */
export async function simulateInjectCommand(json: string, options: { mqttUrl: string; site?: string; scene?: string }): Promise<void> {
  const parsed = parseSimulatorCommand(json);
  if (!parsed.ok) return badInput(parsed.reason);
  let siteId = options.site;
  if (siteId === undefined) {
    const loaded = await loadSceneFile(options.scene ?? DEMO_SCENE_PATH);
    if (!loaded.ok) return badInput(formatProblems(loaded.problems));
    siteId = loaded.scene.site.id;
  }
  try {
    await publishSimulatorCommand(options.mqttUrl, siteId, parsed.command);
    process.stdout.write(`sent ${JSON.stringify(parsed.command)} to ${simulatorCommandTopic(siteId)}\n`);
  } catch (error) {
    process.stderr.write(`could not send the command: ${(error as Error).message}\n`);
    process.exitCode = EXIT_FAILURE;
  }
}
