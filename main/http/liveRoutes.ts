import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ALARM_PRIORITIES, ALARM_STATES, API_PATHS, comparePriority, problem, type Action, type Alarm, type AlarmKpis, type Scene } from '../contracts/index.js';
import { dataQualityReport } from '../alarms/index.js';
import type { AlarmHistory, LiveHub } from '../live/index.js';
import type { PersonalData } from '../privacy/index.js';

export type LiveRoutesDeps = {
  scene: Scene;
  hub: LiveHub;
  alarms: () => Alarm[];
  kpis: (windowMs: number) => AlarmKpis;
  history: AlarmHistory;
  requireAction: (action: Action) => (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
  /** Camera alarms' badge links and evidence only for roles that may see them. */
  personalData: PersonalData;
};

/** Query filters of GET /api/alarms: comma-separated lists. */
const AlarmFilterSchema = z.object({
  state: z.string().optional(),
  priority: z.string().optional(),
  area: z.string().optional(),
});
const TrendQuerySchema = z.object({ minutes: z.coerce.number().positive().max(10).default(10) });
const HistoryQuerySchema = z.object({ source: z.string().min(1).optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) });
const KpiQuerySchema = z.object({ windowH: z.coerce.number().positive().max(24 * 31).default(24) });

/** The integration API of live data (docs/http-api.md): sensors with latest values, alarms, alarm KPIs. */
export function registerLiveRoutes(app: FastifyInstance, deps: LiveRoutesDeps): void {
  const { scene, hub } = deps;
  const areaOf = new Map(scene.sensors.map((s) => [s.id, s.areaId]));

  const sensorView = (index: number) => {
    const sensor = scene.sensors[index]!;
    const tsMs = hub.tags.sampleTsMs[index]!;
    return {
      id: sensor.id,
      kind: sensor.kind,
      unit: sensor.unit,
      areaId: sensor.areaId ?? null,
      equipmentId: sensor.equipmentId ?? null,
      mqttTopic: sensor.mqttTopic,
      limits: sensor.limits,
      value: Number.isFinite(hub.tags.values[index]!) ? hub.tags.values[index]! : null,
      quality: hub.tags.qualityOf(index),
      tsMs: Number.isFinite(tsMs) ? tsMs : null,
      stale: hub.isStale(index),
      alarm: hub.alarmSummary(index),
      dataQuality: hub.dataQuality(index),
    };
  };

  app.get(API_PATHS.sensors, { preHandler: deps.requireAction('scene:read') }, async () => scene.sensors.map((_, i) => sensorView(i)));
  app.get<{ Params: { id: string } }>(`${API_PATHS.sensors}/:id`, { preHandler: deps.requireAction('scene:read') }, async (request, reply) => {
    const index = hub.tags.indexOf(request.params.id);
    if (index === undefined) return reply.code(404).send({ problem: problem('ST_ERR_HTTP_NOT_FOUND', 'info', { message: `no sensor "${request.params.id}"` }) });
    return sensorView(index);
  });

  app.get<{ Params: { id: string } }>(`${API_PATHS.sensors}/:id/trend`, { preHandler: deps.requireAction('scene:read') }, async (request, reply) => {
    const index = hub.tags.indexOf(request.params.id);
    const query = TrendQuerySchema.safeParse(request.query);
    if (index === undefined) return reply.code(404).send({ problem: problem('ST_ERR_HTTP_NOT_FOUND', 'info', { message: `no sensor "${request.params.id}"` }) });
    if (!query.success) return reply.code(400).send({ problem: problem('ST_ERR_SOCKET_PAYLOAD', 'info', { message: 'minutes must be a number of minutes, at most 10' }) });
    const sensor = scene.sensors[index]!;
    return { sensorId: sensor.id, unit: sensor.unit, limits: sensor.limits, points: hub.trend.series(index, Date.now(), query.data.minutes * 60_000) };
  });

  app.get(API_PATHS.dataQuality, { preHandler: deps.requireAction('scene:read') }, async () => dataQualityReport(scene.sensors, (index) => hub.dataQuality(index), Date.now()));

  app.get(API_PATHS.alarmHistory, { preHandler: deps.requireAction('alarm:read') }, async (request, reply) => {
    const query = HistoryQuerySchema.safeParse(request.query);
    if (!query.success) return reply.code(400).send({ problem: problem('ST_ERR_SOCKET_PAYLOAD', 'info', { message: 'limit must be 1–1000' }) });
    return deps.history.recent(query.data.limit, query.data.source).map((transition) => deps.personalData.transitionFor(request.user, transition));
  });

  app.get(API_PATHS.alarms, { preHandler: deps.requireAction('alarm:read') }, async (request, reply) => {
    const filters = AlarmFilterSchema.parse(request.query);
    const list = (text: string | undefined) => (text ? new Set(text.split(',').map((v) => v.trim())) : null);
    const states = list(filters.state);
    const priorities = list(filters.priority);
    const areas = list(filters.area);
    for (const [name, values, allowed] of [['state', states, ALARM_STATES], ['priority', priorities, ALARM_PRIORITIES]] as const) {
      const unknown = [...(values ?? [])].filter((v) => !(allowed as readonly string[]).includes(v));
      if (unknown.length) return reply.code(400).send({ problem: problem('ST_ERR_SOCKET_PAYLOAD', 'info', { message: `unknown ${name}: ${unknown.join(', ')}; one of ${allowed.join(', ')}` }) });
    }
    return deps
      .alarms()
      .filter((a) => (!states || states.has(a.state)) && (!priorities || priorities.has(a.priority)) && (!areas || areas.has(a.areaId ?? areaOf.get(a.sourceId) ?? '')))
      .sort((a, b) => comparePriority(a.priority, b.priority) || b.raisedAtMs - a.raisedAtMs)
      .map((alarm) => deps.personalData.alarmFor(request.user, alarm));
  });

  app.get(API_PATHS.alarmKpis, { preHandler: deps.requireAction('alarm:read') }, async (request, reply) => {
    const query = KpiQuerySchema.safeParse(request.query);
    if (!query.success) return reply.code(400).send({ problem: problem('ST_ERR_SOCKET_PAYLOAD', 'info', { message: 'windowH must be a number of hours, at most 744' }) });
    return deps.kpis(query.data.windowH * 3600_000);
  });
}
