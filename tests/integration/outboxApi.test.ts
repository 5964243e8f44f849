import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserStore } from '../../main/auth/index.js';
import { resolveServeConfig } from '../../main/config/config.js';
import { startCore, type CoreHandle } from '../../main/core/startCore.js';
import { API_PATHS, type DispatchChannelStatus, type Role } from '../../main/contracts/index.js';
import { ChannelsConfigSchema } from '../../main/dispatch/index.js';
import { VAPID_KEYS_FILE } from '../../main/dispatchDesk/index.js';
import { createLogger } from '../../main/log/index.js';
import { makeTempDir } from '../support/tempDir.js';
import { browserPushKeys } from '../support/webPushReceiver.js';

const HOOK_SECRET = 'outbox-api-hook-secret';
const HOOK_URL = 'https://hooks.plant.example/safetwin/4f9a';

/**
 * The outbox's routes on a running core with sign-in (issue 19): the channels' health for dispatch:manage only and
 * without a secret or URL, the VAPID key the phone page subscribes with (the data directory's generated pair),
 * and browsers subscribing for the signed-in account, malformed or plain-http subscriptions refused.
 */
describe('the outbox API of a running core', () => {
  let core: CoreHandle;
  let dataDir: string;
  const tokens: Partial<Record<'manager' | 'viewer', string>> = {};

  beforeAll(async () => {
    dataDir = makeTempDir('outbox-api');
    const users = await UserStore.open(dataDir);
    const people: [keyof typeof tokens, string, Role][] = [
      ['manager', 'chen.jing', 'manager'],
      ['viewer', 'wang.wei', 'viewer'],
    ];
    for (const [key, name, role] of people) {
      await users.upsertUser(name, role, `${name}-pass-phrase-1`);
      tokens[key] = await users.issueToken(name, 'outbox api test');
    }
    const resolved = resolveServeConfig({ cli: { port: 0, dataDir, simulate: false, brokerPort: 0, record: false, historian: 'embedded', requireAuth: true }, env: {} });
    if (!resolved.ok) throw new Error(JSON.stringify(resolved.problems));
    // Channels as a site's config file would give them; the webhook's receiver is never reached (no warning is raised).
    resolved.config.dispatch.channels = ChannelsConfigSchema.parse({ webhook: { url: HOOK_URL, secret: HOOK_SECRET }, webPush: { vapidSubject: 'mailto:ops@plant.example' } });
    core = await startCore({ config: resolved.config, logger: createLogger('silent') });
  });
  afterAll(async () => {
    await core?.close();
  });

  const request = (method: string, pathAndQuery: string, who: keyof typeof tokens, body?: unknown) =>
    fetch(new URL(pathAndQuery, core.url), { method, headers: { authorization: `Bearer ${tokens[who]}`, ...(body !== undefined && { 'content-type': 'application/json' }) }, ...(body !== undefined && { body: JSON.stringify(body) }) });

  it('shows the channels’ health to a manager only, with no secret or URL', async () => {
    expect((await request('GET', `${API_PATHS.dispatch}/channels`, 'viewer')).status).toBe(403);
    const response = await request('GET', `${API_PATHS.dispatch}/channels`, 'manager');
    expect(response.status).toBe(200);
    const text = await response.text();
    const channels = JSON.parse(text) as DispatchChannelStatus[];
    expect(channels.map((c) => [c.channel, c.configured, c.active, c.healthy, c.queued])).toEqual([
      ['webhook', true, true, true, 0],
      ['email', false, false, true, 0],
      ['wecom', false, false, true, 0],
      ['dingtalk', false, false, true, 0],
      ['sms', false, false, true, 0],
      ['webPush', true, true, true, 0],
    ]);
    expect(text).not.toContain(HOOK_SECRET);
    expect(text).not.toContain('hooks.plant.example');
  });

  it('gives the VAPID public key the data directory keeps, and takes a browser’s subscription for the signed-in account', async () => {
    const key = (await (await request('GET', `${API_PATHS.push}/vapid-public-key`, 'viewer')).json()) as { publicKey: string };
    expect(key.publicKey).toBe(JSON.parse(readFileSync(path.join(dataDir, VAPID_KEYS_FILE), 'utf8')).publicKey);
    const keys = browserPushKeys();
    const subscription = { endpoint: 'https://push.example.net/wpush/v2/abc123', expirationTime: null, keys: { p256dh: keys.p256dh, auth: keys.auth } };
    const created = await request('POST', `${API_PATHS.push}/subscriptions`, 'viewer', subscription);
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ endpoint: subscription.endpoint });

    const malformed = await request('POST', `${API_PATHS.push}/subscriptions`, 'viewer', { endpoint: subscription.endpoint, keys: { p256dh: keys.p256dh } });
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { problem: { code: string } }).problem.code).toBe('ST_ERR_DISPATCH_INVALID');
    const plainHttp = await request('POST', `${API_PATHS.push}/subscriptions`, 'viewer', { ...subscription, endpoint: 'http://10.0.0.5/internal' });
    expect(plainHttp.status).toBe(400);
    expect(((await plainHttp.json()) as { problem: { message: string } }).problem.message).toContain('https');
  });
});
