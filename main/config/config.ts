import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_RISK_WEIGHTS, LocalRoleSchema, problem, RiskWeightsSchema, type Problem } from '../contracts/index.js';
import { defaultDataDir, DEMO_SCENE_PATH } from '../platform/index.js';
import { AlarmConfigSchema, defaultAlarmConfig } from '../alarms/index.js';
import { IngestConfigSchema } from '../ingest/ingestConfig.js';
import { defaultHistorianRetention, HistorianRetentionSchema } from '../historian/retentionConfig.js';
import { defaultWorkerSafetyConfig, WorkerSafetyConfigSchema } from '../personnel/index.js';
import { defaultPermitsConfig, PermitsConfigSchema } from '../permits/index.js';
import { defaultHazardsConfig, HazardsConfigSchema } from '../hazards/index.js';
import { defaultDispatchConfig, DispatchConfigSchema } from '../dispatch/index.js';
import { defaultIndicatorsConfig, IndicatorsConfigSchema } from '../indicators/index.js';
import { resolveVisionPaths, VisionCoreConfigSchema } from '../vision/visionCoreConfig.js';
import { defaultReportsConfig, ReportsConfigSchema } from '../reports/reportsConfig.js';
import { formatJsonPath, parseJsonWithPositions, positionOfPath } from '../scene/index.js';
import { CONFIG_ENV_VARS, CONFIG_FILE_ENV_VAR, DEFAULT_PORT, LOG_LEVELS } from './configNames.js';

export { CONFIG_ENV_VARS, CONFIG_FILE_ENV_VAR, DEFAULT_PORT, LOG_LEVELS };

