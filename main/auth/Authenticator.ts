import { randomBytes } from 'node:crypto';
import type { LocalRole, SessionUser } from '../contracts/index.js';
import type { UserStore } from './UserStore.js';

type Session = { user: SessionUser; expiresAtMs: number };

/**
 * The identity given to clients when sign-in is not required (loopback, a single-desk console): its
 * role is the config's localRole (default commander, so the out-of-the-box demo can run leak
 * studies and drills). Shared or networked consoles require sign-in and named users instead.
 */
export function implicitLocalUser(role: LocalRole): SessionUser {
  return { name: `local-${role}`, role, implicit: true };
}

const MAX_SESSIONS = 10_000;

/**
 * Turns a bearer credential (a sign-in session token or an API token from `safetwin users token`)
 * into a user. Sign-in sessions live in memory and end when the core restarts.
 */
export class Authenticator {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly users: UserStore,
    readonly authRequired: boolean,
    private readonly sessionTtlMs: number,
    private readonly nowMs: () => number = Date.now,
    private readonly localUser: SessionUser = implicitLocalUser('commander'),
  ) {}

  async signIn(name: string, password: string): Promise<{ token: string; user: SessionUser; expiresAtMs: number } | null> {
    const found = await this.users.verifyPassword(name, password);
    if (!found) return null;
    this.sweepExpired();
    if (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
    const token = 'ss_' + randomBytes(32).toString('base64url');
    const session = { user: { ...found, implicit: false }, expiresAtMs: this.nowMs() + this.sessionTtlMs };
    this.sessions.set(token, session);
    return { token, ...session };
  }

  signOut(token: string): void {
    this.sessions.delete(token);
  }

  /** The user for a credential; without one, the implicit local user where sign-in is not required. */
  async authenticate(token: string | undefined): Promise<SessionUser | null> {
    if (!token) return this.authRequired ? null : this.localUser;
    const session = this.sessions.get(token);
    if (session) {
      if (session.expiresAtMs > this.nowMs()) return session.user;
      this.sessions.delete(token);
      return null;
    }
    const tokenUser = await this.users.verifyToken(token);
    return tokenUser ? { ...tokenUser, implicit: false } : null;
  }

  get activeSessions(): number {
    return this.sessions.size;
  }

  private sweepExpired(): void {
    const now = this.nowMs();
    for (const [token, session] of this.sessions) if (session.expiresAtMs <= now) this.sessions.delete(token);
  }
}

/** "Bearer xyz" → "xyz". */
export function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1];
}
