import { z } from 'zod';
import {
  areaAt,
  BadgeIdSchema,
  describeRecordIssues,
  HazardLocationSchema,
  HazardMediaSchema,
  HazardReportSchema,
  HazardSignatureSchema,
  HazardStepRequestSchema,
  HazardTicketStateSchema,
  InspectionPlanFieldsSchema,
  MAX_HAZARD_PHOTOS_PER_STEP,
  RiskPointEntrySchema,
  RoleSchema,
  type HazardMedia,
  type HazardTicket,
  type InspectionPlan,
  type RiskPointEntry,
  type Scene,
} from '../contracts/index.js';
import { applyHazardStep, openHazardTicket, type HazardActor } from './hazardTickets.js';
import type { HazardsConfig } from './hazardsConfig.js';

/**
 * The demo plant's double prevention (issue 18 item 6): a starting risk register, inspection plans with the
 * badge that walks each, and a few hidden-danger tickets of different ages, from a file beside the scene
 * (`scenes/demo-plant/demo-hazards.json`). Pure: the file is parsed and checked here, and turned into the
 * contract's records as of a given instant; reading the file and filing the records are the caller's.
 *
 * Times in the file are ages, never dates, so the demo looks the same whenever it starts: a risk point was
 * assessed `assessedAgoDays` ago, a ticket reported `reportedAgoMin` ago and each step taken `agoMin` ago. A
 * ticket's trail is not written down: the file lists the requests people made and who made them, and the
 * real rules (openHazardTicket, applyHazardStep) sign them, so its state is one the rules reach; the file says
 * the state it expects, and a ticket that ends elsewhere is a problem, left out. Tickets are numbered
 * `DEMO-<local date>-<id>` as the demo's permits are (main/workPermits demoPermits): a restart the same day
 * gives the same numbers.
 */
export const DEMO_HAZARDS_FILE = 'demo-hazards.json';
export const DEMO_HAZARD_PREFIX = 'DEMO-';
/** A demo file is a register of a few dozen points, a few plans and a handful of tickets; anything larger is not one. */
const MAX_DEMO_RISK_POINTS = 100;
const MAX_DEMO_PLANS = 10;
const MAX_DEMO_TICKETS = 20;
const MAX_DEMO_STEPS = 10;
/** A demo ticket is at most a month old; a risk point assessed at most three years ago (re-assessed yearly: the oldest still shown). */
const MAX_TICKET_AGE_MIN = 30 * 24 * 60;
const MAX_ASSESSMENT_AGE_DAYS = 3 * 365;
const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** A person's name, bounded as a signature's. */
const nameSchema = HazardSignatureSchema.shape.user;
/** A named demo user and their role: the rules refuse the implicit local user. */
const DemoUserSchema = z.strictObject({ name: nameSchema, role: RoleSchema });
/** A photo or voice note as the file gives it: taken when its step was (the loader sets `takenAtMs`). */
const DemoMediaSchema = HazardMediaSchema.omit({ takenAtMs: true });
/**
 * A report or a step request as the file gives it: its own fields (checked by the contract once dated) and media
 * without `takenAtMs` — times in the file are ages, and media are dated by their step.
 */
const withDemoMedia = z.object({ media: z.array(DemoMediaSchema).max(MAX_HAZARD_PHOTOS_PER_STEP).optional() }).catchall(z.unknown());

const DemoRiskPointSchema = RiskPointEntrySchema.omit({ assessedAtMs: true }).extend({ assessedAgoDays: z.number().int().min(0).max(MAX_ASSESSMENT_AGE_DAYS) });

const DemoPlanSchema = z.strictObject({
  /** The badge holder of the scene who walks the plan's rounds in the simulation, and their name there. */
  inspector: z.strictObject({ badgeId: BadgeIdSchema, name: nameSchema }),
  /**
   * The plan without its anchor date: the demo's plans take effect the local day the demo first files them, so
   * no slot before the demo ran counts as missed (the loader sets `anchorDate`).
   */
  plan: InspectionPlanFieldsSchema.omit({ anchorDate: true }),
});

const DemoStepSchema = z.strictObject({
  agoMin: z.number().int().min(0).max(MAX_TICKET_AGE_MIN),
  by: DemoUserSchema,
  /** A HazardStepRequest, its rectification media without `takenAtMs` (checked by the contract once dated). */
  request: withDemoMedia.refine((r) => !('deadlineMs' in r), { message: 'times in the demo file are ages, not instants: the deadline is the grade default' }),
});

