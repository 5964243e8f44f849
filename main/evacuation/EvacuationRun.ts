import {
  describePosition,
  EVACUATION_AGENT_STATES,
  landmarksOf,
  type EvacuationReport,
  type EvacuationRoutes,
  type EvacuationRunMode,
  type EvacuationSnapshot,
  type EvacuationNote,
  type EvacuationTargetStatus,
  type EvacuationThreat,
  type Landmark,
  type LocalizedText,
  type PositionDescription,
  type Scene,
} from '../contracts/index.js';
import { Rng } from '../simulator/index.js';
import { defaultSpeedDistribution, toHazardSpec } from './buildScenario.js';
import { sampleDistribution } from './distributions.js';
import { EvacuationEngine } from './EvacuationEngine.js';
import { separateStartingAgents } from './agentPlacement.js';
import { EVACUATION_MODEL_DEFAULTS as D } from './modelDefaults.js';
import { HazardInputSchema, formatZodError, type Distribution, type HazardInputRaw } from './scenarioSchema.js';
import { EvacuationInputError } from './errors.js';
import { sceneDomain, type MusterClosure } from './sceneDomain.js';
import type { HazardSpec } from './hazards.js';
import { ThreatZone } from './threatZone.js';
import { AGENT_STATE, type AgentProfile, type AgentSpec } from './types.js';

export type EvacuationRunOptions = {
  scene: Scene;
  mode: EvacuationRunMode;
  runId: string;
  /** Drill scenario name (shown as DRILL · label). */
  label?: string;
  /** The same name in the UI languages, for the report page. */
  labelNames?: LocalizedText;
  seed?: number;
  dtS?: number;
  /** Let agents leave through the gates (scene.exits) as well as go to muster points. */
  gatesAsExits?: boolean;
  cellSizeM?: number;
  /** Pre-movement distribution (default: modelDefaults premovement.live, lognormal). */
  premovementS?: Distribution;
  /** Profiles by badge id (default able). */
  profiles?: Record<string, AgentProfile>;
  hazards?: HazardInputRaw[];
  /** Muster points lost during the run (drill scenarios' closures), in run seconds. */
  closures?: readonly MusterClosure[];
  /** Density raster cell for the heat map and the maximum density (m). */
  densityCellM?: number;
};

export type WorkerStart = { badgeId: string; x: number; y: number };

const REPORT_SAMPLE_S = 5;

/**
 * One evacuation run on a scene — the runtime API the core uses for live alarms and drills:
 * agents start from the workers' RTLS positions, step(dtS) advances simulated time, hazards can be
 * replaced as the cloud moves, snapshot() is what the UI draws, report() the after-action report.
 * Pure and deterministic for a seed (no clock, no I/O), so it runs the same in a worker thread.
 */
export class EvacuationRun {
  readonly engine: EvacuationEngine;
  readonly warnings: string[] = [];
  /** The report's notes by code (deduplicated: hazards are replaced every few seconds). */
  private readonly notes = new Map<string, EvacuationNote>();
  readonly agentIds: string[];
  private readonly gateLines: { id: string; line: [number, number, number, number] }[];
  private readonly observedArrival = new Map<string, { targetId: string; tS: number }>();
  private readonly lastSeen: { x: Float32Array; y: Float32Array; tS: Float32Array };
  private readonly density: EvacuationSnapshot['density'];
  private readonly musterSeries: EvacuationReport['musterCountsOverTime'] = [];
  private maxDensity = { peoplePerM2: 0, x: 0, y: 0, tS: 0 };
  private landmarks: Landmark[] | undefined;
  private nextSampleS = 0;
  private remainderS = 0;
  private hazards: HazardSpec[];
  private readonly threatZone = new ThreatZone();
  /** Per target: 1 while it lies in the threat zone. */
  private readonly threatened: Uint8Array;
  private threatenedGateIds: string[] = [];
  private routesThroughThreat = 0;
  private readonly targetIndexById: Map<string, number>;

