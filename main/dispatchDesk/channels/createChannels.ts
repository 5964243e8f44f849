import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { ChannelsConfig } from '../../dispatch/index.js';
import { ensurePrivateDir, writePrivateFileAtomic } from '../../platform/index.js';
import { secretOf, type Channel } from './channel.js';
import { DingtalkChannel } from './dingtalkChannel.js';
import { EmailChannel } from './emailChannel.js';
import { SmsChannel } from './smsChannel.js';
import { WebhookChannel } from './webhookChannel.js';
import { WecomChannel } from './wecomChannel.js';
import { generateVapidKeys, WebPushChannel, type PushSubscriptions, type VapidKeys } from './webPushChannel.js';

/** The generated VAPID key pair, kept in the data directory so browsers' subscriptions outlive a restart. */
export const VAPID_KEYS_FILE = 'dispatch-vapid.json';
const VapidFileSchema = z.strictObject({ publicKey: z.string().min(80).max(90), privateKey: z.string().min(40).max(45) });

export type ChannelSetup = {
  channels: Channel[];
  /** The VAPID public key browsers subscribe with (GET /api/push/vapid-public-key); null without Web Push. */
  vapidPublicKey: string | null;
  /** Channels left off, each with why (a secret's environment variable unset): the Outbox raises them as problems. */
  faults: { channel: Channel['name']; message: string }[];
};

/**
 * The configured channels, their secrets read from the configuration or the environment once at start. A
 * channel whose named secret is missing is left off and said as a fault (not sent unsigned).
 */
export async function createChannels(config: ChannelsConfig, options: { env: NodeJS.ProcessEnv; dataDir: string | null; subscriptions: PushSubscriptions }): Promise<ChannelSetup> {
  const timeoutMs = config.retry.timeoutS * 1000;
  const channels: Channel[] = [];
  const faults: ChannelSetup['faults'] = [];
  const secret = (channel: Channel['name'], value: string | undefined, envName: string | undefined) => {
    const found = secretOf(value, envName, options.env);
    if (found === undefined && envName !== undefined) faults.push({ channel, message: `the environment variable ${envName} holding its secret is not set` });
    return { found, missing: found === undefined && envName !== undefined };
  };
  if (config.webhook) {
    const key = secret('webhook', config.webhook.secret, config.webhook.secretEnv);
    if (!key.missing) channels.push(new WebhookChannel(config.webhook, key.found, timeoutMs));
  }
  if (config.email) {
    const password = secret('email', config.email.password, config.email.passwordEnv);
    if (!password.missing) channels.push(new EmailChannel(config.email, password.found, timeoutMs));
  }
  if (config.wecom) channels.push(new WecomChannel(config.wecom, timeoutMs));
  if (config.dingtalk) {
    const key = secret('dingtalk', config.dingtalk.secret, config.dingtalk.secretEnv);
    if (!key.missing) channels.push(new DingtalkChannel(config.dingtalk, key.found, timeoutMs));
  }
  if (config.sms) {
    const headers = { ...config.sms.headers };
    let missing = false;
    for (const [name, envName] of Object.entries(config.sms.headersEnv)) {
      const value = secret('sms', undefined, envName);
      if (value.found !== undefined) headers[name] = value.found;
      missing ||= value.missing;
    }
    if (!missing) channels.push(new SmsChannel(config.sms, headers, timeoutMs));
  }
  let vapidPublicKey: string | null = null;
  if (config.webPush) {
    const given = config.webPush.vapidPublicKey;
    const privateKey = secret('webPush', config.webPush.vapidPrivateKey, config.webPush.vapidPrivateKeyEnv);
    const keys = given !== undefined ? (privateKey.found === undefined ? null : { publicKey: given, privateKey: privateKey.found }) : await keptVapidKeys(options.dataDir).catch((error: Error) => {
      // A damaged key file is not replaced: the browsers subscribed with its key would all stop receiving.
      faults.push({ channel: 'webPush', message: `${VAPID_KEYS_FILE} in the data directory cannot be read (${error.message.slice(0, 100)})` });
      return null;
    });
    if (keys) {
      const vapid: VapidKeys = { subject: config.webPush.vapidSubject, ...keys };
      channels.push(new WebPushChannel(config.webPush, vapid, options.subscriptions, timeoutMs));
      vapidPublicKey = keys.publicKey;
    }
  }
  return { channels, vapidPublicKey, faults };
}

/**
 * The data directory's VAPID pair, generated and written (0600) the first time. Without a data directory the
 * pair lives as long as the core (subscriptions made with it stop working after a restart).
 */
async function keptVapidKeys(dataDir: string | null): Promise<{ publicKey: string; privateKey: string }> {
  if (dataDir === null) return generateVapidKeys();
  const file = path.join(dataDir, VAPID_KEYS_FILE);
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (text !== null) return VapidFileSchema.parse(JSON.parse(text));
  const keys = generateVapidKeys();
  await ensurePrivateDir(dataDir);
  await writePrivateFileAtomic(file, JSON.stringify(keys));
  return keys;
}
