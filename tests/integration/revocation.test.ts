import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientToServerEvents, ServerToClientEvents, SessionHello } from '../../main/contracts/index.js';
import { REPO_ROOT, SAFETWIN_BIN, serve, type ServeProcess } from '../support/serveProcess.js';
import { makeTempDir } from '../support/tempDir.js';
import { waitUntil } from '../support/waitUntil.js';

type Client = Socket<ServerToClientEvents, ClientToServerEvents>;

const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SAFETWIN_')));
/** Issue 13: open connections of a changed user are closed "within a second". */
const REVOCATION_DEADLINE_MS = 1_000;
/** A stuck or hostile screen repeating its last action: one request after another, this far apart. */
const ATTEMPT_SPACING_MS = 10;

/** The real CLI in its own process, as an administrator runs it while the core runs; resolves when it has exited. */
function cli(args: string[], input = ''): Promise<{ code: number | null; stdout: string; stderr: string; startedAtMs: number; exitedAtMs: number }> {
  return new Promise((resolve, reject) => {
    const startedAtMs = Date.now();
    const child = spawn(process.execPath, [SAFETWIN_BIN, ...args], { cwd: REPO_ROOT, env: cleanEnv, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr, startedAtMs, exitedAtMs: Date.now() }));
    child.stdin.end(input);
  });
}

type Attempt = { sentAtMs: number; ok: boolean; code?: string };

/**
 * A signed-in screen that keeps acknowledging alarms, one request after another, and notes when the
 * core disconnects it: what an operator's console (or a script holding a stolen session) would do.
 */
class AcknowledgingScreen {
  readonly attempts: Attempt[] = [];
  disconnectedAtMs: number | null = null;
  private running = true;
  private readonly loop: Promise<void>;

  constructor(readonly socket: Client) {
    socket.on('disconnect', () => (this.disconnectedAtMs ??= Date.now()));
    this.loop = this.run();
  }

