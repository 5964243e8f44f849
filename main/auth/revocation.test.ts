import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { Authenticator, MAX_SESSIONS_PER_USER, type SignInResult } from './Authenticator.js';
import { LoginThrottle } from './LoginThrottle.js';
import { BoundedConcurrency } from '../platform/BoundedConcurrency.js';
import { verifyPassword } from './password.js';
import { USERS_FILE, UserStore } from './UserStore.js';

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'st-revoke-'));
const mode = (file: string) => statSync(file).mode & 0o777;

function signedIn(result: SignInResult): Extract<SignInResult, { ok: true }> {
  if (!result.ok) throw new Error(`sign-in refused: ${result.reason}`);
  return result;
}

describe('sessions hold the user, not a snapshot of the role', () => {
  it('applies a role change made by another process (the CLI) on the next authentication', async () => {
    const dir = tempDir();
    const core = await UserStore.open(dir);
    const cli = await UserStore.open(dir);
    await cli.upsertUser('zhao', 'operator', 'shift-pass-1');
    const auth = new Authenticator(core, true, 60_000);
    const session = signedIn(await auth.signIn('zhao', 'shift-pass-1', '10.0.0.1'));
    expect((await auth.authenticate(session.token))?.role).toBe('operator');
    expect(await cli.setRole('zhao', 'viewer')).toBe(true);
    expect(await auth.authenticate(session.token)).toEqual({ name: 'zhao', role: 'viewer', implicit: false });
    expect(await cli.setRole('nobody', 'viewer')).toBe(false);
  });

  it('ends sessions and API tokens of a removed user at once', async () => {
    const dir = tempDir();
    const core = await UserStore.open(dir);
    const cli = await UserStore.open(dir);
    await cli.upsertUser('qian', 'commander', 'incident-pass-1');
    const apiToken = await cli.issueToken('qian', 'wall');
    const auth = new Authenticator(core, true, 60_000);
    const session = signedIn(await auth.signIn('qian', 'incident-pass-1', '10.0.0.1'));
    expect(await auth.authenticate(apiToken)).not.toBeNull();
    expect(await cli.removeUser('qian')).toBe(true);
    expect(await auth.authenticate(apiToken)).toBeNull();
    // Added again under the same name before the old session was used: a new user, not the old session's.
    await new Promise((resolve) => setTimeout(resolve, 2));
    await cli.upsertUser('qian', 'admin', 'new-holder-pass-1');
    expect(await auth.authenticate(session.token)).toBeNull();
    expect(await auth.authenticate(apiToken)).toBeNull();
    expect(auth.activeSessions).toBe(0);
  });

  it('fails closed while users.json does not parse (a hand edit in progress), and recovers once it does', async () => {
    const dir = tempDir();
    const core = await UserStore.open(dir);
    await core.upsertUser('ma', 'operator', 'shift-pass-3');
    const auth = new Authenticator(core, true, 60_000);
    const session = signedIn(await auth.signIn('ma', 'shift-pass-3', '10.0.0.1'));
    const good = readFileSync(path.join(dir, USERS_FILE), 'utf8');
    writeFileSync(path.join(dir, USERS_FILE), good.slice(0, good.length / 2));
    await expect(auth.authenticate(session.token)).rejects.toThrow(SyntaxError);
    writeFileSync(path.join(dir, USERS_FILE), good);
    expect(await auth.authenticate(session.token)).toMatchObject({ name: 'ma', role: 'operator' });
  });

  it('tells listeners of a sign-out, and of users.json changed by another process', async () => {
    const dir = tempDir();
    const core = await UserStore.open(dir);
    const cli = await UserStore.open(dir);
    await cli.upsertUser('sun', 'operator', 'shift-pass-2');
    const auth = new Authenticator(core, true, 60_000);
    let notices = 0;
    auth.onCredentialsChanged(() => notices++);
    const stopWatching = auth.watchUserStore((error) => {
      throw error;
    });
    try {
      const session = signedIn(await auth.signIn('sun', 'shift-pass-2', '10.0.0.1'));
      auth.signOut(session.token);
      expect(notices).toBe(1);
      auth.signOut(session.token); // already ended: nothing changed, no notice
      expect(notices).toBe(1);
      await cli.setRole('sun', 'viewer');
      await vi.waitFor(() => expect(notices).toBe(2), { timeout: 1_000 });
      await cli.removeUser('sun');
      await vi.waitFor(() => expect(notices).toBe(3), { timeout: 1_000 });
      // Other files in the data dir are not the user store.
      writeFileSync(path.join(dir, 'config.json'), '{}');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(notices).toBe(3);
    } finally {
      stopWatching();
    }
  });
});

