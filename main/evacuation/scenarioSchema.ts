import { z } from 'zod';
import { AGENT_PROFILES, EXIT_POLICIES } from './types.js';

/**
 * Input of `safetwin evac` (issue 6 CLI contract; docs/evacuation.md). Field names follow the
 * issue; extra fields (agentGroups, musterPoints, flowLines, run.cellSizeM, run.snapAgents) are
 * documented there. Unknown fields are reported as warnings (scenarioKeys.ts), never fatal.
 */
const finite = z.number().finite();
export const PointSchema = z.tuple([finite, finite]);
export const RingSchema = z.array(PointSchema).min(3, 'a polygon needs at least 3 vertices');
const LineSchema = z.tuple([PointSchema, PointSchema]);

/** A walkable polygon: a ring, [exterior, ...holes], or { exterior, holes }. */
export const WalkablePolygonInputSchema = z.union([
  RingSchema,
  z.array(RingSchema).min(1),
  z.object({ exterior: RingSchema, holes: z.array(RingSchema).default([]) }),
]);

/**
 * The end of a time window: a number of run seconds, or omitted / null for "until the end of the
 * run" (a gate lost for good, a cloud that does not go away). Parsed to Infinity, which the engine
 * compares like any time and the JSON output writes back as null.
 */
export function openEnd(end: z.ZodNumber) {
  return end
    .nullable()
    .optional()
    .transform((v) => v ?? Infinity);
}

/** A closed interval of an exit schedule: closed from fromS to toS (open-ended without toS). */
export const ClosedIntervalSchema = z
  .object({ fromS: finite, toS: openEnd(finite) })
  .refine((c) => c.toS > c.fromS, { message: 'toS must be after fromS (or omitted: closed to the end of the run)', path: ['toS'] });

export const DistributionSchema = z.union([
  finite.nonnegative(),
  z.object({ dist: z.literal('uniform'), min: finite.nonnegative(), max: finite.nonnegative() }).refine((d) => d.max >= d.min, 'max must be ≥ min'),
  z.object({ dist: z.literal('normal'), mean: finite, sd: finite.nonnegative(), min: finite.nonnegative().optional(), max: finite.positive().optional() }),
  z.object({ dist: z.literal('lognormal'), median: finite.positive(), sigma: finite.nonnegative(), max: finite.positive().optional() }),
]);
export type Distribution = z.infer<typeof DistributionSchema>;

const AgentCommon = {
  radiusM: finite.gt(0.05, 'radiusM must be > 0.05 m').lte(1, 'radiusM must be ≤ 1 m').optional(),
  desiredSpeedMps: DistributionSchema.optional(),
  premovementS: DistributionSchema.optional(),
  targetExits: z.array(z.string()).optional(),
  policy: z.enum(EXIT_POLICIES).default('model_default'),
  profile: z.enum(AGENT_PROFILES).default('able'),
};

export const AgentInputSchema = z.object({ id: z.union([z.string().min(1), finite]), x: finite, y: finite, ...AgentCommon });
export type AgentInput = z.infer<typeof AgentInputSchema>;

/** Extra: `count` agents placed uniformly at random (seeded) in `area`, without overlap. */
export const AgentGroupSchema = z.object({ idPrefix: z.string().min(1), count: z.number().int().min(0).max(100_000), area: RingSchema, ...AgentCommon });

const GridSchema = z
  .object({
    x0M: finite,
    y0M: finite,
    cellSizeM: finite.positive(),
    nx: z.number().int().positive(),
    ny: z.number().int().positive(),
    concentrationPpm: z.array(finite.nonnegative()).optional(),
    extinctionPerM: z.array(finite.nonnegative()).optional(),
  })
  .refine((g) => g.concentrationPpm !== undefined || g.extinctionPerM !== undefined, 'a grid needs concentrationPpm or extinctionPerM values')
  .refine((g) => [g.concentrationPpm, g.extinctionPerM].every((v) => v === undefined || v.length === g.nx * g.ny), 'grid values must have nx × ny entries (row-major, x fastest)');