  private async run(): Promise<void> {
    while (this.running && this.socket.connected) {
      const sentAtMs = Date.now();
      try {
        const result = await this.socket.timeout(2_000).emitWithAck('player:command', { action: 'alarm', command: { action: 'acknowledge', alarmIds: ['GD-T101-C1:high'] } });
        this.attempts.push(result.ok ? { sentAtMs, ok: true } : { sentAtMs, ok: false, code: result.problem.code });
      } catch {
        // No answer: the connection closed under the request.
      }
      await new Promise((resolve) => setTimeout(resolve, ATTEMPT_SPACING_MS));
    }
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  /** The attempts sent after `atMs` (after the change was complete). */
  after(atMs: number): Attempt[] {
    return this.attempts.filter((a) => a.sentAtMs > atMs);
  }
}

/** A screen that only watches (sends nothing): only the core's watch on users.json can end it. */
function idleScreen(socket: Client): { disconnectedAtMs: () => number | null } {
  let disconnectedAtMs: number | null = null;
  socket.on('disconnect', () => (disconnectedAtMs ??= Date.now()));
  return { disconnectedAtMs: () => disconnectedAtMs };
}

describe('revocation is immediate against a real safetwin serve (issue 13.3)', () => {
  let dataDir: string;
  let server: ServeProcess;
  let url: string;
  const clients: Client[] = [];

  async function signIn(username: string, password: string): Promise<string> {
    const response = await fetch(new URL('/api/login', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    expect(response.status).toBe(200);
    return ((await response.json()) as { token: string }).token;
  }

  function connect(token: string): Promise<{ socket: Client; hello: SessionHello }> {
    const socket: Client = io(url, { transports: ['websocket'], auth: { token }, reconnection: false });
    clients.push(socket);
    return new Promise((resolve, reject) => {
      socket.once('session:hello', (hello) => resolve({ socket, hello }));
      socket.once('connect_error', reject);
    });
  }

  function connectError(token: string): Promise<string> {
    const socket: Client = io(url, { transports: ['websocket'], auth: { token }, reconnection: false });
    clients.push(socket);
    return new Promise((resolve) => socket.once('connect_error', (error) => resolve(error.message)));
  }

  async function addUser(name: string, role: string, password: string): Promise<void> {
    expect((await cli(['users', 'add', name, '--role', role, '--password-stdin', '--data-dir', dataDir], `${password}\n`)).code).toBe(0);
  }

  /**
   * The checks every case shares: the screen worked until the change began (`changingAtMs`), every
   * attempt sent once it was complete (`changedAtMs`) was refused, the first one included, and the
   * core disconnected the screen within the deadline.
   */
  async function expectRevokedWithin(screen: AcknowledgingScreen, changingAtMs: number, changedAtMs: number, refusedWith: string): Promise<void> {
    await waitUntil(() => screen.disconnectedAtMs !== null, 5_000, 'the core to disconnect the screen');
    await screen.stop();
    const before = screen.attempts.filter((a) => a.sentAtMs < changingAtMs);
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((a) => a.ok)).toBe(true);
    // Every attempt sent once the change was complete is refused, the very first one included.
    for (const attempt of screen.after(changedAtMs)) expect(attempt).toMatchObject({ ok: false, code: refusedWith });
    expect(screen.disconnectedAtMs! - changedAtMs).toBeLessThan(REVOCATION_DEADLINE_MS);
  }

  beforeAll(async () => {
    dataDir = makeTempDir('revocation');
    // A data dir that an older version or an administrator left open to others.
    for (const dir of [dataDir, path.join(dataDir, 'audit'), path.join(dataDir, 'recordings')]) {
      mkdirSync(dir, { recursive: true });
      chmodSync(dir, 0o755);
    }
    writeFileSync(path.join(dataDir, 'audit', 'journal.jsonl'), '');
    chmodSync(path.join(dataDir, 'audit', 'journal.jsonl'), 0o644);
    await addUser('op.li', 'operator', 'li-shift-pass-1');
    await addUser('op.wang', 'operator', 'wang-shift-pass-1');
    await addUser('op.zhang', 'operator', 'zhang-shift-pass-1');
    await addUser('view.chen', 'viewer', 'chen-view-pass-1');
    server = serve(['--port', '0', '--data-dir', dataDir, '--require-auth', '--no-simulate', '--log-level', 'warn'], cleanEnv);
    url = await server.url;
  }, 120_000);

  afterAll(async () => {
    for (const socket of clients) socket.disconnect();
    await server?.stop();
  });

  it('a role change by the CLI: the next acknowledge is refused, the screen is disconnected and reconnects as a viewer; other users keep working', async () => {
    const token = await signIn('op.li', 'li-shift-pass-1');
    const { socket, hello } = await connect(token);
    expect(hello.user.role).toBe('operator');
    const bystander = new AcknowledgingScreen((await connect(await signIn('op.zhang', 'zhang-shift-pass-1'))).socket);
    const screen = new AcknowledgingScreen(socket);
    const watching = idleScreen((await connect(token)).socket);
    await waitUntil(() => screen.attempts.length >= 5, 5_000, 'acknowledgements before the change');

    const change = await cli(['users', 'role', 'op.li', 'viewer', '--data-dir', dataDir]);
    expect(change).toMatchObject({ code: 0, stdout: 'user "op.li" now has role viewer\n' });
    await expectRevokedWithin(screen, change.startedAtMs, change.exitedAtMs, 'ST_ERR_AUTH_FORBIDDEN');
    await waitUntil(() => watching.disconnectedAtMs() !== null, 5_000, 'the core to disconnect the idle screen');
    expect(watching.disconnectedAtMs()! - change.exitedAtMs).toBeLessThan(REVOCATION_DEADLINE_MS);

    // Downgraded, not signed out: the same credential now carries the viewer role, on HTTP and socket.
    const again = await connect(token);
    expect(again.hello.user).toEqual({ name: 'op.li', role: 'viewer', implicit: false });
    expect(await again.socket.emitWithAck('player:command', { action: 'alarm', command: { action: 'acknowledge', alarmIds: ['GD-T101-C1:high'] } })).toMatchObject({ ok: false, problem: { code: 'ST_ERR_AUTH_FORBIDDEN' } });
    expect(await (await fetch(new URL('/api/session', url), { headers: { authorization: `Bearer ${token}` } })).json()).toEqual({ user: { name: 'op.li', role: 'viewer', implicit: false } });

    // Another operator's screen was never interrupted.
    expect(bystander.disconnectedAtMs).toBeNull();
    await bystander.stop();
    expect(bystander.attempts.length).toBeGreaterThan(5);
    expect(bystander.attempts.every((a) => a.ok)).toBe(true);
  });

  it('users remove by the CLI: sessions and API tokens stop at once, the screens are disconnected and cannot come back', async () => {
    const token = await signIn('op.wang', 'wang-shift-pass-1');
    const apiToken = (await cli(['users', 'token', 'op.wang', '--label', 'wall', '--data-dir', dataDir])).stdout.trim();
    const screen = new AcknowledgingScreen((await connect(token)).socket);
    const tokenScreen = new AcknowledgingScreen((await connect(apiToken)).socket);
    const watching = idleScreen((await connect(apiToken)).socket);
    await waitUntil(() => screen.attempts.length >= 5 && tokenScreen.attempts.length >= 5, 5_000, 'acknowledgements before the removal');

    const removal = await cli(['users', 'remove', 'op.wang', '--data-dir', dataDir]);
    expect(removal.code).toBe(0);
    expect((await fetch(new URL('/api/session', url), { headers: { authorization: `Bearer ${apiToken}` } })).status).toBe(401);
    await expectRevokedWithin(screen, removal.startedAtMs, removal.exitedAtMs, 'ST_ERR_AUTH_REVOKED');
    await expectRevokedWithin(tokenScreen, removal.startedAtMs, removal.exitedAtMs, 'ST_ERR_AUTH_REVOKED');
    await waitUntil(() => watching.disconnectedAtMs() !== null, 5_000, 'the core to disconnect the idle screen');
    expect(watching.disconnectedAtMs()! - removal.exitedAtMs).toBeLessThan(REVOCATION_DEADLINE_MS);
    expect(await connectError(token)).toBe('ST_ERR_AUTH_INVALID');
    expect(await connectError(apiToken)).toBe('ST_ERR_AUTH_INVALID');
  });

  it('sign-out over HTTP: that session is refused at once and its screen disconnected; the same user signed in elsewhere goes on', async () => {
    const token = await signIn('op.zhang', 'zhang-shift-pass-1');
    const otherDesk = new AcknowledgingScreen((await connect(await signIn('op.zhang', 'zhang-shift-pass-1'))).socket);
    const screen = new AcknowledgingScreen((await connect(token)).socket);
    await waitUntil(() => screen.attempts.length >= 5, 5_000, 'acknowledgements before the sign-out');

    const signingOutAtMs = Date.now();
    expect((await fetch(new URL('/api/logout', url), { method: 'POST', headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    await expectRevokedWithin(screen, signingOutAtMs, Date.now(), 'ST_ERR_AUTH_REVOKED');
    expect(await connectError(token)).toBe('ST_ERR_AUTH_INVALID');
    expect(otherDesk.disconnectedAtMs).toBeNull();
    await otherDesk.stop();
    expect(otherDesk.attempts.every((a) => a.ok)).toBe(true);
  });

  it('horn mute: journaled for an operator, refused for a viewer, rate-limited per screen', async () => {
    const journalPath = path.join(dataDir, 'audit', 'journal.jsonl');
    const silenceEntries = () =>
      readFileSync(journalPath, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { kind: string; by: string; data: { action?: string } })
        .filter((entry) => entry.kind === 'alarmAction' && /silenceHorn$/i.test(entry.data.action ?? ''));
    const before = silenceEntries().length;

    const viewer = (await connect(await signIn('view.chen', 'chen-view-pass-1'))).socket;
    viewer.emit('ui:annunciation', { muted: true });
    const operator = (await connect(await signIn('op.zhang', 'zhang-shift-pass-1'))).socket;
    operator.emit('ui:annunciation', { muted: true });
    operator.emit('ui:annunciation', { muted: false });
    await waitUntil(() => silenceEntries().length >= before + 2, 5_000, 'the horn mute in the journal');
    expect(silenceEntries().slice(before)).toEqual([
      expect.objectContaining({ by: 'op.zhang', data: { action: 'silenceHorn' } }),
      expect.objectContaining({ by: 'op.zhang', data: { action: 'unsilenceHorn' } }),
    ]);

    // A flood from one screen: a short burst is journaled, the rest refused and counted.
    for (let i = 0; i < 50; i++) operator.emit('ui:annunciation', { muted: i % 2 === 0 });
    await new Promise((resolve) => setTimeout(resolve, 500));
    const flood = silenceEntries().length - before - 2;
    expect(flood).toBeGreaterThanOrEqual(1);
    expect(flood).toBeLessThanOrEqual(5);
    expect(silenceEntries().every((entry) => entry.by !== 'view.chen')).toBe(true);
  });

  it('throttles sign-in per name over HTTP: 429 with Retry-After, an unknown name exactly like a real one', async () => {
    const attempt = (username: string, password: string) =>
      fetch(new URL('/api/login', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    for (const username of ['view.chen', 'nobody.here']) {
      for (let i = 0; i < 5; i++) expect((await attempt(username, `guess-${i}-wrong`)).status).toBe(401);
      const refused = await attempt(username, 'chen-view-pass-1');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(800);
      expect(await refused.json()).toMatchObject({ problem: { code: 'ST_ERR_AUTH_THROTTLED' } });
    }
    // Another user signs in from the same address meanwhile.
    expect((await attempt('op.zhang', 'zhang-shift-pass-1')).status).toBe(200);
  });

  it('keeps users, the audit journal and recordings 0600 in 0700 folders, whatever existed before', () => {
    const mode = (file: string) => statSync(file).mode & 0o777;
    const recordings = path.join(dataDir, 'recordings');
    for (const dir of [dataDir, path.join(dataDir, 'audit'), recordings]) expect({ dir, mode: mode(dir) }).toEqual({ dir, mode: 0o700 });
    const files = [path.join(dataDir, 'users.json'), path.join(dataDir, 'audit', 'journal.jsonl'), ...readdirSync(recordings).map((name) => path.join(recordings, name))];
    expect(files.length).toBeGreaterThan(2);
    for (const file of files) expect({ file, mode: mode(file) }).toEqual({ file, mode: 0o600 });
  });
});
