import { z } from 'zod';
import { MQTT_LINK_STATES } from './live.js';
import { ProblemSchema } from './problems.js';
import { SessionUserSchema } from './roles.js';

/** The read-only HTTP API (documented in docs/http-api.md). */
export const API_PATHS = {
  health: '/api/health',
  version: '/api/version',
  scene: '/api/scene',
  session: '/api/session',
  login: '/api/login',
  logout: '/api/logout',
  sensors: '/api/sensors',
  alarms: '/api/alarms',
  alarmKpis: '/api/alarms/kpis',
  alarmHistory: '/api/alarms/history',
  /** Data-quality score per area and of every sensor with an issue (sensorDiagnostics, docs/alarms.md). */
  dataQuality: '/api/data-quality',
  riskWeights: '/api/risk/weights',
  /** After-action reports: <path>/<runId>/report.json and report.html?lang=en|zh-CN. */
  evacuationRuns: '/api/evacuation/runs',
  /** Camera AI evidence: <path>/<eventId>/snapshot.jpg and clip.mp4 (only files the core wrote for that event). */
  visionEvents: '/api/vision/events',
  /** The historian's sensor history over any range (?sensor=a,b&from=&to=&step=auto|raw|1m|1h&format=json|csv). */
  historySamples: '/api/history/samples',
  /** Stored alarm transitions with counts by priority, area and shift (?from=&to=&priority=&area=&condition=&source=&limit=&format=json|csv). */
  historyAlarms: '/api/history/alarms',
  /** The ISA-18.2 KPIs of any stored period (?from=&to= or ?window=30d). */
  historyKpis: '/api/history/kpis',
  /** The historian's engine, storage (TimescaleDB detected at start), disk budget and writer counters. */
  historyStatus: '/api/history/status',
  /**
   * Special-operation permits (docs/permits.md): POST a permit (a draft, or an import from a plant's permit
   * system), GET with ?state=&type=&area=&from=&to=&limit=; <path>/<number> with its signed trace, and
   * POST <path>/<number>/steps for a lifecycle step, POST <path>/<number>/gas-tests for a gas analysis.
   */
  permits: '/api/permits',
  /**
   * The contractor register (docs/contractors.md): GET the companies and people; POST <path>/import a bulk
   * import; <path>/companies and <path>/people: POST to create, GET, PUT and DELETE <path>/<kind>/<code>;
   * GET <path>/people/<code>/qualification?permit=<number>&role=entrant|watcher.
   */
  contractors: '/api/contractors',
  /**
   * Hidden-danger tickets (docs/hazards.md): POST a report, GET with ?state=&grade=&area=&kind=&source=&mine=&from=&to=&limit=;
   * <path>/<number> with its trail, timing and likely duplicates; POST <path>/<number>/steps for a step;
   * POST <path>/media (raw JPEG, PNG, WebM or Ogg body) stores a photo or voice note, GET <path>/media/<ref> reads it;
   * GET <path>/analysis?month=YYYY-MM the monthly hidden-danger analysis.
   */
  hazards: '/api/hazards',
  /** The risk register (风险分级管控): GET every risk point with its assessed and live grade and why; PUT and DELETE <path>/<id>; GET <path>/areas the four-colour map. */
  riskPoints: '/api/risk-points',
  /**
   * Inspection rounds (巡检): GET the plans with their slots' status (?from=&to=); PUT <path>/plans/<id>; POST <path>/rounds
   * opens a round for a plan's slot; POST <path>/rounds/<id>/check-ins (badge-verified), POST <path>/rounds/<id>/results.
   */
  inspections: '/api/inspections',
  /**
   * Warnings (docs/dispatch.md §warnings API): GET with ?mine=1&open=1&from=&to=&limit=; <path>/<id>; POST <path>/<id>/acknowledge,
   * <path>/<id>/notes, <path>/<id>/read, <path>/<id>/disposition; GET <path>/stats?from=&to= the disposition statistics (MTTA, MTTR, false-alarm rates).
   */
  warnings: '/api/warnings',
  /** The duty roster (值班表): GET/PUT <path>/roster, GET/POST <path>/roster/duty.csv, GET <path>/on-duty; GET <path>/channels the channels' health. */
  dispatch: '/api/dispatch',
  /** Web Push (docs/dispatch.md §channels): GET <path>/vapid-public-key; POST <path>/subscriptions a browser's PushSubscription for the signed-in account. */
  push: '/api/push',
  /** Safety operations reports (docs/reports.md): GET <path> the archive, POST <path> a ReportRequest, GET <path>/<id>.pdf the file. */
  reports: '/api/reports',
  /**
   * The manager's indicators (docs/indicators.md): GET <path> the catalogue and which have data; <path>/values?from=&to=&dimension=&ids=;
   * <path>/<id>/trend?from=&to=&period=&dimension=&key=; <path>/<id>/records?from=&to=&dimension=&key=&limit=; <path>/declines.
   */
  indicators: '/api/indicators',
  /** The two indices over a range: GET <path>?from=&to=&dimension= (with each indicator's contribution). */
  indices: '/api/indices',
  /** The manager's incident log: GET <path>?from=&to=&limit=, POST <path> an IncidentEntry (indicators:manage). */
  incidents: '/api/incidents',
  /** The site map's hot spots over a period: GET <path>?layer=&from=&to=&cellM=[&compareFrom=&compareTo=][&seasonal=1] → HotspotGrid. */
  hotspots: '/api/hotspots',
  metrics: '/metrics',
} as const;

/** "degraded" when a problem of severity error is active, the broker link among them (ST_ERR_MQTT_LINK_DOWN). */
export const HealthResponseSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  uptimeS: z.number(),
  authRequired: z.boolean(),
  problems: z.array(ProblemSchema),
  /** The ingest client's link to its MQTT broker. */
  mqtt: z.enum(MQTT_LINK_STATES),
  /** Whether this core keeps history (--historian): screens ask GET /api/history/* only then. */
  historian: z.boolean().optional(),
});
export type HealthResponse = z.infer<typeof HealthResponseSchema>;

export const VersionResponseSchema = z.object({
  name: z.literal('safetwin'),
  version: z.string(),
  node: z.string(),
  sceneFormatVersion: z.number().int(),
});
export type VersionResponse = z.infer<typeof VersionResponseSchema>;

export const LoginRequestSchema = z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(1024) });
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const LoginResponseSchema = z.object({ token: z.string(), user: SessionUserSchema, expiresAtMs: z.number() });
export type LoginResponse = z.infer<typeof LoginResponseSchema>;

export const SessionResponseSchema = z.object({ user: SessionUserSchema });
export type SessionResponse = z.infer<typeof SessionResponseSchema>;
