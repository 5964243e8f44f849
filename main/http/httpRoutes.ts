import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Action } from '../contracts/index.js';

/** What the HTTP app gives every route module: the role check each route names (403 with a coded problem). */
export type RouteGuards = { requireAction: (action: Action) => (request: FastifyRequest, reply: FastifyReply) => Promise<unknown> };

/**
 * A capability's HTTP routes (evacuation reports, camera evidence, replay exports, history): each capability
 * offers them with its socket handlers (realtime's Capability) and the composition root hands them to the
 * app; the HTTP layer knows the core's own routes only, never the capabilities behind the others.
 */
export type HttpRoutes = (app: FastifyInstance, guards: RouteGuards) => void;
