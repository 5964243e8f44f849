import { Argument, Command, CommanderError, Option } from 'commander';
import { CONFIG_ENV_VARS, CONFIG_FILE_ENV_VAR, DEFAULT_PORT, LOG_LEVELS } from '../config/configNames.js';
import { LOCAL_ROLES, ROLES } from '../contracts/roles.js';
import { PACKAGE_VERSION } from '../platform/packageInfo.js';
import { EXIT_BAD_INPUT } from './exitCodes.js';

/*
 * Each command loads its own modules when it runs, not when the CLI starts (issue 14 item 13): a
 * `safetwin plume` call must not pay for the core, the broker, onnxruntime or the MCAP recorder.
 */
const serveModule = () => import('./serveCommand.js');
const simulatorModule = () => import('./simulateCommand.js');
const sceneModule = () => import('./sceneCommand.js');
const detectModule = () => import('./detectCommand.js');
const plumeModule = () => import('./plumeCommand.js');
const evacModule = () => import('./evacCommand.js');
const usersModule = () => import('./usersCommand.js');
const recordingsModule = () => import('./recordingsCommand.js');
const historyModule = () => {
  hideSqliteExperimentalWarning();
  return import('./historyCommand.js');
};

/**
 * Node 22 marks node:sqlite experimental and warns on stderr when it loads; for `safetwin history`, whose
 * stderr carries progress and coded errors for people and scripts, the warning says nothing to act on.
 * Only that warning is dropped; every other one is emitted as before.
 */
function hideSqliteExperimentalWarning(): void {
  const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = ((warning: unknown, ...rest: unknown[]) => {
    if (String(warning).startsWith('SQLite is an experimental feature')) return;
    emitWarning(warning, ...rest);
  }) as typeof process.emitWarning;
}