  constructor(
    private readonly options: EvacuationRunOptions,
    workers: readonly WorkerStart[],
  ) {
    const { domain, targets, gateLines } = sceneDomain(options.scene, { gatesAsExits: options.gatesAsExits ?? false, cellSizeM: options.cellSizeM, closures: options.closures }, this.warnings);
    this.gateLines = gateLines;
    const seed = options.seed ?? 1;
    const premovement: Distribution = options.premovementS ?? { dist: 'lognormal', median: D.premovement.live.medianS, sigma: D.premovement.live.sigma, max: D.premovement.live.maxS };
    const musters = targets.flatMap((t, k) => (t.kind === 'muster' ? [k] : []));
    const agents: AgentSpec[] = [];
    for (const [index, w] of workers.entries()) {
      let { x, y } = w;
      if (!domain.containsPoint([x, y])) {
        // RTLS fixes land inside equipment footprints or just outside the fence: take the nearest walkable cell.
        const snapped = domain.nearestWalkablePoint(x, y);
        if (!snapped) {
          this.warnings.push(`badge ${w.badgeId} at (${x.toFixed(1)}, ${y.toFixed(1)}) is far from any walkable area; left out of the run`);
          this.note({ code: 'badgeOffSite', badgeId: w.badgeId, x, y, place: this.place(x, y) });
          continue;
        }
        [x, y] = snapped;
      }
      const profile = options.profiles?.[w.badgeId] ?? 'able';
      const rng = new Rng(seed, `agent.${w.badgeId}.${index}`);
      agents.push({
        id: w.badgeId,
        x,
        y,
        radiusM: D.bodyRadiusM,
        freeSpeedMps: sampleDistribution(defaultSpeedDistribution(profile), rng),
        premovementS: sampleDistribution(premovement, rng),
        profile,
        policy: 'model_default',
        // Gates count only when enabled; muster points otherwise (scene mode's destinations).
        preferredTargets: options.gatesAsExits ? [] : musters,
      });
    }
    const bodies = agents.map((a) => ({ x: a.x, y: a.y, radiusM: a.radiusM }));
    separateStartingAgents(bodies, domain);
    bodies.forEach((b, i) => Object.assign(agents[i]!, { x: b.x, y: b.y }));
    this.hazards = (options.hazards ?? []).map((h, i) => this.parseHazard(h, i));
    this.engine = new EvacuationEngine(domain, targets, agents, this.hazards, gateLines, { dtS: options.dtS ?? D.liveDtS, seed });
    this.threatened = new Uint8Array(targets.length);
    this.targetIndexById = new Map(targets.map((t, k) => [t.id, k]));
    this.assessThreat();
    this.warnings.push(...this.engine.warnings);
    agents.forEach((a, i) => {
      if (a.profile === 'injured' && !this.engine.isHelpComing(i)) this.note({ code: 'injuredNoHelper', agentId: a.id, radiusM: D.profiles.injured.assistRadiusM });
    });
    this.agentIds = agents.map((a) => a.id);
    this.lastSeen = { x: Float32Array.from(agents, (a) => a.x), y: Float32Array.from(agents, (a) => a.y), tS: new Float32Array(agents.length) };
    const cell = options.densityCellM ?? 2;
    const f = domain.frame;
    const nx = Math.ceil((f.nx * f.cellSizeM) / cell);
    const ny = Math.ceil((f.ny * f.cellSizeM) / cell);
    this.density = { x0: f.x0, y0: f.y0, cellSizeM: cell, nx, ny, peoplePerM2: new Float32Array(nx * ny) };
    this.sample();
  }

  get tS(): number {
    return this.engine.tS;
  }

  /** Advances simulated time by dtS (whole engine steps; the remainder carries over). */
  step(dtS: number): void {
    const dt = this.engine.options.dtS;
    this.remainderS += dtS;
    let stepped = false;
    while (this.remainderS >= dt - 1e-9) {
      this.engine.step();
      stepped = true;
      this.remainderS -= dt;
      if (this.engine.tS >= this.nextSampleS) this.sample();
    }
    // Hazards may switch on or off with time (tOnS/tOffS windows).
    if (stepped) this.assessThreat();
  }

  /** Replaces the hazards (a new dispersion result). Returns the field rebuild time, ms. */
  setHazards(hazards: HazardInputRaw[]): number {
    this.hazards = hazards.map((h, i) => this.parseHazard(h, i));
    this.engine.setHazards(this.hazards);
    this.assessThreat();
    return this.engine.lastFieldBuildMs;
  }

  /** The latest predicted routes (traced every few seconds): how many cross the threat zone. */
  noteRoutes(routes: EvacuationRoutes): void {
    let through = 0;
    for (let i = 0; i + 1 < routes.agentOffsets.length; i++) {
      for (let p = routes.agentOffsets[i]!; p < routes.agentOffsets[i + 1]!; p++) {
        if (this.threatZone.contains(routes.pointsM[2 * p]!, routes.pointsM[2 * p + 1]!)) {
          through++;
          break;
        }
      }
    }
    this.routesThroughThreat = through;
  }

