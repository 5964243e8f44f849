import { createHash, randomBytes } from 'node:crypto';
import { watch } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { z } from 'zod';
import { RoleSchema, type Role } from '../contracts/index.js';
import { ensurePrivateDir, makeFilePrivate, PrivateJsonFile } from '../platform/index.js';
import { hashPassword, UNMATCHABLE_HASH, verifyPassword } from './password.js';

const UserNameSchema = z.string().regex(/^[A-Za-z0-9_.@-]{1,64}$/, 'a user name of 1–64 letters, digits, "_", ".", "@" or "-"');

type StoredUser = { name: string; role: Role; passwordHash?: string; createdAtMs: number };
type StoredToken = { id: string; userName: string; sha256: string; label: string; createdAtMs: number };
type UsersFile = { version: 1; users: StoredUser[]; tokens: StoredToken[] };

export type UserSummary = { name: string; role: Role; hasPassword: boolean; tokens: number };
export type KnownUser = { name: string; role: Role };
/** A user with when their record was created: a user removed and added again under the same name is a new user. */
export type StoredIdentity = KnownUser & { createdAtMs: number };
export type PasswordVerifier = (password: string, storedHash: string) => Promise<boolean>;

export const USERS_FILE = 'users.json';
/** API tokens are 32 random bytes; a prefix makes them recognisable in config files and secret scanners. */
const TOKEN_PREFIX = 'st_';
/** Editors and the CLI write a file in a few steps (temp file, rename): one notice for them all. */
const CHANGE_SETTLE_MS = 25;

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

const emptyFile = (): UsersFile => ({ version: 1, users: [], tokens: [] });

/**
 * Users, roles and API tokens in <dataDir>/users.json (lowdb: a small document, not a history; 0600
 * in a 0700 folder). Only scrypt password hashes and SHA-256 token digests are stored.
 *
 * Every lookup checks the file's identity (inode, size, modification time) and re-reads it when it
 * changed, so a change made by `safetwin users …` in another process applies to a running core on
 * its next request; `watch` tells the core at once, so it can end that user's open connections.
 */
export class UserStore {
  private readonly db: Low<UsersFile>;
  /** Identity of the file `data` was read from; null before the first read or while there is no file. */
  private readStamp: string | null = null;

  private constructor(
    readonly filePath: string,
    private readonly verifier: PasswordVerifier,
  ) {
    this.db = new Low(new PrivateJsonFile<UsersFile>(filePath), emptyFile());
  }

  /** `verifyPassword` is replaceable so tests can observe that every sign-in does the scrypt work. */
  static async open(dataDir: string, options: { verifyPassword?: PasswordVerifier } = {}): Promise<UserStore> {
    await ensurePrivateDir(dataDir);
    const filePath = path.join(dataDir, USERS_FILE);
    await makeFilePrivate(filePath);
    const store = new UserStore(filePath, options.verifyPassword ?? verifyPassword);
    await store.current();
    return store;
  }

  /** The file as it is now: re-read only when it changed since the last read. */
  private async current(): Promise<UsersFile> {
    const info = await stat(this.filePath, { bigint: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    const stamp = info ? `${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}` : null;
    if (stamp === this.readStamp) return this.db.data;
    // lowdb keeps its old data when the file is gone: a deleted users.json means no users.
    if (info) await this.db.read();
    else this.db.data = emptyFile();
    this.readStamp = stamp;
    return this.db.data;
  }

  /** Read, change, write: another process (the CLI, a second core) may have written since. */
  private async change<T>(mutate: (data: UsersFile) => T): Promise<T> {
    const data = structuredClone(await this.current());
    const result = mutate(data);
    this.db.data = data;
    await this.db.write();
    return result;
  }

  /**
   * Calls `onChange` soon after users.json is replaced or edited, by this or any other process.
   * Watches the folder, not the file: writers replace the file by renaming a new one over it.
   */
  watch(onChange: () => void, onError: (error: Error) => void): () => void {
    let settle: NodeJS.Timeout | undefined;
    const watcher = watch(path.dirname(this.filePath), { persistent: false }, (_event, fileName) => {
      if (fileName !== null && fileName !== USERS_FILE) return;
      clearTimeout(settle);
      settle = setTimeout(onChange, CHANGE_SETTLE_MS);
    });
    watcher.on('error', onError);
    return () => {
      clearTimeout(settle);
      watcher.close();
    };
  }

  async list(): Promise<UserSummary[]> {
    const data = await this.current();
    return data.users.map((u) => ({
      name: u.name,
      role: u.role,
      hasPassword: u.passwordHash !== undefined,
      tokens: data.tokens.filter((t) => t.userName === u.name).length,
    }));
  }

  /** The user as stored now, or null when there is no such user (any more). */
  async find(name: string): Promise<StoredIdentity | null> {
    const user = (await this.current()).users.find((u) => u.name === name);
    return user ? { name: user.name, role: user.role, createdAtMs: user.createdAtMs } : null;
  }

  async upsertUser(name: string, role: Role, password?: string): Promise<void> {
    UserNameSchema.parse(name);
    RoleSchema.parse(role);
    const passwordHash = password === undefined ? undefined : await hashPassword(password);
    await this.change((data) => {
      const existing = data.users.find((u) => u.name === name);
      if (existing) {
        existing.role = role;
        if (passwordHash) existing.passwordHash = passwordHash;
      } else {
        data.users.push({ name, role, createdAtMs: Date.now(), ...(passwordHash ? { passwordHash } : {}) });
      }
    });
  }

  /** Changes an existing user's role; false when there is no such user. */
  async setRole(name: string, role: Role): Promise<boolean> {
    RoleSchema.parse(role);
    if (!(await this.current()).users.some((u) => u.name === name)) return false;
    return this.change((data) => {
      const user = data.users.find((u) => u.name === name);
      if (user) user.role = role;
      return user !== undefined;
    });
  }

  async removeUser(name: string): Promise<boolean> {
    if (!(await this.current()).users.some((u) => u.name === name)) return false;
    return this.change((data) => {
      const before = data.users.length;
      data.users = data.users.filter((u) => u.name !== name);
      data.tokens = data.tokens.filter((t) => t.userName !== name);
      return data.users.length < before;
    });
  }

  /** Issues a new API token; the plain token is returned once and never stored. */
  async issueToken(userName: string, label: string): Promise<string> {
    if (!(await this.current()).users.some((u) => u.name === userName)) throw new Error(`no user named "${userName}"`);
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    await this.change((data) => {
      data.tokens.push({ id: randomBytes(6).toString('hex'), userName, sha256: sha256(token), label, createdAtMs: Date.now() });
    });
    return token;
  }

  /**
   * The user when the password is right. An unknown name, or a user without a password, is checked
   * against a hash nobody can match, so that each answer costs the same scrypt work.
   */
  async verifyPassword(name: string, password: string): Promise<KnownUser | null> {
    const user = (await this.current()).users.find((u) => u.name === name);
    const matches = await this.verifier(password, user?.passwordHash ?? UNMATCHABLE_HASH);
    return matches && user?.passwordHash ? { name: user.name, role: user.role } : null;
  }

  async verifyToken(token: string): Promise<KnownUser | null> {
    if (!token.startsWith(TOKEN_PREFIX)) return null;
    const data = await this.current();
    const digest = sha256(token);
    const record = data.tokens.find((t) => t.sha256 === digest);
    const user = record && data.users.find((u) => u.name === record.userName);
    return user ? { name: user.name, role: user.role } : null;
  }
}
