import { randomBytes } from 'node:crypto';
import type { LocalRole, SessionUser } from '../contracts/index.js';
import { BoundedConcurrency } from '../platform/index.js';
import { LoginThrottle } from './LoginThrottle.js';
import type { UserStore } from './UserStore.js';

/**
 * A sign-in session names its user; the role is looked up on every use, so a change applies at once.
 * `userCreatedAtMs` ties it to that user record: removing a user and adding the name again does not
 * bring the old sessions back.
 */
type Session = { userName: string; userCreatedAtMs: number; createdAtMs: number; expiresAtMs: number };

export type SignInResult =
  | { ok: true; token: string; user: SessionUser; expiresAtMs: number }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'throttled'; retryAfterMs: number };

/**
 * The identity given to clients when sign-in is not required (loopback, a single-desk console): its
 * role is the config's localRole (default commander, so the out-of-the-box demo can run leak
 * studies and drills). Shared or networked consoles require sign-in and named users instead.
 */
export function implicitLocalUser(role: LocalRole): SessionUser {
  return { name: `local-${role}`, role, implicit: true };
}

/**
 * Sessions one user may hold at once: one per screen of a video wall plus desks and a tablet. Beyond
 * it the user's own oldest session ends, so signing in many times evicts nobody else.
 */
export const MAX_SESSIONS_PER_USER = 20;

/**
 * Password checks at once. scrypt runs on libuv's thread pool (4 threads), which the recorder's and the
 * journal's file I/O share: a burst of sign-ins from many addresses must not stall them. A shift
 * signing in together waits its turn; a flood beyond the queue is refused at once.
 */
const PASSWORD_CHECKS_RUNNING = 2;
const PASSWORD_CHECKS_WAITING = 64;
const BUSY_RETRY_AFTER_MS = 1_000;

/**
 * Turns a bearer credential (a sign-in session token or an API token from `safetwin users token`)
 * into the user as stored now. Sign-in sessions live in memory and end when the core restarts.
 * Listeners hear when any credential may have lost its user or role (sign-out, an evicted session,
 * users.json changed), so open connections can be checked again at once.
 */
export class Authenticator {
  private readonly sessions = new Map<string, Session>();
  private readonly listeners = new Set<() => void>();
  private readonly throttle: LoginThrottle;
  private readonly passwordChecks = new BoundedConcurrency(PASSWORD_CHECKS_RUNNING, PASSWORD_CHECKS_WAITING);

  constructor(
    private readonly users: UserStore,
    readonly authRequired: boolean,
    private readonly sessionTtlMs: number,
    private readonly nowMs: () => number = Date.now,
    private readonly localUser: SessionUser = implicitLocalUser('commander'),
    throttle?: LoginThrottle,
  ) {
    this.throttle = throttle ?? new LoginThrottle(undefined, nowMs);
  }

  async signIn(name: string, password: string, clientAddress: string): Promise<SignInResult> {
    const { retryAfterMs } = this.throttle.begin(name, clientAddress);
    if (retryAfterMs > 0) return { ok: false, reason: 'throttled', retryAfterMs };
    const checked = await this.passwordChecks.run(async () => ({ found: await this.users.verifyPassword(name, password) }));
    if (!checked) return { ok: false, reason: 'throttled', retryAfterMs: BUSY_RETRY_AFTER_MS };
    const found = checked.found && (await this.users.find(checked.found.name));
    if (!found) return { ok: false, reason: 'invalid' };
    this.throttle.succeeded(name, clientAddress);
    this.sweepExpired();
    const evicted = this.evictOldestBeyond(found.name, MAX_SESSIONS_PER_USER - 1);
    const token = 'ss_' + randomBytes(32).toString('base64url');
    const createdAtMs = this.nowMs();
    const session: Session = { userName: found.name, userCreatedAtMs: found.createdAtMs, createdAtMs, expiresAtMs: createdAtMs + this.sessionTtlMs };
    this.sessions.set(token, session);
    if (evicted) this.notify();
    return { ok: true, token, user: { name: found.name, role: found.role, implicit: false }, expiresAtMs: session.expiresAtMs };
  }

  signOut(token: string): void {
    if (this.sessions.delete(token)) this.notify();
  }

  /** The user for a credential, as stored now; without one, the implicit local user where sign-in is not required. */
  async authenticate(token: string | undefined): Promise<SessionUser | null> {
    if (!token) return this.authRequired ? null : this.localUser;
    const session = this.sessions.get(token);
    if (session) {
      const stored = session.expiresAtMs > this.nowMs() ? await this.users.find(session.userName) : null;
      const user = stored?.createdAtMs === session.userCreatedAtMs ? stored : null;
      if (!user) this.sessions.delete(token);
      return user ? { name: user.name, role: user.role, implicit: false } : null;
    }
    const tokenUser = await this.users.verifyToken(token);
    return tokenUser ? { ...tokenUser, implicit: false } : null;
  }

  /** Hears of every change that may have revoked or changed a credential's user; returns the unsubscribe. */
  onCredentialsChanged(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Follows users.json (the CLI edits it while the core runs) until the returned function is called. */
  watchUserStore(onError: (error: Error) => void): () => void {
    return this.users.watch(() => this.notify(), onError);
  }

  get activeSessions(): number {
    return this.sessions.size;
  }

  sessionsOf(userName: string): number {
    let count = 0;
    for (const session of this.sessions.values()) if (session.userName === userName) count++;
    return count;
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  /** Ends the user's oldest sessions until at most `keep` remain; true when any ended. */
  private evictOldestBeyond(userName: string, keep: number): boolean {
    const own = [...this.sessions].filter(([, s]) => s.userName === userName).sort(([, a], [, b]) => a.createdAtMs - b.createdAtMs);
    for (const [token] of own.slice(0, Math.max(0, own.length - keep))) this.sessions.delete(token);
    return own.length > keep;
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