  /**
   * Which muster points and gates the threat zone covers, and the re-route: while at least one
   * target is outside the zone, the engine closes the ones inside it (people heading there choose
   * again; people standing at a gassed muster point set off for a safe one). When every target is in
   * the zone nothing can be re-routed: all stay open and the advice is to shelter in place.
   */
  private assessThreat(): void {
    const e = this.engine;
    this.threatZone.update(this.hazards, e.tS);
    e.targets.forEach((t, k) => {
      const inZone = t.kind === 'muster' ? this.threatZone.touchesDisc(t.x, t.y, t.radiusM) : this.threatZone.touchesLine(e.domain.openings[t.openingIndex]!.line);
      this.threatened[k] = inZone ? 1 : 0;
    });
    this.threatenedGateIds = this.gateLines.filter((g) => this.threatZone.touchesLine(g.line)).map((g) => g.id);
    const anySafe = this.threatened.some((v) => v === 0);
    for (let k = 0; k < e.targets.length; k++) e.setTargetBlocked(k, anySafe && this.threatened[k] === 1);
  }

  private threat(): EvacuationThreat {
    const musters = this.engine.targets.flatMap((t, k) => (t.kind === 'muster' ? [{ id: t.id, threatened: this.threatened[k] === 1 }] : []));
    const musterIds = musters.filter((m) => m.threatened).map((m) => m.id);
    const safeMusterIds = musters.filter((m) => !m.threatened).map((m) => m.id);
    const anyThreat = musterIds.length > 0 || this.threatenedGateIds.length > 0 || this.threatened.some((v) => v === 1);
    return {
      level: this.threatZone.level,
      musterIds,
      gateIds: [...new Set([...this.threatenedGateIds, ...this.engine.targets.filter((t, k) => t.kind === 'exit' && this.threatened[k] === 1).map((t) => t.id)])],
      agentsOnRoutesThroughThreat: this.routesThroughThreat,
      advice: musterIds.length > 0 && safeMusterIds.length === 0 ? 'shelter' : anyThreat ? 'reroute' : 'none',
      safeMusterIds,
    };
  }

  /**
   * Accounted for — the one definition of the board, the header and the report: live, a badge
   * registered at a muster point outside the threat zone; drill, an agent arrived at a target
   * outside it. `registeredAt` is that target (or the gassed one), −1 when none.
   */
  private accounting(): { accounted: Uint8Array<ArrayBuffer>; registeredAt: Int16Array<ArrayBuffer>; count: number } {
    const e = this.engine;
    const accounted = new Uint8Array(e.count);
    const registeredAt = new Int16Array(e.count).fill(-1);
    let count = 0;
    for (let i = 0; i < e.count; i++) {
      const k = this.options.mode === 'live' ? this.targetIndexById.get(this.observedArrival.get(this.agentIds[i]!)?.targetId ?? '') ?? -1 : e.state[i] === AGENT_STATE.arrived ? e.arrivalTarget[i]! : -1;
      registeredAt[i] = k;
      if (k >= 0 && this.threatened[k] === 0) {
        accounted[i] = 1;
        count++;
      }
    }
    return { accounted, registeredAt, count };
  }

  /** A real badge registered at a muster point (live runs): counted against the prediction. */
  observeArrival(badgeId: string, targetId: string, tS: number): void {
    this.observedArrival.set(badgeId, { targetId, tS });
  }

  /** A live RTLS fix after the start: the last-seen place of anyone later missing. */
  observePosition(badgeId: string, x: number, y: number, tS: number): void {
    const i = this.agentIds.indexOf(badgeId);
    if (i < 0) return;
    this.lastSeen.x[i] = x;
    this.lastSeen.y[i] = y;
    this.lastSeen.tS[i] = tS;
  }

  snapshot(): EvacuationSnapshot {
    const e = this.engine;
    const positions = new Float32Array(e.count * 2);
    const { accounted, registeredAt, count } = this.accounting();
    const counts = { total: e.count, waiting: 0, moving: 0, arrived: 0, awaitingHelp: 0, noRoute: 0, accounted: count };
    for (let i = 0; i < e.count; i++) {
      positions[2 * i] = e.x[i]!;
      positions[2 * i + 1] = e.y[i]!;
      counts[EVACUATION_AGENT_STATES[e.state[i]!]!]++;
    }
    this.fillDensity();
    return {
      runId: this.options.runId,
      mode: this.options.mode,
      ...(this.options.label !== undefined ? { label: this.options.label } : {}),
      tS: e.tS,
      agentIds: this.agentIds,
      positionsM: positions,
      states: Uint8Array.from(e.state),
      targetIndex: Int16Array.from(e.target),
      predictedArrivalS: Float32Array.from(e.predictedArrivalS),
      accounted,
      registeredAt,
      targets: this.targetStatus(),
      threat: this.threat(),
      gateCrossings: this.gateLines.map((g, l) => ({ id: g.id, count: e.crossings.filter((c) => c.lineIndex === l).length })),
      density: { ...this.density, peoplePerM2: Float32Array.from(this.density.peoplePerM2) },
      counts,
      fieldRebuildMs: e.lastFieldBuildMs,
    };
  }

