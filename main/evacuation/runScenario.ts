import { buildScenario } from './buildScenario.js';
import { EvacuationEngine } from './EvacuationEngine.js';
import { EvacuationInputError } from './errors.js';
import { EVACUATION_MODEL_DEFAULTS as D } from './modelDefaults.js';
import { ScenarioSchema, formatZodError } from './scenarioSchema.js';
import { unknownFieldWarnings } from './scenarioKeys.js';
import { AGENT_STATE, AGENT_STATE_NAMES } from './types.js';

const round = (v: number, digits = 3) => Math.round(v * 10 ** digits) / 10 ** digits;
/** JSON has no Infinity: open-ended values are written as null. */
const finiteOrNull = (v: number, digits = 3) => (Number.isFinite(v) ? round(v, digits) : null);

export type ScenarioResult = Record<string, unknown> & { warnings: string[] };

/** Validates a raw scenario and builds its engine (also used by tests that watch every step). */
export function prepareScenario(raw: unknown) {
  const parsed = ScenarioSchema.safeParse(raw);
  if (!parsed.success) throw new EvacuationInputError('', formatZodError(parsed.error));
  const scenario = parsed.data;
  const built = buildScenario(scenario);
  const warnings = [...unknownFieldWarnings(raw), ...built.warnings];
  const dtS = scenario.run.dtS ?? D.dtS;
  const tMaxS = scenario.run.tMaxS ?? D.tMaxS;
  const engine = new EvacuationEngine(built.domain, built.targets, built.agents, built.hazards, built.flowLines, { dtS, seed: scenario.run.seed });
  warnings.push(...engine.warnings);
  return { scenario, built, engine, warnings, dtS, tMaxS };
}

/**
 * Runs one `safetwin evac` scenario to completion: everyone arrived, nothing left that can change,
 * or tMaxS of simulated time (always bounded). Throws EvacuationInputError on bad input.
 * `nowMs` is injected so the engine itself never reads a clock (wall time goes to the metadata only).
 */
export function runScenario(raw: unknown, nowMs: () => number = () => performance.now()): ScenarioResult {
  const startedMs = nowMs();
  const { scenario: s, built, engine, warnings, dtS, tMaxS } = prepareScenario(raw);
  const ids = built.agentIdValues;

  const trajectories: { t: number; agentId: string | number; x: number; y: number }[] = [];
  const outputEverySteps = s.run.outputHz > 0 ? Math.max(1, Math.round(1 / (s.run.outputHz * dtS))) : 0;
  const record = () => {
    for (let i = 0; i < engine.count; i++) {
      if (engine.state[i] !== AGENT_STATE.arrived) trajectories.push({ t: round(engine.tS), agentId: ids[i]!, x: round(engine.x[i]!), y: round(engine.y[i]!) });
    }
  };
  if (outputEverySteps) record();
  // Times at which something outside the agents changes (hazards on/off, exits open/close).
  const futureEvents = [
    ...built.hazards.flatMap((h) => [h.tOnS, h.tOffS]),
    ...built.targets.flatMap((t) => (t.kind === 'exit' ? t.closed.flatMap((c) => [c.fromS, c.toS]) : [])),
  ].filter(Number.isFinite);
  let steps = 0;
  let stoppedBecause = 'everyone arrived';
  while (engine.remaining() > 0) {
    if (engine.tS >= tMaxS - 1e-9) {
      stoppedBecause = 'tMaxS reached';
      break;
    }
    if (nothingCanChange(engine, futureEvents)) {
      stoppedBecause = 'the remaining agents cannot move (no route, or waiting for help that cannot come)';
      break;
    }
    engine.step();
    steps++;
    if (outputEverySteps && steps % outputEverySteps === 0) record();
  }
  if (engine.remaining() > 0) warnings.push(`${engine.remaining()} of ${engine.count} agents never arrived (${stoppedBecause} at t = ${round(engine.tS, 2)} s)`);

  const arrivals = [...engine.arrivalS].filter((t) => t >= 0).sort((a, b) => a - b);
  const n95 = Math.ceil(0.95 * engine.count);
  const targetIds = built.targets.map((t) => t.id);
  const exits = built.targets.map((t, k) => {
    const times = engine.exitEvents.filter((e) => e.targetIndex === k).map((e) => e.tS);
    const widthM = t.kind === 'exit' ? built.domain.openings[t.openingIndex]!.widthM : undefined;
    const flow = times.length >= 2 ? (times.length - 1) / Math.max(1e-9, times[times.length - 1]! - times[0]!) : null;
    return {
      id: t.id,
      kind: t.kind,
      ...(widthM !== undefined ? { widthM: round(widthM) } : {}),
      count: times.length,
      firstS: times.length ? round(times[0]!) : null,
      lastS: times.length ? round(times[times.length - 1]!) : null,
      flowPersonsPerS: flow === null ? null : round(flow),
      specificFlowPersonsPerMPerS: flow === null || widthM === undefined ? null : round(flow / widthM),
    };
  });
  const result: ScenarioResult = {
    ...(s.id !== undefined ? { id: s.id } : {}),
    warnings,
    summary: {
      agents: engine.count,
      arrived: arrivals.length,
      notArrived: engine.count - arrivals.length,
      totalTimeS: arrivals.length ? round(arrivals[arrivals.length - 1]!) : null,
      timeTo95PctS: engine.count > 0 && arrivals.length >= n95 ? round(arrivals[n95 - 1]!) : null,
      endTimeS: round(engine.tS),
      stoppedBecause,
    },
    exitEvents: engine.exitEvents.map((e) => ({ agentId: ids[e.agentIndex]!, exitId: targetIds[e.targetIndex]!, t: round(e.tS) })),
    notArrived: notArrivedList(engine, ids),
    exits,
    ...(built.flowLines.length ? { flowLines: flowLineSummary(engine, built.flowLines.map((l) => l.id)) } : {}),
    agents: built.agents.map((a, i) => ({
      id: ids[i]!,
      profile: a.profile,
      radiusM: round(a.radiusM),
      desiredSpeedMps: round(a.freeSpeedMps),
      premovementS: round(a.premovementS),
      arrivalS: engine.arrivalS[i]! >= 0 ? round(engine.arrivalS[i]!) : null,
      exitId: engine.arrivalTarget[i]! >= 0 ? targetIds[engine.arrivalTarget[i]!]! : null,
      distanceWalkedM: round(engine.distanceWalkedM[i]!, 2),
    })),
    ...(built.hazards.length ? exposureOutput(engine, ids) : {}),
    trajectories,
    metadata: {
      model: D.model,
      parameters: {
        weidmann: D.weidmann,
        freeSpeed: D.freeSpeed,
        repulsion: D.repulsion,
        smokeSpeed: D.smokeSpeed,
        doseModel: D.doseModel,
        doorFlow: D.doorFlow,
        exitChoice: D.exitChoice,
      },
      dtS,
      radiusM: D.bodyRadiusM,
      radiiUsedM: radiusRange(built.agents.map((a) => a.radiusM)),
      cellSizeM: built.domain.frame.cellSizeM,
      navigation: D.navigation.method,
      seed: s.run.seed,
      tMaxS,
      outputHz: s.run.outputHz,
      steps,
      fieldRebuilds: engine.fieldBuilds,
      wallTimeS: round((nowMs() - startedMs) / 1000),
    },
  };
  return result;
}

