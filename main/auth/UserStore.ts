import { createHash, randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { z } from 'zod';
import { RoleSchema, type Role } from '../contracts/index.js';
import { hashPassword, verifyPassword } from './password.js';

const UserNameSchema = z.string().regex(/^[A-Za-z0-9_.@-]{1,64}$/, 'a user name of 1–64 letters, digits, "_", ".", "@" or "-"');

type StoredUser = { name: string; role: Role; passwordHash?: string; createdAtMs: number };
type StoredToken = { id: string; userName: string; sha256: string; label: string; createdAtMs: number };
type UsersFile = { version: 1; users: StoredUser[]; tokens: StoredToken[] };

export type UserSummary = { name: string; role: Role; hasPassword: boolean; tokens: number };

/** API tokens are 32 random bytes; a prefix makes them recognisable in config files and secret scanners. */
const TOKEN_PREFIX = 'st_';

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Users, roles and API tokens in <dataDir>/users.json (lowdb: a small document, not a history).
 * Only scrypt password hashes and SHA-256 token digests are stored. The file is re-read before
 * each lookup so that `safetwin users …` changes apply to a running core without a restart.
 */
export class UserStore {
  private constructor(private readonly db: Low<UsersFile>) {}

  /** Read, change, write: another process (the CLI, a second core) may have written since. */
  private async change(mutate: (data: UsersFile) => void): Promise<void> {
    await this.db.read();
    await this.db.update(mutate);
  }

  static async open(dataDir: string): Promise<UserStore> {
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    // Not JSONFilePreset: it silently swaps in an in-memory adapter when NODE_ENV=test.
    const db = new Low<UsersFile>(new JSONFile(path.join(dataDir, 'users.json')), { version: 1, users: [], tokens: [] });
    await db.read();
    return new UserStore(db);
  }

  async list(): Promise<UserSummary[]> {
    await this.db.read();
    return this.db.data.users.map((u) => ({
      name: u.name,
      role: u.role,
      hasPassword: u.passwordHash !== undefined,
      tokens: this.db.data.tokens.filter((t) => t.userName === u.name).length,
    }));
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

  async removeUser(name: string): Promise<boolean> {
    let removed = false;
    await this.change((data) => {
      const before = data.users.length;
      data.users = data.users.filter((u) => u.name !== name);
      data.tokens = data.tokens.filter((t) => t.userName !== name);
      removed = data.users.length < before;
    });
    return removed;
  }

  /** Issues a new API token; the plain token is returned once and never stored. */
  async issueToken(userName: string, label: string): Promise<string> {
    await this.db.read();
    if (!this.db.data.users.some((u) => u.name === userName)) throw new Error(`no user named "${userName}"`);
    const token = TOKEN_PREFIX + randomBytes(32).toString('base64url');
    await this.change((data) => {
      data.tokens.push({ id: randomBytes(6).toString('hex'), userName, sha256: sha256(token), label, createdAtMs: Date.now() });
    });
    return token;
  }

  async verifyPassword(name: string, password: string): Promise<{ name: string; role: Role } | null> {
    await this.db.read();
    const user = this.db.data.users.find((u) => u.name === name);
    if (!user?.passwordHash) return null;
    return (await verifyPassword(password, user.passwordHash)) ? { name: user.name, role: user.role } : null;
  }

  async verifyToken(token: string): Promise<{ name: string; role: Role } | null> {
    if (!token.startsWith(TOKEN_PREFIX)) return null;
    await this.db.read();
    const digest = sha256(token);
    const record = this.db.data.tokens.find((t) => t.sha256 === digest);
    const user = record && this.db.data.users.find((u) => u.name === record.userName);
    return user ? { name: user.name, role: user.role } : null;
  }
}
