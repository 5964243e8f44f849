import { z } from 'zod';
import type { AlarmCondition, AlarmPriority } from './alarms.js';
import type { EvacuationReport, EvacuationSnapshot } from './evacuation.js';
import { LeakStartRequestSchema } from './dispersion.js';
import { LocalizedTextSchema, type LocalizedText } from './scene.js';

/**
 * Evacuation runs in the control room (issue 6, "Live and drill modes"): drill scenarios as the
 * plant writes them (scenes/<plant>/drills/*.json), the commands a commander or trainer sends, and
 * what the core pushes back. A drill is labelled DRILL end to end: its alarms come from its own alarm
 * engine, reach only the screens showing the drill's player (contracts/player.ts) and DrillStatus, and
 * never the plant's alarm engine, alarm list or record.
 */

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'time of day as HH:MM');

/** The team's response measured against the scenario's targets (seconds from the first drill alarm). */
export const DrillTargetsSchema = z.object({
  acknowledgeS: z.number().positive(),
  orderEvacuationS: z.number().positive(),
  accountForEveryoneS: z.number().positive(),
});

export const DrillScenarioSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and dashes'),
  name: LocalizedTextSchema,
  description: LocalizedTextSchema.optional(),
  /** The release the drill plays (the drill's own dispersion model; the plant's detectors never see it). */
  leak: LeakStartRequestSchema,
  wind: z.object({ speedMps: z.number().min(0).max(40), fromDeg: z.number().min(0).lt(360), stabilityClass: z.enum(['A', 'B', 'C', 'D', 'E', 'F']).optional() }),
  /** Local time the drill pretends it is: picks the shift (day 07:00–19:00) and the sun for the stability class. */
  timeOfDay: clockTime,
  /** People on site by shift, placed (seeded) over the scene's work areas. */
  population: z.object({ day: z.number().int().min(0).max(5000), night: z.number().int().min(0).max(5000) }),
  /** How many of them are slower or injured (need help); the rest are able. */
  profiles: z.object({ slower: z.number().int().min(0).default(0), injured: z.number().int().min(0).default(0) }).default({ slower: 0, injured: 0 }),
  /** When the first drill alarm sounds, drill seconds after the release starts. */
  alarmAtS: z.number().min(0).max(3600).default(0),
  targets: DrillTargetsSchema,
  /** The drill ends by itself this long after the evacuation order (bounded like every run). */
  tMaxS: z.number().positive().max(7200).default(1800),
  /**
   * Muster points lost during the drill (a fire, a blocked road), in drill seconds after the
   * evacuation order: closed from fromS to toS, or to the end of the drill when toS is omitted or null.
   */
  closures: z
    .array(
      z
        .object({ musterPointId: z.string().min(1), fromS: z.number().min(0), toS: z.number().positive().nullable().optional() })
        .refine((c) => c.toS === undefined || c.toS === null || c.toS > c.fromS, { message: 'toS must be after fromS (or omitted: closed to the end of the drill)', path: ['toS'] }),
    )
    .max(50)
    .default([]),
  seed: z.number().int().default(1),
});
export type DrillScenario = z.infer<typeof DrillScenarioSchema>;
export type DrillScenarioInput = z.input<typeof DrillScenarioSchema>;

export type DrillScenarioSummary = Pick<DrillScenario, 'id' | 'name' | 'description' | 'timeOfDay' | 'targets'> & { equipmentId: string; people: number };

export const DRILL_SPEEDS = [1, 2, 5, 10, 20] as const;

export const DrillStartRequestSchema = z.object({ scenarioId: z.string().min(1).max(64) });
export const DrillCommandSchema = z.discriminatedUnion('action', [
  z.object({ runId: z.string().min(1).max(64), action: z.literal('acknowledge') }),
  z.object({ runId: z.string().min(1).max(64), action: z.literal('orderEvacuation') }),
  z.object({ runId: z.string().min(1).max(64), action: z.literal('confirmHeadcount') }),
  // Each control sends only what it changes: a speed chosen while a play/pause is still on its way must not undo it.
  z
    .object({ runId: z.string().min(1).max(64), action: z.literal('playback'), playing: z.boolean().optional(), speed: z.union(DRILL_SPEEDS.map((s) => z.literal(s))).optional() })
    .refine((command) => command.playing !== undefined || command.speed !== undefined, { message: 'playback needs playing or speed' }),
  z.object({ runId: z.string().min(1).max(64), action: z.literal('end') }),
]);
export type DrillCommand = z.infer<typeof DrillCommandSchema>;
export const LiveEvacuationStopSchema = z.object({ runId: z.string().min(1).max(64) });

