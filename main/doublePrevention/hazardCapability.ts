import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { API_PATHS, HazardCodeSchema, SOCKET_EVENTS, type HazardListQuery, type Scene, type SessionUser } from '../contracts/index.js';
import { mayViewPersonalData } from '../privacy/index.js';
import { REPORT_LOCALES } from '../recording/index.js';
import { sendCoded, sendInvalid, type RouteGuards } from '../http/index.js';
import type { Capability } from '../realtime/index.js';
import { MAX_MEDIA_BYTES, type HazardRegister } from './HazardRegister.js';
import { HAZARD_MEDIA_TYPES } from './mediaChecks.js';
import type { InspectionRegister } from './InspectionRegister.js';
import type { RiskRegister } from './RiskRegister.js';
import { hazardListCsv, riskControlListCsv } from './registerExports.js';

/** A report or step: bounded texts (2,000 characters), a few media keys. A risk point or plan: up to 100 controls or checkpoints with their texts. */
const RECORD_BODY_LIMIT_BYTES = 64 * 1024;
const REGISTER_BODY_LIMIT_BYTES = 1024 * 1024;

const NumberParams = z.strictObject({ number: HazardCodeSchema });
const IdParams = z.strictObject({ id: HazardCodeSchema });
const RefParams = z.strictObject({ ref: HazardCodeSchema });
const commaList = z
  .string()
  .max(4_096)
  .transform((text) => text.split(',').map((v) => v.trim()).filter((v) => v.length > 0))
  .optional();
/** A list as the screens read it (JSON), or as 风险分级管控清单 / 隐患排查治理台账 for a spreadsheet in the site's language or English. */
const FormatQuery = { format: z.enum(['json', 'csv']).default('json'), lang: z.enum(REPORT_LOCALES).default('zh-CN') };
/** GET /api/hazards?state=reported,accepted&grade=&kind=&source=&area=&mine=1&from=&to=&limit= — checked again by HazardListQuerySchema. */
const ListQueryString = z.strictObject({
  state: commaList,
  grade: commaList,
  kind: commaList,
  source: commaList,
  area: commaList,
  mine: z.enum(['1', 'true']).optional(),
  ...FormatQuery,
  from: z.coerce.number().int().optional(),
  to: z.coerce.number().int().optional(),
  limit: z.coerce.number().int().optional(),
});
const RangeQuery = z.strictObject({ from: z.coerce.number().int().min(0), to: z.coerce.number().int().min(0) });
const RiskListQuery = z.strictObject(FormatQuery);
/** GET /api/hazards/analysis?month=2026-11: a local calendar month. */
const AnalysisQuery = z.strictObject({ month: z.string().regex(/^(20\d\d)-(0[1-9]|1[0-2])$/, 'month is YYYY-MM (2000–2099)') });

function toListQuery(q: Omit<z.infer<typeof ListQueryString>, 'format' | 'lang'>): Partial<Record<keyof HazardListQuery, unknown>> {
  return {
    ...(q.state && { states: q.state }),
    ...(q.grade && { grades: q.grade }),
    ...(q.kind && { kinds: q.kind }),
    ...(q.source && { sources: q.source }),
    ...(q.area && { areaIds: q.area }),
    ...(q.mine && { mine: true }),
    ...(q.from !== undefined && { fromMs: q.from }),
    ...(q.to !== undefined && { toMs: q.to }),
    ...(q.limit !== undefined && { limit: q.limit }),
  };
}

export type DoublePrevention = { hazards: HazardRegister; risks: RiskRegister; inspections: InspectionRegister; scene: Pick<Scene, 'areas'>; utcOffsetMin: number };

/** A list as a spreadsheet download, named for its day. */
function sendCsv(reply: FastifyReply, text: string, name: string) {
  return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}-${new Date().toISOString().slice(0, 10)}.csv"`).send(text);
}

