import { afterEach, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Alarm, ClientToServerEvents, PlayerAlarms, Scene, ServerToClientEvents, SessionHello } from '../../main/contracts/index.js';
import { resolveServeConfig } from '../../main/config/config.js';
import { startCore, type CoreHandle } from '../../main/core/startCore.js';
import { createLogger } from '../../main/log/logger.js';
import { UserStore } from '../../main/auth/UserStore.js';
import { DEMO_SCENE_PATH } from '../../main/platform/packageInfo.js';
import { makeTempDir } from '../support/tempDir.js';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;
const cores: CoreHandle[] = [];
const sockets: Client[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.disconnect();
  for (const core of cores.splice(0)) await core.close();
});

async function start(overrides: Record<string, unknown> = {}, dataDir = makeTempDir('core')): Promise<CoreHandle> {
  const resolved = resolveServeConfig({ cli: { port: 0, dataDir, simulate: false, brokerPort: 0, ...overrides }, env: {} });
  if (!resolved.ok) throw new Error(JSON.stringify(resolved.problems));
  const core = await startCore({ config: resolved.config, logger: createLogger('silent') });
  cores.push(core);
  return core;
}

function connect(core: CoreHandle, auth: Record<string, string> = {}, extraHeaders: Record<string, string> = {}): Client {
  const socket: Client = io(core.url, { transports: ['websocket'], auth, reconnection: false, extraHeaders });
  sockets.push(socket);
  return socket;
}

const once = <T>(socket: Client, event: 'session:hello' | 'connect_error'): Promise<T> =>
  new Promise((resolve) => socket.once(event as 'connect_error', resolve as never));

const alarm = (alarmId: string, state: Alarm['state'] = 'unacknowledged'): Alarm => ({ alarmId, sourceId: 'GD-T101-C1', sourceKind: 'sensor', condition: 'high', priority: 'high', state, active: state !== 'normal', acknowledged: state === 'normal', suppressed: false, outOfService: false, latched: false, firstOut: false, value: 31, unit: '%LEL', raisedAtMs: 1, changedAtMs: 1 });

