/**
 * Sign-in attempts counted per user name and per client address in fixed windows (OWASP
 * Authentication Cheat Sheet, "Protect against automated attacks": limit attempts per account and
 * per source). Attempts are counted when they start, not when they fail, so a burst of parallel
 * guesses is limited too; a successful sign-in forgives its own attempt and the name's count.
 * Both tables are bounded: when full, the entry idle longest is dropped.
 */

export type AttemptLimit = { maxAttempts: number; windowMs: number };
export type LoginThrottleLimits = { perUser: AttemptLimit; perAddress: AttemptLimit; maxEntries: number };

/**
 * Five wrong passwords per name per 15 min locks out a guesser but not an operator who mistypes
 * (NIST SP 800-63B §5.2.2 allows up to 100 consecutive failures; we are stricter per name). A shared
 * control-room PC (one address) serves a whole shift, so its limit is higher.
 */
export const DEFAULT_LOGIN_LIMITS: LoginThrottleLimits = {
  perUser: { maxAttempts: 5, windowMs: 15 * 60_000 },
  perAddress: { maxAttempts: 30, windowMs: 15 * 60_000 },
  maxEntries: 10_000,
};

/** Longer names cannot exist (UserStore's name rule); cutting them keeps each key small. */
const MAX_KEY_CHARS = 65;

type Window = { attempts: number; startMs: number };

/** Attempt counts by key, oldest activity first (a Map keeps insertion order; a touch re-inserts). */
class AttemptTable {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limit: AttemptLimit,
    private readonly maxEntries: number,
  ) {}

  private live(key: string, nowMs: number): Window | undefined {
    const window = this.windows.get(key);
    if (window && nowMs - window.startMs >= this.limit.windowMs) {
      this.windows.delete(key);
      return undefined;
    }
    return window;
  }

  /** Milliseconds until `key` may try again; 0 when it may now. */
  retryAfterMs(key: string, nowMs: number): number {
    const window = this.live(key, nowMs);
    return window && window.attempts >= this.limit.maxAttempts ? window.startMs + this.limit.windowMs - nowMs : 0;
  }

  count(key: string, nowMs: number): void {
    const window = this.live(key, nowMs) ?? { attempts: 0, startMs: nowMs };
    window.attempts++;
    this.windows.delete(key);
    this.windows.set(key, window);
    while (this.windows.size > this.maxEntries) this.windows.delete(this.windows.keys().next().value!);
  }

  forgive(key: string, attempts: number): void {
    const window = this.windows.get(key);
    if (!window) return;
    window.attempts = Math.max(0, window.attempts - attempts);
    if (window.attempts === 0) this.windows.delete(key);
  }

  get size(): number {
    return this.windows.size;
  }
}

export class LoginThrottle {
  private readonly byUser: AttemptTable;
  private readonly byAddress: AttemptTable;

  constructor(
    limits: LoginThrottleLimits = DEFAULT_LOGIN_LIMITS,
    private readonly nowMs: () => number = Date.now,
  ) {
    this.byUser = new AttemptTable(limits.perUser, limits.maxEntries);
    this.byAddress = new AttemptTable(limits.perAddress, limits.maxEntries);
  }

  /**
   * Starts an attempt: `{ retryAfterMs: 0 }` and counted when allowed, otherwise how long to wait
   * (uncounted: a refused attempt costs the core nothing and must not extend the lockout).
   */
  begin(userName: string, address: string): { retryAfterMs: number } {
    const now = this.nowMs();
    const user = userName.slice(0, MAX_KEY_CHARS);
    const retryAfterMs = Math.max(this.byUser.retryAfterMs(user, now), this.byAddress.retryAfterMs(address, now));
    if (retryAfterMs > 0) return { retryAfterMs };
    this.byUser.count(user, now);
    this.byAddress.count(address, now);
    return { retryAfterMs: 0 };
  }

  /** The attempt begun for this name and address succeeded. */
  succeeded(userName: string, address: string): void {
    this.byUser.forgive(userName.slice(0, MAX_KEY_CHARS), Number.POSITIVE_INFINITY);
    this.byAddress.forgive(address, 1);
  }

  /** Entries held (for tests of the bound). */
  get entries(): { users: number; addresses: number } {
    return { users: this.byUser.size, addresses: this.byAddress.size };
  }
}
