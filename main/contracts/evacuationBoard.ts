import { z } from 'zod';
import { EVACUATION_AGENT_STATES, EvacuationRunModeSchema, EvacuationSnapshotSchema, EvacuationTargetStatusSchema, EvacuationThreatSchema, type EvacuationAgentState, type EvacuationSnapshot } from './evacuation.js';
import { DRILL_PHASES } from './evacuationRuns.js';
import { LocalizedTextSchema } from './scene.js';

/**
 * The evacuation board as a screen shows it (issue 12.6: a replay shows the evacuations that were on
 * screen): the head count, the muster points and gates with their arrivals and threat flags, the
 * advice, and the first people not yet accounted for, in the order the board lists them. One shape for
 * the live board (built from each run frame) and for the recording (channel /evacuation/board), so a
 * replay draws what the screen drew; the per-person frames stay out of it (docs/recording.md).
 */

/** A wall screen reads a list this long; the report has everyone. */
export const BOARD_MISSING_SHOWN = 25;
/** Bounds of a recorded board: no scene has this many muster points and gates (the demo has 7). */
export const BOARD_MAX_TARGETS = 64;

export const BoardMissingPersonSchema = z.object({
  agentId: z.string().max(128),
  state: z.enum(EVACUATION_AGENT_STATES),
  /** Predicted arrival (run seconds), −1 when none. */
  etaS: z.number(),
  /** Registered at (live) or arrived at (drill) this muster point, which lies in the threat zone. */
  atThreatenedTargetId: z.string().max(128).optional(),
});
export type BoardMissingPerson = z.infer<typeof BoardMissingPersonSchema>;

const boundedIds = z.array(z.string().max(128)).max(BOARD_MAX_TARGETS);

export const EvacuationBoardSchema = z
  .object({
    runId: z.string().max(128),
    mode: EvacuationRunModeSchema,
    /** A drill's scenario name (drills are labelled DRILL end to end); absent for a live evacuation. */
    name: LocalizedTextSchema.optional(),
    /** A live evacuation is 'evacuating' until stood down ('ended'); a drill starts in 'alarm'. */
    phase: z.enum(DRILL_PHASES),
    /** Who ordered the evacuation or started the drill. */
    by: z.string().max(200).optional(),
    /** Core wall clock when the board was taken, epoch ms. */
    atMs: z.number(),
    /** Run seconds (since the alarm in a drill, on the drill's own clock; since the order in a live run). */
    tS: z.number().nonnegative(),
    counts: EvacuationSnapshotSchema.shape.counts,
    targets: z.array(EvacuationTargetStatusSchema).max(BOARD_MAX_TARGETS),
    threat: EvacuationThreatSchema.extend({ musterIds: boundedIds, gateIds: boundedIds, safeMusterIds: boundedIds }),
    gateCrossings: z.array(z.object({ id: z.string().max(128), count: z.number().int().nonnegative() })).max(BOARD_MAX_TARGETS),
    /** Everyone not yet accounted for (total − accounted). */
    missingCount: z.number().int().nonnegative(),
    /** The first of them as the board lists them: cut off, injured and those in the gas first. */
    missing: z.array(BoardMissingPersonSchema).max(BOARD_MISSING_SHOWN),
  })
  .describe("A run's evacuation board as on screen: head count, muster points and gates, threat and advice, the first people not yet accounted for");
export type EvacuationBoard = z.infer<typeof EvacuationBoardSchema>;
/** What the muster board draws (a live run's board before it is labelled, or a recorded one). */
export type EvacuationBoardView = Pick<EvacuationBoard, 'tS' | 'counts' | 'targets' | 'threat' | 'gateCrossings' | 'missingCount' | 'missing'>;

/** The order the board lists the people not yet accounted for: whom the commander must act for first. */
export function missingUrgency(person: Pick<BoardMissingPerson, 'state' | 'atThreatenedTargetId'>): number {
  if (person.atThreatenedTargetId !== undefined) return 0;
  return person.state === 'noRoute' ? 1 : person.state === 'awaitingHelp' ? 2 : 3;
}

/**
 * The board of a run frame: the counts as the core defines them (snapshot.accounted, the one
 * definition of the header, board and report) and the first `shown` people not accounted for, most
 * urgent first, then the latest expected.
 */
export function evacuationBoardView(snapshot: EvacuationSnapshot, shown = BOARD_MISSING_SHOWN): EvacuationBoardView {
  const missing: BoardMissingPerson[] = [];
  for (let i = 0; i < snapshot.agentIds.length; i++) {
    if (snapshot.accounted[i]) continue;
    const state: EvacuationAgentState = EVACUATION_AGENT_STATES[snapshot.states[i]!] ?? 'moving';
    const at = snapshot.registeredAt[i]!;
    const target = at >= 0 ? snapshot.targets[at] : undefined;
    missing.push({ agentId: snapshot.agentIds[i]!, state, etaS: snapshot.predictedArrivalS[i]!, ...(target?.threatened ? { atThreatenedTargetId: target.id } : {}) });
  }
  missing.sort((a, b) => missingUrgency(a) - missingUrgency(b) || b.etaS - a.etaS);
  const ids = (list: string[]) => list.slice(0, BOARD_MAX_TARGETS);
  return {
    tS: snapshot.tS,
    counts: snapshot.counts,
    targets: snapshot.targets.slice(0, BOARD_MAX_TARGETS),
    threat: { ...snapshot.threat, musterIds: ids(snapshot.threat.musterIds), gateIds: ids(snapshot.threat.gateIds), safeMusterIds: ids(snapshot.threat.safeMusterIds) },
    gateCrossings: snapshot.gateCrossings.slice(0, BOARD_MAX_TARGETS),
    missingCount: missing.length,
    missing: missing.slice(0, shown),
  };
}