const DemoTicketSchema = z
  .strictObject({
    /** The number after `DEMO-<local date>-`. */
    id: z.string().regex(/^[A-Z0-9]{1,16}$/, 'an id is 1–16 capital letters and digits'),
    /** The state the steps are expected to reach. */
    state: HazardTicketStateSchema,
    reportedAgoMin: z.number().int().min(0).max(MAX_TICKET_AGE_MIN),
    reporter: DemoUserSchema,
    /** A HazardReport, its media without `takenAtMs` (checked by the contract once dated). */
    report: withDemoMedia,
    steps: z.array(DemoStepSchema).max(MAX_DEMO_STEPS).default([]),
  })
  .refine((t) => t.steps.every((s, i) => s.agoMin < (i === 0 ? t.reportedAgoMin : t.steps[i - 1]!.agoMin)), { message: 'each step comes after the report and the step before it', path: ['steps'] });

export const DemoHazardsFileSchema = z
  .strictObject({
    format: z.literal('safetwin-demo-hazards'),
    version: z.literal(1),
    riskPoints: z.array(DemoRiskPointSchema).max(MAX_DEMO_RISK_POINTS),
    inspectionPlans: z.array(DemoPlanSchema).max(MAX_DEMO_PLANS),
    tickets: z.array(DemoTicketSchema).max(MAX_DEMO_TICKETS),
  })
  .refine((f) => unique(f.riskPoints.map((p) => p.id)), { message: 'a risk point id is used twice', path: ['riskPoints'] })
  .refine((f) => unique(f.inspectionPlans.map((p) => p.plan.id)), { message: 'a plan id is used twice', path: ['inspectionPlans'] })
  .refine((f) => unique(f.tickets.map((t) => t.id)), { message: 'a ticket id is used twice', path: ['tickets'] });
export type DemoHazardsFile = z.infer<typeof DemoHazardsFileSchema>;

const unique = (ids: readonly string[]) => new Set(ids).size === ids.length;

/** The file's text as a demo file, or what is wrong with it (the first few issues). */
export function parseDemoHazardsFile(text: string): { ok: true; file: DemoHazardsFile } | { ok: false; problem: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `${DEMO_HAZARDS_FILE}: ${(error as Error).message}` };
  }
  const parsed = DemoHazardsFileSchema.safeParse(json);
  return parsed.success ? { ok: true, file: parsed.data } : { ok: false, problem: `${DEMO_HAZARDS_FILE}: ${describeRecordIssues(parsed.error, 'file')}` };
}

/** Who walks a plan's rounds in the simulation. */
export type DemoInspector = { planId: string; badgeId: string; name: string };
export type DemoHazards = { riskPoints: RiskPointEntry[]; plans: InspectionPlan[]; inspectors: DemoInspector[]; tickets: HazardTicket[]; problems: string[] };
/** What the file is checked against: the scene's areas, equipment, detectors and badge holders. */
export type DemoHazardsScene = Pick<Scene, 'areas' | 'equipment' | 'sensors' | 'personnel'>;

/** The local date of an instant as YYYY-MM-DD (the site's fixed offset, as the permit rules use). */
function localIsoDate(ms: number, utcOffsetMin: number): string {
  return new Date(ms + utcOffsetMin * MINUTE_MS).toISOString().slice(0, 10);
}

/** The same as YYYYMMDD, for record numbers. */
function localDate(ms: number, utcOffsetMin: number): string {
  return localIsoDate(ms, utcOffsetMin).replaceAll('-', '');
}

/**
 * The file's records as of `nowMs`: risk points dated, plans with their inspectors, tickets numbered for the
 * local day and signed step by step by the rules. What does not fit the scene or the rules is a problem (the
 * record is left out where it cannot be built; a scene reference that does not resolve is told, the record kept).
 */
export function demoHazards(file: DemoHazardsFile, scene: DemoHazardsScene, options: { nowMs: number; utcOffsetMin: number; config: Pick<HazardsConfig, 'ticketDeadlineMs'> }): DemoHazards {
  const { nowMs } = options;
  const problems = sceneProblems(file, scene);
  const riskPoints: RiskPointEntry[] = [];
  for (const { assessedAgoDays, ...point } of file.riskPoints) {
    const parsed = RiskPointEntrySchema.safeParse({ ...point, assessedAtMs: nowMs - assessedAgoDays * DAY_MS });
    if (parsed.success) riskPoints.push(parsed.data);
    else problems.push(`risk point ${point.id}: ${describeRecordIssues(parsed.error, 'risk point')}`);
  }
  const day = localDate(nowMs, options.utcOffsetMin);
  const tickets: HazardTicket[] = [];
  for (const demo of file.tickets) {
    const built = demoTicket(demo, `${DEMO_HAZARD_PREFIX}${day}-${demo.id}`, nowMs, options.config);
    if (typeof built === 'string') problems.push(`ticket ${demo.id}: ${built}`);
    else tickets.push(built);
  }
  return {
    riskPoints,
    plans: file.inspectionPlans.map((p) => ({ ...p.plan, anchorDate: localIsoDate(nowMs, options.utcOffsetMin) })),
    inspectors: file.inspectionPlans.map((p) => ({ planId: p.plan.id, ...p.inspector })),
    tickets,
    problems,
  };
}

