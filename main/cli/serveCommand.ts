import { resolveServeConfig, type ServeConfig } from '../config/index.js';
import { isSignInRequired } from '../auth/index.js';
import { type CoreHandle, CoreStartError, installLastResort, startCore } from '../core/index.js';
import { formatProblems } from '../scene/index.js';
import { EXIT_BAD_INPUT, EXIT_FAILURE } from './exitCodes.js';

export type ServeFlags = Partial<Record<keyof ServeConfig, unknown>> & { config?: string; historianDefault?: string; demoPermitsDefault?: boolean };

/** Time allowed for a graceful stop before the process exits anyway (clients may hold sockets open). */
const SHUTDOWN_GRACE_MS = 5000;

export async function serveCommand(flags: ServeFlags): Promise<void> {
  // commander sets simulate/record=true by default for --no-simulate/--no-record; only an explicit "no" is a command-line setting.
  const { historianDefault, demoPermitsDefault, ...settings } = flags;
  const cli = { ...settings, simulate: flags.simulate === false ? false : undefined, record: flags.record === false ? false : undefined };
  const launcherDefaults = { ...(historianDefault !== undefined && { historian: historianDefault }), ...(demoPermitsDefault === true && { demoPermits: true }) };
  const resolved = resolveServeConfig({ cli, env: process.env, launcherDefaults });
  if (!resolved.ok) {
    process.stderr.write(`safetwin serve: invalid configuration\n${formatProblems(resolved.problems)}\n`);
    process.exitCode = EXIT_BAD_INPUT;
    return;
  }
  // Ctrl+C in a terminal reaches every process of the foreground group, and `npm start`
  // (scripts/start.js) forwards it too: the core gets SIGINT twice. The stop is idempotent and a
  // repeated signal is only noted, so the second one cannot kill the process half-way through
  // closing the recording (a `once` handler left the default action, exit, for the second).
  let core: CoreHandle | undefined;
  let signalledDuringStart: NodeJS.Signals | null = null;
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    // The page is served but the study engines are still booting: stop as soon as the start is complete.
    if (!core) {
      signalledDuringStart ??= signal;
      return;
    }
    const started = core;
    if (stopping) {
      started.logger.info({ signal }, 'already shutting down');
      return;
    }
    stopping = true;
    started.logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      started.logger.warn('graceful shutdown timed out; exiting');
      process.exit(EXIT_FAILURE);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    started.close().then(
      () => process.exit(0),
      (error: unknown) => {
        started.logger.error({ err: error }, 'error during shutdown');
        process.exit(EXIT_FAILURE);
      },
    );
  };
  // The URL as soon as the page is served (the study engines finish booting after it, see startCore),
  // and from then on a signal stops the core gracefully.
  const listening = (url: string) => {
    process.stdout.write(`SafeTwin control room: ${url}${isSignInRequired(resolved.config) ? ' (sign-in required)' : ''}\n`);
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  };
  try {
    core = await startCore({ config: resolved.config, onListening: listening });
  } catch (error) {
    if (error instanceof CoreStartError) {
      process.stderr.write(`safetwin serve: cannot start\n${formatProblems(error.problems)}\n`);
      process.exitCode = error.problems.some((p) => p.code.startsWith('ST_ERR_SCENE')) ? EXIT_BAD_INPUT : EXIT_FAILURE;
      return;
    }
    throw error;
  }
  // From here on an error that escaped every input boundary is counted and logged, and the core goes on serving.
  installLastResort(process, core.lastResort);
  if (core.plant.embeddedBroker) process.stdout.write(`Embedded MQTT broker: ${core.mqttUrl}${resolved.config.simulate ? ' (plant simulator running)' : ''}\n`);
  if (signalledDuringStart) stop(signalledDuringStart);
}