describe('session limits per user', () => {
  it("ends only the user's own oldest session beyond the cap; other users keep theirs", async () => {
    const store = await UserStore.open(tempDir());
    await store.upsertUser('zhou', 'operator', 'desk-pass-1');
    await store.upsertUser('wu', 'viewer', 'wall-pass-1');
    let now = 1_000_000;
    const auth = new Authenticator(store, true, 3_600_000, () => now);
    let notices = 0;
    auth.onCredentialsChanged(() => notices++);
    const other = signedIn(await auth.signIn('wu', 'wall-pass-1', '10.0.0.2'));
    const own: string[] = [];
    for (let i = 0; i < MAX_SESSIONS_PER_USER + 3; i++) {
      now += 1_000;
      own.push(signedIn(await auth.signIn('zhou', 'desk-pass-1', '10.0.0.3')).token);
    }
    expect(auth.sessionsOf('zhou')).toBe(MAX_SESSIONS_PER_USER);
    expect(auth.sessionsOf('wu')).toBe(1);
    expect(await auth.authenticate(other.token)).toMatchObject({ name: 'wu' });
    for (const token of own.slice(0, 3)) expect(await auth.authenticate(token)).toBeNull();
    for (const token of own.slice(3)) expect(await auth.authenticate(token)).toMatchObject({ name: 'zhou' });
    expect(notices).toBe(3);
  });
});

describe('sign-in throttling', () => {
  it('refuses a user name after repeated attempts, from any address, until the window passes', async () => {
    const store = await UserStore.open(tempDir());
    await store.upsertUser('zheng', 'operator', 'right-pass-1');
    let now = 0;
    const throttle = new LoginThrottle({ perUser: { maxAttempts: 3, windowMs: 60_000 }, perAddress: { maxAttempts: 100, windowMs: 60_000 }, maxEntries: 100 }, () => now);
    const auth = new Authenticator(store, true, 3_600_000, () => now, undefined, throttle);
    for (let i = 0; i < 3; i++) expect(await auth.signIn('zheng', `guess-${i}`, `10.0.1.${i}`)).toEqual({ ok: false, reason: 'invalid' });
    // The right password does not help while the name is locked: the guesser must not learn it.
    expect(await auth.signIn('zheng', 'right-pass-1', '10.0.2.1')).toEqual({ ok: false, reason: 'throttled', retryAfterMs: 60_000 });
    now = 59_999;
    expect(await auth.signIn('zheng', 'right-pass-1', '10.0.2.1')).toMatchObject({ reason: 'throttled', retryAfterMs: 1 });
    now = 60_000;
    expect(await auth.signIn('zheng', 'right-pass-1', '10.0.2.1')).toMatchObject({ ok: true });
  });

  it('refuses an address that tries many names, and throttles unknown names like known ones', async () => {
    const store = await UserStore.open(tempDir());
    await store.upsertUser('feng', 'operator', 'right-pass-2');
    const throttle = new LoginThrottle({ perUser: { maxAttempts: 3, windowMs: 60_000 }, perAddress: { maxAttempts: 4, windowMs: 60_000 }, maxEntries: 100 }, () => 0);
    const auth = new Authenticator(store, true, 3_600_000, () => 0, undefined, throttle);
    for (const name of ['a1', 'a2', 'a3', 'a4']) expect(await auth.signIn(name, 'x', '192.0.2.9')).toEqual({ ok: false, reason: 'invalid' });
    expect(await auth.signIn('feng', 'right-pass-2', '192.0.2.9')).toMatchObject({ reason: 'throttled' });
    expect(await auth.signIn('feng', 'right-pass-2', '192.0.2.10')).toMatchObject({ ok: true });
    for (let i = 0; i < 3; i++) await auth.signIn('ghost', 'x', `198.51.100.${i}`);
    expect(await auth.signIn('ghost', 'x', '198.51.100.99')).toMatchObject({ reason: 'throttled' });
  });

  it('counts attempts when they start, so parallel guesses are limited too', async () => {
    const throttle = new LoginThrottle({ perUser: { maxAttempts: 5, windowMs: 60_000 }, perAddress: { maxAttempts: 100, windowMs: 60_000 }, maxEntries: 100 }, () => 0);
    const auth = new Authenticator(await UserStore.open(tempDir()), true, 60_000, () => 0, undefined, throttle);
    const results = await Promise.all(Array.from({ length: 20 }, () => auth.signIn('target', 'guess', '203.0.113.5')));
    expect(results.filter((r) => !r.ok && r.reason === 'invalid')).toHaveLength(5);
    expect(results.filter((r) => !r.ok && r.reason === 'throttled')).toHaveLength(15);
  });

  it("forgives a successful sign-in the name's count, and the address only that attempt", () => {
    const throttle = new LoginThrottle({ perUser: { maxAttempts: 3, windowMs: 60_000 }, perAddress: { maxAttempts: 6, windowMs: 60_000 }, maxEntries: 100 }, () => 0);
    // An operator who mistypes once before each sign-in is never locked out by name...
    for (let round = 0; round < 5; round++) {
      expect(throttle.begin('he', '10.1.1.1').retryAfterMs).toBe(0);
      expect(throttle.begin('he', '10.1.1.1').retryAfterMs).toBe(0);
      throttle.succeeded('he', '10.1.1.1');
    }
    expect(throttle.entries.users).toBe(0);
    // ...but the failed attempts from the address still count: signing in to one's own account does
    // not reset an address that is guessing other names.
    expect(throttle.begin('other', '10.1.1.1').retryAfterMs).toBe(0);
    expect(throttle.begin('other', '10.1.1.1').retryAfterMs).toBe(60_000);
  });

  it('keeps its tables bounded whatever names and addresses arrive', () => {
    const throttle = new LoginThrottle({ perUser: { maxAttempts: 3, windowMs: 60_000 }, perAddress: { maxAttempts: 3, windowMs: 60_000 }, maxEntries: 50 }, () => 0);
    for (let i = 0; i < 10_000; i++) throttle.begin(`name-${i}-${'x'.repeat(1000)}`, `10.${i >> 8}.${i & 255}.1`);
    expect(throttle.entries).toEqual({ users: 50, addresses: 50 });
  });
});

