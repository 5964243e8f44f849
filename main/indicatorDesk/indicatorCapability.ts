import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { API_PATHS, INDICATOR_DIMENSIONS, roleMay, TREND_PERIODS, type SessionUser } from '../contracts/index.js';
import { sendCoded, sendInvalid, TimeSchema, type RouteGuards } from '../http/index.js';
import { indicatorById } from '../indicators/index.js';
import type { Capability } from '../realtime/index.js';
import { MAX_INCIDENTS_LISTED, MAX_RECORDS_LISTED, type IndicatorBook } from './IndicatorBook.js';

/** An incident entry: its bounded fields (contracts IncidentEntrySchema) in JSON. */
const INCIDENT_BODY_LIMIT_BYTES = 16 * 1024;

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a plant-local day YYYY-MM-DD');
const Key = z.string().min(1).max(200);
const Ids = z
  .string()
  .max(4_000)
  .transform((text) => text.split(',').map((v) => v.trim()).filter((v) => v.length > 0))
  .pipe(z.array(z.string().max(128)).max(100));
const Range = { from: Day, to: Day, dimension: z.enum(INDICATOR_DIMENSIONS).default('site') };
const ValuesQuery = z.strictObject({ ...Range, ids: Ids.optional() });
const TrendQuery = z.strictObject({ ...Range, period: z.enum(TREND_PERIODS).default('day'), key: Key.default('site') });
const RecordsQuery = z.strictObject({ ...Range, key: Key.default('site'), limit: z.coerce.number().int().min(1).max(MAX_RECORDS_LISTED).default(100) });
const IndicesQuery = z.strictObject(Range);
const IncidentsQuery = z.strictObject({ from: TimeSchema, to: TimeSchema, limit: z.coerce.number().int().min(1).max(MAX_INCIDENTS_LISTED).default(200) });
const IndicatorParams = z.strictObject({ indicatorId: z.string().min(1).max(128) });

/**
 * Whether the user may see an indicator beyond the site level: its readAction (person-level figures need
 * personnel:viewNames, docs/indicators.md §privacy); the site's figure is everyone's with indicators:read.
 */
function mayRead(user: SessionUser, indicatorId: string, dimension: string): boolean {
  if (dimension === 'site') return true;
  const def = indicatorById(indicatorId);
  return def === undefined || roleMay(user.role, def.readAction);
}

/**
 * The manager's indicator routes (docs/indicators.md §HTTP, docs/http-api.md), token-authenticated like every API
 * route: reading needs indicators:read, recording an incident indicators:manage. Ranges are plant-local days, at
 * most ten years; lists are bounded; refusals are counted per route and status by the HTTP layer
 * (safetwin_http_requests_total). Without a historian every route answers 503 ST_ERR_INDICATORS_UNAVAILABLE.
 */
export function registerIndicatorRoutes(app: FastifyInstance, guards: RouteGuards, book: IndicatorBook): void {
  const read = guards.requireAction('indicators:read');
  const manage = guards.requireAction('indicators:manage');
  const user = (request: { user: SessionUser | null }) => request.user!;
  const invalid = (reply: FastifyReply, error: z.ZodError) => sendInvalid(reply, 'ST_ERR_INDICATORS_INVALID', error);
  const forbidden = (reply: FastifyReply, indicatorId: string) =>
    reply.code(403).send({ problem: { code: 'ST_ERR_AUTH_FORBIDDEN', severity: 'warning', message: `indicator "${indicatorId}" beyond the site level needs personnel:viewNames` } });
  const base = API_PATHS.indicators;

  app.get(base, { preHandler: read }, async () => book.definitions());
  app.get(`${base}/declines`, { preHandler: read }, async (request) => book.declines().filter((d) => mayRead(user(request), d.indicatorId, d.dimension)));
  app.get(`${base}/values`, { preHandler: read }, async (request, reply) => {
    const query = ValuesQuery.safeParse(request.query);
    if (!query.success) return invalid(reply, query.error);
    const { from, to, dimension, ids } = query.data;
    const result = await book.values({ fromDay: from, toDay: to, dimension, ...(ids !== undefined && { ids }) });
    return sendCoded(reply, result.ok ? { ok: true, value: result.value.filter((v) => mayRead(user(request), v.indicatorId, dimension)) } : result);
  });
  app.get(`${base}/:indicatorId/trend`, { preHandler: read }, async (request, reply) => {
    const params = IndicatorParams.safeParse(request.params);
    const query = TrendQuery.safeParse(request.query);
    if (!params.success) return invalid(reply, params.error);
    if (!query.success) return invalid(reply, query.error);
    const { from, to, dimension, period, key } = query.data;
    if (!mayRead(user(request), params.data.indicatorId, dimension)) return forbidden(reply, params.data.indicatorId);
    return sendCoded(reply, await book.trend(params.data.indicatorId, { fromDay: from, toDay: to, dimension, period, key }));
  });
  app.get(`${base}/:indicatorId/records`, { preHandler: read }, async (request, reply) => {
    const params = IndicatorParams.safeParse(request.params);
    const query = RecordsQuery.safeParse(request.query);
    if (!params.success) return invalid(reply, params.error);
    if (!query.success) return invalid(reply, query.error);
    const { from, to, dimension, key, limit } = query.data;
    if (!mayRead(user(request), params.data.indicatorId, dimension)) return forbidden(reply, params.data.indicatorId);
    const names = roleMay(user(request).role, 'personnel:viewNames');
    return sendCoded(reply, await book.records(params.data.indicatorId, { fromDay: from, toDay: to, dimension, key, limit, names }));
  });
  app.get(API_PATHS.indices, { preHandler: read }, async (request, reply) => {
    const query = IndicesQuery.safeParse(request.query);
    if (!query.success) return invalid(reply, query.error);
    return sendCoded(reply, await book.indices({ fromDay: query.data.from, toDay: query.data.to, dimension: query.data.dimension }));
  });
  app.get(API_PATHS.incidents, { preHandler: read }, async (request, reply) => {
    const query = IncidentsQuery.safeParse(request.query);
    if (!query.success) return invalid(reply, query.error);
    return sendCoded(reply, await book.incidents(query.data.from, query.data.to, query.data.limit));
  });
  app.post(API_PATHS.incidents, { preHandler: manage, bodyLimit: INCIDENT_BODY_LIMIT_BYTES }, async (request, reply) => sendCoded(reply, await book.addIncident(request.body, user(request)), 201));
}

/** The manager's indicators as a capability: HTTP routes only (the screens ask; nothing is pushed). */
export function indicatorCapability(book: IndicatorBook): Capability {
  return { onConnection: () => undefined, routes: (app, guards) => registerIndicatorRoutes(app, guards, book) };
}
