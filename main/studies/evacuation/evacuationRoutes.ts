import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { API_PATHS, problem, type Action, type EvacuationRunReport } from '../../contracts/index.js';
import { renderRunReportHtml, reportPageCsp } from './drillReportHtml.js';

export type EvacuationRoutesDeps = {
  report(runId: string): Promise<EvacuationRunReport | null>;
  requireAction: (action: Action) => (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
};

const LangQuerySchema = z.object({ lang: z.enum(['en', 'zh-CN']).default('en') });
type RunParams = { Params: { runId: string } };

/**
 * After-action reports (issue 6): GET <evacuationRuns>/<runId>/report.json and
 * report.html?lang=en|zh-CN — a printable page (the browser prints it to PDF). Reading needs
 * alarm:read, as the alarm history does: the report lists badge ids, not names.
 */
export function registerEvacuationRoutes(app: FastifyInstance, deps: EvacuationRoutesDeps): void {
  const notFound = (reply: FastifyReply, runId: string) => reply.code(404).send({ problem: problem('ST_ERR_HTTP_NOT_FOUND', 'info', { message: `no evacuation run "${runId}"` }) });
  app.get<RunParams>(`${API_PATHS.evacuationRuns}/:runId/report.json`, { preHandler: deps.requireAction('alarm:read') }, async (request, reply) => {
    const report = await deps.report(request.params.runId);
    return report ?? notFound(reply, request.params.runId);
  });
  app.get<RunParams>(`${API_PATHS.evacuationRuns}/:runId/report.html`, { preHandler: deps.requireAction('alarm:read') }, async (request, reply) => {
    const query = LangQuerySchema.safeParse(request.query);
    if (!query.success) return reply.code(400).send({ problem: problem('ST_ERR_SOCKET_PAYLOAD', 'info', { message: 'lang must be en or zh-CN' }) });
    const report = await deps.report(request.params.runId);
    if (!report) return notFound(reply, request.params.runId);
    const html = renderRunReportHtml(report, query.data.lang);
    return reply.header('content-security-policy', reportPageCsp(html)).type('text/html; charset=utf-8').send(html);
  });
}
