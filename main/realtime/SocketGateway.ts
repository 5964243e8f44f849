import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import type { z } from 'zod';
import {
  problem,
  SOCKET_EVENTS,
  SocketAuthSchema,
  UiSelectionSchema,
  type Action,
  type ClientToServerEvents,
  type CoreStatus,
  type Problem,
  type Result,
  type Scene,
  type ServerToClientEvents,
  type SessionUser,
} from '../contracts/index.js';
import type { Authenticator } from '../auth/index.js';
import type { AlarmBoard, CoreTopics, MessageBus, ScreenMessage } from '../bus/index.js';
import { type HttpRoutes, isSameOriginOrNone, isTrustedLocalRequest } from '../http/index.js';
import { InputBoundary, type Logger } from '../log/index.js';
import type { CoreMetrics } from '../metrics/index.js';
import { clientProblem, PACKAGE_VERSION, TokenBucket } from '../platform/index.js';
import type { JournalSink } from '../audit/index.js';
import { SOCKET_RECHECK_INTERVAL_MS, SocketSessions } from './SocketSessions.js';
import { emitByGrant, type PersonalData } from '../privacy/index.js';
import { guardSocketListeners } from './socketBoundary.js';

/** `user` is the credential's user as last checked (SocketSessions); `authCheck` orders those checks. */
/** `follow`: a linked screen (a wall's), which shows whatever player its user opens on another screen. */
type SocketData = { user: SessionUser; credential: string | undefined; authCheck: Promise<unknown>; follow: boolean };
export type CoreSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/**
 * A connection as a capability (leak studies, drills, replay, cameras) sees it: who is connected,
 * the socket to emit to, and the gateway's checked request handler.
 */
export type FeatureConnection = {
  socket: CoreSocket;
  user: SessionUser;
  /** Answer a request with an acknowledgement after checking its payload schema and the user's role. */
  handle<P, T>(event: keyof ClientToServerEvents, action: (payload: P) => Action, schema: z.ZodType<P> | null, answer: (payload: P) => T | Promise<T>): void;
};

/** A capability that adds its own socket events; its handlers follow the gateway's rules. */
export type SocketFeature = {
  onConnection(connection: FeatureConnection): void;
  onDisconnect?(connection: FeatureConnection): void;
};

/** A capability of the core as the composition root registers it: its socket handlers and its HTTP routes, as one. */
export type Capability = SocketFeature & { readonly routes?: HttpRoutes };

/** Horn mute/unmute per screen: a few presses in a row, then one per 2 s (each one is journaled). */
const ANNUNCIATION_BURST = 5;
const ANNUNCIATION_REFILL_MS = 2_000;

/**
 * A capability still starting (its worker thread booting): the core listens without waiting for it,
 * and each connection gets its handlers once it is ready; what a client sends meanwhile is held until
 * then. A capability that fails to start adds none.
 */
export function whenReady(starting: Promise<SocketFeature>): SocketFeature {
  const ready = starting.catch(() => null);
  return {
    onConnection: (connection) => {
      let settled = false;
      // A request that arrives before the capability is ready waits for it (its handlers are added first,
      // by the callback registered first) instead of going unanswered.
      connection.socket.use((_packet, next) => (settled ? next() : void ready.then(() => next())));
      void ready.then((feature) => {
        settled = true;
        if (connection.socket.connected) feature?.onConnection(connection);
      });
    },
    onDisconnect: (connection) => void ready.then((feature) => feature?.onDisconnect?.(connection)),
  };
}

export type SocketGatewayDeps = {
  httpServer: HttpServer;
  auth: Authenticator;
  bus: MessageBus<CoreTopics>;
  /** The live plant's alarm list, for screens away from live (their strip asks for it on alarm:snapshot). */
  alarmBoard: AlarmBoard;
  scene: Scene;
  /** Per-user views of the scene and alarms: names, badge links and evidence only for roles that may see them. */
  personalData: PersonalData;
  metrics: CoreMetrics;
  logger: Logger;
  status: () => Omit<CoreStatus, 'connectedClients' | 'problems'> & { problems: readonly Problem[] };
  /** The alarm settings' operator positions, for the consoles' flood indicator. */
  operatorPositions: number;
  statusIntervalMs?: number;
  features?: readonly SocketFeature[];
  /** The audit journal: operator actions the gateway carries out itself (horn mute) are recorded there. */
  journal?: JournalSink;
};

