import type { FastifyInstance } from 'fastify';
import { API_PATHS, type SessionUser } from '../contracts/index.js';
import { sendCoded, type RouteGuards } from '../http/index.js';
import type { Capability } from '../realtime/index.js';
import type { ReportDesk } from './ReportDesk.js';

/** A report request: the kind, two days, a language and the manager's notes (≤ 4,000 characters). */
const REQUEST_BODY_LIMIT_BYTES = 32 * 1024;

/**
 * The reports' HTTP routes (docs/reports.md §API), token-authenticated: GET /api/reports the archive, newest first
 * (indicators:read); POST /api/reports a ReportRequest (indicators:manage), answered 201 with the ReportRecord once
 * the PDF is archived (a month prints in seconds: the request waits rather than polling a job); GET
 * /api/reports/<id>.pdf the file (indicators:read).
 */
export function registerReportRoutes(app: FastifyInstance, guards: RouteGuards, desk: ReportDesk): void {
  const read = guards.requireAction('indicators:read');
  app.get(API_PATHS.reports, { preHandler: read }, async () => desk.list());
  app.post(API_PATHS.reports, { preHandler: guards.requireAction('indicators:manage'), bodyLimit: REQUEST_BODY_LIMIT_BYTES }, async (request, reply) => {
    const user = (request as { user: SessionUser | null }).user;
    return sendCoded(reply, await desk.generate(request.body, user?.name ?? 'local'), 201);
  });
  app.get<{ Params: { file: string } }>(`${API_PATHS.reports}/:file`, { preHandler: read }, async (request, reply) => {
    const reportId = request.params.file.endsWith('.pdf') ? request.params.file.slice(0, -4) : '';
    const result = await desk.pdf(reportId);
    if (!result.ok) return sendCoded(reply, result);
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="${result.value.record.reportId}.pdf"`)
      .header('cache-control', 'private, no-store')
      .send(result.value.bytes);
  });
}

/** The reports as a capability: routes only (no socket events). */
export function reportCapability(desk: ReportDesk): Capability {
  return { onConnection: () => undefined, routes: (app, guards) => registerReportRoutes(app, guards, desk) };
}
