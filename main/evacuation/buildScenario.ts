import type { Polygon } from '../contracts/index.js';
import { Rng } from '../simulator/index.js';
import { placeInArea, separateStartingAgents } from './agentPlacement.js';
import { sampleDistribution } from './distributions.js';
import { EvacuationInputError } from './errors.js';
import { lookupToxicLoad, type HazardSpec } from './hazards.js';
import { EVACUATION_MODEL_DEFAULTS as D } from './modelDefaults.js';
import type { Segment } from './planeGeometry.js';
import type { AgentInput, Distribution, HazardInput, ScenarioInput } from './scenarioSchema.js';
import type { AgentProfile, AgentSpec, FlowLineSpec, TargetSpec } from './types.js';
import { WalkableDomain, type WalkablePolygon } from './WalkableDomain.js';

export type BuiltScenario = {
  domain: WalkableDomain;
  targets: TargetSpec[];
  agents: AgentSpec[];
  /** The ids exactly as given (string or number), parallel to agents. */
  agentIdValues: (string | number)[];
  hazards: HazardSpec[];
  flowLines: FlowLineSpec[];
  warnings: string[];
};

type WalkableInput = NonNullable<ScenarioInput['geometry']['outer']>;

export function toWalkablePolygon(p: WalkableInput): WalkablePolygon {
  if (!Array.isArray(p)) return { exterior: p.exterior, holes: p.holes };
  if (typeof p[0]![0] === 'number') return { exterior: p as Polygon, holes: [] };
  const rings = p as Polygon[];
  return { exterior: rings[0]!, holes: rings.slice(1) };
}

export function polylineSegments(points: [number, number][]): Segment[] {
  const segments: Segment[] = [];
  for (let k = 1; k < points.length; k++) segments.push([points[k - 1]![0], points[k - 1]![1], points[k]![0], points[k]![1]]);
  return segments;
}

/** Default free speed by profile: Weidmann (1993) for able agents, slower profile per modelDefaults. */
export function defaultSpeedDistribution(profile: AgentProfile): Distribution {
  const s = profile === 'slower' ? D.profiles.slower : D.freeSpeed;
  return { dist: 'normal', mean: s.meanMps, sd: s.sdMps, min: s.minMps, max: s.maxMps };
}