export const HazardInputSchema = z
  .object({
    id: z.string().min(1),
    kind: z.enum(['toxic_gas', 'smoke']),
    mode: z.enum(['no_go', 'traversable']),
    polygon: RingSchema.optional(),
    grid: GridSchema.optional(),
    tOnS: finite.nonnegative().default(0),
    /** Omitted or null: on until the end of the run. */
    tOffS: openEnd(finite.positive()),
    concentrationPpm: finite.nonnegative().default(0),
    extinctionPerM: finite.nonnegative().default(0),
    thresholdPpm: finite.nonnegative().optional(),
    thresholdExtinctionPerM: finite.nonnegative().optional(),
    /** Name of the level the threshold stands for (e.g. "AEGL-2"): shown with the threat zone, nothing else. */
    thresholdLevel: z.string().min(1).max(32).optional(),
    substance: z.string().min(1).optional(),
    toxicLoadExponent: finite.positive().optional(),
    slotToxicLoad: finite.positive().optional(),
    slodToxicLoad: finite.positive().optional(),
    costFactor: finite.gte(1).optional(),
  })
  .refine((h) => (h.polygon === undefined) !== (h.grid === undefined), 'a hazard needs exactly one of polygon or grid')
  .refine((h) => h.tOffS > h.tOnS, 'tOffS must be after tOnS')
  .refine((h) => h.grid === undefined || h.thresholdPpm !== undefined || h.thresholdExtinctionPerM !== undefined, 'a grid hazard needs thresholdPpm or thresholdExtinctionPerM (the level above which a cell is hazardous)');
export type HazardInput = z.infer<typeof HazardInputSchema>;
/** A hazard as callers write it (defaults not yet applied). */
export type HazardInputRaw = z.input<typeof HazardInputSchema>;

export const ScenarioSchema = z.object({
  id: z.union([z.string(), finite]).optional(),
  geometry: z
    .object({
      walkable: z.array(WalkablePolygonInputSchema).optional(),
      outer: WalkablePolygonInputSchema.optional(),
      obstacles: z.array(RingSchema).default([]),
      walls: z.array(z.array(PointSchema).min(2)).default([]),
    })
    .refine((g) => g.walkable !== undefined || g.outer !== undefined, 'geometry needs walkable polygons or an outer polygon'),
  exits: z.array(z.object({ id: z.string().min(1), line: LineSchema, schedule: z.array(ClosedIntervalSchema).default([]) })).default([]),
  musterPoints: z.array(z.object({ id: z.string().min(1), x: finite, y: finite, radiusM: finite.positive() })).default([]),
  flowLines: z.array(z.object({ id: z.string().min(1), line: LineSchema })).default([]),
  hazards: z.array(HazardInputSchema).default([]),
  agents: z.array(AgentInputSchema).default([]),
  agentGroups: z.array(AgentGroupSchema).default([]),
  run: z
    .object({
      dtS: finite.positive().max(0.2, 'dtS must be ≤ 0.2 s (the collision-free update needs small steps)').optional(),
      tMaxS: finite.positive().max(86_400).optional(),
      seed: z.number().int().default(1),
      outputHz: finite.nonnegative().max(50).default(1),
      cellSizeM: finite.gte(0.1).lte(5).optional(),
      snapAgents: z.boolean().default(false),
    })
    .default({ seed: 1, outputHz: 1, snapAgents: false }),
});
export type ScenarioInput = z.infer<typeof ScenarioSchema>;

/** Formats the first zod issue as "<path>: <message>" (the study-CLI error convention). */
export function formatZodError(error: z.ZodError): string {
  const issue = error.issues[0]!;
  const path = issue.path.reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)), '');
  return `${path || '(root)'}: ${issue.message}`;
}