/**
 * A drill alarm as the drill's record keeps it (score, report): raised by the drill's own ISA-18.2
 * alarm engine (the field report of the release at its area, the detectors the drill's model reaches),
 * never by the plant's. Screens on the drill player see the alarms themselves, with their lifecycle.
 */
export type DrillAlarm = {
  alarmId: string;
  /** The area of the release (releaseReported, areaVoting) or the gas detector. */
  sourceId: string;
  /** What to call the source in a report or a console: the area's name, or the detector's tag. */
  sourceName: LocalizedText;
  condition: AlarmCondition;
  priority: AlarmPriority;
  /** Drill seconds at its first activation. */
  raisedAtS: number;
  /** Drill seconds at its first acknowledgement, by whoever. */
  acknowledgedAtS: number | null;
};

export const DRILL_MEASURES = ['acknowledge', 'orderEvacuation', 'accountForEveryone'] as const;
export type DrillScoreItem = {
  measure: (typeof DRILL_MEASURES)[number];
  targetS: number;
  /** Seconds from the first drill alarm; null while not done. */
  actualS: number | null;
  /** null while pending; false when late, or when the headcount was confirmed with people missing. */
  met: boolean | null;
};
export type DrillScore = { items: DrillScoreItem[]; met: number; of: number; missingAtConfirm: number | null };

export const DRILL_PHASES = ['alarm', 'evacuating', 'ended'] as const;
export type DrillPhase = (typeof DRILL_PHASES)[number];

export type DrillStatus = {
  mode: 'drill';
  runId: string;
  scenarioId: string;
  name: DrillScenario['name'];
  timeOfDay: string;
  phase: DrillPhase;
  playing: boolean;
  speed: (typeof DRILL_SPEEDS)[number];
  /** Drill seconds since the release started. */
  tS: number;
  firstAlarmAtS: number | null;
  evacuationOrderedAtS: number | null;
  headcountConfirmedAtS: number | null;
  alarms: DrillAlarm[];
  score: DrillScore;
  startedBy: string;
  warnings: string[];
};

export type LiveEvacuationStatus = {
  mode: 'live';
  runId: string;
  orderedBy: string;
  orderedAtMs: number;
  /** Seconds since the order. */
  tS: number;
  /** Badges registered at a muster point (RTLS fix inside its radius), gassed or not. */
  observedArrived: number;
  /** The head count: accounted for / people in the run (EvacuationSnapshot.accounted; null before the first frame). */
  accounted: number | null;
  total: number | null;
  ended: boolean;
  warnings: string[];
};

export type EvacuationRunsStatus = { live: LiveEvacuationStatus | null; drill: DrillStatus | null; reports: EvacuationReportLink[] };

/** A finished or running run whose after-action report can be fetched (GET API_PATHS.evacuationRuns/<runId>/report.{json,html}). */
export type EvacuationReportLink = { runId: string; mode: 'live' | 'drill'; label: string | null; endedAtMs: number | null; /** The drill's name in the UI languages. */ name?: DrillScenario['name'] };

/** Predicted routes: the points of agent i are pointsM[2·agentOffsets[i] … 2·agentOffsets[i+1]). */
export type EvacuationRoutes = { agentOffsets: Uint32Array; pointsM: Float32Array };

/** One pushed frame of a run: the engine snapshot, with routes every few seconds. */
export type EvacuationFrame = { snapshot: EvacuationSnapshot; routes: EvacuationRoutes | null };

/** The after-action report of a drill carries the trainer's score. */
export type EvacuationRunReport = EvacuationReport & { drill?: { scenarioId: string; name: DrillScenario['name']; score: DrillScore; alarms: DrillAlarm[] } };

/** A typed array field as it arrives in the browser (socket.io delivers ArrayBuffers). */
type Wire<T> = T | ArrayBuffer;
export type EvacuationFrameWire = {
  snapshot: Omit<EvacuationSnapshot, 'positionsM' | 'states' | 'targetIndex' | 'predictedArrivalS' | 'accounted' | 'registeredAt' | 'density'> & {
    positionsM: Wire<Float32Array>;
    states: Wire<Uint8Array>;
    targetIndex: Wire<Int16Array>;
    predictedArrivalS: Wire<Float32Array>;
    accounted: Wire<Uint8Array>;
    registeredAt: Wire<Int16Array>;
    density: Omit<EvacuationSnapshot['density'], 'peoplePerM2'> & { peoplePerM2: Wire<Float32Array> };
  };
  routes: { agentOffsets: Wire<Uint32Array>; pointsM: Wire<Float32Array> } | null;
};
