import type { ServeConfigKey } from './config.js';

/*
 * Names and defaults the CLI's help text shows. Kept apart from config.ts, whose schemas pull in
 * every capability's configuration, so that `safetwin --help` and the study commands start without
 * them (issue 14 item 13).
 */
export const DEFAULT_PORT = 4800;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const CONFIG_ENV_VARS: Partial<Record<ServeConfigKey, string>> = {
  port: 'SAFETWIN_PORT',
  host: 'SAFETWIN_HOST',
  scene: 'SAFETWIN_SCENE',
  dataDir: 'SAFETWIN_DATA_DIR',
  logLevel: 'SAFETWIN_LOG_LEVEL',
  requireAuth: 'SAFETWIN_REQUIRE_AUTH',
  sessionTtlMin: 'SAFETWIN_SESSION_TTL_MIN',
  localRole: 'SAFETWIN_LOCAL_ROLE',
  mqttUrl: 'SAFETWIN_MQTT_URL',
  mqttUsername: 'SAFETWIN_MQTT_USERNAME',
  mqttPassword: 'SAFETWIN_MQTT_PASSWORD',
  mqttClientId: 'SAFETWIN_MQTT_CLIENT_ID',
  mqttCaFile: 'SAFETWIN_MQTT_CA_FILE',
  mqttCertFile: 'SAFETWIN_MQTT_CERT_FILE',
  mqttKeyFile: 'SAFETWIN_MQTT_KEY_FILE',
  brokerPort: 'SAFETWIN_BROKER_PORT',
  simulate: 'SAFETWIN_SIMULATE',
  simulatorSeed: 'SAFETWIN_SIMULATOR_SEED',
  record: 'SAFETWIN_RECORD',
  recordingMaxAgeDays: 'SAFETWIN_RECORDING_MAX_AGE_DAYS',
  recordingMaxGb: 'SAFETWIN_RECORDING_MAX_GB',
  historian: 'SAFETWIN_HISTORIAN',
};
export const CONFIG_FILE_ENV_VAR = 'SAFETWIN_CONFIG';