/**
 * Double prevention's HTTP routes (docs/hazards.md §6), token-authenticated like every API route: reading and
 * reporting need hazard:report (every role), a step what its action needs (checked by main/hazards for the
 * signed-in user), the risk register and plans hazard:handle (checked by the registers). Photos and voice notes
 * are raw bodies of their own type, at most MAX_MEDIA_BYTES.
 */
export function registerHazardRoutes(app: FastifyInstance, guards: RouteGuards, registers: DoublePrevention): void {
  const { hazards, risks, inspections, scene, utcOffsetMin } = registers;
  const user = (request: { user: SessionUser | null }) => request.user!;
  const report = guards.requireAction('hazard:report');
  const base = API_PATHS.hazards;
  // Media bodies as bytes: only these routes take them (every other route answers 415 for these types as before).
  app.addContentTypeParser([...HAZARD_MEDIA_TYPES], { parseAs: 'buffer', bodyLimit: MAX_MEDIA_BYTES }, (_request, body, done) => done(null, body));

  app.get(base, { preHandler: report }, async (request, reply) => {
    const query = ListQueryString.safeParse(request.query);
    if (!query.success) return sendInvalid(reply, 'ST_ERR_HAZARD_INVALID', query.error);
    const { format, lang, ...filters } = query.data;
    const listed = hazards.list(toListQuery(filters), user(request));
    if (format === 'json' || !listed.ok) return sendCoded(reply, listed);
    return sendCsv(reply, hazardListCsv(listed.value, scene, lang, utcOffsetMin), 'hidden-dangers');
  });
  app.get(`${base}/leaderboard`, { preHandler: report }, async (request, reply) => {
    const query = RangeQuery.safeParse(request.query);
    return query.success ? sendCoded(reply, hazards.leaderboard({ fromMs: query.data.from, toMs: query.data.to }, user(request))) : sendInvalid(reply, 'ST_ERR_HAZARD_INVALID', query.error);
  });
  app.get(`${base}/analysis`, { preHandler: report }, async (request, reply) => {
    const query = AnalysisQuery.safeParse(request.query);
    if (!query.success) return sendInvalid(reply, 'ST_ERR_HAZARD_INVALID', query.error);
    const [year, month] = query.data.month.split('-').map(Number) as [number, number];
    return sendCoded(reply, hazards.analysis({ year, month }));
  });
  app.post(base, { preHandler: report, bodyLimit: RECORD_BODY_LIMIT_BYTES }, async (request, reply) => sendCoded(reply, await hazards.report(request.body, user(request)), 201));
  app.post(`${base}/media`, { preHandler: report, bodyLimit: MAX_MEDIA_BYTES }, async (request, reply) => {
    const mime = (request.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const body = Buffer.isBuffer(request.body) ? new Uint8Array(request.body) : new Uint8Array();
    return sendCoded(reply, await hazards.putMedia(body, mime, user(request)), 201);
  });
  app.get(`${base}/media/:ref`, { preHandler: report }, async (request, reply) => {
    const params = RefParams.safeParse(request.params);
    if (!params.success) return sendInvalid(reply, 'ST_ERR_HAZARD_INVALID', params.error);
    const media = await hazards.getMedia(params.data.ref);
    if (!media.ok) return sendCoded(reply, media);
    return reply.header('content-type', media.value.mime).header('cache-control', 'private, max-age=86400, immutable').send(Buffer.from(media.value.bytes));
  });
  app.get(`${base}/:number`, { preHandler: report }, async (request, reply) => {
    const params = NumberParams.safeParse(request.params);
    return params.success ? sendCoded(reply, hazards.get(params.data.number, user(request))) : sendInvalid(reply, 'ST_ERR_HAZARD_INVALID', params.error);
  });
  app.post(`${base}/:number/steps`, { preHandler: report, bodyLimit: RECORD_BODY_LIMIT_BYTES }, async (request, reply) => {
    const params = NumberParams.safeParse(request.params);
    return params.success ? sendCoded(reply, await hazards.step(params.data.number, request.body, user(request))) : sendInvalid(reply, 'ST_ERR_HAZARD_INVALID', params.error);
  });

  app.get(API_PATHS.riskPoints, { preHandler: report }, async (request, reply) => {
    const query = RiskListQuery.safeParse(request.query);
    if (!query.success) return sendInvalid(reply, 'ST_ERR_HAZARD_INVALID', query.error);
    const listed = risks.list();
    if (query.data.format === 'json' || !listed.ok) return sendCoded(reply, listed);
    return sendCsv(reply, riskControlListCsv(listed.value, scene, query.data.lang, utcOffsetMin, mayViewPersonalData(user(request))), 'risk-control-list');
  });
  app.get(`${API_PATHS.riskPoints}/areas`, { preHandler: report }, async (_request, reply) => reply.send(risks.areas()));
  app.put(`${API_PATHS.riskPoints}/:id`, { preHandler: report, bodyLimit: REGISTER_BODY_LIMIT_BYTES }, async (request, reply) => {
    const params = IdParams.safeParse(request.params);
    return params.success ? sendCoded(reply, await risks.put(params.data.id, request.body, user(request))) : sendInvalid(reply, 'ST_ERR_HAZARD_INVALID', params.error);
  });
  app.delete(`${API_PATHS.riskPoints}/:id`, { preHandler: report }, async (request, reply) => {
    const params = IdParams.safeParse(request.params);
    return params.success ? sendCoded(reply, await risks.delete(params.data.id, user(request))) : sendInvalid(reply, 'ST_ERR_HAZARD_INVALID', params.error);
  });

  const inspectionsBase = API_PATHS.inspections;
  app.get(inspectionsBase, { preHandler: report }, async (request, reply) => {
    const query = RangeQuery.safeParse(request.query);
    return query.success ? sendCoded(reply, inspections.list({ fromMs: query.data.from, toMs: query.data.to })) : sendInvalid(reply, 'ST_ERR_HAZARD_INVALID', query.error);
  });
  app.put(`${inspectionsBase}/plans/:id`, { preHandler: report, bodyLimit: REGISTER_BODY_LIMIT_BYTES }, async (request, reply) => {
    const params = IdParams.safeParse(request.params);
    return params.success ? sendCoded(reply, await inspections.putPlan(params.data.id, request.body, user(request))) : sendInvalid(reply, 'ST_ERR_HAZARD_INVALID', params.error);
  });
  app.post(`${inspectionsBase}/rounds`, { preHandler: report, bodyLimit: RECORD_BODY_LIMIT_BYTES }, async (request, reply) => sendCoded(reply, await inspections.startRound(request.body, user(request)), 201));
  app.post(`${inspectionsBase}/rounds/:id/check-ins`, { preHandler: report, bodyLimit: RECORD_BODY_LIMIT_BYTES }, async (request, reply) => {
    const params = IdParams.safeParse(request.params);
    return params.success ? sendCoded(reply, await inspections.checkIn(params.data.id, request.body, user(request)), 201) : sendInvalid(reply, 'ST_ERR_HAZARD_INVALID', params.error);
  });
  app.post(`${inspectionsBase}/rounds/:id/results`, { preHandler: report, bodyLimit: REGISTER_BODY_LIMIT_BYTES }, async (request, reply) => {
    const params = IdParams.safeParse(request.params);
    return params.success ? sendCoded(reply, await inspections.results(params.data.id, request.body, user(request)), 201) : sendInvalid(reply, 'ST_ERR_HAZARD_INVALID', params.error);
  });
}

/** Double prevention as a capability: its routes, and the four-colour map to each screen as it connects (then `risk:areas` on every change). */
export function doublePreventionCapability(registers: DoublePrevention): Capability {
  return {
    onConnection(connection) {
      connection.socket.emit(SOCKET_EVENTS.riskAreas, registers.risks.areas());
    },
    routes: (app, guards) => registerHazardRoutes(app, guards, registers),
  };
}