export function buildProgram(): Command {
  const program = new Command('safetwin')
    .description('SafeTwin: real-time digital twin and Safety Operations Center for hazardous plants')
    .version(PACKAGE_VERSION)
    .showHelpAfterError()
    // Options after a subcommand belong to it (`simulate inject … --mqtt-url` is inject's).
    .enablePositionalOptions()
    .exitOverride();

  program
    .command('serve')
    .description('start the core service: HTTP, socket.io and the control-room UI')
    .option('-p, --port <n>', `TCP port, 0 for any free port (default ${DEFAULT_PORT}; ${CONFIG_ENV_VARS.port})`)
    .option('-H, --host <addr>', `address to bind; any non-loopback address requires sign-in (default 127.0.0.1; ${CONFIG_ENV_VARS.host})`)
    .option('-s, --scene <file>', `scene file (default: the built-in demo plant; ${CONFIG_ENV_VARS.scene})`)
    .option('-d, --data-dir <dir>', `data directory for users, settings and recordings (default: per-user; ${CONFIG_ENV_VARS.dataDir})`)
    .option('-c, --config <file>', `JSON config file (default: <data-dir>/config.json when present; ${CONFIG_FILE_ENV_VAR})`)
    .addOption(new Option('--log-level <level>', `log level (default info; ${CONFIG_ENV_VARS.logLevel})`).choices(LOG_LEVELS))
    .option('--require-auth', `require sign-in even on loopback (${CONFIG_ENV_VARS.requireAuth})`)
    .addOption(new Option('--local-role <role>', `role of the console's user when sign-in is not required (default commander; ${CONFIG_ENV_VARS.localRole})`).choices(LOCAL_ROLES))
    .option('--mqtt-url <url>', `external broker: mqtt://, mqtts://, ws:// or wss:// (default: the embedded broker; ${CONFIG_ENV_VARS.mqttUrl})`)
    .option('--mqtt-username <name>', `broker user (${CONFIG_ENV_VARS.mqttUsername}; the password only by ${CONFIG_ENV_VARS.mqttPassword} or the config file)`)
    .option('--mqtt-client-id <id>', `MQTT client id, stable for persistent sessions (${CONFIG_ENV_VARS.mqttClientId})`)
    .option('--mqtt-ca-file <file>', `CA certificate for mqtts:// (${CONFIG_ENV_VARS.mqttCaFile})`)
    .option('--mqtt-cert-file <file>', `client certificate for mqtts:// (${CONFIG_ENV_VARS.mqttCertFile})`)
    .option('--mqtt-key-file <file>', `client key for mqtts:// (${CONFIG_ENV_VARS.mqttKeyFile})`)
    .option('--broker-port <n>', `embedded broker port (default 1883, another free port if taken; ${CONFIG_ENV_VARS.brokerPort})`)
    .option('--no-simulate', `do not run the plant simulator on the embedded broker (${CONFIG_ENV_VARS.simulate}=false)`)
    .option('--simulator-seed <n>', `simulator seed (default 1; ${CONFIG_ENV_VARS.simulatorSeed})`)
    .option('--no-record', `do not record the bus to <data-dir>/recordings (${CONFIG_ENV_VARS.record}=false)`)
    .option('--historian <location>', `keep history: "embedded" (a file in the data dir), a file path, or postgres://… (default off; ${CONFIG_ENV_VARS.historian})`)
    .option('--historian-default <location>', 'where history is kept when neither --historian, the environment nor the config file says (npm start: embedded)')
    .option('--demo-permits-default', "file the demo scene's simulated permits when the simulator runs, unless the config file's permits say otherwise (npm start)")
    .action(async (flags: Record<string, unknown>) => (await serveModule()).serveCommand(flags));

  const simulate = program
    .command('simulate')
    .description('run the plant simulator: publishes realistic sensor, weather and badge data over MQTT (deterministic for a seed)')
    .option('--mqtt-url <url>', 'broker to publish to, e.g. mqtt://127.0.0.1:1883 (required)')
    .option('-s, --scene <file>', 'scene file (default: the built-in demo plant)')
    .option('--seed <n>', 'seed (default 1)')
    .option('--interval-ms <n>', 'sensor publish interval (default 1000)')
    .option('--scenario <json>', 'a scenario to start with, e.g. \'{"scenario":"gasLeak","equipmentId":"T-101"}\'')
    .action(async (options: { mqttUrl?: string; scene?: string; seed?: string; intervalMs?: string; scenario?: string }) => {
      if (!options.mqttUrl) {
        process.stderr.write('safetwin simulate: --mqtt-url is required (the broker to publish to)\n');
        process.exitCode = EXIT_BAD_INPUT;
        return;
      }
      return (await simulatorModule()).simulateCommand({ ...options, mqttUrl: options.mqttUrl });
    });
  simulate
    .command('inject')
    .description('send a scenario to a running simulator (gasLeak, sensorStuck, sensorOffline, calibrationDrift, restrictedEntry, manDown, evacuate, clear)')
    .argument('<json>', 'the scenario command as JSON')
    .requiredOption('--mqtt-url <url>', 'the broker the simulator listens on')
    .option('--site <id>', 'site id (default: from the scene)')
    .option('-s, --scene <file>', 'scene file (default: the built-in demo plant)')
    .action(async (json: string, options: { mqttUrl: string; site?: string; scene?: string }) => (await simulatorModule()).simulateInjectCommand(json, options));

  const scene = program.command('scene').description('work with scene files');
  scene
    .command('validate')
    .description('check scene files; prints located problems and exits 2 when any is invalid')
    .argument('<file...>', 'scene JSON files')
    .action(async (files: string[]) => (await sceneModule()).validateScenesCommand(files));

  program
    .command('detect')
    .description('run a camera-AI model (folder with manifest.json) on images; prints JSON detections per image (docs/vision.md)')
    .requiredOption('-m, --model <dir>', 'model folder with manifest.json, or the manifest file')
    .option('--score <t>', 'score threshold for every class, overriding the manifest')
    .option('--threads <n>', 'onnxruntime intra-op threads (default 1)')
    .option('--execution-provider <name...>', 'onnxruntime execution providers in order (default cpu)')
    .argument('<image...>', 'JPEG/PNG images (decoded with ffmpeg)')
    .action(async (images: string[], options: { model: string; score?: string; threads?: string; executionProvider?: string[] }) => (await detectModule()).detectCommand(images, options));

  program
    .command('plume')
    .description('gas dispersion study: JSON study in (file or - for stdin, one document or an array), JSON results out (docs/dispersion.md)')
    .argument('<study>', 'study JSON file, or - for standard input')
    .option('--pretty', 'indent the JSON output')
    .action(async (file: string, options: { pretty?: boolean }) => (await plumeModule()).plumeCommand(file, options));

  program
    .command('evac')
    .description('evacuation study: walkable geometry, exits, hazards and agents in; arrivals, flows, doses and trajectories out (JSON; docs/evacuation.md)')
    .argument('<scenario>', 'scenario JSON file, or - for stdin (an array of scenarios gives an array of results)')
    .option('--pretty', 'indent the JSON output')
    .action(async (scenarioFile: string, options: { pretty?: boolean }) => (await evacModule()).evacCommand(scenarioFile, options));

  const users = program.command('users').description('manage users, roles and API tokens (stored hashed in <data-dir>/users.json)');
  const withStoreOptions = (command: Command) =>
    command.option('-d, --data-dir <dir>', 'data directory (as for serve)').option('-c, --config <file>', 'config file (as for serve)');
  withStoreOptions(
    users
      .command('add')
      .description('add a user or change their role / password')
      .argument('<name>')
      .addOption(new Option('-r, --role <role>', 'role').choices(ROLES).makeOptionMandatory())
      .option('--password-stdin', 'read the password from the first line of standard input'),
  ).action(async (name: string, options: { role: string; passwordStdin?: boolean }) => (await usersModule()).addUserCommand(name, options));
  withStoreOptions(users.command('token').description('issue an API token for a user (printed once)').argument('<name>').option('-l, --label <text>', 'what the token is for')).action(
    async (name: string, options: { label?: string }) => (await usersModule()).issueTokenCommand(name, options),
  );
  withStoreOptions(users.command('list').description('list users and roles')).action(async (options: object) => (await usersModule()).listUsersCommand(options));
  withStoreOptions(
    users
      .command('role')
      .description("change a user's role (a running core applies it at once: that user's open screens reconnect with it)")
      .argument('<name>')
      .addArgument(new Argument('<role>').choices(ROLES)),
  ).action(async (name: string, role: string, options: object) => (await usersModule()).setRoleCommand(name, role, options));
  withStoreOptions(users.command('remove').description('remove a user and their tokens (a running core signs them out at once)').argument('<name>')).action(async (name: string, options: object) =>
    (await usersModule()).removeUserCommand(name, options),
  );

  const recordings = program.command('recordings').description('MCAP recordings of everything the core saw (<data-dir>/recordings; docs/recording.md)');
  withStoreOptions(recordings.command('list').description('list recordings with their time range and health').option('--json', 'machine-readable output')).action(async (options: { json?: boolean }) =>
    (await recordingsModule()).listRecordingsCommand(options),
  );
  recordings
    .command('inspect')
    .description('time range, channels, message counts, attachments and integrity (CRC of every chunk); exit 2 when unusable')
    .argument('<file>', 'a recording (.mcap)')
    .option('--json', 'machine-readable output')
    .action(async (file: string, options: { json?: boolean }) => (await recordingsModule()).inspectRecordingCommand(file, options));
  recordings
    .command('export')
    .description('copy a time range into a new, self-contained recording (a training package)')
    .argument('<file>', 'the recording')
    .argument('<out>', 'the new file (must not exist)')
    .option('--from <time>', 'ISO 8601 time, epoch ms, or offset from the start (+90s, +15m, +00:12:30); default: the start')
    .option('--to <time>', 'as --from; default: the end')
    .action(async (file: string, out: string, options: { from?: string; to?: string }) => (await recordingsModule()).exportRecordingCommand(file, out, options));
  recordings
    .command('report')
    .description('incident report (HTML, print to PDF): alarms and operator actions, response times, snapshots, bookmarks')
    .argument('<file...>', 'one or more consecutive recordings')
    .option('--from <time>', 'as for export; default: the start')
    .option('--to <time>', 'as for export; default: the end')
    .addOption(new Option('--locale <locale>', 'report language').choices(['en', 'zh-CN']).default('en'))
    .option('--time-zone <zone>', "IANA zone for times, e.g. Asia/Shanghai (default: this machine's)")
    .option('-o, --out <file>', 'write here instead of standard output')
    .action(async (files: string[], options: { from?: string; to?: string; locale?: string; timeZone?: string; out?: string }) => (await recordingsModule()).reportRecordingCommand(files, options));
  recordings
    .command('repair')
    .description('rewrite a truncated or damaged recording up to its last complete chunk')
    .argument('<file>', 'the damaged file (.mcap or .mcap.part)')
    .argument('[out]', 'output file (default: <file>.repaired.mcap, or the .mcap of a .part)')
    .action(async (file: string, out: string | undefined) => (await recordingsModule()).repairRecordingCommand(file, out));

  const history = program.command('history').description('the historian: sensor history, alarm transitions and markers over years (docs/historian.md)');
  const withHistorianOptions = (command: Command) =>
    withStoreOptions(command).option('--historian <location>', '"embedded" (<data-dir>/historian.sqlite), a file path, or postgres://… (default: as for serve, else embedded)');
  withHistorianOptions(
    history
      .command('query')
      .description('sensors\' history in display buckets (min, max, mean, count, bad-quality count per bucket), JSON or CSV on standard output')
      .requiredOption('--sensor <ids>', 'sensor ids, comma-separated')
      .requiredOption('--from <time>', 'ISO 8601 date-time or epoch ms')
      .option('--to <time>', 'ISO 8601 date-time or epoch ms (default: now)')
      .addOption(new Option('--step <step>', 'tier: auto (chosen by the range), raw, 1m or 1h').choices(['auto', 'raw', '1m', '1h']).default('auto'))
      .option('--max-points <n>', 'at most this many buckets per series (default 2000)')
      .addOption(new Option('--format <format>', 'output format').choices(['json', 'csv']).default('json')),
  ).action(async (options: { sensor: string; from: string; to?: string; step?: string; maxPoints?: string; format?: string; historian?: string; dataDir?: string; config?: string }) =>
    (await historyModule()).historyQueryCommand(options),
  );
  withHistorianOptions(history.command('migrate').description('bring the historian schema up to this version (prints from → to); a newer schema is refused, exit 1')).action(
    async (options: { historian?: string; dataDir?: string; config?: string }) => (await historyModule()).historyMigrateCommand(options),
  );
  withHistorianOptions(
    history
      .command('import')
      .description('back-fill recordings into the historian: samples, alarm transitions, markers and studies, each once however often imported')
      .argument('<recording...>', 'recordings (.mcap)')
      .option('--json', 'one JSON line per file'),
  ).action(async (files: string[], options: { json?: boolean; historian?: string; dataDir?: string; config?: string }) => (await historyModule()).historyImportCommand(files, options));

  const audit = program.command('audit').description('the tamper-evident audit journal of operator actions and recording digests');
  withStoreOptions(
    audit
      .command('verify')
      .description('check the hash chain from its first entry, every listed recording digest, unlisted recordings and the chain heads the recordings stored; exit 0 verified, 1 tampered or damaged, 2 no journal / bad options')
      .option('--journal <file>', 'a journal file elsewhere (default: <data-dir>/audit/journal.jsonl)')
      .option('--expect-head <seq:hash>', 'a chain head kept elsewhere (as verify printed it): the journal must still contain it')
      .option('--key-file <file>', 'the audit key, to check every entry MAC (default: $SAFETWIN_AUDIT_KEY_FILE)')
      .option('--json', 'machine-readable output'),
  ).action(async (options: { json?: boolean; journal?: string; expectHead?: string; keyFile?: string }) => (await recordingsModule()).auditVerifyCommand(options));
  return program;
}

/** Runs the CLI; usage errors exit 2 like every other bad input. */
export async function runCli(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
      return;
    }
    throw error;
  }
}
