import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import {
  problem,
  roleMay,
  SOCKET_EVENTS,
  SocketAuthSchema,
  type Action,
  type ClientToServerEvents,
  type CoreStatus,
  type Problem,
  type Result,
  type Scene,
  type ServerToClientEvents,
  type SessionUser,
} from '../contracts/index.js';
import type { Authenticator } from '../auth/Authenticator.js';
import type { AlarmBoard } from '../bus/AlarmBoard.js';
import type { CoreTopics } from '../bus/coreTopics.js';
import type { MessageBus } from '../bus/MessageBus.js';
import { isSameOriginOrNone, isTrustedLocalRequest } from '../http/requestGuards.js';
import type { Logger } from '../log/logger.js';
import type { CoreMetrics } from '../metrics/CoreMetrics.js';
import { PACKAGE_VERSION } from '../platform/packageInfo.js';

type SocketData = { user: SessionUser };
type CoreSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export type SocketGatewayDeps = {
  httpServer: HttpServer;
  auth: Authenticator;
  bus: MessageBus<CoreTopics>;
  alarmBoard: AlarmBoard;
  scene: Scene;
  metrics: CoreMetrics;
  logger: Logger;
  problems: () => Problem[];
  startedAtMs: number;
  statusIntervalMs?: number;
};

/**
 * The socket.io endpoint: authenticates each connection, answers typed requests with role checks,
 * and pushes alarm events on a sequenced channel. Malformed client requests are counted and answered
 * with a problem; they never throw inside the core.
 */
export class SocketGateway {
  readonly io: Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
  private readonly unsubscribe: () => void;
  private readonly statusTimer: NodeJS.Timeout;
  private readonly log: Logger;

  constructor(private readonly deps: SocketGatewayDeps) {
    this.log = deps.logger.child({ component: 'socket' });
    this.io = new Server(deps.httpServer, {
      serveClient: false,
      maxHttpBufferSize: 1e6,
      allowRequest: (request, callback) => {
        const headers = { host: request.headers.host, origin: request.headers.origin };
        const trusted = deps.auth.authRequired ? isSameOriginOrNone(headers) : isTrustedLocalRequest(headers);
        if (!trusted) deps.metrics.authFailures.inc({ reason: 'untrusted-origin' });
        callback(trusted ? null : 'untrusted host or origin', trusted);
      },
    });
    this.io.use((socket, next) => {
      const auth = SocketAuthSchema.safeParse(socket.handshake.auth ?? {});
      if (!auth.success) {
        deps.metrics.socketRejectedPayloads.inc({ event: 'handshake' });
        return next(new Error('ST_ERR_SOCKET_PAYLOAD'));
      }
      deps.auth.authenticate(auth.data.token).then(
        (user) => {
          if (!user) {
            deps.metrics.authFailures.inc({ reason: 'unauthenticated' });
            return next(new Error(auth.data.token ? 'ST_ERR_AUTH_INVALID' : 'ST_ERR_AUTH_REQUIRED'));
          }
          socket.data.user = user;
          next();
        },
        (error: unknown) => next(error instanceof Error ? error : new Error(String(error))),
      );
    });
    this.io.on('connection', (socket) => this.onConnection(socket));
    this.unsubscribe = deps.bus.subscribe('alarm', (alarm) => {
      const message = deps.alarmBoard.apply(alarm);
      deps.metrics.activeAlarms.set(deps.alarmBoard.size);
      this.io.emit(SOCKET_EVENTS.alarmEvent, message);
    });
    this.statusTimer = setInterval(() => this.io.emit(SOCKET_EVENTS.coreStatus, this.status()), deps.statusIntervalMs ?? 5000);
    this.statusTimer.unref();
  }

  private status(): CoreStatus {
    return { uptimeS: (Date.now() - this.deps.startedAtMs) / 1000, connectedClients: this.io.engine.clientsCount, problems: this.deps.problems() };
  }

  private onConnection(socket: CoreSocket): void {
    const { user } = socket.data;
    this.deps.metrics.socketClients.inc();
    this.log.info({ user: user.name, role: user.role, implicit: user.implicit, address: socket.handshake.address }, 'client connected');
    socket.on('disconnect', (reason) => {
      this.deps.metrics.socketClients.dec();
      this.log.info({ user: user.name, reason }, 'client disconnected');
    });
    socket.emit(SOCKET_EVENTS.sessionHello, { user, coreVersion: PACKAGE_VERSION, sceneId: this.deps.scene.site.id, serverTimeMs: Date.now() });
    socket.emit(SOCKET_EVENTS.coreStatus, this.status());

    this.handle(socket, SOCKET_EVENTS.sceneGet, 'scene:read', () => this.deps.scene);
    this.handle(socket, SOCKET_EVENTS.alarmSnapshot, 'alarm:read', () => this.deps.alarmBoard.snapshot());
  }

  /** One request/acknowledge handler with the role check and payload rules every request shares. */
  private handle<T>(socket: CoreSocket, event: keyof ClientToServerEvents, action: Action, answer: () => T): void {
    socket.on(event, ((...args: unknown[]) => {
      const ack = args[args.length - 1];
      if (typeof ack !== 'function') {
        this.deps.metrics.socketRejectedPayloads.inc({ event });
        return;
      }
      const reply = ack as (result: Result<T>) => void;
      if (!roleMay(socket.data.user.role, action)) {
        this.deps.metrics.authFailures.inc({ reason: 'forbidden' });
        return reply({ ok: false, problem: problem('ST_ERR_AUTH_FORBIDDEN', 'warning', { message: `role "${socket.data.user.role}" may not ${action}` }) });
      }
      reply({ ok: true, value: answer() });
    }) as never);
  }

  async close(): Promise<void> {
    clearInterval(this.statusTimer);
    this.unsubscribe();
    this.io.disconnectSockets(true);
    // Close only the engine: the HTTP server belongs to the HTTP app, which closes it.
    this.io.engine.close();
  }
}