  report(): EvacuationReport {
    const e = this.engine;
    this.sample();
    const arrivals = [...e.arrivalS].filter((t) => t >= 0).sort((a, b) => a - b);
    const n95 = Math.ceil(0.95 * e.count);
    const live = this.options.mode === 'live';
    const { accounted, registeredAt, count } = this.accounting();
    const missing: EvacuationReport['missing'] = [];
    for (let i = 0; i < e.count; i++) {
      if (accounted[i]) continue;
      const at = registeredAt[i]!;
      const lastSeenX = live ? this.lastSeen.x[i]! : e.x[i]!;
      const lastSeenY = live ? this.lastSeen.y[i]! : e.y[i]!;
      missing.push({
        agentId: this.agentIds[i]!,
        lastSeenX,
        lastSeenY,
        lastSeenS: live ? this.lastSeen.tS[i]! : e.tS,
        lastSeenPlace: this.place(lastSeenX, lastSeenY),
        state: EVACUATION_AGENT_STATES[e.state[i]!]!,
        ...(at >= 0 ? { atThreatenedTargetId: e.targets[at]!.id } : {}),
      });
    }
    const ex = e.exposure;
    const groups = ex.groups.length;
    const exposure: EvacuationReport['exposure'] = [];
    for (let i = 0; i < e.count; i++) {
      ex.groups.forEach((g, k) => {
        const load = ex.toxicLoad[i * groups + k]!;
        if (load <= 0) return;
        exposure.push({
          agentId: this.agentIds[i]!,
          substance: g.substance,
          toxicLoad: load,
          slotFraction: g.slotToxicLoad ? load / g.slotToxicLoad : null,
          slodFraction: g.slodToxicLoad ? load / g.slodToxicLoad : null,
          peakPpm: ex.peakPpm[i * groups + k]!,
          timeInHazardS: ex.exposedS[i]!,
        });
      });
    }
    exposure.sort((a, b) => (b.slotFraction ?? b.toxicLoad) - (a.slotFraction ?? a.toxicLoad));
    const exposureSummary = ex.groups.map((g, k) => {
      let exposed = 0;
      let slot = 0;
      let slod = 0;
      for (let i = 0; i < e.count; i++) {
        const load = ex.toxicLoad[i * groups + k]!;
        if (load > 0) exposed++;
        if (g.slotToxicLoad && load >= g.slotToxicLoad) slot++;
        if (g.slodToxicLoad && load >= g.slodToxicLoad) slod++;
      }
      return { substance: g.substance, exponent: g.exponent, agentsExposed: exposed, agentsAboveSlot: g.slotToxicLoad ? slot : null, agentsAboveSlod: g.slodToxicLoad ? slod : null };
    });
    return {
      runId: this.options.runId,
      mode: this.options.mode,
      ...(this.options.label !== undefined ? { label: this.options.label } : {}),
      siteName: this.options.scene.site.name.en,
      names: {
        site: this.options.scene.site.name,
        targets: this.targetNames(),
        substances: Object.fromEntries(this.options.scene.substances.map((s) => [s.id, s.name])),
        areas: Object.fromEntries(this.options.scene.areas.map((a) => [a.id, a.name])),
        ...(this.options.labelNames ? { label: this.options.labelNames } : {}),
      },
      endedAtS: e.tS,
      agents: e.count,
      arrived: arrivals.length,
      accounted: count,
      threat: this.threat(),
      totalTimeS: arrivals.length === e.count && e.count > 0 ? arrivals[arrivals.length - 1]! : null,
      timeTo95PctS: e.count > 0 && arrivals.length >= n95 ? arrivals[n95 - 1]! : null,
      musterCountsOverTime: this.musterSeries,
      targets: this.targetStatus(),
      gateFlows: this.gateLines.map((g, l) => {
        const times = e.crossings.filter((c) => c.lineIndex === l).map((c) => c.tS);
        let peak = 0;
        for (let a = 0, b = 0; b < times.length; b++) {
          while (times[b]! - times[a]! > 60) a++;
          peak = Math.max(peak, b - a + 1);
        }
        return { id: g.id, crossings: times.length, peakPersonsPerMin: peak };
      }),
      maxDensity: { ...this.maxDensity, place: this.place(this.maxDensity.x, this.maxDensity.y) },
      exposure,
      exposureSummary,
      missing,
      warnings: this.warnings,
      notes: [...this.notes.values()],
    };
  }

