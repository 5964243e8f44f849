import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { API_PATHS, ContractorCodeSchema, PERMIT_ROLES, type SessionUser } from '../contracts/index.js';
import { sendCoded, sendInvalid, type RouteGuards } from '../http/index.js';
import type { Capability } from '../realtime/index.js';
import type { ContractorRegister } from './ContractorRegister.js';

/**
 * An import holds at most 500 companies and 5,000 people (contracts/contractors.ts); a person with a few
 * certificates and authorisations is about 1 KiB of JSON, so 8 MiB leaves room for the long ones. A single
 * record is at most 20 certificates and 50 authorisations: 256 KiB. Larger bodies are refused before parsing.
 */
export const CONTRACTOR_IMPORT_BODY_LIMIT_BYTES = 8 * 1024 * 1024;
const RECORD_BODY_LIMIT_BYTES = 256 * 1024;

const CodeParamsSchema = z.strictObject({ id: ContractorCodeSchema });
const QualificationQuerySchema = z.strictObject({ permit: z.string().min(1).max(64), role: z.enum(PERMIT_ROLES).default('entrant') });

/**
 * The contractor register's HTTP routes (docs/contractors.md), token-authenticated like every API route
 * (`Authorization: Bearer <token>`): reading needs `contractor:read` (names and certificate numbers only with
 * personnel:viewNames), every change `contractor:manage` and a named user.
 */
export function registerContractorRoutes(app: FastifyInstance, guards: RouteGuards, register: ContractorRegister): void {
  const base = API_PATHS.contractors;
  const user = (request: { user: SessionUser | null }) => request.user!;
  const read = { preHandler: guards.requireAction('contractor:read') };
  const manage = { preHandler: guards.requireAction('contractor:manage'), bodyLimit: RECORD_BODY_LIMIT_BYTES };
  app.get(base, read, async (request, reply) => sendCoded(reply, register.list(user(request))));
  app.post(`${base}/import`, { ...manage, bodyLimit: CONTRACTOR_IMPORT_BODY_LIMIT_BYTES }, async (request, reply) => sendCoded(reply, await register.import(request.body, user(request))));

  app.post(`${base}/companies`, manage, async (request, reply) => sendCoded(reply, await register.saveCompany(request.body, user(request), 'create'), 201));
  app.get(`${base}/companies/:id`, read, async (request, reply) => {
    const params = CodeParamsSchema.safeParse(request.params);
    return params.success ? sendCoded(reply, register.getCompany(params.data.id)) : sendInvalid(reply, 'ST_ERR_CONTRACTOR_INVALID', params.error);
  });
  app.put(`${base}/companies/:id`, manage, async (request, reply) => {
    const params = CodeParamsSchema.safeParse(request.params);
    return params.success ? sendCoded(reply, await register.saveCompany(request.body, user(request), 'put', params.data.id)) : sendInvalid(reply, 'ST_ERR_CONTRACTOR_INVALID', params.error);
  });
  app.delete(`${base}/companies/:id`, manage, async (request, reply) => {
    const params = CodeParamsSchema.safeParse(request.params);
    return params.success ? sendCoded(reply, await register.deleteCompany(params.data.id, user(request))) : sendInvalid(reply, 'ST_ERR_CONTRACTOR_INVALID', params.error);
  });

  app.post(`${base}/people`, manage, async (request, reply) => sendCoded(reply, await register.savePerson(request.body, user(request), 'create'), 201));
  app.get(`${base}/people/:id`, read, async (request, reply) => {
    const params = CodeParamsSchema.safeParse(request.params);
    return params.success ? sendCoded(reply, register.getPerson(params.data.id, user(request))) : sendInvalid(reply, 'ST_ERR_CONTRACTOR_INVALID', params.error);
  });
  app.put(`${base}/people/:id`, manage, async (request, reply) => {
    const params = CodeParamsSchema.safeParse(request.params);
    return params.success ? sendCoded(reply, await register.savePerson(request.body, user(request), 'put', params.data.id)) : sendInvalid(reply, 'ST_ERR_CONTRACTOR_INVALID', params.error);
  });
  app.delete(`${base}/people/:id`, manage, async (request, reply) => {
    const params = CodeParamsSchema.safeParse(request.params);
    return params.success ? sendCoded(reply, await register.deletePerson(params.data.id, user(request))) : sendInvalid(reply, 'ST_ERR_CONTRACTOR_INVALID', params.error);
  });
  app.get(`${base}/people/:id/qualification`, read, async (request, reply) => {
    const params = CodeParamsSchema.safeParse(request.params);
    if (!params.success) return sendInvalid(reply, 'ST_ERR_CONTRACTOR_INVALID', params.error);
    const query = QualificationQuerySchema.safeParse(request.query);
    if (!query.success) return sendInvalid(reply, 'ST_ERR_CONTRACTOR_INVALID', query.error);
    return sendCoded(reply, register.qualification(params.data.id, query.data.permit, query.data.role));
  });
}

/** The register as a capability: its HTTP routes (the screens have no contractor view yet). */
export function contractorCapability(register: ContractorRegister): Capability {
  return { onConnection: () => undefined, routes: (app, guards) => registerContractorRoutes(app, guards, register) };
}
