import { readFileSync } from 'node:fs';
import type { IClientOptions } from 'mqtt';

/** Broker settings shared by the core's ingest client and the simulator. */
export type MqttConnectionSettings = {
  url: string;
  clientId: string;
  username?: string | undefined;
  password?: string | undefined;
  caFile?: string | undefined;
  certFile?: string | undefined;
  keyFile?: string | undefined;
  rejectUnauthorized?: boolean | undefined;
  clean?: boolean | undefined;
};

/** Reconnect backoff bounds: mqtt.js retries at reconnectPeriod; we widen it ourselves up to the max. */
export const RECONNECT_MIN_MS = 1_000;
export const RECONNECT_MAX_MS = 30_000;

/** mqtt.js options for mqtt://, mqtts:// (CA, client certificate and key from files) and ws:// URLs. */
export function mqttClientOptions(settings: MqttConnectionSettings, will?: IClientOptions['will']): IClientOptions {
  return {
    clientId: settings.clientId,
    clean: settings.clean ?? true,
    keepalive: 30,
    reconnectPeriod: RECONNECT_MIN_MS,
    connectTimeout: 10_000,
    protocolVersion: 4,
    ...(settings.username !== undefined ? { username: settings.username } : {}),
    ...(settings.password !== undefined ? { password: settings.password } : {}),
    ...(settings.caFile ? { ca: readFileSync(settings.caFile) } : {}),
    ...(settings.certFile ? { cert: readFileSync(settings.certFile) } : {}),
    ...(settings.keyFile ? { key: readFileSync(settings.keyFile) } : {}),
    ...(settings.rejectUnauthorized !== undefined ? { rejectUnauthorized: settings.rejectUnauthorized } : {}),
    ...(will ? { will } : {}),
  };
}