  /** Nothing to release (no timers, workers or buffers outside the GC), but the core calls it. */
  dispose(): void {
    this.observedArrival.clear();
  }

  private parseHazard(h: HazardInputRaw, i: number) {
    const parsed = HazardInputSchema.safeParse(h);
    if (!parsed.success) throw new EvacuationInputError(`hazards[${i}]`, formatZodError(parsed.error));
    const warnings: string[] = [];
    const spec = toHazardSpec(parsed.data, `hazards[${i}]`, warnings);
    // The live cloud is replaced every few seconds: each warning once, not once per replacement.
    for (const w of warnings) if (!this.warnings.includes(w)) this.warnings.push(w);
    if (warnings.length > 0 && spec.kind === 'toxic_gas') this.note({ code: 'noToxicLoadData', substance: spec.substance });
    return spec;
  }

  private note(note: EvacuationNote): void {
    this.notes.set(JSON.stringify(note), note);
  }

  private targetStatus(): EvacuationTargetStatus[] {
    const e = this.engine;
    const observed = new Map<string, number>();
    for (const { targetId } of this.observedArrival.values()) observed.set(targetId, (observed.get(targetId) ?? 0) + 1);
    return e.targets.map((t, k) => {
      let assigned = 0;
      let arrived = 0;
      for (let i = 0; i < e.count; i++) {
        if (e.state[i] === AGENT_STATE.arrived) arrived += e.arrivalTarget[i] === k ? 1 : 0;
        else if (e.target[i] === k) assigned++;
      }
      return {
        id: t.id,
        kind: t.kind,
        assigned,
        arrived,
        observedArrived: observed.get(t.id) ?? 0,
        threatened: this.threatened[k] === 1,
        ...(t.kind === 'muster' && t.capacityPersons ? { capacityPersons: t.capacityPersons } : {}),
      };
    });
  }

  /** A plant point as area and nearest landmark (the report words it; issue 12.2: never raw coordinates). The scene's landmarks listed once per run. */
  private place(x: number, y: number): PositionDescription {
    this.landmarks ??= landmarksOf(this.options.scene);
    return describePosition(this.options.scene, x, y, this.landmarks);
  }

  private targetNames(): Record<string, LocalizedText> {
    const { scene } = this.options;
    const names: Record<string, LocalizedText> = {};
    for (const t of this.engine.targets) names[t.id] = (scene.musterPoints.find((m) => m.id === t.id) ?? scene.exits.find((g) => g.id === t.id))?.name ?? { en: t.id };
    for (const g of this.gateLines) names[g.id] ??= scene.exits.find((x) => x.id === g.id)?.name ?? { en: g.id };
    return names;
  }

  /** Muster counts for the report, and the maximum density (people/m² over densityCellM cells). */
  private sample(): void {
    const e = this.engine;
    this.nextSampleS = e.tS + REPORT_SAMPLE_S;
    const counts: Record<string, number> = {};
    e.targets.forEach((t) => (counts[t.id] = 0));
    for (let i = 0; i < e.count; i++) if (e.arrivalTarget[i]! >= 0) counts[e.targets[e.arrivalTarget[i]!]!.id]!++;
    this.musterSeries.push({ tS: e.tS, counts });
    this.fillDensity();
    const d = this.density;
    for (let c = 0; c < d.peoplePerM2.length; c++) {
      if (d.peoplePerM2[c]! > this.maxDensity.peoplePerM2) {
        this.maxDensity = { peoplePerM2: d.peoplePerM2[c]!, x: d.x0 + ((c % d.nx) + 0.5) * d.cellSizeM, y: d.y0 + (Math.floor(c / d.nx) + 0.5) * d.cellSizeM, tS: e.tS };
      }
    }
  }

  private fillDensity(): void {
    const e = this.engine;
    const d = this.density;
    d.peoplePerM2.fill(0);
    const perPerson = 1 / (d.cellSizeM * d.cellSizeM);
    for (let i = 0; i < e.count; i++) {
      if (e.state[i] === AGENT_STATE.arrived) continue;
      const ci = Math.floor((e.x[i]! - d.x0) / d.cellSizeM);
      const cj = Math.floor((e.y[i]! - d.y0) / d.cellSizeM);
      if (ci >= 0 && cj >= 0 && ci < d.nx && cj < d.ny) d.peoplePerM2[cj * d.nx + ci]! += perPerson;
    }
  }
}
