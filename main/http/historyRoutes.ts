import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { API_PATHS, problem, type Action } from '../contracts/index.js';
import { MAX_POINTS_PER_SERIES, samplesCsv, type HistoryTier, type SampleSeries } from '../historian/querySamples.js';

export type HistoryRoutesDeps = {
  /** The historian's sample query; null when the core runs without a historian (--historian not given). */
  samples: ((query: { sensorIds: string[]; fromMs: number; toMs: number; step: HistoryTier | 'auto'; maxPoints: number }) => Promise<SampleSeries[]>) | null;
  requireAction: (action: Action) => (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
};

/** Sensors per call: a manager's chart of a tank farm's detectors, not a dump of the plant. */
const MAX_SENSORS_PER_CALL = 100;
/** The longest range one call may span: the aggregates' retention (10 years). */
const MAX_RANGE_MS = 10 * 366 * 24 * 3_600_000;

/** A time as epoch milliseconds or an ISO 8601 date-time. */
const TimeSchema = z.string().transform((text, context) => {
  const ms = /^\d{1,15}$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(ms)) context.addIssue({ code: 'custom', message: 'a time is epoch milliseconds or an ISO 8601 date-time' });
  return ms;
});
const SamplesQuerySchema = z
  .object({
    sensor: z
      .string()
      .transform((text) => text.split(',').filter((id) => id.length > 0))
      .pipe(z.array(z.string().max(128)).min(1).max(MAX_SENSORS_PER_CALL)),
    from: TimeSchema,
    to: TimeSchema,
    step: z.enum(['auto', 'raw', '1m', '1h']).default('auto'),
    maxPoints: z.coerce.number().int().min(10).max(10_000).default(MAX_POINTS_PER_SERIES),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .refine((q) => q.to > q.from && q.to - q.from <= MAX_RANGE_MS, { message: 'to must be after from, at most 10 years later' });

/**
 * GET /api/history/samples (issue 16 item 5, docs/http-api.md): sensors' history over any range in
 * display buckets chosen by the range (at most maxPoints per series, min and max kept), as JSON or CSV.
 * Sensor values carry no personal data: readable with scene:read, as the live values are.
 */
export function registerHistoryRoutes(app: FastifyInstance, deps: HistoryRoutesDeps): void {
  app.get(API_PATHS.historySamples, { preHandler: deps.requireAction('scene:read') }, async (request, reply) => {
    if (!deps.samples) return reply.code(404).send({ problem: problem('ST_ERR_HTTP_NOT_FOUND', 'info', { message: 'this core keeps no history', tip: 'Start it with --historian embedded (or a PostgreSQL URL).' }) });
    const query = SamplesQuerySchema.safeParse(request.query);
    if (!query.success) return reply.code(400).send({ problem: problem('ST_ERR_HTTP_BAD_REQUEST', 'info', { message: query.error.issues.map((issue) => `${issue.path.join('.') || 'query'}: ${issue.message}`).join('; ') }) });
    const { sensor, from, to, step, maxPoints, format } = query.data;
    const series = await deps.samples({ sensorIds: sensor, fromMs: from, toMs: to, step, maxPoints });
    if (format === 'csv') {
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="history-${new Date(from).toISOString().slice(0, 10)}-${new Date(to).toISOString().slice(0, 10)}.csv"`)
        .send(samplesCsv(series));
    }
    return { fromMs: from, toMs: to, series };
  });
}
