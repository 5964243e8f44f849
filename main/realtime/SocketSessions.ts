import { problem, roleMay, type Action, type Problem, type SessionUser } from '../contracts/index.js';
import type { Authenticator } from '../auth/index.js';
import type { Logger } from '../log/index.js';
import type { CoreMetrics } from '../metrics/index.js';
import type { CoreSocket } from './SocketGateway.js';

/** Backstop for what no change notice reports (a session that expired) or a file watch missed (network drives). */
export const SOCKET_RECHECK_INTERVAL_MS = 30_000;

export type Authorization = { ok: true; user: SessionUser } | { ok: false; problem: Problem };

/**
 * Keeps each open socket's user what the credential it connected with gives now, not what it gave at
 * the handshake (issue 13: revocation is immediate). Every request is checked against the current
 * user; a change notice from the authenticator (sign-out, users.json edited by the CLI) checks every
 * open socket at once. A socket whose credential no longer names a user, or whose role changed, is
 * disconnected: the screen reconnects with its credential and gets the new role with a fresh
 * session:hello and fresh per-connection state, or the sign-in page when the credential is gone.
 */
export class SocketSessions {
  constructor(
    private readonly auth: Authenticator,
    private readonly metrics: CoreMetrics,
    private readonly log: Logger,
  ) {}

  /**
   * The socket's user now. Checks run one after another per socket, so requests are answered in the
   * order they came, and the first request after a change already meets the new user.
   */
  current(socket: CoreSocket): Promise<SessionUser | null> {
    const check = socket.data.authCheck.then(async () => {
      if (!socket.connected) return null;
      const before = socket.data.user;
      const user = await this.auth.authenticate(socket.data.credential);
      if (user) socket.data.user = user;
      if (!user) this.end(socket, before, 'credential revoked');
      else if (user.role !== before.role) this.end(socket, before, `role changed to ${user.role}`);
      return user;
    });
    socket.data.authCheck = check.catch(() => undefined);
    return check;
  }

  /** The current user when their role may do `action`, or the problem to answer with. */
  async authorize(socket: CoreSocket, action: Action): Promise<Authorization> {
    const user = await this.current(socket);
    if (!user) {
      this.metrics.authFailures.inc({ reason: 'revoked' });
      return { ok: false, problem: problem('ST_ERR_AUTH_REVOKED', 'warning') };
    }
    if (!roleMay(user.role, action)) {
      this.metrics.authFailures.inc({ reason: 'forbidden' });
      return { ok: false, problem: problem('ST_ERR_AUTH_FORBIDDEN', 'warning', { message: `role "${user.role}" may not ${action}` }) };
    }
    return { ok: true, user };
  }

  /** Checks every open socket again (after a change notice, and periodically). */
  recheckAll(sockets: Iterable<CoreSocket>): void {
    void Promise.allSettled([...sockets].map((socket) => this.current(socket))).then((results) => {
      const failed = results.filter((result) => result.status === 'rejected');
      // One line for all of them: a users.json that does not parse (a hand edit in progress) fails every check alike.
      if (failed.length > 0) this.log.error({ err: failed[0]!.reason as unknown, connections: failed.length }, 'cannot check connections against the user store; they keep their last checked user');
    });
  }

  private end(socket: CoreSocket, user: SessionUser, reason: string): void {
    this.log.info({ user: user.name, role: user.role, reason }, 'connection closed: its session changed');
    // After the current request's answer has been written.
    setImmediate(() => socket.disconnect(true));
  }
}