function nothingCanChange(engine: EvacuationEngine, futureEvents: number[]): boolean {
  if (futureEvents.some((t) => t > engine.tS)) return false;
  for (let i = 0; i < engine.count; i++) {
    const st = engine.state[i];
    if (st === AGENT_STATE.moving || st === AGENT_STATE.waiting) return false;
    if (st === AGENT_STATE.awaitingHelp && engine.isHelpComing(i)) return false;
  }
  return true;
}

function notArrivedList(engine: EvacuationEngine, ids: (string | number)[]) {
  const list = [];
  for (let i = 0; i < engine.count; i++) {
    const st = engine.state[i]!;
    if (st === AGENT_STATE.arrived) continue;
    const reason =
      st === AGENT_STATE.noRoute
        ? 'no open exit can be reached'
        : st === AGENT_STATE.awaitingHelp
          ? engine.isHelpComing(i)
            ? 'injured, helper on the way when the run ended'
            : 'injured, no helper within reach'
          : 'still on the way when the run ended';
    list.push({ agentId: ids[i]!, x: round(engine.x[i]!), y: round(engine.y[i]!), state: AGENT_STATE_NAMES[st], reason });
  }
  return list;
}

function flowLineSummary(engine: EvacuationEngine, lineIds: string[]) {
  return lineIds.map((id, l) => {
    const events = engine.crossings.filter((c) => c.lineIndex === l);
    const times = events.map((e) => e.tS);
    return {
      id,
      crossings: events.length,
      positive: events.filter((e) => e.direction === 1).length,
      negative: events.filter((e) => e.direction === -1).length,
      flowPersonsPerS: times.length >= 2 ? round((times.length - 1) / Math.max(1e-9, times[times.length - 1]! - times[0]!)) : null,
    };
  });
}

function exposureOutput(engine: EvacuationEngine, ids: (string | number)[]) {
  const ex = engine.exposure;
  const g = ex.groups.length;
  const exposure = [];
  for (let i = 0; i < engine.count; i++) {
    const doses = ex.groups.map((group, k) => ({
      substance: group.substance,
      toxicLoad: round(ex.toxicLoad[i * g + k]!, 3),
      slotFraction: group.slotToxicLoad ? round(ex.toxicLoad[i * g + k]! / group.slotToxicLoad, 6) : null,
      peakPpm: round(ex.peakPpm[i * g + k]!, 2),
    }));
    exposure.push({ agentId: ids[i]!, timeInHazardS: round(ex.exposedS[i]!, 2), doses });
  }
  const exposureSummary = ex.groups.map((group, k) => {
    let exposed = 0;
    let aboveSlot = 0;
    let aboveSlod = 0;
    for (let i = 0; i < engine.count; i++) {
      const load = ex.toxicLoad[i * g + k]!;
      if (load > 0) exposed++;
      if (group.slotToxicLoad && load >= group.slotToxicLoad) aboveSlot++;
      if (group.slodToxicLoad && load >= group.slodToxicLoad) aboveSlod++;
    }
    return {
      substance: group.substance,
      toxicLoadUnit: `ppm^${group.exponent}·min`,
      exponent: group.exponent,
      slotToxicLoad: finiteOrNull(group.slotToxicLoad ?? NaN),
      slodToxicLoad: finiteOrNull(group.slodToxicLoad ?? NaN),
      agentsExposed: exposed,
      agentsAboveSlot: group.slotToxicLoad ? aboveSlot : null,
      agentsAboveSlod: group.slodToxicLoad ? aboveSlod : null,
    };
  });
  return { exposure, exposureSummary };
}

function radiusRange(radii: number[]) {
  if (radii.length === 0) return null;
  return { min: round(Math.min(...radii)), max: round(Math.max(...radii)) };
}
