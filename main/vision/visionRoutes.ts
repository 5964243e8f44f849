import { createReadStream } from 'node:fs';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { API_PATHS, problem, type Action } from '../contracts/index.js';
import type { PersonalData } from '../privacy/index.js';

export type VisionRoutesDeps = {
  /** The file the core wrote for that event and kind, or null: only those files are ever served. */
  evidenceFile(eventId: string, kind: 'snapshot' | 'clip'): Promise<string | null>;
  requireAction: (action: Action) => (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
  /** Who was shown which evidence goes to the audit journal. */
  personalData: PersonalData;
};

type EventParams = { Params: { eventId: string } };

/**
 * Camera AI evidence (docs/vision.md): GET <visionEvents>/<eventId>/snapshot.jpg and clip.mp4. The event
 * id is looked up, never joined into a path, so no request can reach another file. Evidence shows people:
 * reading it needs personnel:viewNames (privacy/PersonalData), and each showing is journaled.
 */
export function registerVisionRoutes(app: FastifyInstance, deps: VisionRoutesDeps): void {
  const serve = (kind: 'snapshot' | 'clip', mediaType: string) => async (request: FastifyRequest<EventParams>, reply: FastifyReply) => {
    const file = await deps.evidenceFile(request.params.eventId, kind);
    if (!file) return reply.code(404).send({ problem: problem('ST_ERR_HTTP_NOT_FOUND', 'info', { message: `no ${kind} for event "${request.params.eventId}"` }) });
    deps.personalData.viewed(request.user!, { what: kind, eventId: request.params.eventId }, 'http');
    return reply.type(mediaType).header('cache-control', 'private, max-age=3600').send(createReadStream(file));
  };
  app.get<EventParams>(`${API_PATHS.visionEvents}/:eventId/snapshot.jpg`, { preHandler: deps.requireAction('personnel:viewNames') }, serve('snapshot', 'image/jpeg'));
  app.get<EventParams>(`${API_PATHS.visionEvents}/:eventId/clip.mp4`, { preHandler: deps.requireAction('personnel:viewNames') }, serve('clip', 'video/mp4'));
}
