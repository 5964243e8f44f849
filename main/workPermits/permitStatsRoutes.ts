import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { API_PATHS, problem } from '../contracts/index.js';
import { MAX_PERMIT_STATS_RANGE_MS, permitStatisticsCsv, type RunningHistorian } from '../historian/index.js';
import { TimeSchema, type RouteGuards } from '../http/index.js';
import type { PermitsConfig } from '../permits/index.js';

/** `GET /api/permits/stats`: a fixed path beside `/api/permits/:number` (Fastify matches the fixed path first). */
export const PERMIT_STATS_PATH = `${API_PATHS.permits}/stats`;

const StatsQuerySchema = z
  .strictObject({ from: TimeSchema, to: TimeSchema, format: z.enum(['json', 'csv']).default('json') })
  .refine((q) => q.to > q.from && q.to - q.from <= MAX_PERMIT_STATS_RANGE_MS, { message: 'to must be after from, at most 10 years later' });

export type PermitStatsRoutesDeps = {
  /** The historian's statistics; null when the core runs without one (the register keeps no permits then). */
  stats: RunningHistorian['permitStats'] | null;
  config: Pick<PermitsConfig, 'utcOffsetMin' | 'reviewOverdueAfterMs'>;
  nowMs?: () => number;
};

/**
 * The managers' permit statistics (issue 17 item 4, docs/permits.md §7): `GET /api/permits/stats?from=&to=`
 * as JSON, or `&format=csv` for a spreadsheet and the indicators. Readable with permit:read, as the permits
 * are: it counts permits and steps and names no person. Overdue reviews are judged as of the range's end,
 * or now when the range reaches the future.
 */
export function registerPermitStatsRoutes(app: FastifyInstance, guards: RouteGuards, deps: PermitStatsRoutesDeps): void {
  const nowMs = deps.nowMs ?? Date.now;
  app.get(PERMIT_STATS_PATH, { preHandler: guards.requireAction('permit:read') }, async (request, reply) => {
    if (!deps.stats) {
      return reply.code(503).send({ problem: { code: 'ST_ERR_PERMIT_REGISTER_UNAVAILABLE', severity: 'info', message: 'this core runs without a historian (--historian): it keeps no permits' } });
    }
    const query = StatsQuerySchema.safeParse(request.query);
    if (!query.success) {
      const message = query.error.issues.map((issue) => `${issue.path.join('.') || 'query'}: ${issue.message}`).join('; ');
      return reply.code(400).send({ problem: problem('ST_ERR_HTTP_BAD_REQUEST', 'info', { message }) });
    }
    const { from, to, format } = query.data;
    const stats = await deps.stats({ fromMs: from, toMs: to, asOfMs: Math.min(to, nowMs()), ...deps.config });
    if (format === 'json') return stats;
    const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="permit-statistics-${day(from)}-${day(to)}.csv"`)
      .send(permitStatisticsCsv(stats));
  });
}
