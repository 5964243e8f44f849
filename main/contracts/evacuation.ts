import { z } from 'zod';
import { PositionDescriptionSchema } from './landmarks.js';
import { LocalizedTextSchema } from './scene.js';

/**
 * Evacuation runs (live and drill) as the core sends them to the UI: a compact snapshot per frame
 * (typed arrays, parallel by agent index) and the after-action report. Produced by
 * main/evacuation/EvacuationRun.ts; the engine and its model are described in docs/evacuation.md.
 */

/** RTLS fixes scatter by a few metres: a badge within a muster point's radius + this is at it (registration, man-down suppression). */
export const MUSTER_REGISTRATION_TOLERANCE_M = 3;

export const EVACUATION_RUN_MODES = ['live', 'drill'] as const;
export const EvacuationRunModeSchema = z.enum(EVACUATION_RUN_MODES);
export type EvacuationRunMode = z.infer<typeof EvacuationRunModeSchema>;

/** Agent state codes in EvacuationSnapshot.states (index = code). */
export const EVACUATION_AGENT_STATES = ['waiting', 'moving', 'arrived', 'awaitingHelp', 'noRoute'] as const;
export type EvacuationAgentState = (typeof EVACUATION_AGENT_STATES)[number];

export const EvacuationTargetStatusSchema = z.object({
  id: z.string(),
  kind: z.enum(['muster', 'exit']),
  /** Agents currently heading there (not yet arrived). */
  assigned: z.number().int().nonnegative(),
  /** Agents the model has there. */
  arrived: z.number().int().nonnegative(),
  /** Badges actually registered there (live runs; 0 in drills unless the drill records badges). */
  observedArrived: z.number().int().nonnegative(),
  capacityPersons: z.number().int().positive().optional(),
  /** Inside the threat zone now (the cloud at or above the level routes avoid): nobody there counts as safe. */
  threatened: z.boolean(),
});
export type EvacuationTargetStatus = z.infer<typeof EvacuationTargetStatusSchema>;

/**
 * What the threat zone (the live leak cloud at or above AEGL-2, or the drill's cloud) covers of the
 * evacuation, and what to tell people: `reroute` to the safe muster points when some are threatened,
 * `shelter` (shelter in place) when every muster point is. Recomputed whenever the cloud changes.
 */
export const EvacuationThreatSchema = z.object({
  /** The level whose zone counts as the threat (e.g. AEGL-2), null without a cloud. */
  level: z.string().nullable(),
  musterIds: z.array(z.string()),
  gateIds: z.array(z.string()),
  /** People whose predicted route crosses the threat zone (from the latest route trace). */
  agentsOnRoutesThroughThreat: z.number().int().nonnegative(),
  advice: z.enum(['none', 'reroute', 'shelter']),
  /** Muster points outside the threat zone, where everyone is sent. */
  safeMusterIds: z.array(z.string()),
});
export type EvacuationThreat = z.infer<typeof EvacuationThreatSchema>;

export const EvacuationDensityGridSchema = z.object({
  x0: z.number(),
  y0: z.number(),
  cellSizeM: z.number().positive(),
  nx: z.number().int().positive(),
  ny: z.number().int().positive(),
  /** Row-major, x fastest, cell (0, 0) at the south-west corner. */
  peoplePerM2: z.instanceof(Float32Array),
});
export type EvacuationDensityGrid = z.infer<typeof EvacuationDensityGridSchema>;

export const EvacuationSnapshotSchema = z.object({
  runId: z.string(),
  mode: EvacuationRunModeSchema,
  /** The drill scenario's name; drills are labelled DRILL end to end and never raise real alarms. */
  label: z.string().optional(),
  /** Simulated seconds since the run started (the alarm). */
  tS: z.number().nonnegative(),
  /** Agent ids (badge ids in live runs), index-aligned with the arrays below. */
  agentIds: z.array(z.string()),
  /** x0, y0, x1, y1, … in plant metres. */
  positionsM: z.instanceof(Float32Array),
  /** Codes into EVACUATION_AGENT_STATES. */
  states: z.instanceof(Uint8Array),
  /** Index into targets, −1 when none. */
  targetIndex: z.instanceof(Int16Array),
  /** Predicted arrival time per agent (run seconds); the actual time once arrived; −1 when none. */
  predictedArrivalS: z.instanceof(Float32Array),
  /**
   * 1 when the person is accounted for — the one definition the board, the header and the report
   * use: in a live run a badge registered at a muster point outside the threat zone; in a drill an
   * agent arrived at a target outside it. Someone at a gassed muster point is not accounted for.
   */
  accounted: z.instanceof(Uint8Array),
  /** Live runs: the target where the badge was last registered (−1: none); drills: where the agent arrived. */
  registeredAt: z.instanceof(Int16Array),
  targets: z.array(EvacuationTargetStatusSchema),
  threat: EvacuationThreatSchema,
  /** Crossings of each gate since the start. */
  gateCrossings: z.array(z.object({ id: z.string(), count: z.number().int().nonnegative() })),
  density: EvacuationDensityGridSchema,
  counts: z.object({
    total: z.number().int().nonnegative(),
    waiting: z.number().int().nonnegative(),
    moving: z.number().int().nonnegative(),
    arrived: z.number().int().nonnegative(),
    awaitingHelp: z.number().int().nonnegative(),
    noRoute: z.number().int().nonnegative(),
    /** Σ accounted: the head count. */
    accounted: z.number().int().nonnegative(),
  }),
  /** Wall time of the latest navigation-field rebuild (hazard change), ms. */
  fieldRebuildMs: z.number().nonnegative(),
});
export type EvacuationSnapshot = z.infer<typeof EvacuationSnapshotSchema>;

