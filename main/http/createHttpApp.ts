// eslint-disable-next-line no-restricted-syntax -- start-up: serve the built renderer, or say it is not built.
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import {
  API_PATHS,
  LoginRequestSchema,
  problem,
  roleMay,
  SCENE_FORMAT_VERSION,
  type Action,
  type HealthResponse,
  type LoginResponse,
  type MqttLinkState,
  type Problem,
  type RiskWeights,
  type SessionUser,
  type VersionResponse,
} from '../contracts/index.js';
import { type Authenticator, bearerToken } from '../auth/index.js';
import { InputBoundary, type Logger } from '../log/index.js';
import type { CoreMetrics } from '../metrics/index.js';
import { clientProblem, PACKAGE_VERSION } from '../platform/index.js';
import type { PersonalData } from '../privacy/index.js';
import { healthReport, installHttpBoundary } from './httpBoundary.js';
import { registerLayoutRoutes } from './layoutRoutes.js';
import type { HttpRoutes } from './httpRoutes.js';
import { registerLiveRoutes, type LiveRoutesDeps } from './liveRoutes.js';
import { isSameOriginOrNone, isTrustedLocalRequest } from './requestGuards.js';
import { SECURITY_HEADERS } from './securityHeaders.js';

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null;
  }
}

export type HttpAppDeps = {
  logger: Logger;
  auth: Authenticator;
  metrics: CoreMetrics;
  /** Per-user views: the scene without stream URLs, names and camera evidence only for roles that may see them. */
  personalData: PersonalData;
  rendererDir: string;
  startedAtMs: number;
  problems: () => readonly Problem[];
  /** The ingest client's broker link: health is degraded while it is down. */
  mqttLink: () => MqttLinkState;
  live: Omit<LiveRoutesDeps, 'requireAction' | 'personalData'>;
  dataDir: string;
  riskWeights: RiskWeights;
  /** The core keeps history (a historian runs): told on /api/health, so screens ask for history only then. */
  historian: boolean;
  /** The capabilities' routes (evacuation reports, camera evidence, replay exports, history), from the composition root. */
  routes?: readonly HttpRoutes[];
};

/** Routes reachable without a user: the sign-in page needs them, and liveness probes use them. */
const PUBLIC_API = new Set<string>([API_PATHS.health, API_PATHS.version, API_PATHS.login]);

function reject(reply: FastifyReply, status: number, p: Problem): FastifyReply {
  return reply.code(status).send({ problem: p });
}