describe('password checks bounded', () => {
  it('runs at most a few scrypt checks at once, queues a burst in order and refuses a flood beyond the queue', async () => {
    const gate = new BoundedConcurrency(2, 3);
    let running = 0;
    let peak = 0;
    const release: (() => void)[] = [];
    const task = (id: number) => async () => {
      running++;
      peak = Math.max(peak, running);
      await new Promise<void>((resolve) => release.push(resolve));
      running--;
      return id;
    };
    const results = Array.from({ length: 7 }, (_, id) => gate.run(task(id)));
    expect(await results[5]).toBeNull();
    expect(await results[6]).toBeNull();
    expect(gate.queued).toBe(3);
    while (release.length > 0 || running > 0) {
      release.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await Promise.all(results.slice(0, 5))).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
  });
});

describe('constant-time user lookup', () => {
  it('does the same scrypt work for an unknown name, and for a user without a password, as for a real user', async () => {
    const verified: string[] = [];
    const store = await UserStore.open(tempDir(), {
      verifyPassword: (password, storedHash) => {
        verified.push(storedHash);
        return verifyPassword(password, storedHash);
      },
    });
    await store.upsertUser('known', 'operator', 'known-pass-1');
    await store.upsertUser('token-only', 'viewer');
    expect(await store.verifyPassword('known', 'wrong-pass')).toBeNull();
    expect(await store.verifyPassword('unknown', 'wrong-pass')).toBeNull();
    expect(await store.verifyPassword('token-only', 'wrong-pass')).toBeNull();
    expect(verified).toHaveLength(3);
    const parameters = verified.map((hash) => hash.split('$').slice(0, 4).join('$'));
    expect(new Set(parameters)).toEqual(new Set(['scrypt$32768$8$1']));
    // The unknown name's hash is well formed (a full scrypt run), not a shortcut that fails early.
    expect(verified[1]).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
  });
});

describe('user store file modes', () => {
  it('makes an existing data dir 0700 and users.json 0600, and keeps the file 0600 across rewrites', async () => {
    const dir = path.join(tempDir(), 'data');
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    const file = path.join(dir, USERS_FILE);
    writeFileSync(file, JSON.stringify({ version: 1, users: [], tokens: [] }), { mode: 0o644 });
    chmodSync(file, 0o644);
    const store = await UserStore.open(dir);
    expect(mode(dir)).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    await store.upsertUser('lin', 'viewer', 'viewer-pass-9');
    await store.issueToken('lin', 'wall');
    expect(mode(file)).toBe(0o600);
    expect(readdirSync(dir)).toEqual([USERS_FILE]);
  });

  it('creates a new data dir 0700 with users.json 0600', async () => {
    const dir = path.join(tempDir(), 'nested', 'data');
    const store = await UserStore.open(dir);
    await store.upsertUser('lin', 'viewer');
    expect(mode(dir)).toBe(0o700);
    expect(mode(path.join(dir, USERS_FILE))).toBe(0o600);
  });
});