export const EvacuationExposureRowSchema = z.object({
  agentId: z.string(),
  substance: z.string(),
  /** ppmⁿ·min, n = toxicLoadExponent of the substance. */
  toxicLoad: z.number().nonnegative(),
  slotFraction: z.number().nonnegative().nullable(),
  /** Toxic load ÷ SLOD (≥ 1: above SLOD), null without a SLOD for the substance. */
  slodFraction: z.number().nonnegative().nullable(),
  peakPpm: z.number().nonnegative(),
  timeInHazardS: z.number().nonnegative(),
});

/** A note of the report by code, so that the report page words it in its language (EvacuationReport.notes). */
export const EvacuationNoteSchema = z.discriminatedUnion('code', [
  /** A badge's last fix was far from any walkable area: not in the prediction. */
  z.object({ code: z.literal('badgeOffSite'), badgeId: z.string(), x: z.number(), y: z.number(), place: PositionDescriptionSchema.optional() }),
  /** An injured person with no able person near enough to help: waits for a rescue team. */
  z.object({ code: z.literal('injuredNoHelper'), agentId: z.string(), radiusM: z.number() }),
  /** A substance without HSE toxic-load data: the dose is Haber's rule (n = 1) and has no SLOT/SLOD reading. */
  z.object({ code: z.literal('noToxicLoadData'), substance: z.string() }),
]);
export type EvacuationNote = z.infer<typeof EvacuationNoteSchema>;

export const EvacuationReportSchema = z.object({
  runId: z.string(),
  mode: EvacuationRunModeSchema,
  label: z.string().optional(),
  siteName: z.string(),
  /** Names in the UI languages, for the report page: the site and each muster point or gate by id; the areas its places name. */
  names: z.object({
    site: LocalizedTextSchema,
    targets: z.record(z.string(), LocalizedTextSchema),
    label: LocalizedTextSchema.optional(),
    substances: z.record(z.string(), LocalizedTextSchema).optional(),
    areas: z.record(z.string(), LocalizedTextSchema).optional(),
  }),
  endedAtS: z.number().nonnegative(),
  agents: z.number().int().nonnegative(),
  arrived: z.number().int().nonnegative(),
  /** Accounted for at the report time (the snapshot's definition); agents − accounted = missing.length. */
  accounted: z.number().int().nonnegative(),
  threat: EvacuationThreatSchema,
  /** Time of the last arrival; null while someone is missing. */
  totalTimeS: z.number().nullable(),
  timeTo95PctS: z.number().nullable(),
  musterCountsOverTime: z.array(z.object({ tS: z.number(), counts: z.record(z.string(), z.number().int().nonnegative()) })),
  targets: z.array(EvacuationTargetStatusSchema),
  gateFlows: z.array(z.object({ id: z.string(), crossings: z.number().int().nonnegative(), peakPersonsPerMin: z.number().nonnegative() })),
  /** Where and when people stood densest; `place` says where in words (absent in reports made before it). */
  maxDensity: z.object({ peoplePerM2: z.number().nonnegative(), x: z.number(), y: z.number(), tS: z.number(), place: PositionDescriptionSchema.optional() }),
  exposure: z.array(EvacuationExposureRowSchema),
  exposureSummary: z.array(
    z.object({ substance: z.string(), exponent: z.number(), agentsExposed: z.number().int(), agentsAboveSlot: z.number().int().nullable(), agentsAboveSlod: z.number().int().nullable() }),
  ),
  missing: z.array(
    z.object({
      agentId: z.string(),
      lastSeenX: z.number(),
      lastSeenY: z.number(),
      lastSeenS: z.number(),
      /** The last position as area and nearest landmark, for the report page (issue 12.2; absent in reports made before it). */
      lastSeenPlace: PositionDescriptionSchema.optional(),
      state: z.enum(EVACUATION_AGENT_STATES),
      /** Registered at (live) or arrived at (drill) this muster point, which lies in the threat zone. */
      atThreatenedTargetId: z.string().optional(),
    }),
  ),
  /** The run's warnings as written (English, for logs and JSON readers). */
  warnings: z.array(z.string()),
  /** The same facts by code, for the report page in the UI language. */
  notes: z.array(EvacuationNoteSchema),
});
export type EvacuationReport = z.infer<typeof EvacuationReportSchema>;
