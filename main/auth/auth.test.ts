import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTIONS, roleMay, ROLES } from '../contracts/index.js';
import { Authenticator, bearerToken, implicitLocalUser, type SignInResult } from './Authenticator.js';
import { hashPassword, verifyPassword } from './password.js';
import { isSignInRequired } from './signInPolicy.js';
import { UserStore } from './UserStore.js';

const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'st-auth-'));
const ADDRESS = '10.20.0.7';

function signedIn(result: SignInResult): Extract<SignInResult, { ok: true }> {
  if (!result.ok) throw new Error(`sign-in refused: ${result.reason}`);
  return result;
}

describe('password hashing', () => {
  it('verifies the right password and rejects others', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(await verifyPassword('correct horse battery', stored)).toBe(true);
    expect(await verifyPassword('correct horse batterY', stored)).toBe(false);
    expect(await verifyPassword('x', 'md5$abc')).toBe(false);
  });
  it('salts every hash', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });
});

describe('user store', () => {
  it('stores only hashes and digests, never the secrets', async () => {
    const dir = tempDir();
    const store = await UserStore.open(dir);
    await store.upsertUser('li.wei', 'commander', 'drill-2026!');
    const token = await store.issueToken('li.wei', 'video wall');
    const file = readFileSync(path.join(dir, 'users.json'), 'utf8');
    expect(file).not.toContain('drill-2026!');
    expect(file).not.toContain(token);
    expect(await store.verifyPassword('li.wei', 'drill-2026!')).toEqual({ name: 'li.wei', role: 'commander' });
    expect(await store.verifyPassword('li.wei', 'wrong')).toBeNull();
    expect(await store.verifyToken(token)).toEqual({ name: 'li.wei', role: 'commander' });
    expect(await store.verifyToken(token + 'x')).toBeNull();
    expect(await store.list()).toEqual([{ name: 'li.wei', role: 'commander', hasPassword: true, tokens: 1 }]);
  });

  it('sees changes made by another process (the CLI) without reopening', async () => {
    const dir = tempDir();
    const server = await UserStore.open(dir);
    const cli = await UserStore.open(dir);
    await cli.upsertUser('wang', 'viewer', 'password-1');
    expect(await server.verifyPassword('wang', 'password-1')).not.toBeNull();
    expect(await cli.removeUser('wang')).toBe(true);
    expect(await server.verifyPassword('wang', 'password-1')).toBeNull();
  });

  it('rejects bad user names and tokens for unknown users', async () => {
    const store = await UserStore.open(tempDir());
    await expect(store.upsertUser('bad name', 'viewer')).rejects.toThrow();
    await expect(store.issueToken('ghost', 'x')).rejects.toThrow('no user named "ghost"');
  });
});

describe('authenticator', () => {
  it('gives the implicit local operator only where sign-in is not required', async () => {
    const store = await UserStore.open(tempDir());
    expect(await new Authenticator(store, false, 60_000).authenticate(undefined)).toEqual({ name: 'local-commander', role: 'commander', implicit: true });
    expect(await new Authenticator(store, false, 60_000, Date.now, implicitLocalUser('viewer')).authenticate(undefined)).toEqual({ name: 'local-viewer', role: 'viewer', implicit: true });
    expect(await new Authenticator(store, true, 60_000).authenticate(undefined)).toBeNull();
  });

  it('issues sessions that expire', async () => {
    const store = await UserStore.open(tempDir());
    await store.upsertUser('zhao', 'operator', 'shift-pass-1');
    let now = 1_000_000;
    const auth = new Authenticator(store, true, 60_000, () => now);
    expect(await auth.signIn('zhao', 'nope', ADDRESS)).toEqual({ ok: false, reason: 'invalid' });
    const session = signedIn(await auth.signIn('zhao', 'shift-pass-1', ADDRESS));
    expect(session.user).toEqual({ name: 'zhao', role: 'operator', implicit: false });
    expect(await auth.authenticate(session.token)).toEqual(session.user);
    now += 60_001;
    expect(await auth.authenticate(session.token)).toBeNull();
    expect(auth.activeSessions).toBe(0);
  });

  it('ends a session on sign-out and rejects a wrong token even on loopback', async () => {
    const store = await UserStore.open(tempDir());
    await store.upsertUser('zhao', 'operator', 'shift-pass-1');
    const auth = new Authenticator(store, false, 60_000);
    const session = signedIn(await auth.signIn('zhao', 'shift-pass-1', ADDRESS));
    auth.signOut(session.token);
    expect(await auth.authenticate(session.token)).toBeNull();
  });

  it('parses bearer headers', () => {
    expect(bearerToken('Bearer abc.def')).toBe('abc.def');
    expect(bearerToken('bearer  xyz')).toBe('xyz');
    expect(bearerToken('Basic abc')).toBeUndefined();
    expect(bearerToken(undefined)).toBeUndefined();
  });
});

describe('role permissions', () => {
  it('lets viewers read and report hidden dangers only, and admins do everything', () => {
    for (const action of ACTIONS) expect(roleMay('admin', action)).toBe(true);
    expect(ACTIONS.filter((a) => roleMay('viewer', a))).toEqual(['scene:read', 'alarm:read', 'permit:read', 'hazard:report']);
  });
  it('matches the control-room duties', () => {
    expect(roleMay('operator', 'alarm:acknowledge')).toBe(true);
    expect(roleMay('operator', 'drill:control')).toBe(false);
    expect(roleMay('commander', 'simulation:run')).toBe(true);
    expect(roleMay('trainer', 'replay:control')).toBe(true);
    expect(roleMay('trainer', 'alarm:acknowledge')).toBe(false);
    expect(roleMay('manager', 'alarm:acknowledge')).toBe(false);
    expect(ROLES.every((role) => roleMay(role, 'scene:read'))).toBe(true);
  });
});

describe('sign-in policy', () => {
  it('is implicit only on loopback unless forced', () => {
    expect(isSignInRequired({ host: '127.0.0.1', requireAuth: false })).toBe(false);
    expect(isSignInRequired({ host: 'localhost', requireAuth: true })).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.10.5', 'wall-pc.plant.local']) expect(isSignInRequired({ host, requireAuth: false })).toBe(true);
  });
});