describe('core service over HTTP', () => {
  it('serves health, version, the scene and the UI with security headers', async () => {
    const core = await start();
    const health = await (await fetch(new URL('/api/health', core.url))).json();
    expect(health).toMatchObject({ status: 'ok', authRequired: false, problems: [] });
    const version = await (await fetch(new URL('/api/version', core.url))).json();
    expect(version).toMatchObject({ name: 'safetwin', sceneFormatVersion: 1 });
    const scene = (await (await fetch(new URL('/api/scene', core.url))).json()) as Scene;
    expect(scene.equipment.map((e) => e.id)).toEqual((JSON.parse(readFileSync(DEMO_SCENE_PATH, 'utf8')) as Scene).equipment.map((e) => e.id));
    const page = await fetch(core.url);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
  });

  it('exposes Prometheus metrics in the text exposition format', async () => {
    const core = await start();
    await fetch(new URL('/api/health', core.url));
    const response = await fetch(new URL('/metrics', core.url));
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(text).toMatch(/^# TYPE safetwin_http_requests_total counter$/m);
    expect(text).toMatch(/^safetwin_http_requests_total\{route="\/api\/health",method="GET",status="200"\} 1$/m);
    expect(text).toMatch(/^safetwin_scene_objects\{kind="sensors"\} \d{3}$/m);
    expect(text).toMatch(/^safetwin_process_cpu_seconds_total /m);
  });

  it('answers unknown paths with a coded 404 and rejects foreign Host headers (DNS rebinding)', async () => {
    const core = await start();
    const missing = await fetch(new URL('/api/nothing', core.url));
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ problem: { code: 'ST_ERR_HTTP_NOT_FOUND' } });
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(new URL('/api/scene', core.url), { headers: { host: 'attacker.example' } }, (res) => resolve(res.statusCode ?? 0));
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
  });

  it('requires sign-in when asked to, and signs in with a password or an API token', async () => {
    const dataDir = makeTempDir('auth');
    const users = await UserStore.open(dataDir);
    await users.upsertUser('chen', 'viewer', 'viewer-pass-1');
    const apiToken = await users.issueToken('chen', 'dashboard');
    const core = await start({ requireAuth: true }, dataDir);
    expect(core.authRequired).toBe(true);
    expect((await fetch(new URL('/api/scene', core.url))).status).toBe(401);
    expect((await fetch(new URL('/api/health', core.url))).status).toBe(200);

    const bad = await fetch(new URL('/api/login', core.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'chen', password: 'nope' }) });
    expect(bad.status).toBe(401);
    const malformed = await fetch(new URL('/api/login', core.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username": 5}' });
    expect(malformed.status).toBe(400);

    const login = await fetch(new URL('/api/login', core.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'chen', password: 'viewer-pass-1' }) });
    const { token, user } = (await login.json()) as { token: string; user: unknown };
    expect(user).toEqual({ name: 'chen', role: 'viewer', implicit: false });
    expect((await fetch(new URL('/api/scene', core.url), { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    const session = await (await fetch(new URL('/api/session', core.url), { headers: { authorization: `Bearer ${apiToken}` } })).json();
    expect(session).toEqual({ user: { name: 'chen', role: 'viewer', implicit: false } });
  });

  it('refuses to start on a bad scene, and on a port in use, with coded problems', async () => {
    await expect(start({ scene: 'tests/fixtures/scenes/bad-fields.json' })).rejects.toMatchObject({ name: 'CoreStartError', problems: [expect.objectContaining({ code: 'ST_ERR_SCENE_INVALID' })] });
    const first = await start();
    await expect(start({ port: first.port })).rejects.toMatchObject({ problems: [expect.objectContaining({ code: 'ST_ERR_HTTP_LISTEN' })] });
  });
});

describe('core service over socket.io', () => {
  it('tells each console how many operator positions share the alarm load (its flood threshold scales with them)', async () => {
    const dataDir = makeTempDir('core-positions');
    // The data directory's config.json, as a site sets it.
    writeFileSync(path.join(dataDir, 'config.json'), JSON.stringify({ alarms: { operatorPositions: 3 } }));
    const socket = connect(await start({}, dataDir));
    expect((await once<SessionHello>(socket, 'session:hello')).operatorPositions).toBe(3);
  });

  it('greets an implicit local operator and answers scene requests', async () => {
    const core = await start();
    const socket = connect(core);
    const hello = await once<SessionHello>(socket, 'session:hello');
    expect(hello.user).toEqual({ name: 'local-commander', role: 'commander', implicit: true });
    expect(hello.sceneId).toBe('demo-plant');
    expect(hello.operatorPositions).toBe(1);
    const result = await socket.emitWithAck('scene:get');
    expect(result.ok && result.value.sensors.length).toBe(core.scene.sensors.length);
  });

  it('streams the live player\'s alarm changes in sequence after its snapshot, and sends the list anew on request', async () => {
    const core = await start();
    const socket = connect(core);
    const received: PlayerAlarms[] = [];
    socket.on('player:alarms', (m) => received.push(m));
    await once(socket, 'session:hello');
    await expect.poll(() => received.length).toBe(1);
    expect(received[0]).toEqual({ kind: 'snapshot', seekSeq: 1, seq: 0, alarms: [] });
    const transition = (a: Alarm) => ({ alarm: a, action: 'activate' as const, previousState: 'normal' as const, atMs: 1, by: 'system' });
    core.bus.publish('alarmTransition', transition(alarm('a1')));
    core.bus.publish('alarmTransition', transition(alarm('a2')));
    core.bus.publish('alarmTransition', transition(alarm('a1', 'normal')));
    await expect.poll(() => received.length).toBe(4);
    expect(received.slice(1).map((m) => [m.kind, m.seekSeq, m.seq])).toEqual([['event', 1, 1], ['event', 1, 2], ['event', 1, 3]]);
    expect(await socket.emitWithAck('player:command', { action: 'alarmSnapshot' })).toEqual({ ok: true, value: null });
    await expect.poll(() => received.length).toBe(5);
    expect(received[4]).toEqual({ kind: 'snapshot', seekSeq: 1, seq: 3, alarms: [alarm('a2')] });
    // The live list as a screen away from live asks for it (its live-alarm strip).
    expect(await socket.emitWithAck('alarm:snapshot')).toEqual({ ok: true, value: { seq: 3, alarms: [alarm('a2')] } });
  });

  it('rejects sockets without credentials when sign-in is required, and from foreign origins', async () => {
    const core = await start({ requireAuth: true });
    const anonymous = connect(core);
    expect((await once<Error>(anonymous, 'connect_error')).message).toBe('ST_ERR_AUTH_REQUIRED');
    const wrong = connect(core, { token: 'st_forged' });
    expect((await once<Error>(wrong, 'connect_error')).message).toBe('ST_ERR_AUTH_INVALID');

    const local = await start();
    const crossSite = connect(local, {}, { origin: 'https://evil.example' });
    expect((await once<Error>(crossSite, 'connect_error')).message).toMatch(/websocket error|untrusted/i);
  });

  it('survives malformed requests and counts them', async () => {
    const core = await start();
    const socket = connect(core);
    await once(socket, 'session:hello');
    (socket as unknown as Socket).emit('scene:get', { not: 'an ack' });
    (socket as unknown as Socket).emit('no-such-event', 1, 2, 3);
    const ok = await socket.emitWithAck('scene:get');
    expect(ok.ok).toBe(true);
    const metrics = await (await fetch(new URL('/metrics', core.url))).text();
    expect(metrics).toMatch(/^safetwin_socket_rejected_payloads_total\{event="scene:get"\} 1$/m);
  });

  it('closes cleanly: no sockets left, port released', async () => {
    const core = await start();
    const socket = connect(core);
    await once(socket, 'session:hello');
    const disconnected = new Promise((resolve) => socket.once('disconnect', resolve));
    await core.close();
    cores.splice(cores.indexOf(core), 1);
    await disconnected;
    await expect(fetch(core.url)).rejects.toThrow();
  });
});