/** Turns a validated scenario into engine inputs; bad geometry or references throw EvacuationInputError. */
export function buildScenario(s: ScenarioInput): BuiltScenario {
  const warnings: string[] = [];
  const walkable = [...(s.geometry.walkable ?? []), ...(s.geometry.outer ? [s.geometry.outer] : [])].map(toWalkablePolygon);
  const exitIds = new Set<string>();
  s.exits.forEach((e, i) => {
    if (exitIds.has(e.id)) throw new EvacuationInputError(`exits[${i}].id`, `duplicate exit id "${e.id}"`);
    exitIds.add(e.id);
  });
  const domain = new WalkableDomain({
    walkable,
    obstacles: s.geometry.obstacles,
    thinWalls: s.geometry.walls.flatMap(polylineSegments),
    openings: s.exits.map((e, i) => ({ id: e.id, line: [...e.line[0], ...e.line[1]] as Segment, path: `exits[${i}]` })),
    cellSizeM: s.run.cellSizeM,
  });
  const targets: TargetSpec[] = [
    ...s.exits.map((e, i): TargetSpec => ({ id: e.id, kind: 'exit', openingIndex: i, closed: e.schedule })),
    ...s.musterPoints.map((m): TargetSpec => ({ id: m.id, kind: 'muster', x: m.x, y: m.y, radiusM: m.radiusM })),
  ];
  s.musterPoints.forEach((m, i) => {
    if (exitIds.has(m.id)) throw new EvacuationInputError(`musterPoints[${i}].id`, `id "${m.id}" is already an exit id`);
    if (!domain.containsPoint([m.x, m.y]) && domain.nearestWalkablePoint(m.x, m.y, m.radiusM) === null) {
      throw new EvacuationInputError(`musterPoints[${i}]`, `muster point "${m.id}" does not touch the walkable area`);
    }
  });
  domain.openings.forEach((o, i) => {
    if (o.widthM < 2 * D.bodyRadiusM) warnings.push(`exit "${o.id}" is ${o.widthM.toFixed(2)} m wide, narrower than one body (${2 * D.bodyRadiusM} m): nobody can pass it`);
    void i;
  });
  const agentsIn = s.agents.length + s.agentGroups.reduce((n, g) => n + g.count, 0);
  if (agentsIn > 0 && targets.length === 0) throw new EvacuationInputError('exits', 'at least one exit (or muster point) is needed');

  const targetIndex = new Map(targets.map((t, k) => [t.id, k]));
  const agents: AgentSpec[] = [];
  const ids: (string | number)[] = [];
  const seen = new Set<string>();
  const addAgent = (a: Omit<AgentInput, 'id'>, id: string | number, path: string, index: number) => {
    const key = String(id);
    if (seen.has(key)) throw new EvacuationInputError(`${path}.id`, `duplicate agent id "${key}"`);
    seen.add(key);
    const rng = new Rng(s.run.seed, `agent.${index}`);
    const preferredTargets = (a.targetExits ?? []).map((t, k) => {
      const found = targetIndex.get(t);
      if (found === undefined) throw new EvacuationInputError(`${path}.targetExits[${k}]`, `unknown exit "${t}"`);
      return found;
    });
    if (a.policy !== 'model_default' && preferredTargets.length === 0) {
      throw new EvacuationInputError(`${path}.targetExits`, `policy "${a.policy}" needs at least one target exit`);
    }
    const speed = sampleDistribution(a.desiredSpeedMps ?? defaultSpeedDistribution(a.profile), rng);
    if (!(speed > 0)) throw new EvacuationInputError(`${path}.desiredSpeedMps`, 'the desired speed must be > 0 m/s');
    agents.push({
      id: key,
      x: a.x,
      y: a.y,
      radiusM: a.radiusM ?? D.bodyRadiusM,
      freeSpeedMps: speed,
      premovementS: sampleDistribution(a.premovementS ?? D.premovement.cliDefaultS, rng),
      profile: a.profile,
      policy: a.policy,
      preferredTargets,
    });
    ids.push(id);
  };
  s.agents.forEach((a, i) => {
    const path = `agents[${i}]`;
    let { x, y } = a;
    if (!domain.containsPoint([x, y])) {
      const snapped = s.run.snapAgents ? domain.nearestWalkablePoint(x, y) : null;
      if (!snapped) {
        throw new EvacuationInputError(path, `agent "${a.id}" at (${x}, ${y}) lies inside an obstacle or outside the walkable area${s.run.snapAgents ? ' and no walkable cell is within 50 m' : ' (set run.snapAgents to move such agents to the nearest walkable cell)'}`);
      }
      warnings.push(`agent "${a.id}" at (${x}, ${y}) was outside the walkable area; moved to (${snapped[0].toFixed(2)}, ${snapped[1].toFixed(2)})`);
      [x, y] = snapped;
    }
    addAgent({ ...a, x, y }, a.id, path, i);
  });
  s.agentGroups.forEach((g, gi) => {
    const rng = new Rng(s.run.seed, `agentGroup.${gi}`);
    const radius = g.radiusM ?? D.bodyRadiusM;
    const spots = placeInArea(g.area, g.count, radius, domain, rng, agents.map((a) => ({ x: a.x, y: a.y, radiusM: a.radiusM })));
    if (spots.length < g.count) throw new EvacuationInputError(`agentGroups[${gi}]`, `only ${spots.length} of ${g.count} agents fit in the area without overlapping`);
    spots.forEach((p, k) => addAgent({ ...g, x: p.x, y: p.y }, `${g.idPrefix}${k}`, `agentGroups[${gi}]`, agents.length));
  });
  if (agents.length === 0) warnings.push('the population is empty: nothing to simulate');

  const bodies = agents.map((a) => ({ x: a.x, y: a.y, radiusM: a.radiusM }));
  const separation = separateStartingAgents(bodies, domain);
  bodies.forEach((b, i) => {
    agents[i]!.x = b.x;
    agents[i]!.y = b.y;
  });
  if (separation.overlappingPairs > 0) {
    warnings.push(`${separation.overlappingPairs} pairs of agents overlapped at the start; they were moved apart (largest move ${separation.maxMoveM.toFixed(2)} m)`);
  }
  if (separation.touchingWalls > 0) warnings.push(`${separation.touchingWalls} agents overlapped a wall at the start and were moved clear`);

  return {
    domain,
    targets,
    agents,
    agentIdValues: ids,
    hazards: s.hazards.map((h, i) => toHazardSpec(h, `hazards[${i}]`, warnings)),
    flowLines: s.flowLines.map((l) => ({ id: l.id, line: [...l.line[0], ...l.line[1]] as Segment })),
    warnings,
  };
}

export function toHazardSpec(h: HazardInput, path: string, warnings: string[]): HazardSpec {
  const substance = h.substance ?? (h.kind === 'smoke' ? 'smoke' : 'unspecified');
  const table = lookupToxicLoad(substance);
  let exponent = h.toxicLoadExponent ?? table?.n;
  if (exponent === undefined) {
    exponent = 1;
    if (h.kind === 'toxic_gas') warnings.push(`${path}: substance "${substance}" has no toxic-load exponent in the table; using n = 1 (Haber's rule). Give toxicLoadExponent, slotToxicLoad and slodToxicLoad`);
  }
  const g = h.grid;
  return {
    id: h.id,
    kind: h.kind,
    mode: h.mode,
    tOnS: h.tOnS,
    tOffS: h.tOffS,
    polygon: h.polygon,
    grid: g && {
      x0: g.x0M,
      y0: g.y0M,
      cellSizeM: g.cellSizeM,
      nx: g.nx,
      ny: g.ny,
      concentrationPpm: g.concentrationPpm && Float32Array.from(g.concentrationPpm),
      extinctionPerM: g.extinctionPerM && Float32Array.from(g.extinctionPerM),
    },
    concentrationPpm: h.concentrationPpm,
    extinctionPerM: h.extinctionPerM,
    thresholdPpm: h.thresholdPpm,
    thresholdExtinctionPerM: h.thresholdExtinctionPerM,
    ...(h.thresholdLevel !== undefined ? { thresholdLevel: h.thresholdLevel } : {}),
    substance,
    toxicLoadExponent: exponent,
    slotToxicLoad: h.slotToxicLoad,
    slodToxicLoad: h.slodToxicLoad,
    costFactor: h.costFactor ?? D.hazardCost.traversableFactor,
  };
}