/** A boolean from a config file, or "true"/"false"/"1"/"0" from the command line or environment. */
const BooleanSettingSchema = z.union([z.boolean(), z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1')]);

/** Everything `safetwin serve` can be told; each key is a CLI flag, a SAFETWIN_* variable and a config-file key. */
export const ServeConfigSchema = z.strictObject({
  port: z.coerce.number().int().min(0).max(65535),
  host: z.string().min(1),
  scene: z.string().min(1),
  dataDir: z.string().min(1),
  logLevel: z.enum(LOG_LEVELS),
  /** Force sign-in even on loopback (shared workstations); always on for non-loopback addresses. */
  requireAuth: BooleanSettingSchema,
  sessionTtlMin: z.coerce.number().int().min(1).max(7 * 24 * 60),
  /** Role of the implicit user of a console without sign-in (loopback only; never admin). */
  localRole: LocalRoleSchema,
  /** External broker (mqtt://, mqtts://, ws://, wss://); absent: the embedded broker and the simulator. */
  mqttUrl: z
    .string()
    .regex(/^(mqtts?|wss?):\/\/[^\s/]+/, 'an MQTT URL such as mqtt://broker:1883 or mqtts://broker:8883')
    .optional(),
  mqttUsername: z.string().min(1).optional(),
  mqttPassword: z.string().min(1).optional(),
  mqttClientId: z.string().min(1).max(64).optional(),
  mqttCaFile: z.string().min(1).optional(),
  mqttCertFile: z.string().min(1).optional(),
  mqttKeyFile: z.string().min(1).optional(),
  /** Port of the embedded broker (another free port is used when it is taken). */
  brokerPort: z.coerce.number().int().min(0).max(65535),
  /** Run the plant simulator against the embedded broker (ignored with an external broker). */
  simulate: BooleanSettingSchema,
  simulatorSeed: z.coerce.number().int(),
  /** Record everything on the core's bus to MCAP files in <data-dir>/recordings (docs/recording.md). */
  record: BooleanSettingSchema,
  /** Delete recordings older than this; Chinese special-operation traces must be kept at least six years. */
  recordingMaxAgeDays: z.coerce.number().positive(),
  /** Disk budget of all recordings together, GB; the oldest go first (a problem is raised when that happens early). */
  recordingMaxGb: z.coerce.number().positive(),
  /**
   * The historian (docs/historian.md): "embedded" for the node:sqlite file in the data dir, a file path, or a
   * PostgreSQL URL (postgres://…); absent: off.
   */
  historian: z.string().min(1).max(2000).optional(),
  /** Retention periods of the historian's data classes, days (config file only; docs/historian.md). */
  historianRetention: HistorianRetentionSchema,
  /** Topic mappings, Sparkplug and payload rules (config file only; docs/mqtt.md). */
  ingest: IngestConfigSchema,
  /** Alarm rules beyond the scene's limits: delays, deadbands, comm-loss timeouts, voting (config file only; docs/alarms.md). */
  alarms: AlarmConfigSchema,
  /** Man-down, restricted-entry and gathering rules for badges (config file only; docs/alarms.md). */
  workers: WorkerSafetyConfigSchema,
  /** Special-operation permits: site calendar, live-rule distances and limits (config file only; docs/permits.md). */
  permits: PermitsConfigSchema,
  /** Double prevention: risk matrix, ticket deadlines, reminders and escalation, duplicate screening, round frequencies and check-in limits (config file only; docs/hazards.md). */
  hazards: HazardsConfigSchema,
  /** Warning dispatch: owner rules, deadlines per priority, escalation chain, evacuation rules, the duty roster file, outbound channels (config file only; docs/dispatch.md). */
  dispatch: DispatchConfigSchema.prefault({}),
  /** The manager's indicators: recomputation period, back-fill pace, declines, the indices' weights file (config file only; docs/indicators.md). */
  indicators: IndicatorsConfigSchema.prefault({}),
  /** Risk heatmap weights (config file only; docs/risk-heatmap.md). */
  risk: RiskWeightsSchema,
  /** Safety operations reports: Chromium's path, the scheduled reports' languages and schedule, who gets them by e-mail (config file only; docs/reports.md). */
  reports: ReportsConfigSchema.prefault({}),
  /** Camera AI: models, cameras, rules, evidence, Frigate (config file only; docs/vision.md). */
  vision: VisionCoreConfigSchema,
});
export type ServeConfig = z.infer<typeof ServeConfigSchema>;
export type ServeConfigKey = keyof ServeConfig;

const PATH_KEYS: ServeConfigKey[] = ['scene', 'dataDir', 'mqttCaFile', 'mqttCertFile', 'mqttKeyFile'];

type Layer = Partial<Record<ServeConfigKey, unknown>>;
export type ConfigSource = 'default' | 'file' | 'env' | 'cli';
export type ResolvedConfig = { ok: true; config: ServeConfig; sources: Record<ServeConfigKey, ConfigSource>; configFile: string | null } | { ok: false; problems: Problem[] };

type ResolveInput = {
  cli: Layer & { config?: string };
  env: NodeJS.ProcessEnv;
  /**
   * What the launcher chooses where the file, the environment and the command line say nothing: the desktop
   * app and `npm start` keep history in the embedded historian, a bare `safetwin serve` does not; they also
   * file the demo's permits (`permits.demoPermits`, when the core runs its simulator) unless a config file
   * gives its own `permits`.
   */
  launcherDefaults?: Pick<ServeConfig, 'historian'> & { demoPermits?: boolean };
  cwd?: string;
  platform?: NodeJS.Platform;
  homeDir?: string;
};

function defaults(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, homeDir: string): ServeConfig {
  return {
    port: DEFAULT_PORT,
    host: '127.0.0.1',
    scene: DEMO_SCENE_PATH,
    dataDir: defaultDataDir(platform, env, homeDir),
    logLevel: 'info',
    requireAuth: false,
    sessionTtlMin: 12 * 60,
    localRole: 'commander',
    brokerPort: 1883,
    simulate: true,
    simulatorSeed: 1,
    record: true,
    recordingMaxAgeDays: 6 * 366,
    recordingMaxGb: 50,
    historianRetention: defaultHistorianRetention(),
    ingest: IngestConfigSchema.parse({}),
    alarms: defaultAlarmConfig(),
    workers: defaultWorkerSafetyConfig(),
    permits: defaultPermitsConfig(),
    hazards: defaultHazardsConfig(),
    dispatch: defaultDispatchConfig(),
    indicators: defaultIndicatorsConfig(),
    risk: DEFAULT_RISK_WEIGHTS,
    reports: defaultReportsConfig(),
    vision: VisionCoreConfigSchema.parse({}),
  };
}

function envLayer(env: NodeJS.ProcessEnv, cwd: string): Layer {
  const layer: Layer = {};
  for (const [key, variable] of Object.entries(CONFIG_ENV_VARS) as [ServeConfigKey, string][]) {
    const value = env[variable];
    if (value !== undefined && value !== '') layer[key] = PATH_KEYS.includes(key) ? path.resolve(cwd, value) : value;
  }
  return layer;
}

function readConfigFile(file: string): { ok: true; layer: Layer } | { ok: false; problems: Problem[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { ok: false, problems: [problem('ST_ERR_CONFIG_READ', 'error', { message: `cannot read (${(error as NodeJS.ErrnoException).code})`, location: file })] };
  }
  const parsed = parseJsonWithPositions(text);
  if (!parsed.ok) {
    return { ok: false, problems: [problem('ST_ERR_CONFIG_INVALID', 'error', { message: `invalid JSON: ${parsed.message}`, location: `${file}:${parsed.position.line}:${parsed.position.column}` })] };
  }
  const checked = ServeConfigSchema.partial().safeParse(parsed.value);
  if (!checked.success) {
    return {
      ok: false,
      problems: checked.error.issues.map((issue) => {
        const at = positionOfPath(text, parsed.tree, issue.path);
        return problem('ST_ERR_CONFIG_INVALID', 'error', { message: issue.message, location: `${file}:${at.line}:${at.column} ${formatJsonPath(issue.path)}` });
      }),
    };
  }
  const layer: Layer = { ...checked.data };
  // Paths in a config file are relative to the file, so a config can travel with its scene.
  for (const key of PATH_KEYS) if (typeof layer[key] === 'string') layer[key] = path.resolve(path.dirname(file), layer[key]);
  if (checked.data.vision) layer.vision = resolveVisionPaths(checked.data.vision, path.dirname(file));
  return { ok: true, layer };
}

/** Precedence, highest first: command line, SAFETWIN_* environment, config file, built-in defaults. */
export function resolveServeConfig(input: ResolveInput): ResolvedConfig {
  const cwd = input.cwd ?? process.cwd();
  const { demoPermits, ...launcher } = input.launcherDefaults ?? {};
  const builtIn = defaults(input.env, input.platform ?? process.platform, input.homeDir ?? os.homedir());
  const base: ServeConfig = { ...builtIn, ...launcher, ...(demoPermits !== undefined && { permits: { ...builtIn.permits, demoPermits } }) };
  const { config: cliConfigFile, ...cliRest } = input.cli;
  const cli: Layer = {};
  for (const [key, value] of Object.entries(cliRest) as [ServeConfigKey, unknown][]) {
    if (value !== undefined) cli[key] = PATH_KEYS.includes(key) ? path.resolve(cwd, String(value)) : value;
  }
  const env = envLayer(input.env, cwd);

  const explicitFile = cliConfigFile ?? input.env[CONFIG_FILE_ENV_VAR];
  const dataDirForLookup = String(cli.dataDir ?? env.dataDir ?? base.dataDir);
  const implicitFile = path.join(dataDirForLookup, 'config.json');
  const configFile = explicitFile ? path.resolve(cwd, explicitFile) : existsSync(implicitFile) ? implicitFile : null;

  let file: Layer = {};
  if (configFile) {
    const read = readConfigFile(configFile);
    if (!read.ok) return read;
    file = read.layer;
  }

  const merged: Layer = { ...base };
  const sources = Object.fromEntries(Object.keys(base).map((k) => [k, 'default'])) as Record<ServeConfigKey, ConfigSource>;
  for (const [source, layer] of [['file', file], ['env', env], ['cli', cli]] as const) {
    for (const [key, value] of Object.entries(layer) as [ServeConfigKey, unknown][]) {
      merged[key] = value;
      sources[key] = source;
    }
  }
  const checked = ServeConfigSchema.safeParse(merged);
  if (!checked.success) {
    return {
      ok: false,
      problems: checked.error.issues.map((issue) => {
        const key = issue.path[0] as ServeConfigKey;
        const from = sources[key] === 'env' ? CONFIG_ENV_VARS[key] : sources[key] === 'cli' ? `--${key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}` : `${configFile ?? ''} ${formatJsonPath(issue.path)}`;
        return problem('ST_ERR_CONFIG_INVALID', 'error', { message: `${key}: ${issue.message}`, location: from });
      }),
    };
  }
  return { ok: true, config: checked.data, sources, configFile };
}