type DemoTicket = DemoHazardsFile['tickets'][number];

/** One ticket opened and stepped by the rules at its ages, or why it could not be. */
function demoTicket(demo: DemoTicket, number: string, nowMs: number, config: Pick<HazardsConfig, 'ticketDeadlineMs'>): HazardTicket | string {
  const reportedAtMs = nowMs - demo.reportedAgoMin * MINUTE_MS;
  const report = HazardReportSchema.safeParse({ ...demo.report, media: datedMedia(demo.report.media, reportedAtMs) });
  if (!report.success) return `report: ${describeRecordIssues(report.error, 'report')}`;
  const actor = (user: { name: string; role: HazardActor['role'] }): HazardActor => ({ ...user, implicit: false });
  let result = openHazardTicket(report.data, number, actor(demo.reporter), reportedAtMs);
  for (const [i, step] of demo.steps.entries()) {
    if (!result.ok) break;
    const atMs = nowMs - step.agoMin * MINUTE_MS;
    const request = HazardStepRequestSchema.safeParse({ ...step.request, ...(step.request.media !== undefined && { media: datedMedia(step.request.media, atMs) }) });
    if (!request.success) return `step ${i + 1}: ${describeRecordIssues(request.error, 'request')}`;
    result = applyHazardStep(result.ticket, request.data, actor(step.by), atMs, config);
  }
  if (!result.ok) return `${result.code}: ${result.message}`;
  if (result.ticket.state !== demo.state) return `the steps reach ${result.ticket.state}, the file expects ${demo.state}`;
  return result.ticket;
}

/** Media as the file lists them, dated by their step. */
function datedMedia(media: readonly Omit<HazardMedia, 'takenAtMs'>[] | undefined, takenAtMs: number): HazardMedia[] | undefined {
  return media?.map((m) => ({ ...m, takenAtMs }));
}

/** References the scene must resolve: areas, equipment and detectors of risk points, plan areas and checkpoints, inspectors, ticket places. */
function sceneProblems(file: DemoHazardsFile, scene: DemoHazardsScene): string[] {
  const problems: string[] = [];
  const areas = new Set(scene.areas.map((a) => a.id));
  const equipment = new Map(scene.equipment.map((e) => [e.id, e]));
  const sensors = new Set(scene.sensors.map((s) => s.id));
  const people = new Map(scene.personnel.map((p) => [p.badgeId, p.displayName]));
  for (const point of file.riskPoints) {
    if (!areas.has(point.areaId)) problems.push(`risk point ${point.id}: no area ${point.areaId} in the scene`);
    for (const id of point.equipmentIds) {
      const e = equipment.get(id);
      if (e === undefined) problems.push(`risk point ${point.id}: no equipment ${id} in the scene`);
      else if (areaAt(scene, e.position.x, e.position.y) !== point.areaId) problems.push(`risk point ${point.id}: ${id} stands in ${areaAt(scene, e.position.x, e.position.y) ?? 'no area'}, not in ${point.areaId}`);
    }
    for (const id of point.controls.flatMap((c) => c.sensorIds)) if (!sensors.has(id)) problems.push(`risk point ${point.id}: no sensor ${id} in the scene`);
  }
  for (const { plan, inspector } of file.inspectionPlans) {
    for (const id of plan.areaIds) if (!areas.has(id)) problems.push(`plan ${plan.id}: no area ${id} in the scene`);
    for (const c of plan.checkpoints) {
      const at = areaAt(scene, c.point[0], c.point[1]);
      if (at === null || !plan.areaIds.includes(at)) problems.push(`plan ${plan.id}: checkpoint ${c.id} lies in ${at ?? 'no area'}, not in the plan's areas`);
    }
    if (people.get(inspector.badgeId) !== inspector.name) problems.push(`plan ${plan.id}: the scene has no badge ${inspector.badgeId} held by ${inspector.name}`);
  }
  for (const t of file.tickets) {
    const location = HazardLocationSchema.safeParse(t.report['location']);
    if (!location.success) continue;
    const at = areaAt(scene, location.data.point[0], location.data.point[1]);
    if (location.data.areaId !== undefined && location.data.areaId !== at) problems.push(`ticket ${t.id}: its point lies in ${at ?? 'no area'}, not in ${location.data.areaId}`);
    const badgeId = t.report['badgeId'];
    if (typeof badgeId === 'string' && people.get(badgeId) !== t.reporter.name) problems.push(`ticket ${t.id}: the scene has no badge ${badgeId} held by ${t.reporter.name}`);
  }
  return problems;
}
