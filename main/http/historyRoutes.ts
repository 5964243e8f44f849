import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ALARM_CONDITIONS, ALARM_PRIORITIES, API_PATHS, problem, type Action } from '../contracts/index.js';
import { alarmHistoryCsv, HistorianError, MAX_POINTS_PER_SERIES, type RunningHistorian, samplesCsv } from '../historian/index.js';

export type HistoryRoutesDeps = {
  /** The historian's queries; null when the core runs without a historian (--historian not given). */
  history: Pick<RunningHistorian, 'samples' | 'alarms' | 'kpis' | 'status'> | null;
  requireAction: (action: Action) => (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
};

/** Sensors per call: a manager's chart of a tank farm's detectors, not a dump of the plant. */
const MAX_SENSORS_PER_CALL = 100;
/** The longest range one call may span: the aggregates' retention (10 years). */
const MAX_RANGE_MS = 10 * 366 * 24 * 3_600_000;
/** Transitions per call: a month of a busy plant's alarms; the counts always cover the whole range. */
const MAX_TRANSITIONS_PER_CALL = 100_000;
const DEFAULT_TRANSITIONS_PER_CALL = 1000;
const WINDOW_UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;

/** A time as epoch milliseconds or an ISO 8601 date-time (the history routes' and the permit statistics' query). */
export const TimeSchema = z.string().transform((text, context) => {
  const ms = /^\d{1,15}$/.test(text) ? Number(text) : Date.parse(text);
  if (!Number.isFinite(ms)) context.addIssue({ code: 'custom', message: 'a time is epoch milliseconds or an ISO 8601 date-time' });
  return ms;
});
/** A comma-separated list of ids (each at most 128 characters, at most 100), or of the allowed values. */
const listOf = (allowed?: readonly string[]) =>
  z
    .string()
    .transform((text) => text.split(',').map((v) => v.trim()).filter((v) => v.length > 0))
    .pipe(z.array(allowed ? z.enum(allowed as [string, ...string[]]) : z.string().max(128)).max(100))
    .optional();
const rangeRule = { message: 'to must be after from, at most 10 years later' };
const inRange = (q: { from: number; to: number }) => q.to > q.from && q.to - q.from <= MAX_RANGE_MS;

const AlarmsQuerySchema = z
  .object({
    from: TimeSchema,
    to: TimeSchema,
    priority: listOf(ALARM_PRIORITIES),
    area: listOf(),
    condition: listOf(ALARM_CONDITIONS),
    source: listOf(),
    limit: z.coerce.number().int().min(1).max(MAX_TRANSITIONS_PER_CALL).optional(),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .refine(inRange, rangeRule);

/** ?from=&to=, or ?window=30d (m, h, d or w) ending at `to` (default now). */
const KpisQuerySchema = z
  .object({
    from: TimeSchema.optional(),
    to: TimeSchema.optional(),
    window: z
      .string()
      .regex(/^\d{1,6}[mhdw]$/, 'a window is a number and m, h, d or w (30d)')
      .transform((text) => Number(text.slice(0, -1)) * WINDOW_UNIT_MS[text.slice(-1) as keyof typeof WINDOW_UNIT_MS])
      .optional(),
  })
  .transform((q, context) => {
    const to = q.to ?? Date.now();
    const from = q.window !== undefined ? to - q.window : q.from;
    if (from === undefined || (q.window !== undefined && q.from !== undefined)) context.addIssue({ code: 'custom', message: 'give from (and to), or window' });
    return { from: from ?? 0, to };
  })
  .refine(inRange, rangeRule);

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
  .refine(inRange, rangeRule);

const noHistory = () => ({ problem: problem('ST_ERR_HTTP_NOT_FOUND', 'info', { message: 'this core keeps no history', tip: 'Start it with --historian embedded (or a PostgreSQL URL).' }) });
const badRequest = (error: z.ZodError) => ({ problem: problem('ST_ERR_HTTP_BAD_REQUEST', 'info', { message: error.issues.map((issue) => `${issue.path.join('.') || 'query'}: ${issue.message}`).join('; ') }) });
const csvName = (kind: string, fromMs: number, toMs: number) => `attachment; filename="${kind}-${new Date(fromMs).toISOString().slice(0, 10)}-${new Date(toMs).toISOString().slice(0, 10)}.csv"`;

/**
 * The historian's query API (issue 16 item 5, docs/http-api.md and docs/historian.md):
 * - GET /api/history/samples: sensors' history over any range in display buckets chosen by the range
 *   (at most maxPoints per series, min and max kept), as JSON or CSV. Sensor values carry no personal
 *   data: readable with scene:read, as the live values are.
 * - GET /api/history/alarms: stored alarm transitions with counts by priority, area and shift, JSON or CSV;
 * - GET /api/history/kpis: the ISA-18.2 KPIs of any stored period.
 * - GET /api/history/status: the engine, how it stores (TimescaleDB detected or not), the disk budget and
 *   the writer's counters (scene:read: operational state, no plant or personal data, no database URL).
 *   Both with alarm:read, as the live alarm routes. The personal data rule is theirs too: a worker's
 *   alarm names the badge id (never the person; names need personnel:viewNames), and the store keeps no
 *   camera evidence (fused badge, snapshot links), so nothing a role may not see is stored to send.
 */
export function registerHistoryRoutes(app: FastifyInstance, deps: HistoryRoutesDeps): void {
  app.get(API_PATHS.historySamples, { preHandler: deps.requireAction('scene:read') }, async (request, reply) => {
    if (!deps.history) return reply.code(404).send(noHistory());
    const query = SamplesQuerySchema.safeParse(request.query);
    if (!query.success) return reply.code(400).send(badRequest(query.error));
    const { sensor, from, to, step, maxPoints, format } = query.data;
    const series = await deps.history.samples({ sensorIds: sensor, fromMs: from, toMs: to, step, maxPoints });
    if (format === 'csv') return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', csvName('history', from, to)).send(samplesCsv(series));
    return { fromMs: from, toMs: to, series };
  });

  app.get(API_PATHS.historyAlarms, { preHandler: deps.requireAction('alarm:read') }, async (request, reply) => {
    if (!deps.history) return reply.code(404).send(noHistory());
    const query = AlarmsQuerySchema.safeParse(request.query);
    if (!query.success) return reply.code(400).send(badRequest(query.error));
    const { from, to, priority, area, condition, source, format } = query.data;
    // A screen pages through the first thousand; an export takes the range, up to the bound.
    const limit = query.data.limit ?? (format === 'csv' ? MAX_TRANSITIONS_PER_CALL : DEFAULT_TRANSITIONS_PER_CALL);
    const history = await deps.history.alarms({ fromMs: from, toMs: to, limit, ...(priority && { priorities: priority }), ...(area && { areas: area }), ...(condition && { conditions: condition }), ...(source && { sources: source }) });
    if (format === 'csv') {
      // A cut export says so: the rows are the first `limit` of the range.
      if (history.truncated) void reply.header('x-safetwin-truncated', 'true');
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', csvName('alarms', from, to)).send(alarmHistoryCsv(history.transitions));
    }
    return history;
  });

  app.get(API_PATHS.historyStatus, { preHandler: deps.requireAction('scene:read') }, async (_request, reply) => {
    if (!deps.history) return reply.code(404).send(noHistory());
    return deps.history.status();
  });

  app.get(API_PATHS.historyKpis, { preHandler: deps.requireAction('alarm:read') }, async (request, reply) => {
    if (!deps.history) return reply.code(404).send(noHistory());
    const query = KpisQuerySchema.safeParse(request.query);
    if (!query.success) return reply.code(400).send(badRequest(query.error));
    try {
      return await deps.history.kpis({ fromMs: query.data.from, toMs: query.data.to });
    } catch (error) {
      if (error instanceof HistorianError && error.code === 'ST_ERR_HISTORIAN_QUERY_TOO_LARGE') return reply.code(400).send({ problem: { ...error.toProblem(), severity: 'info' } });
      throw error;
    }
  });
}
