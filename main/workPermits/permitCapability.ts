import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { API_PATHS, PermitGasTestMessageSchema, PermitListQuerySchema, PermitStepMessageSchema, SOCKET_EVENTS, type GasTest, type PermitListQuery, type PermitStepRequestBody, type SessionUser } from '../contracts/index.js';
import { sendCoded, sendInvalid, type RouteGuards } from '../http/index.js';
import type { Capability } from '../realtime/index.js';
import type { PermitRegister, RegisterResult } from './PermitRegister.js';

/**
 * A permit document is bounded by its schema (500 gas tests, 500 signatures, 2,000-character texts): at most
 * about 1 MiB of JSON. The core's other routes keep Fastify's 64 KiB (createHttpApp); a larger body is
 * refused with ST_ERR_HTTP_BAD_REQUEST before it is parsed.
 */
export const PERMIT_BODY_LIMIT_BYTES = 1024 * 1024;
/** A step request is a few fields and a 500-character note. */
const STEP_BODY_LIMIT_BYTES = 16 * 1024;

const NumberParamsSchema = z.strictObject({ number: z.string().min(1).max(64) });
/** A time as epoch milliseconds or an ISO 8601 date-time (as the history routes take it). */
const TimeParamSchema = z.string().transform((text, context) => {
  const ms = /^\d{1,15}$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(ms)) context.addIssue({ code: 'custom', message: 'a time is epoch milliseconds or an ISO 8601 date-time' });
  return ms;
});
/** A comma-separated list; its values are checked by PermitListQuerySchema. */
const commaList = z
  .string()
  .max(4_096)
  .transform((text) => text.split(',').map((v) => v.trim()).filter((v) => v.length > 0))
  .optional();
/**
 * GET /api/permits?state=inWork,suspended&type=hotWork&area=A-1&from=&to=&limit= — turned into the
 * filters of permit:list and checked by the same schema.
 */
const ListQueryStringSchema = z.strictObject({
  state: commaList,
  type: commaList,
  area: commaList,
  from: TimeParamSchema.optional(),
  to: TimeParamSchema.optional(),
  limit: z.coerce.number().int().optional(),
});
/** POST /api/permits?source=ui: a draft entered in SafeTwin; without it, an import from a plant's permit system. */
const CreateQuerySchema = z.strictObject({ source: z.enum(['ui', 'import']).default('import') });

function toListQuery(query: z.infer<typeof ListQueryStringSchema>): Partial<Record<keyof PermitListQuery, unknown>> {
  return {
    ...(query.state && { states: query.state }),
    ...(query.type && { types: query.type }),
    ...(query.area && { areaIds: query.area }),
    ...(query.from !== undefined && { fromMs: query.from }),
    ...(query.to !== undefined && { toMs: query.to }),
    ...(query.limit !== undefined && { limit: query.limit }),
  };
}

/**
 * The permit register's HTTP routes (docs/http-api.md), each token-authenticated like every API route
 * (`Authorization: Bearer <token>`): filing needs `permit:apply`, reading `permit:read`, a gas test
 * `permit:operate`; a step needs what its action needs, checked by the lifecycle against the signed-in user
 * (ST_ERR_PERMIT_FORBIDDEN).
 */
export function registerPermitRoutes(app: FastifyInstance, guards: RouteGuards, register: PermitRegister): void {
  const user = (request: { user: SessionUser | null }) => request.user!;
  app.post(API_PATHS.permits, { preHandler: guards.requireAction('permit:apply'), bodyLimit: PERMIT_BODY_LIMIT_BYTES }, async (request, reply) => {
    const query = CreateQuerySchema.safeParse(request.query);
    if (!query.success) return sendInvalid(reply, 'ST_ERR_PERMIT_INVALID', query.error);
    return sendCoded(reply, await register.create(request.body, user(request), query.data.source), 201);
  });
  app.get(API_PATHS.permits, { preHandler: guards.requireAction('permit:read') }, async (request, reply) => {
    const query = ListQueryStringSchema.safeParse(request.query);
    if (!query.success) return sendInvalid(reply, 'ST_ERR_PERMIT_INVALID', query.error);
    const filter = PermitListQuerySchema.safeParse(toListQuery(query.data));
    if (!filter.success) return sendInvalid(reply, 'ST_ERR_PERMIT_INVALID', filter.error);
    return sendCoded(reply, await register.list(filter.data, user(request)));
  });
  app.get(`${API_PATHS.permits}/:number`, { preHandler: guards.requireAction('permit:read') }, async (request, reply) => {
    const params = NumberParamsSchema.safeParse(request.params);
    if (!params.success) return sendInvalid(reply, 'ST_ERR_PERMIT_INVALID', params.error);
    return sendCoded(reply, await register.get(params.data.number, user(request)));
  });
  app.post(`${API_PATHS.permits}/:number/steps`, { preHandler: guards.requireAction('permit:read'), bodyLimit: STEP_BODY_LIMIT_BYTES }, async (request, reply) => {
    const params = NumberParamsSchema.safeParse(request.params);
    if (!params.success) return sendInvalid(reply, 'ST_ERR_PERMIT_INVALID', params.error);
    return sendCoded(reply, await register.step(params.data.number, request.body, user(request)));
  });
  app.post(`${API_PATHS.permits}/:number/gas-tests`, { preHandler: guards.requireAction('permit:operate'), bodyLimit: STEP_BODY_LIMIT_BYTES }, async (request, reply) => {
    const params = NumberParamsSchema.safeParse(request.params);
    if (!params.success) return sendInvalid(reply, 'ST_ERR_PERMIT_INVALID', params.error);
    return sendCoded(reply, await register.gasTest(params.data.number, request.body, user(request)), 201);
  });
}

/** A refusal as the socket gateway passes it on: an error carrying its coded problem. */
async function answered<T>(result: Promise<RegisterResult<T>>): Promise<T> {
  const settled = await result;
  if (settled.ok) return settled.value;
  throw Object.assign(new Error(settled.problem.message), { problem: settled.problem });
}

/**
 * The register as a capability: its HTTP routes and the screens' socket requests (permit:list, permit:get,
 * permit:step, permit:gasTest), answered for the user as the gateway last checked them. Changes reach the screens as
 * `permit:changed` (the register publishes it on the bus).
 */
export function permitCapability(register: PermitRegister): Capability {
  return {
    onConnection(connection) {
      const user = () => connection.socket.data.user;
      connection.handle(SOCKET_EVENTS.permitList, () => 'permit:read', PermitListQuerySchema, (query: PermitListQuery) => answered(register.list(query, user())));
      connection.handle(SOCKET_EVENTS.permitGet, () => 'permit:read', NumberParamsSchema, ({ number }: { number: string }) => answered(register.get(number, user())));
      connection.handle(SOCKET_EVENTS.permitStep, () => 'permit:read', PermitStepMessageSchema, ({ number, step }: { number: string; step: PermitStepRequestBody }) =>
        answered(register.step(number, step, user())),
      );
      connection.handle(SOCKET_EVENTS.permitGasTest, () => 'permit:operate', PermitGasTestMessageSchema, ({ number, test }: { number: string; test: GasTest }) =>
        answered(register.gasTest(number, test, user())),
      );
    },
    routes: (app, guards) => registerPermitRoutes(app, guards, register),
  };
}