export async function createHttpApp(deps: HttpAppDeps): Promise<FastifyInstance> {
  const app: FastifyInstance = Fastify({ loggerInstance: deps.logger.child({ component: 'http' }) as FastifyBaseLogger, logController: new LogController({ disableRequestLogging: true }), bodyLimit: 64 * 1024 });
  app.decorateRequest('user', null);
  // A route that fails answers with a code and no server detail; it is counted, and logged rate-limited.
  installHttpBoundary(app, new InputBoundary(deps.metrics, deps.logger.child({ component: 'http' })));

  app.addHook('onRequest', async (request, reply) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.header(name, value);
    const isApi = request.url.startsWith('/api/') || request.url === API_PATHS.metrics;
    if (!isApi) return;
    const headers = { host: request.headers.host, origin: request.headers.origin };
    const trusted = deps.auth.authRequired ? isSameOriginOrNone(headers) : isTrustedLocalRequest(headers);
    if (!trusted) {
      deps.metrics.authFailures.inc({ reason: 'untrusted-origin' });
      return reject(reply, 403, problem('ST_ERR_AUTH_FORBIDDEN', 'warning', { message: 'request from an untrusted host or origin' }));
    }
    request.user = await deps.auth.authenticate(bearerToken(request.headers.authorization));
    if (!request.user && !PUBLIC_API.has(request.url.split('?')[0]!)) {
      deps.metrics.authFailures.inc({ reason: 'unauthenticated' });
      return reject(reply, 401, problem('ST_ERR_AUTH_REQUIRED', 'info', { tip: 'Sign in, or send "Authorization: Bearer <token>" (safetwin users token).' }));
    }
  });
  app.addHook('onResponse', async (request, reply) => {
    deps.metrics.httpRequests.inc({ route: request.routeOptions.url ?? 'unmatched', method: request.method, status: String(reply.statusCode) });
  });

  const requireAction = (action: Action) => async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.user || !roleMay(request.user.role, action)) {
      deps.metrics.authFailures.inc({ reason: 'forbidden' });
      return reject(reply, 403, problem('ST_ERR_AUTH_FORBIDDEN', 'warning', { message: `role "${request.user?.role}" may not ${action}` }));
    }
  };

  app.get(API_PATHS.health, async (): Promise<HealthResponse> => {
    const report = healthReport({ problems: deps.problems(), mqtt: deps.mqttLink(), uptimeS: (Date.now() - deps.startedAtMs) / 1000, authRequired: deps.auth.authRequired });
    // Public route: problems without server paths (a missing renderer's folder) or credentials.
    return { ...report, problems: report.problems.map(clientProblem), historian: deps.historian };
  });
  app.get(API_PATHS.version, async (): Promise<VersionResponse> => ({ name: 'safetwin', version: PACKAGE_VERSION, node: process.version, sceneFormatVersion: SCENE_FORMAT_VERSION }));
  app.get(API_PATHS.scene, { preHandler: requireAction('scene:read') }, async (request) => deps.personalData.sceneFor(request.user, 'http'));
  app.get(API_PATHS.session, async (request) => ({ user: request.user }));
  app.get(API_PATHS.metrics, { preHandler: requireAction('alarm:read') }, async (_request, reply) => {
    reply.header('content-type', deps.metrics.registry.contentType);
    return deps.metrics.registry.metrics();
  });

  registerLiveRoutes(app, { ...deps.live, requireAction, personalData: deps.personalData });
  registerLayoutRoutes(app, { dataDir: deps.dataDir, requireAction });
  for (const routes of deps.routes ?? []) routes(app, { requireAction });
  app.get(API_PATHS.riskWeights, { preHandler: requireAction('scene:read') }, async () => deps.riskWeights);

  app.post(API_PATHS.login, async (request, reply) => {
    const body = LoginRequestSchema.safeParse(request.body);
    if (!body.success) return reject(reply, 400, problem('ST_ERR_AUTH_INVALID', 'info', { message: 'expected {"username": string, "password": string}' }));
    const session = await deps.auth.signIn(body.data.username, body.data.password, request.ip);
    if (!session.ok && session.reason === 'throttled') {
      deps.metrics.authFailures.inc({ reason: 'throttled' });
      reply.header('retry-after', String(Math.ceil(session.retryAfterMs / 1000)));
      return reject(reply, 429, problem('ST_ERR_AUTH_THROTTLED', 'warning', { tip: `Try again in ${Math.ceil(session.retryAfterMs / 60_000)} min.` }));
    }
    if (!session.ok) {
      deps.metrics.authFailures.inc({ reason: 'bad-credentials' });
      request.log.warn({ username: body.data.username, address: request.ip }, 'sign-in failed');
      return reject(reply, 401, problem('ST_ERR_AUTH_INVALID', 'info'));
    }
    request.log.info({ username: session.user.name, role: session.user.role }, 'signed in');
    const response: LoginResponse = { token: session.token, user: session.user, expiresAtMs: session.expiresAtMs };
    return response;
  });
  app.post(API_PATHS.logout, async (request) => {
    const token = bearerToken(request.headers.authorization);
    if (token) deps.auth.signOut(token);
    return { ok: true };
  });

  if (existsSync(path.join(deps.rendererDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: deps.rendererDir, index: 'index.html', wildcard: true });
    // The phone report page (issue 18): the same app, which shows the page for this path; a phone opens http://<core>/report.
    app.get('/report', (_request, reply) => reply.sendFile('index.html'));
  } else {
    app.get('/', async (_request, reply) =>
      reply.code(503).type('text/plain; charset=utf-8').send(`SafeTwin core is running, but the user interface is not built (${deps.rendererDir}). Run: npm run build`),
    );
  }
  app.setNotFoundHandler(async (request, reply) => reject(reply, 404, problem('ST_ERR_HTTP_NOT_FOUND', 'info', { message: `no such resource: ${request.method} ${request.url}` })));
  return app;
}