/**
 * The socket.io endpoint: authenticates each connection, answers typed requests with role checks and
 * hands each connection to the capabilities (features), the screens' players first (PlayerSockets:
 * frames, alarms, detections). Malformed client requests are counted and answered with a problem;
 * they never throw in the core.
 */
export class SocketGateway {
  readonly io: Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
  private readonly unsubscribe: () => void;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly log: Logger;
  private readonly boundary: InputBoundary;
  private readonly sessions: SocketSessions;

  constructor(private readonly deps: SocketGatewayDeps) {
    this.log = deps.logger.child({ component: 'socket' });
    this.boundary = new InputBoundary(deps.metrics, this.log);
    this.sessions = new SocketSessions(deps.auth, deps.metrics, this.log);
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
          socket.data.credential = auth.data.token;
          socket.data.follow = auth.data.follow === true;
          socket.data.authCheck = Promise.resolve();
          next();
        },
        (error: unknown) => next(error instanceof Error ? error : new Error(String(error))),
      );
    });
    // A connection's set-up (features included) behind the boundary too: a throw must not reach socket.io.
    this.io.on('connection', this.boundary.guard('socket', 'connection', (socket: CoreSocket) => this.onConnection(socket)));
    const unsubscribers = [
      deps.bus.subscribe('toScreens', (message) => this.toScreens(message)),
      deps.auth.onCredentialsChanged(() => this.sessions.recheckAll(this.io.of('/').sockets.values())),
      deps.auth.watchUserStore((error) => this.log.error({ err: error }, 'cannot watch the user store: changes reach open connections on their next request or within 30 s')),
    ];
    this.unsubscribe = () => unsubscribers.forEach((off) => off());
    this.timers.push(setInterval(() => this.io.emit(SOCKET_EVENTS.coreStatus, this.status()), deps.statusIntervalMs ?? 5000));
    this.timers.push(setInterval(() => this.sessions.recheckAll(this.io.of('/').sockets.values()), SOCKET_RECHECK_INTERVAL_MS));
    for (const timer of this.timers) timer.unref();
  }

  private status(): CoreStatus {
    const status = this.deps.status();
    return { ...status, problems: status.problems.map(clientProblem), connectedClients: this.io.engine.clientsCount };
  }

  private onConnection(socket: CoreSocket): void {
    guardSocketListeners(socket, this.boundary);
    const { user } = socket.data;
    this.deps.metrics.socketClients.inc();
    this.log.info({ user: user.name, role: user.role, implicit: user.implicit, address: socket.handshake.address }, 'client connected');
    socket.on('disconnect', (reason) => {
      this.deps.metrics.socketClients.dec();
      this.log.info({ user: user.name, reason }, 'client disconnected');
    });
    socket.emit(SOCKET_EVENTS.sessionHello, { user, coreVersion: PACKAGE_VERSION, sceneId: this.deps.scene.site.id, serverTimeMs: Date.now(), operatorPositions: this.deps.operatorPositions });
    socket.emit(SOCKET_EVENTS.coreStatus, this.status());

    const annunciations = new TokenBucket(ANNUNCIATION_BURST, ANNUNCIATION_REFILL_MS);
    socket.on(SOCKET_EVENTS.annunciation, (state: unknown) => {
      const muted = (state as { muted?: unknown } | null)?.muted;
      if (typeof muted !== 'boolean' || !annunciations.take()) {
        this.deps.metrics.socketRejectedPayloads.inc({ event: SOCKET_EVENTS.annunciation });
        return;
      }
      // ISA-18.2: silencing the horn is part of the operator's alarm response (the acknowledge duty),
      // and an operator action the record must show: journaled with the user as stored now.
      this.sessions
        .authorize(socket, 'alarm:acknowledge')
        .then(async (authorization) => {
          if (!authorization.ok) return;
          const { name, role } = authorization.user;
          this.log.info({ user: name, role, muted }, 'alarm annunciation muted or unmuted');
          await this.deps.journal?.append({ kind: 'alarmAction', by: name, data: { action: muted ? 'silenceHorn' : 'unsilenceHorn' } });
        })
        .catch((error: unknown) => this.log.error({ err: error }, 'horn mute could not be checked or journaled'));
    });
    // Linked views: a selection on one screen is shown on the user's other screens (one wall, one picture).
    void socket.join(`user:${user.name}`);
    socket.on(SOCKET_EVENTS.selection, (selection: unknown) => {
      const parsed = UiSelectionSchema.safeParse(selection);
      if (!parsed.success) {
        this.deps.metrics.socketRejectedPayloads.inc({ event: SOCKET_EVENTS.selection });
        return;
      }
      socket.to(`user:${user.name}`).emit(SOCKET_EVENTS.selection, parsed.data);
    });
    const connection: FeatureConnection = {
      socket,
      get user() {
        return socket.data.user;
      },
      handle: (event, action, schema, answer) => this.handle(socket, event, action, schema, answer),
    };
    for (const feature of this.deps.features ?? []) feature.onConnection(connection);
    socket.on('disconnect', () => {
      for (const feature of this.deps.features ?? []) feature.onDisconnect?.(connection);
    });
    this.handle(socket, SOCKET_EVENTS.sceneGet, () => 'scene:read', null, () => this.deps.personalData.sceneFor(socket.data.user, 'socket'));
    this.handle(socket, SOCKET_EVENTS.alarmSnapshot, () => 'alarm:read', null, () => this.deps.personalData.alarmSnapshotFor(socket.data.user, this.deps.alarmBoard.snapshot()));
  }

  /**
   * One request/acknowledge handler with the rules every request shares: an acknowledgement
   * callback, a payload that passes its schema, a role allowed to do it.
   */
  private handle<P, T>(socket: CoreSocket, event: keyof ClientToServerEvents, action: (payload: P) => Action, schema: z.ZodType<P> | null, answer: (payload: P) => T | Promise<T>): void {
    socket.on(event, ((...args: unknown[]) => {
      const ack = args[args.length - 1];
      if (typeof ack !== 'function') {
        this.deps.metrics.socketRejectedPayloads.inc({ event });
        return;
      }
      const reply = ack as (result: Result<T>) => void;
      let payload = undefined as P;
      if (schema) {
        const parsed = schema.safeParse(args[0]);
        if (!parsed.success) {
          this.deps.metrics.socketRejectedPayloads.inc({ event });
          return reply({ ok: false, problem: problem('ST_ERR_SOCKET_PAYLOAD', 'warning', { message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') }) });
        }
        payload = parsed.data;
      }
      // A failing answer is the requester's problem to see, never an unhandled rejection in the core.
      // An error carrying a coded problem (a recording that cannot be read, …) is passed on with its code.
      // Coded or not, what goes back carries no server path and no credential (platform/redact).
      const failed = (error: unknown) => {
        const coded = (error as { problem?: Problem } | null)?.problem;
        reply({ ok: false, problem: clientProblem(coded ?? problem('ST_ERR_REQUEST_FAILED', 'warning', { message: error instanceof Error ? error.message : String(error) })) });
      };
      // Checked against the user as stored now, not as at the handshake: the first request after a
      // removal, sign-out or role change already meets the change (SocketSessions).
      Promise.resolve()
        .then(() => this.sessions.authorize(socket, action(payload)))
        .then(async (authorization) => reply(authorization.ok ? { ok: true, value: await answer(payload) } : { ok: false, problem: authorization.problem }))
        .catch(failed);
    }) as never);
  }

  /** A capability's message for the screens (bus topic toScreens); its payload was typed by the event when published. */
  private toScreens({ event, payload, anonymous, room }: ScreenMessage): void {
    const screens = this.io as unknown as { emit(event: string, payload: unknown): boolean; to(room: string): { emit(event: string, payload: unknown): boolean } };
    if (room !== undefined) {
      // Nobody in the room (no screen watches that camera): nothing to encode.
      if (this.io.sockets.adapter.rooms.get(room)?.size) screens.to(room).emit(event, payload);
    } else if (anonymous !== undefined) {
      emitByGrant(this.io, event, payload, anonymous);
    } else {
      screens.emit(event, payload);
    }
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.unsubscribe();
    this.io.disconnectSockets(true);
    // Close only the engine: the HTTP server belongs to the HTTP app, which closes it.
    this.io.engine.close();
  }
}
